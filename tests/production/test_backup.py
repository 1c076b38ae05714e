"""Backup and restore (deploy/backup.sh, deploy/restore.sh) once, into a fresh database and a
fresh folder: every row of every table and every file comes back the same.

PostgreSQL only (pg_dump is the production backup); runs when PORTAL_TEST_DATABASE_URL is
set, as in CI. The restored database is made beside the test database and dropped after.
"""

import hashlib
import io
import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select, text
from sqlalchemy.engine import make_url

from portal import create_app
from portal.db import make_engine
from tests.conftest import app_settings, empty_tables
from tests.html import csrf_token, parse
from tests.views import apply_journey

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4 kontrakt " + bytes(range(256)) * 40
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20


@pytest.fixture
def postgres_url(database_url) -> str:
    if not database_url.startswith("postgresql"):
        pytest.skip("pg_dump backs up PostgreSQL, the production database")
    return database_url


@pytest.fixture
def restored_url(postgres_url):
    url = make_url(postgres_url)
    restored = url.set(database=f"{url.database}_restored")
    server = make_engine(url.render_as_string(hide_password=False))
    with server.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{restored.database}"'))
        connection.execute(text(f'CREATE DATABASE "{restored.database}"'))
    yield restored.render_as_string(hide_password=False)
    with server.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{restored.database}" WITH (FORCE)'))
    server.dispose()


def send_application_with_files(app) -> None:
    client = app.test_client()
    token = apply_journey.fill_in_everything(client)
    for name, content in (("kontrakt.pdf", PDF), ("lønn.png", PNG)):
        client.post(
            "/nb/apply/attachments",
            data={
                "csrf_token": token,
                "kind": "income",
                "upload": "1",
                "file": (io.BytesIO(content), name),
            },
            content_type="multipart/form-data",
        )
    assert apply_journey.submit(client, token).status_code == 302
    feedback_token = csrf_token(parse(client.get("/nb/feedback")))
    client.post("/nb/feedback", data={"csrf_token": feedback_token, "page": "/nb/",
                                      "found_what_they_needed": "yes"})  # fmt: skip


def every_row(url: str) -> dict[str, list]:
    engine = make_engine(url)
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        rows = {
            name: sorted(map(tuple, connection.execute(select(table)).all()), key=repr)
            for name, table in metadata.tables.items()
        }
    engine.dispose()
    return rows


def every_file(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


def run(script: str, url: str, folder: Path, *args: str) -> str:
    env = {**os.environ, "PORTAL_DATABASE_URL": url, "PORTAL_ATTACHMENT_DIRECTORY": str(folder)}
    done = subprocess.run(  # noqa: S603 (our own scripts, fixed arguments)
        ["/bin/bash", str(ROOT / "deploy" / script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def test_a_backup_restores_every_row_and_every_file(postgres_url, restored_url, tmp_path):
    files = tmp_path / "attachments"
    app = create_app(app_settings(postgres_url, ATTACHMENT_DIRECTORY=str(files)))
    send_application_with_files(app)
    restored_files = tmp_path / "restored-attachments"

    backup = run("backup.sh", postgres_url, files, str(tmp_path / "backups"))
    run("restore.sh", restored_url, restored_files, backup)

    original, copy = every_row(postgres_url), every_row(restored_url)
    assert copy == original
    assert len(original["cases"]) == 1 and len(original["attachments"]) == 2
    assert every_file(restored_files) == every_file(files)
    assert len(every_file(files)) == 2
    assert restored_files.stat().st_mode & 0o077 == 0
    empty_tables(make_engine(postgres_url))


def test_a_restore_refuses_a_database_that_is_not_empty(postgres_url, tmp_path):
    files = tmp_path / "attachments"
    backup = run("backup.sh", postgres_url, files, str(tmp_path / "backups"))

    with pytest.raises(subprocess.CalledProcessError) as refused:
        run("restore.sh", postgres_url, tmp_path / "elsewhere", backup)

    assert "already has" in refused.value.stderr

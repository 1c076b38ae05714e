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
from portal.db import db, make_engine, utcnow
from portal.media import media_directory
from portal.services.information import images
from tests import images as pictures
from tests.casework import actor_for
from tests.conftest import app_settings, empty_tables
from tests.factories import make_page
from tests.html import csrf_token, parse
from tests.staff import make_staff
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
    """`folder` holds the attachments; the page pictures are in its sibling `<folder>-media`."""
    env = {
        **os.environ,
        "PORTAL_DATABASE_URL": url,
        "PORTAL_ATTACHMENT_DIRECTORY": str(folder),
        "PORTAL_MEDIA_DIRECTORY": f"{folder}-media",
    }
    done = subprocess.run(  # noqa: S603 (our own scripts, fixed arguments)
        ["/bin/bash", str(ROOT / "deploy" / script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def put_a_picture_on_a_page(app) -> None:
    with app.app_context():
        page = make_page(db.session, body="Tekst.")
        editor = actor_for(make_staff(db.session, "editor"))
        images.add_to_page(
            db.session, media_directory(), page.id, pictures.photo(), alt_text="Rådhuset",
            is_decorative=False, actor=editor, now=utcnow(),
        )  # fmt: skip


def test_a_backup_restores_every_row_every_file_and_every_picture(
    postgres_url, restored_url, tmp_path
):
    files = tmp_path / "attachments"
    media = tmp_path / "attachments-media"
    app = create_app(
        app_settings(postgres_url, ATTACHMENT_DIRECTORY=str(files), MEDIA_DIRECTORY=str(media))
    )
    send_application_with_files(app)
    put_a_picture_on_a_page(app)
    restored_files = tmp_path / "restored-attachments"
    restored_media = tmp_path / "restored-attachments-media"

    backup = run("backup.sh", postgres_url, files, str(tmp_path / "backups"))
    run("restore.sh", restored_url, restored_files, backup)

    original, copy = every_row(postgres_url), every_row(restored_url)
    assert copy == original
    assert len(original["cases"]) == 1 and len(original["attachments"]) == 2
    assert every_file(restored_files) == every_file(files)
    assert len(every_file(files)) == 2
    assert every_file(restored_media) == every_file(media)
    assert len(every_file(media)) >= 1 and len(original["images"]) == 1
    assert restored_files.stat().st_mode & 0o077 == 0
    assert restored_media.stat().st_mode & 0o077 == 0
    empty_tables(make_engine(postgres_url))


def test_a_restore_refuses_a_database_that_is_not_empty(postgres_url, tmp_path):
    files = tmp_path / "attachments"
    backup = run("backup.sh", postgres_url, files, str(tmp_path / "backups"))

    with pytest.raises(subprocess.CalledProcessError) as refused:
        run("restore.sh", postgres_url, tmp_path / "elsewhere", backup)

    assert "already has" in refused.value.stderr

"""Fixtures every test uses: a migrated database, the app, a client, a live server.

The whole suite runs on SQLite; it runs again on PostgreSQL when
PORTAL_TEST_DATABASE_URL is set (`.ci/run` sets it).
"""

import ipaddress
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.serving import make_server

import portal.models  # noqa: F401  (registers every table)
from portal import create_app
from portal.cli import alembic_config
from portal.db import Base, make_engine
from portal.services.staff import passwords

# Where tests' apps write files; removed with the machine's temporary files.
SCRATCH = Path(tempfile.mkdtemp(prefix="portal-tests-"))
DATABASES = ["sqlite"] + (["postgresql"] if os.environ.get("PORTAL_TEST_DATABASE_URL") else [])


def empty_tables(engine: Engine) -> None:
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # The audit log refuses deletes (a trigger); the suite's owner may switch
            # triggers off for its own clean-up, as no part of the portal can.
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        connection.execute(text("DELETE FROM page_search"))
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture(scope="session", params=DATABASES)
def database_url(request, tmp_path_factory) -> str:
    """A database migrated to head, fresh for this test session."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'portal.sqlite'}"
    else:
        url = os.environ["PORTAL_TEST_DATABASE_URL"]
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "head")
    engine.dispose()
    return url


@pytest.fixture(autouse=True)
def fast_password_hashing() -> Iterator[None]:
    """Service tests hash without an app: give them the cheap profile too. Before every
    test, because building an app with production's settings switches the process to the
    standard profile, and tests do not run in file order."""
    passwords.use_profile("fast")
    yield
    passwords.use_profile("fast")


@pytest.fixture(scope="session")
def engine(database_url) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    """A database session for service tests: no app, no HTTP."""
    session = sessionmaker(bind=engine, expire_on_commit=False)()
    yield session
    session.close()
    empty_tables(engine)


def db_engine(app) -> Engine:
    from portal.db import db

    return db.engine_for(app)


def app_settings(database_url: str, **overrides) -> dict:
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        "RATELIMIT_STORAGE_URI": "memory://",
        # argon2 with production costs would make the suite take minutes.
        "PASSWORD_HASH_PROFILE": "fast",
        # Files residents send, and messages written out: never in the project's instance/.
        "ATTACHMENT_DIRECTORY": str(SCRATCH / "attachments"),
        "MEDIA_DIRECTORY": str(SCRATCH / "media"),
        "OUTBOX_DIRECTORY": str(SCRATCH / "outbox"),
        **overrides,
    }


@pytest.fixture
def app(database_url):
    app = create_app(app_settings(database_url))
    yield app
    from portal.db import db

    empty_tables(db.engine_for(app))
    db.engine_for(app).dispose()


@pytest.fixture
def data(app) -> Iterator[Session]:
    """A session of the test's own on the app's database, to seed and read back.

    No app context is pushed: one left open would make the test client share `g`
    (and Flask-Login's cached user) across requests.
    """
    session = sessionmaker(bind=db_engine(app), expire_on_commit=False)()
    yield session
    session.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def live_server(database_url) -> Iterator[str]:
    """The real app on a free loopback port, serving the test session's database.

    The browser tests together sign staff in and start applications far more often from
    one address than a person would, so this app's limits are wide; tests/views and
    tests/security check the real ones.
    (RATELIMIT_ENABLED would switch the shared limiter off for every app in the process.)
    """
    app = create_app(
        app_settings(
            database_url,
            STAFF_SIGN_IN_RATE_LIMIT="1000 per minute",
            # Every browser test comes from 127.0.0.1, like a town hall's shared address:
            # a day's room, as such an address gets in production (portal/rate_limits.py).
            SHARED_ADDRESSES=[ipaddress.ip_network("127.0.0.0/8")],
        )
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def live_app_data(live_server, engine) -> Iterator[Session]:
    """A session on the live server's database, emptied after the test."""
    session = sessionmaker(bind=engine, expire_on_commit=False)()
    yield session
    session.close()
    empty_tables(engine)

"""The portal as it runs in production: gunicorn (deploy/gunicorn.conf.py), Redis, the
test session's database, demo content and guidance times, behind one (pretend) proxy."""

from collections.abc import Iterator

import pytest
import redis
from sqlalchemy.orm import sessionmaker

from portal import demo
from portal.db import make_engine, utcnow
from tests.conftest import empty_tables
from tests.servers import Gunicorn, production_environment

REDIS_URL = "redis://127.0.0.1:6379/11"


@pytest.fixture
def seeded(database_url, tmp_path_factory) -> Iterator[str]:
    engine = make_engine(database_url)
    demo.seed_by_url(database_url, files=tmp_path_factory.mktemp("letters"), now=utcnow())
    yield database_url
    empty_tables(engine)
    engine.dispose()


@pytest.fixture
def production_env(seeded, tmp_path) -> dict:
    redis.Redis.from_url(REDIS_URL).flushdb()
    yield production_environment(
        seeded,
        REDIS_URL,
        PORTAL_PROXY_COUNT="1",
        PORTAL_ATTACHMENT_DIRECTORY=str(tmp_path / "attachments"),
        PORTAL_PASSWORD_HASH_PROFILE="fast",
    )
    redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.fixture
def server(production_env, tmp_path) -> Iterator[Gunicorn]:
    running = Gunicorn(production_env, tmp_path / "gunicorn.log").start()
    yield running
    running.stop()


@pytest.fixture
def data_session(seeded):
    engine = make_engine(seeded)
    session = sessionmaker(bind=engine, expire_on_commit=False)()
    yield session
    session.close()
    engine.dispose()

"""Limits hold across worker processes: gunicorn with two workers, counted in Redis.

With the in-process default, each worker counts on its own, so "20 per 10 minutes"
let 35 of 45 sign-ins through. Production refuses to start without shared storage
(tests/unit/test_config.py); this test shows the shared storage doing its job.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
from alembic import command

from portal.cli import alembic_config
from portal.db import make_engine

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/14"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def two_workers(tmp_path):
    """gunicorn, two worker processes, a migrated SQLite database and Redis for the limits."""
    redis.Redis.from_url(REDIS_URL).flushdb()
    database = f"sqlite:///{tmp_path / 'portal.sqlite'}"
    engine = make_engine(database)
    command.upgrade(alembic_config(engine), "head")
    engine.dispose()
    port = free_port()
    env = {
        **os.environ,
        "PORTAL_ENV": "production",
        "PORTAL_SECRET_KEY": "w" * 64,
        "PORTAL_DATABASE_URL": database,
        "PORTAL_RATELIMIT_STORAGE_URL": REDIS_URL,
        "PORTAL_PAGE_CACHE_URL": REDIS_URL,
        # The real cost of a password check keeps each worker busy long enough
        # that the requests spread over both (with the cheap profile one worker
        # answers them all, and the test would prove nothing).
        "PORTAL_PASSWORD_HASH_PROFILE": "standard",
        "PORTAL_STAFF_SIGN_IN_RATE_LIMIT": "20 per 10 minutes",
        "PORTAL_SECURE_COOKIES": "off",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [str(gunicorn), "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)  # noqa: S310 (loopback)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        redis.Redis.from_url(REDIS_URL).flushdb()


def test_twenty_sign_ins_per_ten_minutes_means_twenty_with_two_workers(two_workers):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = opener.open(f"{two_workers}/admin/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login)
    token = token or re.search(r'name="csrf_token" value="([^"]+)"', login)
    body = urllib.parse.urlencode(
        {"csrf_token": token.group(1), "email": "ingen@eksempel.no", "password": "feil"}
    ).encode()

    def sign_in(_number: int) -> int:
        try:
            return opener.open(f"{two_workers}/admin/login", data=body, timeout=10).status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(sign_in, range(45)))

    assert statuses.count(200) == 20, statuses
    assert statuses.count(429) == 25

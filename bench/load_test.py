"""Load test: 200 simulated residents for 60 seconds against gunicorn, then count what was kept.

Each resident has a browser of its own and an address of its own (behind one proxy), and
mixes reading pages, applying for a home, booking guidance and following their cases
(tests/residents.py). The portal runs as in production: gunicorn with
deploy/gunicorn.conf.py, PORTAL_ENV=production, Redis for limits and pages, and the database
given (a fresh SQLite file by default; --postgres URL to use PostgreSQL, whose public schema
is replaced). Loopback only; it stops by itself.

    .venv/bin/python bench/load_test.py [--residents 200] [--seconds 60] [--postgres URL]

Passes when no answer was a 5xx and every receipt shown is in the database with its case,
its first timeline line and its outbox message.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

import redis
from alembic import command
from sqlalchemy import func, select, text
from sqlalchemy.orm import sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal import demo
from portal.cli import alembic_config
from portal.db import make_engine, utcnow
from portal.models import Case, OutboxMessage
from portal.services.staff import passwords
from tests.residents import lost_receipts, run_crowd
from tests.servers import Gunicorn, production_environment

REDIS_URL = "redis://127.0.0.1:6379/12"


def prepare(url: str, *, replace_schema: bool):
    engine = make_engine(url)
    if replace_schema:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"))
    command.upgrade(alembic_config(engine), "head")
    passwords.use_profile("fast")
    demo.seed_by_url(url, files=Path(tempfile.mkdtemp(prefix="load-letters-")), now=utcnow())
    return engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose public schema may be replaced")
    args = parser.parse_args()
    redis.Redis.from_url(REDIS_URL).flushdb()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.postgres or f"sqlite:///{tmp}/load.sqlite"
        engine = prepare(url, replace_schema=bool(args.postgres))
        env = production_environment(
            url, REDIS_URL, PORTAL_PROXY_COUNT="1", PORTAL_ATTACHMENT_DIRECTORY=f"{tmp}/files"
        )
        server = Gunicorn(env, Path(tmp) / "gunicorn.log").start()
        try:
            started = time.monotonic()
            tally = run_crowd(server.base, args.residents, args.seconds)
            elapsed = time.monotonic() - started
        finally:
            server.stop()
        with sessionmaker(bind=engine)() as session:
            lost = lost_receipts(session, tally)
            stored_cases = session.scalar(select(func.count()).select_from(Case))
            messages = session.scalar(select(func.count()).select_from(OutboxMessage))
        engine.dispose()
    redis.Redis.from_url(REDIS_URL).flushdb()
    print(
        f"{args.residents} residents for {args.seconds:.0f} s ({elapsed:.1f} s with the last journeys), "
        f"{'PostgreSQL' if args.postgres else 'SQLite'}:"
    )
    print(f"  {tally.summary()}")
    print(
        f"  {tally.requests / elapsed:.0f} requests per second; 5xx answers: {tally.server_errors}"
    )
    print(
        f"  in the database: {stored_cases} cases, {messages} outbox messages; "
        f"receipts not found with their case, first event and message: {len(lost)}"
    )
    for line in lost[:10]:
        print(f"    {line}")
    if tally.server_errors or lost:
        sys.exit(1)


if __name__ == "__main__":
    main()

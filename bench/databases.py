"""Running a benchmark on SQLite and, when given one, on a PostgreSQL database."""

import argparse
import tempfile
from collections.abc import Callable

from sqlalchemy import text

from portal import create_app
from portal.db import db


def on_each_database(description: str, run: Callable[[str, str], None]) -> None:
    """`run(name, url)` on a fresh SQLite file, then on --postgres URL with its schema emptied."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose public schema may be replaced")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", f"sqlite:///{tmp}/bench.sqlite")
    if args.postgres:
        app = create_app({"DATABASE_URL": args.postgres, "SECRET_KEY": "bench"})
        with app.app_context(), db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        run("PostgreSQL", args.postgres)

"""Benchmark: matching and the ending-tenancies list with 100,000 cases, 2,000 dwellings and
10,000 tenancies.

    .venv/bin/python bench/allocation.py [--postgres URL] [--cases 100000] [--requests 20]

Targets (issue 14): matching for one dwelling ≤ 100 ms, the ending-tenancies list ≤ 50 ms,
on SQLite and PostgreSQL. Prints the median of each service call and of each whole page
(in-process, Flask's test client, a signed-in caseworker: the server's own time). The data
is bench/year_statistics.py's, with the current tenancies' last days spread over three years
as three-year contracts are, and the households waiting given the plan's groups and areas.
"""

import argparse
import random
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alembic import command
from sqlalchemy import func, select, update

from bench.casework import sign_in_as
from bench.databases import on_each_database
from bench.year_statistics import median_ms, seed
from portal import create_app
from portal.cli import alembic_config
from portal.db import db, utcnow
from portal.models import Dwelling, HousingNeed, Tenancy
from portal.models.housing import NeedStatus
from portal.services.housing import matching, tenancies

AREAS = ("sentrum", "eigerøy", "hellvik", "helleland", "")
# The ending list is read as of today, as the page reads it.
TODAY = utcnow().date()


def spread(app) -> tuple[int, int]:
    """Current tenancies end on any day of the three years from today (some a little overdue);
    waiting households get groups and areas. Returns (a vacant dwelling, waiting count)."""
    rng = random.Random(4)
    with app.app_context():
        session = db.session
        current = session.scalars(select(Tenancy.id).where(Tenancy.ended_on.is_(None))).all()
        session.execute(
            update(Tenancy),
            [
                {"id": tid, "ends_on": TODAY + timedelta(days=rng.randint(-30, 3 * 365))}
                for tid in current
            ],
        )
        waiting = session.scalars(
            select(HousingNeed.id).where(HousingNeed.status == NeedStatus.WAITING)
        ).all()
        session.execute(
            update(HousingNeed),
            [
                {
                    "id": nid,
                    "group_bits": rng.choice((0, 0, 1, 2, 4, 8, 9)),
                    "areas": rng.choice(AREAS),
                    "step_free": rng.random() < 0.15,
                    "priority": rng.randint(0, 3),
                }
                for nid in waiting
            ],
        )
        session.commit()
        vacant = session.scalar(
            select(Dwelling.id).where(Dwelling.status == "vacant", Dwelling.bedrooms >= 2)
        )
        ending = session.scalar(
            select(func.count())
            .select_from(Tenancy)
            .where(Tenancy.ended_on.is_(None), Tenancy.ends_on <= TODAY + timedelta(183))
        )
        print(
            f"  {len(waiting):,} households waiting, {ending:,} tenancies ending within six months"
        )
        return vacant, len(waiting)


def run(name: str, url: str, cases: int, requests: int) -> None:
    print(f"{name}:")
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "bench" * 8, "PASSWORD_HASH_PROFILE": "fast"}
    )
    command.upgrade(alembic_config(db.engine_for(app)), "head")
    secret = seed(app, cases)
    dwelling_id, _ = spread(app)
    client = app.test_client()
    sign_in_as(client, secret)

    def matching_call():
        with app.app_context():
            found = matching.applicants_for(db.session, db.session.get(Dwelling, dwelling_id))
            assert found.fitting

    def ending_call():
        with app.app_context():
            assert tenancies.ending_soon(db.session, now=utcnow()).tenancies

    def page(path):
        def get():
            assert client.get(path).status_code == 200, path

        return get

    for label, action, target in (
        ("matching one dwelling (service call)", matching_call, 100),
        ("the dwelling's page with its matches", page(f"/admin/dwellings/{dwelling_id}"), 100),
        ("the ending list (service call)", ending_call, 50),
        ("the ending-tenancies page", page("/admin/tenancies/ending"), 50),
    ):
        print(f"  {label:38} median {median_ms(action, requests):6.1f} ms  (target ≤ {target} ms)")
    db.engine_for(app).dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--postgres")
    args, rest = parser.parse_known_args()
    sys.argv = [sys.argv[0], *rest] + (["--postgres", args.postgres] if args.postgres else [])
    on_each_database(__doc__.splitlines()[0], lambda n, u: run(n, u, args.cases, args.requests))

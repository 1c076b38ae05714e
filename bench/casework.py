"""Benchmark: the case queue and a case page with 100,000 cases and 1,000,000 events, and the
time to draw a decision letter (PDF).

    .venv/bin/python bench/casework.py [--postgres URL] [--cases 100000] [--requests 30]

Targets (issue 13): the queue's first page and a deep page ≤ 50 ms median, a case page
≤ 30 ms, on SQLite and PostgreSQL; the queries per page do not grow with the rows shown;
a decision letter in ≤ 500 ms. Pages are requested in-process (Flask's test client) by a
signed-in caseworker, so the figures are the server's own time.
"""

import argparse
import random
import re
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyotp
from alembic import command
from sqlalchemy import event, func, insert, select, text

from bench.databases import on_each_database
from bench.staff import PASSWORD, enrolled_staff
from portal import create_app
from portal.cli import alembic_config
from portal.db import db
from portal.models import Application, Case, CaseEvent, Decision
from portal.services.casework import access_codes, decisions, teams
from portal.services.casework.queue import Cursor
from tests.unit.test_applications_service import CHECKED

STATUSES = ["closed"] * 7 + ["decided", "received", "in_review", "waiting_for_resident"]
KINDS = ["application", "application", "booking", "callback"]
NOW = datetime(2027, 3, 1, 12, tzinfo=UTC)


def enrolled_caseworker():
    """The benchmarks' signed-in caseworker, with a second factor (sign_in_as signs in)."""
    person = enrolled_staff(
        db.session, email="sara@bench.no", name="Sara Saksbehandler", roles=["caseworker"], now=NOW
    )
    db.session.commit()
    return person


def seed(app, cases: int) -> tuple[str, str]:
    """`cases` cases (about a third open) with ten events each; returns (secret, reference)."""
    rng = random.Random(13)
    with app.app_context():
        admin = enrolled_caseworker()
        team_ids = [team.id for team in teams.ensure_plan_teams(db.session)]
        code_hash = access_codes.hash_code("ABCD-EFGH")
        engine = db.engine
        started = time.perf_counter()
        batch = 5000
        for first in range(0, cases, batch):
            rows = []
            for number in range(first, min(first + batch, cases)):
                created = NOW - timedelta(minutes=number * 7)
                status = rng.choice(STATUSES)
                flags = rng.choice((0, 0, 0, 1, 4, 5, 64))
                rows.append(
                    {
                        "id": number + 1,
                        "reference": _reference(number),
                        "code_hash": code_hash,
                        "kind": rng.choice(KINDS),
                        "status": status,
                        "language": "nb",
                        "name": f"Person {number}",
                        "search_name": f"person {number}",
                        "phone": "91234567",
                        "email": "",
                        "topic": "kommunal_bolig",
                        "team_id": rng.choice([None, *team_ids]),
                        "assignee_id": admin.id if number % 5 == 0 else None,
                        "flag_bits": flags,
                        "priority": bin(flags).count("1"),
                        "version": 1,
                        "has_new_reply": number % 50 == 0,
                        "created_at": created,
                        "updated_at": created,
                        "ended_at": created if status == "closed" else None,
                    }
                )
            with engine.begin() as connection:
                connection.execute(insert(Case), rows)
                connection.execute(
                    insert(CaseEvent),
                    [
                        {
                            "case_id": row["id"],
                            "kind": "status_changed" if n else "received",
                            "detail": "in_review" if n else "",
                            "body": "",
                            "is_visible_to_resident": True,
                            "actor_id": None,
                            "case_version": 1,
                            "created_at": row["created_at"] + timedelta(hours=n),
                        }
                        for row in rows
                        for n in range(10)
                    ],
                )
                connection.execute(
                    insert(Application),
                    [
                        {
                            "case_id": row["id"],
                            "answers": CHECKED,
                            "submitted_at": row["created_at"],
                        }
                        for row in rows
                        if row["kind"] == "application"
                    ],
                )
        if engine.dialect.name == "postgresql":
            with engine.begin() as connection:
                connection.execute(
                    text("SELECT setval('cases_id_seq', (SELECT max(id) FROM cases))")
                )
            # What autovacuum does on a running database: statistics and the visibility map.
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
        else:
            with engine.begin() as connection:
                connection.execute(text("ANALYZE"))
        print(
            f"  seeded {cases:,} cases and {cases * 10:,} events in {time.perf_counter() - started:.0f} s"
        )
        open_case = db.session.scalar(
            select(Case.reference).where(Case.kind == "application", Case.status == "in_review")
        )
        return admin.totp_secret, open_case


def _reference(number: int) -> str:
    alphabet = access_codes.ALPHABET
    letters = []
    for _ in range(8):
        number, rest = divmod(number, len(alphabet))
        letters.append(alphabet[rest])
    text_ = "".join(reversed(letters))
    return f"{text_[:4]}-{text_[4:]}"


def timed(client, path: str, requests: int, engine) -> tuple[float, int]:
    """Median milliseconds of `requests` GETs, and the queries one GET makes."""
    assert client.get(path).status_code == 200, path
    statements = []

    def count(*args):
        statements.append(args)

    event.listen(engine, "before_cursor_execute", count)
    client.get(path)
    event.remove(engine, "before_cursor_execute", count)
    queries = len(statements)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), queries


def deep_cursor(app) -> str:
    """The cursor of an open case about 90 % down the queue."""
    with app.app_context():
        is_open = Case.status.in_(("received", "in_review", "waiting_for_resident"))
        open_cases = db.session.scalar(select(func.count()).select_from(Case).where(is_open))
        row = db.session.execute(
            select(Case.priority, Case.created_at, Case.id)
            .where(is_open)
            .order_by(Case.priority.desc(), Case.created_at, Case.id)
            .offset(int(open_cases * 0.9))
            .limit(1)
        ).one()
        return Cursor(row.priority, row.created_at, row.id).encode()


def letter_times(app, reference: str, tries: int = 10) -> float:
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        decision = Decision(
            case_id=case.id,
            outcome="granted",
            decision_type="municipal_dwelling",
            grounds="Husstanden har ikke bolig og klarer ikke å skaffe seg en selv. " * 5,
            rules_applied="Kommunens retningslinjer for tildeling av kommunal bolig.",
            tenancy_years=3,
            next_steps="Vi tar kontakt når vi har en bolig som passer.",
            language="nb",
            decided_at=NOW,
            letter_stored_name="x",
            letter_sha256="",
        )
        times = []
        for _ in range(tries):
            start = time.perf_counter()
            decisions.letter_pdf(decisions.letter_html(db.session, case, decision))
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)


def run(name: str, url: str, cases: int, requests: int) -> None:
    print(f"{name}:")
    app = create_app(
        # Nothing kept (admin/kept_pages.py): every request draws its page, as right after
        # a change, so the figures are the queries' and the template's own.
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench" * 8,
            "PASSWORD_HASH_PROFILE": "fast",
            "PAGE_CACHE_URL": "off",
        }
    )
    command.upgrade(alembic_config(db.engine_for(app)), "head")
    secret, reference = seed(app, cases)
    client = app.test_client()
    sign_in_as(client, secret)
    engine = db.engine_for(app)
    for label, path, target in (
        ("queue, first page", "/admin/queue", 50),
        ("queue, a deep page", f"/admin/queue?after={deep_cursor(app)}", 50),
        ("queue, filtered: mine + new reply", "/admin/queue?assignee=mine&new_reply=y", 50),
        ("a case page", f"/admin/cases/{reference}", 30),
    ):
        median, queries = timed(client, path, requests, engine)
        print(f"  {label:36} median {median:6.1f} ms  ({queries} queries; target ≤ {target} ms)")
    print(
        f"  {'a decision letter (PDF)':36} median {letter_times(app, reference):6.1f} ms  (target ≤ 500 ms)"
    )
    engine.dispose()


def sign_in_as(client, secret: str) -> None:
    def token(path):
        html = client.get(path).get_data(as_text=True)
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)

    data = {"csrf_token": token("/admin/login"), "email": "sara@bench.no", "password": PASSWORD}
    client.post("/admin/login", data=data)
    code = pyotp.TOTP(secret).now()
    client.post("/admin/two-factor", data={"csrf_token": token("/admin/two-factor"), "code": code})
    assert client.get("/admin/").status_code == 200, "sign-in failed"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--postgres")
    args, rest = parser.parse_known_args()
    sys.argv = [sys.argv[0], *rest] + (["--postgres", args.postgres] if args.postgres else [])
    on_each_database(__doc__.splitlines()[0], lambda n, u: run(n, u, args.cases, args.requests))

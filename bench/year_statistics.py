"""Benchmark: a year's statistics with 100,000 cases, 2,000 dwellings and 10,000 tenancies.

    .venv/bin/python bench/year_statistics.py [--postgres URL] [--cases 100000] [--requests 20]

Target (issue 14): the statistics for a year ≤ 300 ms, on SQLite and PostgreSQL. Prints the
median of the service call alone and of the whole page (in-process, Flask's test client,
a signed-in caseworker: the server's own time), and of the page for SSB. The data spans five
years: applications with decisions and priority flags, deleted cases' summaries, households
on the waiting list, offers, tenancies with renewals, guidance bookings, call-backs and
start-loan decisions, put in by bulk inserts.
"""

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alembic import command
from sqlalchemy import insert, text

from bench.casework import _reference, enrolled_caseworker, sign_in_as
from bench.databases import on_each_database
from portal import create_app
from portal.cli import alembic_config
from portal.db import db
from portal.models import (
    Booking,
    Case,
    CaseSummary,
    Decision,
    Dwelling,
    GuidanceSlot,
    HousingNeed,
    Offer,
    StartLoanDecision,
    Tenancy,
)
from portal.services.casework import access_codes
from portal.services.housing import statistics as housing_statistics

NOW = datetime(2027, 3, 1, 12, tzinfo=UTC)
YEAR = 2025
SPAN = timedelta(days=5 * 365)
KINDS = ["application"] * 6 + ["booking"] * 3 + ["callback"]
OUTCOMES = ["granted"] * 4 + ["waitlisted"] * 2 + ["rejected"] * 4
TOPICS = ["bostotte", "startlan", "kommunal_bolig", "okonomi", "leie_til_eie", "annet"]
CHANNELS = ["in_person", "phone", "video"]
BATCH = 5000
# Rows went in with their ids: PostgreSQL's sequences are moved past them.
SEQUENCES = (
    "SELECT setval('cases_id_seq', (SELECT max(id) FROM cases))",
    "SELECT setval('guidance_slots_id_seq', (SELECT max(id) FROM guidance_slots))",
    "SELECT setval('dwellings_id_seq', (SELECT max(id) FROM dwellings))",
    "SELECT setval('tenancies_id_seq', (SELECT max(id) FROM tenancies))",
)


def _insert(engine, model, rows: list[dict]) -> None:
    for first in range(0, len(rows), BATCH):
        with engine.begin() as connection:
            connection.execute(insert(model), rows[first : first + BATCH])


def _cases(rng, count: int, adviser_id: int, code_hash: str) -> dict[str, list[dict]]:
    """Cases spread over five years, with what hangs on each: first decisions (a few get a
    second), places on the waiting list, bookings with their times."""
    rows = {"cases": [], "decisions": [], "needs": [], "slots": [], "bookings": []}
    for number in range(count):
        # In time order, as a running portal adds them.
        created = NOW - SPAN * (1 - (number + rng.random()) / count)
        kind = rng.choice(KINDS)
        flags = rng.choice((0, 0, 1, 1, 4, 5, 64))
        case_id = number + 1
        decided = None
        if kind == "application" and rng.random() < 0.75:
            decided = created + timedelta(days=rng.randint(1, 60), hours=rng.randint(0, 8))
        rows["cases"].append(
            {
                "id": case_id,
                "reference": _reference(number),
                "code_hash": code_hash,
                "kind": kind,
                "status": "decided" if decided else rng.choice(("received", "closed")),
                "language": "nb",
                "name": f"Person {number}",
                "search_name": f"person {number}",
                "phone": "91234567",
                "email": "",
                "topic": "kommunal_bolig",
                "flag_bits": flags,
                "priority": bin(flags).count("1"),
                "version": 1,
                "has_new_reply": False,
                "created_at": created,
                "updated_at": created,
                "decided_at": decided,
            }
        )
        if decided and decided < NOW:
            outcome = rng.choice(OUTCOMES)
            for again in range(2 if rng.random() < 0.05 else 1):
                rows["decisions"].append(
                    {
                        "case_id": case_id,
                        "outcome": outcome,
                        "decision_type": "municipal_dwelling",
                        "grounds": "Grunner.",
                        "rules_applied": "Regler.",
                        "next_steps": "",
                        "language": "nb",
                        "decided_at": decided + timedelta(days=30 * again),
                        "letter_stored_name": f"letter-{case_id}-{again}",
                        "letter_sha256": "",
                    }
                )
            if outcome != "rejected":
                ended = decided + timedelta(days=rng.randint(20, 500))
                rows["needs"].append(
                    {
                        "case_id": case_id,
                        "outcome": outcome,
                        "bedrooms": rng.randint(1, 4),
                        "step_free": False,
                        "group_bits": 0,
                        "areas": "",
                        "has_pets": False,
                        "priority": 0,
                        "waiting_since": created,
                        "status": "housed" if ended < NOW else "waiting",
                        "tenancy_years": 3,
                        "created_at": decided,
                        "ended_at": ended if ended < NOW else None,
                    }
                )
        if kind == "booking":
            starts = created + timedelta(days=rng.randint(1, 20))
            rows["slots"].append(
                {
                    "id": len(rows["slots"]) + 1,
                    "topic": rng.choice(TOPICS),
                    "channel": rng.choice(CHANNELS),
                    "location": "",
                    "starts_at": starts,
                    "ends_at": starts + timedelta(minutes=45),
                    "adviser_id": adviser_id,
                    "created_at": created,
                }
            )
            rows["bookings"].append(
                {
                    "case_id": case_id,
                    "slot_id": len(rows["slots"]),
                    "about": "",
                    "interpreter_language": "",
                    "accessibility_needs": "",
                    "created_at": created,
                    "cancelled_at": created if rng.random() < 0.1 else None,
                    "attendance": rng.choice(("held", "held", "held", "no_show", "")),
                }
            )
    return rows


def _housing(rng, dwellings: int, tenancies: int, application_ids: list[int]) -> dict:
    """Dwellings of every ownership, each with a line of tenancies (renewals among them,
    the last one current), offers answered one way or another, and start-loan decisions."""
    rows = {"dwellings": [], "tenancies": [], "offers": [], "loans": []}
    for number in range(dwellings):
        rows["dwellings"].append(
            {
                "id": number + 1,
                "address": f"Storgata {number}",
                "unit": "",
                "address_key": f"storgata {number}",
                "postcode": "4370",
                "area": "Egersund",
                "size_m2": 60,
                "bedrooms": rng.randint(1, 4),
                "floor": 1,
                "step_free": rng.random() < 0.3,
                "suitable_bits": rng.choice((0, 0, 4)),
                "reserved_for": "",
                "status": rng.choice(("let",) * 8 + ("vacant", "not_in_use")),
                "ownership": rng.choice(("owned",) * 6 + ("leased", "allocation_right")),
                "monthly_rent": 9000,
                "fire_safety_notes": "",
                "follow_up_notes": "",
                "version": 1,
                "created_at": NOW - timedelta(days=4000),
                "updated_at": NOW - timedelta(days=4000),
            }
        )
    per_dwelling = tenancies // dwellings
    for dwelling_id in range(1, dwellings + 1):
        starts = date(2017, 1, 1) + timedelta(days=rng.randint(0, 300))
        previous = None
        for turn in range(per_dwelling):
            renewal = previous is not None and rng.random() < 0.4
            ends = starts + timedelta(days=730)
            is_last = turn == per_dwelling - 1
            tenancy_id = len(rows["tenancies"]) + 1
            rows["tenancies"].append(
                {
                    "id": tenancy_id,
                    "dwelling_id": dwelling_id,
                    "case_id": previous["case_id"] if renewal else rng.choice(application_ids),
                    "starts_on": starts,
                    "ends_on": ends,
                    "is_first": not renewal,
                    "renewal_of_id": previous["id"] if renewal else None,
                    "ended_on": None if is_last else ends,
                    "end_reason": "",
                    "created_at": datetime(starts.year, starts.month, starts.day, tzinfo=UTC),
                }
            )
            if renewal:
                previous["end_reason"] = "renewed"
            elif previous is not None:
                previous["end_reason"] = rng.choice(("moved_out", "terminated"))
            previous = rows["tenancies"][-1]
            starts = ends
    for _ in range(tenancies + tenancies // 5):
        made = NOW - SPAN * rng.random()
        rows["offers"].append(
            {
                "case_id": rng.choice(application_ids),
                "dwelling_id": rng.randint(1, dwellings),
                "status": rng.choice(("accepted", "accepted", "declined", "expired", "withdrawn")),
                "monthly_rent": 9000,
                "available_on": made.date(),
                "answer_by": made + timedelta(days=14),
                "made_at": made,
                "answered_at": made + timedelta(days=rng.randint(1, 14)),
                "decline_reason": "",
            }
        )
    for _ in range(2000):
        decided = (NOW - SPAN * rng.random()).date()
        granted = rng.random() < 0.8
        rows["loans"].append(
            {
                "decided_on": decided,
                "outcome": "granted" if granted else "rejected",
                "family_with_children": rng.random() < 0.55,
                "amount": rng.randint(500, 3000) * 1000 if granted else None,
                "recorded_at": datetime(decided.year, decided.month, decided.day, tzinfo=UTC),
            }
        )
    return rows


def _summaries(rng, count: int) -> list[dict]:
    """Deleted cases from the years before: what stays of them for the statistics."""
    rows = []
    for _ in range(count):
        received = date(2019, 1, 1) + timedelta(days=rng.randint(0, 2000))
        decided = received + timedelta(days=rng.randint(1, 60))
        rows.append(
            {
                "kind": rng.choice(KINDS),
                "received_on": received,
                "decided_on": decided,
                "outcome": rng.choice(OUTCOMES),
                "final_status": "closed",
                "flag_bits": rng.choice((0, 1, 4)),
                "ended_on": decided,
            }
        )
    return rows


def seed(app, cases: int) -> str:
    """Everything the statistics read; returns the signed-in caseworker's TOTP secret."""
    rng = random.Random(14)
    started = time.perf_counter()
    with app.app_context():
        person = enrolled_caseworker()
        engine = db.engine
        made = _cases(rng, cases, person.id, access_codes.hash_code("ABCD-EFGH"))
        applications = [row["id"] for row in made["cases"] if row["kind"] == "application"]
        housing = _housing(rng, 2000, 10_000, applications)
        for model, rows in (
            (Case, made["cases"]),
            (Decision, sorted(made["decisions"], key=lambda row: row["decided_at"])),
            (HousingNeed, sorted(made["needs"], key=lambda row: row["created_at"])),
            (GuidanceSlot, made["slots"]),
            (Booking, made["bookings"]),
            (Dwelling, housing["dwellings"]),
            (Tenancy, housing["tenancies"]),
            (Offer, sorted(housing["offers"], key=lambda row: row["made_at"])),
            (StartLoanDecision, housing["loans"]),
            (CaseSummary, sorted(_summaries(rng, 20_000), key=lambda row: row["received_on"])),
        ):
            _insert(engine, model, rows)
        if engine.dialect.name == "postgresql":
            with engine.begin() as connection:
                for statement in SEQUENCES:
                    connection.execute(text(statement))
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
        else:
            with engine.begin() as connection:
                connection.execute(text("ANALYZE"))
        counts = {name: len(rows) for name, rows in {**made, **housing}.items()}
        print(
            f"  seeded in {time.perf_counter() - started:.0f} s: "
            + ", ".join(f"{count:,} {name}" for name, count in counts.items())
            + ", 20,000 summaries"
        )
        return person.totp_secret


def median_ms(action, repeats: int) -> float:
    action()  # warm: the first call also compiles the statements
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run(name: str, url: str, cases: int, requests: int) -> None:
    print(f"{name}:")
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "bench" * 8, "PASSWORD_HASH_PROFILE": "fast"}
    )
    command.upgrade(alembic_config(db.engine_for(app)), "head")
    secret = seed(app, cases)
    client = app.test_client()
    sign_in_as(client, secret)

    def service_call():
        with app.app_context():
            housing_statistics.year_statistics(db.session, YEAR, now=NOW)

    def page(path):
        def get():
            assert client.get(path).status_code == 200, path

        return get

    for label, action in (
        ("the year's figures (service call)", service_call),
        ("the statistics page for a year", page(f"/admin/stats?year={YEAR}")),
        ("the year's CSV", page(f"/admin/stats.csv?year={YEAR}")),
        ("the numbers for SSB", page(f"/admin/stats/ssb?year={YEAR}")),
    ):
        print(f"  {label:36} median {median_ms(action, requests):6.1f} ms  (target ≤ 300 ms)")
    db.engine_for(app).dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--postgres")
    args, rest = parser.parse_known_args()
    sys.argv = [sys.argv[0], *rest] + (["--postgres", args.postgres] if args.postgres else [])
    on_each_database(__doc__.splitlines()[0], lambda n, u: run(n, u, args.cases, args.requests))

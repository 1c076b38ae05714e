"""Benchmark: sending applications (commit included), and database reads per page.

`submit` is the transaction that matters: claim the draft, create the case with
its priority flags, the application, the files' new owner, the first timeline
line and the outbox messages, then commit. Drafts are filled beforehand; the
clock runs only around the sending. One thread, so the figure is what one
worker process does.

Reads per page are counted with SQLAlchemy's cursor events while the test client
walks every page of the journey.

    .venv/bin/python bench/applications.py [--postgres URL]

Targets (issue 6): at least 100 applications per second on SQLite and on
PostgreSQL; every page of the flow reads the database at most twice.
"""

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.databases import on_each_database
from portal import create_app
from portal.cli import alembic_config
from portal.db import db
from portal.services.casework import applications
from tests.views import apply_journey

COUNT = 1000
ANSWERS = {
    "about_you": {"name": "Kari", "identity_number": apply_journey.ADULT, "phone": "91234567",
                  "email": "kari@example.no", "language": "nb", "interpreter": "no"},
    "household": {"adults_birth_years": "1988", "children_birth_years": "2015", "expecting_child": "no"},
    "housing": {"situation": "renting", "at_risk": "no"},
    "needs": {"bedrooms": "3", "access": [], "pets": "no"},
    "health": {},
    "economy": {"income_sources": ["work"], "income_band": "25_35", "payment_problems": "no",
                "bostotte": "yes"},
    "consents": {"may_contact": ["nav"], "declaration": True},
    "attachments": {},
}  # fmt: skip


def make_app(url: str, files: str):
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
         "ATTACHMENT_DIRECTORY": files}
    )  # fmt: skip
    with app.app_context():
        command.upgrade(alembic_config(db.engine), "head")
    return app


def sending(name: str, app) -> None:
    now = datetime.now(UTC)
    with app.app_context():
        session = db.session
        drafts = []
        for _ in range(COUNT):
            draft = applications.new_draft(session, language="nb", now=now)
            draft.answers = {"typed": {}, "answers": ANSWERS}
            drafts.append(draft)
        session.commit()
        timings = []
        started = time.perf_counter()
        for draft in drafts:
            one = time.perf_counter()
            applications.submit(session, draft, code="ABCD-EFGH", now=now, answer_weeks=3)
            timings.append((time.perf_counter() - one) * 1000)
        elapsed = time.perf_counter() - started
    print(
        f"{name}: {COUNT} applications sent in {elapsed:.2f} s = {COUNT / elapsed:.0f} per second "
        f"(median {statistics.median(timings):.2f} ms each, commit included) (target >= 100/s)"
    )


def reads_per_page(name: str, app) -> None:
    client = app.test_client()
    apply_journey.fill_in_everything(client)
    engine = db.engine_for(app)
    reads: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            reads.append(statement)

    pages = [f"/nb/apply/{step}" for step in apply_journey.ANSWERS]
    pages += ["/nb/apply/attachments", "/nb/apply/check"]
    event.listen(engine, "before_cursor_execute", count)
    found = {}
    for path in pages:
        reads.clear()
        client.get(path)
        found[path.rsplit("/", 1)[1]] = len(reads)
    event.remove(engine, "before_cursor_execute", count)
    figures = ", ".join(f"{page} {number}" for page, number in found.items())
    print(f"{name}: database reads per page: {figures} (target <= 2)")


def run(name: str, url: str) -> None:
    with tempfile.TemporaryDirectory() as files:
        app = make_app(url, files)
        sending(name, app)
        reads_per_page(name, app)


def main() -> None:
    on_each_database(__doc__.splitlines()[0], run)


if __name__ == "__main__":
    main()

"""Benchmark: the server time of every staff GET page for a signed-in admin.

Every GET rule under /admin is found in the url_map (so new pages are measured
without editing this file), requested through Flask's test client against a
fresh SQLite database with a few hundred audit events, and timed in-process.
The sign-in itself (one argon2 check, see password_check.py) is not counted.

    .venv/bin/python bench/staff_pages.py [--requests 50]

Target (issue 4): under 20 ms median for every page.
"""

import argparse
import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyotp
from alembic import command

from bench.staff import PASSWORD, enrolled_staff
from portal import create_app
from portal.cli import alembic_config
from portal.db import db, utcnow
from portal.services.casework import cases, teams
from portal.services.information.pages import create_page
from portal.services.staff import audit, staff_accounts


def seed(app):
    with app.app_context():
        now = utcnow()
        admin = enrolled_staff(
            db.session,
            email="admin@bench.no",
            name="Ada Admin",
            roles=["admin", "caseworker", "editor"],
            now=now,
        )
        for n in range(30):
            staff_accounts.create_staff(
                db.session,
                email=f"person{n}@bench.no",
                name=f"Person {n}",
                roles=["caseworker"],
                actor=admin,
                address="bench",
                now=now,
            )
        for n in range(500):
            audit.record(
                db.session,
                actor=admin,
                action="sign_in",
                object_type="staff_user",
                object_id=admin.id,
                address="10.0.0.1",
                now=now - timedelta(minutes=n),
            )
        db.session.commit()
        token = staff_accounts.issue_password_link(
            db.session, admin, actor=admin, address="bench", now=now
        )
        page = create_page(
            db.session,
            slug="bostotte",
            language="nb",
            title="Bostøtte",
            summary="Penger til boutgifter.",
            body="## Hvem kan få\n\n" + "Tekst om bostøtte. " * 200,
            author_name="Ada Admin",
            now=now,
            publish=True,
        )
        db.session.commit()
        case = cases.new_case(
            kind="application",
            reference="B7K4-P2QM",
            code="ABCD-EFGH",
            language="nb",
            name="Kari Nordmann",
            phone="91234567",
            email="",
            topic="kommunal_bolig",
            now=now,
        )
        db.session.add(case)
        db.session.commit()
        ids = {
            "staff_id": admin.id,
            "page_id": page.id,
            "revision_id": page.revisions[0].id,
            "reference": case.reference,
            "team_id": teams.ensure_plan_teams(db.session)[0].id,
            "token": token,
        }
        return ids, admin.totp_secret, token


def sign_in(client, secret: str) -> None:
    def token(path):
        html = client.get(path).get_data(as_text=True)
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)

    data = {"csrf_token": token("/admin/login"), "email": "admin@bench.no", "password": PASSWORD}
    client.post("/admin/login", data=data)
    code = pyotp.TOTP(secret).now()
    client.post("/admin/two-factor", data={"csrf_token": token("/admin/two-factor"), "code": code})
    assert client.get("/admin/").status_code == 200, "sign-in failed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite"
        # Nothing kept (admin/kept_pages.py): each request draws its page.
        app = create_app(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": "bench",
                "PORTAL_ENV": "development",
                "PAGE_CACHE_URL": "off",
            }
        )
        command.upgrade(alembic_config(db.engine_for(app)), "head")
        ids, secret, _token = seed(app)
        client = app.test_client()
        sign_in(client, secret)

        rules = sorted(
            (r for r in app.url_map.iter_rules() if r.rule.startswith("/admin")),
            key=lambda r: r.rule,
        )
        medians = {}
        for rule in rules:
            if "GET" not in rule.methods or rule.endpoint == "admin.login":
                continue
            try:
                path = re.sub(r"<(?:int:)?(\w+)>", lambda m: str(ids[m.group(1)]), rule.rule)
            except KeyError as missing:
                print(f"{rule.rule:40} skipped: no {missing} in the benchmark's data")
                continue
            status = client.get(path).status_code  # warm up
            times = []
            for _ in range(args.requests):
                start = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - start) * 1000)
            medians[path] = statistics.median(times)
            shown = re.sub(r"/password/[^/]+$", "/password/<token>", path)
            print(f"{shown:40} {status}  median {medians[path]:5.1f} ms  max {max(times):5.1f} ms")
        worst = max(medians.values())
        print(f"slowest median: {worst:.1f} ms (target < 20 ms)")


if __name__ == "__main__":
    main()

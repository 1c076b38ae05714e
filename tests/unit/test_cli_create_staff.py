from sqlalchemy import func, select

from portal import create_app
from portal.db import db, utcnow
from portal.demo import DEMO_LOGINS
from portal.models import AuditEvent, Case, StaffUser, Team
from portal.models.case import CaseKind, CaseStatus, PriorityFlag
from portal.services.casework import queue
from portal.services.staff import sign_in
from tests.conftest import app_settings, empty_tables


def test_create_staff_reads_the_password_from_standard_input(runner, data):
    result = runner.invoke(
        args=["create-staff", "--email", "Sjef@Eigersund.no", "--name", "Sjef", "--role", "admin"],
        input="et langt og godt passord\n",
    )

    assert result.exit_code == 0, result.output
    person = sign_in.check_password(
        data,
        email="sjef@eigersund.no",
        password="et langt og godt passord",
        address="x",
        now=utcnow(),
    )
    assert person.role_names == {"admin"}
    created = data.scalars(select(AuditEvent).where(AuditEvent.action == "account_created"))
    assert created.one().client_address == "cli"


def test_create_staff_has_no_password_option(runner):
    result = runner.invoke(
        args=[
            "create-staff",
            "--email",
            "a@b.no",
            "--name",
            "A",
            "--role",
            "admin",
            "--password",
            "et langt og godt passord",
        ],
        input="",
    )

    assert result.exit_code != 0
    assert "No such option" in result.output


def test_create_staff_refuses_a_weak_password_and_creates_nothing(runner, data):
    result = runner.invoke(
        args=["create-staff", "--email", "a@b.no", "--name", "A", "--role", "admin"],
        input="passord\n",
    )

    assert result.exit_code != 0
    assert "at least 12 characters" in result.output
    assert data.scalar(select(func.count()).select_from(StaffUser)) == 0


def test_seed_demo_adds_one_person_per_role_and_can_run_twice(runner, data):
    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])

    assert first.exit_code == second.exit_code == 0
    roles = {p.email: p.role_names for p in data.scalars(select(StaffUser))}
    assert roles == {login.email: {login.role} for login in DEMO_LOGINS}
    # At least 30 cases over every kind, status, team and flag, some overdue (issue 13).
    demo_cases = data.scalars(select(Case)).all()
    assert len(demo_cases) >= 30
    assert {case.kind for case in demo_cases} == set(CaseKind.values())
    assert {case.status for case in demo_cases} == set(CaseStatus.values())
    assert {case.team.name for case in demo_cases if case.team} == {
        team.name for team in data.scalars(select(Team)) if team.active
    }
    assert {flag for case in demo_cases for flag in case.priority_flags} == set(
        PriorityFlag.values()
    )
    overdue = queue.queue_page(
        data, queue.QueueFilter(overdue=True), after=None, me_id=0, now=utcnow(), answer_weeks=3
    )
    assert overdue.rows


def test_seed_demo_refuses_in_production(database_url):
    app = create_app(app_settings(database_url, PORTAL_ENV="production"))

    result = app.test_cli_runner().invoke(args=["seed-demo"])

    assert result.exit_code != 0
    empty_tables(db.engine_for(app))

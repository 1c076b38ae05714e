"""Every staff URL, for every kind of visitor: generated from the app's url_map, with the
expectation asked of portal/permissions.py.

A new route under /admin without a declared rule (admin/access.py) fails here.
Expectations come from the rule itself, never from a hand-written list.
"""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import sessionmaker

from admin.access import PUBLIC, SIGNED_IN, TWO_FACTOR_STEP
from portal import create_app, permissions
from portal.db import db
from portal.models.staff import Role
from portal.services.casework import attachments, cases, decisions, teams
from portal.services.housing import meetings, offers
from portal.services.information import navigation, scheduling, start_page
from portal.services.staff.audit import Actor
from tests.casework import make_case
from tests.conftest import app_settings, empty_tables
from tests.factories import make_page, make_slot
from tests.housing import make_dwelling, make_household, make_tenancy
from tests.outbox import fail_for_good, queue_message
from tests.staff import make_staff, sign_in

# Every role there is, and someone with none: a new role is walked without anyone adding it.
VISITORS = ("anonymous", *Role.values())


@pytest.fixture(scope="module")
def matrix(database_url, tmp_path_factory):
    # CSRF off: this test asks "may this person reach the view?", not "is the form valid?".
    files = tmp_path_factory.mktemp("attachments")
    app = create_app(
        app_settings(database_url, WTF_CSRF_ENABLED=False, ATTACHMENT_DIRECTORY=str(files))
    )
    session = sessionmaker(bind=db.engine_for(app), expire_on_commit=False)()
    people = {role: make_staff(session, role) for role in VISITORS[1:]}
    clients = {"anonymous": app.test_client()}
    for role, person in people.items():
        clients[role] = app.test_client()
        sign_in(clients[role], person)
    # Ids that exist; the account is nobody's own (so no "not on yourself" answers).
    target = make_staff(session, "editor", enrolled=False)
    page = make_page(session)
    slot = make_slot(session, target, datetime.now(UTC) + timedelta(days=3))
    case = cases.new_case(
        kind="application",
        reference="B7K4-P2QM",
        code="ABCD-EFGH",
        language="nb",
        name="Ola",
        phone="91234567",
        email="",
        topic="annet",
        now=datetime.now(UTC),
    )
    session.add(case)
    session.flush()
    attachment = attachments.store(
        files, b"%PDF-1.4 test", original_name="kontrakt.pdf", kind="lease", existing=0,
        now=datetime.now(UTC),
    )  # fmt: skip
    attachment.case_id = case.id
    session.add(attachment)
    session.commit()
    card = start_page.save_card(
        session,
        None,
        start_page.CardText("Bostøtte", "", "page", page.slug),
        language="nb",
        actor=Actor(target, "test"),
        now=datetime.now(UTC),
    )
    group = navigation.save_group(
        session,
        None,
        title="Penger",
        slugs=[page.slug],
        language="nb",
        actor=Actor(target, "test"),
        now=datetime.now(UTC),
    )
    change = scheduling.schedule(
        session,
        page.id,
        "unpublish",
        datetime.now(UTC) + timedelta(days=30),
        actor=Actor(target, "test"),
        now=datetime.now(UTC),
    )
    [message] = queue_message(session, email="kari@example.no")
    fail_for_good(session, message)
    # A decided application: its letter, its archive copy and its decision page exist.
    with app.app_context():
        decision = decisions.decide(
            session,
            case,
            decisions.DecisionInput("rejected", "municipal_dwelling", "Grunner.", "Regler."),
            seen_version=case.version,
            directory=files,
            actor=Actor(people["caseworker"], "test"),
            now=datetime.now(UTC),
        )
    # A dwelling offered to a waiting household, a tenancy, and a meeting with an agenda.
    dwelling = make_dwelling(session)
    need = make_household(session)
    offer = offers.make_offer(
        session,
        dwelling,
        need,
        answer_by=date.today() + timedelta(days=7),
        available_on=date.today(),
        notes_confirmed=True,
        actor=Actor(people["caseworker"], "test"),
        now=datetime.now(UTC),
    )
    tenancy = make_tenancy(session, make_dwelling(session), make_household(session),
                           starts_on=date.today())  # fmt: skip
    meeting = meetings.add_meeting(
        session, date.today() + timedelta(days=7), "", actor=Actor(people["admin"], "test"),
        now=datetime.now(UTC),
    )  # fmt: skip
    open_case = make_case(session, status="in_review")
    item = meetings.put_on_agenda(
        session, meeting, open_case, proposal="", seen_version=open_case.version,
        actor=Actor(people["admin"], "test"), now=datetime.now(UTC),
    )  # fmt: skip
    ids = {
        "dwelling_id": dwelling.id,
        "need_id": need.id,
        "offer_id": offer.id,
        "tenancy_id": tenancy.id,
        "meeting_id": meeting.id,
        "item_id": item.id,
        "staff_id": target.id,
        "page_id": page.id,
        "revision_id": page.revisions[0].id,
        "slot_id": slot.id,
        "reference": case.reference,
        "attachment_id": attachment.id,
        "message_id": message.id,
        "decision_id": decision.id,
        "team_id": teams.ensure_plan_teams(session)[0].id,
        "card_id": card.id,
        "group_id": group.id,
        "change_id": change.id,
    }
    yield app, clients, ids
    session.close()
    empty_tables(db.engine_for(app))
    db.engine_for(app).dispose()


def staff_rules(app):
    # Signing out comes last: it ends the session the other checks need.
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/admin")),
        key=lambda rule: (rule.endpoint == "admin.logout", rule.rule),
    )


def url_for_rule(rule, ids: dict[str, int]) -> str:
    return re.sub(
        r"<(?:(\w+):)?(\w+)>",
        lambda m: str(ids.get(m.group(2), "not-a-real-token")),
        rule.rule,
    )


def test_every_staff_route_declares_who_may_open_it(matrix):
    app, _clients, _target = matrix

    undeclared = [
        rule.rule
        for rule in staff_rules(app)
        if not hasattr(app.view_functions[rule.endpoint], "access_rule")
    ]

    assert undeclared == []


def test_the_matrix_covers_the_pages_this_capability_added(matrix):
    app, _clients, _target = matrix
    paths = {rule.rule for rule in staff_rules(app)}

    assert {"/admin/login", "/admin/staff", "/admin/audit", "/admin/account/password"} <= paths
    assert {"/admin/pages", "/admin/pages/<int:page_id>", "/admin/settings"} <= paths
    assert {"/admin/slots", "/admin/slots/new", "/admin/queue", "/admin/cases/<reference>"} <= paths
    assert {"/admin/outbox", "/admin/outbox/<int:message_id>/retry"} <= paths
    assert {"/admin/start-page", "/admin/start-page/<int:card_id>/move"} <= paths
    assert {"/admin/page-menu", "/admin/page-menu/<int:group_id>/delete"} <= paths
    assert {
        "/admin/dwellings",
        "/admin/dwellings/import",
        "/admin/dwellings/<int:dwelling_id>/offer/<int:need_id>",
        "/admin/tenancies/ending",
        "/admin/tenancies/<int:tenancy_id>/letter",
        "/admin/meetings/<int:meeting_id>/items/<int:item_id>",
    } <= paths
    assert {"/admin/stats", "/admin/stats.csv", "/admin/stats/ssb", "/admin/stats/ssb.csv"} <= paths
    assert "/admin/stats/start-loans" in paths


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/admin/login")


def test_each_visitor_gets_the_answer_the_rule_declares(matrix):
    app, clients, ids = matrix
    problems = []
    for rule in staff_rules(app):
        access = app.view_functions[rule.endpoint].access_rule
        url = url_for_rule(rule, ids)
        method = "GET" if "GET" in rule.methods else "POST"
        for visitor in VISITORS:
            response = clients[visitor].open(url, method=method)
            if access.kind == PUBLIC:
                allowed = response.status_code != 403 and not is_login_redirect(response)
            elif visitor == "anonymous":
                allowed = False
                ok = is_login_redirect(response) or response.status_code in (400, 401)
                if not ok:
                    problems.append((rule.rule, visitor, response.status_code, "not refused"))
                continue
            elif access.kind == TWO_FACTOR_STEP:
                allowed = response.status_code != 403 and not is_login_redirect(response)
            else:
                assert access.kind == SIGNED_IN
                allowed_roles = (
                    permissions.roles_that_may(access.permission) if access.permission else None
                )
                if allowed_roles is None or visitor in allowed_roles:
                    # A POST without its form's fields reaches the view and is refused
                    # there (400): the rule let the person in, which is what is asked.
                    allowed = (
                        response.status_code == 200
                        if method == "GET"
                        else response.status_code not in (401, 403, 404)
                        and not is_login_redirect(response)
                    )
                else:
                    if response.status_code != 403:
                        problems.append((rule.rule, visitor, response.status_code, "not 403"))
                    continue
            if not allowed:
                problems.append((rule.rule, visitor, response.status_code, "refused"))

    assert problems == [], "\n".join(map(str, problems))


def test_a_staff_route_without_a_declared_rule_answers_404_not_its_content(database_url):
    app = create_app(app_settings(database_url))
    app.add_url_rule("/admin/forgotten", "admin.forgotten", lambda: "secret content")

    response = app.test_client().get("/admin/forgotten")

    assert response.status_code == 404
    assert b"secret content" not in response.data


def test_every_permission_is_held_by_someone_and_admins_hold_them_all():
    for permission in permissions.Permission:
        assert Role.ADMIN in permissions.roles_that_may(permission), permission
    assert permissions.permissions_of(["no-such-role"]) == frozenset()

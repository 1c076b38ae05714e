"""Casework without HTTP: the workflow, holders, notes, messages, document requests, the
preliminary answer, and no silent overwrite (services/casework/workflow.py)."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.models import AuditEvent, CaseEvent, DocumentRequest, OutboxMessage, Team
from portal.services.casework import cases, replies, teams, workflow
from portal.services.casework.workflow import CaseChanged, Holder, NotAllowed
from tests.casework import actor_for, make_case
from tests.staff import NOW, make_staff

LATER = NOW + timedelta(hours=1)


@pytest.fixture
def caseworker(session):
    return make_staff(session, "caseworker", name="Sara Saksbehandler")


@pytest.fixture
def actor(caseworker):
    return actor_for(caseworker)


def outbox_templates(session) -> list[str]:
    return list(session.scalars(select(OutboxMessage.template).order_by(OutboxMessage.id)))


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        ("received", "in_review", True),
        ("received", "waiting_for_resident", True),
        ("in_review", "waiting_for_resident", True),
        ("waiting_for_resident", "in_review", True),
        ("in_review", "closed", True),
        ("decided", "closed", True),
        ("received", "decided", False),  # only through a decision
        ("in_review", "withdrawn", False),  # only the resident withdraws
        ("closed", "in_review", False),
        ("withdrawn", "received", False),
        ("in_review", "invented", False),
    ],
)
def test_a_status_follows_the_workflow_or_is_refused_with_nothing_stored(
    session, actor, start, target, allowed
):
    case = make_case(session, status=start)

    if allowed:
        workflow.set_status(session, case, target, seen_version=1, actor=actor, now=LATER)
        assert case.status == target
        assert case.events[-1].kind == "status_changed" and case.events[-1].detail == target
    else:
        with pytest.raises(NotAllowed):
            workflow.set_status(session, case, target, seen_version=1, actor=actor, now=LATER)
        session.expire_all()
        assert (case.status, case.version, len(case.events)) == (start, 1, 1)


def test_closing_a_case_marks_when_it_ended(session, actor):
    case = make_case(session, status="in_review")

    workflow.set_status(session, case, "closed", seen_version=1, actor=actor, now=LATER)

    assert case.ended_at == LATER and case.has_ended


def test_the_second_of_two_caseworkers_is_refused_and_told_who_changed_what(session, actor):
    other = actor_for(make_staff(session, "caseworker", name="Ola Kollega"))
    case = make_case(session)
    seen = case.version  # both opened the case here
    workflow.set_status(session, case, "in_review", seen_version=seen, actor=other, now=LATER)

    with pytest.raises(CaseChanged) as refused:
        workflow.set_status(session, case, "closed", seen_version=seen, actor=actor, now=LATER)

    assert [(c.kind, c.detail, c.actor.name) for c in refused.value.changes] == [
        ("status_changed", "in_review", "Ola Kollega")
    ]
    session.expire_all()
    assert case.status == "in_review" and case.version == seen + 1


def test_taking_and_assigning_say_who_holds_the_case(session, actor, caseworker):
    team = teams.ensure_plan_teams(session)[0]
    case = make_case(session)

    workflow.take(session, case, seen_version=1, actor=actor, now=LATER)
    workflow.assign(session, case, Holder(team.id, None), seen_version=2, actor=actor, now=LATER)

    assert (case.team_id, case.assignee_id) == (team.id, None)
    assigned = [e for e in case.events if e.kind == "assigned"]
    assert [e.detail for e in assigned] == ["Sara Saksbehandler", team.name]
    assert all(not e.is_visible_to_resident for e in assigned)


def test_a_retired_team_or_an_unknown_person_cannot_get_a_case(session, actor):
    retired = Team(name="Gammelt team", position=9, active=False)
    session.add(retired)
    session.commit()
    case = make_case(session)

    for holder in (Holder(retired.id, None), Holder(None, 999_999)):
        with pytest.raises(NotAllowed):
            workflow.assign(session, case, holder, seen_version=1, actor=actor, now=LATER)
    assert case.version == 1


def test_an_internal_note_never_reaches_the_resident(session, actor):
    case = make_case(session)

    workflow.add_note(session, case, "Ringte NAV, venter svar.", actor=actor, now=LATER)

    assert all("Ringte NAV" not in (e.body or "") for e in cases.resident_timeline(case))
    assert outbox_templates(session) == []


def test_a_message_keeps_the_status_and_announces_news_without_its_content(session, actor):
    case = make_case(session, status="in_review")

    workflow.message_resident(session, case, "Vi trenger mer tid.", actor=actor, now=LATER)

    assert case.status == "in_review"
    assert cases.latest_message_from_staff(case).body == "Vi trenger mer tid."
    messages = session.scalars(select(OutboxMessage)).all()
    assert {m.template for m in messages} == {"case_news"}
    assert all("Vi trenger" not in str(m.params) for m in messages)


@pytest.mark.parametrize("text", ["", "   ", "x" * (workflow.MAX_TEXT + 1)])
def test_an_empty_or_oversized_note_is_refused(session, actor, text):
    case = make_case(session)

    with pytest.raises(NotAllowed):
        workflow.add_note(session, case, text, actor=actor, now=LATER)
    assert len(case.events) == 1


def test_a_requested_document_waits_for_the_resident_and_comes_back_as_new(
    session, actor, tmp_path
):
    case = make_case(session, status="in_review")
    request = workflow.request_document(
        session, case, "Siste lønnsslipp", seen_version=1, actor=actor, now=LATER
    )
    assert case.status == "waiting_for_resident"
    assert cases.open_document_requests(session, case) == [request]

    replies.add_requested_document(
        session,
        case,
        b"%PDF-1.4 lonn",
        original_name="lonn.pdf",
        directory=tmp_path,
        now=LATER,
        request_id=request.id,
    )

    session.expire_all()
    assert case.status == "in_review" and case.has_new_reply
    assert session.get(DocumentRequest, request.id).fulfilled_at == LATER
    assert cases.open_document_requests(session, case) == []


def test_a_residents_reply_is_new_for_staff_until_they_open_the_case(session, actor):
    case = make_case(session, status="in_review")

    replies.add_resident_message(session, case, "Her er svaret.", now=LATER)
    assert case.has_new_reply
    cases.record_view(session, case, actor=actor, now=LATER)

    assert not case.has_new_reply


def test_an_application_over_its_answer_time_is_overdue_until_a_preliminary_answer(session, actor):
    old = make_case(session, status="in_review", created=NOW - timedelta(days=31))
    young = make_case(session, created=NOW - timedelta(days=5))
    booking = make_case(session, kind="booking", created=NOW - timedelta(days=60))

    assert workflow.is_overdue(old, now=NOW, answer_weeks=3)
    assert not workflow.is_overdue(young, now=NOW, answer_weeks=3)
    assert not workflow.is_overdue(booking, now=NOW, answer_weeks=3)

    workflow.send_preliminary_answer(
        session,
        old,
        reason="Vi venter på opplysninger fra NAV.",
        expected_on=date(2027, 1, 15),
        seen_version=old.version,
        actor=actor,
        now=NOW,
    )

    assert not workflow.is_overdue(old, now=NOW, answer_weeks=3)
    line = cases.resident_timeline(old)[0]
    assert (line.kind, line.detail) == ("preliminary_answer", "2027-01-15")
    assert outbox_templates(session) == ["case_news", "case_news"]


def test_a_preliminary_answer_must_promise_a_day_after_today(session, actor):
    case = make_case(session)

    with pytest.raises(NotAllowed):
        workflow.send_preliminary_answer(
            session,
            case,
            reason="Tar tid.",
            expected_on=NOW.date(),
            seen_version=1,
            actor=actor,
            now=NOW,
        )


def test_every_change_is_in_the_audit_log(session, actor):
    case = make_case(session)

    workflow.take(session, case, seen_version=1, actor=actor, now=LATER)
    workflow.add_note(session, case, "Notat.", actor=actor, now=LATER)
    workflow.set_status(session, case, "in_review", seen_version=2, actor=actor, now=LATER)

    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_id == case.reference)
    )
    assert list(actions) == ["case_assigned", "case_note_added", "case_status_changed"]
    assert session.scalar(select(func.count()).select_from(CaseEvent)) == 4

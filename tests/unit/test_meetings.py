"""Boligutvalget's meetings (services/housing/meetings.py): an agenda from the cases marked
for it, printable, and decisions recorded from the meeting that become the cases' own."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.models import CaseEvent, Decision
from portal.services.casework.decisions import DecisionInput
from portal.services.casework.workflow import CaseChanged
from portal.services.housing import meetings, waitlist
from portal.services.housing.meetings import MeetingRefused
from tests.casework import actor_for, make_case
from tests.staff import NOW, make_staff

NEXT_WEEK = NOW.date() + timedelta(days=7)


@pytest.fixture
def actor(data):
    return actor_for(make_staff(data, "caseworker"))


def put(data, meeting, case, actor, proposal="Innvilges, 1 år."):
    return meetings.put_on_agenda(
        data, meeting, case, proposal=proposal, seen_version=case.version, actor=actor, now=NOW
    )


def test_the_agenda_lists_marked_cases_by_priority_then_age(data, actor):
    meeting = meetings.add_meeting(data, NEXT_WEEK, "Rådhuset, møterom 2", actor=actor, now=NOW)
    old = make_case(data, status="in_review", created=NOW - timedelta(days=40))
    new = make_case(data, status="in_review", created=NOW - timedelta(days=2))
    urgent = make_case(data, status="received", flags=("homeless",), created=NOW)
    for case in (old, new, urgent):
        put(data, meeting, case, actor)

    assert [item.case_id for item in meetings.agenda(meeting)] == [urgent.id, old.id, new.id]
    staff_only = data.scalars(select(CaseEvent).where(CaseEvent.kind == "on_agenda")).all()
    assert len(staff_only) == 3 and not any(e.is_visible_to_resident for e in staff_only)


def test_a_case_goes_on_an_agenda_once_and_only_while_open(data, actor):
    meeting = meetings.add_meeting(data, NEXT_WEEK, "", actor=actor, now=NOW)
    case = make_case(data, status="in_review")
    put(data, meeting, case, actor)

    with pytest.raises(MeetingRefused, match="on_agenda"):
        put(data, meeting, case, actor)
    with pytest.raises(MeetingRefused, match="not_application"):
        put(data, meeting, make_case(data, kind="booking"), actor)
    with pytest.raises(MeetingRefused, match="not_application"):
        put(data, meeting, make_case(data, status="decided"), actor)
    with pytest.raises(MeetingRefused, match="proposal"):
        put(data, meeting, make_case(data), actor, proposal="x" * 4001)
    stale = make_case(data)
    stale.version += 1
    data.commit()
    with pytest.raises(CaseChanged):
        meetings.put_on_agenda(
            data, meeting, stale, proposal="", seen_version=1, actor=actor, now=NOW
        )


def test_one_meeting_a_day_and_not_in_the_past(data, actor):
    meetings.add_meeting(data, NEXT_WEEK, "", actor=actor, now=NOW)
    with pytest.raises(MeetingRefused, match="taken"):
        meetings.add_meeting(data, NEXT_WEEK, "", actor=actor, now=NOW)
    with pytest.raises(MeetingRefused, match="date"):
        meetings.add_meeting(data, NOW.date() - timedelta(days=30), "", actor=actor, now=NOW)


def test_a_decision_from_the_meeting_is_the_cases_decision(app, data, actor, tmp_path):
    meeting = meetings.add_meeting(data, NOW.date(), "", actor=actor, now=NOW)
    case = make_case(data, status="in_review")
    item = put(data, meeting, case, actor)

    with app.app_context():
        decision = meetings.record_decision(
            data,
            item,
            DecisionInput("granted", "municipal_dwelling", "Grunner.", "Regler.", 1),
            seen_version=case.version,
            directory=tmp_path,
            actor=actor,
            now=NOW,
        )
        with pytest.raises(MeetingRefused, match="decided"):
            meetings.record_decision(
                data,
                item,
                DecisionInput("rejected", "municipal_dwelling", "G.", "R."),
                seen_version=case.version,
                directory=tmp_path,
                actor=actor,
                now=NOW,
            )

    assert item.decision_id == decision.id and case.status == "decided"
    assert data.scalars(select(Decision)).all() == [decision]
    assert (tmp_path / decision.letter_stored_name).is_file()
    assert waitlist.need_of_case(data, case).status == "waiting"


def test_the_agenda_prints_escaped_and_as_pdf(app, data, actor):
    meeting = meetings.add_meeting(data, NEXT_WEEK, "Rådhuset", actor=actor, now=NOW)
    put(data, meeting, make_case(data, name="<b>Ola</b>"), actor, proposal="<script>x</script>")

    with app.test_request_context():
        html = meetings.agenda_html(meeting)
        pdf = meetings.agenda_pdf(meeting)

    assert "&lt;b&gt;Ola&lt;/b&gt;" in html and "<script>" not in html
    assert pdf.startswith(b"%PDF")

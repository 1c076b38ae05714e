"""The case queue: nothing cut off, priority then age, every filter, counts per status
(services/casework/queue.py)."""

from datetime import timedelta

import pytest

from portal.services.casework import teams
from portal.services.casework.queue import Cursor, QueueFilter, queue_page
from tests.casework import make_case
from tests.staff import NOW, make_staff
from tests.statements import counting_statements

ANY = QueueFilter()


def page_of(session, filters=ANY, *, after=None, me_id=0, page_size=50):
    return queue_page(
        session,
        filters,
        after=Cursor.decode(after),
        me_id=me_id,
        now=NOW,
        answer_weeks=3,
        page_size=page_size,
    )


def every_reference(session, filters=ANY, page_size=50) -> list[str]:
    found, after = [], None
    while True:
        page = page_of(session, filters, after=after, page_size=page_size)
        found += [row.case.reference for row in page.rows]
        if page.next_cursor is None:
            return found
        after = page.next_cursor


def test_a_queue_of_250_open_cases_finds_every_one_page_by_page(session):
    made = [
        make_case(session, created=NOW - timedelta(minutes=i), commit=False).reference
        for i in range(250)
    ]
    make_case(session, status="closed")
    session.commit()

    found = every_reference(session)

    assert sorted(found) == sorted(made)
    assert len(found) == len(set(found)) == 250
    assert page_of(session).total == 250


def test_more_flags_first_then_the_oldest(session):
    young_urgent = make_case(session, flags=("homeless", "children"), created=NOW)
    old_plain = make_case(session, created=NOW - timedelta(days=9))
    old_urgent = make_case(session, flags=("children",), created=NOW - timedelta(days=2))
    older_urgent = make_case(session, flags=("senior",), created=NOW - timedelta(days=5))

    order = [row.case.reference for row in page_of(session).rows]

    expected = [young_urgent, older_urgent, old_urgent, old_plain]
    assert order == [case.reference for case in expected]


def test_a_case_that_arrives_while_paging_never_pushes_one_off_unseen(session):
    for i in range(5):
        make_case(session, created=NOW - timedelta(days=10 - i))
    first = page_of(session, page_size=2)
    make_case(session, created=NOW - timedelta(days=20))  # older: belongs on page one

    rest = every_reference_after(session, first.next_cursor, page_size=2)

    assert len({row.case.reference for row in first.rows} | set(rest)) == 5


def every_reference_after(session, after, page_size):
    found = []
    while after:
        page = page_of(session, after=after, page_size=page_size)
        found += [row.case.reference for row in page.rows]
        after = page.next_cursor
    return found


def test_each_filter_narrows_the_queue(session):
    me = make_staff(session, "caseworker")
    team = teams.ensure_plan_teams(session)[1]
    mine = make_case(session, assignee_id=me.id, status="in_review")
    teams_case = make_case(session, team_id=team.id, kind="booking")
    flagged = make_case(session, flags=("young_aftercare",))
    replied = make_case(session, status="in_review")
    replied.has_new_reply = True
    waiting = make_case(session, status="waiting_for_resident")
    overdue = make_case(session, created=NOW - timedelta(days=40))
    oslash = make_case(session, name="Øystein Ås")
    session.commit()

    def refs(**kwargs):
        page = queue_page(
            session, QueueFilter(**kwargs), after=None, me_id=me.id, now=NOW, answer_weeks=3
        )
        return {row.case.reference for row in page.rows}

    assert refs(assignee="mine") == {mine.reference}
    assert refs(assignee=str(me.id)) == {mine.reference}
    assert mine.reference not in refs(assignee="nobody")
    assert refs(team_id=team.id) == {teams_case.reference}
    assert refs(kind="booking") == {teams_case.reference}
    assert refs(flag="young_aftercare") == {flagged.reference}
    assert refs(new_reply=True) == {replied.reference}
    assert refs(status="waiting_for_resident") == {waiting.reference}
    assert refs(overdue=True) == {overdue.reference}
    assert refs(search="øystein") == {oslash.reference}
    assert refs(search=oslash.reference.lower().replace("-", " ")) == {oslash.reference}
    assert refs(flag="not-a-flag") == set()


def test_counts_per_status_follow_the_other_filters(session):
    make_case(session, status="in_review")
    make_case(session, status="in_review", kind="booking")
    make_case(session, status="closed")

    all_kinds = page_of(session).counts
    bookings = page_of(session, QueueFilter(kind="booking")).counts

    assert all_kinds == {"in_review": 2}  # ended cases are a filter away, never counted
    assert bookings == {"in_review": 1}


@pytest.mark.parametrize("cursor", ["", "abc", "1.2", "9" * 40 + ".1.1", "-1.-2.-3", "1.2.3.4"])
def test_a_cursor_from_a_stranger_is_ignored_not_an_error(session, cursor):
    make_case(session)

    assert len(page_of(session, after=cursor).rows) == 1


def test_the_number_of_queries_does_not_grow_with_the_page_or_its_depth(session, engine):
    for i in range(120):
        make_case(session, created=NOW - timedelta(minutes=i), commit=False, flags=("children",))
    session.commit()
    with counting_statements(engine) as statements:
        first = page_of(session, page_size=50)
    with counting_statements(engine) as deeper:
        page_of(session, after=first.next_cursor, page_size=50)
    at_first, deep = len(statements), len(deeper)

    assert at_first == deep <= 3

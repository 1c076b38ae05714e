from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.models import Feedback
from portal.services.information import feedback
from portal.services.information.feedback import InvalidFeedback, record_feedback

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


def test_feedback_is_stored_with_the_page_but_not_its_query_string(session):
    record_feedback(
        session,
        page="/nb/feedback?page=/nb/",
        language="nb",
        found_what_they_needed=False,
        comment="  Fant ikke telefonnummeret  ",
        now=NOW,
    )

    stored = session.scalars(select(Feedback)).one()
    assert stored.page == "/nb/feedback"
    assert stored.comment == "Fant ikke telefonnummeret"
    assert stored.found_what_they_needed is False
    assert stored.created_at == NOW


@pytest.mark.parametrize("page", ["https://example.com/", "//example.com/", "nb/", "/" + "a" * 200])
def test_feedback_about_a_page_elsewhere_is_refused_and_nothing_stored(session, page):
    with pytest.raises(InvalidFeedback):
        record_feedback(
            session, page=page, language="nb", found_what_they_needed=True, comment="", now=NOW
        )
    assert session.scalar(select(func.count()).select_from(Feedback)) == 0


def test_a_comment_over_the_limit_is_refused(session):
    with pytest.raises(InvalidFeedback):
        record_feedback(
            session,
            page="/nb/",
            language="nb",
            found_what_they_needed=True,
            comment="x" * 1001,
            now=NOW,
        )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Ring meg på 912 34 567, takk", "Ring meg på [fjernet], takk"),
        ("Mobil +47 91 23 45 67 eller 0047 91234567", "Mobil [fjernet] eller [fjernet]"),
        ("Svar til kari.nordmann@example.no", "Svar til [fjernet]"),
        ("Fødselsnummeret mitt er 01019012345", "Fødselsnummeret mitt er [fjernet]"),
        ("D-nummer 410190 12345.", "D-nummer [fjernet]."),
        (
            "Husleia er 10 000 kroner, ring 112 om natta",
            "Husleia er 10 000 kroner, ring 112 om natta",
        ),
    ],
)
def test_contact_details_and_identity_numbers_are_taken_out_before_storing(session, typed, stored):
    record_feedback(
        session, page="/nb/", language="nb", found_what_they_needed=False, comment=typed, now=NOW
    )

    assert session.scalars(select(Feedback)).one().comment == stored


def answer(session, page, found, at, comment=""):
    record_feedback(
        session, page=page, language="nb", found_what_they_needed=found, comment=comment, now=at
    )


def test_answers_are_counted_per_page_and_oslo_month_newest_first(session):
    last_night_of_october_utc = datetime(2026, 10, 31, 23, 30, tzinfo=UTC)  # 1 November in Oslo
    answer(session, "/nb/info/bostotte", True, last_night_of_october_utc)
    answer(session, "/nb/info/bostotte", False, NOW)
    answer(session, "/nb/info/startlan", True, datetime(2026, 10, 15, 12, tzinfo=UTC))
    answer(session, "/nb/info/startlan", True, datetime(2025, 1, 15, 12, tzinfo=UTC))  # too old

    rows = feedback.per_page_and_month(session, today=NOW.date())

    assert [(r.month, r.page, r.found, r.not_found, r.found_percent) for r in rows] == [
        ("2026-11", "/nb/info/bostotte", 1, 1, 50),
        ("2026-10", "/nb/info/startlan", 1, 0, 100),
    ]


def test_comments_come_newest_first_and_answers_without_one_are_left_out(session):
    answer(session, "/nb/", True, NOW)
    answer(session, "/nb/", False, NOW, "Fant ikke søknaden")
    answer(session, "/nb/", False, NOW + timedelta(minutes=1), "Teksten er vanskelig")

    page = feedback.comments(session)

    assert [c.comment for c in page.comments] == ["Teksten er vanskelig", "Fant ikke søknaden"]
    assert page.total == 2


def test_the_csv_has_every_answer_and_no_cell_a_spreadsheet_would_run(session):
    answer(session, "/nb/", False, NOW, "=HYPERLINK(1)")

    lines = feedback.export_csv(session).splitlines()

    assert lines[0] == "received_at,page,language,found_what_they_needed,comment"
    assert lines[1] == "2026-11-25T10:30+01:00,/nb/,nb,no,'=HYPERLINK(1)"

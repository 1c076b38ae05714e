from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from portal.models import Feedback
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

"""Editors read what residents said, per page and month, with the comments and a CSV."""

import pytest

from portal.db import db
from portal.services.information.feedback import record_feedback
from tests.factories import NOW
from tests.html import parse, text_of
from tests.staff import make_staff, sign_in


@pytest.fixture
def editor(app, client):
    with app.app_context():
        for found, comment in [(True, ""), (False, "Fant ikke skjemaet. Ring 912 34 567")]:
            record_feedback(db.session, page="/nb/info/bostotte", language="nb",
                            found_what_they_needed=found, comment=comment, now=NOW)  # fmt: skip
        sign_in(client, make_staff(db.session, "editor"))


def test_the_editor_sees_the_answers_per_page_and_the_comments_without_phone_numbers(
    client, editor
):
    page = parse(client.get("/admin/feedback"))

    first_row = [text_of(td) for td in page.select("tbody")[0].select("tr")[0].find_all("td")]
    assert first_row[1:] == ["/nb/info/bostotte", "1", "1", "50 %"]
    comments = text_of(page.select("tbody")[1])
    assert "Fant ikke skjemaet. Ring [fjernet]" in comments
    assert "912" not in comments


def test_the_answers_download_as_csv(client, editor):
    response = client.get("/admin/feedback.csv")

    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.get_data(as_text=True).count("/nb/info/bostotte") == 2

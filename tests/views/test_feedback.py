import pytest
from sqlalchemy import func, select

from portal.db import db
from portal.models import Feedback
from tests.html import error_summary_links, form_with_token, parse, text_of, textarea_value


def feedback_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Feedback))


def test_the_feedback_link_on_a_page_carries_that_page(client):
    page = parse(client.get("/nb/"))

    link = page.find("a", href=lambda h: h and h.startswith("/nb/feedback"))
    assert link["href"] == "/nb/feedback?page=/nb/"


def test_feedback_is_stored_and_the_person_is_thanked(app, client):
    _, token = form_with_token(client, "/nn/feedback?page=/nn/")

    response = client.post(
        "/nn/feedback",
        data={
            "csrf_token": token,
            "page": "/nn/",
            "found_what_they_needed": "no",
            "comment": "Mangla",
        },
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/nn/feedback/thanks?page=/nn/"
    with app.app_context():
        stored = db.session.scalars(select(Feedback)).one()
        assert (stored.page, stored.language, stored.found_what_they_needed) == (
            "/nn/",
            "nn",
            False,
        )
    thanks = parse(client.get(response.headers["Location"]))
    assert thanks.find("a", href="/nn/")


def test_a_missing_answer_is_summarised_linked_to_the_field_and_the_comment_kept(app, client):
    _, token = form_with_token(client, "/nb/feedback?page=/nb/")

    response = client.post(
        "/nb/feedback", data={"csrf_token": token, "page": "/nb/", "comment": "Teksten min"}
    )

    page = parse(response)
    assert response.status_code == 200
    assert error_summary_links(page) == {"found_what_they_needed-0": "Velg ja eller nei."}
    assert page.find(id="found_what_they_needed-0") is not None
    assert text_of(page.find(id="found_what_they_needed-error")).endswith("Velg ja eller nei.")
    assert textarea_value(page.find("textarea", id="comment")) == "Teksten min"
    assert page.title.get_text().startswith("Feil: ")
    assert feedback_count(app) == 0


def test_an_identity_number_in_the_comment_is_refused_with_a_clear_message(app, client):
    _, token = form_with_token(client, "/nb/feedback?page=/nb/")

    response = client.post(
        "/nb/feedback",
        data={
            "csrf_token": token,
            "page": "/nb/",
            "found_what_they_needed": "yes",
            "comment": "Jeg er 01019012345",
        },
    )

    page = parse(response)
    assert "fødselsnummer" in error_summary_links(page)["comment"]
    assert page.find("textarea", id="comment")["aria-invalid"] == "true"
    assert page.find("input", id="found_what_they_needed-0").has_attr("checked")
    assert feedback_count(app) == 0


def test_a_page_outside_this_site_is_refused(app, client):
    _, token = form_with_token(client, "/nb/feedback")

    response = client.post(
        "/nb/feedback",
        data={
            "csrf_token": token,
            "page": "https://evil.example/",
            "found_what_they_needed": "yes",
        },
    )

    assert response.status_code == 200
    assert error_summary_links(parse(response))
    assert feedback_count(app) == 0


@pytest.mark.parametrize(
    "target", ["//evil.example/", "/%09/evil.example/x", "/%0d%0a/evil.example", "/%5cevil.example"]
)
def test_the_thanks_page_never_links_to_another_site(client, target):
    page = parse(client.get(f"/nb/feedback/thanks?page={target}"))

    assert [a["href"] for a in page.main.find_all("a")] == ["/nb/"]


def test_htmx_gets_only_the_fragment_and_the_token_may_come_in_a_header(app, client):
    _, token = form_with_token(client, "/en/feedback?page=/en/")

    response = client.post(
        "/en/feedback",
        data={"page": "/en/", "found_what_they_needed": "yes"},
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )

    fragment = parse(response)
    assert response.status_code == 200
    assert fragment.find("html") is None
    assert fragment.select_one(".panel[data-focus-on-load]") is not None
    assert feedback_count(app) == 1


def test_htmx_with_errors_gets_the_form_fragment_with_its_summary(client):
    _, token = form_with_token(client, "/nb/feedback")

    response = client.post(
        "/nb/feedback", data={"csrf_token": token, "page": "/nb/"}, headers={"HX-Request": "true"}
    )

    fragment = parse(response)
    assert fragment.find("html") is None
    assert fragment.find("form").select_one(".error-summary") is not None

from sqlalchemy import func, select

from portal import create_app
from portal.db import db
from portal.models import Feedback
from tests.conftest import app_settings
from tests.html import form_with_token, parse, text_of


def stored_feedback(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Feedback))


def test_a_post_without_a_csrf_token_gets_the_400_page_and_stores_nothing(app, client):
    response = client.post("/nb/feedback", data={"page": "/nb/", "found_what_they_needed": "yes"})

    page = parse(response)
    assert response.status_code == 400
    assert page.html["lang"] == "nb"
    assert len(page.find_all("h1")) == 1
    assert stored_feedback(app) == 0


def test_a_post_with_a_forged_token_is_refused(app, client):
    client.get("/nb/feedback")

    response = client.post(
        "/nb/feedback",
        data={"csrf_token": "forged", "page": "/nb/", "found_what_they_needed": "yes"},
    )

    assert response.status_code == 400
    assert stored_feedback(app) == 0


def test_a_token_from_another_session_is_refused(app, client):
    _, token = form_with_token(app.test_client(), "/nb/feedback")

    response = client.post(
        "/nb/feedback", data={"csrf_token": token, "page": "/nb/", "found_what_they_needed": "yes"}
    )

    assert response.status_code == 400
    assert stored_feedback(app) == 0


def test_a_body_over_the_limit_gets_the_413_page(database_url):
    app = create_app(app_settings(database_url, MAX_FORM_BYTES=1024))
    client = app.test_client()

    response = client.post("/en/feedback", data={"comment": "x" * 4096})

    assert response.status_code == 413
    assert parse(response).html["lang"] == "en"


def test_too_many_posts_from_one_address_get_the_429_page(app, client):
    _, token = form_with_token(client, "/nn/feedback")
    data = {"csrf_token": token, "page": "/nn/", "found_what_they_needed": "yes"}

    statuses = [client.post("/nn/feedback", data=data).status_code for _ in range(11)]

    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429
    last = parse(client.post("/nn/feedback", data=data))
    assert last.html["lang"] == "nn"
    assert "429" in text_of(last.main)
    assert stored_feedback(app) == 10

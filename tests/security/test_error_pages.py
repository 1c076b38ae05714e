import pytest
from flask import abort

from portal import create_app
from tests.conftest import app_settings
from tests.html import parse, text_of

LANGUAGES = ["nb", "nn", "en"]


@pytest.fixture
def failing_app(database_url):
    """The app with extra routes that fail in each way an error page covers."""
    app = create_app(app_settings(database_url))

    @app.get("/<lang>/test-error/<int:code>")
    def fail_with(lang, code):
        abort(code)

    @app.get("/<lang>/test-crash")
    def crash(lang):
        raise RuntimeError("a bug with a secret in it: 01019012345")

    return app


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code", [400, 403, 404, 405, 413, 429, 500, 503])
def test_each_error_page_is_friendly_and_in_the_persons_language(failing_app, lang, code):
    response = failing_app.test_client().get(f"/{lang}/test-error/{code}")

    page = parse(response)
    assert response.status_code == code
    assert page.html["lang"] == lang
    assert len(page.find_all("h1")) == 1
    assert page.find("a", href=f"/{lang}/")


def test_the_same_error_reads_differently_in_each_language(failing_app):
    client = failing_app.test_client()
    titles = {text_of(parse(client.get(f"/{lang}/test-error/404")).h1) for lang in LANGUAGES}

    assert len(titles) == 3


def test_a_crash_shows_the_500_page_and_never_a_traceback(failing_app, caplog):
    response = failing_app.test_client().get("/en/test-crash")

    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Traceback" not in body
    assert "RuntimeError" not in body
    assert "01019012345" not in body
    assert parse(response).html["lang"] == "en"


def test_an_unknown_language_prefix_gets_the_404_page_in_bokmal(client):
    response = client.get("/xx/", headers={"Accept-Language": "en"})

    assert response.status_code == 404
    assert parse(response).html["lang"] == "nb"


def test_a_missing_page_under_a_known_language_speaks_that_language(client):
    response = client.get("/nn/finst-ikkje")

    assert response.status_code == 404
    assert parse(response).html["lang"] == "nn"


def test_a_wrong_method_gets_the_405_page(client):
    response = client.post("/en/")

    assert response.status_code == 405
    assert parse(response).html["lang"] == "en"
    assert "GET" in response.headers["Allow"]


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200


def test_without_a_database_healthz_says_503_and_pages_show_the_503_page(database_url):
    unreachable = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere?connect_timeout=2"
    app = create_app(app_settings(database_url, DATABASE_URL=unreachable))
    client = app.test_client()

    assert client.get("/healthz").status_code == 503
    response = client.get("/nb/")
    assert response.status_code == 503
    assert parse(response).html["lang"] == "nb"

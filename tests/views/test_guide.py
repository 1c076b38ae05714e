import pytest

from portal.db import db
from tests.factories import make_page
from tests.html import error_summary_links, parse, text_of


@pytest.fixture
def pages(app):
    with app.app_context():
        for slug, title in [("startlan", "Startlån"), ("veiledning", "Veiledning")]:
            make_page(db.session, slug=slug, title=title)
        make_page(db.session, slug="startlan", language="en", title="Start loan")


def hidden_fields(page) -> list[tuple[str, str]]:
    return [(i["name"], i["value"]) for i in page.select("form input[type=hidden]")]


def test_the_first_question_explains_the_guide_and_asks_one_thing(client):
    page = parse(client.get("/nb/guide"))

    assert text_of(page.h1) == "Hva passer best for deg nå?"
    assert len(page.select("input[type=radio][name=situation]")) == 6
    assert hidden_fields(page) == [("step", "1")]
    assert page.find("form")["method"] == "get"


def test_an_unanswered_question_is_asked_again_with_an_error_summary(client):
    page = parse(client.get("/nb/guide?step=1"))

    assert error_summary_links(page) == {"situation-0": "Velg det som passer best."}
    assert page.title.get_text().startswith("Feil: ")


def test_answers_are_carried_to_the_next_question_and_back(client):
    page = parse(client.get("/nn/guide?step=1&situation=want_to_buy"))

    assert ("situation", "want_to_buy") in hidden_fields(page)
    assert ("step", "2") in hidden_fields(page)
    assert page.select_one("a.back-link")["href"] == "/nn/guide?step=0&situation=want_to_buy"


def test_the_last_question_allows_several_answers_or_none(client):
    page = parse(client.get("/nb/guide?step=2&situation=want_to_buy&children=yes"))

    assert len(page.select("input[type=checkbox][name=circumstances]")) == 5
    assert parse(client.get("/nb/guide?step=3&situation=want_to_buy&children=yes")).select(
        ".link-list"
    )


def test_the_result_lists_the_pages_in_the_persons_language_and_guidance(client, pages):
    page = parse(client.get("/en/guide?step=3&situation=want_to_buy&children=yes"))

    titles = [text_of(a) for a in page.select(".link-list__title a")]
    assert titles == ["Start loan", "Veiledning"]
    assert page.select(".link-list__item p")[1]["lang"] == "nb"
    assert page.select_one(".notice") is not None


def test_a_tampered_answer_is_asked_again_in_the_persons_language(client):
    page = parse(client.get("/en/guide?step=3&situation=want_to_buy&children=yes&circumstances=x"))

    assert list(error_summary_links(page)) == ["circumstances-0"]


def test_changing_the_answers_starts_again_with_them_filled_in(client, pages):
    result = parse(client.get("/nb/guide?step=3&situation=no_home&children=no"))
    change = result.find("a", string="Endre svarene")["href"]

    first = parse(client.get(change))
    assert first.find("input", attrs={"value": "no_home"}).has_attr("checked")

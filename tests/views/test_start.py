import pytest

from portal.db import db, utcnow
from portal.i18n import LANGUAGES as SHIPPED_LANGUAGES
from portal.services.information.contacts import UrgentContacts, save_urgent_contacts
from tests.html import parse, text_of

LANGUAGES = list(SHIPPED_LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_start_page_speaks_the_language_of_its_url(client, lang):
    page = parse(client.get(f"/{lang}/"))

    assert page.html["lang"] == lang
    assert len(page.find_all("h1")) == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_start_page_has_the_landmarks_and_a_skip_link_to_main(client, lang):
    page = parse(client.get(f"/{lang}/"))

    for landmark in ["header", "nav", "main", "footer"]:
        assert page.find(landmark) is not None, landmark
    skip = page.find("a", class_="skip-link")
    assert skip["href"] == "#main"
    assert page.find(id="main").name == "main"


def test_start_page_in_english_and_nynorsk_is_translated(client):
    english = text_of(parse(client.get("/en/")).h1)
    nynorsk = text_of(parse(client.get("/nn/")).h1)
    bokmal = text_of(parse(client.get("/nb/")).h1)

    assert len({english, nynorsk, bokmal}) == 3


def test_urgent_help_shows_the_numbers_staff_have_set(app, client):
    with app.app_context():
        save_urgent_contacts(
            db.session,
            UrgentContacts(nav_phone="55 55 00 00", office_phone="51 46 80 00"),
            now=utcnow(),
        )

    page = parse(client.get("/nb/"))

    urgent = text_of(page.find(class_="urgent"))
    assert "55 55 00 00" in urgent
    assert "112" in urgent
    assert "51 46 80 00" in text_of(page.main)


def test_urgent_help_promises_no_opening_hours_nobody_has_set(client):
    urgent = text_of(parse(client.get("/nb/")).find(class_="urgent"))

    assert "Ring Nav på 55 55 33 33" in urgent
    assert "hverdager" not in urgent
    assert "vakttelefon" not in urgent
    for number in ("116 117", "113", "112"):
        assert number in urgent


def test_urgent_help_shows_hours_and_an_out_of_hours_number_once_staff_set_them(app, client):
    with app.app_context():
        save_urgent_contacts(
            db.session,
            UrgentContacts(nav_opens="08:00", nav_closes="15:30", out_of_hours_phone="51 46 80 99"),
            now=utcnow(),
        )

    urgent = text_of(parse(client.get("/nb/")).find(class_="urgent"))

    assert "Nav svarer fra 08:00 til 15:30 på hverdager." in urgent
    assert "ring kommunens vakttelefon på 51 46 80 99" in urgent


def test_language_switcher_offers_every_language_and_marks_the_current_one(client):
    page = parse(client.get("/nn/"))

    links = page.select("nav.language-switcher a")
    assert [(a["hreflang"], a["href"]) for a in links] == [
        (code, f"/{code}/") for code in ["nb", "nn", "en", "pl", "so", "uk", "ar", "ti"]
    ]
    assert [a["hreflang"] for a in links if a.get("aria-current")] == ["nn"]
    assert all(a["lang"] == a["hreflang"] for a in links)


def test_language_switcher_keeps_the_person_on_the_same_page_and_query(client):
    page = parse(client.get("/nb/feedback?page=/nb/"))

    english = page.select_one('nav.language-switcher a[hreflang="en"]')
    assert english["href"] == "/en/feedback?page=/nb/"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Accept-Language": "en-GB,en;q=0.8"}, "/en/"),
        ({"Accept-Language": "nn"}, "/nn/"),
        ({"Accept-Language": "nb-NO,no;q=0.9"}, "/nb/"),
        ({"Accept-Language": "xx;;q=weird,,,"}, "/nb/"),
        ({}, "/nb/"),
    ],
)
def test_the_root_sends_the_person_to_a_language(client, headers, expected):
    response = client.get("/", headers=headers)

    assert response.status_code == 302
    assert response.headers["Location"] == expected
    assert "Accept-Language" in response.headers["Vary"]


def test_the_root_prefers_the_language_the_person_chose_before(client):
    client.get("/nn/")

    response = client.get("/", headers={"Accept-Language": "en"})

    assert response.headers["Location"] == "/nn/"


def test_every_asset_on_the_page_comes_from_this_server(client):
    page = parse(client.get("/nb/"))

    urls = [tag.get("src") for tag in page.find_all(["script", "img", "iframe"])]
    urls += [tag.get("href") for tag in page.find_all("link") if "canonical" not in tag["rel"]
             and "alternate" not in tag["rel"]]  # fmt: skip
    assert urls
    assert all(url and url.startswith("/") and not url.startswith("//") for url in urls), urls


def test_static_files_carry_a_fingerprint_and_may_be_cached_for_a_year(client):
    page = parse(client.get("/nb/"))
    stylesheet = page.find("link", rel="stylesheet")["href"]

    response = client.get(stylesheet)

    assert "?v=" in stylesheet
    assert response.status_code == 200
    assert response.cache_control.max_age == 365 * 24 * 3600


def test_phone_numbers_can_be_called_from_a_phone(client):
    urgent = parse(client.get("/nb/")).find(class_="urgent")

    calls = {a["href"] for a in urgent.find_all("a")}
    assert {"tel:+4755553333", "tel:116117", "tel:112"} <= calls


def test_the_start_page_names_its_own_address_and_its_language_versions(client):
    head = parse(client.get("/nn/?cleared=finished")).head

    assert head.find("link", rel="canonical")["href"] == "http://localhost/nn/"
    versions = {link["hreflang"]: link["href"] for link in head.find_all("link", rel="alternate")}
    assert versions == {
        **{code: f"http://localhost/{code}/" for code in SHIPPED_LANGUAGES},
        "x-default": "http://localhost/nb/",
    }
    assert "Eigersund" in head.find("meta", attrs={"name": "description"})["content"]

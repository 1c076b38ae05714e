"""Every shipped language: its own name in the switcher, its direction, its formats, and an
honest word where no qualified translator has read it yet."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, gettext

from portal.db import db, utcnow
from portal.formatting import kroner
from portal.i18n import LANGUAGES, NOT_REVIEWED
from portal.services.information.content_import import import_content
from tests.html import parse, text_of

UNREVIEWED_NOTE = (
    "Denne oversettelsen er ikke kontrollert av en kvalifisert oversetter ennå. "
    "Er noe uklart, velg norsk eller engelsk øverst på siden."
)
FALLBACK_NOTE = "Denne siden finnes ikke på ditt språk ennå. Du leser den på norsk bokmål."


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_names_every_language_in_itself(client, lang):
    page = parse(client.get(f"/{lang}/"))

    switcher = page.select("nav.language-switcher a")
    assert [(a["lang"], text_of(a)) for a in switcher] == [
        (language.code, language.name) for language in LANGUAGES.values()
    ]
    assert [a["lang"] for a in switcher if a.get("aria-current")] == [lang]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_page_says_which_way_its_language_is_written(client, lang):
    html = parse(client.get(f"/{lang}/")).html

    assert (html["lang"], html["dir"]) == (lang, "rtl" if lang == "ar" else "ltr")


def translated(app, lang: str, message: str) -> str:
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        return gettext(message)


def unreviewed(lang: str) -> bool:
    path = (
        Path(__file__).resolve().parents[2] / f"portal/translations/{lang}/LC_MESSAGES/messages.po"
    )
    if not path.exists():
        return False
    with path.open("rb") as po:
        return read_po(po).language_team == NOT_REVIEWED


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_footer_says_so_when_no_qualified_translator_has_read_the_language(app, client, lang):
    footer = text_of(parse(client.get(f"/{lang}/")).footer)

    note = translated(app, lang, UNREVIEWED_NOTE)
    assert (note in footer) == unreviewed(lang)
    assert not unreviewed(lang) or note != UNREVIEWED_NOTE


def test_bokmal_nynorsk_and_english_are_read_by_people():
    assert not any(unreviewed(lang) for lang in ["nb", "nn", "en"])


@pytest.mark.parametrize(
    "lang, expected",
    [("nb", "1\u00a0234\u00a0kr"), ("nn", "1\u00a0234\u00a0kr"), ("en", "1,234\u00a0kr")],
)
def test_money_is_written_as_the_language_writes_it(app, lang, expected):
    with app.test_request_context(), force_locale(lang):
        assert kroner(1234) == expected


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "nb"])
def test_the_shipped_pages_exist_in_every_language(app, client, lang):
    with app.app_context():
        import_content(db.session, now=utcnow())

    for slug in ["bostotte", "startlan", "kommunal-bolig", "veiledning", "miste-bolig"]:
        page = parse(client.get(f"/{lang}/info/{slug}"))
        assert page.find("article").get("lang") is None, (lang, slug)
    start = parse(client.get(f"/{lang}/"))
    cards = [text_of(h) for h in start.select("main h2, main h3")]
    assert cards != [text_of(h) for h in parse(client.get("/nb/")).select("main h2, main h3")]


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang not in {"nb", "nn", "en"}])
def test_any_other_page_falls_back_to_bokmal_with_a_note_in_the_language(app, client, lang):
    with app.app_context():
        import_content(db.session, now=utcnow())

    page = parse(client.get(f"/{lang}/info/eldre"))

    assert page.find("article")["lang"] == "nb"
    note = translated(app, lang, FALLBACK_NOTE)
    assert note != FALLBACK_NOTE
    assert text_of(page.select_one(".notice")) == note

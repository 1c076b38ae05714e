"""Every string a person reads is translated in every shipped language."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from portal.i18n import DEFAULT_LANGUAGE, LANGUAGES, NOT_REVIEWED

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "portal" / "translations"
SHIPPED = sorted(p.name for p in TRANSLATIONS.iterdir() if (p / "LC_MESSAGES").is_dir())
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def catalog(lang: str):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=lang)


def source_messages() -> set[str]:
    method_map = [
        ("portal/**.py", "python"),
        ("admin/**.py", "python"),
        ("portal/templates/**.html", "jinja2"),
        ("admin/templates/**.html", "jinja2"),
    ]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, keywords=KEYWORDS, options_map={"**.html": {}}
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_language_the_portal_offers_has_a_catalog_and_no_other():
    assert set(SHIPPED) == set(LANGUAGES) - {DEFAULT_LANGUAGE}


def test_a_catalog_no_translator_has_read_says_so_and_the_readme_lists_it():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(): line.split("|")[3].strip()
        for line in readme.split("## Languages", 1)[1].split("\n## ", 1)[0].splitlines()
        if line.startswith("| ") and not line.startswith("| Code")
    }
    for lang in SHIPPED:
        unreviewed = catalog(lang).language_team == NOT_REVIEWED
        assert rows[lang] == ("not reviewed" if unreviewed else "reviewed"), lang
    assert {"nn", "en"} <= {lang for lang, status in rows.items() if status == "reviewed"}


@pytest.mark.parametrize("lang", SHIPPED)
def test_no_entry_is_untranslated_or_fuzzy(lang):
    problems = [
        message.id
        for message in catalog(lang)
        if message.id
        and (
            message.fuzzy
            or not all(message.string if isinstance(message.string, tuple) else [message.string])
        )
    ]
    assert problems == []


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_string_in_the_code_is_in_the_catalog(lang):
    in_catalog = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(lang) if m.id}

    missing = sorted(source_messages() - in_catalog)
    assert missing == [], "run `make extract-messages` and translate"


@pytest.mark.parametrize("lang", SHIPPED)
def test_placeholders_survive_translation(lang):
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]")
    broken = [
        m.id
        for m in catalog(lang)
        if m.id
        and isinstance(m.id, str)
        and sorted(placeholder.findall(m.id)) != sorted(placeholder.findall(m.string))
    ]
    assert broken == []


@pytest.mark.parametrize("lang", SHIPPED)
def test_plural_forms_and_markup_survive_translation(lang):
    """Every plural form names only placeholders the source has (an unknown one is a
    KeyError on the page), and every translation keeps the source's HTML tags."""
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]")
    tag = re.compile(r"</?[a-z]+\b[^>]*>")
    broken = []
    for m in catalog(lang):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        allowed = {p for source in ids for p in placeholder.findall(source)}
        for string in strings:
            if not set(placeholder.findall(string)) <= allowed:
                broken.append((ids[0], string))
            if sorted(tag.findall(string)) != sorted(tag.findall(ids[0])):
                broken.append((ids[0], string))
    assert broken == []

"""The information pages that ship with the portal: complete, and every link leads somewhere."""

import re

import pytest

from portal.i18n import LANGUAGES
from portal.models.navigation import PortalRoute
from portal.services.information.content_import import (
    CONTENT_DIRECTORY,
    PAGE_FILES,
    read_content_file,
    read_navigation,
    read_start_page,
)
from portal.services.information.pages import SLUG

FILES = sorted(CONTENT_DIRECTORY.glob(PAGE_FILES))
CONTENTS = [read_content_file(path) for path in FILES]
SLUGS = {content.slug for content in CONTENTS}
# Pages of the residents' blueprint that a page may link to, besides other pages.
LINKABLE = {
    "",
    "search",
    "guide",
    "calculator",
    "accessibility",
    "privacy",
    "feedback",
    "book",
    "case",
    "apply",
}


# Shipped in every language (issue 16); every other page in bokmål, nynorsk and English,
# and in the other languages it falls back to bokmål with a note.
IN_EVERY_LANGUAGE = {"bostotte", "startlan", "kommunal-bolig", "veiledning", "miste-bolig"}
REVIEWED_LANGUAGES = {"nb", "nn", "en"}


def test_every_page_is_shipped_in_the_reviewed_languages_and_the_main_ones_in_all():
    have = {(content.slug, content.language) for content in CONTENTS}

    assert have == {(slug, lang) for slug in SLUGS for lang in REVIEWED_LANGUAGES} | {
        (slug, lang) for slug in IN_EVERY_LANGUAGE for lang in LANGUAGES
    }


def test_the_pages_the_start_page_and_the_guide_link_to_are_shipped():
    from portal.services.information.guide import RULES

    start_page_links = {"miste-bolig"}  # the urgent-help section's link
    assert (
        start_page_links | {rule.slug for rule in RULES} | {"tilgjengelighet", "personvern"}
        <= SLUGS
    )


def test_the_shipped_start_page_has_the_same_cards_in_every_language_and_each_leads_somewhere():
    shipped = read_start_page()

    assert set(shipped) == set(LANGUAGES)
    links = {lang: [(c.link_kind, c.link_target, c.action_route) for c in cards]
             for lang, cards in shipped.items()}  # fmt: skip
    assert links["nn"] == links["nb"] == links["en"]
    for kind, target, action in links["nb"]:
        assert target in (SLUGS if kind == "page" else set(PortalRoute.values()))
        assert action in {"", *PortalRoute.values()}
    for cards in shipped.values():
        assert all(c.title and bool(c.action_route) == bool(c.action_text) for c in cards)


@pytest.mark.parametrize("content", CONTENTS, ids=[path.name for path in FILES])
def test_each_page_has_a_title_a_summary_and_no_second_h1(content):
    assert SLUG.match(content.slug)
    assert content.title and content.summary
    assert not re.search(r"^# ", content.body, flags=re.MULTILINE)


@pytest.mark.parametrize("content", CONTENTS, ids=[path.name for path in FILES])
def test_every_internal_link_stays_in_the_pages_language_and_exists(content):
    for target in re.findall(r"\]\((/[^)]*)\)", content.body):
        lang, _, rest = target.lstrip("/").partition("/")
        assert lang == content.language, target
        if rest.startswith("info/"):
            assert rest.removeprefix("info/") in SLUGS, target
        else:
            assert rest in LINKABLE, target


def test_the_shipped_menu_groups_every_page_once_the_same_way_in_every_language():
    shipped = read_navigation()
    in_footer = {"tilgjengelighet", "personvern"}

    assert set(shipped) == set(LANGUAGES)
    slugs = {lang: [g.slugs for g in groups] for lang, groups in shipped.items()}
    assert slugs["nb"] == slugs["nn"] == slugs["en"]
    listed = [slug for group in slugs["nb"] for slug in group]
    assert sorted(listed) == sorted(SLUGS - in_footer)


SOURCES = CONTENT_DIRECTORY / "SOURCES.md"
CHECKED = re.compile(r"\bchecked \d{4}-\d{2}-\d{2}\b")
# The one section that is not a page: sentences in the portal's own screens.
INTERFACE_TEXTS = "Interface texts"


def _source_sections() -> dict[str, list[str]]:
    """SOURCES.md's `## <slug>` sections, each with its bullet lines."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in SOURCES.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = sections.setdefault(line.removeprefix("## ").strip(), [])
        elif current is not None and line.startswith("- "):
            current.append(line)
    return sections


@pytest.mark.parametrize("slug", sorted(SLUGS))
def test_every_page_names_its_sources_and_when_they_were_checked(slug):
    lines = _source_sections().get(slug)

    assert lines, f"SOURCES.md has no '## {slug}' section with source lines"
    assert any(CHECKED.search(line) for line in lines), f"no 'checked <date>' under {slug}"


def test_every_section_of_the_sources_note_is_a_shipped_page_or_the_interface_texts():
    assert set(_source_sections()) - {INTERFACE_TEXTS} <= SLUGS


def test_every_corrected_interface_text_says_where_it_comes_from_and_when():
    lines = _source_sections()[INTERFACE_TEXTS]

    assert lines
    assert all(CHECKED.search(line) for line in lines)

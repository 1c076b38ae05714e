import pytest

from portal.services.information.content_import import (
    MalformedContentFile,
    import_pages,
    read_content_file,
)
from portal.services.information.pages import InvalidSlug, SlugTaken, published_page
from tests.factories import NOW, make_page


def test_a_published_page_is_found_in_its_language(session):
    make_page(session, language="nn", title="Bustøtte")

    page = published_page(session, "bostotte", "nn")

    assert (page.title, page.language, page.is_fallback) == ("Bustøtte", "nn", False)
    assert "<strong>bostøtte</strong>" in str(page.html)


def test_a_page_missing_in_a_language_falls_back_to_bokmal(session):
    make_page(session, language="nb")

    page = published_page(session, "bostotte", "en")

    assert (page.language, page.is_fallback) == ("nb", True)


def test_an_unpublished_page_is_not_shown(session):
    make_page(session, publish=False)

    assert published_page(session, "bostotte", "nb") is None


def test_a_slug_that_exists_in_the_language_is_refused(session):
    make_page(session)

    with pytest.raises(SlugTaken):
        make_page(session)


@pytest.mark.parametrize("slug", ["Bostøtte", "bo stotte", "-a", "a--b", "../x", "a" * 81, ""])
def test_a_slug_must_be_plain_lowercase_words_and_hyphens(session, slug):
    with pytest.raises(InvalidSlug):
        make_page(session, slug=slug)


def write(directory, name, text):
    (directory / name).write_text(text, encoding="utf-8")


def test_importing_adds_missing_pages_and_never_overwrites_an_existing_one(session, tmp_path):
    write(tmp_path, "bostotte.nb.md", "---\ntitle: Ny tittel\nsummary: Kort.\n---\nTekst.\n")
    write(tmp_path, "startlan.nn.md", "---\ntitle: Startlån\nsummary: Kort.\n---\nTekst.\n")
    make_page(session, slug="bostotte", language="nb", title="Redigert av redaktør")

    added = import_pages(session, now=NOW, directory=tmp_path)

    assert added == 1
    assert published_page(session, "bostotte", "nb").title == "Redigert av redaktør"
    assert published_page(session, "startlan", "nn").title == "Startlån"
    assert import_pages(session, now=NOW, directory=tmp_path) == 0


def test_a_markdown_note_without_a_language_is_not_taken_for_a_page(session, tmp_path):
    write(tmp_path, "bostotte.nb.md", "---\ntitle: Bostøtte\nsummary: Kort.\n---\nTekst.\n")
    write(tmp_path, "SOURCES.md", "# Kilder\n\n## bostotte\n")

    assert import_pages(session, now=NOW, directory=tmp_path) == 1


def test_a_content_file_without_its_header_is_refused(tmp_path):
    write(tmp_path, "x.nb.md", "Bare tekst\n")

    with pytest.raises(MalformedContentFile):
        read_content_file(tmp_path / "x.nb.md")

"""Search, on SQLite's FTS5 and PostgreSQL's full text: the same behaviour on both."""

import pytest

from portal.services.information.search import (
    QueryTooLong,
    fold,
    search_pages,
    search_terms,
    snippet,
)
from tests.factories import make_page


def test_folding_makes_norwegian_letters_searchable_without_them():
    assert fold("Bostøtte Ærlig Årsak Café") == "bostotte aerlig arsak cafe"


def test_symbols_are_not_search_words():
    assert search_terms('%%% "" * ( ) OR NEAR') == ["or", "near"]
    assert search_terms("!!!") == []


def test_a_query_over_200_characters_is_refused():
    with pytest.raises(QueryTooLong):
        search_terms("a" * 201)


def test_bostotte_without_o_slash_finds_bostotte(session):
    make_page(session)

    hits = search_pages(session, "nb", "bostotte")

    assert [hit.slug for hit in hits] == ["bostotte"]


def test_search_ignores_case_and_matches_the_start_of_words(session):
    make_page(session, slug="kommunal-bolig", title="Kommunal bolig", body="Vi har boliger.")

    assert [hit.slug for hit in search_pages(session, "nb", "BOLIGER")] == ["kommunal-bolig"]
    assert [hit.slug for hit in search_pages(session, "nb", "bolig")] == ["kommunal-bolig"]


def test_a_match_in_the_title_ranks_above_a_match_in_the_body(session):
    make_page(session, slug="annet", title="Annet", summary="Noe.", body="Nevner startlån en gang.")
    make_page(session, slug="startlan", title="Startlån", summary="Lån.", body="Om lån.")

    assert [hit.slug for hit in search_pages(session, "nb", "startlån")] == ["startlan", "annet"]


def test_every_word_must_match(session):
    make_page(session, slug="a", title="Bostøtte", body="Penger.")
    make_page(session, slug="b", title="Bostøtte og husleie", body="Penger.")

    assert [hit.slug for hit in search_pages(session, "nb", "bostøtte husleie")] == ["b"]


def test_only_published_pages_in_the_chosen_language_are_found(session):
    make_page(session, slug="bostotte", language="nb")
    make_page(session, slug="bostotte", language="en", title="Housing allowance (bostøtte)")
    make_page(session, slug="utkast", language="nb", title="Bostøtte utkast", publish=False)

    assert [hit.slug for hit in search_pages(session, "nb", "bostøtte")] == ["bostotte"]
    assert [hit.title for hit in search_pages(session, "en", "bostøtte")] == [
        "Housing allowance (bostøtte)"
    ]


def test_fts_syntax_in_a_query_is_just_text(session):
    make_page(session)

    for query in [
        'bostøtte"',
        "bostøtte AND",
        "NOT bostøtte",
        "bost*",
        "title:bostøtte",
        "(bostøtte",
    ]:
        search_pages(session, "nb", query)  # must not raise


def test_the_snippet_marks_the_matches_and_escapes_the_rest():
    result = str(snippet("Søk om bostøtte <b>nå</b> hos Husbanken.", ["bostotte"]))

    assert "<mark>bostøtte</mark>" in result
    assert "&lt;b&gt;" in result

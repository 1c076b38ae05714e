"""Search over published information pages, in one language.

One interface, two engines: SQLite's FTS5 and PostgreSQL's full-text search.
Both index the same folded text (lower case, ø → o, æ → ae, accents off), so
`bostotte` finds `bostøtte` on either database, and both match word prefixes
(`bolig` finds `boliger`). Snippets are made here, from the original text.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from portal.models import Page
from portal.services.information.markdown import plain_text

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
SNIPPET_WORDS = 28
_FOLDS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l"})
_WORD = re.compile(r"\w+")
# Combining marks left by NFKD: Latin and Cyrillic accents, Arabic vowel signs.
_COMBINING_MARKS = re.compile("[\u0300-\u036f\u064b-\u065f\u0670]")


class QueryTooLong(ValueError):
    """The search text is longer than anyone types on purpose."""


@dataclass(frozen=True)
class SearchHit:
    slug: str
    title: str
    summary: str
    snippet: Markup


def fold(value: str) -> str:
    """Text as the index sees it: lower case, no accents, Norwegian letters spelled out."""
    value = value.lower().translate(_FOLDS)
    return _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", value))


def search_terms(query: str) -> list[str]:
    """The words of a query, folded; symbols and punctuation are dropped."""
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryTooLong(query[:20])
    return [word for word in _WORD.findall(fold(query)) if len(word) > 1][:MAX_TERMS]


def _document(page: Page) -> dict[str, str]:
    return {
        "title": fold(page.title),
        "summary": fold(page.summary),
        "body": fold(plain_text(page.body)),
    }


class SqliteSearch:
    """FTS5, with bm25 ranking that weighs the title over the summary over the body."""

    def index(self, session: Session, page: Page) -> None:
        self.remove(session, page)
        if page.is_published:
            session.execute(
                text(
                    "INSERT INTO page_search (rowid, title, summary, body, language) "
                    "VALUES (:id, :title, :summary, :body, :language)"
                ),
                {"id": page.id, "language": page.language, **_document(page)},
            )

    def remove(self, session: Session, page: Page) -> None:
        session.execute(text("DELETE FROM page_search WHERE rowid = :id"), {"id": page.id})

    def ranked_ids(
        self, session: Session, language: str, terms: list[str], limit: int
    ) -> list[int]:
        # Each term quoted (so FTS5 syntax in a query is just text) and matched as a prefix.
        match = " ".join(f'"{term}"*' for term in terms)
        rows = session.execute(
            text(
                "SELECT rowid FROM page_search WHERE page_search MATCH :match "
                "AND language = :language ORDER BY bm25(page_search, 10.0, 4.0, 1.0) LIMIT :limit"
            ),
            {"match": match, "language": language, "limit": limit},
        )
        return [row[0] for row in rows]


class PostgresSearch:
    """A weighted tsvector per page with a GIN index; ts_rank orders the matches."""

    def index(self, session: Session, page: Page) -> None:
        self.remove(session, page)
        if page.is_published:
            session.execute(
                text(
                    "INSERT INTO page_search (page_id, language, document) VALUES (:id, :language, "
                    "setweight(to_tsvector('simple', :title), 'A') || "
                    "setweight(to_tsvector('simple', :summary), 'B') || "
                    "setweight(to_tsvector('simple', :body), 'C'))"
                ),
                {"id": page.id, "language": page.language, **_document(page)},
            )

    def remove(self, session: Session, page: Page) -> None:
        session.execute(text("DELETE FROM page_search WHERE page_id = :id"), {"id": page.id})

    def ranked_ids(
        self, session: Session, language: str, terms: list[str], limit: int
    ) -> list[int]:
        query = " & ".join(f"{term}:*" for term in terms)
        rows = session.execute(
            text(
                "SELECT page_id FROM page_search, to_tsquery('simple', :query) AS query "
                "WHERE language = :language AND document @@ query "
                "ORDER BY ts_rank(document, query) DESC, page_id LIMIT :limit"
            ),
            {"query": query, "language": language, "limit": limit},
        )
        return [row[0] for row in rows]


def engine_for(session: Session) -> SqliteSearch | PostgresSearch:
    return PostgresSearch() if session.get_bind().dialect.name == "postgresql" else SqliteSearch()


def search_pages(
    session: Session, language: str, query: str, *, limit: int = 20
) -> list[SearchHit]:
    """Published pages in `language` matching every word of `query`, best first.

    Raises QueryTooLong for a query over MAX_QUERY_LENGTH characters; a query with
    no words in it (only symbols, or empty) finds nothing.
    """
    terms = search_terms(query)
    if not terms:
        return []
    ids = engine_for(session).ranked_ids(session, language, terms, limit)
    if not ids:
        return []
    pages = {page.id: page for page in session.scalars(select(Page).where(Page.id.in_(ids)))}
    return [
        SearchHit(page.slug, page.title, page.summary, snippet(_plain_text(page.body), terms))
        for page_id in ids
        if (page := pages.get(page_id)) is not None
    ]


# Worked out once per text: the same few pages answer most searches.
_plain_text = lru_cache(maxsize=256)(plain_text)


@lru_cache(maxsize=256)
def _words(body: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A text's words as shown and as the index sees them."""
    words = tuple(body.split())
    return words, tuple(fold(word) for word in words)


def snippet(body: str, terms: list[str]) -> Markup:
    """A short passage around the first matching word, with the matches marked."""
    words, folded = _words(body)
    starts_with_term = re.compile(r"^\W*(?:" + "|".join(map(re.escape, terms)) + ")")
    found = [i for i, word in enumerate(folded) if starts_with_term.match(word)]
    first = found[0] if found else 0
    start = max(0, first - SNIPPET_WORDS // 3)
    end = min(len(words), start + SNIPPET_WORDS)
    marked = set(found)
    parts = [
        Markup("<mark>{}</mark>").format(words[i]) if i in marked else escape(words[i])
        for i in range(start, end)
    ]
    if start > 0:
        parts.insert(0, "…")
    if end < len(words):
        parts.append("…")
    return Markup(" ").join(parts)

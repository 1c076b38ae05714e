"""Which language a page speaks, and the links to the same page in the others.

Public URLs carry the language (`/nb/...`). Bokmål is the source language and
the fallback for anything we cannot read.
"""

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import flask_babel
from babel.support import Translations
from flask import Flask, Request, Response, current_app, g, request, url_for
from markupsafe import Markup
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

DEFAULT_LANGUAGE = "nb"
TRANSLATIONS = Path(__file__).resolve().parent / "translations"
COOKIE_NAME = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # the language's own name for itself
    direction: str = "ltr"


LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in [
        Language("nb", "Norsk bokmål"),
        Language("nn", "Norsk nynorsk"),
        Language("en", "English"),
        Language("pl", "Polski"),
        Language("so", "Soomaali"),
        Language("uk", "Українська"),
        Language("ar", "العربية", direction="rtl"),
        Language("ti", "ትግርኛ"),
    ]
}

# What a catalog's Language-Team header says while no qualified translator has checked
# it (README.md lists those languages; the page footer says so in the language itself).
NOT_REVIEWED = "Not reviewed by a qualified translator"

# Browsers in Norway often send the macrolanguage "no"; it reads as bokmål.
_ALIASES = {"no": "nb", "nob": "nb", "nno": "nn"}


def language_name(code: str) -> str:
    """A shipped language's own name for itself ("Norsk nynorsk"); the code if unknown."""
    language = LANGUAGES.get(code)
    return language.name if language else code


def language_direction(code: str | None = None) -> str:
    """ "rtl" for a language written right to left (Arabic), else "ltr"; this page's
    language unless `code` names another (a letter's)."""
    language = LANGUAGES.get(code or current_language())
    return language.direction if language else "ltr"


def shipped_language(code: str | None) -> str:
    """`code` if the portal speaks it, else bokmål (a staff page's ?lang=, say)."""
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def language_from_prefix(path: str) -> str | None:
    """The language a path starts with (`/nn/...` → "nn"), or None."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in LANGUAGES else None


def preferred_language(req: Request) -> str:
    """The cookie, then Accept-Language, then bokmål."""
    return language_for(req.cookies.get(COOKIE_NAME), req.headers.get("Accept-Language", ""))


def language_for(cookie_value: str | None, accept_language: str) -> str:
    """The language a person most likely reads: the remembered one, then Accept-Language."""
    if cookie_value in LANGUAGES:
        return cookie_value
    for tag, _quality in parse_accept_header(accept_language, LanguageAccept):
        primary = tag.split("-", 1)[0].split("_", 1)[0].lower()
        primary = _ALIASES.get(primary, primary)
        if primary in LANGUAGES:
            return primary
    return DEFAULT_LANGUAGE


def language_changed(req: Request, code: str) -> bool:
    """Whether `code` is another language than the one this browser would be given anyway:
    only then is a cookie worth setting (a page that sets none can be kept and shared)."""
    return preferred_language(req) != code


def remember_language(response: Response, code: str) -> Response:
    """Keep the chosen language for the next visit (a cookie with no personal data)."""
    response.set_cookie(
        COOKIE_NAME,
        code,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


def current_language() -> str:
    """The language of this response; used by Flask-Babel as its locale selector."""
    if "lang" in g:
        return g.lang
    if not request:
        return DEFAULT_LANGUAGE
    prefixed = language_from_prefix(request.path)
    if prefixed:
        return prefixed
    if request.path.startswith("/admin"):
        return preferred_language(request)
    # An unknown prefix (`/xx/...`) and anything else outside the public pages.
    return DEFAULT_LANGUAGE


def alternate_urls() -> list[tuple[Language, str]]:
    """Each shipped language with a link to this same page in that language."""
    endpoint = request.endpoint or ""
    links = []
    for language in LANGUAGES.values():
        if endpoint.startswith("public.") and request.view_args is not None:
            url = url_for(endpoint, **request.view_args, lang=language.code)
            if request.method == "GET" and request.query_string:
                url += "?" + request.query_string.decode("latin-1")
        elif language_from_prefix(request.path):
            rest = request.path.lstrip("/").split("/", 1)[1:]
            url = f"/{language.code}/" + (rest[0] if rest else "")
        else:
            url = url_for("public.start", lang=language.code)
        links.append((language, url))
    return links


def _public_page() -> tuple[str, dict] | None:
    """The endpoint and its values when this is a residents' page (they carry a language)."""
    endpoint = request.endpoint or ""
    if not endpoint.startswith("public.") or request.view_args is None:
        return None
    return endpoint, {key: value for key, value in request.view_args.items() if key != "lang"}


def canonical_url(language: str | None = None) -> str | None:
    """This page's own address, absolute and without its query (`/nb/search`, not
    `/nb/search?q=x`), in `language` (the text's language, where that differs)."""
    page = _public_page()
    if page is None:
        return None
    endpoint, values = page
    return url_for(endpoint, **values, lang=language or current_language(), _external=True)


def language_versions(
    available: list[str] | tuple[str, ...] | None = None,
) -> list[tuple[str, str]]:
    """(code, absolute URL) of this page in each language it exists in (every shipped
    language unless `available` says fewer), for <link rel="alternate" hreflang>."""
    page = _public_page()
    if page is None:
        return []
    endpoint, values = page
    codes = [code for code in LANGUAGES if available is None or code in available]
    return [(code, url_for(endpoint, **values, lang=code, _external=True)) for code in codes]


def _translations():
    # Flask-Babel finds the catalog through several context lookups on every
    # call; a page makes dozens of calls, so keep the answer for the request.
    translations = g.get("_translations")
    if translations is None:
        translations = g._translations = flask_babel.get_translations()
    return translations


def translation_reviewed() -> bool:
    """Whether this page's catalog has been checked by a qualified translator (bokmål,
    the source language, has no catalog and needs none)."""
    return current_language() not in _unreviewed_languages()


@functools.cache
def _unreviewed_languages() -> frozenset[str]:
    # Read once from the compiled catalogs' headers (Flask-Babel's merged catalog keeps
    # the messages but not the header).
    return frozenset(
        code
        for code in LANGUAGES
        if Translations.load(str(TRANSLATIONS), [code]).info().get("language-team") == NOT_REVIEWED
    )


class WordsInLanguage(Mapping):
    """A value list's words (value → lazy label), translated once per language: the
    catalogs never change while the app runs, and a queue of 50 rows would otherwise ask
    the catalog for each label of each row. Follows `force_locale` (letters, messages)."""

    def __init__(self, labels: Mapping[str, object]):
        self._labels = labels
        self._by_language: dict[str, dict[str, str]] = {}

    def _words(self) -> dict[str, str]:
        locale = flask_babel.get_locale()
        language = locale.language if locale else DEFAULT_LANGUAGE
        words = self._by_language.get(language)
        if words is None:
            words = {value: str(label) for value, label in self._labels.items()}
            self._by_language[language] = words
        return words

    def __getitem__(self, value: str) -> str:
        return self._words()[value]

    def __iter__(self) -> Iterator[str]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)


def template_gettext(message: str, **variables) -> Markup:
    """`_()` in templates: the translation is trusted markup, the values are escaped."""
    translated = Markup(_translations().ugettext(message))  # noqa: S704 (our own catalogs)
    return translated % variables if variables else translated


def template_ngettext(singular: str, plural: str, num: int, **variables) -> Markup:
    translated = Markup(_translations().ungettext(singular, plural, num))  # noqa: S704
    return translated % {"num": num, **variables}


def install_template_gettext(app: Flask) -> None:
    """Templates call these directly: the same result as Jinja's newstyle gettext,
    without its per-call context lookups, which a page makes dozens of."""
    app.jinja_env.globals.update(
        _=template_gettext,
        gettext=template_gettext,
        ngettext=template_ngettext,
        translation_reviewed=translation_reviewed,
    )

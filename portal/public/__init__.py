"""The residents' blueprint: every URL starts with the language (`/nb/...`)."""

from flask import Blueprint, Response, abort, g, redirect, request, url_for

from portal.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    current_language,
    language_changed,
    preferred_language,
    remember_language,
)

bp = Blueprint("public", __name__, url_prefix="/<lang>")


@bp.url_value_preprocessor
def take_language(_endpoint: str | None, values: dict | None) -> None:
    lang = (values or {}).pop("lang", DEFAULT_LANGUAGE)
    if lang not in LANGUAGES:
        g.lang = DEFAULT_LANGUAGE
        abort(404)
    g.lang = lang


@bp.url_defaults
def keep_language(_endpoint: str, values: dict) -> None:
    values.setdefault("lang", current_language())


@bp.after_request
def remember_chosen_language(response: Response) -> Response:
    # Only when the person chose another language than `/` would give them: most pages then
    # set no cookie, and the page cache can share them (portal/http_caching.py).
    if language_changed(request, g.lang):
        remember_language(response, g.lang)
    return response


def choose_language():
    """`/`: send the person to the start page in the language they most likely read."""
    response = redirect(url_for("public.start", lang=preferred_language(request)))
    response.vary.update(["Cookie", "Accept-Language"])
    return response


# The journeys register their routes on `bp` when imported.
from portal.public import (  # noqa: E402
    apply,
    apply_files,
    book,
    calculator,
    case,
    feedback,
    guide,
    info,
    kiosk,
    search,
    start,
)

__all__ = [
    "apply",
    "apply_files",
    "book",
    "bp",
    "calculator",
    "case",
    "choose_language",
    "feedback",
    "guide",
    "info",
    "kiosk",
    "search",
    "start",
]

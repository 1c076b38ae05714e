"""Information pages, the accessibility statement and the privacy statement."""

from flask import abort, redirect, render_template, url_for

from portal.db import db, utcnow
from portal.http_caching import same_for_everyone
from portal.i18n import current_language
from portal.public import bp
from portal.services.information.reading import read_page

ACCESSIBILITY_SLUG = "tilgjengelighet"
PRIVACY_SLUG = "personvern"


def _show(slug: str):
    reading = read_page(db.session, slug, current_language(), now=utcnow())
    if reading.moved_to:
        # Permanently: old links and bookmarks lead to the page that replaced it.
        return redirect(url_for(".page", slug=reading.moved_to), 301)
    if reading.page is None:
        abort(404)
    return render_template("public/info/page.html", page=reading.page, related=reading.related)


@bp.get("/info/<slug>")
@same_for_everyone
def page(slug: str):
    return _show(slug)


@bp.get("/accessibility")
@same_for_everyone
def accessibility():
    return _show(ACCESSIBILITY_SLUG)


@bp.get("/privacy")
@same_for_everyone
def privacy():
    return _show(PRIVACY_SLUG)

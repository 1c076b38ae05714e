"""Information pages, the accessibility statement and the privacy statement."""

from flask import abort, render_template

from portal.db import db
from portal.http_caching import same_for_everyone
from portal.i18n import current_language
from portal.public import bp
from portal.services.information.pages import published_page

ACCESSIBILITY_SLUG = "tilgjengelighet"
PRIVACY_SLUG = "personvern"


def _show(slug: str):
    page = published_page(db.session, slug, current_language())
    if page is None:
        abort(404)
    return render_template("public/info/page.html", page=page)


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

"""The start page: the main needs, and urgent help."""

from flask import render_template, request

from portal.db import db, utcnow
from portal.http_caching import same_for_everyone
from portal.i18n import current_language
from portal.public import bp
from portal.services.information import start_page
from portal.services.information.search import MAX_QUERY_LENGTH


@bp.get("/")
@same_for_everyone
def start():
    content = start_page.start_page(db.session, current_language(), now=utcnow())
    return render_template(
        "public/start/index.html",
        urgent=content.urgent,
        cards=content.cards,
        menu=content.menu,
        max_length=MAX_QUERY_LENGTH,
        cleared=request.args.get("cleared"),
    )

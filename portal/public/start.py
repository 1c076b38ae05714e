"""The start page: the main needs, and urgent help."""

from flask import render_template, request

from portal.db import db
from portal.http_caching import same_for_everyone
from portal.public import bp
from portal.services.information import contacts
from portal.services.information.search import MAX_QUERY_LENGTH


@bp.get("/")
@same_for_everyone
def start():
    urgent = contacts.urgent_contacts(db.session)
    return render_template(
        "public/start/index.html",
        urgent=urgent,
        max_length=MAX_QUERY_LENGTH,
        cleared=request.args.get("cleared"),
    )

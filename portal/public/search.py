"""Search the information pages. htmx shows results as the person types."""

from flask import render_template, request

from portal.db import db
from portal.extensions import htmx
from portal.http_caching import same_for_everyone
from portal.i18n import current_language
from portal.public import bp
from portal.services.information.search import (
    MAX_QUERY_LENGTH,
    QueryTooLong,
    search_pages,
    search_terms,
)


@bp.get("/search")
@same_for_everyone(query=("q",))
def search():
    query = request.args.get("q", "").strip()
    problem, hits = None, []
    try:
        if not query:
            problem = "empty"
        elif not search_terms(query):
            problem = "no_words"
        else:
            hits = search_pages(db.session, current_language(), query)
    except QueryTooLong:
        problem = "too_long"
    template = "public/search/_results.html" if htmx else "public/search/index.html"
    return render_template(
        template, query=query, hits=hits, problem=problem, max_length=MAX_QUERY_LENGTH
    )

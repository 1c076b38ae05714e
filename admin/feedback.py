"""What residents said: "did you find what you were looking for?" per page and month,
their comments (without contact details, which are never stored), and a CSV."""

from flask import Response, render_template, request, url_for

from admin import LOCAL_TIME, bp
from admin.access import requires
from portal.db import db, utcnow
from portal.permissions import Permission
from portal.query_values import whole_number
from portal.services.information import feedback


@bp.get("/feedback")
@requires(Permission.EDIT_PAGES)
def feedback_overview():
    today = utcnow().astimezone(LOCAL_TIME).date()
    number = whole_number(request.args.get("page"), default=1)
    return render_template(
        "admin/feedback/overview.html",
        summary=feedback.per_page_and_month(db.session, today=today),
        comments=feedback.comments(db.session, page=max(number, 1)),
        page_url=lambda n: url_for(".feedback_overview", page=n, _anchor="comments"),
    )


@bp.get("/feedback.csv")
@requires(Permission.EDIT_PAGES)
def feedback_csv():
    return Response(
        feedback.export_csv(db.session),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="tilbakemeldinger.csv"'},
    )

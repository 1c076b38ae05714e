"""Feedback on a page: "did you find what you were looking for?"."""

from flask import redirect, render_template, request, url_for

from portal.db import db, utcnow
from portal.extensions import htmx, limiter
from portal.i18n import current_language
from portal.paths import is_local_path
from portal.public import bp
from portal.public.forms.feedback import FeedbackForm
from portal.rate_limits import SEND_FEEDBACK, allowance
from portal.services.information.feedback import record_feedback


@bp.route("/feedback", methods=["GET", "POST"])
@limiter.limit(allowance(SEND_FEEDBACK), methods=["POST"])
def feedback():
    form = FeedbackForm(page=request.args.get("page", ""))
    if form.validate_on_submit():
        record_feedback(
            db.session,
            page=form.page.data,
            language=current_language(),
            found_what_they_needed=form.found_what_they_needed.data == "yes",
            comment=form.comment.data or "",
            now=utcnow(),
        )
        if htmx:
            return render_template("public/feedback/_thanks.html", back_to=form.page.data)
        return redirect(url_for(".feedback_thanks", page=form.page.data))
    template = "public/feedback/_form.html" if htmx else "public/feedback/form.html"
    return render_template(template, form=form)


@bp.get("/feedback/thanks")
def feedback_thanks():
    back_to = request.args.get("page", "")
    if not is_local_path(back_to):
        back_to = ""
    return render_template("public/feedback/thanks.html", back_to=back_to)

"""The attachments page of the application: add a file, remove one, go on."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.db import db, utcnow
from portal.extensions import limiter
from portal.forms.application import TITLES
from portal.public import bp
from portal.public.drafts import (
    back_url,
    cannot_go_on,
    current_draft,
    page_after,
    progress,
    save_for_later,
)
from portal.public.forms.apply import AttachmentForm
from portal.query_values import whole_number
from portal.rate_limits import ADD_FILE, accepts_files, allowance
from portal.services.casework import applications, attachments
from portal.services.casework.applications import AlreadySubmitted, DraftGone
from portal.uploads import ATTACHMENT_REFUSALS, attachment_directory, refusal_status, sent_name


@bp.route("/apply/attachments", methods=["GET", "POST"])
@accepts_files
@limiter.limit(allowance(ADD_FILE), methods=["POST"])
def application_attachments():
    try:
        draft = current_draft()
    except (DraftGone, AlreadySubmitted) as error:
        return cannot_go_on(error)
    form = AttachmentForm()
    file_error = refusal = None
    # CSRF is checked for every POST before the view runs (extensions.csrf).
    if request.method == "POST":
        upload = request.files.get("file")
        chosen = upload is not None and bool(upload.filename)
        # Every button takes a chosen file, so pressing "Continue" never drops it.
        if chosen and form.validate():
            try:
                applications.add_attachment(
                    db.session,
                    draft,
                    attachments.read_limited(upload.stream),
                    original_name=sent_name(upload.filename),
                    kind=form.kind.data,
                    directory=attachment_directory(),
                    now=utcnow(),
                )
            except attachments.AttachmentRefused as refused:
                refusal = refused.reason
                file_error = ATTACHMENT_REFUSALS[refusal]
        if "upload" in request.form and not chosen:
            file_error = _("Velg en fil.")
        if file_error is None and not form.errors:
            removed = whole_number(request.form.get("remove"))
            if removed is not None:
                applications.remove_attachment(
                    db.session, draft, removed, directory=attachment_directory()
                )
                return redirect(url_for(".application_attachments", added=int(chosen) or None))
            if "upload" in request.form:
                return redirect(url_for(".application_attachments", added=1))
            if "later" in request.form:
                return save_for_later(draft, "attachments")
            applications.save_step(
                db.session, draft, "attachments", typed={}, answers={}, now=utcnow()
            )
            return redirect(page_after(draft))
    files = applications.draft_attachments(db.session, draft)

    status = refusal_status(refusal) if file_error or form.errors else 200
    return render_template(
        "public/apply/attachments.html",
        form=form,
        files=files,
        file_error=file_error,
        title=TITLES["attachments"],
        progress=progress("attachments"),
        back_url=back_url(draft, "attachments"),
        max_files=attachments.MAX_FILES,
        added=bool(request.args.get("added")),
    ), status

"""The audit log (admins only): filter, page through, export as CSV."""

from flask import Response, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from admin import bp, client_address
from admin.access import requires
from admin.forms.audit import AuditFilterForm
from portal.db import db, utcnow
from portal.models.audit import AuditAction
from portal.permissions import Permission
from portal.query_values import whole_number
from portal.services.staff import audit, staff_accounts


def _filter_form() -> tuple[AuditFilterForm, audit.AuditFilter]:
    form = AuditFilterForm(request.args)
    people = staff_accounts.list_staff(db.session)
    form.person.choices = [("", _l("Alle"))] + [
        (str(p.id), f"{p.name} ({p.email})") for p in people
    ]
    form.action.choices = [("", _l("Alle")), *[(a.value, a.label) for a in AuditAction]]
    form.validate()
    person = form.person.data or ""
    filters = audit.AuditFilter(
        actor_id=whole_number(person),
        action=form.action.data if form.action.data in audit.ACTIONS else None,
        from_date=form.from_date.data if not form.from_date.errors else None,
        to_date=form.to_date.data if not form.to_date.errors else None,
    )
    return form, filters


@bp.get("/audit")
@requires(Permission.SEE_AUDIT_LOG)
def audit_log():
    form, filters = _filter_form()
    page = whole_number(request.args.get("page"), default=1)
    result = audit.search(db.session, filters, page=max(page, 1))
    query = {key: value for key, value in request.args.items() if key != "page"}
    return render_template(
        "admin/audit/list.html",
        form=form,
        result=result,
        csv_url=url_for(".audit_csv", **query),
        page_url=lambda number: url_for(".audit_log", **query, page=number),
    )


@bp.get("/audit.csv")
@requires(Permission.SEE_AUDIT_LOG)
def audit_csv():
    _form, filters = _filter_form()
    body = audit.export_csv(
        db.session,
        filters,
        actor=current_user._get_current_object(),
        address=client_address(),
        now=utcnow(),
    )
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": 'attachment; filename="logg.csv"',
            "Cache-Control": "no-store",
        },
    )

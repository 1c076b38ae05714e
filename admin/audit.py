"""The audit log (admins only): filter, page through, export as CSV."""

from flask import Response, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from admin import bp, client_address
from admin.access import requires
from admin.forms.audit import AuditFilterForm
from portal.db import db, utcnow
from portal.query_values import whole_number
from portal.services.staff import audit, staff_accounts

ACTION_NAMES = {
    "sign_in": _l("Logget inn"),
    "sign_in_failed": _l("Mislykket innlogging"),
    "lockout": _l("Konto låst"),
    "sign_out": _l("Logget ut"),
    "two_factor_failed": _l("Feil tofaktorkode"),
    "recovery_code_used": _l("Reservekode brukt"),
    "two_factor_enrolled": _l("Tofaktor satt opp"),
    "two_factor_reset": _l("Tofaktor nullstilt"),
    "password_changed": _l("Passord byttet"),
    "password_link_created": _l("Passordlenke laget"),
    "password_set_by_link": _l("Passord satt med lenke"),
    "account_created": _l("Konto opprettet"),
    "account_deactivated": _l("Konto deaktivert"),
    "account_reactivated": _l("Konto aktivert igjen"),
    "roles_changed": _l("Roller endret"),
    "audit_exported": _l("Logg eksportert"),
    "page_created": _l("Side opprettet"),
    "page_saved": _l("Side lagret"),
    "page_published": _l("Side publisert"),
    "page_unpublished": _l("Side avpublisert"),
    "page_restored": _l("Eldre versjon hentet fram"),
    "page_review_changed": _l("Oversettelsesstatus endret"),
    "settings_changed": _l("Innstillinger endret"),
    "slots_created": _l("Veiledningstider lagt inn"),
    "slot_cancelled": _l("Veiledningstid avlyst"),
    "case_viewed": _l("Sak åpnet"),
    "case_status_changed": _l("Sakens status endret"),
    "attachment_downloaded": _l("Vedlegg lastet ned"),
    "kiosk_marked": _l("PC gjort til kiosk"),
    "kiosk_unmarked": _l("Kiosk gjort til vanlig PC"),
    "outbox_retried": _l("Melding lagt tilbake i køen"),
}


def _filter_form() -> tuple[AuditFilterForm, audit.AuditFilter]:
    form = AuditFilterForm(request.args)
    people = staff_accounts.list_staff(db.session)
    form.person.choices = [("", _l("Alle"))] + [
        (str(p.id), f"{p.name} ({p.email})") for p in people
    ]
    form.action.choices = [("", _l("Alle"))] + [(a, ACTION_NAMES.get(a, a)) for a in audit.ACTIONS]
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
@requires(roles={"admin"})
def audit_log():
    form, filters = _filter_form()
    page = whole_number(request.args.get("page"), default=1)
    result = audit.search(db.session, filters, page=max(page, 1))
    query = {key: value for key, value in request.args.items() if key != "page"}
    return render_template(
        "admin/audit/list.html",
        form=form,
        result=result,
        action_names=ACTION_NAMES,
        csv_url=url_for(".audit_csv", **query),
        page_url=lambda number: url_for(".audit_log", **query, page=number),
    )


@bp.get("/audit.csv")
@requires(roles={"admin"})
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

"""The staff blueprint, under /admin. One module per task a person does."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, redirect, request, url_for
from flask_login import current_user

from admin import access, kept_pages, navigation, staff_session
from portal.db import db, utcnow
from portal.services.staff import sign_in as sign_in_service
from portal.services.staff.audit import Actor

LOCAL_TIME = ZoneInfo("Europe/Oslo")

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")
bp.record_once(lambda state: kept_pages.init_app(state.app))
bp.record_once(lambda state: staff_session.init_app(state.app))


def client_address() -> str:
    return request.remote_addr or ""


def current_actor() -> Actor:
    """The signed-in person and their address, as services record them in the audit log."""
    return Actor(current_user._get_current_object(), client_address())


@bp.before_request
def check_access_and_time_limits():
    access.check_declared()
    if not current_user.is_authenticated:
        return None
    now = utcnow()
    reason = staff_session.expiry_reason(now)
    if reason is not None:
        sign_in_service.record_sign_out(
            db.session,
            current_user._get_current_object(),
            address=client_address(),
            now=now,
            reason=reason,
        )
        staff_session.end()
        return redirect(url_for("admin.login", expired=1))
    staff_session.touch(now)
    return None


@bp.context_processor
def staff_layout_values() -> dict:
    if not current_user.is_authenticated:
        return {"staff_fully_signed_in": False}
    expires_at = staff_session.expires_at()
    return {
        "staff_fully_signed_in": staff_session.is_fully_signed_in(current_user),
        "staff_tasks": navigation.tasks_for(current_user.role_names),
        "session_ends_at": datetime.fromtimestamp(expires_at, UTC).astimezone(LOCAL_TIME),
        "session_seconds_left": max(0, expires_at - int(utcnow().timestamp())),
    }


# The tasks register their routes on `bp` when imported.
from admin import (  # noqa: E402
    account,
    allocation,
    audit,
    cases,
    decisions,
    dwellings,
    feedback,
    home,
    kiosk,
    meetings,
    outbox,
    page_menu,
    pages,
    queue,
    settings,
    sign_in,
    slots,
    staff,
    start_page,
    stats,
    teams,
    two_factor,
)

__all__ = [
    "account",
    "allocation",
    "audit",
    "bp",
    "cases",
    "decisions",
    "dwellings",
    "feedback",
    "home",
    "kiosk",
    "meetings",
    "outbox",
    "page_menu",
    "pages",
    "queue",
    "settings",
    "sign_in",
    "slots",
    "staff",
    "start_page",
    "stats",
    "teams",
    "two_factor",
]

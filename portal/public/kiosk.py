"""'Finish and clear' on the shared kiosk PC (portal/kiosk.py has the rules)."""

from flask import redirect, request, url_for

from portal import kiosk
from portal.public import bp


@bp.before_request
def wipe_an_idle_kiosk_session():
    return kiosk.check_idle_time()


@bp.post("/finish")
def finish_and_clear():
    """Everything this browser holds for the person goes: the session, cached pages, storage."""
    reason = "timeout" if request.form.get("reason") == "timeout" else "finished"
    return kiosk.clear_everything(redirect(url_for(".start", cleared=reason)))

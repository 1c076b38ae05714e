"""The staff start page: what this person can do here."""

from flask import render_template
from flask_login import current_user

from admin import bp
from admin.access import requires
from portal.db import db
from portal.permissions import Permission, may
from portal.services.messaging import outbox_delivery


@bp.get("/")
@requires()
def home():
    # Whoever handles messages sees at once when one to a resident did not get through.
    sees_messages = may(current_user.role_names, Permission.MANAGE_MESSAGES)
    failed_messages = outbox_delivery.count_failed(db.session) if sees_messages else 0
    return render_template("admin/home/index.html", failed_messages=failed_messages)

"""The staff start page: what this person can do here."""

from flask import render_template
from flask_login import current_user

from admin import bp
from admin.access import requires
from portal.db import db
from portal.services.messaging import outbox_delivery


@bp.get("/")
@requires()
def home():
    # Admins see at once when a message to a resident did not get through.
    is_admin = "admin" in current_user.role_names
    failed_messages = outbox_delivery.count_failed(db.session) if is_admin else 0
    return render_template("admin/home/index.html", failed_messages=failed_messages)

"""The staff start page: what this person can do here."""

from flask import render_template

from admin import bp
from admin.access import requires


@bp.get("/")
@requires()
def home():
    return render_template("admin/home/index.html")

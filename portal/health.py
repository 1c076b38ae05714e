"""`/healthz`: for the load balancer and monitoring. 200 when the database answers, else 503."""

from flask import Blueprint

from portal.db import db, is_reachable

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    if is_reachable(db.session):
        return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8"}
    return "database unavailable\n", 503, {"Content-Type": "text/plain; charset=utf-8"}

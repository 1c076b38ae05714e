"""Images on information pages, for everyone: /media/<name>.

The files live outside static/ (PORTAL_MEDIA_DIRECTORY) under random names; a name in
the address holds a hash of the picture, so browsers may keep it for a year without
asking again. Nothing here is personal: the kiosk's no-store rule is for pages.
"""

from pathlib import Path

from flask import Blueprint, abort, current_app, send_file

from portal.db import db
from portal.services.information import images

bp = Blueprint("media", __name__)

YEAR = 365 * 24 * 3600


def media_directory() -> Path:
    """Where uploaded images are kept (PORTAL_MEDIA_DIRECTORY): never under static/."""
    return Path(current_app.config["MEDIA_DIRECTORY"])


@bp.get("/media/<name>")
def image(name: str):
    found = images.file_of(db.session, media_directory(), name)
    if found is None or not found[0].is_file():
        abort(404)
    path, content_type = found
    response = send_file(path, mimetype=content_type, max_age=YEAR, conditional=True, etag=name)
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response

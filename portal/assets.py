"""URLs for static files that change when the file changes, so they can be cached for a year."""

import hashlib
from functools import cache
from pathlib import Path

from flask import current_app, url_for


@cache
def _fingerprinted_url(static_folder: str, filename: str) -> str:
    # Worked out once per file and process: a deploy restarts the workers.
    digest = hashlib.sha256((Path(static_folder) / filename).read_bytes()).hexdigest()[:12]
    return url_for("static", filename=filename, v=digest)


def static_url(filename: str) -> str:
    return _fingerprinted_url(current_app.static_folder, filename)

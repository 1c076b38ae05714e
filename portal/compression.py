"""Small on the wire: pages compressed as they leave, static files compressed once, at build time.

- Pages: Flask-Compress compresses every HTML (and other text) response with Brotli when the
  browser asks for it, else gzip. Brotli at quality 4 costs about as much CPU as gzip at 6
  and is smaller; the page cache (portal/page_cache.py) keeps its pages compressed already.
- Static files: `flask --app wsgi compress-static` (part of `make build`) writes `<file>.br`
  (Brotli, quality 11) and `<file>.gz` (gzip, level 9) beside every stylesheet, script and
  SVG under portal/static. The static view sends the smallest one the browser accepts, with
  `Content-Encoding` and `Vary: Accept-Encoding`; files are never compressed per request.

Streamed responses (files, calendar downloads) are left alone.
"""

import gzip
import mimetypes
from functools import lru_cache
from pathlib import Path

import brotli
from flask import Flask, current_app, request, send_from_directory

from portal.extensions import compress

# In the order the portal prefers them, smallest first.
ENCODINGS = ("br", "gzip")
SUFFIXES = {"br": ".br", "gzip": ".gz"}
PRECOMPRESSED_TYPES = (".css", ".js", ".svg")


@lru_cache(maxsize=256)
def choose_encoding(accept_encoding: str) -> str | None:
    """The encoding to send for this Accept-Encoding header: "br", "gzip" or None (as it is)."""
    qualities: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        name, _, parameters = part.strip().partition(";")
        quality = 1.0
        if parameters.strip().startswith("q="):
            try:
                quality = float(parameters.strip()[2:])
            except ValueError:
                quality = 0.0
        qualities[name.strip()] = quality
    best, best_quality = None, 0.0
    for encoding in ENCODINGS:
        quality = qualities.get(encoding, qualities.get("*", 0.0))
        if quality > best_quality:
            best, best_quality = encoding, quality
    return best


def encode(body: bytes, encoding: str) -> bytes:
    """`body` compressed the way a page is sent (fast settings, decided per response)."""
    if encoding == "br":
        return brotli.compress(body, quality=current_app.config["COMPRESS_BR_LEVEL"])
    if encoding == "gzip":
        return gzip.compress(body, current_app.config["COMPRESS_LEVEL"], mtime=0)
    raise ValueError(f"unknown encoding {encoding!r}")


def compress_static(folder: Path) -> int:
    """Write .br and .gz beside each text file under `folder` that has none or an older one."""
    written = 0
    for path in sorted(folder.rglob("*")):
        if path.suffix not in PRECOMPRESSED_TYPES or not path.is_file():
            continue
        original = path.read_bytes()
        for encoding, suffix in SUFFIXES.items():
            target = path.with_name(path.name + suffix)
            if target.exists() and target.stat().st_mtime >= path.stat().st_mtime:
                continue
            if encoding == "br":
                packed = brotli.compress(original, quality=11)
            else:
                packed = gzip.compress(original, 9, mtime=0)
            target.write_bytes(packed)
            written += 1
    return written


def send_static(filename: str):
    """The static view: the precompressed copy the browser accepts, else the file itself."""
    folder = Path(current_app.static_folder)
    max_age = current_app.get_send_file_max_age(filename)
    encoding = choose_encoding(request.headers.get("Accept-Encoding", ""))
    compressed = filename + SUFFIXES[encoding] if encoding else None
    if compressed and _is_fresh(folder / compressed, folder / filename):
        mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        response = send_from_directory(folder, compressed, mimetype=mimetype, max_age=max_age)
        response.headers["Content-Encoding"] = encoding
    else:
        response = send_from_directory(folder, filename, max_age=max_age)
    response.vary.add("Accept-Encoding")
    return response


def _is_fresh(compressed: Path, original: Path) -> bool:
    """A compressed copy made from the file as it is now (one older than the file, left by an
    earlier build, would send yesterday's stylesheet under today's address)."""
    try:
        return compressed.stat().st_mtime >= original.stat().st_mtime
    except (FileNotFoundError, NotADirectoryError):
        return False


def init_app(app: Flask) -> None:
    """Compress responses; call before any other after-request hook is registered, so that
    compressing is the last thing done to a response (hooks run in reverse order)."""
    compress.init_app(app)
    app.view_functions["static"] = send_static

"""What a phone receives: each public page type with its stylesheet and scripts, as sent.

Every request says `Accept-Encoding: gzip` (what every phone browser sends at the least), and
the bytes counted are the bytes the portal sends: the page compressed by the portal, the
static files from their precompressed copies (`make build`). Budgets: 30 KB in all, 14 KB for
the HTML and CSS (what the first round trips of a slow connection carry), and no request to
another origin.
"""

import gzip
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from portal import compression, demo
from portal.db import utcnow
from portal.i18n import LANGUAGES

STATIC = Path(__file__).resolve().parents[2] / "portal" / "static"
ALL_BYTES = 30 * 1024
HTML_AND_CSS_BYTES = 14 * 1024
PAGE_TYPES = [
    "/{lang}/",
    "/{lang}/info/bostotte",
    "/{lang}/info/startlan",
    "/{lang}/info/miste-bolig",
    "/{lang}/accessibility",
    "/{lang}/privacy",
    "/{lang}/search",
    "/{lang}/search?q=bostøtte",
    "/{lang}/guide",
    "/{lang}/guide?situation=renting&step=1",
    "/{lang}/calculator",
    "/{lang}/calculator?amount=2000000&years=25&rate=5",
    "/{lang}/book",
    "/{lang}/book/bostotte",
    "/{lang}/book/call-me",
    "/{lang}/apply",
    "/{lang}/case",
    "/{lang}/feedback",
]
# Elements whose address the browser fetches by itself while loading the page.
FETCHED = [("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src"),
           ("source", "src"), ("video", "src"), ("audio", "src"), ("object", "data")]  # fmt: skip


@pytest.fixture(scope="module", autouse=True)
def precompressed_static_files():
    """What `make build` does before the portal is served."""
    compression.compress_static(STATIC)


@pytest.fixture
def portal(app, data):
    with app.app_context():
        for _line in demo.seed(data, files=Path(app.config["ATTACHMENT_DIRECTORY"]), now=utcnow()):
            pass
    return app


def on_the_wire(client, path: str) -> tuple[int, bytes, str]:
    """Bytes sent for `path`, the page as the browser reads it, and its Content-Type."""
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200, path
    sent = response.data
    readable = gzip.decompress(sent) if response.headers.get("Content-Encoding") else sent
    if len(readable) > 1024:
        assert response.headers.get("Content-Encoding") == "gzip", path
        assert "Accept-Encoding" in response.headers.get("Vary", ""), path
    return len(sent), readable, response.mimetype


def weigh(client, path: str) -> dict:
    html_bytes, html, _ = on_the_wire(client, path)
    page = BeautifulSoup(html, "html.parser")
    fetched = [
        element[attribute]
        for tag, attribute in FETCHED
        for element in page.find_all(tag)
        if element.get(attribute) and (tag != "link" or "stylesheet" in element.get("rel", []))
    ]
    others = [url for url in fetched if urlsplit(url).netloc or url.startswith("//")]
    css = js = 0
    for url in fetched:
        if url in others:
            continue
        size, _, mimetype = on_the_wire(client, url)
        if mimetype == "text/css":
            css += size
        else:
            js += size
    return {"html": html_bytes, "css": css, "js": js, "other_origins": others}


def test_every_public_page_type_fits_a_slow_phone_and_asks_no_other_site(portal):
    """In every language (the demo data is seeded once: seeding takes seconds)."""
    client = portal.test_client()
    over = {}
    for lang in LANGUAGES:
        for pattern in PAGE_TYPES:
            path = pattern.format(lang=lang)
            weight = weigh(client, path)
            total = weight["html"] + weight["css"] + weight["js"]
            if (
                total > ALL_BYTES
                or weight["html"] + weight["css"] > HTML_AND_CSS_BYTES
                or weight["other_origins"]
            ):
                over[path] = weight

    assert over == {}


def test_static_files_are_sent_precompressed_with_their_own_type(client):
    for encoding, opener in (("br", compression.brotli.decompress), ("gzip", gzip.decompress)):
        response = client.get("/static/css/portal.css", headers={"Accept-Encoding": encoding})

        assert response.headers["Content-Encoding"] == encoding
        assert response.mimetype == "text/css"
        assert "Accept-Encoding" in response.headers["Vary"]
        assert opener(response.data) == (STATIC / "css" / "portal.css").read_bytes()


def test_a_browser_that_accepts_no_compression_gets_the_file_as_it_is(client):
    response = client.get("/static/js/portal.js", headers={"Accept-Encoding": "identity"})

    assert "Content-Encoding" not in response.headers
    assert response.data == (STATIC / "js" / "portal.js").read_bytes()


def test_pages_are_sent_with_brotli_when_the_browser_asks_for_it(client):
    response = client.get("/nb/search?q=bolig", headers={"Accept-Encoding": "gzip, br"})

    assert response.headers["Content-Encoding"] == "br"
    assert b"<html" in compression.brotli.decompress(response.data)


def test_a_compressed_copy_older_than_its_file_is_never_sent(app, client, tmp_path):
    """A build left from before the stylesheet changed must not send the old one."""
    (tmp_path / "css").mkdir()
    original = tmp_path / "css" / "site.css"
    original.write_text("body { color: red; }")
    compression.compress_static(tmp_path)
    original.write_text("body { color: blue; }")
    stale = original.stat().st_mtime - 60
    os.utime(tmp_path / "css" / "site.css.gz", (stale, stale))
    os.utime(tmp_path / "css" / "site.css.br", (stale, stale))
    app.static_folder = str(tmp_path)

    response = client.get("/static/css/site.css", headers={"Accept-Encoding": "gzip, br"})

    assert "Content-Encoding" not in response.headers
    assert response.data == b"body { color: blue; }"

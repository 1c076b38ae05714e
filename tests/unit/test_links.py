"""Links that lead nowhere: internal ones refused on save, external ones found by a command."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import func, select

from portal.models import PageRevision
from portal.services.information import archive, links, page_editing
from portal.services.information.page_editing import BrokenLinks, Text
from portal.services.staff.audit import Actor
from tests.factories import NOW, make_page
from tests.staff import make_staff

KNOWN_ROUTES = {"/nb/calculator", "/nb/apply"}


def is_route(path: str) -> bool:
    """Like portal.paths.is_route, for a portal with two other pages."""
    path = path.split("#")[0].split("?")[0]
    return path.startswith(("/nb/info/", "/nn/info/")) or path in KNOWN_ROUTES


def test_links_to_missing_pages_images_and_paths_are_named_once_in_order(session):
    make_page(session, slug="bostotte")
    make_page(session, slug="gammel")
    make_page(session, slug="ny")
    archive.archive_page(session, "gammel", to_slug="ny",
                         actor=Actor(make_staff(session, "editor"), "x"), now=NOW)  # fmt: skip
    text = (
        "[a](/nb/info/bostotte) [b](/nb/info/bostote) [c](/nn/info/gammel#top) "
        "[d](/nb/calculator?x=1) [e](/nb/kalkulator) [f](https://www.husbanken.no/x) "
        "[g](mailto:post@eigersund.kommune.no) [b again](/nb/info/bostote) "
        f"![h](/media/{'0' * 32}-10x10.jpg) [i](/xx/info/bostotte)"
    )

    broken = links.broken_internal_links(session, text, is_route=is_route)

    assert broken == [
        "/nb/info/bostote",
        "/nb/kalkulator",
        f"/media/{'0' * 32}-10x10.jpg",
        "/xx/info/bostotte",
    ]


def test_a_page_saved_with_a_link_to_a_page_that_does_not_exist_is_refused_whole(session):
    page = make_page(session, body="Gammel tekst.")
    actor = Actor(make_staff(session, "editor"), "10.0.0.1")
    before = session.scalar(select(func.count()).select_from(PageRevision))

    with pytest.raises(BrokenLinks) as refused:
        page_editing.save_draft(
            session, page.id, Text("T", "S", "Se [søknaden](/nb/info/soknad)."),
            based_on=page_editing.latest_revision(session, page.id).id, actor=actor, now=NOW,
            publish_now=True, is_route=is_route,
        )  # fmt: skip

    assert refused.value.urls == ["/nb/info/soknad"]
    session.rollback()
    assert session.scalar(select(func.count()).select_from(PageRevision)) == before
    assert page.body == "Gammel tekst."


class Site(BaseHTTPRequestHandler):
    """A small site on loopback: working, gone, HEAD-shy and hanging pages."""

    hang: threading.Event

    def _answer(self, with_body: bool) -> None:
        if self.path == "/slow":
            self.hang.wait(5)  # released when the test ends; the checker has given up long before
        status = {"/ok": 200, "/gone": 404, "/broken": 500, "/slow": 200}.get(self.path, 404)
        if self.path == "/no-head" and self.command == "HEAD":
            status = 405
        elif self.path == "/no-head":
            status = 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(with_body=False)

    def do_GET(self):
        self._answer(with_body=True)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    hang = threading.Event()
    handler = type("Handler", (Site,), {"hang": hang})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    hang.set()
    server.shutdown()
    server.server_close()


def closed_port() -> str:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    port = server.server_port
    server.server_close()
    return f"http://127.0.0.1:{port}/"


def test_the_external_check_reports_errors_silence_and_refusals_and_passes_the_rest(site):
    refused = closed_port()
    found = {
        f"{site}/ok": ["/nb/info/a"],
        f"{site}/no-head": ["/nb/info/a"],
        f"{site}/gone": ["/nb/info/a", "/en/info/a"],
        f"{site}/broken": ["/nb/info/b"],
        f"{site}/slow": ["/nb/info/b"],
        refused: ["/nb/info/c"],
    }

    broken = links.check_external(found, timeout=0.5)

    assert [(link.url, link.problem) for link in broken] == [
        (f"{site}/gone", "HTTP 404"),
        (f"{site}/broken", "HTTP 500"),
        (f"{site}/slow", "timeout"),
        (refused, "ConnectionRefusedError"),
    ]
    assert broken[0].pages == ["/nb/info/a", "/en/info/a"]


def test_only_published_pages_are_checked_with_where_each_link_is(session):
    make_page(session, slug="a", body="[x](https://a.example/x) [y](/nb/info/a)")
    make_page(session, slug="a", language="en", body="[x](https://a.example/x)")
    make_page(session, slug="b", body="[z](https://b.example/z)", publish=False)

    assert links.external_links(session) == {"https://a.example/x": ["/en/info/a", "/nb/info/a"]}


def test_the_command_lists_broken_links_and_fails_so_cron_mails_someone(app, runner, site):
    from portal.db import db

    with app.app_context():
        make_page(db.session, slug="a", body=f"[gone]({site}/gone) [ok]({site}/ok)")

    result = runner.invoke(args=["check-links", "--timeout", "1"])

    assert result.exit_code == 1
    assert f"{site}/gone — HTTP 404 — on /nb/info/a" in result.output
    assert f"{site}/ok" not in result.output

"""The rendered-page cache: public pages rendered once, shared, and dropped when content changes.

Renders are counted with Flask's `template_rendered` signal: a page served from the cache
renders no template.
"""

import gzip
import ipaddress
import time
from datetime import timedelta

import brotli
import pytest

from portal import create_app, page_cache
from portal.db import db
from portal.services.information import page_editing
from portal.services.staff.audit import Actor
from portal.signals import content_changed
from tests.conftest import app_settings
from tests.factories import NOW, at_ten, make_page, make_slot
from tests.html import form_with_token, parse, text_of
from tests.kept import counting_renders, workers_sharing_redis
from tests.staff import make_staff

REDIS_URL = "redis://127.0.0.1:6379/10"


@pytest.fixture
def page(app, data):
    return make_page(data, slug="bostotte", title="Bostøtte")


def test_a_public_page_is_rendered_once_and_then_served_from_the_cache(app, client, page):
    with counting_renders(app) as rendered:
        first = client.get("/nb/info/bostotte")
        second = app.test_client().get("/nb/info/bostotte")

    assert first.data == second.data
    assert rendered == ["public/info/page.html"]
    assert second.headers["Cache-Control"] == "private, max-age=60"
    assert second.headers["ETag"] == first.headers["ETag"]


def test_publishing_drops_every_kept_page(app, client, data, page):
    assert text_of(parse(client.get("/nb/info/bostotte")).h1) == "Bostøtte"
    editor = Actor(make_staff(data, "editor"), "10.0.0.1")
    text = page_editing.Text(title="Bostøtte fra Husbanken", summary=page.summary, body=page.body)
    based_on = page_editing.latest_revision(data, page.id).id

    page_editing.save_draft(
        data, page.id, text, based_on=based_on, actor=editor, now=NOW + timedelta(hours=1),
        publish_now=True,
    )  # fmt: skip

    assert text_of(parse(client.get("/nb/info/bostotte")).h1) == "Bostøtte fra Husbanken"


def test_content_changed_from_any_service_drops_kept_pages(app, client):
    with counting_renders(app) as rendered:
        client.get("/nb/")
        content_changed.send("settings")
        client.get("/nb/")

    assert rendered == ["public/start/index.html"] * 2


def test_each_language_is_kept_apart(app, client):
    pages = {lang: client.get(f"/{lang}/").data for lang in ("nb", "nn", "en")}
    again = {lang: client.get(f"/{lang}/").data for lang in ("nb", "nn", "en")}

    assert len(set(pages.values())) == 3
    assert pages == again


@pytest.mark.parametrize(
    ("encoding", "decode"),
    [("br", brotli.decompress), ("gzip", gzip.decompress), ("identity", lambda body: body)],
)
def test_a_kept_page_is_sent_in_the_encoding_the_browser_accepts(client, encoding, decode):
    as_rendered = client.get("/nb/", headers={"Accept-Encoding": "identity"}).data

    kept = client.get("/nb/", headers={"Accept-Encoding": encoding})

    assert kept.headers.get("Content-Encoding", "identity") == encoding
    assert decode(kept.data) == as_rendered
    assert "Accept-Encoding" in kept.headers["Vary"]


def test_a_browser_revalidating_gets_304_while_nothing_changed(client):
    first = client.get("/nb/search")

    by_etag = client.get("/nb/search", headers={"If-None-Match": first.headers["ETag"]})
    by_date = client.get(
        "/nb/search", headers={"If-Modified-Since": first.headers["Last-Modified"]}
    )

    assert by_etag.status_code == 304 and by_etag.data == b""
    assert by_date.status_code == 304
    content_changed.send("test")
    assert client.get("/nb/search", headers={"If-None-Match": '"other"'}).status_code == 200


def test_the_first_answer_from_flask_also_revalidates(client):
    etag = client.get("/nb/guide").headers["ETag"]
    content_changed.send("test")  # the next request renders again

    assert client.get("/nb/guide", headers={"If-None-Match": etag}).status_code == 304


def test_a_search_is_kept_for_all_who_ask_the_same_but_never_in_their_browser(app):
    with counting_renders(app) as rendered:
        answers = [app.test_client().get("/nb/search?q=husleie") for _ in range(2)]

    assert rendered == ["public/search/index.html"]
    assert answers[0].data == answers[1].data
    assert [answer.headers["Cache-Control"] for answer in answers] == ["no-store"] * 2


def test_a_query_the_view_did_not_declare_is_never_kept(app):
    asked = ["/nb/search?q=husleie&page=2", "/nb/search?q=a&q=b", "/nb/?cleared=finished",
             "/nb/calculator?amount=2000000&years=25", "/nb/guide?situation=renting"]  # fmt: skip
    with counting_renders(app) as rendered:
        for path in asked * 2:
            app.test_client().get(path)

    assert len(rendered) == len(asked) * 2


def test_free_times_are_kept_a_few_seconds_only(app, data, monkeypatch):
    adviser = make_staff(data, "caseworker")
    make_slot(data, adviser, at_ten(3))
    client = app.test_client()
    with counting_renders(app) as rendered:
        first = client.get("/nb/book/bostotte")
        client.get("/nb/book/bostotte")
        later = time.time() + 11
        monkeypatch.setattr(page_cache.time, "time", lambda: later)
        client.get("/nb/book/bostotte")

    assert rendered == ["public/book/choose_time.html"] * 2
    assert first.headers["Cache-Control"] == "no-store"


def test_someone_with_a_session_never_gets_or_makes_a_kept_page(app, client):
    form_with_token(client, "/nb/feedback")  # the browser now holds a session cookie
    with counting_renders(app) as rendered:
        for _ in range(2):
            response = client.get("/nb/calculator")

    assert rendered == ["public/calculator/index.html"] * 2
    assert response.headers["Cache-Control"] == "no-store"


def test_a_kiosk_never_gets_or_makes_a_kept_page(database_url):
    app = create_app(
        app_settings(database_url, KIOSK_ADDRESSES=[ipaddress.ip_network("127.0.0.1/32")])
    )
    ordinary = app.test_client()
    ordinary.get("/nb/", environ_base={"REMOTE_ADDR": "10.1.2.3"})
    with counting_renders(app) as rendered:
        response = app.test_client().get("/nb/")

    assert rendered == ["public/start/index.html"]
    assert response.headers["Cache-Control"] == "no-store"
    assert b"data-kiosk" in response.data
    db.engine_for(app).dispose()


def test_an_htmx_request_is_never_answered_from_the_cache(app, client):
    client.get("/nb/search")
    with counting_renders(app) as rendered:
        response = client.get("/nb/search", headers={"HX-Request": "true"})

    assert rendered == ["public/search/_results.html"]
    assert response.headers["Cache-Control"] == "no-store"


def test_the_language_cookie_is_set_only_when_the_language_changed(app):
    client = app.test_client()

    in_browser_language = client.get("/nn/", headers={"Accept-Language": "nn-NO"})
    chosen_english = client.get("/en/", headers={"Accept-Language": "nn-NO"})
    english_again = client.get("/en/info/x", headers={"Accept-Language": "nn-NO"})

    assert in_browser_language.headers.getlist("Set-Cookie") == []
    assert chosen_english.headers.getlist("Set-Cookie")[0].startswith("lang=en;")
    assert english_again.headers.getlist("Set-Cookie") == []
    kept = app.test_client().get("/en/", headers={"Accept-Language": "en"})
    assert kept.headers.getlist("Set-Cookie") == []


def test_a_page_that_sets_the_language_cookie_is_kept_without_the_cookie(app):
    app.test_client().get("/en/")  # sets lang=en: bokmål would have been chosen
    with counting_renders(app) as rendered:
        kept = app.test_client().get("/en/", headers={"Accept-Language": "en"})

    assert rendered == []
    assert kept.headers.getlist("Set-Cookie") == []


def test_workers_share_kept_pages_and_their_invalidation_through_redis(database_url):
    with workers_sharing_redis(database_url, REDIS_URL) as (first, second):
        first.test_client().get("/nb/")
        with counting_renders(second) as rendered:
            second.test_client().get("/nb/")
            first.extensions["portal.page_cache"].invalidate()
            second.test_client().get("/nb/")

    assert rendered == ["public/start/index.html"]


def test_pages_are_rendered_as_usual_when_redis_does_not_answer(database_url):
    app = create_app(app_settings(database_url, PAGE_CACHE_URL="redis://127.0.0.1:1/10"))

    responses = [app.test_client().get("/nb/") for _ in range(2)]

    assert [response.status_code for response in responses] == [200, 200]
    db.engine_for(app).dispose()

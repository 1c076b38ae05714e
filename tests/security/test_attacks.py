"""What a hostile visitor tries, walked from the url_map where it can be: forms without CSRF
tokens, SQL in search and filters, hostile uploads, redirects to other sites, missing
security headers, weak cookies in production, and floods that must end on the 429 page."""

import gzip
import io
import ipaddress
import re
import struct
import time
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from portal import create_app
from portal.db import db
from portal.models import Attachment, Case, Feedback, Page
from tests.conftest import app_settings, empty_tables
from tests.factories import at_ten, make_page, make_slot
from tests.html import csrf_token, error_summary_links, form_with_token, parse, text_of
from tests.staff import make_staff, post_password, sign_in
from tests.views import apply_journey
from tests.views.test_booking import book, fill_in_details

PATH_VALUES = {"lang": "nb", "slug": "bostotte", "step": "about_you", "topic": "bostotte",
               "reference": "B7K4-P2QM", "filename": "css/portal.css"}  # fmt: skip


def path_of(rule) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: PATH_VALUES.get(m.group(1), "1"), rule.rule)


# --- CSRF -----------------------------------------------------------------------------------


def post_rules(app):
    return sorted(
        (r for r in app.url_map.iter_rules() if "POST" in r.methods), key=lambda r: r.rule
    )


def test_every_post_route_refuses_a_form_without_its_csrf_token(app, data):
    staff = app.test_client()
    sign_in(staff, make_staff(data, "admin", "caseworker", "editor"))
    resident = app.test_client()
    form_with_token(resident, "/nb/feedback")  # a session with a token of its own
    refused = {}
    for rule in post_rules(app):
        for client in (staff, resident):
            without = client.post(path_of(rule), data={"name": "x"})
            forged = client.post(path_of(rule), data={"csrf_token": "forged", "name": "x"})
            refused[rule.rule] = refused.get(rule.rule, set()) | {
                without.status_code,
                forged.status_code,
            }

    assert len(refused) >= 30
    assert {rule: codes for rule, codes in refused.items() if codes != {400}} == {}
    assert data.scalar(select(func.count()).select_from(Feedback)) == 0


# --- SQL injection --------------------------------------------------------------------------

SQL = ["' OR '1'='1", "' OR 1=1--", "\" OR \"\"=\"", "'; DROP TABLE cases;--",
       "1; DELETE FROM pages", "') UNION SELECT id, slug, title FROM pages--",
       "%' AND 1=0 UNION SELECT NULL--", "bostotte' --", "NEAR(bolig utkast)", "utkast*",
       "title:utkast", "\"utkast\"", "utkast OR bolig", "-bolig", "bolig & !utkast",
       "utkast:*", "\\'", "' || pg_sleep(5) --", "'; SELECT sqlite_version();--",
       "\x00'"]  # fmt: skip


def test_sql_in_search_finds_nothing_unpublished_and_changes_nothing(app, client, data):
    make_page(data, slug="bostotte", title="Bostøtte")
    make_page(data, slug="utkast", title="Utkast hemmelig", body="utkast bolig", publish=False)
    problems = []
    for value in SQL:
        started = time.monotonic()
        response = client.get("/nb/search", query_string={"q": value})
        if response.status_code != 200 or time.monotonic() - started > 2:
            problems.append((value, response.status_code))
        if "hemmelig" in response.get_data(as_text=True).lower():
            problems.append((value, "showed an unpublished page"))

    assert problems == []
    data.expire_all()
    assert data.scalar(select(func.count()).select_from(Page)) == 2


def test_sql_in_staff_filters_shows_nothing_extra_and_changes_nothing(app, data):
    staff = app.test_client()
    sign_in(staff, make_staff(data, "admin", "caseworker"))
    book(app.test_client(), make_slot(data, make_staff(data, "caseworker"), at_ten(3)).id)
    problems = []
    for value in SQL:
        queue = staff.get("/admin/queue", query_string={"kind": value, "show": value})
        audit = staff.get("/admin/audit", query_string={"action": value, "person": value})
        for response in (queue, audit):
            if response.status_code >= 500:
                problems.append((response.request.path, value, response.status_code))
    assert problems == []
    data.expire_all()
    assert data.scalar(select(func.count()).select_from(Case)) == 1


# --- uploads --------------------------------------------------------------------------------


def png_bomb() -> bytes:
    """A valid PNG header claiming 50,000 x 50,000 pixels, its data 2.5 GB of zeros
    compressed to a few MB."""
    header = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 0, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    compressor = zlib.compressobj(9)
    row = b"\x00" * 50_001
    data = b"".join(compressor.compress(row) for _ in range(2000)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


REFUSED = {
    "an exe called .pdf": (b"MZ\x90\x00" + b"\x00" * 500, "kontrakt.pdf"),
    "html called .pdf": (b"<html><script>alert(1)</script></html>", "lonn.pdf"),
    "a gif/zip polyglot": (b"GIF89a" + b"\x00" * 20 + b"PK\x03\x04" + b"\x00" * 100, "bilde.png"),
    "a zip": (b"PK\x03\x04" + b"\x00" * 100, "dokumenter.pdf"),
    "a gzip bomb": (gzip.compress(b"\x00" * 20_000_000), "stor.pdf"),
    "svg with a script": (b'<svg onload="alert(1)"></svg>', "tegning.png"),
    "empty": (b"", "tom.pdf"),
    "one byte over 10 MB": (b"%PDF-1.4 " + b"x" * (10 * 1024 * 1024 - 8), "stor.pdf"),
}
TRAVERSING_NAMES = ["../../../../etc/passwd.pdf", "..\\..\\..\\windows\\win.ini.pdf",
                    "/etc/shadow.pdf", "....//....//x.pdf", "%2e%2e%2fx.pdf",
                    "kontrakt.pdf\x00.exe",
                    "<script>alert(1)</script>.pdf", "CON.pdf", "a" * 400 + ".pdf"]  # fmt: skip


@pytest.fixture
def attachments(app, tmp_path):
    folder = tmp_path / "files"
    app.config["ATTACHMENT_DIRECTORY"] = str(folder)
    app.config["SHARED_ADDRESSES"] = [ipaddress.ip_network("127.0.0.0/8")]
    return folder


def upload(client, token, content: bytes, name: str):
    form = {
        "csrf_token": token,
        "kind": "income",
        "upload": "1",
        "file": (io.BytesIO(content), name),
    }
    return client.post("/nb/apply/attachments", data=form, content_type="multipart/form-data")


@pytest.mark.parametrize("case", REFUSED)
def test_a_hostile_file_is_refused_with_a_message_and_leaves_nothing(
    client, data, attachments, case
):
    content, name = REFUSED[case]
    token = apply_journey.fill_in_everything(client)

    response = upload(client, token, content, name)

    assert response.status_code == 400
    assert error_summary_links(parse(response))
    assert not attachments.exists() or list(attachments.iterdir()) == []
    assert data.scalar(select(func.count()).select_from(Attachment)) == 0


def test_a_body_over_the_request_limit_gets_the_413_page(app, client, attachments):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    token = apply_journey.fill_in_everything(client)

    response = upload(client, token, b"%PDF-1.4 " + b"x" * (2 * 1024 * 1024), "stor.pdf")

    assert response.status_code == 413
    assert not attachments.exists() or list(attachments.iterdir()) == []


def test_a_decompression_bomb_is_kept_as_sent_and_never_opened(client, data, attachments):
    bomb = png_bomb()
    token = apply_journey.fill_in_everything(client)

    started = time.monotonic()
    response = upload(client, token, bomb, "bilde.png")

    assert response.status_code == 302
    assert time.monotonic() - started < 5
    (stored,) = attachments.iterdir()
    assert stored.read_bytes() == bomb


def test_file_names_that_climb_out_stay_names_and_files_stay_in_their_folder(
    app, client, data, attachments
):
    token = apply_journey.fill_in_everything(client)
    for name in TRAVERSING_NAMES:
        assert upload(client, token, b"%PDF-1.4 " + name.encode(), name).status_code == 302
    page = parse(client.get("/nb/apply/attachments"))

    stored = list(attachments.iterdir())
    assert len(stored) == len(TRAVERSING_NAMES)
    assert all(re.fullmatch(r"[0-9a-f]{32}", path.name) for path in stored)
    assert all(path.resolve().parent == attachments.resolve() for path in stored)
    names = data.scalars(select(Attachment.original_name)).all()
    assert all("/" not in name and "\\" not in name and len(name) <= 200 for name in names)
    assert "kontrakt.pdf.exe" in names  # the NUL byte gone, PostgreSQL refuses it in text
    assert page.find("script", src=None) is None


def test_staff_get_a_polyglot_as_a_download_that_the_browser_will_not_run(app, data, attachments):
    polyglot = b"%PDF-1.4\n<html><script>alert(1)</script></html>"
    resident = app.test_client()
    token = apply_journey.fill_in_everything(resident)
    upload(resident, token, polyglot, "kontrakt.html")
    apply_journey.submit(resident, token)
    reference = parse(resident.get("/nb/apply/receipt")).select_one(".receipt-code").get_text()
    staff = app.test_client()
    sign_in(staff, make_staff(data, "caseworker"))
    link = parse(staff.get(f"/admin/cases/{reference}")).find("a", href=re.compile("/files/"))

    response = staff.get(link["href"])

    assert response.data == polyglot
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert (
        "sandbox" in response.headers["Content-Security-Policy"]
        or "default-src 'self'" in (response.headers["Content-Security-Policy"])
    )


# --- open redirects -------------------------------------------------------------------------

AWAY = ["https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example",
        "/%09/evil.example", "/%2F%2Fevil.example", "https:evil.example", "javascript:alert(1)",
        "//%0d%0aevil.example", "/\t/evil.example", "http://127.0.0.1.evil.example/",
        "/nb/../../evil.example"]  # fmt: skip
NEXT_NAMES = ["next", "page", "return_to", "redirect", "url", "back"]


def stays_here(location: str) -> bool:
    parts = urlsplit(location)
    return (
        not parts.scheme and not parts.netloc and location.startswith("/")
        and not location.startswith(("//", "/\\")) and "\t" not in location
    )  # fmt: skip


def test_no_route_redirects_to_another_site(app, data):
    staff = app.test_client()
    sign_in(staff, make_staff(data, "admin"))
    resident = app.test_client()
    _, token = form_with_token(resident, "/nb/feedback")
    staff_token = csrf_token(parse(staff.get("/admin/account/password")))
    away = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("admin.logout", "static"):
            continue
        for target in AWAY:
            values = dict.fromkeys(NEXT_NAMES, target)
            for client, csrf in ((resident, token), (staff, staff_token)):
                if "GET" in rule.methods:
                    response = client.get(path_of(rule), query_string=values)
                else:
                    response = client.post(path_of(rule), data={**values, "csrf_token": csrf})
                location = response.headers.get("Location")
                if location and not stays_here(location):
                    away.append((rule.rule, target, location))
    sign_in_with_next = post_password(app.test_client(), "x@example.no", next_path=AWAY[1])

    assert away == []
    assert stays_here(sign_in_with_next.headers.get("Location", "/"))


# --- headers and cookies --------------------------------------------------------------------


def test_every_response_of_every_route_carries_the_security_headers(app, data):
    staff = app.test_client()
    sign_in(staff, make_staff(data, "admin", "caseworker", "editor"))
    missing = []
    for rule in app.url_map.iter_rules():
        for client in (app.test_client(), staff):
            method = "GET" if "GET" in rule.methods else "POST"
            response = client.open(path_of(rule), method=method)
            headers = response.headers
            policy = headers.get("Content-Security-Policy", "")
            if (
                "default-src 'self'" not in policy
                or "frame-ancestors 'none'" not in policy
                or headers.get("X-Content-Type-Options") != "nosniff"
                or headers.get("Referrer-Policy") != "same-origin"
                or headers.get("X-Frame-Options") != "DENY"
                or "Cache-Control" not in headers
            ):
                missing.append((rule.rule, response.status_code))

    assert missing == []


def test_in_production_every_cookie_is_secure_httponly_and_samesite(database_url, monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("PORTAL_SECRET_KEY", "p" * 64)
    monkeypatch.setenv("PORTAL_RATELIMIT_STORAGE_URL", "redis://127.0.0.1:6379/10")
    monkeypatch.setenv("PORTAL_PAGE_CACHE_URL", "off")
    app = create_app(app_settings(database_url, SECRET_KEY="p" * 64,
                                  RATELIMIT_STORAGE_URI="memory://"))  # fmt: skip
    https = {"base_url": "https://localhost"}
    client = app.test_client()
    session = sessionmaker(bind=db.engine_for(app))()
    person = make_staff(session, "admin", "caseworker")
    cookies = []
    for path in ("/en/", "/nb/feedback"):
        cookies += client.get(path, **https).headers.getlist("Set-Cookie")
    token = csrf_token(parse(client.get("/admin/login", **https)))
    form = {"csrf_token": token, "email": person.email, "password": "et langt og godt passord"}
    signed_in = client.post("/admin/login", data=form, **https)
    cookies += signed_in.headers.getlist("Set-Cookie")

    assert {cookie.split("=", 1)[0] for cookie in cookies} >= {"lang", "portal_session"}
    for cookie in cookies:
        flags = {part.strip().lower() for part in cookie.split(";")[1:]}
        assert {"secure", "httponly", "samesite=lax"} <= flags, cookie
    session.close()
    empty_tables(db.engine_for(app))


# --- floods end on the 429 page -------------------------------------------------------------


def assert_429_page(response, lang: str = "nb") -> None:
    page = parse(response)
    assert response.status_code == 429
    assert page.html["lang"] == lang
    assert "429" in text_of(page.main)


def test_sign_in_attempts_end_on_the_429_page(client):
    statuses = [post_password(client, "ingen@example.no", "feil passord").status_code
                for _ in range(21)]  # fmt: skip

    assert statuses[:20] == [200] * 20
    assert_429_page(post_password(client, "ingen@example.no", "feil passord"))


def test_case_lookups_end_on_the_429_page(client):
    _, token = form_with_token(client, "/nn/case")
    form = {"csrf_token": token, "reference": "B7K4-P2QM", "code": "ABCD-EFGH"}

    # 20 a day for one reference from one address (README: the guessing arithmetic).
    statuses = [client.post("/nn/case", data=form).status_code for _ in range(20)]

    assert 429 not in statuses
    assert_429_page(client.post("/nn/case", data=form), "nn")


def test_starting_applications_ends_on_the_429_page(client):
    token = csrf_token(parse(client.get("/en/apply")))

    for _ in range(10):
        client.post("/en/apply/start", data={"csrf_token": token})

    assert_429_page(client.post("/en/apply/start", data={"csrf_token": token}), "en")


def test_booking_ends_on_the_429_page(app, client, data):
    adviser = make_staff(data, "caseworker")
    slots = [make_slot(data, adviser, at_ten(2 + number)) for number in range(12)]
    answers = []
    for slot in slots[:11]:
        _, token = fill_in_details(client, slot.id)
        answers.append(client.post("/nb/book/check", data={"csrf_token": token}))
        client.get("/nb/book/receipt")

    assert [answer.status_code for answer in answers[:10]] == [302] * 10
    assert_429_page(answers[10])
    assert data.scalar(select(func.count()).select_from(Case)) == 10


def test_hostile_upload_names_are_kept_away_from_the_project(tmp_path):
    """The folder is outside static/: nothing a resident sends can be fetched by URL."""
    from portal.config import load

    settings = load({}, tmp_path)
    static = Path(__file__).resolve().parents[2] / "portal" / "static"
    assert not Path(settings["ATTACHMENT_DIRECTORY"]).resolve().is_relative_to(static)

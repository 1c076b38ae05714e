import pytest

from portal import create_app
from tests.conftest import app_settings


@pytest.mark.parametrize("path", ["/nb/", "/nb/feedback", "/nb/does-not-exist", "/healthz"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers

    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_pages_are_not_kept_in_a_shared_computers_cache(database_url):
    import ipaddress

    kiosk = ipaddress.ip_network("127.0.0.0/8")
    client = create_app(app_settings(database_url, KIOSK_ADDRESSES=[kiosk])).test_client()

    assert client.get("/nb/").headers["Cache-Control"] == "no-store"
    assert client.get("/nb/search").headers["Cache-Control"] == "no-store"


def test_the_session_cookie_is_httponly_and_samesite_lax(client):
    client.get("/nb/feedback")

    cookie = client.get_cookie("portal_session")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"
    assert not cookie.secure


def test_in_production_the_session_cookie_is_secure(database_url, monkeypatch):
    client = production_app(database_url, monkeypatch).test_client()

    client.get("/nb/feedback", base_url="https://localhost")

    assert client.get_cookie("portal_session", domain="localhost").secure


def test_the_app_refuses_to_start_in_production_without_a_secret_key(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)

    with pytest.raises(RuntimeError, match="PORTAL_SECRET_KEY"):
        create_app()


def production_app(database_url, monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("PORTAL_SECRET_KEY", "p" * 64)
    monkeypatch.setenv("PORTAL_RATELIMIT_STORAGE_URL", "redis://127.0.0.1:6379/15")
    monkeypatch.setenv("PORTAL_PAGE_CACHE_URL", "off")
    return create_app(app_settings(database_url, SECRET_KEY="p" * 64))


def test_production_sends_hsts_and_marks_the_language_cookie_secure(database_url, monkeypatch):
    client = production_app(database_url, monkeypatch).test_client()

    response = client.get("/nn/", base_url="https://localhost")

    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get_cookie("lang", domain="localhost").secure


def test_development_sends_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/nb/").headers


def test_a_file_response_that_is_not_static_is_never_stored(client):
    assert client.get("/healthz").headers["Cache-Control"] == "no-store"
    static = client.get("/static/favicon.svg")
    assert "no-store" not in static.headers.get("Cache-Control", "")

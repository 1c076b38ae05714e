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


def test_pages_are_not_kept_in_a_shared_computers_cache(client):
    assert client.get("/nb/").headers["Cache-Control"] == "no-store"


def test_the_session_cookie_is_httponly_and_samesite_lax(client):
    client.get("/nb/feedback")

    cookie = client.get_cookie("portal_session")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"
    assert not cookie.secure


def test_in_production_the_session_cookie_is_secure(database_url, monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("PORTAL_SECRET_KEY", "p" * 64)
    app = create_app(app_settings(database_url, SECRET_KEY="p" * 64))
    client = app.test_client()

    client.get("/nb/feedback", base_url="https://localhost")

    assert client.get_cookie("portal_session", domain="localhost").secure


def test_the_app_refuses_to_start_in_production_without_a_secret_key(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)

    with pytest.raises(RuntimeError, match="PORTAL_SECRET_KEY"):
        create_app()

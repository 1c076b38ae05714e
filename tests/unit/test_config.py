import pytest

from portal.config import ConfigError, load


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    with pytest.raises(ConfigError, match="PORTAL_SECRET_KEY"):
        load({"PORTAL_ENV": "production"}, tmp_path)


def test_development_writes_a_secret_key_once_and_keeps_it(tmp_path):
    first = load({}, tmp_path)["SECRET_KEY"]
    second = load({}, tmp_path)["SECRET_KEY"]

    assert len(first) >= 64
    assert first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_defaults_run_on_a_laptop(tmp_path):
    settings = load({}, tmp_path)

    assert settings["DATABASE_URL"] == "sqlite:///instance/portal.sqlite"
    assert settings["RATELIMIT_STORAGE_URI"] == "memory://"
    assert settings["SESSION_COOKIE_SECURE"] is False


PRODUCTION = {
    "PORTAL_ENV": "production",
    "PORTAL_SECRET_KEY": "k" * 64,
    "PORTAL_RATELIMIT_STORAGE_URL": "redis://127.0.0.1:6379/0",
    "PORTAL_PAGE_CACHE_URL": "redis://127.0.0.1:6379/0",
}


def test_production_cookies_are_secure(tmp_path):
    settings = load(PRODUCTION, tmp_path)

    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_environment_names_the_database_and_the_rate_limit_storage(tmp_path):
    settings = load(
        {
            "PORTAL_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/test",
            "PORTAL_RATELIMIT_STORAGE_URL": "redis://127.0.0.1:6379",
        },
        tmp_path,
    )
    assert settings["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert settings["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379"


@pytest.mark.parametrize("env", [{"PORTAL_ENV": "staging"}, {"PORTAL_MAX_REQUEST_MB": "lots"}])
def test_a_setting_that_makes_no_sense_is_refused_with_its_name(tmp_path, env):
    with pytest.raises(ConfigError, match=next(iter(env))):
        load(env, tmp_path)


def test_production_refuses_a_short_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="at least 32 bytes"):
        load({**PRODUCTION, "PORTAL_SECRET_KEY": "kort-nøkkel"}, tmp_path)


@pytest.mark.parametrize("storage", ["", "memory://"])
def test_production_refuses_rate_limits_counted_per_worker(tmp_path, storage):
    with pytest.raises(ConfigError, match="PORTAL_RATELIMIT_STORAGE_URL"):
        load({**PRODUCTION, "PORTAL_RATELIMIT_STORAGE_URL": storage}, tmp_path)


def test_production_tells_browsers_to_use_https_only(tmp_path):
    assert load(PRODUCTION, tmp_path)["SEND_HSTS"] is True
    assert load({}, tmp_path)["SEND_HSTS"] is False


@pytest.mark.parametrize("storage", ["", "memory://"])
def test_production_refuses_a_page_cache_kept_per_worker(tmp_path, storage):
    with pytest.raises(ConfigError, match="PORTAL_PAGE_CACHE_URL"):
        load({**PRODUCTION, "PORTAL_PAGE_CACHE_URL": storage}, tmp_path)


@pytest.mark.parametrize("storage", ["off", "redis://127.0.0.1:6379/3"])
def test_production_runs_with_a_shared_page_cache_or_none(tmp_path, storage):
    assert (
        load({**PRODUCTION, "PORTAL_PAGE_CACHE_URL": storage}, tmp_path)["PAGE_CACHE_URL"]
        == storage
    )


def test_a_laptop_keeps_pages_in_its_own_memory(tmp_path):
    assert load({}, tmp_path)["PAGE_CACHE_URL"] == "memory://"

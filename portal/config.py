"""Settings, read from the environment (PORTAL_*) and nowhere else.

Every setting has a default that runs on a laptop; production refuses to start
without the ones that must be chosen on purpose (the secret key).
"""

import ipaddress
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

MIN_SECRET_KEY_BYTES = 32
SHARED_LIMIT_STORAGES = ("redis://", "rediss://", "redis+sentinel://", "redis+cluster://")


class ConfigError(RuntimeError):
    """The environment asks for something the portal cannot run with."""


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _integer(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


def _choice(environ: Mapping[str, str], name: str, allowed: set[str], default: str) -> str:
    value = environ.get(name, "") or default
    if value not in allowed:
        raise ConfigError(f"{name} must be one of {sorted(allowed)}, not {value!r}")
    return value


def _networks(environ: Mapping[str, str], name: str) -> list:
    try:
        return [
            ipaddress.ip_network(item.strip(), strict=False)
            for item in environ.get(name, "").split(",")
            if item.strip()
        ]
    except ValueError as error:
        raise ConfigError(f"{name}: {error}") from None


def _development_secret_key(instance_path: Path) -> str:
    """A random key kept in instance/, so sessions survive a restart on a laptop."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def load(environ: Mapping[str, str], instance_path: Path) -> dict:
    """Flask settings for this environment."""
    env = environ.get("PORTAL_ENV", "development")
    if env not in {"development", "production"}:
        raise ConfigError(f"PORTAL_ENV must be development or production, not {env!r}")
    is_production = env == "production"

    secret_key = environ.get("PORTAL_SECRET_KEY", "")
    if not secret_key:
        if is_production:
            raise ConfigError("PORTAL_SECRET_KEY must be set when PORTAL_ENV=production")
        secret_key = _development_secret_key(instance_path)
    if is_production and len(secret_key.encode()) < MIN_SECRET_KEY_BYTES:
        raise ConfigError(
            f"PORTAL_SECRET_KEY must be at least {MIN_SECRET_KEY_BYTES} bytes "
            "(for example: python -c 'import secrets; print(secrets.token_hex(32))')"
        )
    rate_limit_storage = environ.get("PORTAL_RATELIMIT_STORAGE_URL", "memory://")
    if is_production and not rate_limit_storage.startswith(SHARED_LIMIT_STORAGES):
        # In-process counts are per worker: two workers would let twice the limit through.
        raise ConfigError(
            "PORTAL_RATELIMIT_STORAGE_URL must name a shared store (redis://...) "
            "when PORTAL_ENV=production"
        )

    page_cache = environ.get("PORTAL_PAGE_CACHE_URL", "") or "memory://"
    if not page_cache.startswith(("memory://", "off", *SHARED_LIMIT_STORAGES[:2])):
        raise ConfigError("PORTAL_PAGE_CACHE_URL must be memory://, redis://... or off")
    if is_production and page_cache == "memory://":
        # Kept per worker, a published change would reach only the worker that made it.
        raise ConfigError(
            "PORTAL_PAGE_CACHE_URL must name a shared store (redis://...) or be off "
            "when PORTAL_ENV=production"
        )

    return {
        "PORTAL_ENV": env,
        "SECRET_KEY": secret_key,
        "DATABASE_URL": environ.get("PORTAL_DATABASE_URL", "sqlite:///instance/portal.sqlite"),
        # Flask-Limiter reads this key.
        "RATELIMIT_STORAGE_URI": rate_limit_storage,
        "RATELIMIT_HEADERS_ENABLED": False,
        # Redis gone: count in each worker's memory until it is back, rather than refuse
        # every form (a resident applying must not get a 500 for a counter's sake).
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        # Only views that take files may receive this much (portal/rate_limits.py).
        "MAX_CONTENT_LENGTH": _integer(environ, "PORTAL_MAX_REQUEST_MB", 25) * 1024 * 1024,
        # Every other form: a request body over this gets the 413 page.
        "MAX_FORM_BYTES": _integer(environ, "PORTAL_MAX_FORM_KB", 256) * 1024,
        # Werkzeug's own guards on a form's parts: one field's size, and how many parts.
        "MAX_FORM_MEMORY_SIZE": 128 * 1024,
        "MAX_FORM_PARTS": 300,
        # Public pages that hold nothing personal, rendered once and shared by the workers
        # (portal/page_cache.py); every kept page is dropped when content changes, and
        # expires after PAGE_CACHE_SECONDS at the latest.
        "PAGE_CACHE_URL": page_cache,
        "PAGE_CACHE_SECONDS": _integer(environ, "PORTAL_PAGE_CACHE_SECONDS", 300),
        # How many reverse proxies stand in front of the app (for the client's address).
        "PROXY_COUNT": _integer(environ, "PORTAL_PROXY_COUNT", 0),
        "SESSION_COOKIE_NAME": "portal_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _flag(environ.get("PORTAL_SECURE_COOKIES"), is_production),
        # Production is served over HTTPS only: browsers are told to keep to it.
        "SEND_HSTS": is_production,
        "PREFERRED_URL_SCHEME": "https" if is_production else "http",
        # Static URLs carry a content hash, so browsers may keep them for a year.
        "SEND_FILE_MAX_AGE_DEFAULT": 365 * 24 * 3600,
        # Flask-Compress (portal/compression.py): Brotli when asked, else gzip, both at
        # settings that cost little CPU per response. Streamed files are left alone; static
        # files are compressed once at build time.
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_BR_LEVEL": 4,
        "COMPRESS_LEVEL": 6,
        "COMPRESS_MIN_SIZE": 500,
        "COMPRESS_STREAMS": False,
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": is_production,
        "BABEL_DEFAULT_LOCALE": "nb",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Oslo",
        # Staff sign-in. "standard" argon2id costs 100–500 ms a check; tests use "fast".
        "PASSWORD_HASH_PROFILE": _choice(
            environ, "PORTAL_PASSWORD_HASH_PROFILE", {"standard", "fast"}, "standard"
        ),
        # Two-factor is always required for caseworkers and admins; this adds editors.
        "REQUIRE_2FA_FOR_EDITORS": _flag(environ.get("PORTAL_REQUIRE_2FA_FOR_EDITORS"), False),
        "STAFF_IDLE_MINUTES": _integer(environ, "PORTAL_STAFF_IDLE_MINUTES", 30),
        "STAFF_ABSOLUTE_HOURS": _integer(environ, "PORTAL_STAFF_ABSOLUTE_HOURS", 10),
        # Per client address, on the password step and on the two-factor step.
        "STAFF_SIGN_IN_RATE_LIMIT": environ.get(
            "PORTAL_STAFF_SIGN_IN_RATE_LIMIT", "20 per 10 minutes"
        ),
        # Residents can book, move or cancel a guidance time until this many hours before it.
        "BOOKING_CUTOFF_HOURS": _integer(environ, "PORTAL_BOOKING_CUTOFF_HOURS", 2),
        # How email and SMS leave the outbox: "smtp" / "http" in production; "directory"
        # writes them as files under instance/outbox/ (development, demos).
        "MAIL_BACKEND": _choice(
            environ,
            "PORTAL_MAIL_BACKEND",
            {"smtp", "directory"},
            "smtp" if is_production else "directory",
        ),
        "SMS_BACKEND": _choice(
            environ,
            "PORTAL_SMS_BACKEND",
            {"http", "directory"},
            "http" if is_production else "directory",
        ),
        # The SMS gateway takes a JSON POST {"to": ..., "text": ...} with this bearer token.
        # The residents' site as a message links to it (https://bolig.example.no); empty:
        # the address the staff member's browser used.
        "PUBLIC_URL": environ.get("PORTAL_PUBLIC_URL", ""),
        "SMS_GATEWAY_URL": environ.get("PORTAL_SMS_GATEWAY_URL", ""),
        "SMS_GATEWAY_TOKEN": environ.get("PORTAL_SMS_GATEWAY_TOKEN", ""),
        "OUTBOX_DIRECTORY": str(instance_path / "outbox"),
        # Files residents send: outside static/, never served to the public.
        "ATTACHMENT_DIRECTORY": environ.get(
            "PORTAL_ATTACHMENT_DIRECTORY", str(instance_path / "attachments")
        ),
        # Ended cases are deleted this many months after they ended, once exported.
        "RETENTION_MONTHS": _integer(environ, "PORTAL_RETENTION_MONTHS", 24),
        # Where `flask export-archive` writes each case's archive copy (REF.zip).
        "ARCHIVE_DIRECTORY": environ.get(
            "PORTAL_ARCHIVE_DIRECTORY", str(instance_path / "archive")
        ),
        # Images editors put on information pages: outside static/, served by /media/<name>.
        "MEDIA_DIRECTORY": environ.get("PORTAL_MEDIA_DIRECTORY", str(instance_path / "media")),
        # Addresses (or networks) of shared PCs that are always kiosks: "10.0.0.5, 10.0.1.0/24".
        "KIOSK_ADDRESSES": _networks(environ, "PORTAL_KIOSK_ADDRESSES"),
        # Addresses many residents share (the town hall's network behind its proxy): they
        # get a day's room in the rate limits, like kiosks.
        "SHARED_ADDRESSES": _networks(environ, "PORTAL_SHARED_ADDRESSES"),
        "MAIL_SERVER": environ.get("PORTAL_MAIL_SERVER", "localhost"),
        "MAIL_PORT": _integer(environ, "PORTAL_MAIL_PORT", 25),
        "MAIL_USE_TLS": _flag(environ.get("PORTAL_MAIL_USE_TLS"), False),
        "MAIL_USERNAME": environ.get("PORTAL_MAIL_USERNAME", ""),
        "MAIL_PASSWORD": environ.get("PORTAL_MAIL_PASSWORD", ""),
        "MAIL_SENDER": environ.get(
            "PORTAL_MAIL_SENDER", "Boligportalen <post@eigersund.kommune.no>"
        ),
    }


def from_environment(instance_path: Path) -> dict:
    return load(os.environ, instance_path)

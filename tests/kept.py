"""What the tests of kept pages share: which templates a request drew (a kept page draws
none), and apps standing in for workers that share one Redis."""

from collections.abc import Iterator
from contextlib import contextmanager

import redis
from flask import Flask, template_rendered

from admin import kept_pages
from portal import create_app
from portal.checked_copies import tokens_for
from portal.db import db
from portal.signals import records_changed
from tests.conftest import app_settings, empty_tables


@contextmanager
def counting_renders(app: Flask) -> Iterator[list[str]]:
    """The names of the templates drawn while inside."""
    rendered = []

    def record(_sender, template, **_extra):
        rendered.append(template.name)

    with template_rendered.connected_to(record, app):
        yield rendered


@contextmanager
def workers_sharing_redis(database_url: str, redis_url: str) -> Iterator[list[Flask]]:
    """Two apps, as two gunicorn workers, whose page caches share one Redis database."""
    redis.Redis.from_url(redis_url).flushdb()
    apps = [create_app(app_settings(database_url, PAGE_CACHE_URL=redis_url)) for _ in range(2)]
    try:
        yield apps
    finally:
        empty_tables(db.engine_for(apps[0]))
        for app in apps:
            db.engine_for(app).dispose()
        redis.Redis.from_url(redis_url).flushdb()


def hears_only_through_redis(app: Flask) -> None:
    """Workers are separate processes: a commit in one is heard by no other. In one test
    process every app hears every commit, so this one stops listening; it learns of
    changes only from the tokens in Redis."""
    records_changed.disconnect(tokens_for(app)._records_changed)
    records_changed.disconnect(app.extensions[kept_pages.EXTENSION]._records_changed)

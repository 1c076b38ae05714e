from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from portal.models import Setting

OSLO_WINTER = timezone(timedelta(hours=1))


def test_a_moment_comes_back_in_utc_whatever_zone_it_was_stored_in(session):
    session.add(
        Setting(key="k", value="v", updated_at=datetime(2026, 11, 25, 10, 0, tzinfo=OSLO_WINTER))
    )
    session.commit()
    session.expunge_all()

    stored = session.scalars(select(Setting)).one()
    assert stored.updated_at == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert stored.updated_at.tzinfo is not None


def test_a_naive_datetime_is_refused(session):
    session.add(Setting(key="k", value="v", updated_at=datetime(2026, 11, 25, 10, 0)))
    with pytest.raises(Exception, match="naive"):
        session.commit()
    session.rollback()

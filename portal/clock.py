"""The municipality's clock: moments are stored in UTC, days and deadlines are Oslo's."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

LOCAL_TIME = ZoneInfo("Europe/Oslo")


def today(now: datetime) -> date:
    """The day it is in Oslo at the moment `now`."""
    return now.astimezone(LOCAL_TIME).date()

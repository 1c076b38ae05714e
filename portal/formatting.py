"""How values are shown on a page: Jinja filters."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import format_decimal, gettext, ngettext
from markupsafe import Markup, escape


def phone_link(number: str) -> Markup:
    """A Norwegian phone number as a link a phone can call: `55 55 33 33` → tel:+4755553333."""
    digits = re.sub(r"\D", "", number)
    if len(digits) != 8:  # short numbers (112, 116 117) and odd values are called as written
        return (
            Markup('<a href="tel:{}">{}</a>').format(digits, number) if digits else escape(number)
        )
    return Markup('<a href="tel:+47{}">{}</a>').format(digits, number)


def kroner(amount: int) -> str:
    """Whole kroner as the person's language writes them: 10 736 kr, 10,736 kr."""
    return f"{format_decimal(amount, format='#,##0')}\u00a0kr"


_OSLO = ZoneInfo("Europe/Oslo")


def local_time(moment: datetime) -> str:
    """A stored UTC moment as Oslo wall-clock time, `2026-11-25 14:05`."""
    return moment.astimezone(_OSLO).strftime("%Y-%m-%d %H:%M")


def age_in_words(age: timedelta) -> str:
    """How long something has waited, as a person says it: "i dag", "3 dager", "5 uker"."""
    days = age.days
    if days < 1:
        return gettext("i dag")
    if days < 14:
        return ngettext("%(num)d dag", "%(num)d dager", days)
    if days < 60:
        return ngettext("%(num)d uke", "%(num)d uker", days // 7)
    return ngettext("%(num)d måned", "%(num)d måneder", int(days / 30.44))

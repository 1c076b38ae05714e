"""A booked guidance time as an .ics file the phone's calendar can open."""

from flask import Response
from flask_babel import gettext as _

from portal.db import utcnow
from portal.models.booking import Channel, Topic
from portal.services.guidance.calendar_files import booking_calendar


def calendar_response(booked) -> Response:
    """The booked time as an .ics file the phone's calendar can open."""
    slot = booked.slot
    summary = _("Veiledning: %(topic)s", topic=Topic(slot.topic).label)
    description = _(
        "%(channel)s. Saksnummer %(reference)s. Eigersund kommune, Boligportalen.",
        channel=Channel(slot.channel).label,
        reference=booked.case.reference,
    )
    body = booking_calendar(
        slot,
        reference=booked.case.reference,
        summary=summary,
        description=description,
        location=slot.location,
        now=utcnow(),
    )
    filename = f"veiledning-{booked.case.reference}.ics"
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )

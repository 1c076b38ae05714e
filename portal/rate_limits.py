"""How much one client address may send, and how large a request may be.

Everything a resident can send without signing in is limited per client address,
so nobody can fill the disk or the staff queue from one machine. A kiosk PC and
a shared address (the town hall's network seen through its proxy, listed in
PORTAL_SHARED_ADDRESSES) carry a whole day's visitors, so they get a day's room.

Only views marked `@accepts_files` take a body larger than PORTAL_MAX_FORM_KB.
"""

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, request

from portal import kiosk


@dataclass(frozen=True)
class Allowance:
    person: str  # from an ordinary client address
    shared: str  # from a kiosk or a shared address


START_APPLICATION = Allowance("10 per hour", "300 per day")
SAVE_APPLICATION_PAGE = Allowance("200 per hour", "5000 per day")
SEND_APPLICATION = Allowance("20 per minute", "60 per minute")
ADD_FILE = Allowance("60 per hour", "1000 per day")
ENTER_BOOKING_DETAILS = Allowance("60 per hour", "1000 per day")
BOOK = Allowance("10 per hour", "300 per day")
REQUEST_CALLBACK = Allowance("5 per hour", "150 per day")
SEND_FEEDBACK = Allowance("10 per hour", "300 per day")
MESSAGE_ON_CASE = Allowance("20 per hour", "300 per day")


def is_shared_address() -> bool:
    """A kiosk, or an address many residents share (PORTAL_SHARED_ADDRESSES)."""
    if kiosk.is_kiosk():
        return True
    networks = current_app.config["SHARED_ADDRESSES"]
    if not networks or not request.remote_addr:
        return False
    try:
        address = ipaddress.ip_address(request.remote_addr)
    except ValueError:
        return False
    return any(address in network for network in networks)


def allowance(which: Allowance) -> Callable[[], str]:
    """For `limiter.limit(...)`: the limit that fits the address the request comes from."""
    return lambda: which.shared if is_shared_address() else which.person


def accepts_files(view: Callable) -> Callable:
    """Mark a view that takes file uploads: it may receive up to PORTAL_MAX_REQUEST_MB."""
    view.accepts_files = True
    return view


def limit_request_size() -> None:
    """Before each request: forms without files get a small body limit (then the 413 page)."""
    view = current_app.view_functions.get(request.endpoint or "")
    if not getattr(view, "accepts_files", False):
        request.max_content_length = current_app.config["MAX_FORM_BYTES"]

"""Signals the domain sends when something many pages show has changed.

Services send them after their commit; whatever keeps copies of pages (a cache) listens.
The domain never needs to know who listens, so services stay free of caches and requests.
"""

from blinker import Namespace

_signals = Namespace()

# Anything residents see on public pages changed: a page published, unpublished or
# archived, the start page's cards or navigation, the settings shown on the start page.
content_changed = _signals.signal("content-changed")

# A commit wrote to the database (portal/db.py sends it, with `tables`: the names of the
# tables written). Staff pages kept for a session (admin/kept_pages.py) listen: what they
# show may have changed.
records_changed = _signals.signal("records-changed")

"""Signals the domain sends when something many pages show has changed.

Services send them after their commit; whatever keeps copies of pages (a cache) listens.
The domain never needs to know who listens, so services stay free of caches and requests.
"""

from blinker import Namespace

_signals = Namespace()

# Anything residents see on public pages changed: a page published, unpublished or
# archived, the start page's cards or navigation, the settings shown on the start page.
content_changed = _signals.signal("content-changed")

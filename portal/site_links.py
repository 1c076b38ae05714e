"""Links that editors choose as data (a start-page card, a menu entry) turned into URLs:
an information page by its slug, or one of the portal's own pages (PortalRoute)."""

from flask import url_for

from portal.models.navigation import LINK_TO_PAGE, ROUTE_ENDPOINTS


def link_url(kind: str, target: str) -> str:
    """The address in the current language; an unknown route leads to the start page."""
    if kind == LINK_TO_PAGE:
        return url_for("public.page", slug=target)
    return url_for(ROUTE_ENDPOINTS.get(target, "public.start"))

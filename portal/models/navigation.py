"""How residents find their way: the start page's cards and the menu of information pages,
per language, kept as data that editors change (never in templates)."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UtcDateTime
from portal.models.choices import Choice


class PortalRoute(Choice):
    """Pages of the portal itself that a card may link to, as editors read them."""

    GUIDE = "guide", _l("Finn ut hva du kan få hjelp til")
    CALCULATOR = "calculator", _l("Lånekalkulatoren")
    APPLY = "apply", _l("Søknad om kommunal bolig")
    BOOK = "book", _l("Bestill veiledning")
    CASE = "case", _l("Se saken din")
    SEARCH = "search", _l("Søk")


# The residents' view behind each route (endpoint names, so models import no views).
ROUTE_ENDPOINTS = {
    PortalRoute.GUIDE: "public.guide",
    PortalRoute.CALCULATOR: "public.calculator",
    PortalRoute.APPLY: "public.apply_start",
    PortalRoute.BOOK: "public.choose_topic",
    PortalRoute.CASE: "public.find_case",
    PortalRoute.SEARCH: "public.search",
}

# What a card's main link leads to.
LINK_TO_PAGE = "page"
LINK_TO_ROUTE = "route"


class StartCard(Base):
    """One of the main needs on the start page: a title that links somewhere, a line of text,
    and maybe a second link to a task (apply, book, the calculator)."""

    __tablename__ = "start_cards"
    __table_args__ = (Index("ix_start_cards_language_position", "language", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    language: Mapped[str] = mapped_column(String(8))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(String(300), default="")
    # LINK_TO_PAGE with a page's slug, or LINK_TO_ROUTE with a PortalRoute.
    link_kind: Mapped[str] = mapped_column(String(10))
    link_target: Mapped[str] = mapped_column(String(80))
    # A PortalRoute, or "" for none; with the words of its link.
    action_route: Mapped[str] = mapped_column(String(20), default="")
    action_text: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

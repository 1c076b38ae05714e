"""How residents find their way: the start page's cards and the menu of information pages,
per language, kept as data that editors change (never in templates)."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

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


class NavigationGroup(Base):
    """A group of information pages in one language ("Penger og lån til bolig"): shown on the
    start page, and beside each of its pages as related reading."""

    __tablename__ = "navigation_groups"
    __table_args__ = (Index("ix_navigation_groups_language_position", "language", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    language: Mapped[str] = mapped_column(String(8))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    items: Mapped[list["NavigationItem"]] = relationship(
        back_populates="group", order_by="NavigationItem.position", cascade="all, delete-orphan"
    )


class NavigationItem(Base):
    """One page in a group, by slug (the page's address is the same in every language)."""

    __tablename__ = "navigation_items"
    __table_args__ = (UniqueConstraint("group_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("navigation_groups.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    slug: Mapped[str] = mapped_column(String(80), index=True)

    group: Mapped[NavigationGroup] = relationship(back_populates="items")

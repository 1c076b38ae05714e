"""Information pages: one row per page and language; every saved version is a revision."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UtcDateTime
from portal.models.choices import Choice


class ReviewStatus(Choice):
    """How far a page's translation has been checked.

    Bokmål is the source language: a shipped bokmål page starts reviewed, a translation
    never does until a person has read it against the bokmål text.
    """

    DRAFT = "draft", _l("Utkast")
    NEEDS_REVIEW = "needs_review", _l("Må leses over")
    REVIEWED = "reviewed", _l("Lest over")


class ScheduledAction(Choice):
    """What a scheduled change does to a page when its time comes."""

    PUBLISH = "publish", _l("Publiseres")
    UNPUBLISH = "unpublish", _l("Avpubliseres")


class Page(Base):
    """A page in one language, as residents see it when it is published.

    The published text is kept on the page itself, so reading a page is one row;
    drafts and history live in `PageRevision`.
    """

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("slug", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80))
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    is_published: Mapped[bool] = mapped_column(default=False)
    # A ReviewStatus.
    review_status: Mapped[str] = mapped_column(String(20), default="draft")
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # When the text residents read last changed (publishing the same text again is no
    # change). On the bokmål page, translations are measured against it.
    text_changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # On a translation: when an editor last marked it reviewed against the bokmål text.
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Taken away for good, its address sent on to another page (PageRedirect).
    archived_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When an editor should read the page again to see it is still right (Oslo date).
    review_by: Mapped[date | None]

    revisions: Mapped[list["PageRevision"]] = relationship(
        back_populates="page", order_by="PageRevision.id", cascade="all, delete-orphan"
    )


class PageRevision(Base):
    """One saved version of a page's text: who saved it, and when."""

    __tablename__ = "page_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    author_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    page: Mapped[Page] = relationship(back_populates="revisions")


class PageRedirect(Base):
    """An archived page's address answers 301 to another page, so old links keep working.

    Per slug, so in every language: /nn/info/old leads to /nn/info/new. Chains are kept
    flat: archiving the target of a redirect points the redirect on to the new target.
    """

    __tablename__ = "page_redirects"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_slug: Mapped[str] = mapped_column(String(80), unique=True)
    to_slug: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ScheduledChange(Base):
    """A page goes live (a chosen revision) or comes down at a chosen moment.

    Run by `flask publish-scheduled` from cron, and also when the page is read, so a
    late cron never shows residents the wrong text. `done_at` is set when it has run.
    """

    __tablename__ = "scheduled_changes"
    __table_args__ = (
        # What every page read asks: changes due and not yet done. Done ones stay out.
        Index(
            "ix_scheduled_changes_waiting",
            "run_at",
            sqlite_where=text("done_at IS NULL"),
            postgresql_where=text("done_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    # A ScheduledAction.
    action: Mapped[str] = mapped_column(String(20))
    # The text to publish (the newest draft when it was scheduled); None to unpublish.
    revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("page_revisions.id", ondelete="CASCADE")
    )
    run_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    revision: Mapped[PageRevision | None] = relationship()

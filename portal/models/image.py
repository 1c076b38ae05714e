"""Images editors upload for information pages: checked, re-encoded, stored privately."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UtcDateTime


class Image(Base):
    """One uploaded picture, with the words that describe it to people who cannot see it.

    The file the editor chose is never kept: only versions decoded and encoded again by
    the portal, without metadata (no camera, no place), in `ImageVariant`.
    """

    __tablename__ = "images"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A hash of the large version: the same picture uploaded twice is one image.
    key: Mapped[str] = mapped_column(String(32), unique=True)
    alt_text: Mapped[str] = mapped_column(String(300), default="")
    # Only decoration: shown with alt="" so screen readers pass it by.
    is_decorative: Mapped[bool] = mapped_column(default=False)
    uploaded_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    variants: Mapped[list["ImageVariant"]] = relationship(
        back_populates="image", order_by="ImageVariant.width.desc()", cascade="all, delete-orphan"
    )


class ImageVariant(Base):
    """One stored size of an image; served at /media/<name> with year-long caching."""

    __tablename__ = "image_variants"

    id: Mapped[int] = mapped_column(primary_key=True)
    image_id: Mapped[int] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"), index=True)
    # `<key>-<width>x<height>.<ext>` (portal/services/information/image_names.py).
    name: Mapped[str] = mapped_column(String(80), unique=True)
    # A random file name in PORTAL_MEDIA_DIRECTORY, outside static/.
    stored_name: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int]
    height: Mapped[int]
    size: Mapped[int]

    image: Mapped[Image] = relationship(back_populates="variants")

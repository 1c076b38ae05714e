"""Images on information pages: only real pictures, at the size they are shown, with no
metadata, stored privately, with words for people who cannot see them.

A file is accepted only if Pillow decodes it as JPEG, PNG or WebP: an SVG (which can
carry script), anything else, a file over 10 MB and a decompression bomb (a small file
that unpacks to a huge picture) are refused. What is kept is the picture encoded again
by us (JPEG, or PNG for graphics and transparency), turned the right way up, without
EXIF (camera, GPS position) or any other metadata, at most LARGE_WIDTH wide plus a
SMALL_WIDTH version for phones, under random file names outside static/. Residents
get them from /media/<name> (portal/media.py) with year-long caching: the name holds a
hash of the content, so it never changes meaning.
"""

import hashlib
import io
import os
import secrets
import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image as Pillow
from PIL import ImageFile, ImageOps, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Image, ImageVariant
from portal.services.information import image_names, page_editing
from portal.services.staff import audit
from portal.services.staff.audit import Actor

MAX_BYTES = 10 * 1024 * 1024
# 40 megapixels: more than any phone camera; a bomb unpacks to far more.
MAX_PIXELS = 40_000_000
ALT_MAX_LENGTH = 300
JPEG_QUALITY = 82
_FORMATS = ("JPEG", "PNG", "WEBP")


class ImageRefused(ValueError):
    """`reason`: "empty", "too_large", "svg", "not_an_image", "too_many_pixels", "no_alt",
    or "not_stored" (the disk could not take it; nothing is left behind)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Encoded:
    """One size of the picture as we store and serve it."""

    width: int
    height: int
    extension: str
    content: bytes

    @property
    def content_type(self) -> str:
        return image_names.EXTENSIONS[self.extension]


def _looks_like_svg(content: bytes) -> bool:
    head = content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head


def encode(content: bytes) -> list[Encoded]:
    """The picture in `content` decoded, checked and encoded again: the large version first,
    then the small one (if the picture is wider than that). ImageRefused if it is not one."""
    if not content:
        raise ImageRefused("empty")
    if len(content) > MAX_BYTES:
        raise ImageRefused("too_large")
    if _looks_like_svg(content):
        raise ImageRefused("svg")
    picture = _decode(content)
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    # Graphics (PNG) and transparent pictures stay lossless; photographs become JPEG.
    extension = "png" if picture.format == "PNG" or has_alpha else "jpg"
    try:
        picture = ImageOps.exif_transpose(picture)
        picture = picture.convert("RGBA" if has_alpha else "RGB")
    except (OSError, ValueError):  # an odd pixel format or a broken orientation tag
        raise ImageRefused("not_an_image") from None
    picture.info = {}
    versions = []
    for most in (image_names.LARGE_WIDTH, image_names.SMALL_WIDTH):
        size = image_names.scaled(*picture.size, most)
        if versions and size == (versions[0].width, versions[0].height):
            break
        resized = picture if size == picture.size else picture.resize(size, Pillow.LANCZOS)
        versions.append(Encoded(*size, extension, _save(resized, extension)))
    return versions


def _decode(content: bytes) -> Pillow.Image:
    # WeasyPrint, once imported to draw a letter, tells Pillow to accept truncated files, for
    # every caller in the process. An upload must be whole, so say so again before each one.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Pillow.DecompressionBombWarning)
            picture = Pillow.open(io.BytesIO(content), formats=_FORMATS)
            width, height = picture.size
            if width * height > MAX_PIXELS:
                raise ImageRefused("too_many_pixels")
            picture.verify()  # the structure; verify() leaves the picture unusable
            picture = Pillow.open(io.BytesIO(content), formats=_FORMATS)
            picture.load()  # every pixel decoded: a truncated or broken file fails here
    except (Pillow.DecompressionBombError, Pillow.DecompressionBombWarning):
        raise ImageRefused("too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ImageRefused("not_an_image") from None
    return picture


def _save(picture: Pillow.Image, extension: str) -> bytes:
    out = io.BytesIO()
    if extension == "jpg":
        picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        picture.save(out, "PNG", optimize=True)
    return out.getvalue()


def markdown_for(image: Image, alt_text: str, *, is_decorative: bool) -> str:
    """What an editor puts in a page's text to show the image (alt text empty if decorative)."""
    large = image.variants[0]
    alt = "" if is_decorative else " ".join(alt_text.split())
    alt = alt.replace("\\", "").replace("[", "(").replace("]", ")")
    return f"![{alt}]({image_names.MEDIA_PREFIX}{large.name})"


def store_image(
    session: Session,
    directory: Path,
    content: bytes,
    *,
    alt_text: str,
    is_decorative: bool,
    uploaded_by: str,
    now: datetime,
) -> Image:
    """Check and store an image, adding it to the caller's transaction; the same picture
    uploaded again is the stored one. Files written here are removed by `discard` if the
    caller's commit fails."""
    alt_text = " ".join(alt_text.split())
    if not is_decorative and not alt_text:
        raise ImageRefused("no_alt")
    if len(alt_text) > ALT_MAX_LENGTH:
        raise ImageRefused("no_alt")
    versions = encode(content)
    key = hashlib.sha256(versions[0].content).hexdigest()[:32]
    existing = session.scalar(select(Image).where(Image.key == key))
    if existing is not None:
        return existing
    image = Image(
        key=key,
        alt_text="" if is_decorative else alt_text,
        is_decorative=is_decorative,
        uploaded_by=uploaded_by,
        created_at=now,
    )
    for version in versions:
        stored_name = secrets.token_hex(16)
        try:
            _write_private(directory / stored_name, version.content)
        except ImageRefused:
            discard(directory, image)
            raise
        image.variants.append(
            ImageVariant(
                name=image_names.variant_name(
                    key, version.width, version.height, version.extension
                ),
                stored_name=stored_name,
                content_type=version.content_type,
                width=version.width,
                height=version.height,
                size=len(version.content),
            )
        )
    session.add(image)
    return image


def discard(directory: Path, image: Image) -> None:
    """Remove the files of an image whose row was never committed."""
    for variant in image.variants:
        (directory / variant.stored_name).unlink(missing_ok=True)


def add_to_page(
    session: Session,
    directory: Path,
    page_id: int,
    content: bytes,
    *,
    alt_text: str,
    is_decorative: bool,
    actor: Actor,
    now: datetime,
) -> Image:
    """Store an image and put it at the end of the page's newest draft, as a new revision
    that is not shown until published; the image, the draft and the audit entry commit
    together. ImageRefused stores nothing."""
    latest = page_editing.latest_revision(session, page_id)
    image = store_image(
        session,
        directory,
        content,
        alt_text=alt_text,
        is_decorative=is_decorative,
        uploaded_by=actor.name,
        now=now,
    )
    is_new = image.id is None
    session.flush()
    audit.record_by(
        actor, session, "image_added", object_type="page", object_id=page_id, now=now,
        details=image.key,
    )  # fmt: skip
    snippet = markdown_for(image, alt_text, is_decorative=is_decorative)
    body = latest.body.rstrip("\n") + "\n\n" + snippet + "\n"
    try:
        page_editing.save_draft(
            session,
            page_id,
            page_editing.Text(latest.title, latest.summary, body),
            based_on=latest.id,
            actor=actor,
            now=now,
        )
    except Exception:
        session.rollback()
        if is_new:
            discard(directory, image)
        raise
    return image


def file_of(session: Session, directory: Path, name: str) -> tuple[Path, str] | None:
    """The stored file and its content type for a public image name; None if there is none."""
    if image_names.parse(name) is None:
        return None
    variant = session.scalar(select(ImageVariant).where(ImageVariant.name == name))
    if variant is None:
        return None
    return directory / variant.stored_name, variant.content_type


def _write_private(path: Path, content: bytes) -> None:
    """A new file only the portal's user can read; ImageRefused("not_stored") and no file
    left behind when the disk is full or the folder cannot be used."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        raise ImageRefused("not_stored") from None
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
    except OSError:
        path.unlink(missing_ok=True)
        raise ImageRefused("not_stored") from None

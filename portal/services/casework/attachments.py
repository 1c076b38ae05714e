"""Files residents send: type decided by content, size and count limited, stored privately.

Files live in ATTACHMENT_DIRECTORY (instance/attachments by default), outside
static/, under random names; the database keeps the original name, the type
found from the first bytes, the size and the SHA-256. Only staff download them.
"""

import hashlib
import os
import secrets
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from portal.models import Attachment

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
# A case can take more later: documents a caseworker asks for after the application.
MAX_FILES_AFTER_SENDING = 20
_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}


class AttachmentRefused(ValueError):
    """`reason`: "empty", "too_large", "wrong_type", "too_many" or "not_stored" (the disk
    was full or could not be written: nothing of the file is left behind)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def sniff(head: bytes) -> str | None:
    """The content type from a file's first bytes: PDF, JPEG, PNG or HEIC; else None."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIC_BRANDS:
        return "image/heic"
    return None


def read_limited(stream, limit: int = MAX_BYTES) -> bytes:
    """Read at most limit + 1 bytes, so an oversized file is known without reading it all."""
    return stream.read(limit + 1)


def store(
    directory: Path,
    content: bytes,
    *,
    original_name: str,
    kind: str,
    existing: int,
    now: datetime,
    limit: int = MAX_FILES,
) -> Attachment:
    """Check the file and write it; the caller adds the returned row to its transaction."""
    if not content:
        raise AttachmentRefused("empty")
    if len(content) > MAX_BYTES:
        raise AttachmentRefused("too_large")
    if existing >= limit:
        raise AttachmentRefused("too_many")
    content_type = sniff(content[:16])
    if content_type is None:
        raise AttachmentRefused("wrong_type")
    stored_name = secrets.token_hex(16)
    write_private(directory / stored_name, content)
    return Attachment(
        kind=kind,
        original_name=Path(original_name.replace("\\", "/")).name[:200] or "fil",
        stored_name=stored_name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        created_at=now,
    )


def write_private(path: Path, content: bytes) -> None:
    """Write a new file only the portal's own user can read; AttachmentRefused("not_stored")
    and no file left behind when the disk is full or the folder cannot be used."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        raise AttachmentRefused("not_stored") from None
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(descriptor, view[:_CHUNK]) :]
        os.fsync(descriptor)
    except OSError:
        path.unlink(missing_ok=True)
        raise AttachmentRefused("not_stored") from None
    finally:
        os.close(descriptor)


_CHUNK = 1024 * 1024


def commit_or_remove(session: Session, directory: Path, attachment: Attachment) -> None:
    """Commit the file's row; if that fails, the file goes too (no file without a row)."""
    try:
        session.commit()
    except Exception:
        session.rollback()
        delete_file(directory, attachment)
        raise


def path_of(directory: Path, attachment: Attachment) -> Path:
    return directory / attachment.stored_name


def delete_file(directory: Path, attachment: Attachment) -> None:
    path_of(directory, attachment).unlink(missing_ok=True)

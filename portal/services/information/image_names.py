"""The public names of uploaded images: `/media/<key>-<width>x<height>.<ext>`.

The key is a hash of the image's large version, so a name never changes meaning and
browsers may keep the file for a year. The name carries the size, so the Markdown
renderer can give the <img> its width, height and smaller version without asking the
database: the smaller version of every image is the same picture at SMALL_WIDTH
(or the same file, for an image that is no wider than that).
"""

import re

MEDIA_PREFIX = "/media/"
LARGE_WIDTH = 1200
SMALL_WIDTH = 600
EXTENSIONS = {"jpg": "image/jpeg", "png": "image/png"}
_NAME = re.compile(
    r"^(?P<key>[0-9a-f]{32})-(?P<width>[1-9][0-9]{0,4})x(?P<height>[1-9][0-9]{0,4})"
    r"\.(?P<ext>jpg|png)$"
)


def variant_name(key: str, width: int, height: int, extension: str) -> str:
    return f"{key}-{width}x{height}.{extension}"


def scaled(width: int, height: int, most: int) -> tuple[int, int]:
    """The size of a version at most `most` pixels wide, never larger than the original."""
    if width <= most:
        return width, height
    return most, max(1, round(height * most / width))


def parse(name: str) -> tuple[str, int, int, str] | None:
    """(key, width, height, extension) of a well-formed image name, else None."""
    match = _NAME.match(name)
    if match is None:
        return None
    return match["key"], int(match["width"]), int(match["height"]), match["ext"]


def small_variant_of(name: str) -> str | None:
    """The name of the smaller version of a large version's name (the same name if none)."""
    parsed = parse(name)
    if parsed is None:
        return None
    key, width, height, extension = parsed
    return variant_name(key, *scaled(width, height, SMALL_WIDTH), extension)


def name_in_url(url: str) -> str | None:
    """The image name in `/media/<name>`, if `url` is one of ours; else None."""
    if not url.startswith(MEDIA_PREFIX):
        return None
    name = url.removeprefix(MEDIA_PREFIX)
    return name if parse(name) else None

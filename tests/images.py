"""Pictures for tests, made on the spot: photos with metadata, graphics, fakes and bombs."""

import io
import struct
import zlib

from PIL import Image

GPS_TAG = 0x8825


def photo(width: int = 2400, height: int = 1600, *, with_gps: bool = True) -> bytes:
    """A JPEG like one from a phone: large, with camera and GPS EXIF."""
    picture = Image.new("RGB", (width, height), (200, 120, 40))
    for x in range(0, width, 40):  # some detail, so it is not one flat colour
        picture.paste((30, 60, 90), (x, 0, x + 10, height))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    if with_gps:
        exif[GPS_TAG] = {1: "N", 2: (58.0, 27.0, 0.0), 3: "E", 4: (6.0, 0.0, 0.0)}
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def transparent_png(width: int = 300, height: int = 200) -> bytes:
    picture = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    picture.paste((0, 90, 160, 255), (50, 50, 250, 150))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
NOT_AN_IMAGE = b"%PDF-1.4 this is a document, not a picture"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def decompression_bomb(width: int = 50_000, height: int = 50_000) -> bytes:
    """A PNG of a few hundred bytes that claims 2.5 gigapixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = zlib.compress(b"\x00" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", rows)
        + _chunk(b"IEND", b"")
    )


def truncated_jpeg() -> bytes:
    whole = photo(800, 600, with_gps=False)
    return whole[: len(whole) // 3]

"""What a page weighs over the wire: its HTML and every file it loads, gzip-compressed."""

import gzip
import re
from dataclasses import dataclass

ASSET = re.compile(rb'(?:href|src)="(/static/[^"]+)"')


@dataclass(frozen=True)
class Weight:
    html: int
    css: int
    other: int  # scripts, the icon

    @property
    def html_and_css(self) -> int:
        return self.html + self.css

    @property
    def total(self) -> int:
        return self.html + self.css + self.other


def gzip_size(content: bytes) -> int:
    return len(gzip.compress(content, 6))


def weigh(client, path: str) -> Weight:
    """Bytes of the page and of its stylesheets, scripts and icon, each gzip-compressed.
    Images are left out: they come at the size they are shown (srcset)."""
    html = client.get(path).data
    css = other = 0
    for asset in dict.fromkeys(ASSET.findall(html)):
        size = gzip_size(client.get(asset.decode()).data)
        if b".css" in asset:
            css += size
        else:
            other += size
    return Weight(gzip_size(html), css, other)

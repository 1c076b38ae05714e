"""Rules every template keeps, read from the files themselves."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    [
        *(ROOT / "portal" / "templates").rglob("*.html"),
        *(ROOT / "admin" / "templates").rglob("*.html"),
    ]
)
BARE_HTMX = re.compile(r"(?<![\w-])hx-[a-z-]+=")


def test_htmx_attributes_use_the_data_prefix_so_the_html_stays_valid():
    bare = [
        f"{path.relative_to(ROOT)}: {match.group()}"
        for path in TEMPLATES
        for match in BARE_HTMX.finditer(path.read_text(encoding="utf-8"))
    ]

    assert bare == []
    assert any("data-hx-get=" in path.read_text(encoding="utf-8") for path in TEMPLATES)

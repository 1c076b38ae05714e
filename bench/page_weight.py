"""Benchmark: what the start page and the information pages weigh, gzip-compressed.

Budget for an old phone on a slow network: HTML and CSS at most 14 KB (they fit the
first round trip), everything the page loads at most 30 KB. Images are not counted:
they come at the size they are shown, 600 or 1200 px wide (srcset).
tests/views/test_page_weight.py holds the budget; this prints the figures.

    .venv/bin/python bench/page_weight.py
"""

import sys
import tempfile
from pathlib import Path

from alembic import command

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal import create_app
from portal.cli import alembic_config
from portal.db import db
from tests.views.weight import weigh

PATHS = [
    "/nb/", "/nn/", "/en/",
    "/nb/info/bostotte", "/nn/info/startlan", "/en/info/kommunal-bolig", "/nb/info/miste-bolig",
]  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite", "SECRET_KEY": "bench"})
        command.upgrade(alembic_config(db.engine_for(app)), "head")
        app.test_cli_runner().invoke(args=["load-content"])
        client = app.test_client()
        print("page weights, gzip (shipped content, cards and menu):")
        worst_first, worst_total = 0, 0
        for path in PATHS:
            weight = weigh(client, path)
            worst_first = max(worst_first, weight.html_and_css)
            worst_total = max(worst_total, weight.total)
            print(
                f"  {path}: HTML {weight.html / 1024:.1f} KB + CSS {weight.css / 1024:.1f} KB"
                f" = {weight.html_and_css / 1024:.1f} KB; with scripts and icon"
                f" {weight.total / 1024:.1f} KB"
            )
        print(f"heaviest HTML + CSS: {worst_first / 1024:.1f} KB (budget <= 14 KB)")
        print(f"heaviest page with everything: {worst_total / 1024:.1f} KB (budget <= 30 KB)")


if __name__ == "__main__":
    main()

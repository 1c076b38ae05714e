"""Benchmark: reading an information page and searching 1,000 pages, on SQLite and PostgreSQL.

Server time is measured in-process through the test client (the whole Flask
request: routing, database, Markdown, template), median of many requests.
Also weighs every public page with its CSS and JS, gzip-compressed.

    .venv/bin/python bench/information.py [--postgres URL]

Targets (issue 5): a page <= 5 ms median; search over 1,000 pages <= 20 ms
median on both databases; each public page <= 30 KB gzip with its CSS and JS.
"""

import argparse
import gzip
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal import create_app
from portal.cli import alembic_config
from portal.db import db
from portal.services.information.pages import create_page

WORDS = (
    "bolig bostøtte startlån kommunen husleie søknad inntekt veiledning barn familie leie eie "
    "tilskudd husbanken hjelp økonomi gjeld kontrakt nav midlertidig oppfølging trygg hjem "
    "søke måned frist dokumentasjon skatteoppgjør vedtak klage tre uker rettigheter bo"
).split()
QUERIES = ["bostotte", "startlån", "husleie søknad", "klage vedtak", "hjelp", "familie barn"]


def body(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(6):
        sentence = " ".join(rng.choice(WORDS) for _ in range(60))
        paragraphs.append(f"## {rng.choice(WORDS).title()}\n\n{sentence.capitalize()}.")
    return "\n\n".join(paragraphs)


def fill(app, count: int) -> None:
    rng = random.Random(7)
    now = datetime.now(UTC)
    with app.app_context():
        for number in range(count):
            create_page(
                db.session,
                slug=f"side-{number}",
                language="nb",
                title=" ".join(rng.choice(WORDS) for _ in range(3)).capitalize(),
                summary=" ".join(rng.choice(WORDS) for _ in range(15)).capitalize() + ".",
                body=body(rng),
                author_name="bench",
                now=now,
                publish=True,
            )
        db.session.commit()


def median_ms(client, paths: list[str], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        for path in paths:
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (path, response.status_code)
    return statistics.median(timings)


def measure(name: str, url: str, pages: int) -> None:
    # The page cache off: this measures rendering the page (bench/report.py measures both).
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "bench", "PAGE_CACHE_URL": "off", "TESTING": False}
    )
    with app.app_context():
        command.upgrade(alembic_config(db.engine), "head")
    fill(app, pages)
    client = app.test_client()
    median_ms(client, ["/nb/info/side-1", "/nb/search?q=bolig"], 20)  # warm up
    page = median_ms(client, [f"/nb/info/side-{n}" for n in range(0, pages, 10)], 5)
    search = median_ms(client, [f"/nb/search?q={q}" for q in QUERIES], 20)
    print(f"{name}: information page {page:.2f} ms median (target <= 5 ms)")
    print(f"{name}: search over {pages} pages {search:.2f} ms median (target <= 20 ms)")


def weigh(url: str) -> None:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "PAGE_CACHE_URL": "off"})
    client = app.test_client()
    paths = [
        "/nb/", "/nb/info/side-1", "/nb/search?q=bostotte", "/nb/guide",
        "/nb/guide?step=3&situation=no_home&children=no", "/nb/calculator?amount=2000000&years=25&rate=5",
        "/nb/feedback?page=/nb/",
    ]  # fmt: skip
    assets: dict[str, int] = {}
    heaviest = 0.0
    for path in paths:
        html = client.get(path).data
        total = len(gzip.compress(html, 6))
        for asset in re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js)[^"]*)"', html):
            name = asset.decode()
            if name not in assets:
                assets[name] = len(gzip.compress(client.get(name).data, 6))
            total += assets[name]
        heaviest = max(heaviest, total / 1024)
        print(f"  {path}: {total / 1024:.1f} KB gzip with its CSS and JS")
    print(f"heaviest public page: {heaviest:.1f} KB gzip (target <= 30 KB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL whose public schema may be replaced")
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_url = f"sqlite:///{tmp}/bench.sqlite"
        measure("SQLite", sqlite_url, args.pages)
        weigh(sqlite_url)
    if args.postgres:
        app = create_app(
            {"DATABASE_URL": args.postgres, "SECRET_KEY": "bench", "PAGE_CACHE_URL": "off"}
        )
        with app.app_context(), db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        measure("PostgreSQL", args.postgres, args.pages)


if __name__ == "__main__":
    main()

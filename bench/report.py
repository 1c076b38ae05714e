"""The performance report: every figure issue 17 asks for, in one run, as one table.

- Requests per second and p50/p99 latency for the start page, an information page, search,
  the free-times page, the staff queue and a case page, served by gunicorn as in production
  (deploy/gunicorn.conf.py, PORTAL_ENV=production, Redis for limits and kept pages) and
  loaded by wrk over loopback (2 threads, 16 connections, `Accept-Encoding: gzip, br` as a
  phone sends). Beside each, a bare Flask + Jinja page of the same size (bench/bare_app.py)
  under the same gunicorn settings, measured in turn with it (A B B A): the
  machine is shared and noisy, so the ratio of the two is the figure that counts (targets: >= 100 % for pages
  kept in the page cache, >= 60 % for search, free times and the staff queue).
- The staff queue and a case page with 100,000 cases in the database (bench/case_data.py).
- Bytes on the wire for each public page type with its CSS and JS (gzip and Brotli).
- The free-times page with 2,000 times and the booking race (bench/booking.py).

    .venv/bin/python bench/report.py [--seconds 4] [--rounds 3] [--cases 100000]
                                     [--postgres URL] [--write docs/PERFORMANCE.md]

Needs wrk (`make bench` installs it). Each page takes --seconds a round for itself and as
much for its bare page, --rounds times; the whole run takes some ten minutes.
"""

import argparse
import gzip
import http.cookiejar
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import brotli
import pyotp
import redis
from alembic import command
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.case_data import add_cases
from bench.staff import PASSWORD, enrolled_staff
from portal import compression, demo
from portal.cli import alembic_config
from portal.db import make_engine, utcnow
from portal.services.staff import passwords
from tests.servers import Gunicorn, production_environment

REDIS_URL = "redis://127.0.0.1:6379/13"
STAFF_EMAIL = "bench@example.no"
TOTP_SECRET = pyotp.random_base32()
WEIGHED = ["/nb/", "/nb/info/bostotte", "/nb/info/miste-bolig", "/nb/accessibility",
           "/nb/privacy", "/nb/search", "/nb/search?q=bostøtte", "/nb/guide", "/nb/calculator",
           "/nb/book", "/nb/book/bostotte", "/nb/apply", "/nb/case", "/nb/feedback"]  # fmt: skip


def build_database(url: str, cases: int) -> str:
    """Migrate, add the demo data, a signed-in-able admin and `cases` cases; a case reference."""
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"))
    command.upgrade(alembic_config(engine), "head")
    passwords.use_profile("fast")  # stored hashes say their own cost; sign-in checks any
    demo.seed_by_url(url, files=Path(tempfile.mkdtemp(prefix="bench-letters-")), now=utcnow())
    with sessionmaker(bind=engine, expire_on_commit=False)() as session:
        enrolled_staff(session, email=STAFF_EMAIL, name="Bench Admin",
                       roles=["admin", "caseworker"], now=utcnow(), secret=TOTP_SECRET)  # fmt: skip
        session.commit()
        started = time.monotonic()
        reference = add_cases(session, cases, now=utcnow())
        print(f"{cases:,} cases made in {time.monotonic() - started:.0f} s", flush=True)
        # The planner's statistics, as a database that has run for a while has them
        # (PostgreSQL's autovacuum keeps them; SQLite needs asking).
        session.execute(text("ANALYZE"))
        session.commit()
    engine.dispose()
    return reference


def staff_cookie(base: str) -> str:
    """Sign in through the real pages (password, then the code); the Cookie header to send."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def token(path: str) -> str:
        page = opener.open(base + path, timeout=10).read().decode()
        return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)

    def post(path: str, fields: dict) -> None:
        opener.open(base + path, urllib.parse.urlencode(fields).encode(), timeout=10).read()

    post("/admin/login", {"csrf_token": token("/admin/login"), "email": STAFF_EMAIL,
                          "password": PASSWORD})  # fmt: skip
    code = pyotp.TOTP(TOTP_SECRET).now()
    post("/admin/two-factor", {"csrf_token": token("/admin/two-factor"), "code": code})
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def fetch(url: str, headers: dict | None = None) -> tuple[bytes, dict]:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(), dict(response.headers)


def cpu_seconds(server: Gunicorn) -> float:
    ticks = 0
    for pid in [server.process.pid, *server.worker_pids()]:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def milliseconds(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


# A number added to the path of each request, so that no two ask for the same page.
EVERY_REQUEST_NEW = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. counter)
end
"""


def load(server: Gunicorn, path: str, seconds: int, cookie: str = "") -> dict:
    """wrk for `seconds`: requests per second, p50 and p99 in ms, CPU ms per request.
    A path ending in `=` gets a new number at the end of each request."""
    headers = ["-H", "Accept-Encoding: gzip, br"] + (["-H", f"Cookie: {cookie}"] if cookie else [])
    script = []
    if path.endswith("="):
        lua = Path(tempfile.gettempdir()) / "portal-bench-every-request-new.lua"
        lua.write_text(EVERY_REQUEST_NEW)
        script = ["-s", str(lua)]
    before = cpu_seconds(server)
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", *script, *headers, server.base + path],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    used = cpu_seconds(server) - before
    failures = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": milliseconds(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
        "p99": milliseconds(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
        "cpu": used * 1000 / max(requests, 1),
        "failed": int(failures.group(1)) if failures else 0,
        "requests": requests,
    }


def together(runs: list[dict]) -> dict:
    """Runs of equal length as one: mean rate and p50, the worst p99, CPU per request."""
    requests = sum(run["requests"] for run in runs)
    return {
        "rps": sum(run["rps"] for run in runs) / len(runs),
        "p50": sum(run["p50"] for run in runs) / len(runs),
        "p99": max(run["p99"] for run in runs),
        "cpu": sum(run["cpu"] * run["requests"] for run in runs) / max(requests, 1),
        "failed": sum(run["failed"] for run in runs),
        "requests": requests,
    }


def measure_pages(portal: Gunicorn, bare: Gunicorn, pages: list, seconds: int, rounds: int) -> list:
    """Each page and its bare page in turn, A B B A, half of `seconds` each time, so that the
    machine getting faster or slower meanwhile falls on both alike; `rounds` times, and the
    ratios are the median of the rounds' (one round that wrk's connections happened to fall
    badly on the two workers, either way, does not decide the figure)."""
    rows = []
    for number, (name, path, cookie, target) in enumerate(pages):
        first = path + "0" if path.endswith("=") else path
        size = len(fetch(portal.base + first, {"Cookie": cookie} if cookie else {})[0])
        bare_path = f"/{size}"
        load(portal, path, 1, cookie)  # warm up: first renders, connections, caches
        load(bare, bare_path, 1)
        pair = [("bare", bare, bare_path, ""), ("portal", portal, path, cookie)]
        if number % 2:
            pair.reverse()
        runs = {"bare": [], "portal": []}
        ratios, cpu_ratios = [], []
        for _round in range(rounds):
            found = {"bare": [], "portal": []}
            for which, server, url, cookie_header in pair + pair[::-1]:
                found[which].append(load(server, url, max(1, seconds // 2), cookie_header))
            mine, theirs = together(found["portal"]), together(found["bare"])
            ratios.append(mine["rps"] / theirs["rps"])
            cpu_ratios.append(theirs["cpu"] / mine["cpu"] if mine["cpu"] else 0)
            for which in runs:
                runs[which] += found[which]
        medians = (statistics.median(ratios), statistics.median(cpu_ratios))
        rows.append((name, path, size, target, together(runs["portal"]), together(runs["bare"]),
                     *medians))  # fmt: skip
        print(f"  measured {name}: ratios {', '.join(f'{r:.0%}' for r in ratios)}", flush=True)
    return rows


def weigh(base: str) -> list[tuple[str, int, int, int]]:
    """Each public page with its CSS and JS, as sent: (path, gzip bytes, br bytes, of which
    HTML + CSS with gzip)."""
    rows = []
    for path in WEIGHED:
        sizes = {}
        for encoding in ("gzip", "br"):
            url = base + urllib.parse.quote(path, safe="/?=&")
            body, headers = fetch(url, {"Accept-Encoding": encoding})
            html = body
            if headers.get("Content-Encoding") == "gzip":
                html = gzip.decompress(body)
            elif headers.get("Content-Encoding") == "br":
                html = brotli.decompress(body)
            total, html_css = len(body), len(body)
            for asset in re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js)[^"]*)"', html):
                sent = len(fetch(base + asset.decode(), {"Accept-Encoding": encoding})[0])
                total += sent
                html_css += sent if b".css" in asset else 0
            sizes[encoding] = (total, html_css)
        rows.append((path, sizes["gzip"][0], sizes["br"][0], sizes["gzip"][1]))
    return rows


def booking_race(url: str | None) -> list[str]:
    command_line = [sys.executable, str(ROOT / "bench" / "booking.py")]
    if url:
        command_line += ["--postgres", url]
    out = subprocess.run(command_line, capture_output=True, text=True, check=True, cwd=ROOT)
    return [line for line in out.stdout.splitlines() if line.strip()]


def report(rows, weights, race, args, database: str) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=ROOT).stdout.strip()  # fmt: skip
    lines = [
        f"Measured {when} at {commit} on {os.cpu_count()} cores ({platform.machine()}), "
        f"{database}, Redis, gunicorn {Path(ROOT / 'deploy/gunicorn.conf.py').name} "
        f"(2 workers x 4 threads), wrk -t2 -c16, each page and its bare page {args.seconds} s "
        f"a round, {args.rounds} rounds, "
        f"{args.cases:,} cases in the database.",
        "",
        "| page | bytes | portal req/s | p50 ms | p99 ms | bare req/s | bare p50 | bare p99 "
        "| ratio | CPU ratio | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, path, size, target, portal, bare, ratio, cpu_ratio in rows:
        mark = " (below)" if target is not None and ratio < target else ""
        failed = f", {portal['failed']} failed" if portal["failed"] else ""
        lines.append(
            f"| {name} `{path}` | {size:,} | {portal['rps']:,.0f}{failed} | {portal['p50']:.1f} "
            f"| {portal['p99']:.1f} | {bare['rps']:,.0f} | {bare['p50']:.1f} | {bare['p99']:.1f} "
            f"| {ratio:.0%}{mark} | {cpu_ratio:.0%} | {'—' if target is None else f'{target:.0%}'} |"
        )
    lines += [
        "",
        "Ratio: portal requests per second / bare Flask + Jinja page of the same size, measured "
        "in turn (A B B A, half the time each), the median of the rounds; the req/s, p50 and "
        "p99 columns are over all rounds. CPU ratio: the bare page's server CPU time per "
        "request / the portal's "
        '(less disturbed by other programs on a shared machine). "A query many ask" and '
        '"free times" are answered from the page cache after the first request (a search by '
        "its query, free times for 10 s), the staff queue from the queue kept for the session "
        'until a case changes (admin/kept_pages.py). The rows marked "every time" add a '
        "query value nothing keeps, so each request is drawn anew: what a search nobody asked "
        "before, or the queue right after a change, costs. They and the case page (every "
        "opening is written to the audit log; issue 13 sets it 30 ms of server time, "
        "bench/casework.py) have no target of their own.",
        "",
        "Bytes on the wire, each public page with its CSS and JS as sent (budget 30 KB; "
        "HTML + CSS 14 KB):",
        "",
        "| page | gzip | Brotli | HTML + CSS (gzip) |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| `{p}` | {g / 1024:.1f} KB | {b / 1024:.1f} KB | {h / 1024:.1f} KB |"
              for p, g, b, h in weights]  # fmt: skip
    lines += ["", "Free-times page and booking race (bench/booking.py):", ""]
    lines += [f"- {line}" for line in race]
    return "\n".join(lines) + "\n"


def write_into(document: Path, table: str) -> None:
    start, end = "<!-- bench/report.py: start -->", "<!-- bench/report.py: end -->"
    text_now = document.read_text() if document.exists() else ""
    block = f"{start}\n{table}{end}"
    if start in text_now:
        text_now = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text_now,
                          flags=re.S)  # fmt: skip
    else:
        text_now += f"\n## Latest report\n\n{block}\n"
    document.write_text(text_now)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose public schema may be replaced")
    parser.add_argument("--write", type=Path, help="put the table into this Markdown file")
    parser.add_argument("--skip-booking", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install -y wrk (make bench does)")
    compression.compress_static(ROOT / "portal" / "static")
    redis.Redis.from_url(REDIS_URL).flushdb()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.postgres or f"sqlite:///{tmp}/report.sqlite"
        reference = build_database(url, args.cases)
        env = production_environment(url, REDIS_URL, PORTAL_ATTACHMENT_DIRECTORY=f"{tmp}/files",
                                     PORTAL_STAFF_SIGN_IN_RATE_LIMIT="1000 per minute")  # fmt: skip
        # Workers are not recycled while measuring: their CPU time is read from /proc.
        steady = ("--max-requests", "0")
        portal = Gunicorn(env, Path(tmp) / "portal.log", options=steady).start()
        bare = Gunicorn({**os.environ}, Path(tmp) / "bare.log", app="bare_app:app",
                        cwd=ROOT / "bench", options=steady).start(health_path="/")  # fmt: skip
        try:
            cookie = staff_cookie(portal.base)
            query = urllib.parse.quote("bostøtte søknad")
            pages = [
                ("start page", "/nb/", "", 1.0),
                ("information page", "/nb/info/bostotte", "", 1.0),
                ("search, a query many ask", "/nb/search?q=" + query, "", 0.6),
                ("search, rendered every time", f"/nb/search?q={query}&n=", "", None),
                ("free times", "/nb/book/bostotte", "", 0.6),
                ("free times, rendered every time", "/nb/book/bostotte?n=", "", None),
                ("staff queue", "/admin/queue", cookie, 0.6),
                ("staff queue, drawn every time", "/admin/queue?n=", cookie, None),
                ("case page", f"/admin/cases/{reference}", cookie, None),
            ]
            rows = measure_pages(portal, bare, pages, args.seconds, args.rounds)
            weights = weigh(portal.base)
        finally:
            portal.stop()
            bare.stop()
    redis.Redis.from_url(REDIS_URL).flushdb()
    race = [] if args.skip_booking else booking_race(args.postgres)
    table = report(rows, weights, race, args, "PostgreSQL" if args.postgres else "SQLite")
    print(table)
    if args.write:
        write_into(args.write, table)


if __name__ == "__main__":
    main()

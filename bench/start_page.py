"""Benchmark: the start page under gunicorn against a bare Flask + Jinja page of the same size.

Both run side by side in one run (the machine is shared and noisy, so only the
ratio measured here means anything), under the same gunicorn settings
(2 workers x 4 threads), loaded by wrk over loopback for a few seconds at a time.
Two ratios are printed: requests per second, and the server's CPU time per
request (read from /proc), which other programs on the machine disturb far less.
Also weighs the start page with its CSS and JS, gzip-compressed.

    .venv/bin/python bench/start_page.py [--seconds 5] [--rounds 3]

Targets (issue 3): ratio >= 60 %, weight <= 30 KB gzip.
"""

import argparse
import gzip
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def gunicorn(app: str, port: int, env: dict, cwd: Path) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        "--workers",
        "2",
        "--threads",
        "4",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        app,
    ]
    return subprocess.Popen(command, cwd=cwd, env=env)


def cpu_seconds(server: subprocess.Popen) -> float:
    """User + system CPU time of the gunicorn master and its workers so far."""
    pids = [server.pid] + [
        int(pid)
        for pid in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    ]
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def load(url: str, seconds: int, server: subprocess.Popen) -> tuple[float, float]:
    """Requests per second under wrk, and the server's CPU milliseconds per request."""
    before = cpu_seconds(server)
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", url], capture_output=True, text=True, check=True
    ).stdout
    used = cpu_seconds(server) - before
    if re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        raise RuntimeError(f"errors while loading {url}:\n{out}")
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), used * 1000 / requests


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read()


def page_weight(base: str, path: str) -> tuple[int, dict[str, int]]:
    """Bytes of the page plus its stylesheets and scripts, each gzip-compressed."""
    html = fetch(base + path)
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js)[^"]*)"', html)
    sizes = {path: len(gzip.compress(html, 6))}
    for asset in assets:
        sizes[asset.decode()] = len(gzip.compress(fetch(base + asset.decode()), 6))
    return sum(sizes.values()), sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install -y wrk")

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "PORTAL_ENV": "development",
            "PORTAL_DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite",
            "PORTAL_SECRET_KEY": "bench",
        }
        for step in ("init-db", "seed-demo"):
            subprocess.run(
                [str(BIN / "flask"), "--app", "wsgi", step],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
            )
        portal_port, bare_port = free_port(), free_port()
        portal = gunicorn("wsgi:app", portal_port, env, ROOT)
        portal_url = f"http://127.0.0.1:{portal_port}/nb/"
        wait_until_up(portal_url)
        page_bytes = len(fetch(portal_url))
        bare_env = {**os.environ, "BENCH_PAGE_BYTES": str(page_bytes)}
        bare = gunicorn("bare_app:app", bare_port, bare_env, ROOT / "bench")
        bare_url = f"http://127.0.0.1:{bare_port}/"
        try:
            wait_until_up(bare_url)
            print(f"start page {page_bytes} bytes; bare page {len(fetch(bare_url))} bytes")
            load(portal_url, 1, portal)  # warm both up
            load(bare_url, 1, bare)
            portal_runs, bare_runs, ratios, cpu_ratios = [], [], [], []
            for round_number in range(1, args.rounds + 1):
                # Alternate which goes first, and compare within a round: load from
                # elsewhere on a shared machine changes between rounds, less within one.
                order = [(bare_runs, bare_url, bare), (portal_runs, portal_url, portal)]
                for runs, url, server in order if round_number % 2 else reversed(order):
                    runs.append(load(url, args.seconds, server))
                ratios.append(portal_runs[-1][0] / bare_runs[-1][0])
                # CPU per request is what limits throughput on a saturated server, and
                # it is barely touched by other programs competing for the cores.
                cpu_ratios.append(bare_runs[-1][1] / portal_runs[-1][1])
                print(
                    f"round {round_number}: bare {bare_runs[-1][0]:.0f} req/s "
                    f"({bare_runs[-1][1]:.2f} ms CPU each), start page {portal_runs[-1][0]:.0f} req/s "
                    f"({portal_runs[-1][1]:.2f} ms CPU each): {ratios[-1]:.0%} by throughput, "
                    f"{cpu_ratios[-1]:.0%} by CPU"
                )
            weight, parts = page_weight(f"http://127.0.0.1:{portal_port}", "/nb/")
        finally:
            portal.terminate()
            bare.terminate()
            portal.wait(10)
            bare.wait(10)

    print(
        f"start page / bare page, median of the rounds: {statistics.median(ratios):.0%} by "
        f"requests per second, {statistics.median(cpu_ratios):.0%} by server CPU per request "
        "(target >= 60 %)"
    )
    for name, size in parts.items():
        print(f"  {name}: {size / 1024:.1f} KB gzip")
    print(f"start page with CSS and JS: {weight / 1024:.1f} KB gzip (target <= 30 KB)")


if __name__ == "__main__":
    main()

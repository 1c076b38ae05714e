"""The portal under gunicorn, as in production (deploy/gunicorn.conf.py), on a loopback port:
for the load test, the fault tests, the log test and the benchmarks."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback only)
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up within {seconds} s")


def production_environment(database_url: str, redis_url: str, **extra: str) -> dict:
    """PORTAL_ENV=production, as docs/PRODUCTION.md sets it, over plain HTTP on loopback."""
    return {
        **os.environ,
        "PORTAL_ENV": "production",
        "PORTAL_SECRET_KEY": "s" * 64,
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_RATELIMIT_STORAGE_URL": redis_url,
        "PORTAL_PAGE_CACHE_URL": redis_url,
        # The tests speak HTTP on loopback; production's cookies are HTTPS-only.
        "PORTAL_SECURE_COOKIES": "off",
        "PORTAL_MAIL_BACKEND": "directory",
        "PORTAL_SMS_BACKEND": "directory",
        **extra,
    }


class Gunicorn:
    """One gunicorn master and its workers; its output goes to `log_path`."""

    def __init__(self, env: dict, log_path: Path, *, app: str = "wsgi:app", cwd: Path = ROOT,
                 options: tuple[str, ...] = ()) -> None:  # fmt: skip
        self.env, self.log_path, self.app, self.cwd = env, log_path, app, cwd
        self.options = options
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self, health_path: str = "/healthz") -> "Gunicorn":
        log = self.log_path.open("ab")
        command = [str(GUNICORN), "--config", str(CONFIG), "--bind", f"127.0.0.1:{self.port}"]
        self.process = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
            [*command, *self.options, self.app],
            cwd=self.cwd,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        wait_until_up(self.base + health_path)
        return self

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def kill_worker(self) -> int:
        """SIGKILL one worker, as the kernel's OOM killer would; the master starts another."""
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def kill_master(self) -> None:
        """SIGKILL the master and every worker: a power cut of the app server."""
        pids = [self.process.pid, *self.worker_pids()]
        for pid in pids:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill_master()

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextmanager
def running(env: dict, log_path: Path, **options) -> Iterator[Gunicorn]:
    server = Gunicorn(env, log_path, **options).start()
    try:
        yield server
    finally:
        server.stop()

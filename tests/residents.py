"""Simulated residents: many at once, each with their own browser (cookies) and address,
reading pages, applying for a home, booking guidance and following their cases over HTTP.

Used by the load test (bench/load_test.py: 200 residents for 60 s), its short version in
the suite (tests/security/test_load.py) and the fault tests. Loopback only; every loop is
bounded by a deadline. Each resident comes through the reverse proxy with an address of its
own (X-Forwarded-For, PORTAL_PROXY_COUNT=1), as residents at home do, so the per-address
limits apply to each as they would.
"""

import asyncio
import random
import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import Case, CaseEvent, OutboxMessage
from tests.views.apply_journey import ANSWERS

TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
RECEIPT_CODE = re.compile(r'class="receipt-code">([^<]+)<')
TIME_LINK = re.compile(r'class="time-link" href="(/nb/book/time/\d+)"')
READING = ["/nb/", "/nn/", "/en/", "/nb/info/bostotte", "/nb/info/startlan", "/nn/info/bostotte",
           "/nb/search", "/nb/search?q=bostøtte", "/nb/search?q=husleie+hjelp", "/nb/guide",
           "/nb/calculator", "/nb/calculator?amount=1500000&years=25&rate=5", "/nb/book",
           "/nb/accessibility", "/nb/privacy"]  # fmt: skip
TOPICS = ["bostotte", "startlan", "kommunal_bolig", "okonomi", "leie_til_eie", "annet"]


@dataclass
class Tally:
    """What the residents saw, and what the portal promised them."""

    statuses: Counter = field(default_factory=Counter)
    journeys: Counter = field(default_factory=Counter)
    receipts: list[tuple[str, str, str]] = field(default_factory=list)  # kind, reference, code
    connection_errors: int = 0
    requests: int = 0
    refusals: Counter = field(default_factory=Counter)  # (status, method, path) of each 4xx/5xx

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    def summary(self) -> str:
        statuses = ", ".join(
            f"{status}: {count}" for status, count in sorted(self.statuses.items())
        )
        journeys = ", ".join(f"{name} {count}" for name, count in sorted(self.journeys.items()))
        return (
            f"{self.requests} requests ({statuses}); {self.connection_errors} connection errors; "
            f"journeys finished: {journeys}; receipts: {len(self.receipts)}; "
            f"refusals: {dict(self.refusals)}"
        )


class Resident:
    def __init__(self, base: str, number: int, tally: Tally, rng: random.Random) -> None:
        self.tally, self.rng = tally, rng
        address = f"10.{77 + number // 65536}.{number // 256 % 256}.{number % 256}"
        self.client = httpx.AsyncClient(
            base_url=base,
            headers={"X-Forwarded-For": address, "Accept-Encoding": "gzip, br"},
            timeout=30,
        )
        self.own: list[tuple[str, str, str]] = []

    async def request(self, method: str, path: str, **options) -> httpx.Response:
        self.tally.requests += 1
        response = await self.client.request(method, path, **options)
        self.tally.statuses[response.status_code] += 1
        if response.status_code >= 400:
            self.tally.refusals[(response.status_code, method, re.sub(r"\d+", "N", path))] += 1
        return response

    async def token(self, path: str) -> tuple[httpx.Response, str | None]:
        response = await self.request("GET", path)
        found = TOKEN.search(response.text)
        return response, found.group(1) if found else None

    async def read(self) -> None:
        for path in self.rng.sample(READING, 3):
            await self.request("GET", path)
        self.tally.journeys["read"] += 1

    async def apply(self) -> None:
        _, token = await self.token("/nb/apply")
        if (
            await self.request("POST", "/nb/apply/start", data={"csrf_token": token})
        ).status_code != 302:
            return  # refused (429): nothing was promised
        for step, values in ANSWERS.items():
            extra = {"skip": "1"} if step == "health" else {}
            answer = {} if step == "health" else values
            await self.request(
                "POST", f"/nb/apply/{step}", data={"csrf_token": token, **answer, **extra}
            )
        await self.request("POST", "/nb/apply/attachments", data={"csrf_token": token})
        await self.request("GET", "/nb/apply/check")
        sent = await self.request("POST", "/nb/apply/check", data={"csrf_token": token})
        if sent.status_code == 302:
            self.keep_receipt("application", await self.request("GET", sent.headers["location"]))

    async def book(self) -> None:
        topic = self.rng.choice(TOPICS)
        times = TIME_LINK.findall((await self.request("GET", f"/nb/book/{topic}")).text)
        if not times:
            return
        path = self.rng.choice(times)
        page, token = await self.token(path)
        if page.status_code != 200:
            return  # taken since the list was shown
        details = {"csrf_token": token, "name": "Kari Nordmann", "phone": "91234567",
                   "email": "", "interpreter": "no"}  # fmt: skip
        if (await self.request("POST", path, data=details)).status_code != 302:
            return
        booked = await self.request("POST", "/nb/book/check", data={"csrf_token": token})
        if booked.status_code == 302:
            self.keep_receipt("booking", await self.request("GET", "/nb/book/receipt"))

    async def follow(self) -> None:
        _kind, reference, code = self.rng.choice(self.own)
        _, token = await self.token("/nb/case")
        form = {"csrf_token": token, "reference": reference, "code": code}
        found = await self.request("POST", "/nb/case", data=form)
        if found.status_code == 302:
            await self.request("GET", found.headers["location"])
            self.tally.journeys["follow"] += 1

    def keep_receipt(self, kind: str, receipt: httpx.Response) -> None:
        codes = RECEIPT_CODE.findall(receipt.text)
        if receipt.status_code == 200 and len(codes) == 2:
            self.own.append((kind, codes[0], codes[1]))
            self.tally.receipts.append((kind, codes[0], codes[1]))
            self.tally.journeys[kind] += 1

    async def live(self, deadline: float, think: float) -> None:
        journeys = [self.read] * 5 + [self.apply] * 2 + [self.book] * 2 + [self.follow]
        async with self.client:
            while time.monotonic() < deadline:
                journey = self.rng.choice(journeys)
                if journey == self.follow and not self.own:
                    journey = self.read
                try:
                    await journey()
                except (httpx.TransportError, KeyError):
                    self.tally.connection_errors += 1
                    await asyncio.sleep(0.2)
                await asyncio.sleep(self.rng.uniform(0, think))


async def crowd(base: str, residents: int, seconds: float, *, think: float = 0.5,
                seed: int = 17) -> Tally:  # fmt: skip
    """`residents` residents at once for `seconds` (then each finishes its journey)."""
    tally = Tally()
    deadline = time.monotonic() + seconds
    people = [Resident(base, n, tally, random.Random(seed + n)) for n in range(residents)]
    await asyncio.gather(*(person.live(deadline, think) for person in people))
    return tally


def run_crowd(base: str, residents: int, seconds: float, **options) -> Tally:
    """The crowd on an event loop of its own thread: the browser tests' Playwright keeps one
    running in the main thread for the whole session."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, crowd(base, residents, seconds, **options)).result()


def lost_receipts(session: Session, tally: Tally) -> list[str]:
    """References promised on a receipt that are not stored with their first event and their
    outbox message: must be empty."""
    lost = []
    for _kind, reference, _code in tally.receipts:
        case = session.scalar(select(Case).where(Case.reference == reference))
        if case is None:
            lost.append(f"{reference}: no case")
            continue
        events = session.scalar(select(func.count()).where(CaseEvent.case_id == case.id))
        messages = session.scalar(select(func.count()).where(OutboxMessage.case_id == case.id))
        if not events or not messages:
            lost.append(f"{reference}: {events} events, {messages} outbox messages")
    return lost

"""No 5xx from any address a stranger can type: every GET route with hostile query values.

The routes come from the app's URL map, so a new page is walked without anyone
remembering to add it. Staff routes are walked signed in as an admin.
"""

import re
from pathlib import Path

import pytest

from tests.factories import at_ten, make_slot
from tests.staff import make_staff, sign_in

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = [
    "9999999999999999999999999",
    "9999999",
    "9" * 5000,
    "²",
    "٣",
    "-1",
    "-9999999999",
    "abc",
    "1e309",
    "x" * 10_000,
    "\x00\x01\x7f",
    "\r\nSet-Cookie: x=y",
    "../../../../etc/passwd",
    "<script>alert(1)</script>",
    "%",
    "Мені потрібна допомога" * 50,
    "2026-02-31",
    " ",
]
# Values for the parts of a path, so every route can be reached.
PATH_VALUES = {
    "lang": "nb",
    "slug": "bostotte",
    "step": "about_you",
    "topic": "bostotte",
    "reference": "B7K4-P2QM",
    "filename": "css/portal.css",
}


def query_names() -> set[str]:
    """Every query parameter the code reads, found in the source."""
    names = set()
    for path in list((ROOT / "portal").rglob("*.py")) + list((ROOT / "admin").rglob("*.py")):
        names |= set(re.findall(r"request\.args\.get(?:list)?\(\s*\"(\w+)\"", path.read_text()))
    # Forms read from the query string as a whole (the calculator, the guide, staff filters).
    forms = {"amount", "years", "rate", "situation", "children", "circumstances", "person"}
    return names | forms | {"page", "week", "q", "kind", "show", "day", "status", "action"}


def get_routes(app, prefix: str) -> list[str]:
    routes = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or not rule.rule.startswith(prefix):
            continue
        values = {name: PATH_VALUES.get(name, "1") for name in rule.arguments}
        path = rule.rule
        for name, value in values.items():
            path = re.sub(rf"<(?:\w+:)?{name}>", value, path)
        routes.append(path)
    return sorted(set(routes))


@pytest.fixture
def world(data):
    """A little of everything, so routes with ids find something to show."""
    adviser = make_staff(data, "caseworker")
    make_slot(data, adviser, at_ten(3))
    return adviser


def walk(client, routes: list[str]) -> list[tuple[str, int]]:
    failures = []
    names = sorted(query_names())
    for path in routes:
        for value in HOSTILE:
            query = {name: value for name in names}
            response = client.get(path, query_string=query)
            if response.status_code >= 500:
                failures.append((path, value[:30], response.status_code))
    return failures


def test_no_public_page_answers_5xx_to_hostile_query_values(app, client, world):
    routes = [path for path in get_routes(app, "/") if not path.startswith("/admin")]

    assert len(routes) > 25
    assert walk(client, routes) == []


def test_no_staff_page_answers_5xx_to_hostile_query_values(app, client, data, world):
    sign_in(client, make_staff(data, "admin", "caseworker", "editor"))
    routes = [
        path for path in get_routes(app, "/admin") if not path.endswith(("/logout", "/language"))
    ]

    assert len(routes) > 15
    assert walk(client, routes) == []


@pytest.mark.parametrize("week", ["9999999", "-1", "99999999999999999999", "x" * 10_000])
def test_a_week_far_away_is_not_found_rather_than_an_error(client, world, week):
    response = client.get("/nb/book/bostotte", query_string={"week": week})

    assert response.status_code in (200, 404)

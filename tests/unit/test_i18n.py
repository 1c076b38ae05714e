import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from portal.i18n import language_from_prefix, preferred_language


def request_with(headers=None, cookies=None) -> Request:
    builder = EnvironBuilder(path="/", headers=headers or {})
    for name, value in (cookies or {}).items():
        builder.headers.add("Cookie", f"{name}={value}")
    return Request(builder.get_environ())


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("en-GB,en;q=0.9", "en"),
        ("nb-NO,nb;q=0.9,no;q=0.8", "nb"),
        ("no", "nb"),
        ("nn-NO", "nn"),
        ("de-DE,fr;q=0.5", "nb"),
        ("de-DE,en;q=0.5", "en"),
        (";;;q=abc,,", "nb"),
        ("\x00\xff garbage", "nb"),
        ("", "nb"),
    ],
)
def test_accept_language_picks_the_best_shipped_language_or_bokmal(accept_language, expected):
    assert preferred_language(request_with({"Accept-Language": accept_language})) == expected


def test_the_language_cookie_wins_over_the_browser_setting():
    request = request_with({"Accept-Language": "en"}, cookies={"lang": "nn"})
    assert preferred_language(request) == "nn"


def test_an_unknown_language_in_the_cookie_is_ignored():
    request = request_with({"Accept-Language": "en"}, cookies={"lang": "xx"})
    assert preferred_language(request) == "en"


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/nn/feedback", "nn"), ("/en/", "en"), ("/xx/", None), ("/admin/", None), ("/", None)],
)
def test_language_is_read_from_the_path_prefix(path, expected):
    assert language_from_prefix(path) == expected

"""Editors write Markdown; residents must never get script from it."""

import pytest
from bs4 import BeautifulSoup

from portal.services.information.markdown import plain_text, render

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](  javascript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    '[x](https://ok.example "title" onmouseover=alert(1))',
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<details open ontoggle=alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "[x](file:///etc/passwd)",
    "![x](https://tracker.example/pixel.png)",
    "![x](//tracker.example/pixel.png)",
    "![x](/media/../instance/secret_key)",
    '![x](/media/0123456789abcdef0123456789abcdef-10x10.jpg" onerror="alert(1))',
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_as_script_handler_or_dangerous_link(payload):
    html = BeautifulSoup(str(render(payload)), "html.parser")

    assert not html.find_all(["script", "iframe", "svg", "img", "style", "form", "details"])
    for element in html.find_all(True):
        assert not [a for a in element.attrs if a.startswith("on") or a == "style"], element
    for link in html.find_all("a"):
        assert link["href"].split(":", 1)[0].lower() in {"https", "http"}, link


KEY = "0123456789abcdef0123456789abcdef"


def test_our_own_image_is_shown_at_its_size_with_a_smaller_version_for_phones():
    html = BeautifulSoup(str(render(f"![Rådhuset](/media/{KEY}-1200x900.jpg)")), "html.parser")

    img = html.find("img")
    assert (img["src"], img["alt"], img["width"], img["height"]) == (
        f"/media/{KEY}-1200x900.jpg", "Rådhuset", "1200", "900",
    )  # fmt: skip
    assert img["srcset"] == f"/media/{KEY}-600x450.jpg 600w, /media/{KEY}-1200x900.jpg 1200w"
    assert img["loading"] == "lazy"


def test_a_decorative_image_has_empty_words_and_a_small_one_no_second_version():
    img = BeautifulSoup(str(render(f"![](/media/{KEY}-400x300.png)")), "html.parser").find("img")

    assert img["alt"] == ""
    assert not img.has_attr("srcset")


def test_links_to_other_sites_are_marked_and_local_ones_are_not():
    html = BeautifulSoup(
        str(render("[Husbanken](https://www.husbanken.no) og [søk](/nb/search)")), "html.parser"
    )

    external, local = html.find_all("a")
    assert external["class"] == ["external"]
    assert "noopener" in external["rel"]
    assert not local.has_attr("class")


def test_a_top_level_heading_becomes_h2_because_the_title_is_the_h1():
    html = BeautifulSoup(str(render("# Overskrift\n\n## Under")), "html.parser")

    assert [h.name for h in html.find_all(["h1", "h2"])] == ["h2", "h2"]


def test_plain_text_keeps_the_words_and_drops_the_markup():
    assert plain_text("## Hei\n\nLes [mer](/nb/x) om **bostøtte**.") == "Hei Les mer om bostøtte ."

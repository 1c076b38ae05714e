"""Cross-site scripting: 60 payloads through every free-text field a resident or staff member
can fill in, checked on every page that shows the value, on both faces.

Fields: the booking's name, "about" and accessibility needs, the application's name, a
resident's message on their case, the search box, a caseworker's message to the resident, and
an information page's title, summary and body. Pages: the booking check page and receipt,
the application's check page, the resident's case page, the search page (whole and htmx),
the staff queue, the staff case page, the page editor and list, and the published page.

"Escaped" is read from the parsed page: no element or attribute that a payload could have
made (event handlers, scripts, frames, javascript: addresses), and the value, where it is
shown as text, reads exactly as typed.
"""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from portal.db import utcnow
from portal.services.information import page_editing
from portal.services.staff.audit import Actor
from tests.factories import at_ten, make_slot
from tests.html import csrf_token, form_with_token, parse
from tests.staff import make_staff, sign_in
from tests.views import apply_journey

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>">',
    '<a href="javascript:alert(1)">klikk</a>',
    "<a href=javascript&colon;alert(1)>x</a>",
    "javascript:alert(1)",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<base href=//evil.example/>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    '<button formaction="javascript:alert(1)">x</button>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<style>@import 'javascript:alert(1)';</style>",
    '<div style="background:url(javascript:alert(1))">',
    "<marquee onstart=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<keygen autofocus onfocus=alert(1)>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<img src=\"x\" onerror='alert(1)'>",
    "<img/src=x/onerror=alert(1)>",
    "<IMG SRC=x ONERROR=alert(1)>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "{{ 7*7 }}",
    "{% for x in range(3) %}x{% endfor %}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    '" autofocus onfocus="alert(1)',
    "' style='x:expression(alert(1))",
    "<a href='data:text/html,<script>alert(1)</script>'>x</a>",
    "<link rel=import href=data:text/html,x>",
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "[klikk](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "Ærlig Østby-Åsen <b>fet</b> & \"sitat\" 'enkel'",
]
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "svg", "math", "video", "audio", "marquee",
                  "keygen", "isindex", "template", "noscript", "frame", "frameset"}  # fmt: skip
ADDRESS_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "srcdoc", "content")


def injected(page: BeautifulSoup) -> list[str]:
    """Everything on the page that markup from a payload could have made."""
    found = []
    for element in page.find_all(True):
        if element.name in FORBIDDEN_TAGS:
            found.append(f"<{element.name}>")
        if element.name == "script" and not element.get("src", "").startswith("/static/"):
            found.append("<script> without our src")
        if element.name == "meta" and element.get("http-equiv"):
            found.append("<meta http-equiv>")
        if element.name == "style" or element.get("style"):
            found.append(f"style on <{element.name}>")
        for name, value in element.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"{name} on <{element.name}>")
            text = " ".join(value) if isinstance(value, list) else str(value)
            address = re.sub(r"[\s\x00-\x1f]", "", text).lower()
            # A meta description's content is text for search engines, never an address.
            is_address = name in ADDRESS_ATTRIBUTES and not (
                element.name == "meta" and element.get("name") == "description"
            )
            if is_address and address.startswith(("javascript:", "data:text")):
                found.append(f"{name}={text[:30]}")
    return found


def shown(page: BeautifulSoup, value: str) -> bool:
    """Whether `value` is on the page exactly as typed: as text, or as a field's value."""
    text = " ".join(page.get_text(" ").split())
    values = [element.get("value", "") for element in page.find_all("input")]
    values += [element.get_text() for element in page.find_all("textarea")]
    return " ".join(value.split()) in text or any(value in v for v in values)


def check(response, payload: str, *, must_show: bool = True) -> list[str]:
    page = parse(response)
    problems = [f"{response.request.path}: {what}" for what in injected(page)]
    if must_show and not shown(page, payload):
        problems.append(f"{response.request.path}: value not shown as typed")
    return problems


@pytest.fixture
def shared_address(app):
    """Every request comes from 127.0.0.1: give it a town hall's room in the limits."""
    import ipaddress

    app.config["SHARED_ADDRESSES"] = [ipaddress.ip_network("127.0.0.0/8")]


@pytest.fixture
def caseworker(app, data, shared_address):
    person = make_staff(data, "caseworker", "admin", "editor")
    client = app.test_client()
    sign_in(client, person)
    return person, client


def test_sixty_payloads_are_enough_and_distinct():
    assert len(set(PAYLOADS)) == len(PAYLOADS) >= 50


def test_booking_fields_and_messages_are_escaped_on_every_page_of_both_faces(app, data, caseworker):
    person, staff = caseworker
    problems = []
    for number, payload in enumerate(PAYLOADS):
        slot = make_slot(data, person, at_ten(2) + timedelta(minutes=number))
        resident = app.test_client()
        _, token = form_with_token(resident, f"/nb/book/time/{slot.id}")
        details = {"csrf_token": token, "name": payload, "phone": "91234567", "email": "",
                   "about": payload, "interpreter": "no",
                   "accessibility_needs": payload}  # fmt: skip
        assert resident.post(f"/nb/book/time/{slot.id}", data=details).status_code == 302
        problems += check(resident.get("/nb/book/check"), payload)
        assert resident.post("/nb/book/check", data={"csrf_token": token}).status_code == 302
        receipt = parse(resident.get("/nb/book/receipt"))
        reference, code = (span.get_text() for span in receipt.select(".receipt-code"))
        follower = app.test_client()
        # Case lookups are limited per address (30 an hour): each follower has their own.
        follower.environ_base["REMOTE_ADDR"] = f"10.9.{number}.1"
        _, token = form_with_token(follower, "/nb/case")
        follower.post("/nb/case", data={"csrf_token": token, "reference": reference, "code": code})
        follower.post(
            f"/nb/case/{reference}/message", data={"csrf_token": token, "message": payload}
        )
        staff_token = csrf_token(parse(staff.get(f"/admin/cases/{reference}")))
        staff.post(
            f"/admin/cases/{reference}/messages",
            data={"csrf_token": staff_token, "message": payload},
        )
        problems += check(follower.get(f"/nb/case/{reference}"), payload)
        problems += check(staff.get(f"/admin/cases/{reference}"), payload)
    # The queue lists the oldest first: the first payload is on its first page.
    problems += check(staff.get("/admin/queue?status=all"), PAYLOADS[0])

    assert problems == [], "\n".join(problems)


def test_the_applicants_name_is_escaped_on_the_check_page_and_the_staff_case_page(app, caseworker):
    _person, staff = caseworker
    problems = []
    for payload in PAYLOADS:
        resident = app.test_client()
        answers = {**apply_journey.ANSWERS}
        answers["about_you"] = {**answers["about_you"], "name": payload}
        token = apply_journey.fill_in_everything(resident, answers=answers)
        problems += check(resident.get("/nb/apply/check"), payload)
        assert apply_journey.submit(resident, token).status_code == 302
        reference = parse(resident.get("/nb/apply/receipt")).select_one(".receipt-code").get_text()
        problems += check(staff.get(f"/admin/cases/{reference}"), payload)

    assert problems == []


def test_a_search_is_escaped_whole_and_as_the_htmx_fragment(client):
    problems = []
    for payload in PAYLOADS:
        problems += check(client.get("/nb/search", query_string={"q": payload}), payload)
        fragment = client.get(
            "/nb/search", query_string={"q": payload}, headers={"HX-Request": "true"}
        )
        problems += [f"fragment: {what}" for what in injected(parse(fragment))]

    assert problems == []


def test_information_page_fields_are_escaped_for_residents_and_in_the_editor(app, data, caseworker):
    person, staff = caseworker
    editor = Actor(person, "10.0.0.1")
    problems = []
    for number, payload in enumerate(PAYLOADS):
        text = page_editing.Text(title=payload, summary=payload, body=payload)
        page = page_editing.create_draft(
            data, slug=f"side-{number}", language="nb", text=text, actor=editor, now=utcnow()
        )
        latest = page_editing.latest_revision(data, page.id)
        page_editing.publish(data, page.id, revision_id=latest.id, actor=editor, now=utcnow())
        public = app.test_client().get(f"/nb/info/side-{number}")
        problems += check(public, payload)
        problems += check(staff.get(f"/admin/pages/{page.id}"), payload)
    listing = parse(staff.get("/admin/pages"))
    problems += [f"/admin/pages: {what}" for what in injected(listing)]

    assert problems == []


def test_the_check_finds_payloads_that_were_not_escaped():
    """The check itself can fail: the payloads written into a page raw are found. The rest are
    inert as markup (template syntax, entities, Markdown); for them "shown as typed" is what
    fails: `{{ 7*7 }}` shown as 49, `&lt;` shown as `<`."""
    raw = [BeautifulSoup(f'<p>{payload}</p><input value="{payload}"><a href="{payload}">x</a>',
                         "html.parser") for payload in PAYLOADS]  # fmt: skip

    caught = [payload for payload, page in zip(PAYLOADS, raw, strict=True) if injected(page)]

    assert len(caught) >= 40

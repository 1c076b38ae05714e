"""One resident's whole visit and a caseworker reading it, with values no test uses elsewhere,
so a log line that carries any of them can be found: for the tests that read every log."""

import re

from tests.views.apply_journey import ANSWERS, D_NUMBER

NAME = "Torunn Bjørnstad-Hetland"
PHONE = "47 11 23 58"
EMAIL = "torunn.hetland@example.no"
IDENTITY_NUMBER = D_NUMBER
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
RECEIPT_CODE = re.compile(r'class="receipt-code">([^<]+)<')
TIME_LINK = re.compile(r'class="time-link" href="(/nb/book/time/\d+)"')


def token(client, path: str) -> str:
    return TOKEN.search(client.get(path).text).group(1)


def receipt(client, path: str) -> tuple[str, str]:
    reference, code = RECEIPT_CODE.findall(client.get(path).text)
    return reference, code


def apply(client) -> tuple[str, str]:
    """Send an application as NAME with IDENTITY_NUMBER and PHONE; (reference, code)."""
    csrf = token(client, "/nb/apply")
    client.post("/nb/apply/start", data={"csrf_token": csrf})
    for step, values in ANSWERS.items():
        if step == "about_you":
            values = {**values, "name": NAME, "identity_number": IDENTITY_NUMBER,
                      "phone": PHONE, "email": EMAIL}  # fmt: skip
        answer = {"skip": "1"} if step == "health" else values
        client.post(f"/nb/apply/{step}", data={"csrf_token": csrf, **answer})
    client.post("/nb/apply/attachments", data={"csrf_token": csrf})
    client.get("/nb/apply/check")
    assert client.post("/nb/apply/check", data={"csrf_token": csrf}).status_code == 302
    return receipt(client, "/nb/apply/receipt")


def book(client) -> tuple[str, str]:
    """Book the first free bostøtte time as NAME; (reference, code)."""
    path = TIME_LINK.search(client.get("/nb/book/bostotte").text).group(1)
    csrf = token(client, path)
    details = {"csrf_token": csrf, "name": NAME, "phone": PHONE, "email": EMAIL,
               "about": f"Ring {NAME} på {PHONE}", "interpreter": "no"}  # fmt: skip
    assert client.post(path, data=details).status_code == 302
    assert client.post("/nb/book/check", data={"csrf_token": csrf}).status_code == 302
    return receipt(client, "/nb/book/receipt")


def follow(client, reference: str, code: str) -> None:
    csrf = token(client, "/nb/case")
    found = client.post("/nb/case", data={"csrf_token": csrf, "reference": reference, "code": code})
    assert found.status_code == 302
    assert client.get(found.headers["location"]).status_code == 200


def secrets_in(text: str, codes: list[str]) -> list[str]:
    """Which of the resident's personal values appear in `text`, in any common spelling."""
    values = [NAME, *NAME.split(), PHONE, PHONE.replace(" ", ""), EMAIL, IDENTITY_NUMBER]
    for code in codes:
        values += [code, code.replace("-", "")]
    return [value for value in values if value in text]

"""The housing application page by page: questions, saving, checking, sending, following."""

import io

import pytest
from sqlalchemy import func, select

from portal.db import db
from portal.models import Application, ApplicationDraft, Attachment, Case
from tests.html import csrf_token, error_summary_links, parse, text_of
from tests.staff import make_staff, sign_in
from tests.statements import counting_statements, reads
from tests.views import apply_journey as journey
from tests.views.apply_journey import ANSWERS


@pytest.fixture
def app(app, tmp_path):
    app.config["ATTACHMENT_DIRECTORY"] = str(tmp_path / "files")
    return app


def count(data, model) -> int:
    data.expire_all()
    return data.scalar(select(func.count()).select_from(model))


def test_the_start_page_says_what_to_have_ready_and_starts_a_draft(client, data):
    page = parse(client.get("/nb/apply"))
    assert text_of(page.h1) == "Søk om kommunal bolig"
    assert page.find("a", href="/nb/apply/resume")

    journey.start(client)

    assert count(data, ApplicationDraft) == 1
    question = parse(client.get("/nb/apply/about_you"))
    assert "del 1 av 8: Om deg" in text_of(question.select_one(".caption"))


def test_the_whole_application_is_sent_once(client, data):
    token = journey.fill_in_everything(client)
    check = parse(client.get("/nb/apply/check"))
    changes = {a["href"] for a in check.select(".summary-list__action a")}
    assert "/nb/apply/about_you" in changes and "/nb/apply/consents" in changes

    first = journey.submit(client, token)
    again = client.post("/nb/apply/check", data={"csrf_token": token})
    back = client.get("/nb/apply/consents")

    assert first.headers["Location"] == again.headers["Location"] == "/nb/apply/receipt"
    assert back.headers["Location"] == "/nb/apply/receipt"
    receipt = parse(client.get("/nb/apply/receipt"))
    reference, _code = (text_of(span) for span in receipt.select(".receipt-code"))
    case = data.scalar(select(Case))
    assert (case.reference, case.kind, case.priority_flags) == (
        reference,
        "application",
        ["children"],
    )
    assert "innen 3 uker" in text_of(receipt.find("main"))
    assert count(data, Case) == count(data, Application) == 1


def test_a_press_of_send_from_a_stale_page_shows_the_same_receipt(app, client, data):
    token = journey.fill_in_everything(client)
    client.get("/nb/apply/check")
    with client.session_transaction() as stale:
        stale_cookie = dict(stale)
    journey.submit(client, token)
    second_tab = app.test_client()
    with second_tab.session_transaction() as session:
        session.update(stale_cookie)

    response = second_tab.post("/nb/apply/check", data={"csrf_token": token})

    assert response.headers["Location"] == "/nb/apply/receipt"
    assert count(data, Case) == 1


def test_eviction_date_is_asked_only_when_at_risk(client):
    token = journey.start(client)
    journey.answer(client, "about_you", ANSWERS["about_you"], token)
    journey.answer(client, "household", ANSWERS["household"], token)

    safe = journey.answer(client, "housing", {"situation": "renting", "at_risk": "no"}, token)
    assert safe.headers["Location"] == "/nb/apply/needs"
    assert client.get("/nb/apply/eviction").headers["Location"] == "/nb/apply/needs"

    at_risk = journey.answer(client, "housing", {"situation": "renting", "at_risk": "yes"}, token)
    assert at_risk.headers["Location"] == "/nb/apply/eviction"
    # The count never changes when the page appears: it is part of "how do you live now".
    caption = text_of(parse(client.get("/nb/apply/eviction")).select_one(".caption"))
    assert "del 3 av 8: Hvordan bor du nå?" in caption


@pytest.mark.parametrize(
    "number, message",
    [
        ("0101904117", "11 sifre"),
        ("01019041171", "ikke et gyldig nummer"),
        ("31029012345", "fødselsdato"),
    ],
)
def test_identity_numbers_get_a_message_that_says_what_is_wrong(client, data, number, message):
    token = journey.start(client)
    if message == "fødselsdato":
        from portal.services.casework.identity_numbers import with_check_digits

        number = with_check_digits("310290123")

    response = journey.answer(
        client, "about_you", {**ANSWERS["about_you"], "identity_number": number}, token
    )

    page = parse(response)
    assert message in error_summary_links(page)["identity_number"]
    assert page.find("input", id="identity_number")["value"] == number
    assert page.find("input", id="name")["value"] == "Kari Nordmann"


def test_html_and_script_are_kept_as_text_and_shown_escaped(app, client, data):
    answers = {
        **ANSWERS,
        "about_you": {**ANSWERS["about_you"], "name": "<script>alert(1)</script>"},
    }
    token = journey.fill_in_everything(client, answers=answers)

    check = client.get("/nb/apply/check").get_data(as_text=True)
    journey.submit(client, token)

    assert "<script>alert(1)</script>" not in check
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in check
    assert data.scalar(select(Case)).name == "<script>alert(1)</script>"
    staff = app.test_client()
    sign_in(staff, make_staff(data, "caseworker"))
    for path in ("/admin/queue", f"/admin/cases/{data.scalar(select(Case)).reference}"):
        body = staff.get(path).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body


def test_save_for_later_keeps_even_unfinished_answers_and_resumes_elsewhere(app, client, data):
    token = journey.start(client)
    typed = {**ANSWERS["about_you"], "identity_number": "123"}
    saved = journey.answer(client, "about_you", typed, token, later="1")
    assert saved.headers["Location"] == "/nb/apply/saved"
    page = parse(client.get("/nb/apply/saved"))
    reference, code = (text_of(span) for span in page.select(".receipt-code"))

    other_device = app.test_client()
    form = parse(other_device.get("/nb/apply/resume"))
    resumed = other_device.post(
        "/nb/apply/resume",
        data={"csrf_token": csrf_token(form), "reference": reference, "code": code.lower()},
    )

    assert resumed.headers["Location"] == "/nb/apply/about_you"
    again = parse(other_device.get("/nb/apply/about_you"))
    assert again.find("input", id="identity_number")["value"] == "123"
    assert again.find("input", id="name")["value"] == "Kari Nordmann"


def test_a_wrong_code_does_not_resume(client):
    form = parse(client.get("/nb/apply/resume"))
    response = client.post(
        "/nb/apply/resume",
        data={"csrf_token": csrf_token(form), "reference": "ZZZZ-ZZZZ", "code": "AAAA-AAAA"},
    )

    assert list(error_summary_links(parse(response))) == ["code"]


def upload(client, token, content: bytes, name: str, kind: str = "income"):
    return client.post(
        "/nb/apply/attachments",
        data={
            "csrf_token": token,
            "kind": kind,
            "upload": "1",
            "file": (io.BytesIO(content), name),
        },
        content_type="multipart/form-data",
    )


def test_an_11_mb_file_gets_a_clear_message_and_the_draft_stays(client, data):
    token = journey.start(client)
    journey.answer(client, "about_you", ANSWERS["about_you"], token)

    response = upload(client, token, b"%PDF-" + b"x" * (11 * 1024 * 1024), "stor.pdf")

    assert response.status_code == 400
    assert "større enn 10 MB" in text_of(parse(response).select_one(".error-summary"))
    assert count(data, Attachment) == 0
    assert (
        parse(client.get("/nb/apply/about_you")).find("input", id="name")["value"]
        == "Kari Nordmann"
    )


def test_a_file_that_is_not_a_document_is_refused(client, data):
    token = journey.start(client)

    response = upload(client, token, b"<?php echo 1; ?>", "lonn.pdf")

    assert "PDF, JPG, PNG og HEIC" in text_of(parse(response).select_one(".error-summary"))
    assert count(data, Attachment) == 0


def test_files_are_listed_removed_and_sent_with_the_case(app, client, data):
    token = journey.start(client)
    upload(client, token, b"%PDF-1.4 lonn", "lønn.pdf")
    upload(client, token, b"\x89PNG\r\n\x1a\n kontrakt", "kontrakt.png", kind="lease")
    page = parse(client.get("/nb/apply/attachments"))
    assert [text_of(li.span).split(" (")[0] for li in page.select(".file-list__item")] == [
        "lønn.pdf",
        "kontrakt.png",
    ]
    remove = page.select(".file-list__item button")[1]
    assert (remove["form"], remove["name"]) == ("attachment-form", "remove")
    assert page.find("form", id="attachment-form")["action"] == "/nb/apply/attachments"
    client.post(
        "/nb/apply/attachments",
        data={"csrf_token": token, "remove": remove["value"], "kind": "income"},
        content_type="multipart/form-data",
    )

    journey.fill_in_everything(client)  # a new draft in this browser: the first keeps its file
    assert count(data, Attachment) == 1


def test_removing_a_file_keeps_a_file_chosen_below_it(client, data):
    token = journey.start(client)
    upload(client, token, b"%PDF-1.4 lonn", "lønn.pdf")
    remove = parse(client.get("/nb/apply/attachments")).select_one(".file-list__item button")

    response = client.post(
        "/nb/apply/attachments",
        data={
            "csrf_token": token,
            "remove": remove["value"],
            "kind": "lease",
            "file": (io.BytesIO(b"%PDF-1.4 kontrakt"), "kontrakt.pdf"),
        },
        content_type="multipart/form-data",
    )

    page = parse(client.get(response.headers["Location"]))
    names = [text_of(li.span).split(" (")[0] for li in page.select(".file-list__item")]
    assert names == ["kontrakt.pdf"]
    assert count(data, Attachment) == 1


def test_a_file_of_another_draft_is_not_removed(app, client, data):
    token = journey.start(client)
    upload(client, token, b"%PDF-1.4 lonn", "lønn.pdf")
    mine = parse(client.get("/nb/apply/attachments")).select_one(".file-list__item button")
    other = app.test_client()
    other_token = journey.start(other)

    other.post(
        "/nb/apply/attachments",
        data={"csrf_token": other_token, "remove": mine["value"]},
        content_type="multipart/form-data",
    )

    assert count(data, Attachment) == 1


def test_every_question_page_reads_the_database_at_most_twice(app, client):
    """Besides the one read of the browser's session row (portal/server_session.py)."""
    token = journey.fill_in_everything(client)
    counts = {}
    for path in [f"/nb/apply/{step}" for step in ANSWERS] + [
        "/nb/apply/attachments",
        "/nb/apply/check",
    ]:
        with counting_statements(db.engine_for(app)) as statements:
            assert client.get(path).status_code == 200, path
        counts[path] = len([s for s in reads(statements) if "browser_sessions" not in s])
    assert max(counts.values()) <= 2, counts
    assert token


def test_the_resident_answers_sends_a_document_and_withdraws(app, client, data):
    token = journey.fill_in_everything(client)
    journey.submit(client, token)
    receipt = parse(client.get("/nb/apply/receipt"))
    reference, code = (text_of(span) for span in receipt.select(".receipt-code"))
    resident = app.test_client()
    form = parse(resident.get("/nb/case"))
    resident.post(
        "/nb/case", data={"csrf_token": csrf_token(form), "reference": reference, "code": code}
    )
    token = csrf_token(parse(resident.get(f"/nb/case/{reference}")))

    empty = resident.post(
        f"/nb/case/{reference}/message", data={"csrf_token": token, "message": ""}
    )
    assert list(error_summary_links(parse(empty))) == ["message"]
    resident.post(
        f"/nb/case/{reference}/message", data={"csrf_token": token, "message": "Her er svaret"}
    )
    bad = resident.post(
        f"/nb/case/{reference}/document",
        data={"csrf_token": token, "file": (io.BytesIO(b"not a file"), "x.txt")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400
    resident.post(
        f"/nb/case/{reference}/document",
        data={"csrf_token": token, "file": (io.BytesIO(b"\xff\xd8\xff jpeg"), "skatt.jpg")},
        content_type="multipart/form-data",
    )
    resident.post(f"/nb/case/{reference}/withdraw", data={"csrf_token": token})

    timeline = text_of(parse(resident.get(f"/nb/case/{reference}")).select_one(".timeline"))
    assert "Du trakk søknaden." in timeline and "Her er svaret" in timeline
    assert data.scalar(select(Case)).status == "withdrawn"


def test_an_expired_draft_explains_itself(client, data):
    token = journey.start(client)
    journey.answer(client, "about_you", ANSWERS["about_you"], token)
    draft = data.scalar(select(ApplicationDraft))
    draft.expires_at = draft.created_at
    data.commit()

    response = client.get("/nb/apply/household")

    assert response.status_code == 410
    assert text_of(parse(response).h1) == "Søknaden finnes ikke lenger"


def test_resuming_a_draft_that_was_sent_explains_itself(app, client, data):
    token = journey.start(client)
    journey.answer(client, "about_you", ANSWERS["about_you"], token, later="1")
    reference, code = (
        text_of(span) for span in parse(client.get("/nb/apply/saved")).select(".receipt-code")
    )
    journey.fill_in_everything(client, token=token)
    journey.submit(client, token)

    other = app.test_client()
    form = parse(other.get("/nb/apply/resume"))
    response = other.post(
        "/nb/apply/resume",
        data={"csrf_token": csrf_token(form), "reference": reference, "code": code},
    )

    assert response.status_code == 409
    assert text_of(parse(response).h1) == "Søknaden er allerede sendt"
    assert count(data, Case) == 1


@pytest.mark.parametrize(
    "field, typed",
    [
        ("adults_birth_years", "2020"),
        ("adults_birth_years", "85"),
        ("children_birth_years", "1980"),
    ],
)
def test_birth_years_must_fit_an_adult_or_a_child(client, field, typed):
    token = journey.start(client)
    journey.answer(client, "about_you", ANSWERS["about_you"], token)

    response = journey.answer(client, "household", {**ANSWERS["household"], field: typed}, token)

    assert "fire sifre" in error_summary_links(parse(response))[field]

"""The case queue and one case in full (admin/cases.py): what staff see and do there."""

import io
import json

import pytest
from sqlalchemy import select

from portal.models import AuditEvent, Case, OutboxMessage
from tests.casework import make_case, take_case
from tests.factories import at_ten, make_slot
from tests.html import form_on, form_with_token, parse, text_of, textarea_value
from tests.staff import make_staff, sign_in
from tests.views import apply_journey as journey
from tests.views.test_apply import upload
from tests.views.test_booking import book
from tests.views.test_case_page import open_case


@pytest.fixture
def app(app, tmp_path):
    app.config["ATTACHMENT_DIRECTORY"] = str(tmp_path / "files")
    return app


def test_bookings_and_call_backs_share_the_queue_and_every_case_view_is_logged(
    app, staff, data, caseworker
):
    slot = make_slot(data, caseworker, at_ten(3))
    reference, _ = book(app.test_client(), slot.id)
    resident = app.test_client()
    _, token = form_with_token(resident, "/nb/book/call-me")
    resident.post(
        "/nb/book/call-me",
        data={
            "csrf_token": token,
            "topic": "startlan",
            "name": "Per",
            "phone": "91234567",
            "preferred_time": "any",
        },
    )

    queue = parse(staff.get("/admin/queue"))
    case_page = parse(staff.get(f"/admin/cases/{reference}"))

    kinds = sorted(text_of(row.select_one(".hint")) for row in queue.select("tbody tr"))
    assert kinds[0].startswith("Be om å bli ringt") and kinds[1].startswith("Veiledning")
    assert "Kari Nordmann" in text_of(case_page.find("main"))
    viewed = data.scalars(select(AuditEvent).where(AuditEvent.action == "case_viewed")).all()
    assert [(e.object_id, e.actor_id) for e in viewed] == [(reference, caseworker.id)]


def test_staff_close_a_case_and_message_the_resident_who_sees_it(app, staff, data, caseworker):
    slot = make_slot(data, caseworker, at_ten(3))
    reference, code = book(app.test_client(), slot.id)
    page = parse(staff.get(f"/admin/cases/{reference}"))

    staff.post(
        f"/admin/cases/{reference}/messages",
        data={**form_on(page, f"/admin/cases/{reference}/messages"), "message": "Takk for praten."},
    )
    staff.post(
        f"/admin/cases/{reference}/status",
        data={**form_on(page, f"/admin/cases/{reference}/status"), "status": "closed"},
    )

    data.expire_all()
    assert data.scalar(select(Case)).status == "closed"
    resident = app.test_client()
    _, token = form_with_token(resident, "/nb/case")
    resident.post("/nb/case", data={"csrf_token": token, "reference": reference, "code": code})
    shown = parse(resident.get(f"/nb/case/{reference}"))
    assert "Takk for praten." in text_of(shown.select_one(".message-from-staff"))
    assert "Avsluttet" in text_of(shown.select_one(".timeline"))


def test_staff_read_the_application_flags_and_files_and_every_download_is_logged(app, client, data):
    token = journey.start(client)
    upload(client, token, b"%PDF-1.4 lonn", "lønn.pdf")
    journey.fill_in_everything(client, token=token)
    journey.submit(client, token)
    case = data.scalar(select(Case))
    caseworker = make_staff(data, "caseworker")
    staff = app.test_client()
    sign_in(staff, caseworker)

    page = parse(staff.get(f"/admin/cases/{case.reference}"))
    queue = parse(staff.get("/admin/queue"))
    link = page.select_one('a[href*="/files/"]')
    download = staff.get(link["href"])

    assert "Barnefamilie" in text_of(page.select_one(".flag-list"))
    assert "Barnefamilie" in text_of(queue.find("tbody"))
    assert "Kari Nordmann" in text_of(page.find("main"))
    assert download.data == b"%PDF-1.4 lonn"
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    logged = data.scalars(
        select(AuditEvent).where(AuditEvent.action == "attachment_downloaded")
    ).all()
    assert [(e.actor_id, e.details) for e in logged] == [(caseworker.id, case.reference)]
    assert client.get(link["href"]).status_code == 302  # a resident's browser is sent to sign in


def test_the_staff_case_page_names_the_kind_of_case(app, client, data):
    token = journey.fill_in_everything(client)
    journey.submit(client, token)
    staff = app.test_client()
    sign_in(staff, make_staff(data, "caseworker"))

    page = parse(staff.get(f"/admin/cases/{data.scalar(select(Case)).reference}"))

    assert text_of(page.h1).endswith("Søknad om kommunal bolig")


def test_at_desktop_size_the_summary_and_actions_come_before_the_answers(app, staff, data):
    case = make_case(data, flags=("children",))

    page = parse(staff.get(f"/admin/cases/{case.reference}"))

    top = page.select_one(".case-top")
    assert top.select_one(".summary-list") and top.select_one(".case-top__actions")
    assert "Barnefamilie" in text_of(top)
    assert top.find("button", string=lambda s: s and "Ta saken" in s)


def test_take_then_a_stale_form_is_refused_with_who_changed_what(app, staff, data, caseworker):
    case = make_case(data)
    page = parse(staff.get(f"/admin/cases/{case.reference}"))
    status_form = form_on(page, f"/admin/cases/{case.reference}/status")
    colleague = app.test_client()
    sign_in(colleague, make_staff(data, "caseworker", name="Ola Kollega"))
    take_case(colleague, case.reference)

    refused = staff.post(
        f"/admin/cases/{case.reference}/status", data={**status_form, "status": "closed"}
    )

    assert refused.status_code == 409
    notice = text_of(parse(refused).select_one(".notice--error"))
    assert "Ola Kollega" in notice and "Fordelt" in notice
    data.expire_all()
    assert data.get(Case, case.id).status == "received"


def test_a_status_outside_the_workflow_is_refused_with_a_message(app, staff, data):
    case = make_case(data)
    page = parse(staff.get(f"/admin/cases/{case.reference}"))

    response = staff.post(
        f"/admin/cases/{case.reference}/status",
        data={**form_on(page, f"/admin/cases/{case.reference}/status"), "status": "decided"},
    )

    assert response.status_code == 400
    assert "kan ikke få denne statusen" in text_of(parse(response).select_one(".error-summary"))
    data.expire_all()
    assert data.get(Case, case.id).status == "received"


def test_an_oversized_note_is_refused_and_kept_for_editing(app, staff, data):
    case = make_case(data)
    page = parse(staff.get(f"/admin/cases/{case.reference}"))
    long_note = "ø" * 5000

    response = staff.post(
        f"/admin/cases/{case.reference}/notes",
        data={**form_on(page, f"/admin/cases/{case.reference}/notes"), "note": long_note},
    )

    assert response.status_code == 400
    assert textarea_value(parse(response).select_one("#note")) == long_note
    data.expire_all()
    assert len(data.get(Case, case.id).events) == 1


def test_html_in_a_note_and_a_name_is_shown_escaped(app, staff, data):
    case = make_case(data, name="<img src=x onerror=alert(1)>")
    page = parse(staff.get(f"/admin/cases/{case.reference}"))
    staff.post(
        f"/admin/cases/{case.reference}/notes",
        data={
            **form_on(page, f"/admin/cases/{case.reference}/notes"),
            "note": "<script>x</script>",
        },
    )

    body = staff.get(f"/admin/cases/{case.reference}").get_data(as_text=True)
    queue = staff.get("/admin/queue").get_data(as_text=True)

    for html in (body, queue):
        assert "<img src=x" not in html and "<script>x" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in body


def test_an_unknown_reference_is_not_found(staff):
    assert staff.get("/admin/cases/ZZZZ-ZZZZ").status_code == 404
    assert staff.post("/admin/cases/ZZZZ-ZZZZ/notes", data={}).status_code in (400, 404)


def test_asking_for_a_document_shows_the_request_to_the_resident_who_answers_it(app, staff, data):
    case = make_case(data, status="in_review", code="ABCD-EFGH")
    page = parse(staff.get(f"/admin/cases/{case.reference}"))
    staff.post(
        f"/admin/cases/{case.reference}/document-requests",
        data={
            **form_on(page, f"/admin/cases/{case.reference}/document-requests"),
            "description": "Siste skattemelding",
        },
    )
    resident = app.test_client()
    _, token = form_with_token(resident, "/nb/case")
    resident.post(
        "/nb/case", data={"csrf_token": token, "reference": case.reference, "code": "ABCD-EFGH"}
    )
    shown = parse(resident.get(f"/nb/case/{case.reference}"))
    request_form = shown.select_one("form.document-request")
    assert "Siste skattemelding" in text_of(request_form)

    resident.post(
        f"/nb/case/{case.reference}/document",
        data={
            "csrf_token": token,
            "request": request_form.find("input", attrs={"name": "request"})["value"],
            "file": (io.BytesIO(b"%PDF-1.4 skatt"), "skatt.pdf"),
        },
        content_type="multipart/form-data",
    )

    data.expire_all()
    reread = data.get(Case, case.id)
    assert (reread.status, reread.has_new_reply) == ("in_review", True)
    queue = parse(staff.get("/admin/queue?new_reply=y"))
    assert case.reference in text_of(queue.select_one("tbody"))


def test_the_preliminary_answer_goes_in_one_click_in_the_residents_language(staff, data):
    case = make_case(data, status="in_review", language="en")
    page = parse(staff.get(f"/admin/cases/{case.reference}"))
    form = page.find("form", action=f"/admin/cases/{case.reference}/preliminary-answer")
    sent = {
        field["name"]: field.get("value", "")
        for field in form.find_all("input")
        if field.get("name")
    }
    sent["reason"] = text_of(form.find("textarea"))

    response = staff.post(form["action"], data=sent)

    assert response.status_code == 302
    data.expire_all()
    event = data.get(Case, case.id).events[-1]
    assert event.kind == "preliminary_answer"
    assert "more time" in sent["reason"]


def test_the_case_page_groups_the_answers_lists_who_opened_it_and_keeps_notes_inside(
    app, staff, data, caseworker
):
    """Answers under the resident's own topic headings, who opened the case (from the audit
    log), and an internal note that neither the resident's case page nor the outbox shows."""
    client = app.test_client()
    token = journey.fill_in_everything(client)
    journey.submit(client, token)
    receipt = parse(client.get("/nb/apply/receipt"))
    reference, code = (text_of(span) for span in receipt.select(".receipt-code"))
    page = parse(staff.get(f"/admin/cases/{reference}"))
    staff.post(
        f"/admin/cases/{reference}/notes",
        data={**form_on(page, f"/admin/cases/{reference}/notes"), "note": "Ring NAV om depositum."},
    )

    page = parse(staff.get(f"/admin/cases/{reference}"))
    headings = [text_of(h2) for h2 in page.select("main h2")]
    assert {"Om deg", "Hvem skal bo sammen med deg?", "Økonomi"} <= set(headings)
    about_you = page.find("h2", string="Om deg").find_next("dl")
    assert "Kari Nordmann" in text_of(about_you)
    viewers = page.find("h2", string="Hvem har åpnet saken").find_next("ul")
    assert caseworker.email in text_of(viewers)
    assert "Ring NAV om depositum." in text_of(page.main)
    resident = app.test_client()
    resident_page = parse(resident.get(open_case(resident, reference, code).headers["Location"]))
    assert "Ring NAV om depositum." not in text_of(resident_page.main)
    outbox = [json.dumps(m.params, ensure_ascii=False) for m in data.scalars(select(OutboxMessage))]
    assert outbox and not any("depositum" in params for params in outbox)

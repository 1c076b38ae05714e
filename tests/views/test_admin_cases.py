"""The case queue and one case in full (admin/cases.py): what staff see and do there."""

import pytest
from sqlalchemy import select

from portal.models import AuditEvent, Case
from tests.factories import at_ten, make_slot
from tests.html import csrf_token, form_with_token, parse, text_of
from tests.staff import make_staff, sign_in
from tests.views import apply_journey as journey
from tests.views.test_apply import upload
from tests.views.test_booking import book


@pytest.fixture
def app(app, tmp_path):
    app.config["ATTACHMENT_DIRECTORY"] = str(tmp_path / "files")
    return app


@pytest.fixture
def caseworker(data):
    return make_staff(data, "caseworker", name="Sara Saksbehandler")


@pytest.fixture
def staff(client, caseworker):
    sign_in(client, caseworker)
    return client


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

    kinds = [text_of(row.select("td")[1]) for row in queue.select("tbody tr")]
    assert kinds == ["Veiledning", "Be om å bli ringt"]
    assert "Kari Nordmann" in text_of(case_page.find("main"))
    viewed = data.scalars(select(AuditEvent).where(AuditEvent.action == "case_viewed")).all()
    assert [(e.object_id, e.actor_id) for e in viewed] == [(reference, caseworker.id)]


def test_staff_move_a_case_on_with_a_message_the_resident_sees(app, staff, data, caseworker):
    slot = make_slot(data, caseworker, at_ten(3))
    reference, code = book(app.test_client(), slot.id)
    token = csrf_token(parse(staff.get(f"/admin/cases/{reference}")))

    staff.post(
        f"/admin/cases/{reference}",
        data={"csrf_token": token, "status": "closed", "message": "Takk for praten."},
    )

    data.expire_all()
    assert data.scalar(select(Case)).status == "closed"
    resident = app.test_client()
    _, token = form_with_token(resident, "/nb/case")
    resident.post("/nb/case", data={"csrf_token": token, "reference": reference, "code": code})
    timeline = text_of(parse(resident.get(f"/nb/case/{reference}")).select_one(".timeline"))
    assert "Saken er avsluttet. Takk for praten." in timeline


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

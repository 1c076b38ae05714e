"""The allocation pages (admin/dwellings.py, admin/allocation.py, admin/meetings.py) and the
offer on the resident's case page, read as parsed HTML."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.db import utcnow
from portal.models import Dwelling, Offer, OutboxMessage, Tenancy
from portal.services.housing import dwelling_import
from tests.housing import make_dwelling, make_household, make_tenancy
from tests.html import csrf_token, error_summary_links, form_with_token, parse, text_of
from tests.staff import make_staff, sign_in
from tests.views.test_case_page import open_case


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


@pytest.fixture
def admin(app, data):
    client = app.test_client()
    sign_in(client, make_staff(data, "admin", name="Anne Admin"))
    return client


def hidden_fields(form) -> dict[str, str]:
    return {tag["name"]: tag["value"] for tag in form.select("input[type=hidden]")}


def today() -> date:
    return utcnow().date()


NEW_DWELLING = {
    "address": "Strandgata 7",
    "unit": "",
    "postcode": "4370",
    "area": "Sentrum",
    "size_m2": "58",
    "bedrooms": "2",
    "floor": "0",
    "step_free": "y",
    "suitable_for": ["families", "wheelchair"],
    "reserved_for": "",
    "status": "vacant",
    "ownership": "owned",
    "monthly_rent": "8900",
    "available_on": "",
    "fire_safety_notes": "",
    "follow_up_notes": "",
}


def test_a_caseworker_adds_a_dwelling_and_sees_it_in_the_register(staff, data):
    _, token = form_with_token(staff, "/admin/dwellings/new")

    response = staff.post("/admin/dwellings/new", data=NEW_DWELLING | {"csrf_token": token})

    dwelling = data.scalar(select(Dwelling))
    assert response.headers["Location"] == f"/admin/dwellings/{dwelling.id}"
    assert dwelling.suitable_for == ["families", "wheelchair"] and dwelling.step_free
    register = parse(staff.get("/admin/dwellings"))
    assert "Strandgata 7" in text_of(register.select_one("tbody"))


def test_a_form_with_mistakes_says_what_and_keeps_what_was_typed(staff, data):
    _, token = form_with_token(staff, "/admin/dwellings/new")
    typed = NEW_DWELLING | {
        "csrf_token": token,
        "address": "Ærlighetsveien ٣ «prøve»",
        "size_m2": "4000",
        "bedrooms": "to",
        "postcode": "43",
        "reserved_for": "young_aftercare",
    }

    response = staff.post("/admin/dwellings/new", data=typed)

    page = parse(response)
    assert response.status_code == 400
    assert set(error_summary_links(page)) >= {"size_m2", "bedrooms", "postcode"}
    assert page.find("input", attrs={"name": "address"})["value"] == typed["address"]
    assert data.scalar(select(func.count()).select_from(Dwelling)) == 0


def test_editing_is_for_admins_and_refuses_a_stale_form(staff, admin, data):
    dwelling = make_dwelling(data)
    assert staff.get(f"/admin/dwellings/{dwelling.id}/edit").status_code == 403
    page, token = form_with_token(admin, f"/admin/dwellings/{dwelling.id}/edit")
    version = page.find("input", attrs={"name": "version"})["value"]
    fields = {
        tag["name"]: tag.get("value", "")
        for tag in page.select("form.form input[name]")
        if tag.get("type") not in ("checkbox", "radio")
    }
    base = fields | {"status": "vacant", "ownership": "owned", "reserved_for": ""}

    first = admin.post(f"/admin/dwellings/{dwelling.id}/edit", data=base | {"monthly_rent": "9999"})
    second = admin.post(
        f"/admin/dwellings/{dwelling.id}/edit",
        data=base | {"monthly_rent": "1", "version": version, "csrf_token": token},
    )

    assert first.status_code == 302 and second.status_code == 302
    data.expire_all()
    assert data.get(Dwelling, dwelling.id).monthly_rent == 9999


def test_the_dwelling_page_lists_who_fits_with_reasons_and_offers_it(staff, data):
    dwelling = make_dwelling(data, bedrooms=2, address="Lia 4", area="Hellvik")
    need = make_household(data, bedrooms=2, name="Ola <b>Nordmann</b>", areas="hellvik")
    make_household(data, bedrooms=4, name="Stor Familie")

    page = parse(staff.get(f"/admin/dwellings/{dwelling.id}"))

    fitting = page.select(".match-list")[0]
    assert "Ola <b>Nordmann</b>" in text_of(fitting)
    assert "Passer: i et område husstanden ønsker" in text_of(fitting)
    assert "Passer ikke: for få soverom (trenger 4)" in text_of(page.select_one("details"))
    offer_link = fitting.select_one("a.button")["href"]
    assert offer_link == f"/admin/dwellings/{dwelling.id}/offer/{need.id}"

    offer_page, token = form_with_token(staff, offer_link)
    deadline = offer_page.find("input", attrs={"name": "answer_by"})["value"]
    response = staff.post(
        offer_link,
        data={
            "csrf_token": token,
            "answer_by": deadline,
            "available_on": today().isoformat(),
        },
    )
    assert response.headers["Location"] == f"/admin/cases/{need.case.reference}"
    offer = data.scalar(select(Offer))
    assert offer.status == "open" and date.fromisoformat(deadline) == offer.last_day
    again = parse(staff.get(f"/admin/dwellings/{dwelling.id}"))
    assert "Tilbud som venter på svar" in text_of(again.find("main"))


def test_an_offer_to_someone_needing_follow_up_asks_to_confirm_the_notes(staff, data):
    dwelling = make_dwelling(data, fire_safety_notes="Mangler komfyrvakt.")
    need = make_household(data, groups=("follow_up",), flags=("follow_up",))
    url = f"/admin/dwellings/{dwelling.id}/offer/{need.id}"
    page, token = form_with_token(staff, url)
    assert "Mangler komfyrvakt." in text_of(page.find("main"))

    response = staff.post(
        url,
        data={
            "csrf_token": token,
            "answer_by": (today() + timedelta(days=7)).isoformat(),
            "available_on": today().isoformat(),
        },
    )

    assert response.status_code == 400
    assert "notes_confirmed" in error_summary_links(parse(response))
    assert data.scalar(select(Offer)) is None


def test_the_resident_reads_and_accepts_the_offer_and_staff_start_the_tenancy(
    app, staff, data, caseworker
):
    dwelling = make_dwelling(data, address="Lia 4", monthly_rent=8100)
    need = make_household(data)
    url = f"/admin/dwellings/{dwelling.id}/offer/{need.id}"
    page, token = form_with_token(staff, url)
    staff.post(
        url,
        data={
            "csrf_token": token,
            "answer_by": page.find("input", attrs={"name": "answer_by"})["value"],
            "available_on": today().isoformat(),
        },
    )
    resident = app.test_client()
    reference = need.case.reference
    open_case(resident, reference, "ABCD-EFGH")

    case_page = parse(resident.get(f"/nb/case/{reference}"))
    offer = case_page.select_one("section.offer")
    assert "Lia 4" in text_of(offer) and "8 100" in text_of(offer)
    form = offer.find("form")
    declined_without_reason = resident.post(
        form["action"], data={"csrf_token": csrf_token(case_page), "answer": "decline"}
    )
    assert declined_without_reason.status_code == 400
    assert "reason" in error_summary_links(parse(declined_without_reason))
    resident.post(form["action"], data={"csrf_token": csrf_token(case_page), "answer": "accept"})

    staff_page = parse(staff.get(f"/admin/cases/{reference}"))
    start = staff_page.select_one("#start-tenancy-title ~ form")
    starts_on = (today() - timedelta(days=950)).isoformat()
    staff.post(
        start["action"],
        data={
            "csrf_token": csrf_token(staff_page),
            "start-starts_on": starts_on,
            "start-years": "3",
        },
    )

    tenancy = data.scalar(select(Tenancy))
    assert tenancy.starts_on.isoformat() == starts_on
    ending = parse(staff.get("/admin/tenancies/ending"))
    row = ending.select_one(f"#tenancy-{tenancy.id}")
    assert need.case.name in text_of(row)
    staff.post(row.find("form")["action"], data={"csrf_token": csrf_token(ending)})
    assert data.scalars(select(OutboxMessage.template)).all()[-1] == "tenancy_ending"
    warned = parse(staff.get("/admin/tenancies/ending")).select_one(f"#tenancy-{tenancy.id}")
    assert "Sendt" in text_of(warned) and caseworker.name in text_of(warned)
    resident_page = parse(resident.get(f"/nb/case/{reference}"))
    assert "Leieforholdet ditt" in text_of(resident_page.find("main"))
    assert "fra leie til eie" in text_of(resident_page.select_one(".timeline"))


def test_an_answer_after_the_deadline_is_refused_on_the_case_page(app, data, caseworker):
    from portal.services.housing import offers
    from tests.casework import actor_for

    need = make_household(data)
    offer = offers.make_offer(
        data,
        make_dwelling(data),
        need,
        answer_by=today() + timedelta(days=2),
        available_on=today(),
        notes_confirmed=False,
        actor=actor_for(caseworker),
        now=utcnow(),
    )
    offer.answer_by = utcnow() - timedelta(minutes=1)
    data.commit()
    resident = app.test_client()
    open_case(resident, need.case.reference, "ABCD-EFGH")
    page = parse(resident.get(f"/nb/case/{need.case.reference}"))
    assert page.select_one("section.offer") is None

    response = resident.post(
        f"/nb/case/{need.case.reference}/offers/{offer.id}",
        data={"csrf_token": csrf_token(page), "answer": "accept"},
        follow_redirects=True,
    )
    assert "Fristen for å svare" in text_of(parse(response).select_one(".notice"))
    data.expire_all()
    assert data.get(Offer, offer.id).status == "expired"


def test_the_import_checks_first_and_then_imports_everything(admin, data):
    _, token = form_with_token(admin, "/admin/dwellings/import")
    good = dwelling_import.TEMPLATE.encode()
    bad = good + b"Storgata 12;H0201;4370;Sentrum;62;2;2;ja;;;ledig;eid;9800;;;\r\n"

    checked = admin.post(
        "/admin/dwellings/import",
        data={
            "csrf_token": token,
            "action": "import",
            "file": (__import__("io").BytesIO(bad), "r.csv"),
        },
        content_type="multipart/form-data",
    )
    assert checked.status_code == 400
    assert "Samme adresse som rad 2" in text_of(parse(checked).select_one(".import-report"))
    assert data.scalar(select(func.count()).select_from(Dwelling)) == 0

    imported = admin.post(
        "/admin/dwellings/import",
        data={
            "csrf_token": token,
            "action": "import",
            "file": (__import__("io").BytesIO(good), "r.csv"),
        },
        content_type="multipart/form-data",
    )
    assert imported.status_code == 302
    assert data.scalar(select(func.count()).select_from(Dwelling)) == 1


def test_a_huge_file_gets_the_import_page_saying_so(admin, app):
    import io

    _, token = form_with_token(admin, "/admin/dwellings/import")
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024

    response = admin.post(
        "/admin/dwellings/import",
        data={"csrf_token": token, "file": (io.BytesIO(b"a" * (3 * 1024 * 1024)), "big.csv")},
        content_type="multipart/form-data",
    )

    assert response.status_code == 413
    assert "Filen er for stor" in text_of(parse(response).select_one(".import-report"))


def test_a_meeting_gets_an_agenda_and_records_the_decision(staff, data):
    from tests.casework import make_case

    case = make_case(data, status="in_review", name="Per <i>Persen</i>")
    _, token = form_with_token(staff, "/admin/meetings")
    staff.post(
        "/admin/meetings",
        data={"csrf_token": token, "meets_on": (today() + timedelta(days=3)).isoformat()},
    )
    case_page = parse(staff.get(f"/admin/cases/{case.reference}"))
    agenda_form = case_page.select_one("#agenda-title ~ form")
    meeting_id = agenda_form.find("option")["value"]
    staff.post(
        agenda_form["action"],
        data={
            "csrf_token": csrf_token(case_page),
            "version": str(case.version),
            "meeting": meeting_id,
            "proposal": "Innvilges.",
        },
    )

    agenda = parse(staff.get(f"/admin/meetings/{meeting_id}"))
    assert "Per <i>Persen</i>" in text_of(agenda.select_one(".agenda"))
    pdf = staff.get(f"/admin/meetings/{meeting_id}/agenda.pdf")
    assert pdf.data.startswith(b"%PDF") and pdf.headers["Cache-Control"] == "no-store"
    decision_url = agenda.select_one(".agenda a.button")["href"]
    page, token = form_with_token(staff, decision_url)
    response = staff.post(
        decision_url,
        data={
            "csrf_token": token,
            "version": page.find("input", attrs={"name": "version"})["value"],
            "outcome": "waitlisted",
            "decision_type": "municipal_dwelling",
            "tenancy_years": "3",
            "grounds": "Husstanden trenger bolig, men ingen passer nå.",
            "rules_applied": "Retningslinjer for tildeling.",
        },
    )
    assert response.status_code == 302
    data.expire_all()
    assert "Vedtak er registrert" in text_of(parse(staff.get(f"/admin/meetings/{meeting_id}")))


def test_staff_record_whether_a_booked_time_was_held(app, staff, data, caseworker):
    from tests.factories import make_slot
    from tests.views.test_booking import book

    slot = make_slot(data, caseworker, utcnow() + timedelta(days=2))
    reference, _ = book(app.test_client(), slot.id)
    slot.starts_at = utcnow() - timedelta(hours=1)
    slot.ends_at = utcnow() - timedelta(minutes=15)
    data.commit()

    page = parse(staff.get(f"/admin/cases/{reference}"))
    form = page.select_one("#attendance-title ~ form")
    staff.post(form["action"], data={"csrf_token": csrf_token(page), "attendance": "no_show"})

    again = parse(staff.get(f"/admin/cases/{reference}"))
    assert "Møtte ikke" in text_of(again.select_one("#attendance-title ~ p"))


def test_the_ending_list_and_register_escape_and_show_long_non_latin_names(staff, data):
    name = "Олександра Шевченко-Коваленко " * 4
    dwelling = make_dwelling(data, address="شارع الميناء ١٢", area="Sentrum")
    tenancy = make_tenancy(data, dwelling, make_household(data, name=name), starts_on=today())
    tenancy.ends_on = today() + timedelta(days=30)
    data.commit()

    ending = parse(staff.get("/admin/tenancies/ending"))
    register = parse(staff.get("/admin/dwellings?q=" + "x" * 10_000))

    assert name.split()[0] in text_of(ending.select_one("tbody"))
    assert register.find("h1") is not None

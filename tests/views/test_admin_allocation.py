"""Allocation (admin/allocation.py): who fits a dwelling, offers and tenancies, and the offer
on the resident's case page, read as parsed HTML."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.db import utcnow
from portal.models import Offer, OutboxMessage, Tenancy
from tests.housing import make_dwelling, make_household, make_tenancy
from tests.html import csrf_token, error_summary_links, form_with_token, parse, text_of
from tests.views.test_case_page import open_case


@pytest.fixture
def app(app, tmp_path):
    app.config["ATTACHMENT_DIRECTORY"] = str(tmp_path / "files")
    return app


def hidden_fields(form) -> dict[str, str]:
    return {tag["name"]: tag["value"] for tag in form.select("input[type=hidden]")}


def today() -> date:
    return utcnow().date()


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

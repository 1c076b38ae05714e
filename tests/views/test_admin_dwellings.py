"""The dwelling register (admin/dwellings.py): adding, editing and importing dwellings."""

import io

from sqlalchemy import func, select

from portal.models import Dwelling
from portal.services.housing import dwelling_import
from tests.housing import make_dwelling
from tests.html import error_summary_links, form_with_token, parse, text_of

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


def send_import(admin, token: str, body: bytes, name: str, **fields):
    """The import form sent with `body` as the file."""
    return admin.post(
        "/admin/dwellings/import",
        data={"csrf_token": token, **fields, "file": (io.BytesIO(body), name)},
        content_type="multipart/form-data",
    )


def test_the_import_checks_first_and_then_imports_everything(admin, data):
    _, token = form_with_token(admin, "/admin/dwellings/import")
    good = dwelling_import.TEMPLATE.encode()
    bad = good + b"Storgata 12;H0201;4370;Sentrum;62;2;2;ja;;;ledig;eid;9800;;;\r\n"

    checked = send_import(admin, token, bad, "r.csv", action="import")
    assert checked.status_code == 400
    assert "Samme adresse som rad 2" in text_of(parse(checked).select_one(".import-report"))
    assert data.scalar(select(func.count()).select_from(Dwelling)) == 0

    imported = send_import(admin, token, good, "r.csv", action="import")
    assert imported.status_code == 302
    assert data.scalar(select(func.count()).select_from(Dwelling)) == 1


def test_a_huge_file_gets_the_import_page_saying_so(admin, app):
    _, token = form_with_token(admin, "/admin/dwellings/import")
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024

    response = send_import(admin, token, b"a" * (3 * 1024 * 1024), "big.csv")

    assert response.status_code == 413
    assert "Filen er for stor" in text_of(parse(response).select_one(".import-report"))

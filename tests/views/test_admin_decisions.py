"""Deciding an application on its own page, and the resident reading the decision with
appeal rights and downloading the letter (admin/decisions.py, portal/public/case.py)."""

import pytest
from sqlalchemy import func, select

from portal.models import Decision, DecisionText
from tests.casework import make_case, take_case
from tests.html import error_summary_links, form_with_token, parse, text_of
from tests.staff import make_staff, sign_in


@pytest.fixture
def app(app, tmp_path):
    app.config["ATTACHMENT_DIRECTORY"] = str(tmp_path / "files")
    return app


@pytest.fixture
def staff(client, data):
    sign_in(client, make_staff(data, "caseworker"))
    return client


def decide(staff, case, **changes):
    page = parse(staff.get(f"/admin/cases/{case.reference}/decision"))
    fields = {
        "csrf_token": page.find("input", attrs={"name": "csrf_token"})["value"],
        "version": page.find("input", attrs={"name": "version"})["value"],
        "outcome": "rejected",
        "decision_type": "municipal_dwelling",
        "tenancy_years": "3",
        "grounds": "Du har en bolig du kan bo i.",
        "rules_applied": "Retningslinjer for tildeling, punkt 2.",
        "next_steps": "",
        **changes,
    }
    return staff.post(f"/admin/cases/{case.reference}/decision", data=fields)


def open_as_resident(app, case):
    resident = app.test_client()
    _, token = form_with_token(resident, "/nb/case")
    resident.post(
        "/nb/case", data={"csrf_token": token, "reference": case.reference, "code": "ABCD-EFGH"}
    )
    return resident


def test_the_resident_reads_the_decision_with_appeal_rights_and_gets_the_letter(app, staff, data):
    case = make_case(data, status="in_review")

    response = decide(staff, case)

    assert response.headers["Location"] == f"/admin/cases/{case.reference}"
    resident = open_as_resident(app, case)
    page = parse(resident.get(f"/nb/case/{case.reference}"))
    decision = page.select_one(".decision")
    assert "Du får ikke kommunal bolig" in text_of(decision)
    assert "Du har en bolig du kan bo i." in text_of(decision)
    assert "tre uker" in text_of(decision) and "klagenemnd" in text_of(decision)
    letter = resident.get(decision.select_one("a[href$='letter.pdf']")["href"])
    assert letter.data.startswith(b"%PDF")
    assert letter.headers["Cache-Control"] == "no-store"
    assert (
        app.test_client().get(f"/nb/case/{case.reference}/decisions/1/letter.pdf").status_code
        == 302
    )


def test_a_decision_without_grounds_is_refused_with_a_linked_message(app, staff, data):
    case = make_case(data)

    response = decide(staff, case, grounds="  ")

    assert response.status_code == 400
    assert "grounds" in error_summary_links(parse(response))
    assert data.scalar(select(func.count()).select_from(Decision)) == 0


def test_a_stale_decision_form_is_refused(app, staff, data):
    case = make_case(data)
    page = parse(staff.get(f"/admin/cases/{case.reference}/decision"))
    stale = page.find("input", attrs={"name": "version"})["value"]
    staff.post(
        f"/admin/cases/{case.reference}/notes",
        data={"csrf_token": page.find("input", attrs={"name": "csrf_token"})["value"], "note": "x"},
    )
    take_case(staff, case.reference)

    response = decide(staff, case, version=stale)

    assert response.status_code == 409
    assert data.scalar(select(func.count()).select_from(Decision)) == 0


def test_admins_keep_the_closing_texts_per_outcome_and_language(client, data):
    sign_in(client, make_staff(data, "admin"))
    _, token = form_with_token(client, "/admin/decision-texts")

    client.post(
        "/admin/decision-texts",
        data={"csrf_token": token, "outcome": "waitlisted", "language": "nn", "body": "Ring oss."},
    )

    stored = data.scalars(select(DecisionText)).one()
    assert (stored.outcome, stored.language, stored.body) == ("waitlisted", "nn", "Ring oss.")
    assert "Ring oss." in text_of(parse(client.get("/admin/decision-texts")))


def test_caseworkers_may_not_change_the_letter_texts(staff):
    assert staff.get("/admin/decision-texts").status_code == 403

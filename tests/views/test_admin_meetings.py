"""Boligutvalget's meetings (admin/meetings.py): the agenda and the decisions recorded."""

from datetime import timedelta

from tests.html import csrf_token, form_with_token, parse, text_of
from tests.views.test_admin_allocation import today


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

"""The settings page (admin/settings.py): the answer time, the urgent-help numbers and
hours, the calculator's rate."""

from tests.html import error_summary_links, form_with_token, parse, text_of


def test_settings_change_the_start_page_and_the_calculator(client, editor):
    _, token = form_with_token(client, "/admin/settings")
    data = {
        "csrf_token": token,
        "nav_phone": "55 55 00 00",
        "nav_opens": "08:00",
        "nav_closes": "15:30",
        "out_of_hours_phone": "",
        "office_phone": "51 46 80 00",
        "office_email": "post@eigersund.kommune.no",
        "rate_percent": "5,1",
        "rate_as_of": "2026-12-01",
        "answer_weeks": "4",
    }

    assert client.post("/admin/settings", data=data).status_code == 302

    assert "55 55 00 00" in text_of(parse(client.get("/nb/")).select_one(".urgent"))
    assert parse(client.get("/nb/calculator")).find("input", id="rate")["value"] == "5,1"


def test_settings_with_a_bad_phone_number_are_refused_and_kept(client, editor):
    _, token = form_with_token(client, "/admin/settings")
    data = {
        "csrf_token": token,
        "nav_phone": "ring meg",
        "nav_opens": "25:00",
        "nav_closes": "15:00",
        "out_of_hours_phone": "",
        "rate_percent": "abc",
        "rate_as_of": "2026-12-01",
        "answer_weeks": "4",
    }

    page = parse(client.post("/admin/settings", data=data))

    assert set(error_summary_links(page)) == {"nav_phone", "nav_opens", "rate_percent"}
    assert page.find("input", id="nav_phone")["value"] == "ring meg"


def test_half_an_opening_time_is_refused_and_none_at_all_is_fine(client, editor):
    _, token = form_with_token(client, "/admin/settings")
    data = {
        "csrf_token": token,
        "nav_phone": "55 55 33 33",
        "nav_opens": "09:00",
        "nav_closes": "",
        "out_of_hours_phone": "",
        "rate_percent": "4,9",
        "rate_as_of": "2026-12-01",
        "answer_weeks": "4",
    }

    page = parse(client.post("/admin/settings", data=data))
    assert set(error_summary_links(page)) == {"nav_closes"}

    data["nav_opens"] = ""
    assert client.post("/admin/settings", data=data).status_code == 302

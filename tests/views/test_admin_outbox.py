"""Outgoing messages (admins only): failed ones listed without their text, and tried again."""

from pathlib import Path

import pytest
from sqlalchemy import select

from portal.models import AuditEvent, Case, OutboxMessage
from portal.models.outbox import MessageTemplate
from tests.html import csrf_token, parse, text_of
from tests.outbox import fail_for_good, queue_message
from tests.staff import make_staff, sign_in


@pytest.fixture
def admin(client, data):
    person = make_staff(data, "admin", name="Ada Admin", email="ada@eigersund.no")
    sign_in(client, person)
    return person


@pytest.fixture
def failed(data):
    [message] = queue_message(data, email="kari.nordmann@example.no")
    fail_for_good(data, message)
    return message


def test_the_page_lists_a_failed_message_without_its_text_or_address(client, data, admin, failed):
    queue_message(data, email="ola@example.no")

    page = parse(client.get("/admin/outbox"))

    [row] = page.select("table tbody tr")
    cells = [text_of(cell) for cell in row.select("td")]
    assert cells[1:7] == [
        "Søknad trukket",
        "E-post",
        "k…@example.no",
        data.get(Case, failed.case_id).reference,
        "6",
        "Fikk ikke kontakt med e-post- eller SMS-tjenesten (ConnectionRefusedError)",
    ]
    assert row.select_one("td a")["href"].startswith("/admin/cases/TEST-")
    assert "1 melding venter på å bli sendt." in text_of(page.select_one("[data-waiting]"))
    everything = text_of(page)
    assert "kari.nordmann" not in everything and "ola@example.no" not in everything
    assert "trukket søknaden din" not in everything


def test_an_empty_list_says_no_message_has_failed(client, admin):
    page = parse(client.get("/admin/outbox"))

    assert page.select("table") == []
    assert "Ingen meldinger har feilet." in text_of(page.select_one("main"))


def test_trying_again_puts_the_message_back_in_the_queue_and_logs_it(client, data, admin, failed):
    page = parse(client.get("/admin/outbox"))
    form = page.select_one("table tbody tr form")

    response = client.post(form["action"], data={"csrf_token": csrf_token(form)})

    assert response.status_code == 302 and response.headers["Location"] == "/admin/outbox"
    after = parse(client.get("/admin/outbox"))
    assert "lagt tilbake i køen" in text_of(after.select_one(".notice"))
    assert after.select("table") == []
    data.expire_all()
    message = data.get(OutboxMessage, failed.id)
    assert (message.failed_at, message.attempts) == (None, 0)
    event = data.scalars(select(AuditEvent).where(AuditEvent.action == "outbox_retried")).one()
    assert event.actor_id == admin.id


def test_trying_again_twice_says_it_is_already_back_in_the_queue(client, data, admin, failed):
    form = parse(client.get("/admin/outbox")).select_one("table tbody tr form")
    client.post(form["action"], data={"csrf_token": csrf_token(form)})

    client.post(form["action"], data={"csrf_token": csrf_token(form)})

    notice = parse(client.get("/admin/outbox")).select_one(".notice--error")
    assert "allerede" in text_of(notice)
    assert (
        len(data.scalars(select(AuditEvent).where(AuditEvent.action == "outbox_retried")).all())
        == 1
    )


def test_trying_again_without_the_form_token_is_refused(client, data, admin, failed):
    response = client.post(f"/admin/outbox/{failed.id}/retry")

    assert response.status_code == 400
    data.expire_all()
    assert data.get(OutboxMessage, failed.id).failed_at is not None


@pytest.mark.parametrize("role", ["caseworker", "editor"])
def test_people_who_are_not_admins_are_refused(client, data, failed, role):
    person = make_staff(data, role)
    sign_in(client, person)
    token = csrf_token(parse(client.get("/admin/")))

    listing = client.get("/admin/outbox")
    retry = client.post(f"/admin/outbox/{failed.id}/retry", data={"csrf_token": token})

    assert (listing.status_code, retry.status_code) == (403, 403)
    data.expire_all()
    assert data.get(OutboxMessage, failed.id).failed_at is not None


def test_admins_find_the_page_from_the_menu_and_the_start_page_with_the_failed_count(
    client, data, admin, failed
):
    page = parse(client.get("/admin/"))

    assert page.select_one(".staff-nav a[href='/admin/outbox']") is not None
    task = page.select_one(".task-list a[href='/admin/outbox']").parent
    assert "(1 kom ikke fram)" in text_of(task)


def test_caseworkers_are_not_shown_the_page(client, data, failed):
    sign_in(client, make_staff(data, "caseworker"))

    page = parse(client.get("/admin/"))

    assert page.select("a[href='/admin/outbox']") == []


def test_every_kind_of_message_has_a_name_staff_can_read():
    folder = Path(__file__).resolve().parents[2] / "portal" / "templates" / "messages"
    templates = {path.stem for path in folder.glob("*.txt") if not path.stem.startswith("_")}

    assert templates == set(MessageTemplate.values())

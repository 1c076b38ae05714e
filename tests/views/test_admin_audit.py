"""The audit log pages: filters, pages, CSV export (admins only)."""

import csv
import io

import pytest
from sqlalchemy import select

from portal.models import AuditEvent
from portal.services.staff import audit
from tests.html import parse, text_of
from tests.staff import NOW, make_staff, sign_in


@pytest.fixture
def admin(client, data):
    person = make_staff(data, "admin", name="Ada Admin", email="ada@eigersund.no")
    sign_in(client, person)
    return person


def add_event(data, actor, action, details=""):
    audit.record(
        data,
        actor=actor,
        action=action,
        object_type="staff_user",
        object_id=actor.id,
        address="10.1.2.3",
        now=NOW,
        details=details,
    )
    data.commit()


def test_the_audit_log_filters_by_person_and_action(client, data, admin):
    other = make_staff(data, "editor", email="ola@eigersund.no")
    add_event(data, other, "roles_changed")
    add_event(data, admin, "roles_changed")

    page = parse(client.get(f"/admin/audit?person={other.id}&action=roles_changed"))

    rows = [text_of(row) for row in page.select("table tbody tr")]
    assert len(rows) == 1 and "ola@eigersund.no" in rows[0] and "Roller endret" in rows[0]


def test_the_audit_log_pages_and_keeps_the_filter_in_its_links(client, data, admin):
    for _ in range(55):
        add_event(data, admin, "sign_out")

    page = parse(client.get("/admin/audit?action=sign_out"))

    assert len(page.select("table tbody tr")) == 50
    assert (
        page.select_one(".pagination a[rel=next]")["href"] == "/admin/audit?action=sign_out&page=2"
    )
    assert page.find("a", string="Last ned som CSV")["href"] == "/admin/audit.csv?action=sign_out"


def test_the_csv_export_is_text_csv_of_the_filtered_rows_and_safe_for_spreadsheets(
    client, data, admin
):
    add_event(data, admin, "sign_in_failed", details="@SUM(A1)")
    add_event(data, admin, "sign_out")

    response = client.get("/admin/audit.csv?action=sign_in_failed")

    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert [row[3] for row in rows[1:]] == ["sign_in_failed"]
    assert rows[1][-1] == "'@SUM(A1)"
    exported = data.scalars(select(AuditEvent).where(AuditEvent.action == "audit_exported"))
    assert exported.one().actor_id == admin.id


def test_an_invalid_date_in_the_filter_is_ignored_not_an_error(client, admin):
    assert client.get("/admin/audit?from_date=not-a-date&page=x").status_code == 200

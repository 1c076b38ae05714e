"""The dwelling register (services/housing/dwellings.py): checks shared by form and import,
one dwelling per address, changes that cannot overwrite a colleague's, statuses that cannot
contradict a tenancy, and the database's own limits."""

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from portal.models import AuditEvent, Dwelling
from portal.services.housing import dwellings
from portal.services.housing.dwellings import RegisterFilter
from tests.casework import actor_for
from tests.housing import dwelling_input, make_dwelling, make_household, make_tenancy
from tests.staff import NOW, make_staff


@pytest.fixture
def admin(data):
    return actor_for(make_staff(data, "admin"))


def test_a_dwelling_is_added_with_tidy_words_and_an_audit_entry(data, admin):
    data_in = dwelling_input(
        address="  Storgata   12 ", unit=" H0201", suitable_for=("elderly", "families")
    )

    dwelling = dwellings.add(data, data_in, actor=admin, now=NOW)

    assert dwelling.address == "Storgata 12" and dwelling.unit == "H0201"
    assert dwelling.suitable_for == ["families", "elderly"]
    assert dwelling.address_key == "storgata12|h0201"
    assert "dwelling_added" in data.scalars(select(AuditEvent.action)).all()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"address": " "}, "address"),
        ({"postcode": "437"}, "postcode"),
        ({"postcode": "43700"}, "postcode"),
        ({"area": ""}, "area"),
        ({"size_m2": 5}, "size_m2"),
        ({"size_m2": 4000}, "size_m2"),
        ({"size_m2": None}, "size_m2"),
        ({"bedrooms": -1}, "bedrooms"),
        ({"bedrooms": 40}, "bedrooms"),
        ({"floor": 99}, "floor"),
        ({"monthly_rent": -10}, "monthly_rent"),
        ({"monthly_rent": 10_000_000}, "monthly_rent"),
        ({"status": "sold"}, "status"),
        ({"ownership": "stolen"}, "ownership"),
        ({"suitable_for": ("pets",)}, "suitable_for"),
        ({"reserved_for": "young_aftercare"}, "reserved_for"),
        ({"suitable_for": ("wheelchair",), "step_free": False}, "suitable_for"),
        ({"fire_safety_notes": "x" * 2001}, "fire_safety_notes"),
    ],
)
def test_impossible_facts_are_refused_and_nothing_is_stored(data, admin, changes, field):
    with pytest.raises(dwellings.InvalidDwelling) as refused:
        dwellings.add(data, dwelling_input(**changes), actor=admin, now=NOW)

    assert field in refused.value.problems
    assert data.scalar(select(func.count()).select_from(Dwelling)) == 0


def test_the_same_address_written_another_way_is_the_same_dwelling(data, admin):
    dwellings.add(data, dwelling_input(address="Storgata 12 A", unit="H0201"), actor=admin, now=NOW)

    with pytest.raises(dwellings.AddressTaken):
        dwellings.add(
            data, dwelling_input(address="storgata 12a", unit="h 0201"), actor=admin, now=NOW
        )
    # Another flat in the same building is another dwelling.
    dwellings.add(data, dwelling_input(address="Storgata 12 A", unit="H0202"), actor=admin, now=NOW)
    assert data.scalar(select(func.count()).select_from(Dwelling)) == 2


def test_the_database_itself_refuses_impossible_sizes(data):
    dwelling = make_dwelling(data)
    with pytest.raises(IntegrityError):
        data.execute(text("UPDATE dwellings SET bedrooms = 99 WHERE id = :id"), {"id": dwelling.id})
        data.flush()
    data.rollback()


def test_a_change_made_from_an_old_form_is_refused(data, admin):
    dwelling = make_dwelling(data)
    seen = dwelling.version
    dwellings.change(
        data,
        dwelling,
        replace(dwellings.as_input(dwelling), monthly_rent=9500),
        seen_version=seen,
        actor=admin,
        now=NOW,
    )

    with pytest.raises(dwellings.DwellingChanged):
        dwellings.change(
            data,
            dwelling,
            replace(dwellings.as_input(dwelling), monthly_rent=1),
            seen_version=seen,
            actor=admin,
            now=NOW,
        )
    data.expire_all()
    assert data.get(Dwelling, dwelling.id).monthly_rent == 9500


def test_a_dwelling_someone_lives_in_cannot_be_marked_vacant(data, admin):
    dwelling = make_dwelling(data)
    make_tenancy(data, dwelling, make_household(data), starts_on=NOW.date())

    with pytest.raises(dwellings.StatusNotAllowed):
        dwellings.change(
            data,
            dwelling,
            replace(dwellings.as_input(dwelling), status="vacant"),
            seen_version=dwelling.version,
            actor=admin,
            now=NOW,
        )


def test_the_register_pages_filters_and_counts(data):
    for number in range(60):
        make_dwelling(
            data,
            address=f"Langgata {number:02d}",
            status="vacant" if number % 3 == 0 else "let",
            area="Eigerøy" if number % 2 else "Sentrum",
            bedrooms=number % 4,
        )

    first = dwellings.register(data, RegisterFilter())
    second = dwellings.register(data, RegisterFilter(page=2))
    assert first.total == 60 and first.page_count == 2
    assert len(first.dwellings) == 50 and len(second.dwellings) == 10
    assert first.counts == {"vacant": 20, "let": 40}
    vacant_big = dwellings.register(data, RegisterFilter(status="vacant", min_bedrooms=3))
    assert all(d.status == "vacant" and d.bedrooms >= 3 for d in vacant_big.dwellings)
    assert dwellings.register(data, RegisterFilter(q="langgata 07")).total == 1
    assert dwellings.register(data, RegisterFilter(q="%")).total == 0
    assert dwellings.register(data, RegisterFilter(page=999)).page == 2
    assert dwellings.areas(data) == ["Eigerøy", "Sentrum"]


def test_the_history_lists_tenancies_and_offers_newest_first(data):
    dwelling = make_dwelling(data)
    older = make_tenancy(
        data, dwelling, make_household(data), starts_on=NOW.date() - timedelta(days=2000), years=1
    )
    older.ended_on, older.end_reason = older.ends_on, "moved_out"
    data.commit()
    newer = make_tenancy(data, dwelling, make_household(data), starts_on=NOW.date())

    assert [t.id for t in dwellings.history(data, dwelling).tenancies] == [newer.id, older.id]

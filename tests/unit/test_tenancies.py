"""Tenancies (services/housing/tenancies.py): from an accepted offer, renewed, ended; the
list of contracts ending within six months, and the letter in the tenant's language."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.models import CaseEvent, OutboxMessage, Tenancy
from portal.services.housing import offers, tenancies
from portal.services.housing.tenancies import TenancyRefused
from tests.casework import actor_for
from tests.housing import make_dwelling, make_household, make_tenancy
from tests.staff import NOW, make_staff

TODAY = NOW.date()
BOOK = "https://bolig.example/nb/book/leie_til_eie"


@pytest.fixture
def actor(data):
    return actor_for(make_staff(data, "caseworker"))


def accepted_offer(data, actor, **household):
    dwelling, need = make_dwelling(data), make_household(data, **household)
    made = offers.make_offer(
        data,
        dwelling,
        need,
        answer_by=TODAY + timedelta(days=7),
        available_on=TODAY + timedelta(days=10),
        notes_confirmed=True,
        actor=actor,
        now=NOW,
    )
    offers.answer(data, need.case, made, accept=True, reason="", now=NOW)
    return made, need


def test_an_accepted_offer_becomes_a_tenancy_and_the_household_leaves_the_list(data, actor):
    made, need = accepted_offer(data, actor)

    tenancy = tenancies.start(data, made, starts_on=date(2027, 1, 1), years=1, actor=actor, now=NOW)

    assert (tenancy.starts_on, tenancy.ends_on) == (date(2027, 1, 1), date(2027, 12, 31))
    assert tenancy.is_first and tenancy.offer_id == made.id
    assert made.dwelling.status == "let" and need.status == "housed" and need.ended_at == NOW


def test_an_offer_not_accepted_cannot_start_a_tenancy(data, actor):
    dwelling, need = make_dwelling(data), make_household(data)
    made = offers.make_offer(
        data,
        dwelling,
        need,
        answer_by=TODAY + timedelta(days=7),
        available_on=TODAY,
        notes_confirmed=False,
        actor=actor,
        now=NOW,
    )
    with pytest.raises(TenancyRefused, match="not_accepted"):
        tenancies.start(data, made, starts_on=TODAY, years=3, actor=actor, now=NOW)


@pytest.mark.parametrize(
    ("starts_on", "years", "code"),
    [
        (TODAY - timedelta(days=6 * 366), 3, "dates"),
        (TODAY + timedelta(days=400), 3, "dates"),
        (TODAY, 0, "years"),
        (TODAY, 9, "years"),
    ],
)
def test_impossible_terms_are_refused(data, actor, starts_on, years, code):
    made, _ = accepted_offer(data, actor)
    with pytest.raises(TenancyRefused, match=code):
        tenancies.start(data, made, starts_on=starts_on, years=years, actor=actor, now=NOW)
    assert data.scalar(select(Tenancy)) is None


def test_the_database_refuses_a_tenancy_ending_before_it_starts_or_two_at_once(data):
    dwelling = make_dwelling(data)
    need = make_household(data)
    data.add(
        Tenancy(
            dwelling_id=dwelling.id,
            case_id=need.case_id,
            starts_on=TODAY,
            ends_on=TODAY - timedelta(days=1),
            created_at=NOW,
        )
    )
    with pytest.raises(IntegrityError):
        data.commit()
    data.rollback()
    make_tenancy(data, dwelling, need, starts_on=TODAY)
    data.add(
        Tenancy(
            dwelling_id=dwelling.id,
            case_id=make_household(data).case_id,
            starts_on=TODAY,
            ends_on=TODAY + timedelta(days=30),
            created_at=NOW,
        )
    )
    with pytest.raises(IntegrityError):
        data.commit()
    data.rollback()


def test_a_renewal_continues_the_day_after_and_is_not_a_first_contract(data, actor):
    tenancy = make_tenancy(data, make_dwelling(data), make_household(data), starts_on=TODAY)

    renewal = tenancies.renew(data, tenancy, years=3, actor=actor, now=NOW)

    assert tenancy.ended_on == tenancy.ends_on and tenancy.end_reason == "renewed"
    assert renewal.starts_on == tenancy.ends_on + timedelta(days=1)
    assert renewal.renewal_of_id == tenancy.id and not renewal.is_first
    with pytest.raises(TenancyRefused, match="ended"):
        tenancies.renew(data, tenancy, years=3, actor=actor, now=NOW)


def test_moving_out_frees_the_dwelling(data, actor):
    dwelling = make_dwelling(data)
    tenancy = make_tenancy(data, dwelling, make_household(data), starts_on=TODAY)

    with pytest.raises(TenancyRefused, match="end_date"):
        tenancies.end(
            data,
            tenancy,
            ended_on=TODAY - timedelta(days=1),
            reason="moved_out",
            dwelling_status="vacant",
            actor=actor,
            now=NOW,
        )
    tenancies.end(
        data,
        tenancy,
        ended_on=TODAY + timedelta(days=20),
        reason="moved_out",
        dwelling_status="renovation",
        actor=actor,
        now=NOW,
    )

    assert dwelling.status == "renovation"
    assert dwelling.available_on == TODAY + timedelta(days=21)


def test_the_ending_list_holds_six_months_soonest_first(data):
    def tenancy_ending_in(days):
        starts = TODAY + timedelta(days=days) - timedelta(days=3 * 365)
        tenancy = make_tenancy(data, make_dwelling(data), make_household(data), starts_on=starts)
        tenancy.ends_on = TODAY + timedelta(days=days)
        data.commit()
        return tenancy

    in_five_months = tenancy_ending_in(150)
    next_week = tenancy_ending_in(7)
    overdue = tenancy_ending_in(-3)
    tenancy_ending_in(200)

    found = tenancies.ending_soon(data, now=NOW)

    assert [t.id for t in found.tenancies] == [overdue.id, next_week.id, in_five_months.id]
    assert (found.total, found.warned, found.page_count) == (3, 0, 1)


def test_a_long_ending_list_comes_a_page_at_a_time(data, monkeypatch):
    monkeypatch.setattr(tenancies, "ENDING_PAGE_SIZE", 2)
    for days in (10, 20, 30):
        tenancy = make_tenancy(data, make_dwelling(data), make_household(data), starts_on=TODAY)
        tenancy.ends_on = TODAY + timedelta(days=days)
    data.commit()

    second = tenancies.ending_soon(data, now=NOW, page=2)

    assert [t.ends_on for t in second.tenancies] == [TODAY + timedelta(days=30)]
    assert (second.total, second.page, second.page_count) == (3, 2, 2)
    assert tenancies.ending_soon(data, now=NOW, page=99).page == 2


def test_the_letter_is_in_the_tenants_language_and_queued_once(app, data, actor):
    dwelling = make_dwelling(data, address="Strandgata 3", unit="U0101")
    need = make_household(data, language="en")
    tenancy = make_tenancy(data, dwelling, need, starts_on=date(2024, 6, 1))

    with app.test_request_context():
        tenancies.send_ending_letter(
            data, tenancy, book_url=BOOK, office_phone="51 46 80 00", actor=actor, now=NOW
        )
        with pytest.raises(TenancyRefused, match="already_warned"):
            tenancies.send_ending_letter(
                data, tenancy, book_url=BOOK, office_phone="", actor=actor, now=NOW
            )

    letter = data.scalars(select(CaseEvent).where(CaseEvent.kind == "tenancy_ending_letter")).one()
    assert "Your rental contract for Strandgata 3 U0101" in letter.body
    assert "May 31, 2027" in letter.body
    assert BOOK in letter.body and "51 46 80 00" in letter.body
    assert letter.is_visible_to_resident
    sent = data.scalars(select(OutboxMessage)).all()
    assert {m.template for m in sent} == {"tenancy_ending"}
    assert all(m.language == "en" and "Strandgata" not in str(m.params) for m in sent)
    assert tenancy.warned_at == NOW and tenancy.warned_by_id == actor.user.id

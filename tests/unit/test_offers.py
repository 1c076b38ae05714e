"""Offers (services/housing/offers.py): made only of a vacant dwelling to a waiting household,
one open offer per dwelling kept by the database, answered in time or expired once."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from portal.models import CaseEvent, Offer, OutboxMessage
from portal.services.housing import offers
from portal.services.housing.offers import OfferRefused
from tests.casework import actor_for
from tests.housing import make_dwelling, make_household
from tests.staff import NOW, make_staff

TODAY = NOW.date()


@pytest.fixture
def actor(data):
    return actor_for(make_staff(data, "caseworker"))


def offer(data, dwelling, need, actor, **changes):
    values = {
        "answer_by": TODAY + timedelta(days=7),
        "available_on": TODAY + timedelta(days=14),
        "notes_confirmed": False,
        "actor": actor,
        "now": NOW,
    } | changes
    return offers.make_offer(data, dwelling, need, **values)


def events(data, case) -> list[str]:
    return data.scalars(
        select(CaseEvent.kind).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
    ).all()


def test_an_offer_is_told_to_the_resident_without_its_content(data, actor):
    dwelling, need = make_dwelling(data, monthly_rent=8700), make_household(data)

    made = offer(data, dwelling, need, actor)

    assert made.status == "open" and made.monthly_rent == 8700
    # The end of the seventh day, Oslo time (UTC+1 in December).
    assert made.answer_by == datetime(2026, 12, 2, 23, 0, tzinfo=UTC)
    assert need.status == "offered"
    assert events(data, need.case)[-1] == "offer_made"
    sent = data.scalars(select(OutboxMessage)).all()
    assert {m.template for m in sent} == {"case_news"}
    assert all(dwelling.address not in str(m.params) for m in sent)


@pytest.mark.parametrize(
    ("setup", "changes", "code"),
    [
        ({"status": "let"}, {}, "not_vacant"),
        ({"status": "renovation"}, {}, "not_vacant"),
        ({}, {"answer_by": TODAY}, "deadline"),
        ({}, {"answer_by": TODAY + timedelta(days=31)}, "deadline"),
        ({}, {"available_on": TODAY - timedelta(days=1)}, "available_on"),
    ],
)
def test_an_offer_outside_the_rules_is_refused(data, actor, setup, changes, code):
    dwelling, need = make_dwelling(data, **setup), make_household(data)
    with pytest.raises(OfferRefused, match=code):
        offer(data, dwelling, need, actor, **changes)
    assert data.scalar(select(func.count()).select_from(Offer)) == 0


def test_a_household_not_waiting_gets_no_offer(data, actor):
    with pytest.raises(OfferRefused, match="not_waiting"):
        offer(data, make_dwelling(data), make_household(data, status="housed"), actor)


def test_follow_up_needs_an_explicit_look_at_the_notes(data, actor):
    dwelling = make_dwelling(data, fire_safety_notes="Komfyrvakt mangler.")
    need = make_household(data, groups=("follow_up",), flags=("follow_up",))

    with pytest.raises(OfferRefused, match="confirm_notes"):
        offer(data, dwelling, need, actor)
    made = offer(data, dwelling, need, actor, notes_confirmed=True)
    assert made.notes_confirmed_by_id == actor.user.id


def test_the_database_holds_one_open_offer_per_dwelling(data, actor):
    dwelling = make_dwelling(data)
    offer(data, dwelling, make_household(data), actor)

    with pytest.raises(OfferRefused, match="taken"):
        offer(data, dwelling, make_household(data), actor)
    # Even written past the service, a second open offer cannot be stored.
    second = make_household(data)
    data.add(
        Offer(
            case_id=second.case_id,
            dwelling_id=dwelling.id,
            status="open",
            monthly_rent=1,
            available_on=TODAY,
            answer_by=NOW,
            made_at=NOW,
        )
    )
    with pytest.raises(IntegrityError):
        data.commit()
    data.rollback()


def test_two_caseworkers_offering_one_dwelling_at_once_make_one_offer(app, actor):
    from portal.db import db

    engine = db.engine_for(app)
    setup = sessionmaker(bind=engine, expire_on_commit=False)()
    dwelling_id = make_dwelling(setup).id
    need_ids = [make_household(setup).id for _ in range(6)]
    setup.close()
    start = threading.Barrier(len(need_ids))
    outcomes = []

    def press_offer(need_id):
        from portal.models import Dwelling, HousingNeed

        session = sessionmaker(bind=engine, expire_on_commit=False)()
        dwelling, need = session.get(Dwelling, dwelling_id), session.get(HousingNeed, need_id)
        start.wait()
        try:
            offer(session, dwelling, need, actor_for(actor.user))
            outcomes.append("made")
        except OfferRefused as refused:
            outcomes.append(str(refused))
        except Exception as error:  # SQLite: a writer may find the database busy
            outcomes.append(type(error).__name__)
        finally:
            session.close()

    threads = [threading.Thread(target=press_offer, args=(n,)) for n in need_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    check = sessionmaker(bind=engine)()
    assert check.scalar(select(func.count()).select_from(Offer)) == 1
    check.close()
    assert outcomes.count("made") == 1


def test_the_resident_accepts_and_the_dwelling_is_held_for_them(data, actor):
    dwelling, need = make_dwelling(data), make_household(data)
    made = offer(data, dwelling, need, actor)

    offers.answer(data, need.case, made, accept=True, reason="", now=NOW + timedelta(days=1))

    assert made.status == "accepted" and dwelling.status == "let"
    assert need.case.has_new_reply and events(data, need.case)[-1] == "offer_accepted"
    with pytest.raises(OfferRefused, match="not_open"):
        offers.answer(data, need.case, made, accept=False, reason="Nei", now=NOW)


def test_declining_needs_a_reason_and_puts_the_household_back_on_the_list(data, actor):
    dwelling, need = make_dwelling(data), make_household(data)
    made = offer(data, dwelling, need, actor)

    with pytest.raises(OfferRefused, match="reason"):
        offers.answer(data, need.case, made, accept=False, reason="  ", now=NOW)
    offers.answer(data, need.case, made, accept=False, reason="For langt fra skolen.", now=NOW)

    assert made.status == "declined" and made.decline_reason == "For langt fra skolen."
    assert need.status == "waiting" and dwelling.status == "vacant"


def test_an_answer_after_the_deadline_is_refused_and_the_offer_expires(data, actor):
    dwelling, need = make_dwelling(data), make_household(data)
    made = offer(data, dwelling, need, actor, answer_by=TODAY + timedelta(days=2))
    too_late = NOW + timedelta(days=3)

    with pytest.raises(OfferRefused, match="too_late"):
        offers.answer(data, need.case, made, accept=True, reason="", now=too_late)

    data.refresh(made)
    data.refresh(need)
    assert made.status == "expired" and need.status == "waiting"
    assert events(data, need.case)[-1] == "offer_expired"
    # The dwelling is back in matching: a new offer can be made.
    assert offer(data, dwelling, make_household(data), actor, now=too_late).status == "open"


def test_two_overlapping_expiry_runs_note_each_offer_once(app, data, actor):
    from portal.db import db

    for _ in range(5):
        offer(data, make_dwelling(data), make_household(data), actor)
    engine = db.engine_for(app)
    start = threading.Barrier(2)
    counts = []

    def run():
        session = sessionmaker(bind=engine)()
        start.wait()
        try:
            counts.append(offers.expire_due(session, now=NOW + timedelta(days=30)))
        except Exception as error:  # SQLite: the second writer may be told it is busy
            counts.append(type(error).__name__)
        finally:
            session.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    expired_events = data.scalar(
        select(func.count()).select_from(CaseEvent).where(CaseEvent.kind == "offer_expired")
    )
    assert expired_events == 5
    assert sum(c for c in counts if isinstance(c, int)) == 5


def test_withdrawing_an_accepted_offer_frees_the_dwelling(data, actor):
    dwelling, need = make_dwelling(data), make_household(data)
    made = offer(data, dwelling, need, actor)
    offers.answer(data, need.case, made, accept=True, reason="", now=NOW)

    offers.withdraw(data, made, actor=actor, now=NOW)

    assert made.status == "withdrawn" and dwelling.status == "vacant"
    assert need.status == "waiting"


def test_the_deadline_is_the_end_of_the_day_in_oslo_in_summer_too():
    assert offers.answer_deadline(date(2027, 7, 1)).isoformat() == "2027-07-02T00:00:00+02:00"


def test_the_cron_command_expires_due_offers(app, data, actor):
    offer(
        data, make_dwelling(data), make_household(data), actor, answer_by=TODAY + timedelta(days=2)
    )

    result = app.test_cli_runner().invoke(args=["expire-offers"])

    assert result.exit_code == 0 and "offers expired" in result.output

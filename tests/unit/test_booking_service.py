"""Booking rules, without HTTP: one booking per time, moving, cancelling, reminders, call-backs."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from portal.models import Booking, CallbackRequest, Case, OutboxMessage
from portal.services.casework import access_codes, cases
from portal.services.guidance import booking
from portal.services.guidance.booking import BookingDetails
from tests.factories import make_slot
from tests.staff import make_staff

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
CUTOFF = timedelta(hours=2)
DETAILS = BookingDetails(name="Ola Nordmann", phone="91234567", email="ola@example.no")


@pytest.fixture
def adviser(session):
    return make_staff(session, "caseworker")


def book(session, slot_id, *, details=DETAILS, now=NOW, reference=None, code="ABCD-EFGH"):
    return booking.book_slot(
        session,
        slot_id,
        details,
        language="nb",
        reference=reference or access_codes.new_reference(),
        code=code,
        now=now,
        cutoff=CUTOFF,
    )


def test_a_booking_makes_a_case_with_its_timeline_and_outbox_messages(session, adviser):
    slot = make_slot(session, adviser, NOW + timedelta(days=2))

    receipt = book(session, slot.id, reference="B7K4-P2QM")

    case = session.scalar(select(Case).where(Case.reference == "B7K4-P2QM"))
    assert (case.kind, case.status, case.topic, case.name) == (
        "booking",
        "received",
        "bostotte",
        "Ola Nordmann",
    )
    assert [event.kind for event in case.events] == ["received", "booked"]
    messages = session.scalars(select(OutboxMessage).order_by(OutboxMessage.channel)).all()
    assert [(m.channel, m.recipient, m.template) for m in messages] == [
        ("email", "ola@example.no", "booking_confirmed"),
        ("sms", "91234567", "booking_confirmed"),
    ]
    assert receipt.slot.id == slot.id
    assert cases.open_case(session, "b7k4 p2qm", receipt.code).id == case.id


def test_second_booking_of_a_taken_slot_is_told_it_was_just_taken(session, adviser):
    slot = make_slot(session, adviser, NOW + timedelta(days=2))
    book(session, slot.id)

    with pytest.raises(booking.SlotTaken):
        book(session, slot.id)

    assert session.scalar(select(func.count()).select_from(Case)) == 1


def test_pressing_book_twice_gives_the_same_receipt_and_one_case(session, adviser):
    slot = make_slot(session, adviser, NOW + timedelta(days=2))
    first = book(session, slot.id, reference="B7K4-P2QM")

    second = book(session, slot.id, reference="B7K4-P2QM")

    assert (second.reference, second.slot.id) == (first.reference, slot.id)
    assert session.scalar(select(func.count()).select_from(Case)) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"cancelled_at": NOW},
        {"starts_at": NOW - timedelta(hours=1)},
        {"starts_at": NOW + timedelta(hours=1)},  # inside the two-hour cut-off
    ],
    ids=["cancelled", "past", "too-soon"],
)
def test_a_cancelled_past_or_too_close_time_cannot_be_booked(session, adviser, change):
    slot = make_slot(session, adviser, NOW + timedelta(days=2))
    for name, value in change.items():
        setattr(slot, name, value)
    session.commit()

    with pytest.raises(booking.SlotUnavailable):
        book(session, slot.id)

    assert session.scalar(select(func.count()).select_from(Case)) == 0


def test_a_made_up_time_id_is_refused_and_nothing_is_stored(session):
    with pytest.raises(booking.SlotUnavailable):
        book(session, 999_999)
    assert session.scalar(select(func.count()).select_from(Case)) == 0


def test_fifty_people_booking_one_time_at_once_gives_exactly_one_booking(engine, session, adviser):
    slot = make_slot(session, adviser, NOW + timedelta(days=2))
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    outcomes: list[str] = []
    start = threading.Barrier(50)

    def attempt() -> None:
        with factory() as own_session:
            start.wait()
            try:
                book(own_session, slot.id)
                outcomes.append("booked")
            except booking.SlotTaken:
                outcomes.append("taken")
            except Exception as error:  # anything else is a server error for someone
                outcomes.append(repr(error))

    threads = [threading.Thread(target=attempt) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(set(outcomes)) == ["booked", "taken"]
    assert outcomes.count("booked") == 1 and len(outcomes) == 50
    assert session.scalar(select(func.count()).select_from(Booking)) == 1


def test_free_times_leave_out_booked_cancelled_and_other_topics(session, adviser):
    wanted = make_slot(session, adviser, NOW + timedelta(days=1))
    taken = make_slot(session, adviser, NOW + timedelta(days=1, hours=1))
    cancelled = make_slot(session, adviser, NOW + timedelta(days=1, hours=2))
    cancelled.cancelled_at = NOW
    make_slot(session, adviser, NOW + timedelta(days=1, hours=3), topic="startlan")
    session.commit()
    book(session, taken.id)

    free = booking.free_slots(
        session, "bostotte", start=NOW, end=NOW + timedelta(weeks=4), now=NOW, cutoff=CUTOFF
    )

    assert [slot.id for slot in free] == [wanted.id]


def test_cancelling_frees_the_time_at_once(session, adviser):
    slot = make_slot(session, adviser, NOW + timedelta(days=2))
    receipt = book(session, slot.id)
    case = cases.open_case(session, receipt.reference, receipt.code)

    booking.cancel_booking(session, case, now=NOW, cutoff=CUTOFF)

    assert case.status == "cancelled"
    assert book(session, slot.id).slot.id == slot.id


def test_moving_frees_the_old_time_and_takes_the_new_one(session, adviser):
    old = make_slot(session, adviser, NOW + timedelta(days=2))
    new = make_slot(session, adviser, NOW + timedelta(days=3))
    receipt = book(session, old.id)
    case = cases.open_case(session, receipt.reference, receipt.code)

    booking.move_booking(session, case, new.id, now=NOW, cutoff=CUTOFF)

    assert booking.booking_of_case(session, case).slot_id == new.id
    assert book(session, old.id).slot.id == old.id
    assert [event.kind for event in case.events][-1] == "moved"


def test_moving_onto_a_taken_time_is_refused(session, adviser):
    mine = make_slot(session, adviser, NOW + timedelta(days=2))
    theirs = make_slot(session, adviser, NOW + timedelta(days=3))
    receipt = book(session, mine.id)
    book(session, theirs.id)
    case = cases.open_case(session, receipt.reference, receipt.code)

    with pytest.raises(booking.SlotTaken):
        booking.move_booking(session, case, theirs.id, now=NOW, cutoff=CUTOFF)

    assert booking.booking_of_case(session, case).slot_id == mine.id


def test_no_changes_after_the_cut_off(session, adviser):
    slot = make_slot(session, adviser, NOW + timedelta(hours=3))
    receipt = book(session, slot.id)
    case = cases.open_case(session, receipt.reference, receipt.code)
    later = NOW + timedelta(hours=1, minutes=1)  # 1 h 59 min before the time

    with pytest.raises(booking.ChangeClosed):
        booking.cancel_booking(session, case, now=later, cutoff=CUTOFF)
    assert case.status == "received"


def test_a_booking_cannot_be_moved_into_the_past(session, adviser):
    slot = make_slot(session, adviser, NOW + timedelta(days=2))
    past = make_slot(session, adviser, NOW - timedelta(days=1))
    receipt = book(session, slot.id)
    case = cases.open_case(session, receipt.reference, receipt.code)

    with pytest.raises(booking.SlotUnavailable):
        booking.move_booking(session, case, past.id, now=NOW, cutoff=CUTOFF)


def test_reminders_are_queued_once_for_times_in_the_next_24_hours(session, adviser):
    soon = make_slot(session, adviser, NOW + timedelta(hours=20))
    later = make_slot(session, adviser, NOW + timedelta(days=3))
    book(session, soon.id, now=NOW - timedelta(days=1))
    book(session, later.id, now=NOW - timedelta(days=1))

    assert booking.queue_reminders(session, now=NOW) == 1
    assert booking.queue_reminders(session, now=NOW) == 0

    reminders = session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == "booking_reminder")
    ).all()
    assert sorted(m.channel for m in reminders) == ["email", "sms"]


def test_a_call_back_request_becomes_a_case(session):
    receipt = booking.request_callback(
        session,
        topic="okonomi",
        name="Kari",
        phone="91234567",
        preferred_time="morning",
        about="Husleia er for høy.",
        language="nn",
        reference="CCCC-DDDD",
        code="EEEE-FFFF",
        now=NOW,
    )

    case = cases.open_case(session, receipt.reference, "EEEE-FFFF")
    request = session.scalar(select(CallbackRequest))
    assert (case.kind, case.topic, case.language) == ("callback", "okonomi", "nn")
    assert (request.case_id, request.preferred_time) == (case.id, "morning")
    assert session.scalar(select(OutboxMessage.template)) == "callback_received"


def test_a_wrong_code_and_an_unknown_reference_get_the_same_answer(session, adviser):
    slot = make_slot(session, adviser, NOW + timedelta(days=2))
    receipt = book(session, slot.id)

    with pytest.raises(cases.CodeMismatch):
        cases.open_case(session, receipt.reference, "ZZZZ-ZZZZ")
    with pytest.raises(cases.CodeMismatch):
        cases.open_case(session, "ZZZZ-ZZZZ", receipt.code)

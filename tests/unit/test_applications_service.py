"""Drafts, sending once, files by content, and deleting what is old, without HTTP."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from portal.models import Application, ApplicationDraft, Attachment, Case, OutboxMessage
from portal.services.casework import applications, attachments, cases, replies
from portal.services.casework.applications import AlreadySubmitted, DraftGone, DraftIncomplete
from tests.views.apply_journey import ADULT

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
PDF = b"%PDF-1.7\n" + b"x" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"x" * 100
JPEG = b"\xff\xd8\xff\xe0" + b"x" * 100
HEIC = b"\x00\x00\x00\x18ftypheic" + b"x" * 100

CHECKED = {
    "about_you": {"name": "Kari", "identity_number": ADULT, "phone": "91234567", "email": ""},
    "household": {"children_birth_years": "2015", "expecting_child": "no"},
    "housing": {"situation": "homeless", "at_risk": "no"},
    "needs": {"bedrooms": "2"},
    "health": {},
    "economy": {"income_sources": ["nav"]},
    "consents": {"declaration": True},
    "attachments": {},
}


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def filled_draft(session, now=NOW) -> ApplicationDraft:
    draft = applications.new_draft(session, language="nn", now=now)
    for step, answers in CHECKED.items():
        applications.save_step(session, draft, step, typed={}, answers=answers, now=now)
    return draft


def test_typed_answers_are_kept_even_when_not_valid_yet(session):
    draft = applications.new_draft(session, language="nb", now=NOW)

    applications.save_step(
        session, draft, "about_you", typed={"name": ["<b>Kari</b>"]}, answers=None, now=NOW
    )

    assert applications.pages(draft).typed["about_you"] == {"name": ["<b>Kari</b>"]}
    assert applications.next_step(draft) == "about_you"


def test_the_eviction_page_is_asked_only_of_someone_at_risk(session):
    draft = applications.new_draft(session, language="nb", now=NOW)
    at_risk = {"situation": "renting", "at_risk": "yes"}
    applications.save_step(session, draft, "housing", typed={}, answers=at_risk, now=NOW)
    assert "eviction" in applications.steps_for(applications.pages(draft).answers)
    applications.save_step(
        session, draft, "eviction", typed={}, answers={"must_move_by": "2027-01-01"}, now=NOW
    )

    safe = {"situation": "renting", "at_risk": "no"}
    applications.save_step(session, draft, "housing", typed={}, answers=safe, now=NOW)

    assert "eviction" not in applications.pages(draft).answers


def test_saved_for_later_and_resumed_with_reference_and_code(session):
    draft = applications.new_draft(session, language="nb", now=NOW)
    code = applications.save_for_later(session, draft, code=None, now=NOW)

    resumed = applications.resume(session, draft.reference.lower(), code.lower(), now=NOW)

    assert resumed.id == draft.id
    with pytest.raises(cases.CodeMismatch):
        applications.resume(session, draft.reference, "AAAA-AAAA", now=NOW)
    with pytest.raises(cases.CodeMismatch):
        applications.resume(session, "ZZZZ-ZZZZ", code, now=NOW)


def test_a_draft_without_a_saved_code_cannot_be_resumed(session):
    draft = applications.new_draft(session, language="nb", now=NOW)

    with pytest.raises(cases.CodeMismatch):
        applications.resume(session, draft.reference, "", now=NOW)


def test_a_draft_expires_30_days_after_its_last_change(session):
    draft = applications.new_draft(session, language="nb", now=NOW)
    code = applications.save_for_later(session, draft, code=None, now=NOW + timedelta(days=10))

    assert applications.resume(session, draft.reference, code, now=NOW + timedelta(days=39))
    with pytest.raises(DraftGone):
        applications.resume(session, draft.reference, code, now=NOW + timedelta(days=41))


def test_sending_makes_the_case_with_flags_answers_files_and_message_at_once(session, tmp_path):
    draft = filled_draft(session)
    applications.add_attachment(
        session, draft, PDF, original_name="lønn.pdf", kind="income", directory=tmp_path, now=NOW
    )
    applications.save_step(session, draft, "about_you", typed={}, answers={
        **CHECKED["about_you"], "email": "kari@example.no"}, now=NOW)  # fmt: skip

    receipt = applications.submit(session, draft, code="ABCD-EFGH", now=NOW, answer_weeks=3)

    case = session.scalar(select(Case))
    assert (case.reference, case.kind, case.language) == (draft.reference, "application", "nn")
    assert case.priority_flags == ["children", "homeless"]
    assert [event.kind for event in case.events] == ["received"]
    assert session.scalar(select(Application)).answers["housing"]["situation"] == "homeless"
    assert session.scalar(select(Attachment)).case_id == case.id
    messages = session.scalars(select(OutboxMessage)).all()
    assert sorted((m.channel, m.template, m.params["weeks"]) for m in messages) == [
        ("email", "application_received", 3),
        ("sms", "application_received", 3),
    ]
    assert cases.open_case(session, receipt.reference, "abcd efgh").id == case.id


def test_a_second_send_makes_no_second_case(session):
    draft = filled_draft(session)
    applications.submit(session, draft, code="ABCD-EFGH", now=NOW, answer_weeks=3)

    with pytest.raises(AlreadySubmitted) as again:
        applications.submit(session, draft, code="ABCD-EFGH", now=NOW, answer_weeks=3)

    assert again.value.case.reference == draft.reference
    assert count(session, Case) == 1


def test_an_incomplete_draft_says_which_page_is_missing(session):
    draft = applications.new_draft(session, language="nb", now=NOW)
    applications.save_step(
        session, draft, "about_you", typed={}, answers=CHECKED["about_you"], now=NOW
    )

    with pytest.raises(DraftIncomplete) as missing:
        applications.submit(session, draft, code="ABCD-EFGH", now=NOW, answer_weeks=3)

    assert missing.value.step == "household"
    assert count(session, Case) == 0


def test_ten_presses_of_send_at_once_make_one_case(engine, session):
    draft = filled_draft(session)
    make_session = sessionmaker(bind=engine, expire_on_commit=False)
    start = threading.Barrier(10)
    outcomes = []

    def press_send():
        own = make_session()
        try:
            mine = own.get(ApplicationDraft, draft.id)
            start.wait()
            applications.submit(own, mine, code="ABCD-EFGH", now=NOW, answer_weeks=3)
            outcomes.append("sent")
        except AlreadySubmitted:
            outcomes.append("already")
        finally:
            own.close()

    threads = [threading.Thread(target=press_send) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already"] * 9 + ["sent"]
    assert count(session, Case) == count(session, Application) == 1


@pytest.mark.parametrize(
    "content, content_type",
    [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg"), (HEIC, "image/heic")],
)
def test_files_are_known_by_their_content_not_their_name(session, tmp_path, content, content_type):
    draft = applications.new_draft(session, language="nb", now=NOW)

    stored = applications.add_attachment(
        session, draft, content, original_name="bilde.exe", kind="income", directory=tmp_path,
        now=NOW,
    )  # fmt: skip

    assert stored.content_type == content_type
    assert (tmp_path / stored.stored_name).read_bytes() == content
    assert stored.stored_name != "bilde.exe" and len(stored.sha256) == 64


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"<html><script>alert(1)</script>", "wrong_type"),
        (b"MZ\x90\x00 a program", "wrong_type"),
        (b"", "empty"),
        (b"%PDF-" + b"x" * attachments.MAX_BYTES, "too_large"),
    ],
)
def test_other_files_are_refused_and_nothing_is_stored(session, tmp_path, content, reason):
    draft = applications.new_draft(session, language="nb", now=NOW)

    with pytest.raises(attachments.AttachmentRefused) as refused:
        applications.add_attachment(
            session, draft, content, original_name="x.pdf", kind="income", directory=tmp_path,
            now=NOW,
        )  # fmt: skip

    assert refused.value.reason == reason
    assert count(session, Attachment) == 0
    assert list(tmp_path.iterdir()) == []


def test_at_most_ten_files(session, tmp_path):
    draft = applications.new_draft(session, language="nb", now=NOW)
    for number in range(10):
        applications.add_attachment(
            session, draft, PDF, original_name=f"{number}.pdf", kind="income",
            directory=tmp_path, now=NOW,
        )  # fmt: skip

    with pytest.raises(attachments.AttachmentRefused) as refused:
        applications.add_attachment(
            session, draft, PDF, original_name="11.pdf", kind="income", directory=tmp_path,
            now=NOW,
        )  # fmt: skip

    assert refused.value.reason == "too_many"


def test_purge_deletes_old_drafts_and_their_files_but_not_sent_files(session, tmp_path):
    old = applications.new_draft(session, language="nb", now=NOW - timedelta(days=31))
    applications.add_attachment(
        session, old, PDF, original_name="a.pdf", kind="income", directory=tmp_path,
        now=NOW - timedelta(days=31),
    )  # fmt: skip
    fresh = applications.new_draft(session, language="nb", now=NOW - timedelta(days=5))
    sent = filled_draft(session)
    applications.add_attachment(
        session, sent, PNG, original_name="b.png", kind="tax", directory=tmp_path, now=NOW
    )
    applications.submit(session, sent, code="ABCD-EFGH", now=NOW, answer_weeks=3)

    deleted = applications.purge_expired(session, now=NOW, directory=tmp_path)

    assert deleted == 2
    assert [draft.id for draft in session.scalars(select(ApplicationDraft))] == [fresh.id]
    kept = session.scalars(select(Attachment)).all()
    assert [(a.original_name, a.draft_id) for a in kept] == [("b.png", None)]
    assert [path.name for path in tmp_path.iterdir()] == [kept[0].stored_name]


def test_the_resident_answers_sends_a_document_and_withdraws(session, tmp_path):
    draft = filled_draft(session)
    applications.submit(session, draft, code="ABCD-EFGH", now=NOW, answer_weeks=3)
    case = session.scalar(select(Case))

    replies.add_resident_message(session, case, "<script>alert(1)</script>", now=NOW)
    replies.add_requested_document(
        session, case, JPEG, original_name="skatt.jpg", directory=tmp_path, now=NOW
    )
    replies.withdraw(session, case, now=NOW)

    assert [e.kind for e in case.events] == [
        "received", "resident_message", "document_added", "withdrawn"
    ]  # fmt: skip
    assert case.events[1].body == "<script>alert(1)</script>"
    assert case.status == "withdrawn"


def test_saving_again_keeps_the_code_the_person_already_has(session):
    draft = applications.new_draft(session, language="nb", now=NOW)
    first = applications.save_for_later(session, draft, code=None, now=NOW)

    again = applications.save_for_later(session, draft, code=first, now=NOW)
    guessed = applications.save_for_later(session, draft, code="AAAA-AAAA", now=NOW)

    assert again == first
    assert guessed != first  # a code that is not the draft's never becomes it
    assert applications.resume(session, draft.reference, guessed, now=NOW).id == draft.id

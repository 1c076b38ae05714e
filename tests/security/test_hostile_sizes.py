"""Nobody can fill the disk without signing in: oversized fields, repeated fields, floods."""

import io
import json
import logging

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from portal.models import ApplicationDraft, BrowserSession, Feedback
from portal.services.casework import applications
from tests.html import csrf_token, error_summary_links, parse, text_of
from tests.views import apply_journey as journey
from tests.views.apply_journey import ANSWERS

HUGE = "x" * 400 * 1024


def stored_bytes(data) -> int:
    """How much every draft and browser session holds, as stored."""
    data.expire_all()
    drafts = sum(len(json.dumps(d.answers)) for d in data.scalars(select(ApplicationDraft)))
    sessions = sum(len(row.data) for row in data.scalars(select(BrowserSession)))
    return drafts + sessions


def draft_answers(data) -> dict:
    data.expire_all()
    return data.scalar(select(ApplicationDraft)).answers


def test_forty_copies_of_a_400_kb_field_are_refused_with_413_and_nothing_stored(client, data):
    token = journey.start(client)
    before = stored_bytes(data)
    fields = [("csrf_token", token)] + [("name", HUGE)] * 40

    as_form = client.post("/nb/apply/about_you", data=MultiDict(fields))
    as_multipart = client.post(
        "/nb/apply/about_you",
        data={"csrf_token": token, "name": [HUGE] * 40, "f": (io.BytesIO(b"x"), "f.txt")},
        content_type="multipart/form-data",
    )

    for response in (as_form, as_multipart):
        assert response.status_code == 413
        assert "for stort" in text_of(parse(response).h1)
    assert stored_bytes(data) == before
    assert draft_answers(data)["typed"] == {}


def test_one_field_sent_forty_times_is_stored_once(client, data):
    token = journey.start(client)
    values = [("csrf_token", token)] + [(k, v) for k, v in ANSWERS["about_you"].items()]
    values += [("name", "Ola Nordmann")] * 39

    client.post("/nb/apply/about_you", data=MultiDict(values))

    assert draft_answers(data)["typed"]["about_you"]["name"] == ["Kari Nordmann"]


def test_a_checkbox_list_keeps_each_offered_choice_once(client, data):
    token = journey.fill_in_everything(client)
    values = [("csrf_token", token), ("income_band", "25_35")]
    values += [("income_sources", "work")] * 40 + [("income_sources", "invented")] * 40

    client.post("/nb/apply/economy", data=MultiDict(values))

    assert draft_answers(data)["typed"]["economy"]["income_sources"] == ["work"]


def test_a_too_long_answer_gets_a_message_and_the_rest_is_kept(client, data):
    token = journey.start(client)
    long_name = "Å" * 10_000

    response = journey.answer(
        client, "about_you", {**ANSWERS["about_you"], "name": long_name}, token
    )

    page = parse(response)
    assert response.status_code == 200
    assert error_summary_links(page)["name"] == "Skriv høyst 200 tegn."
    typed = draft_answers(data)["typed"]["about_you"]
    assert typed["name"] == []
    assert typed["phone"] == ["912 34 567"] and typed["email"] == ["kari@example.no"]
    assert "about_you" not in draft_answers(data)["answers"]


@pytest.mark.parametrize(
    ("step", "field"),
    [
        ("about_you", "identity_number"),
        ("about_you", "phone"),
        ("about_you", "email"),
        ("about_you", "interpreter_language"),
        ("household", "adults_birth_years"),
        ("needs", "areas"),
        ("needs", "area_reason"),
    ],
)
def test_every_text_field_has_a_maximum_checked_on_the_server(client, data, step, field):
    token = journey.fill_in_everything(client)

    response = journey.answer(client, step, {**ANSWERS.get(step, {}), field: "7" * 5000}, token)

    assert response.status_code == 200
    assert "Skriv høyst" in error_summary_links(parse(response))[field]
    assert draft_answers(data)["typed"][step][field] == []


def test_a_draft_over_its_total_cap_is_refused_and_nothing_is_stored(session):
    from datetime import UTC, datetime

    now = datetime(2026, 11, 25, 9, tzinfo=UTC)
    draft = applications.new_draft(session, language="nb", now=now)
    applications.save_step(
        session, draft, "about_you", typed={"name": ["Kari"]}, answers=None, now=now
    )
    big = {f"field{i}": ["x" * 2000] for i in range(40)}

    with pytest.raises(applications.DraftTooLarge):
        applications.save_step(session, draft, "needs", typed=big, answers=None, now=now)

    session.expire_all()
    assert session.get(ApplicationDraft, draft.id).answers["typed"] == {
        "about_you": {"name": ["Kari"]}
    }


def test_an_unknown_page_name_is_never_stored(session):
    from datetime import UTC, datetime

    now = datetime(2026, 11, 25, 9, tzinfo=UTC)
    draft = applications.new_draft(session, language="nb", now=now)

    with pytest.raises(ValueError):
        applications.save_step(session, draft, "invented", typed={}, answers=None, now=now)


def test_starting_drafts_is_limited_per_address(client, data):
    token = csrf_token(parse(client.get("/nb/apply")))

    statuses = [
        client.post("/nb/apply/start", data={"csrf_token": token}).status_code for _ in range(12)
    ]

    assert statuses[:10] == [302] * 10
    assert statuses[10:] == [429, 429]
    data.expire_all()
    assert data.scalar(select(func.count()).select_from(ApplicationDraft)) == 10


def test_a_shared_town_hall_address_gets_room_for_a_busy_day(app, client, data):
    import ipaddress

    app.config["SHARED_ADDRESSES"] = [ipaddress.ip_network("127.0.0.0/8")]
    token = csrf_token(parse(client.get("/nb/apply")))

    statuses = {
        client.post("/nb/apply/start", data={"csrf_token": token}).status_code for _ in range(30)
    }

    assert statuses == {302}


def test_feedback_floods_from_one_address_stop_at_the_limit(client, data):
    token = csrf_token(parse(client.get("/nb/feedback")))
    form = {"csrf_token": token, "page": "/nb/", "found_what_they_needed": "no"}

    statuses = [client.post("/nb/feedback", data=form).status_code for _ in range(12)]

    assert statuses.count(429) == 2
    data.expire_all()
    assert data.scalar(select(func.count()).select_from(Feedback)) == 10


class TestHealthWithoutConsent:
    """Nothing from the health page is written anywhere without consent."""

    SECRET = "Jeg har en alvorlig diagnose som ingen skal vite om"

    def post_health(self, client, token, **extra):
        return journey.answer(
            client,
            "health",
            {"needs": ["rop"], "details": self.SECRET, **extra},
            token,
        )

    def test_the_page_is_refused_and_nothing_is_stored(self, client, data, caplog):
        token = journey.fill_in_everything(client)
        caplog.set_level(logging.DEBUG)

        response = self.post_health(client, token)

        assert response.status_code == 200
        assert "samtykke" in text_of(parse(response).select_one(".error-summary"))
        assert self.SECRET in text_of(parse(response))  # shown back once, in the response only
        stored = json.dumps(draft_answers(data), ensure_ascii=False)
        assert self.SECRET not in stored and "rop" not in stored
        data.expire_all()
        assert all(self.SECRET not in row.data for row in data.scalars(select(BrowserSession)))
        assert self.SECRET not in caplog.text

    def test_saving_for_later_without_consent_stores_nothing_and_says_so(self, client, data):
        token = journey.fill_in_everything(client)

        response = self.post_health(client, token, later="1")

        assert response.headers["Location"] == "/nb/apply/saved"
        saved = parse(client.get("/nb/apply/saved"))
        assert "ble ikke lagret" in text_of(saved.select_one(".notice"))
        assert self.SECRET not in json.dumps(draft_answers(data), ensure_ascii=False)

    def test_withdrawing_consent_drops_what_was_stored_before(self, client, data):
        token = journey.fill_in_everything(client)
        self.post_health(client, token, consent="y")
        assert self.SECRET in json.dumps(draft_answers(data), ensure_ascii=False)

        self.post_health(client, token)

        assert self.SECRET not in json.dumps(draft_answers(data), ensure_ascii=False)

    def test_with_consent_it_is_kept(self, client, data):
        token = journey.fill_in_everything(client)

        response = self.post_health(client, token, consent="y")

        assert response.status_code == 302
        assert draft_answers(data)["answers"]["health"]["details"] == self.SECRET


class TestFilesWhenTheDiskFails:
    """A full disk or an unusable folder: a friendly message, no file and no row left behind."""

    PDF = b"%PDF-1.4 " + b"x" * (3 * 1024 * 1024)

    def upload(self, client, token):
        return client.post(
            "/nb/apply/attachments",
            data={
                "csrf_token": token,
                "kind": "income",
                "upload": "1",
                "file": (io.BytesIO(self.PDF), "lønn.pdf"),
            },
            content_type="multipart/form-data",
        )

    def test_a_disk_that_fills_up_mid_file_leaves_nothing(
        self, app, client, data, tmp_path, monkeypatch
    ):
        import errno
        import os

        from portal.models import Attachment
        from portal.services.casework import attachments

        folder = tmp_path / "files"
        app.config["ATTACHMENT_DIRECTORY"] = str(folder)
        token = journey.fill_in_everything(client)
        written = []

        def write_until_full(descriptor, chunk):
            if written:
                raise OSError(errno.ENOSPC, "No space left on device")
            written.append(len(chunk))
            return os.write(descriptor, chunk)

        monkeypatch.setattr(attachments.os, "write", write_until_full)

        response = self.upload(client, token)

        assert response.status_code == 503
        assert "klarte ikke å lagre filen" in text_of(parse(response).select_one(".error-summary"))
        assert written and list(folder.iterdir()) == []
        data.expire_all()
        assert data.scalar(select(func.count()).select_from(Attachment)) == 0

    def test_a_folder_that_cannot_be_made_gives_the_same_message(self, app, client, data, tmp_path):
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("x")
        app.config["ATTACHMENT_DIRECTORY"] = str(blocker / "files")
        token = journey.fill_in_everything(client)

        response = self.upload(client, token)

        assert response.status_code == 503
        assert "klarte ikke å lagre filen" in text_of(parse(response).select_one(".error-summary"))

    def test_stored_files_are_readable_by_the_portals_user_only(self, app, client, tmp_path):
        folder = tmp_path / "files"
        app.config["ATTACHMENT_DIRECTORY"] = str(folder)
        token = journey.fill_in_everything(client)

        assert self.upload(client, token).status_code == 302

        (stored,) = folder.iterdir()
        assert stored.stat().st_mode & 0o077 == 0
        assert folder.stat().st_mode & 0o077 == 0

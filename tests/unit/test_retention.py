"""Retention: an archive copy first, then deletion of everything a case had, keeping only
anonymous counts (services/casework/retention.py and `flask purge-expired`)."""

import json
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.models import (
    Application,
    Attachment,
    Case,
    CaseEvent,
    CaseSummary,
    Decision,
    OutboxMessage,
)
from portal.services.casework import decisions, replies, retention, workflow
from portal.services.casework.decisions import DecisionInput
from tests.casework import actor_for, make_case
from tests.staff import NOW, make_staff


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def ended_case(app, data, tmp_path):
    """A decided application with a letter and a file, closed 25 months before NOW."""
    with app.app_context():
        actor = actor_for(make_staff(data, "caseworker"))
        closed_at = NOW - timedelta(days=25 * 31)
        case = make_case(data, status="in_review", flags=("children",), created=closed_at)
        data.add(Application(case_id=case.id, answers={"x": 1}, submitted_at=closed_at))
        data.commit()
        replies.add_requested_document(
            data, case, b"%PDF-1.4 x", original_name="a.pdf", directory=tmp_path, now=closed_at
        )
        workflow.message_resident(data, case, "Hei.", actor=actor, now=closed_at)
        decisions.decide(
            data,
            case,
            DecisionInput("rejected", "municipal_dwelling", "Grunner.", "Regler."),
            seen_version=case.version,
            directory=tmp_path,
            actor=actor,
            now=closed_at,
        )
        workflow.set_status(
            data, case, "closed", seen_version=case.version, actor=actor, now=closed_at
        )
        yield case, tmp_path


def test_the_archive_copy_holds_the_letters_and_the_cases_record(data, ended_case, tmp_path):
    case, files = ended_case
    into = tmp_path / "archive"

    exported = retention.export_for_archive(data, into=into, letters=files, actor=None, now=NOW)

    assert exported == [case.reference]
    with zipfile.ZipFile(into / f"{case.reference}.zip") as archive:
        record = json.loads(archive.read("case.json"))
        letters = [name for name in archive.namelist() if name.endswith(".pdf")]
        assert archive.read(letters[0]).startswith(b"%PDF")
    assert record["reference"] == case.reference
    assert record["decisions"][0]["grounds"] == "Grunner."
    assert [e["kind"] for e in record["events"]][-1] == "status_changed"
    assert case.archived_at == NOW
    assert retention.export_for_archive(data, into=into, letters=files, actor=None, now=NOW) == []


def test_an_ended_case_is_deleted_only_once_exported_and_past_its_months(data, ended_case):
    _case, files = ended_case

    assert retention.purge_ended(data, months=24, files=files, now=NOW) == 0  # not exported
    retention.export_for_archive(data, into=files / "archive", letters=files, actor=None, now=NOW)
    assert retention.purge_ended(data, months=36, files=files, now=NOW) == 0  # not old enough
    assert retention.purge_ended(data, months=24, files=files, now=NOW) == 1

    for model in (Case, CaseEvent, Decision, Attachment, OutboxMessage, Application):
        assert count(data, model) == 0, model
    assert sorted(p.name for p in files.iterdir()) == ["archive"]
    summary = data.scalars(select(CaseSummary)).one()
    assert (summary.kind, summary.outcome, summary.final_status) == (
        "application",
        "rejected",
        "closed",
    )
    assert summary.flag_bits == 1
    assert summary.received_on == (NOW - timedelta(days=25 * 31)).date()


def test_open_and_recent_cases_are_never_deleted(data, tmp_path):
    make_case(data, status="in_review", created=NOW - timedelta(days=1000))
    recent = make_case(data, status="closed", created=NOW - timedelta(days=30))
    recent.ended_at, recent.archived_at = NOW - timedelta(days=20), NOW
    data.commit()

    assert retention.purge_ended(data, months=1, files=tmp_path, now=NOW) == 0
    assert count(data, Case) == 2


def test_purge_expired_deletes_exported_cases_past_the_setting(app, runner, data, ended_case):
    _case, files = ended_case
    app.config.update(ATTACHMENT_DIRECTORY=str(files), ARCHIVE_DIRECTORY=str(files / "archive"))

    exported = runner.invoke(args=["export-archive"])
    purged = runner.invoke(args=["purge-expired"])

    assert "1 cases exported" in exported.output
    assert "1 cases deleted 24 months after they ended" in purged.output
    assert count(data, Case) == 0


def test_a_purged_case_takes_its_housing_rows_but_a_tenant_keeps_theirs(data, tmp_path):
    from portal.models import HousingNeed, Offer, Tenancy
    from tests.housing import make_dwelling, make_household, make_tenancy

    long_ago = NOW - timedelta(days=30 * 31)
    moved_out = make_household(data, waiting_since=long_ago)
    living = make_household(data, waiting_since=long_ago)
    old = make_tenancy(data, make_dwelling(data), moved_out, starts_on=long_ago.date())
    old.ended_on = old.starts_on + timedelta(days=30)
    make_tenancy(data, make_dwelling(data), living, starts_on=long_ago.date())
    for need in (moved_out, living):
        need.case.status, need.case.ended_at = "closed", long_ago
        need.case.archived_at = long_ago
    data.commit()

    gone = retention.purge_ended(data, months=24, files=tmp_path, now=NOW)

    assert gone == 1
    assert count(data, Tenancy) == 1 and count(data, HousingNeed) == 1
    assert count(data, Offer) == 0
    assert data.scalar(select(Case.id)) == living.case_id

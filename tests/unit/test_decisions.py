"""Decisions: grounds and rules required, the letter in the resident's language with the
right appeal body, everything or nothing stored (services/casework/decisions.py)."""

import re
import zlib
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.models import Decision, OutboxMessage
from portal.services.casework import decisions
from portal.services.casework.decisions import DecisionInput
from portal.services.casework.workflow import NotAllowed
from tests.casework import actor_for, make_case
from tests.staff import NOW, make_staff

LATER = NOW + timedelta(days=2)
GRANTED = DecisionInput(
    outcome="granted",
    decision_type="municipal_dwelling",
    grounds="Husstanden har ikke bolig.",
    rules_applied="Kommunens retningslinjer for tildeling.",
    tenancy_years=1,
    next_steps="Vi tar kontakt når vi har en bolig.",
)


@pytest.fixture
def setting(app, data, tmp_path):
    """An app context, a caseworker and a folder for letters."""
    with app.app_context():
        yield actor_for(make_staff(data, "caseworker")), tmp_path


def decide(data, case, choice, setting):
    actor, folder = setting
    return decisions.decide(
        data, case, choice, seen_version=case.version, directory=folder, actor=actor, now=LATER
    )


def test_a_decision_stores_its_letter_moves_the_case_on_and_tells_the_resident(data, setting):
    case = make_case(data, status="in_review", language="nn")

    decision = decide(data, case, GRANTED, setting)

    assert case.status == "decided" and case.decided_at == LATER
    letter = setting[1] / decision.letter_stored_name
    assert letter.read_bytes().startswith(b"%PDF")
    assert letter.stat().st_mode & 0o077 == 0
    assert decision.language == "nn" and decision.tenancy_years == 1
    assert data.scalars(select(OutboxMessage.template)).all() == ["case_news", "case_news"]
    assert case.events[-1].kind == "decision"


@pytest.mark.parametrize(
    ("decision_type", "appeal_body", "other"),
    [
        ("municipal_dwelling", "klagenemnd", "Statsforvalteren"),
        ("social_housing_help", "Statsforvalteren", "klagenemnd"),
    ],
)
def test_the_letter_names_the_appeal_body_that_fits_what_was_decided(
    data, setting, decision_type, appeal_body, other
):
    case = make_case(data)
    choice = DecisionInput("rejected", decision_type, "Grunner.", "Regler.")
    decision = decide(data, case, choice, setting)

    html = decisions.letter_html(data, case, decision)

    assert appeal_body in html and other not in html
    assert "tre uker" in html and "se dokumentene" in html


def test_the_letter_speaks_the_residents_language(data, setting):
    case = make_case(data, language="en")
    decision = decide(data, case, GRANTED, setting)

    html = decisions.letter_html(data, case, decision)

    assert "appeal" in html.lower() and "three weeks" in html


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("ti", "ltr"), ("uk", "ltr")])
def test_a_letter_in_any_shipped_language_has_its_direction_and_a_font_for_its_script(
    data, setting, language, direction
):
    case = make_case(data, language=language)
    decision = decide(data, case, GRANTED, setting)

    html = decisions.letter_html(data, case, decision)
    pdf = (setting[1] / decision.letter_stored_name).read_bytes()

    assert f'lang="{language}" dir="{direction}"' in html
    if language == "ti":  # the Ge'ez script is drawn with Abyssinica SIL, not as empty boxes
        assert b"Abyssinica-SIL" in pdf_objects(pdf)


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's compressed streams, inflated (its font names live there)."""
    inflated = []
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            inflated.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    return b"".join(inflated)


def test_what_a_resident_or_caseworker_typed_is_escaped_in_the_letter(data, setting):
    case = make_case(data, name="<script>alert(1)</script>")
    choice = DecisionInput("rejected", "municipal_dwelling", "<b>grunn</b>", "<i>regel</i>")
    decision = decide(data, case, choice, setting)

    html = decisions.letter_html(data, case, decision)

    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;grunn&lt;/b&gt;" in html


@pytest.mark.parametrize(
    "choice",
    [
        DecisionInput("granted", "municipal_dwelling", "", "Regler.", 3),
        DecisionInput("granted", "municipal_dwelling", "Grunner.", "  ", 3),
        DecisionInput("granted", "municipal_dwelling", "Grunner.", "Regler.", 7),
        DecisionInput("approved", "municipal_dwelling", "Grunner.", "Regler."),
        DecisionInput("rejected", "parking", "Grunner.", "Regler."),
    ],
)
def test_a_decision_without_grounds_rules_or_a_real_outcome_stores_nothing(data, setting, choice):
    case = make_case(data, status="in_review")

    with pytest.raises(NotAllowed):
        decide(data, case, choice, setting)

    assert data.scalar(select(func.count()).select_from(Decision)) == 0
    assert list(setting[1].iterdir()) == []
    assert case.status == "in_review"


def test_a_closed_case_or_a_booking_gets_no_decision(data, setting):
    for case in (make_case(data, status="closed"), make_case(data, kind="booking")):
        with pytest.raises(NotAllowed):
            decide(data, case, GRANTED, setting)


def test_a_failed_commit_leaves_no_letter_behind(data, setting, monkeypatch):
    case = make_case(data)

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(decisions, "tell_resident", broken)
    with pytest.raises(RuntimeError):
        decide(data, case, GRANTED, setting)

    assert list(setting[1].iterdir()) == []


def test_the_closing_text_admins_keep_goes_into_new_letters(data, setting):
    actor, _ = setting
    decisions.save_closing_text(
        data, "waitlisted", "nb", "Ring oss om noe endrer seg.", actor=actor, now=NOW
    )
    case = make_case(data)
    decision = decide(
        data, case, DecisionInput("waitlisted", "municipal_dwelling", "G.", "R."), setting
    )

    assert "Ring oss om noe endrer seg." in decisions.letter_html(data, case, decision)

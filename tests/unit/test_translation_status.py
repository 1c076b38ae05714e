"""Honest translation status: a translation is reviewed only when a person says so, and
it falls behind when the bokmål text changes after that."""

from datetime import timedelta

from portal.models import Page
from portal.services.information.content_import import import_pages
from portal.services.information.page_editing import (
    Text,
    latest_revision,
    save_draft,
    set_review_status,
)
from portal.services.information.pages import pages_for_editors, published_page
from portal.services.staff.audit import Actor
from tests.factories import NOW, make_page
from tests.staff import make_staff

LATER = NOW + timedelta(days=1)


def editor(session) -> Actor:
    return Actor(make_staff(session, "editor"), "10.0.0.1")


def change_bokmal(session, page: Page, body: str, *, now) -> None:
    save_draft(
        session,
        page.id,
        Text(page.title, page.summary, body),
        based_on=latest_revision(session, page.id).id,
        actor=editor(session),
        now=now,
        publish_now=True,
    )


def state(session, slug: str, language: str):
    return next(v for v in pages_for_editors(session)[slug] if v.language == language)


def test_shipped_translations_start_unreviewed_and_the_bokmal_source_reviewed(session, tmp_path):
    for language in ("nb", "en"):
        (tmp_path / f"husleie.{language}.md").write_text(
            f"---\ntitle: T {language}\nsummary: S\n---\nTekst.\n", encoding="utf-8"
        )

    import_pages(session, now=NOW, directory=tmp_path)

    assert state(session, "husleie", "nb").review_status == "reviewed"
    assert state(session, "husleie", "en").review_status == "needs_review"
    assert published_page(session, "husleie", "en").is_unreviewed
    assert not published_page(session, "husleie", "nb").is_unreviewed


def test_a_translation_reviewed_before_the_bokmal_text_changed_is_behind(session):
    source = make_page(session, slug="startlan", language="nb")
    translation = make_page(session, slug="startlan", language="en", title="Start-up loan")
    set_review_status(session, translation.id, "reviewed", actor=editor(session), now=NOW)
    assert not state(session, "startlan", "en").is_behind

    change_bokmal(session, source, "Ny tekst om startlån.", now=LATER)

    assert state(session, "startlan", "en").is_behind
    shown = published_page(session, "startlan", "en")
    assert shown.is_behind and not shown.is_unreviewed
    assert not state(session, "startlan", "nb").is_behind


def test_publishing_the_same_bokmal_text_again_leaves_translations_current(session):
    source = make_page(session, slug="startlan", language="nb")
    make_page(session, slug="startlan", language="en", reviewed=True)

    change_bokmal(session, source, source.body, now=LATER)

    assert not state(session, "startlan", "en").is_behind


def test_reviewing_the_translation_again_brings_it_up_to_date(session):
    source = make_page(session, slug="startlan", language="nb")
    translation = make_page(session, slug="startlan", language="en", reviewed=True)
    change_bokmal(session, source, "Endret.", now=LATER)

    set_review_status(
        session, translation.id, "reviewed", actor=editor(session), now=LATER + timedelta(hours=1)
    )

    assert not state(session, "startlan", "en").is_behind
    assert translation.reviewed_at == LATER + timedelta(hours=1)

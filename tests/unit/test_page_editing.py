from datetime import timedelta

import pytest

from portal.services.information.page_editing import (
    PageChanged,
    PageNotFound,
    Text,
    latest_revision,
    publish,
    restore,
    revision_count,
    save_draft,
    set_review_status,
    unpublish,
)
from portal.services.information.pages import has_unpublished_changes, published_page
from portal.services.information.search import search_pages
from portal.services.staff.audit import Actor
from tests.factories import NOW, make_page
from tests.staff import make_staff

LATER = NOW + timedelta(hours=1)


def editor(session, name: str = "Ola") -> Actor:
    return Actor(make_staff(session, "editor", name=name), "10.0.0.1")


def test_a_saved_draft_is_not_shown_until_it_is_published(session):
    page = make_page(session, title="Bostøtte")
    base = latest_revision(session, page.id).id

    draft = save_draft(
        session,
        page.id,
        Text("Bostøtte 2027", "Ny.", "Ny tekst."),
        based_on=base,
        actor=editor(session, "Kari"),
        now=LATER,
    )

    assert published_page(session, "bostotte", "nb").title == "Bostøtte"
    assert has_unpublished_changes(page, draft)
    publish(session, page.id, revision_id=draft.id, actor=editor(session), now=LATER)
    shown = published_page(session, "bostotte", "nb")
    assert (shown.title, shown.updated_at) == ("Bostøtte 2027", LATER)
    assert not has_unpublished_changes(page, latest_revision(session, page.id))


def test_the_second_of_two_editors_is_told_the_page_changed_and_nothing_is_lost(session):
    page = make_page(session)
    opened = latest_revision(session, page.id).id
    save_draft(
        session,
        page.id,
        Text("Kari", "s", "b"),
        based_on=opened,
        actor=editor(session, "Kari"),
        now=LATER,
    )

    with pytest.raises(PageChanged) as refused:
        save_draft(
            session,
            page.id,
            Text("Ola", "s", "b"),
            based_on=opened,
            actor=editor(session, "Ola"),
            now=LATER,
        )

    assert refused.value.latest.title == "Kari"
    assert refused.value.latest.author_name == "Kari"
    assert revision_count(session, page.id) == 2


def test_publishing_updates_search_and_unpublishing_removes_it(session):
    page = make_page(session, title="Gammel")
    draft = save_draft(
        session,
        page.id,
        Text("Husleie", "s", "Om husleie."),
        based_on=latest_revision(session, page.id).id,
        actor=editor(session, "Kari"),
        now=LATER,
    )
    publish(session, page.id, revision_id=draft.id, actor=editor(session), now=LATER)
    assert [hit.title for hit in search_pages(session, "nb", "husleie")] == ["Husleie"]

    unpublish(session, page.id, actor=editor(session), now=LATER)

    assert search_pages(session, "nb", "husleie") == []
    assert published_page(session, "bostotte", "nb") is None


def test_restoring_an_old_revision_makes_it_the_newest_draft(session):
    page = make_page(session, title="Første")
    first = latest_revision(session, page.id)
    save_draft(
        session,
        page.id,
        Text("Andre", "s", "b"),
        based_on=first.id,
        actor=editor(session, "Kari"),
        now=LATER,
    )

    restored = restore(session, page.id, first.id, actor=editor(session, "Ola"), now=LATER)

    assert restored.title == "Første"
    assert restored.id > first.id
    assert revision_count(session, page.id) == 3


def test_a_revision_of_another_page_cannot_be_published_or_restored(session):
    page = make_page(session)
    other = make_page(session, slug="startlan")
    foreign = latest_revision(session, other.id).id

    with pytest.raises(PageNotFound):
        publish(session, page.id, revision_id=foreign, actor=editor(session), now=LATER)
    with pytest.raises(PageNotFound):
        restore(session, page.id, foreign, actor=editor(session, "x"), now=LATER)


def test_a_reviewed_translation_needs_review_again_after_a_change(session):
    page = make_page(session)
    set_review_status(session, page.id, "reviewed", actor=editor(session), now=LATER)

    save_draft(
        session,
        page.id,
        Text("t", "s", "b"),
        based_on=latest_revision(session, page.id).id,
        actor=editor(session, "Kari"),
        now=LATER,
    )

    assert page.review_status == "needs_review"
    with pytest.raises(ValueError):
        set_review_status(session, page.id, "approved", actor=editor(session), now=LATER)

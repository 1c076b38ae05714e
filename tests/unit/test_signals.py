"""Publishing tells whoever keeps copies of pages that public content changed."""

from datetime import timedelta

from portal.services.information import page_editing
from portal.services.staff.audit import Actor
from portal.signals import content_changed
from tests.factories import NOW, make_page
from tests.staff import make_staff


def test_publishing_and_unpublishing_send_content_changed(session):
    page = make_page(session, publish=False)
    actor = Actor(make_staff(session, "editor"), "10.0.0.1")
    latest = page_editing.latest_revision(session, page.id)
    heard = []

    def listen(sender):
        heard.append(sender)

    with content_changed.connected_to(listen):
        page_editing.publish(
            session, page.id, revision_id=latest.id, actor=actor, now=NOW + timedelta(hours=1)
        )
        page_editing.unpublish(session, page.id, actor=actor, now=NOW + timedelta(hours=2))

    assert [sender.id for sender in heard] == [page.id, page.id]


def test_the_menu_an_archived_page_and_a_scheduled_change_tell_the_cache(session):
    from portal.services.information import archive, navigation, scheduling

    actor = Actor(make_staff(session, "editor"), "10.0.0.1")
    make_page(session, slug="gammel")
    page = make_page(session, slug="ny")
    heard = []

    with content_changed.connected_to(lambda sender: heard.append(sender)):
        navigation.save_group(
            session, None, title="G", slugs=["ny"], language="nb", actor=actor, now=NOW
        )
        archive.archive_page(session, "gammel", to_slug="ny", actor=actor, now=NOW)
        scheduling.schedule(
            session, page.id, "unpublish", NOW + timedelta(hours=1), actor=actor, now=NOW
        )
        assert len(heard) == 2  # planning a change shows residents nothing yet
        scheduling.apply_due(session, now=NOW + timedelta(hours=1))

    assert heard[:2] == ["navigation", "archive"]
    assert heard[2].id == page.id

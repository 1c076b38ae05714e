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

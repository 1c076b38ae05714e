"""Publishing tells whoever keeps copies of pages that public content changed, and every
commit that wrote says which tables it wrote."""

from datetime import timedelta

from sqlalchemy import select, update

from portal.models import Case
from portal.services.casework import cases
from portal.services.information import page_editing
from portal.services.staff.audit import Actor
from portal.signals import content_changed, records_changed
from tests.casework import make_case
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


def heard_tables(session, change) -> list[frozenset[str]]:
    """The `records_changed` the session sent while `change(session)` ran."""
    heard = []
    with records_changed.connected_to(lambda _sender, tables: heard.append(tables)):
        change(session)
    return heard


def test_a_commit_that_wrote_says_which_tables_it_wrote(session):
    actor = Actor(make_staff(session, "caseworker"), "10.0.0.1")

    def change(session):
        case = make_case(session, commit=False)
        session.flush()
        cases.record_view(session, case, actor=actor, now=NOW)

    [tables] = heard_tables(session, change)

    assert {"cases", "case_events", "audit_events"} <= tables and "staff_users" not in tables


def test_a_bulk_statement_counts_as_a_write_of_its_table(session):
    make_case(session)

    heard = heard_tables(
        session, lambda s: (s.execute(update(Case).values(has_new_reply=True)), s.commit())
    )

    assert heard == [frozenset({"cases"})]


def test_nothing_is_said_for_a_rollback_a_read_or_a_value_set_to_itself(session):
    case = make_case(session)

    def change(session):
        session.get(Case, case.id).name = "Ny Navn"
        session.flush()
        session.rollback()
        session.scalars(select(Case)).all()
        session.commit()
        session.get(Case, case.id).has_new_reply = case.has_new_reply
        session.commit()

    assert heard_tables(session, change) == []

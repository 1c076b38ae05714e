from datetime import UTC, datetime

from portal.services.information.contacts import (
    UrgentContacts,
    save_urgent_contacts,
    urgent_contacts,
)

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


def test_without_settings_only_navs_number_is_known_and_no_hours_are_promised(session):
    contacts = urgent_contacts(session)

    assert contacts.nav_phone == "55 55 33 33"
    assert (contacts.nav_opens, contacts.nav_closes) == ("", "")
    assert contacts.out_of_hours_phone == ""
    assert contacts.office_phone == ""


def test_saved_contacts_replace_the_defaults_and_saving_again_updates_them(session):
    save_urgent_contacts(session, UrgentContacts(office_phone="51 46 80 00"), now=NOW)
    save_urgent_contacts(
        session, UrgentContacts(office_phone="51 00 00 00", nav_closes="14:30"), now=NOW
    )

    contacts = urgent_contacts(session)
    assert contacts.office_phone == "51 00 00 00"
    assert contacts.nav_closes == "14:30"

from datetime import UTC, datetime

from portal.services.information.contacts import (
    UrgentContacts,
    save_urgent_contacts,
    urgent_contacts,
)

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


def test_without_settings_the_national_numbers_are_shown_and_no_office(session):
    contacts = urgent_contacts(session)

    assert contacts.nav_phone == "55 55 33 33"
    assert contacts.after_hours_phone == "116 117"
    assert contacts.office_phone == ""


def test_saved_contacts_replace_the_defaults_and_saving_again_updates_them(session):
    save_urgent_contacts(session, UrgentContacts(office_phone="51 46 80 00"), now=NOW)
    save_urgent_contacts(
        session, UrgentContacts(office_phone="51 00 00 00", nav_closes="14:30"), now=NOW
    )

    contacts = urgent_contacts(session)
    assert contacts.office_phone == "51 00 00 00"
    assert contacts.nav_closes == "14:30"

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.models import AuditEvent, PasswordLink
from portal.services.staff import staff_accounts
from portal.services.staff.passwords import PasswordRefused
from portal.services.staff.staff_accounts import (
    EmailTaken,
    LinkInvalid,
    NotAllowedOnYourself,
    WrongCurrentPassword,
)
from tests.staff import NOW, PASSWORD, make_staff


def logged(session) -> list[tuple[str, str]]:
    return [
        (event.action, event.details)
        for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id))
    ]


def test_one_person_can_hold_several_roles_and_the_creation_is_logged(session):
    admin = make_staff(session, "admin")

    person, _token = staff_accounts.invite_staff(
        session,
        email="Ola@Eigersund.no",
        name="Ola",
        roles=["editor", "caseworker", "editor"],
        actor=admin,
        address="10.0.0.1",
        now=NOW,
    )

    assert person.email == "ola@eigersund.no"
    assert person.role_names == {"editor", "caseworker"}
    assert person.password_hash is None
    assert ("account_created", "caseworker,editor") in logged(session)


def test_an_email_can_only_have_one_account_whatever_its_case(session):
    make_staff(session, "editor", email="kari@eigersund.no")

    with pytest.raises(EmailTaken):
        make_staff(session, "editor", email="KARI@eigersund.no")


def test_an_admin_cannot_deactivate_themself_or_drop_their_own_admin_role(session):
    admin = make_staff(session, "admin", "editor")

    with pytest.raises(NotAllowedOnYourself):
        staff_accounts.deactivate(session, admin, actor=admin, address="x", now=NOW)
    with pytest.raises(NotAllowedOnYourself):
        staff_accounts.set_roles(session, admin, ["editor"], actor=admin, address="x", now=NOW)

    assert admin.active and admin.role_names == {"admin", "editor"}


def test_roles_change_is_logged_with_before_and_after(session):
    admin = make_staff(session, "admin")
    person = make_staff(session, "editor")

    staff_accounts.set_roles(
        session, person, ["caseworker", "editor"], actor=admin, address="x", now=NOW
    )

    assert person.role_names == {"caseworker", "editor"}
    assert logged(session)[-1] == ("roles_changed", "editor -> caseworker,editor")


def test_deactivation_ends_sessions_and_reactivation_lets_the_person_back(session):
    admin = make_staff(session, "admin")
    person = make_staff(session, "caseworker")
    version = person.session_version

    staff_accounts.deactivate(session, person, actor=admin, address="x", now=NOW)
    assert not person.active and person.session_version == version + 1
    staff_accounts.reactivate(session, person, actor=admin, address="x", now=NOW)

    assert person.active
    assert [action for action, _ in logged(session)][-2:] == [
        "account_deactivated",
        "account_reactivated",
    ]


def test_a_password_link_works_once_stores_only_a_hash_and_ends_other_sessions(session):
    admin = make_staff(session, "admin")
    person = make_staff(session, "caseworker")
    version = person.session_version
    token = staff_accounts.issue_password_link(session, person, actor=admin, address="x", now=NOW)

    staff_accounts.set_password_with_link(
        session, token, "et nytt og bedre passord", address="x", now=NOW + timedelta(hours=1)
    )

    stored = session.scalars(select(PasswordLink.token_hash)).one()
    assert token not in stored and len(stored) == 64
    assert person.session_version == version + 1
    with pytest.raises(LinkInvalid):
        staff_accounts.set_password_with_link(
            session, token, "enda et nytt passord", address="x", now=NOW + timedelta(hours=2)
        )


def test_a_password_link_expires_after_24_hours(session):
    admin = make_staff(session, "admin")
    person = make_staff(session, "caseworker")
    token = staff_accounts.issue_password_link(session, person, actor=admin, address="x", now=NOW)

    staff_accounts.find_password_link(session, token, now=NOW + timedelta(hours=23, minutes=59))
    with pytest.raises(LinkInvalid):
        staff_accounts.find_password_link(session, token, now=NOW + timedelta(hours=24))


def test_a_new_link_makes_the_older_one_stop_working(session):
    admin = make_staff(session, "admin")
    person = make_staff(session, "caseworker")
    older = staff_accounts.issue_password_link(session, person, actor=admin, address="x", now=NOW)
    staff_accounts.issue_password_link(
        session, person, actor=admin, address="x", now=NOW + timedelta(minutes=1)
    )

    with pytest.raises(LinkInvalid):
        staff_accounts.find_password_link(session, older, now=NOW + timedelta(minutes=2))


def test_changing_your_own_password_needs_the_current_one_and_meets_the_policy(session):
    person = make_staff(session, "editor")

    with pytest.raises(WrongCurrentPassword):
        staff_accounts.change_own_password(
            session,
            person,
            current_password="ikke mitt passord",
            new_password="et nytt og bedre passord",
            address="x",
            now=NOW,
        )
    with pytest.raises(PasswordRefused):
        staff_accounts.change_own_password(
            session,
            person,
            current_password=PASSWORD,
            new_password="passord12345",
            address="x",
            now=NOW,
        )
    staff_accounts.change_own_password(
        session,
        person,
        current_password=PASSWORD,
        new_password="et nytt og bedre passord",
        address="x",
        now=NOW,
    )

    assert logged(session)[-1][0] == "password_changed"

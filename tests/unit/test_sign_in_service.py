from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.models import AuditEvent
from portal.services.staff import passwords, sign_in
from portal.services.staff.sign_in import SignInRefused, check_password, complete_sign_in
from tests.staff import NOW, PASSWORD, make_staff


def attempt(session, email, password, now=NOW):
    return check_password(session, email=email, password=password, address="10.0.0.1", now=now)


def actions(session) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_email_is_case_insensitive_at_sign_in(session):
    person = make_staff(session, "admin", email="Kari@Eigersund.Kommune.no")

    assert attempt(session, "  KARI@eigersund.kommune.NO ", PASSWORD).id == person.id


def test_unknown_email_and_wrong_password_are_refused_alike_and_logged(session):
    make_staff(session, "editor", email="kari@eigersund.kommune.no")

    with pytest.raises(SignInRefused) as unknown:
        attempt(session, "ola@eigersund.kommune.no", PASSWORD)
    with pytest.raises(SignInRefused) as wrong:
        attempt(session, "kari@eigersund.kommune.no", "feil passord her")

    assert str(unknown.value) == str(wrong.value)
    details = list(session.scalars(select(AuditEvent.details).order_by(AuditEvent.id)))
    assert details[-2:] == ["unknown_email", "wrong_password"]


def test_eleventh_wrong_password_locks_the_account_with_the_same_message(session):
    person = make_staff(session, "caseworker")
    for _ in range(10):
        with pytest.raises(SignInRefused):
            attempt(session, person.email, "feil passord her")

    with pytest.raises(SignInRefused):
        attempt(session, person.email, PASSWORD, now=NOW + timedelta(minutes=14))

    assert person.locked_until == NOW + timedelta(minutes=15)
    assert actions(session).count("lockout") == 1
    assert actions(session)[-1] == "sign_in_failed"


def test_the_lock_lifts_after_fifteen_minutes(session):
    person = make_staff(session, "caseworker")
    for _ in range(10):
        with pytest.raises(SignInRefused):
            attempt(session, person.email, "feil passord her")

    assert attempt(session, person.email, PASSWORD, now=NOW + timedelta(minutes=15, seconds=1))
    assert person.failed_sign_ins == 0


def test_a_right_password_alone_does_not_reset_the_count_of_failures(session):
    """Otherwise someone who knows the password gets ten more guesses at the code each time."""
    person = make_staff(session, "caseworker")
    for _ in range(9):
        with pytest.raises(SignInRefused):
            attempt(session, person.email, "feil passord her")
    attempt(session, person.email, PASSWORD)

    with pytest.raises(SignInRefused):
        attempt(session, person.email, "feil passord her")

    assert person.locked_until == NOW + timedelta(minutes=15)


def test_a_finished_sign_in_resets_the_count_of_failures(session):
    person = make_staff(session, "editor")
    for _ in range(9):
        with pytest.raises(SignInRefused):
            attempt(session, person.email, "feil passord her")
    user = attempt(session, person.email, PASSWORD)
    complete_sign_in(session, user, method="password", address="x", now=NOW)

    with pytest.raises(SignInRefused):
        attempt(session, person.email, "feil passord her")

    assert (person.locked_until, person.failed_sign_ins) == (None, 1)


def test_a_deactivated_person_is_refused_with_the_right_password(session):
    admin = make_staff(session, "admin")
    person = make_staff(session, "editor")
    from portal.services.staff import staff_accounts

    staff_accounts.deactivate(session, person, actor=admin, address="x", now=NOW)

    with pytest.raises(SignInRefused):
        attempt(session, person.email, PASSWORD)


def test_an_old_hash_is_replaced_at_sign_in(session):
    person = make_staff(session, "editor")
    person.password_hash = passwords.PROFILES["standard"].hash(PASSWORD)
    session.commit()

    attempt(session, person.email, PASSWORD)

    assert person.password_hash.startswith("$argon2id$v=19$m=8,t=1,p=1")


@pytest.mark.parametrize(
    ("roles", "for_editors", "needed"),
    [
        (("caseworker",), False, True),
        (("admin",), False, True),
        (("editor",), False, False),
        (("editor",), True, True),
        (("editor", "caseworker"), False, True),
    ],
)
def test_two_factor_is_needed_for_caseworkers_and_admins_and_editors_by_setting(
    session, roles, for_editors, needed
):
    person = make_staff(session, *roles)

    assert sign_in.needs_two_factor(person, require_for_editors=for_editors) is needed


def test_thirty_wrong_passwords_at_once_from_thirty_addresses_lock_the_account(engine, session):
    """The count goes up in the database, so none of the simultaneous failures is lost."""
    import threading

    from sqlalchemy.orm import sessionmaker

    person = make_staff(session, "caseworker")
    new_session = sessionmaker(bind=engine, expire_on_commit=False)
    start = threading.Barrier(30)
    refused = []

    def guess(number: int) -> None:
        own = new_session()
        start.wait()
        try:
            check_password(
                own,
                email=person.email,
                password=f"feil passord {number}",
                address=f"10.0.0.{number}",
                now=NOW,
            )
        except SignInRefused:
            refused.append(number)
        finally:
            own.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    session.expire_all()
    assert len(refused) == 30
    assert person.locked_until is not None and person.locked_until > NOW
    assert actions(session).count("lockout") >= 1
    with pytest.raises(SignInRefused):
        attempt(session, person.email, PASSWORD)

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from portal.models import RecoveryCode
from portal.services.staff import two_factor
from portal.services.staff.two_factor import CodeRefused
from tests.staff import NOW, PASSWORD, code_for, make_staff


def verify(session, person, code, now=NOW):
    return two_factor.verify(session, person, code=code, address="10.0.0.1", now=now)


def enrolled(session, *roles):
    person = make_staff(session, *roles, enrolled=False)
    secret = two_factor.new_secret()
    codes = two_factor.enrol(
        session, person, secret=secret, code=pyotp.TOTP(secret).at(NOW), address="x", now=NOW
    )
    return person, codes


def test_enrolment_needs_a_right_code_and_gives_ten_recovery_codes_stored_hashed(session):
    person, codes = enrolled(session, "caseworker")

    stored = session.scalars(select(RecoveryCode.code_hash)).all()
    assert person.has_two_factor
    assert len(codes) == 10 and len(set(codes)) == 10
    assert len(stored) == 10 and not set(codes) & set(stored)


def test_enrolment_with_a_wrong_code_turns_nothing_on(session):
    person = make_staff(session, "caseworker", enrolled=False)

    with pytest.raises(CodeRefused):
        two_factor.enrol(
            session, person, secret=two_factor.new_secret(), code="000000", address="x", now=NOW
        )

    assert not person.has_two_factor


def test_a_code_is_accepted_once_and_not_again_within_its_window(session):
    person = make_staff(session, "caseworker")
    later = NOW + timedelta(minutes=1)
    code = code_for(person, later)

    assert verify(session, person, code, now=later) == "totp"
    with pytest.raises(CodeRefused):
        verify(session, person, code, now=later + timedelta(seconds=5))


def test_a_code_from_the_step_before_is_accepted_for_a_drifting_phone(session):
    person = make_staff(session, "caseworker")

    assert verify(session, person, code_for(person, NOW - timedelta(seconds=30))) == "totp"


def test_a_code_two_steps_old_is_refused(session):
    person = make_staff(session, "caseworker")

    with pytest.raises(CodeRefused):
        verify(session, person, code_for(person, NOW - timedelta(seconds=61)))


def test_a_recovery_code_works_once_written_any_way(session):
    person, codes = enrolled(session, "admin")
    messy = codes[3].lower().replace("-", " ")

    assert verify(session, person, messy, now=NOW + timedelta(minutes=5)) == "recovery_code"
    with pytest.raises(CodeRefused):
        verify(session, person, codes[3], now=NOW + timedelta(minutes=6))


def test_ten_wrong_codes_lock_the_account(session):
    person = make_staff(session, "caseworker")
    for _ in range(10):
        with pytest.raises(CodeRefused):
            verify(session, person, "123456x")

    with pytest.raises(CodeRefused):
        verify(
            session,
            person,
            code_for(person, NOW + timedelta(minutes=2)),
            NOW + timedelta(minutes=2),
        )
    assert person.locked_until == NOW + timedelta(minutes=15)


def test_a_reset_turns_two_factor_off_and_ends_the_persons_sessions(session):
    admin = make_staff(session, "admin")
    person, _codes = enrolled(session, "caseworker")
    version = person.session_version

    two_factor.reset(session, person, actor=admin, address="x", now=NOW)

    assert not person.has_two_factor and person.recovery_codes == []
    assert person.session_version == version + 1


def test_the_secret_is_grouped_in_fours_for_reading_aloud():
    assert two_factor.grouped("JBSWY3DPEHPK3PXP") == "JBSW Y3DP EHPK 3PXP"


def test_a_right_password_between_wrong_codes_does_not_buy_more_guesses(session):
    from portal.services.staff.sign_in import check_password

    person = make_staff(session, "caseworker")
    for _ in range(5):
        with pytest.raises(CodeRefused):
            verify(session, person, "000000")
    check_password(session, email=person.email, password=PASSWORD, address="x", now=NOW)
    for _ in range(5):
        with pytest.raises(CodeRefused):
            verify(session, person, "000000")

    assert person.locked_until == NOW + timedelta(minutes=15)

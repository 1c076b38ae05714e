"""Builders for staff tests: people with roles and a phone app, and signing them in."""

import itertools
from datetime import UTC, datetime

import pyotp
from sqlalchemy.orm import Session

from portal.models import StaffUser
from portal.services.staff import staff_accounts
from tests.html import form_with_token

PASSWORD = "et langt og godt passord"
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
_numbers = itertools.count(1)


def make_staff(
    session: Session,
    *roles: str,
    email: str | None = None,
    name: str = "Kari Nordmann",
    password: str = PASSWORD,
    enrolled: bool = True,
    now: datetime = NOW,
) -> StaffUser:
    """An active person with these roles, a password and (unless told not to) an enrolled app."""
    user = staff_accounts.create_staff(
        session,
        email=email or f"person{next(_numbers)}@eigersund.kommune.no",
        name=name,
        roles=roles,
        actor=None,
        address="test",
        now=now,
        password=password,
    )
    if enrolled:
        user.totp_secret = pyotp.random_base32()
        user.two_factor_enrolled_at = now
        session.commit()
    return user


def code_for(user: StaffUser, at: datetime | None = None) -> str:
    totp = pyotp.TOTP(user.totp_secret)
    return totp.at(at) if at else totp.now()


def post_password(client, email: str, password: str = PASSWORD, next_path: str = ""):
    _, token = form_with_token(client, "/admin/login")
    data = {"csrf_token": token, "email": email, "password": password, "next": next_path}
    return client.post("/admin/login", data=data)


def sign_in(client, user: StaffUser, password: str = PASSWORD) -> None:
    """Sign in fully through the real pages (password, then the code if the person has an app)."""
    response = post_password(client, user.email, password)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    if response.headers["Location"] == "/admin/two-factor":
        _, token = form_with_token(client, "/admin/two-factor")
        response = client.post(
            "/admin/two-factor", data={"csrf_token": token, "code": code_for(user)}
        )
        assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"

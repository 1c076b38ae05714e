"""Staff accounts: who may sign in to /admin, with which roles and which second factor."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UtcDateTime
from portal.models.choices import Choice


class Role(Choice):
    """What a staff member is; what each role may do is said in portal/permissions.py."""

    CASEWORKER = "caseworker", _l("Saksbehandler")
    EDITOR = "editor", _l("Redaktør")
    ADMIN = "admin", _l("Administrator")


ROLES = Role.values()


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lowercased, so the unique index makes sign-in case-insensitive.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # None until the person has chosen a password through their one-time link.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped when the password changes or the account is deactivated: sessions
    # that carry an older number end on their next request.
    session_version: Mapped[int] = mapped_column(default=1)
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The last TOTP time step accepted: a code is never accepted twice.
    totp_last_step: Mapped[int | None]
    two_factor_enrolled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    roles: Mapped[list["StaffRole"]] = relationship(
        back_populates="staff_user", cascade="all, delete-orphan", lazy="selectin"
    )
    recovery_codes: Mapped[list["RecoveryCode"]] = relationship(
        back_populates="staff_user", cascade="all, delete-orphan"
    )

    @property
    def role_names(self) -> frozenset[str]:
        return frozenset(role.role for role in self.roles)

    @property
    def has_two_factor(self) -> bool:
        return self.totp_secret is not None and self.two_factor_enrolled_at is not None

    # Flask-Login reads these four.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)


class StaffRole(Base):
    __tablename__ = "staff_roles"
    __table_args__ = (UniqueConstraint("staff_user_id", "role", name="uq_staff_roles_person_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))

    staff_user: Mapped[StaffUser] = relationship(back_populates="roles")


class RecoveryCode(Base):
    """A one-time code for when the phone is lost; only its SHA-256 is kept."""

    __tablename__ = "staff_recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    staff_user: Mapped[StaffUser] = relationship(back_populates="recovery_codes")


class PasswordLink(Base):
    """A one-time link to set a password; only the SHA-256 of its token is kept."""

    __tablename__ = "staff_password_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    staff_user: Mapped[StaffUser] = relationship()

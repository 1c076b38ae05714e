"""Typed declarative models, one module per aggregate.

Importing this package registers every table on `Base.metadata`, which is what
Alembic compares the migrations with.
"""

from portal.models.audit import AuditEvent
from portal.models.feedback import Feedback
from portal.models.page import Page, PageRevision
from portal.models.setting import Setting
from portal.models.staff import PasswordLink, RecoveryCode, StaffRole, StaffUser

__all__ = [
    "AuditEvent",
    "Feedback",
    "Page",
    "PageRevision",
    "PasswordLink",
    "RecoveryCode",
    "Setting",
    "StaffRole",
    "StaffUser",
]

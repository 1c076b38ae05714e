"""Typed declarative models, one module per aggregate.

Importing this package registers every table on `Base.metadata`, which is what
Alembic compares the migrations with.
"""

from portal.models.application import Application, ApplicationDraft, Attachment
from portal.models.audit import AuditEvent
from portal.models.booking import Booking, CallbackRequest, GuidanceSlot
from portal.models.browser_session import BrowserSession
from portal.models.case import (
    Case,
    CaseEvent,
    CaseSummary,
    Decision,
    DecisionText,
    DocumentRequest,
    Team,
)
from portal.models.feedback import Feedback
from portal.models.housing import (
    Dwelling,
    HousingNeed,
    Meeting,
    MeetingItem,
    Offer,
    StartLoanDecision,
    Tenancy,
)
from portal.models.image import Image, ImageVariant
from portal.models.navigation import NavigationGroup, NavigationItem, StartCard
from portal.models.outbox import OutboxMessage
from portal.models.page import Page, PageRedirect, PageRevision, ScheduledChange
from portal.models.setting import Setting
from portal.models.staff import PasswordLink, RecoveryCode, StaffRole, StaffUser

__all__ = [
    "Application",
    "ApplicationDraft",
    "Attachment",
    "AuditEvent",
    "Booking",
    "BrowserSession",
    "CallbackRequest",
    "Case",
    "CaseEvent",
    "CaseSummary",
    "Decision",
    "DecisionText",
    "DocumentRequest",
    "Dwelling",
    "Feedback",
    "GuidanceSlot",
    "HousingNeed",
    "Image",
    "ImageVariant",
    "Meeting",
    "MeetingItem",
    "NavigationGroup",
    "NavigationItem",
    "Offer",
    "OutboxMessage",
    "Page",
    "PageRedirect",
    "PageRevision",
    "PasswordLink",
    "RecoveryCode",
    "ScheduledChange",
    "Setting",
    "StaffRole",
    "StaffUser",
    "StartCard",
    "StartLoanDecision",
    "Team",
    "Tenancy",
]

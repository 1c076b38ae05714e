"""The households waiting for a dwelling: on the list from the decision that grants or
waitlists them until they are housed or leave it.

What each household needs is copied from its application at the decision (bedrooms, step-
free access, the plan's groups, the areas asked for), so matching reads one small table.
"""

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.models import Application, Case, Decision, HousingNeed, Offer
from portal.models.case import DecisionOutcome, PriorityFlag
from portal.models.housing import Group, NeedStatus, OfferStatus, bits_of

WAITING_STATUSES = (NeedStatus.WAITING, NeedStatus.OFFERED)
DEFAULT_BEDROOMS = 1
# The plan's groups a household belongs to, read from the case's priority flags.
GROUP_OF_FLAG = {
    PriorityFlag.CHILDREN: Group.FAMILIES,
    PriorityFlag.SENIOR: Group.ELDERLY,
    PriorityFlag.FOLLOW_UP: Group.FOLLOW_UP,
    PriorityFlag.YOUNG_AFTERCARE: Group.YOUNG_AFTERCARE,
}


def find(session: Session, need_id: int | None) -> HousingNeed | None:
    return session.get(HousingNeed, need_id) if need_id else None


def need_of_case(session: Session, case: Case) -> HousingNeed | None:
    return session.scalar(select(HousingNeed).where(HousingNeed.case_id == case.id))


def _bedrooms(answers: dict) -> int:
    try:
        return max(0, min(8, int(answers.get("needs", {}).get("bedrooms", DEFAULT_BEDROOMS))))
    except (TypeError, ValueError):
        return DEFAULT_BEDROOMS


def groups_of_household(case: Case, answers: dict) -> list[str]:
    groups = [GROUP_OF_FLAG[flag] for flag in case.priority_flags if flag in GROUP_OF_FLAG]
    if "wheelchair" in (answers.get("needs", {}).get("access") or []):
        groups.append(Group.WHEELCHAIR)
    return groups


def on_decision(session: Session, case: Case, decision: Decision, *, now: datetime) -> None:
    """Put the household on the list (granted, waitlisted), or take it off (rejected).
    The caller commits, with the decision."""
    need = need_of_case(session, case)
    if decision.outcome == DecisionOutcome.REJECTED:
        if need is not None and need.status in WAITING_STATUSES:
            leave(need, now=now)
        return
    application = session.scalar(select(Application).where(Application.case_id == case.id))
    answers = application.answers if application else {}
    needs = answers.get("needs", {})
    access = needs.get("access") or []
    if need is None:
        need = HousingNeed(case_id=case.id, waiting_since=case.created_at, created_at=now)
        session.add(need)
    elif need.status not in WAITING_STATUSES:
        need.created_at, need.ended_at = now, None
    need.outcome = decision.outcome
    need.bedrooms = _bedrooms(answers)
    need.step_free = bool({"step_free", "wheelchair"} & set(access))
    need.group_bits = bits_of(groups_of_household(case, answers))
    need.areas = (needs.get("areas") or "").casefold()[:300]
    need.has_pets = needs.get("pets") == "yes"
    need.priority = case.priority
    need.tenancy_years = decision.tenancy_years or 3
    if need.status not in WAITING_STATUSES:
        need.status = NeedStatus.WAITING


def leave(need: HousingNeed, *, now: datetime) -> None:
    """The household is off the list (the case ended, or it was rejected after all)."""
    need.status, need.ended_at = NeedStatus.LEFT, now


def housed(need: HousingNeed, *, now: datetime) -> None:
    need.status, need.ended_at = NeedStatus.HOUSED, now


def on_case_ended(session: Session, case: Case, *, now: datetime) -> None:
    """A case that ends (closed, withdrawn) takes its household off the list, and an offer
    still waiting for its answer is withdrawn (the caller commits)."""
    need = need_of_case(session, case)
    if need is not None and need.status in WAITING_STATUSES:
        leave(need, now=now)
    session.execute(
        update(Offer)
        .where(Offer.case_id == case.id, Offer.status == OfferStatus.OPEN)
        .values(status=OfferStatus.WITHDRAWN, answered_at=now)
    )

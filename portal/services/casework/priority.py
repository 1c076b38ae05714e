"""Priority flags for triage, derived from an application's answers.

Each rule is one small function of the answers (and today's date), so the
rules read like the housing plan's priorities and are tested one by one.
"""

from datetime import date

from dateutil.relativedelta import relativedelta

from portal.models.case import PriorityFlag
from portal.services.casework import identity_numbers


def _step(answers: dict, step: str) -> dict:
    return answers.get(step) or {}


def age_in_months(birth_date: date, today: date) -> int:
    """Whole months lived: 210 is seventeen and a half years."""
    months = (today.year - birth_date.year) * 12 + today.month - birth_date.month
    return months - (today.day < birth_date.day)


def _age_in_months(answers: dict, today: date) -> int | None:
    typed = _step(answers, "about_you").get("identity_number", "")
    try:
        return age_in_months(identity_numbers.parse(typed).birth_date, today)
    except identity_numbers.InvalidIdentityNumber:
        return None


def has_children(answers: dict, today: date) -> bool:
    household = _step(answers, "household")
    return bool(household.get("children_birth_years")) or household.get("expecting_child") == "yes"


def young_in_aftercare(answers: dict, today: date) -> bool:
    months = _age_in_months(answers, today)
    in_aftercare = _step(answers, "housing").get("situation") == "aftercare"
    return in_aftercare and months is not None and 17 * 12 + 6 <= months < 25 * 12


def homeless_now(answers: dict, today: date) -> bool:
    return _step(answers, "housing").get("situation") == "homeless"


def eviction_within_three_months(answers: dict, today: date) -> bool:
    if _step(answers, "housing").get("at_risk") != "yes":
        return False
    must_move_by = _step(answers, "eviction").get("must_move_by")
    return bool(must_move_by) and date.fromisoformat(must_move_by) <= today + relativedelta(
        months=3
    )


def _health_needs(answers: dict) -> set[str]:
    health = _step(answers, "health")
    return set(health.get("needs") or []) if health.get("consent") else set()


def needs_follow_up(answers: dict, today: date) -> bool:
    return bool(_health_needs(answers) & {"follow_up", "rop"})


def is_senior(answers: dict, today: date) -> bool:
    months = _age_in_months(answers, today)
    return months is not None and months >= 67 * 12


def has_disability(answers: dict, today: date) -> bool:
    access = set(_step(answers, "needs").get("access") or [])
    return "disability" in _health_needs(answers) or "wheelchair" in access


RULES = {
    PriorityFlag.CHILDREN: has_children,
    PriorityFlag.YOUNG_AFTERCARE: young_in_aftercare,
    PriorityFlag.HOMELESS: homeless_now,
    PriorityFlag.EVICTION_SOON: eviction_within_three_months,
    PriorityFlag.FOLLOW_UP: needs_follow_up,
    PriorityFlag.SENIOR: is_senior,
    PriorityFlag.DISABILITY: has_disability,
}


def flags(answers: dict, today: date) -> list[str]:
    """The flags that apply, in the order of PriorityFlag."""
    return [flag.value for flag in PriorityFlag if RULES[flag](answers, today)]

"""The teams cases go to. They are data: admins add, rename, reorder and retire them."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.models import Team
from portal.services.staff import audit
from portal.services.staff.audit import Actor

MAX_NAME = 100
# The housing plan's teams: a new database gets them from its migration (0009).
PLAN_TEAMS = ("Boligutvalget", "Økonomisk tildelingsteam", "Tiltaksteam", "Veiledning")


class TeamNameTaken(ValueError):
    """Another team has that name."""


class InvalidTeamName(ValueError):
    """Empty, or longer than a team's name may be."""


def teams(session: Session, *, active_only: bool = True) -> list[Team]:
    query = select(Team).order_by(Team.position, Team.name)
    if active_only:
        query = query.where(Team.active.is_(True))
    return list(session.scalars(query))


def ensure_plan_teams(session: Session) -> list[Team]:
    """The plan's teams, added when there are none at all (demo data, tests); committed."""
    if session.scalar(select(func.count()).select_from(Team)) == 0:
        session.add_all(
            Team(name=name, position=i, active=True) for i, name in enumerate(PLAN_TEAMS)
        )
        session.commit()
    return teams(session)


def _name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name or len(name) > MAX_NAME:
        raise InvalidTeamName(name)
    return name


def add_team(session: Session, name: str, *, actor: Actor, now: datetime) -> Team:
    """A new team, last in the list."""
    last = session.scalar(select(func.max(Team.position))) or 0
    team = Team(name=_name(name), position=last + 1, active=True)
    session.add(team)
    _save(session, team, "team_added", actor, now)
    return team


def change_team(
    session: Session, team_id: int, *, name: str, active: bool, actor: Actor, now: datetime
) -> Team:
    """Rename a team, or retire it (its cases keep it; new cases cannot get it)."""
    team = session.get(Team, team_id)
    if team is None:
        raise LookupError(team_id)
    team.name, team.active = _name(name), active
    _save(session, team, "team_changed", actor, now)
    return team


def _save(session: Session, team: Team, action: str, actor: Actor, now: datetime) -> None:
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise TeamNameTaken(team.name) from None
    audit.record_by(actor, session, action, object_type="team", object_id=team.id, now=now)
    session.commit()

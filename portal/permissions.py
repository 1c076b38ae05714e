"""Who may do what on the staff pages: permissions named for what they allow, and the roles
that hold them. Views, the staff navigation and start page, and the access-matrix test all
ask this module (as GOV.UK Notify's admin keeps one roles-and-permissions module).

Adding a role: a member of Role (portal/models/staff.py, with its words) and one entry in
ROLE_PERMISSIONS below.
"""

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l

from portal.models.choices import Choice
from portal.models.staff import Role


class Permission(Choice):
    HANDLE_CASES = "handle_cases", _l("Behandle saker")
    MANAGE_TIMES = "manage_times", _l("Legge inn og avlyse veiledningstider")
    EDIT_PAGES = "edit_pages", _l("Skrive og publisere informasjonssider")
    EDIT_SETTINGS = "edit_settings", _l("Endre innstillinger som vises for innbyggerne")
    MANAGE_STAFF = "manage_staff", _l("Legge til ansatte og gi dem roller")
    SEE_AUDIT_LOG = "see_audit_log", _l("Se loggen over hvem som har gjort hva")
    RUN_KIOSKS = "run_kiosks", _l("Gjøre en felles PC til kiosk")
    MANAGE_MESSAGES = "manage_messages", _l("Se og sende på nytt e-post og SMS som ikke kom fram")
    MANAGE_TEAMS = "manage_teams", _l("Legge til og endre teamene saker fordeles til")
    EDIT_DECISION_TEXTS = "edit_decision_texts", _l("Endre tekstene i vedtaksbrev")
    ADD_DWELLINGS = "add_dwellings", _l("Legge nye boliger inn i boligregisteret")
    EDIT_DWELLINGS = "edit_dwellings", _l("Endre boliger i registeret og importere et register")
    SEE_STATISTICS = "see_statistics", _l("Se statistikk og tallene til SSB")


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CASEWORKER: frozenset(
        {
            Permission.HANDLE_CASES,
            Permission.MANAGE_TIMES,
            Permission.ADD_DWELLINGS,
            Permission.SEE_STATISTICS,
        }
    ),
    Role.EDITOR: frozenset({Permission.EDIT_PAGES, Permission.EDIT_SETTINGS}),
    Role.ADMIN: frozenset(Permission),
}

# Permissions that reach residents' personal data or other people's accounts: whoever
# holds one signs in with a second factor (editors may be asked to as well, by a setting).
NEED_TWO_FACTOR = frozenset(
    {
        Permission.HANDLE_CASES,
        Permission.MANAGE_STAFF,
        Permission.SEE_AUDIT_LOG,
        Permission.MANAGE_MESSAGES,
    }
)


def permissions_of(roles: Iterable[str]) -> frozenset[Permission]:
    """Everything a person with these roles may do (an unknown role gives nothing)."""
    held = frozenset()
    for role in roles:
        held |= ROLE_PERMISSIONS.get(role, frozenset())
    return held


def may(roles: Iterable[str], permission: Permission) -> bool:
    return permission in permissions_of(roles)


def roles_that_may(permission: Permission) -> frozenset[Role]:
    """The roles holding a permission (for the access-matrix test and staff lists)."""
    return frozenset(role for role, held in ROLE_PERMISSIONS.items() if permission in held)


def needs_two_factor(roles: Iterable[str], *, require_for_editors: bool) -> bool:
    """Whether these roles must sign in with a second factor."""
    held = permissions_of(roles)
    return bool(held & NEED_TWO_FACTOR) or (require_for_editors and Permission.EDIT_PAGES in held)

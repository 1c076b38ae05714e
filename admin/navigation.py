"""The staff pages a person can reach, in the order they are shown: the menu and the start
page list the same tasks, each behind the permission that opens it (portal/permissions.py)."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.permissions import Permission, may


@dataclass(frozen=True)
class Task:
    endpoint: str
    title: object
    description: object
    permission: Permission | None
    # Paths under this prefix count as inside the task (the menu marks it current).
    prefix: str | None = None
    # Occasional tasks are on the start page only, so the menu stays short.
    in_menu: bool = True


TASKS = (
    Task(
        "admin.case_queue",
        _l("Saker"),
        _l("søknader, bestilte timer, ønsker om å bli ringt og svar fra innbyggere"),
        Permission.HANDLE_CASES,
        "/admin/cases",
    ),
    Task(
        "admin.dwelling_register",
        _l("Boliger"),
        _l("boligregisteret, hvem en ledig bolig passer for, tilbud og leieforhold"),
        Permission.HANDLE_CASES,
        "/admin/dwellings",
    ),
    Task(
        "admin.meeting_list",
        _l("Boligutvalget"),
        _l("møter, saksliste og vedtak fra møtene"),
        Permission.HANDLE_CASES,
        "/admin/meetings",
        in_menu=False,
    ),
    Task(
        "admin.ending_tenancies",
        _l("Leiekontrakter som går ut"),
        _l("kontrakter som slutter innen et halvt år, og brevet til leietakeren"),
        Permission.HANDLE_CASES,
        "/admin/tenancies",
        in_menu=False,
    ),
    Task(
        "admin.slot_day",
        _l("Veiledningstider"),
        _l("legg inn tider, se dagens bestillinger, avlys"),
        Permission.MANAGE_TIMES,
        "/admin/slots",
    ),
    Task(
        "admin.stats",
        _l("Statistikk"),
        _l("tall per måned og år, målene i boligsosial plan og tallene til SSB"),
        Permission.SEE_STATISTICS,
        "/admin/stats",
    ),
    Task(
        "admin.staff_list",
        _l("Ansatte"),
        _l("legg til, endre roller, deaktiver, lag passordlenke"),
        Permission.MANAGE_STAFF,
        "/admin/staff",
    ),
    Task(
        "admin.audit_log",
        _l("Logg"),
        _l("hvem har gjort hva, og når"),
        Permission.SEE_AUDIT_LOG,
        "/admin/audit",
    ),
    Task(
        "admin.team_list",
        _l("Team"),
        _l("teamene saker fordeles til"),
        Permission.MANAGE_TEAMS,
        "/admin/teams",
        in_menu=False,
    ),
    Task(
        "admin.decision_texts",
        _l("Vedtaksbrev"),
        _l("tekstene i vedtaksbrev, på alle språk"),
        Permission.EDIT_DECISION_TEXTS,
        in_menu=False,
    ),
    Task(
        "admin.kiosk_device",
        _l("Kiosk-PC"),
        _l("gjør en felles PC til kiosk, som tømmes etter bruk"),
        Permission.RUN_KIOSKS,
        in_menu=False,
    ),
    Task(
        "admin.outbox_list",
        _l("Utgående meldinger"),
        _l("e-post og SMS til innbyggerne som venter, og de som ikke kom fram"),
        Permission.MANAGE_MESSAGES,
        "/admin/outbox",
    ),
    Task(
        "admin.page_list",
        _l("Informasjonssider"),
        _l("skriv, forhåndsvis og publiser sider på alle språk"),
        Permission.EDIT_PAGES,
        "/admin/pages",
    ),
    Task(
        "admin.start_cards",
        _l("Forsiden"),
        _l("kortene med det vi kan hjelpe med, på hvert språk"),
        Permission.EDIT_PAGES,
        "/admin/start-page",
    ),
    Task(
        "admin.page_menu",
        _l("Menyen"),
        _l("informasjonssidene i grupper og i rekkefølge, på hvert språk"),
        Permission.EDIT_PAGES,
        "/admin/page-menu",
    ),
    Task(
        "admin.feedback_overview",
        _l("Tilbakemeldinger"),
        _l("fant innbyggerne det de lette etter? Per side og måned, med kommentarer"),
        Permission.EDIT_PAGES,
        "/admin/feedback",
    ),
    Task(
        "admin.edit_settings",
        _l("Innstillinger"),
        _l("telefonnumre for akutt hjelp og Husbankens rente"),
        Permission.EDIT_SETTINGS,
    ),
    Task("admin.change_password", _l("Bytt passord"), _l("ditt eget passord"), None),
)


def tasks_for(roles) -> list[Task]:
    """The tasks these roles may open, in menu order."""
    return [task for task in TASKS if task.permission is None or may(roles, task.permission)]

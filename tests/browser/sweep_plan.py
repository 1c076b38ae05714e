"""What the accessibility sweep visits: every GET route of the app, in the order a resident
and a member of staff would reach it, with the state each page needs put in place first.

`VISITS` names the url_map rule each visit sweeps; `SKIPPED` names the GET rules that are
not pages, each with the reason. tests/browser/test_accessibility_sweep.py fails when a
GET rule is in neither.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from playwright.sync_api import BrowserContext
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Case, Dwelling, GuidanceSlot, HousingNeed, MeetingItem, Page, StaffUser
from portal.models.booking import Channel, Topic
from portal.services.guidance import guidance_slots
from portal.services.information import navigation, start_page
from portal.services.staff import staff_accounts
from tests.staff import PASSWORD, code_for, make_staff
from tests.views.apply_journey import ANSWERS

TOKEN = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
RECEIPT_CODE = re.compile(r'class="receipt-code">([^<]+)<')
TIME_LINK = re.compile(r'class="time-link" href="/\w+/book/time/(\d+)"')
MOVE_LINK = re.compile(r'href="/\w+/case/[\w-]+/move/(\d+)"')

SKIPPED = {
    "/static/<path:filename>": "stylesheets, scripts and icons, not pages",
    "/media/<name>": "pictures on information pages, not pages",
    "/healthz": "a status for the load balancer, not a page",
    "/": "only redirects to /<lang>/ (tests/views/test_start.py)",
    "/<lang>/book/receipt/calendar.ics": "a calendar file to download",
    "/<lang>/case/<reference>/calendar.ics": "a calendar file to download",
    "/<lang>/case/<reference>/decisions/<int:decision_id>/letter.pdf": "a PDF letter",
    "/admin/cases/<reference>/decisions/<int:decision_id>/letter.pdf": "a PDF letter",
    "/admin/meetings/<int:meeting_id>/agenda.pdf": "a PDF agenda",
    "/admin/cases/<reference>/archive.zip": "a ZIP file for the archive",
    "/admin/cases/<reference>/files/<int:attachment_id>": "a resident's file to download",
    "/admin/audit.csv": "a CSV file",
    "/admin/feedback.csv": "a CSV file",
    "/admin/stats.csv": "a CSV file",
    "/admin/stats/ssb.csv": "a CSV file",
    "/admin/dwellings/import/mal.csv": "a CSV template",
}


class Visitor:
    """One browser context's way through the site: its cookies, and the ids its pages need."""

    def __init__(self, context: BrowserContext, lang: str, values: dict) -> None:
        self.context, self.lang = context, lang
        self.values = {"lang": lang, **values}

    def token(self, path: str) -> str:
        html = self.context.request.get(path).text()
        return TOKEN.search(html).group(1)

    def post(self, path: str, data: dict, *, form_at: str | None = None) -> str:
        """Send a form as the page at `form_at` (or `path`) would; the text of where it led."""
        sent = {"csrf_token": self.token(form_at or path), **data}
        response = self.context.request.post(path, form=sent)
        assert response.ok, (path, response.status)
        return response.text()

    def path(self, template: str) -> str:
        return template.format(**self.values)


@dataclass(frozen=True)
class Visit:
    rule: str
    path: str  # with {lang} and the ids of `Visitor.values`
    # The form whose empty (or cleared) submission shows the error summary, if the page has one.
    errors: str | None = None
    before: Callable[[Visitor], None] | None = None  # put in place the state the page shows
    after: Callable[[Visitor, str], None] | None = None  # read what the page gave (its HTML)


# The page's own form: not the "stay signed in" button at the top of every staff page.
MAIN_FORM = "main form:not(.session-notice *)"


def _start_application(visitor: Visitor) -> None:
    visitor.post(visitor.path("/{lang}/apply/start"), {}, form_at=visitor.path("/{lang}/apply"))


def _save_for_later(visitor: Visitor) -> None:
    step = visitor.path("/{lang}/apply/household")
    visitor.post(step, {**ANSWERS["household"], "later": "1"})


def _answer_everything(visitor: Visitor) -> None:
    for step, answers in ANSWERS.items():
        path = visitor.path("/{lang}/apply/") + step
        visitor.post(path, {"skip": "1"} if step == "health" else _flat(answers))


def _flat(answers: dict) -> dict:
    return {key: value[0] if isinstance(value, list) else value for key, value in answers.items()}


def _attach_nothing(visitor: Visitor) -> None:
    visitor.post(visitor.path("/{lang}/apply/attachments"), {})


def _send_application(visitor: Visitor) -> None:
    visitor.post(visitor.path("/{lang}/apply/check"), {})


def _keep_receipt(kind: str) -> Callable[[Visitor, str], None]:
    def keep(visitor: Visitor, html: str) -> None:
        reference, code = RECEIPT_CODE.findall(html)[:2]
        visitor.values[f"{kind}_reference"], visitor.values[f"{kind}_code"] = reference, code

    return keep


def _first_free_time(visitor: Visitor, page: str, link, name: str) -> None:
    """Keep as `name` the first time `link` finds on `page`, in the first week that has one."""
    for week in range(5):
        found = link.search(visitor.context.request.get(f"{page}?week={week}").text())
        if found:
            visitor.values[name] = found.group(1)
            return


def _pick_a_time(visitor: Visitor) -> None:
    """The first free time for housing allowance."""
    _first_free_time(visitor, visitor.path("/{lang}/book/bostotte"), TIME_LINK, "slot")


def _pick_another_time(visitor: Visitor) -> None:
    """A free time of the booking's topic, to move the booking to."""
    page = visitor.path("/{lang}/case/{booking_reference}/move")
    _first_free_time(visitor, page, MOVE_LINK, "other_slot")


def _give_details(visitor: Visitor) -> None:
    details = {"name": "Kari Nordmann", "phone": "912 34 567", "interpreter": "no"}
    visitor.post(visitor.path("/{lang}/book/time/{slot}"), details)


def _book(visitor: Visitor) -> None:
    visitor.post(visitor.path("/{lang}/book/check"), {})


def _ask_to_be_called(visitor: Visitor) -> None:
    wish = {"topic": "bostotte", "name": "Kari Nordmann", "phone": "912 34 567",
            "preferred_time": "any"}  # fmt: skip
    visitor.post(visitor.path("/{lang}/book/call-me"), wish)


def _open_case(kind: str) -> Callable[[Visitor], None]:
    def open_case(visitor: Visitor) -> None:
        reference, code = visitor.values[f"{kind}_reference"], visitor.values[f"{kind}_code"]
        visitor.post(visitor.path("/{lang}/case"), {"reference": reference, "code": code})

    return open_case


PUBLIC_VISITS = [
    Visit("/<lang>/", "/{lang}/"),
    Visit("/<lang>/info/<slug>", "/{lang}/info/bostotte"),
    Visit("/<lang>/search", "/{lang}/search"),
    Visit("/<lang>/search", "/{lang}/search?q=bostøtte"),
    Visit("/<lang>/guide", "/{lang}/guide", errors=MAIN_FORM),
    Visit("/<lang>/guide", "/{lang}/guide?situation=no_home&children=yes&step=3"),
    Visit("/<lang>/calculator", "/{lang}/calculator", errors=MAIN_FORM),
    Visit("/<lang>/calculator", "/{lang}/calculator?amount=2000000&years=30&rate=4,9"),
    Visit("/<lang>/accessibility", "/{lang}/accessibility"),
    Visit("/<lang>/privacy", "/{lang}/privacy"),
    Visit("/<lang>/feedback", "/{lang}/feedback?page=/{lang}/", errors=MAIN_FORM),
    Visit("/<lang>/feedback/thanks", "/{lang}/feedback/thanks?page=/{lang}/"),
    Visit("/<lang>/apply", "/{lang}/apply"),
    Visit("/<lang>/apply/<step>", "/{lang}/apply/about_you", MAIN_FORM, _start_application),
    *[Visit("/<lang>/apply/<step>", "/{lang}/apply/" + step) for step in list(ANSWERS)[1:]],
    Visit("/<lang>/apply/saved", "/{lang}/apply/saved", before=_save_for_later),
    Visit("/<lang>/apply/resume", "/{lang}/apply/resume", errors=MAIN_FORM),
    Visit("/<lang>/apply/attachments", "/{lang}/apply/attachments", before=_answer_everything),
    Visit("/<lang>/apply/check", "/{lang}/apply/check", before=_attach_nothing),
    Visit(
        "/<lang>/apply/receipt",
        "/{lang}/apply/receipt",
        before=_send_application,
        after=_keep_receipt("application"),
    ),
    Visit("/<lang>/book", "/{lang}/book"),
    Visit("/<lang>/book/<topic>", "/{lang}/book/bostotte", before=_pick_a_time),
    Visit("/<lang>/book/time/<int:slot_id>", "/{lang}/book/time/{slot}", errors=MAIN_FORM),
    Visit("/<lang>/book/check", "/{lang}/book/check", before=_give_details),
    Visit(
        "/<lang>/book/receipt", "/{lang}/book/receipt", before=_book, after=_keep_receipt("booking")
    ),
    Visit("/<lang>/book/call-me", "/{lang}/book/call-me", errors=MAIN_FORM),
    Visit("/<lang>/book/call-me/receipt", "/{lang}/book/call-me/receipt", before=_ask_to_be_called),
    Visit("/<lang>/case", "/{lang}/case", errors=MAIN_FORM),
    Visit(
        "/<lang>/case/<reference>",
        "/{lang}/case/{application_reference}",
        'main form[action$="/message"]',
        _open_case("application"),
    ),
    Visit("/<lang>/case/<reference>/withdraw", "/{lang}/case/{application_reference}/withdraw"),
    Visit(
        "/<lang>/case/<reference>", "/{lang}/case/{booking_reference}", before=_open_case("booking")
    ),
    Visit("/<lang>/case/<reference>/cancel", "/{lang}/case/{booking_reference}/cancel"),
    Visit("/<lang>/case/<reference>/move", "/{lang}/case/{booking_reference}/move"),
    Visit(
        "/<lang>/case/<reference>/move/<int:slot_id>",
        "/{lang}/case/{booking_reference}/move/{other_slot}",
        before=_pick_another_time,
    ),
]


def add_times(session: Session, now: datetime) -> None:
    """Twenty times for housing-allowance guidance besides the demo's eight, over the four
    weeks that can be booked: each browser of the sweep books one."""
    adviser = session.scalars(select(StaffUser).where(StaffUser.email.like("saksbehandler@%")))
    tomorrow = now.astimezone(guidance_slots.LOCAL_TIME).date() + timedelta(days=1)
    plan = guidance_slots.SlotPlan(Topic.BOSTOTTE, Channel.PHONE, location="", minutes=45)
    starts = guidance_slots.series_starts(tomorrow, {0, 1, 2, 3, 4}, time(14, 0), weeks=4)
    guidance_slots.create_slots(
        session, plan, starts, adviser=adviser.first(), address="test", now=now
    )


def site_values(session: Session, now: datetime | None = None) -> dict:
    """Ids of the demo data (portal/demo.py) that the staff pages are about."""
    now = now or datetime.now(UTC)
    page = session.scalars(select(Page).where(Page.slug == "bostotte", Page.language == "nb")).one()
    need = session.scalars(select(HousingNeed).where(HousingNeed.status == "waiting")).first()
    item = session.scalars(select(MeetingItem).where(MeetingItem.decision_id.is_(None))).first()
    slots = select(GuidanceSlot).where(
        GuidanceSlot.starts_at > now, GuidanceSlot.cancelled_at.is_(None)
    )
    editor = make_staff(session, "editor", name="Rolf Redaktør", enrolled=False)
    return {
        "page": page.id,
        "revision": page.revisions[0].id,
        "card": start_page.cards_for_editors(session, "nb")[0].id,
        "group": navigation.groups_for_editors(session, "nb")[0].id,
        "case": session.scalars(select(Case).where(Case.status == "in_review")).first().reference,
        "need_case": need.case.reference,
        "need": need.id,
        "dwelling": session.scalars(select(Dwelling).where(Dwelling.status == "vacant")).first().id,
        "meeting": item.meeting_id,
        "item": item.id,
        "time": session.scalars(slots.order_by(GuidanceSlot.starts_at.desc())).first().id,
        "staff": editor.id,
        "password_token": staff_accounts.issue_password_link(
            session, editor, actor=None, address="test", now=now
        ),
    }


def staff_for(session: Session, lang: str) -> dict:
    """An admin (with an app for the second factor) and a newcomer who has yet to set one up:
    one pair for each browser, so no code from the app is used twice."""
    return {
        "admin": make_staff(session, "admin", name=f"Ada Admin ({lang})"),
        "newcomer": make_staff(session, "caseworker", name="Ny Saksbehandler", enrolled=False),
    }


def _give_password(who: str) -> Callable[[Visitor], None]:
    def give_password(visitor: Visitor) -> None:
        person = visitor.values[who]
        visitor.post("/admin/login", {"email": person.email, "password": PASSWORD, "next": ""})

    return give_password


def _sign_out(visitor: Visitor) -> None:
    visitor.post("/admin/logout", {}, form_at="/admin/two-factor/setup")


def _give_code(visitor: Visitor) -> None:
    visitor.post("/admin/two-factor", {"code": code_for(visitor.values["admin"])})


STAFF_VISITS = [
    Visit("/admin/login", "/admin/login", errors=MAIN_FORM),
    Visit("/admin/password/<token>", "/admin/password/{password_token}", errors=MAIN_FORM),
    Visit(
        "/admin/two-factor/setup", "/admin/two-factor/setup", MAIN_FORM, _give_password("newcomer")
    ),
    Visit("/admin/signed-out", "/admin/signed-out", before=_sign_out),
    Visit("/admin/two-factor", "/admin/two-factor", MAIN_FORM, _give_password("admin")),
    Visit("/admin/", "/admin/", before=_give_code),
    Visit("/admin/queue", "/admin/queue"),
    Visit("/admin/cases/<reference>", "/admin/cases/{case}"),
    Visit("/admin/cases/<reference>/decision", "/admin/cases/{case}/decision", MAIN_FORM),
    Visit("/admin/cases/<reference>/dwellings", "/admin/cases/{need_case}/dwellings"),
    Visit("/admin/decision-texts", "/admin/decision-texts"),
    Visit("/admin/dwellings", "/admin/dwellings"),
    Visit("/admin/dwellings/<int:dwelling_id>", "/admin/dwellings/{dwelling}"),
    Visit("/admin/dwellings/<int:dwelling_id>/edit", "/admin/dwellings/{dwelling}/edit", MAIN_FORM),
    Visit(
        "/admin/dwellings/<int:dwelling_id>/offer/<int:need_id>",
        "/admin/dwellings/{dwelling}/offer/{need}",
        MAIN_FORM,
    ),
    Visit("/admin/dwellings/import", "/admin/dwellings/import", MAIN_FORM),
    Visit("/admin/dwellings/new", "/admin/dwellings/new", MAIN_FORM),
    Visit("/admin/tenancies/ending", "/admin/tenancies/ending"),
    Visit("/admin/meetings", "/admin/meetings", MAIN_FORM),
    Visit("/admin/meetings/<int:meeting_id>", "/admin/meetings/{meeting}"),
    Visit(
        "/admin/meetings/<int:meeting_id>/items/<int:item_id>",
        "/admin/meetings/{meeting}/items/{item}",
        MAIN_FORM,
    ),
    Visit("/admin/pages", "/admin/pages"),
    Visit("/admin/pages/<int:page_id>", "/admin/pages/{page}", MAIN_FORM),
    Visit("/admin/pages/<int:page_id>/history", "/admin/pages/{page}/history"),
    Visit(
        "/admin/pages/<int:page_id>/history/<int:revision_id>",
        "/admin/pages/{page}/history/{revision}",
    ),
    Visit("/admin/pages/due", "/admin/pages/due"),
    Visit("/admin/pages/new", "/admin/pages/new", MAIN_FORM),
    Visit("/admin/page-menu", "/admin/page-menu"),
    Visit("/admin/page-menu/<int:group_id>", "/admin/page-menu/{group}", MAIN_FORM),
    Visit("/admin/page-menu/<int:group_id>/delete", "/admin/page-menu/{group}/delete"),
    Visit("/admin/page-menu/new", "/admin/page-menu/new", MAIN_FORM),
    Visit("/admin/start-page", "/admin/start-page"),
    Visit("/admin/start-page/<int:card_id>", "/admin/start-page/{card}", MAIN_FORM),
    Visit("/admin/start-page/<int:card_id>/delete", "/admin/start-page/{card}/delete"),
    Visit("/admin/start-page/new", "/admin/start-page/new", MAIN_FORM),
    Visit("/admin/settings", "/admin/settings"),
    Visit("/admin/feedback", "/admin/feedback"),
    Visit("/admin/slots", "/admin/slots"),
    Visit("/admin/slots/<int:slot_id>/cancel", "/admin/slots/{time}/cancel"),
    Visit("/admin/slots/new", "/admin/slots/new", MAIN_FORM),
    Visit("/admin/stats", "/admin/stats"),
    Visit("/admin/stats/ssb", "/admin/stats/ssb"),
    Visit("/admin/stats/start-loans", "/admin/stats/start-loans", MAIN_FORM),
    Visit("/admin/teams", "/admin/teams", 'main form[action$="/admin/teams"]'),
    Visit("/admin/staff", "/admin/staff"),
    Visit("/admin/staff/<int:staff_id>", "/admin/staff/{staff}"),
    Visit("/admin/staff/new", "/admin/staff/new", MAIN_FORM),
    Visit("/admin/outbox", "/admin/outbox"),
    Visit("/admin/audit", "/admin/audit"),
    Visit("/admin/kiosk", "/admin/kiosk"),
    Visit("/admin/account/password", "/admin/account/password", MAIN_FORM),
]

VISITS = PUBLIC_VISITS + STAFF_VISITS

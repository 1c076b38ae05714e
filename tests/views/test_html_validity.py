"""Every kind of public page, and the staff pages for running the site, pass the Nu Html
Checker (vnu) with no errors.

The pages are made through the test client, as a resident and an editor would reach
them (shipped content, an application, a booking, a case, forms with errors), written
to files, and checked by one run of vnu.jar. `make vnu` installs the checker (npm,
pinned in the Makefile) into .tools/; `make test` requires it, a bare pytest run
without it skips this test.
"""

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.db import db
from portal.models import Page
from portal.services.information import navigation, start_page
from portal.services.information.feedback import record_feedback
from tests import images as pictures
from tests.factories import NOW, at_ten, make_page, make_slot
from tests.html import csrf_token, form_with_token, parse, text_of
from tests.staff import make_staff, sign_in
from tests.views.apply_journey import ANSWERS, answer, fill_in_everything, start, submit

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_errors(pages: dict[str, str], directory: Path) -> list[str]:
    """Run the checker once over every page; each error as 'name: message (extract)'."""
    names = {}
    for number, (name, html) in enumerate(pages.items()):
        path = directory / f"{number:03d}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = name
    java = shutil.which("java") or "java"
    command = [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
    command += sorted(str(path) for path in directory.glob("*.html"))
    # Our own files and a fixed command; vnu writes its JSON report to standard error.
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    return [
        f"{names.get(m.get('url', '').rsplit('/', 1)[-1], '?')}: {m.get('message')} "
        f"({(m.get('extract') or '').strip()[:100]})"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]


def ok(response) -> str:
    assert response.status_code in (200, 400, 404), (response.request.path, response.status_code)
    return response.get_data(as_text=True)


def resident_pages(app, client) -> dict[str, str]:
    pages = {}

    def get(path: str) -> str:
        return ok(client.get(path))

    for lang in ("nb", "nn", "en"):
        pages[f"start {lang}"] = get(f"/{lang}/")
    pages["information page with a picture and related pages"] = get("/nb/info/bostotte")
    pages["unreviewed translation"] = get("/en/info/startlan")
    pages["bokmål fallback"] = get("/en/info/bare-bokmal")
    pages["accessibility statement"] = get("/nn/accessibility")
    pages["privacy statement"] = get("/en/privacy")
    pages["search"] = get("/nb/search")
    pages["search results"] = get("/nb/search?q=bostøtte")
    pages["search fragment page, nothing found"] = get("/nb/search?q=zzzz")
    pages["guide question"] = get("/nb/guide")
    pages["guide question with error"] = get("/nb/guide?step=1")
    pages["guide result"] = get("/nb/guide?situation=no_home&children=yes&step=3")
    pages["calculator"] = get("/nb/calculator")
    pages["calculator result"] = get("/nb/calculator?amount=2+000+000&years=30&rate=4,9")
    pages["calculator errors"] = get("/nb/calculator?amount=x&years=&rate=")
    pages["feedback"] = get("/nb/feedback?page=/nb/")
    _, token = form_with_token(client, "/nb/feedback?page=/nb/")
    pages["feedback with errors"] = ok(client.post("/nb/feedback", data={"csrf_token": token}))
    pages["feedback thanks"] = get("/nb/feedback/thanks?page=/nb/")
    pages["not found"] = get("/nb/finnes-ikke")
    pages.update(application_pages(client))
    pages.update(booking_and_case_pages(app, client))
    return pages


def application_pages(client) -> dict[str, str]:
    pages = {"apply start": ok(client.get("/nb/apply"))}
    token = start(client)
    for step in ANSWERS:
        pages[f"apply {step}"] = ok(client.get(f"/nb/apply/{step}"))
    pages["apply page with errors"] = ok(answer(client, "about_you", {}, token))
    answer(client, "housing", {"situation": "renting", "at_risk": "yes"}, token)
    pages["apply eviction"] = ok(client.get("/nb/apply/eviction"))
    pages["apply saved for later"] = ok(
        client.get(answer(client, "household", {}, token, later="1").headers["Location"])
    )
    pages["apply resume"] = ok(client.get("/nb/apply/resume"))
    fill_in_everything(client, token=csrf_token(parse(client.get("/nb/apply"))))
    pages["apply attachments"] = ok(client.get("/nb/apply/attachments"))
    pages["apply check answers"] = ok(client.get("/nb/apply/check"))
    submit(client, token)
    pages["apply receipt"] = ok(client.get("/nb/apply/receipt"))
    return pages


def booking_and_case_pages(app, client) -> dict[str, str]:
    with app.app_context():
        adviser = make_staff(db.session, "caseworker")
        slot = make_slot(db.session, adviser, at_ten(3))
        make_slot(db.session, adviser, at_ten(4))
    pages = {"book topics": ok(client.get("/nb/book"))}
    pages["book times"] = ok(client.get("/nb/book/bostotte"))
    form, token = form_with_token(client, f"/nb/book/time/{slot.id}")
    pages["book details"] = str(form)
    details = {"name": "Kari Nordmann", "phone": "912 34 567", "interpreter": "no"}
    pages["book details with errors"] = ok(
        client.post(f"/nb/book/time/{slot.id}", data={"csrf_token": token})
    )
    client.post(f"/nb/book/time/{slot.id}", data={"csrf_token": token, **details})
    pages["book check"] = ok(client.get("/nb/book/check"))
    client.post("/nb/book/check", data={"csrf_token": token})
    receipt = client.get("/nb/book/receipt")
    pages["book receipt"] = ok(receipt)
    reference, code = (text_of(span) for span in parse(receipt).select(".receipt-code"))
    pages["call me"] = ok(client.get("/nb/book/call-me"))
    pages["find a case"] = ok(client.get("/nb/case"))
    client.post("/nb/case", data={"csrf_token": token, "reference": reference, "code": code})
    pages["case"] = ok(client.get(f"/nb/case/{reference}"))
    pages["case: cancel the time"] = ok(client.get(f"/nb/case/{reference}/cancel"))
    pages["case: move the time"] = ok(client.get(f"/nb/case/{reference}/move"))
    return pages


def staff_pages(app, client) -> dict[str, str]:
    with app.app_context():
        sign_in(client, make_staff(db.session, "editor"))
        page_id = bokmal_page_id("bostotte")
        [card, *_] = start_page.cards_for_editors(db.session, "nb")
        [group, *_] = navigation.groups_for_editors(db.session, "nb")
        record_feedback(
            db.session,
            page="/nb/info/bostotte",
            language="nb",
            found_what_they_needed=False,
            comment="Fant ikke skjemaet",
            now=NOW,
        )

    def get(path: str) -> str:
        return ok(client.get(path))

    pages = {
        "staff: pages": get("/admin/pages"),
        "staff: page editor": get(f"/admin/pages/{page_id}"),
        "staff: pages to read again": get("/admin/pages/due"),
        "staff: start page cards": get("/admin/start-page?lang=nn"),
        "staff: new card": get("/admin/start-page/new?lang=nb"),
        "staff: card": get(f"/admin/start-page/{card.id}"),
        "staff: remove card": get(f"/admin/start-page/{card.id}/delete"),
        "staff: menu": get("/admin/page-menu"),
        "staff: new group": get("/admin/page-menu/new"),
        "staff: group": get(f"/admin/page-menu/{group.id}"),
        "staff: remove group": get(f"/admin/page-menu/{group.id}/delete"),
        "staff: feedback": get("/admin/feedback"),
        "staff: settings": get("/admin/settings"),
    }
    _, token = form_with_token(client, "/admin/start-page/new")
    pages["staff: card with errors"] = ok(
        client.post("/admin/start-page/new", data={"csrf_token": token, "title": ""})
    )
    data = {"csrf_token": token, "action": "publish", "day": "2020-01-01", "at": "08:00"}
    pages["staff: page editor, schedule refused"] = ok(
        client.post(f"/admin/pages/{page_id}/schedule", data=data)
    )
    image = {"csrf_token": token, "alt_text": "", "file": (io.BytesIO(pictures.SVG), "x.svg")}
    pages["staff: page editor, image refused"] = ok(
        client.post(
            f"/admin/pages/{page_id}/images", data=image, content_type="multipart/form-data"
        )
    )
    return pages


def bokmal_page_id(slug: str) -> int:
    return db.session.scalar(select(Page.id).where(Page.slug == slug, Page.language == "nb"))


@pytest.fixture
def site(app, runner):
    """The shipped content, a bokmål-only page, a picture in a page, and a scheduled change."""
    assert runner.invoke(args=["load-content"]).exit_code == 0
    with app.app_context():
        make_page(db.session, slug="bare-bokmal", title="Bare på bokmål")
    editor = app.test_client()
    with app.app_context():
        sign_in(editor, make_staff(db.session, "editor"))
        page_id = bokmal_page_id("bostotte")
    _, token = form_with_token(editor, f"/admin/pages/{page_id}")
    photo = {
        "csrf_token": token,
        "alt_text": "Et hus",
        "file": (io.BytesIO(pictures.photo()), "a.jpg"),
    }
    schedule = {"csrf_token": token, "action": "unpublish", "day": "2099-01-01", "at": "08:00"}
    review = {"csrf_token": token, "review_status": "reviewed", "review_by": "2026-01-01"}
    for action, data in [("images", photo), ("publish", {"csrf_token": token}),
                         ("schedule", schedule), ("review", review)]:  # fmt: skip
        response = editor.post(
            f"/admin/pages/{page_id}/{action}", data=data, content_type="multipart/form-data"
        )
        assert response.status_code == 302, action


def test_every_kind_of_page_passes_the_nu_html_checker(app, client, site, tmp_path):
    if not VNU_JAR.exists():
        if os.environ.get("PORTAL_HTML_CHECK") == "required":
            pytest.fail(f"{VNU_JAR} is missing: run `make vnu`")
        pytest.skip("the Nu Html Checker is not installed here: run `make vnu`")
    pages = resident_pages(app, client) | staff_pages(app, app.test_client())
    assert 'src="/media/' in pages["information page with a picture and related pages"]

    errors = vnu_errors(pages, tmp_path)
    assert errors == [], "\n".join(errors)

"""The page editor (admin/pages.py), through the test client: what an editor sees and what
gets stored."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.db import db
from portal.models import AuditEvent, Page
from portal.services.information import scheduling
from portal.services.information.page_editing import latest_revision
from tests.factories import make_page
from tests.html import error_summary_links, form_with_token, parse, text_of, textarea_value


@pytest.fixture
def page_id(app):
    with app.app_context():
        return make_page(db.session, title="Bostøtte", body="Gammel tekst.").id


def edit(client, page_id, **changes):
    form, token = form_with_token(client, f"/admin/pages/{page_id}")
    data = {
        "csrf_token": token,
        "based_on": form.find("input", attrs={"name": "based_on"})["value"],
        "title": form.find("input", attrs={"name": "title"})["value"],
        "summary": form.find("textarea", attrs={"name": "summary"}).get_text().strip(),
        "body": form.find("textarea", attrs={"name": "body"}).get_text().strip(),
        "action": "save",
    }
    return data | changes


def test_the_list_shows_each_page_with_its_languages_and_state(client, editor, page_id):
    page = parse(client.get("/admin/pages"))

    row = page.select_one("tbody tr")
    assert "bostotte" in text_of(row)
    assert "Publisert" in text_of(row)
    assert row.find("a")["href"] == f"/admin/pages/{page_id}"


def test_saving_a_draft_keeps_the_published_text_until_publishing(app, client, editor, page_id):
    client.post(f"/admin/pages/{page_id}", data=edit(client, page_id, body="Ny tekst."))

    assert "Gammel tekst." in text_of(parse(client.get("/nb/info/bostotte")).main)
    client.post(f"/admin/pages/{page_id}", data=edit(client, page_id, action="publish"))
    assert "Ny tekst." in text_of(parse(client.get("/nb/info/bostotte")).main)
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_type == "page")
        )
        assert list(actions) == ["page_saved", "page_saved", "page_published"]


def test_the_second_editor_is_shown_both_texts_and_nothing_is_overwritten(
    app, client, editor, page_id
):
    mine = edit(client, page_id, body="Min tekst.")
    client.post(f"/admin/pages/{page_id}", data=edit(client, page_id, body="Den andres tekst."))

    page = parse(client.post(f"/admin/pages/{page_id}", data=mine))

    assert page.select_one(".notice--error") is not None
    assert "Den andres tekst." in text_of(page.select_one("pre.source"))
    assert page.find("textarea", attrs={"name": "body"}).get_text().strip() == "Min tekst."
    with app.app_context():
        assert latest_revision(db.session, page_id).body == "Den andres tekst."
    newest = page.find("input", attrs={"name": "based_on"})["value"]
    client.post(f"/admin/pages/{page_id}", data=mine | {"based_on": newest})
    with app.app_context():
        assert latest_revision(db.session, page_id).body == "Min tekst."


def test_preview_shows_the_rendered_text_without_saving(app, client, editor, page_id):
    data = edit(
        client, page_id, body="## Overskrift\n\n<script>alert(1)</script>", action="preview"
    )

    page = parse(client.post(f"/admin/pages/{page_id}", data=data))
    fragment = parse(
        client.post(f"/admin/pages/{page_id}", data=data, headers={"HX-Request": "true"})
    )

    assert text_of(page.select_one("#preview h2")) == "Overskrift"
    assert fragment.find("html") is None and fragment.select_one(".preview h2")
    assert not page.select("#preview script") and not fragment.select("script")
    with app.app_context():
        assert latest_revision(db.session, page_id).body == "Gammel tekst."


def test_an_empty_title_is_refused_with_the_text_kept(client, editor, page_id):
    page = parse(
        client.post(
            f"/admin/pages/{page_id}", data=edit(client, page_id, title="", body="Beholdes")
        )
    )

    assert "title" in error_summary_links(page)
    assert "Beholdes" in page.find("textarea", attrs={"name": "body"}).get_text()


def test_a_new_page_with_a_slug_that_exists_is_refused(app, client, editor, page_id):
    _, token = form_with_token(client, "/admin/pages/new")
    data = {
        "csrf_token": token,
        "slug": "bostotte",
        "language": "nb",
        "title": "T",
        "summary": "S",
        "body": "B",
    }

    page = parse(client.post("/admin/pages/new", data=data))

    assert "finnes allerede" in error_summary_links(page)["slug"]
    with app.app_context():
        assert len(db.session.scalars(select(Page)).all()) == 1


def test_a_new_translation_starts_as_an_unpublished_draft(app, client, editor, page_id):
    _, token = form_with_token(client, "/admin/pages/new?slug=bostotte&language=nn")
    data = {
        "csrf_token": token,
        "slug": "bostotte",
        "language": "nn",
        "title": "Bustøtte",
        "summary": "S",
        "body": "B",
    }

    response = client.post("/admin/pages/new", data=data)

    assert response.status_code == 302
    assert client.get("/nn/info/bostotte").status_code == 200  # still the bokmål fallback
    assert "Bustøtte" not in text_of(parse(client.get("/nn/info/bostotte")).h1)


def test_the_editor_offers_only_the_translations_that_are_missing(app, client, editor, page_id):
    with app.app_context():
        make_page(db.session, language="en", title="Housing allowance")

    page = parse(client.get(f"/admin/pages/{page_id}"))

    offers = [a["href"] for a in page.find_all("a", href=lambda h: h and "/admin/pages/new" in h)]
    assert [offer.split("language=")[1][:2] for offer in offers] == [
        "nn",
        "pl",
        "so",
        "uk",
        "ar",
        "ti",
    ]


def test_restoring_an_old_revision_from_the_history(app, client, editor, page_id):
    client.post(f"/admin/pages/{page_id}", data=edit(client, page_id, body="Ny tekst."))
    history = parse(client.get(f"/admin/pages/{page_id}/history"))
    restore = history.select("tbody form")[0]

    client.post(restore["action"], data={"csrf_token": restore.find("input")["value"]})

    with app.app_context():
        assert latest_revision(db.session, page_id).body == "Gammel tekst."


def test_unpublishing_hides_the_page_from_residents(client, editor, page_id):
    _, token = form_with_token(client, f"/admin/pages/{page_id}")

    client.post(f"/admin/pages/{page_id}/unpublish", data={"csrf_token": token})

    assert client.get("/nb/info/bostotte").status_code == 404


def test_archiving_sends_old_links_on_with_a_permanent_redirect(app, client, editor, page_id):
    with app.app_context():
        make_page(db.session, slug="bostotte-2027", title="Bostøtte 2027")
        make_page(db.session, slug="bostotte", language="en", title="Housing allowance")
    form, token = form_with_token(client, f"/admin/pages/{page_id}")
    offered = [o["value"] for o in form.find("select", id="to_slug").find_all("option")]
    assert "bostotte-2027" in offered and "bostotte" not in offered

    response = client.post(
        f"/admin/pages/{page_id}/archive", data={"csrf_token": token, "to_slug": "bostotte-2027"}
    )

    assert response.status_code == 302
    listed = text_of(parse(client.get("/admin/pages")).find("tbody"))
    assert listed.count("Arkivert") == 2
    for lang in ("nb", "en"):
        moved = client.get(f"/{lang}/info/bostotte")
        assert moved.status_code == 301
        assert moved.headers["Location"] == f"/{lang}/info/bostotte-2027"


def test_archiving_without_choosing_where_readers_go_is_refused(client, editor, page_id):
    _, token = form_with_token(client, f"/admin/pages/{page_id}")

    page = parse(client.post(f"/admin/pages/{page_id}/archive", data={"csrf_token": token}))

    assert error_summary_links(page) == {"to_slug": "Velg siden lesere skal sendes videre til."}
    assert client.get("/nb/info/bostotte").status_code == 200


def test_a_change_scheduled_in_oslo_time_goes_live_when_the_command_runs_after_it(
    app, client, runner, editor, page_id
):
    client.post(f"/admin/pages/{page_id}", data=edit(client, page_id, body="Fra mars."))
    _, token = form_with_token(client, f"/admin/pages/{page_id}")
    form = {"csrf_token": token, "action": "publish", "day": "2099-03-01", "at": "08:00"}

    assert client.post(f"/admin/pages/{page_id}/schedule", data=form).status_code == 302

    planned = text_of(parse(client.get(f"/admin/pages/{page_id}")).select_one("main"))
    assert "Publiseres 2099-03-01 08:00" in planned
    assert "Fra mars." not in text_of(parse(client.get("/nb/info/bostotte")).main)
    with app.app_context():
        [change] = scheduling.planned(db.session, page_id)
        assert change.run_at == datetime(2099, 3, 1, 7, 0, tzinfo=UTC)
        scheduling.apply_due(db.session, now=change.run_at)
    assert "Fra mars." in text_of(parse(client.get("/nb/info/bostotte")).main)
    assert "0 scheduled page changes made." in runner.invoke(args=["publish-scheduled"]).output


def test_a_schedule_in_the_past_is_refused_with_a_clear_message(app, client, editor, page_id):
    _, token = form_with_token(client, f"/admin/pages/{page_id}")
    form = {"csrf_token": token, "action": "unpublish", "day": "2020-01-01", "at": "08:00"}

    page = parse(client.post(f"/admin/pages/{page_id}/schedule", data=form))

    assert error_summary_links(page) == {
        "day": "Tidspunktet har vært. Velg en dato og et klokkeslett fram i tid."
    }
    assert page.find("input", id="day")["value"] == "2020-01-01"
    with app.app_context():
        assert scheduling.planned(db.session, page_id) == []


def test_a_review_date_puts_the_page_on_the_list_of_pages_to_read_again(client, editor, page_id):
    _, token = form_with_token(client, f"/admin/pages/{page_id}")
    soon = (datetime.now(UTC) + timedelta(days=5)).date().isoformat()
    data = {"csrf_token": token, "review_status": "reviewed", "review_by": soon}

    client.post(f"/admin/pages/{page_id}/review", data=data)

    rows = parse(client.get("/admin/pages/due")).select("tbody tr")
    assert [text_of(row.find_all("td")[1]) for row in rows] == ["Bostøtte"]
    assert soon in text_of(rows[0])


def test_a_page_saved_with_a_link_to_a_page_that_does_not_exist_names_the_link(
    app, client, editor, page_id
):
    body = "Les om [startlån](/nb/info/startlaan) og bruk [kalkulatoren](/nb/calculator)."

    page = parse(client.post(f"/admin/pages/{page_id}", data=edit(client, page_id, body=body)))

    assert error_summary_links(page) == {
        "body": "Lenken «/nb/info/startlaan» går ikke til noe som finnes her. Rett eller fjern den."
    }
    assert textarea_value(page.find("textarea", id="body")) == body
    with app.app_context():
        assert latest_revision(db.session, page_id).body == "Gammel tekst."

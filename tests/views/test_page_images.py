"""Editors put images into pages; residents get them at the shown size, cached for a year."""

import io
import re

import pytest
from sqlalchemy import func, select

from portal.db import db
from portal.models import Image, PageRevision
from tests import images as pictures
from tests.factories import make_page
from tests.html import error_summary_links, form_with_token, parse, text_of, textarea_value
from tests.staff import make_staff, sign_in


@pytest.fixture
def page_id(app, client):
    with app.app_context():
        page = make_page(db.session, title="Bostøtte", body="Gammel tekst.")
        sign_in(client, make_staff(db.session, "editor"))
        return page.id


def upload(client, page_id, content: bytes, *, alt="Inngangen til rådhuset", decorative=False):
    _, token = form_with_token(client, f"/admin/pages/{page_id}")
    data = {"csrf_token": token, "alt_text": alt, "file": (io.BytesIO(content), "bilde.jpg")}
    if decorative:
        data["is_decorative"] = "y"
    return client.post(
        f"/admin/pages/{page_id}/images", data=data, content_type="multipart/form-data"
    )


def nothing_stored(app) -> bool:
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(Image)) == 0
            and db.session.scalar(select(func.count()).select_from(PageRevision)) == 1
        )


def test_an_uploaded_image_is_in_the_draft_and_shown_once_published(client, page_id):
    assert upload(client, page_id, pictures.photo()).status_code == 302

    editor_page = parse(client.get(f"/admin/pages/{page_id}"))
    body = textarea_value(editor_page.find("textarea", id="body"))
    [name] = re.findall(r"!\[Inngangen til rådhuset\]\(/media/([^)]+)\)", body)
    _, token = form_with_token(client, f"/admin/pages/{page_id}")
    client.post(f"/admin/pages/{page_id}/publish", data={"csrf_token": token})

    img = parse(client.get("/nb/info/bostotte")).select_one(".prose img")
    assert (img["src"], img["alt"], img["width"], img["height"]) == (
        f"/media/{name}", "Inngangen til rådhuset", "1200", "800",
    )  # fmt: skip
    assert "600w" in img["srcset"] and img["sizes"]


def test_an_image_is_served_with_a_year_of_caching_and_no_cookie(client, page_id):
    upload(client, page_id, pictures.photo(800, 600))
    body = textarea_value(parse(client.get(f"/admin/pages/{page_id}")).find("textarea", id="body"))
    url = re.search(r"\((/media/[^)]+)\)", body)[1]

    response = client.get(url)

    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert "immutable" in response.headers["Cache-Control"]
    assert response.cache_control.max_age == 365 * 24 * 3600
    assert "Set-Cookie" not in response.headers
    assert client.get("/media/" + "0" * 32 + "-10x10.jpg").status_code == 404
    assert client.get("/media/..%2Fsecret_key").status_code == 404


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (pictures.NOT_AN_IMAGE, "Filen er ikke et bilde vi kan lese. Bruk JPG, PNG eller WebP."),
        (pictures.SVG, "SVG-filer tar vi ikke imot. Lagre bildet som JPG eller PNG."),
        (
            pictures.decompression_bomb(),
            "Bildet har for mange piksler. Gjør det mindre og prøv igjen.",
        ),
    ],
    ids=["not-an-image", "svg", "bomb"],
)
def test_a_file_that_is_not_a_safe_picture_is_refused_with_a_clear_message(
    app, client, page_id, content, message
):
    response = upload(client, page_id, content)

    assert response.status_code == 200
    assert error_summary_links(parse(response)) == {"file": message}
    assert nothing_stored(app)


def test_an_image_without_words_is_refused_unless_it_is_decoration(app, client, page_id):
    page = parse(upload(client, page_id, pictures.photo(), alt=""))

    assert set(error_summary_links(page)) == {"alt_text"}
    assert nothing_stored(app)
    assert upload(client, page_id, pictures.photo(), alt="", decorative=True).status_code == 302


def test_a_30_mb_image_gets_a_page_that_says_the_limit_and_nothing_is_stored(app, client, page_id):
    huge = b"\xff\xd8\xff" + b"\0" * (30 * 1024 * 1024)

    response = upload(client, page_id, huge)

    assert response.status_code == 413
    assert "Bildet er større enn 10 MB" in text_of(parse(response).main)
    assert nothing_stored(app)


def test_an_image_over_10_mb_within_the_request_limit_is_refused_in_the_form(app, client, page_id):
    response = upload(client, page_id, b"\xff\xd8\xff" + b"\0" * (11 * 1024 * 1024))

    assert error_summary_links(parse(response)) == {
        "file": "Bildet er større enn 10 MB. Velg et mindre bilde."
    }
    assert nothing_stored(app)

"""Images for information pages: only real pictures, resized, without metadata, described."""

import io

import pytest
from PIL import Image as Pillow
from sqlalchemy import func, select

from portal.models import Image, ImageVariant, PageRevision
from portal.services.information import image_names, images, page_editing
from portal.services.information.images import ImageRefused
from portal.services.information.pages import published_page
from portal.services.staff.audit import Actor
from tests import images as pictures
from tests.factories import NOW, make_page
from tests.staff import make_staff


@pytest.fixture
def actor(session) -> Actor:
    return Actor(make_staff(session, "editor", name="Eva Editor"), "10.0.0.1")


def test_a_phone_photo_is_made_display_sized_and_loses_its_camera_and_place():
    large, small = images.encode(pictures.photo(2400, 1600))

    assert (large.width, large.height, large.extension) == (1200, 800, "jpg")
    assert (small.width, small.height) == (600, 400)
    for version in (large, small):
        reopened = Pillow.open(io.BytesIO(version.content))
        assert reopened.format == "JPEG"
        assert dict(reopened.getexif()) == {}
        assert b"Exif" not in version.content and b"PhoneMaker" not in version.content


def test_a_transparent_graphic_stays_png_and_a_small_one_keeps_its_size():
    [only] = images.encode(pictures.transparent_png(300, 200))

    assert (only.width, only.height, only.extension) == (300, 200, "png")
    assert Pillow.open(io.BytesIO(only.content)).mode == "RGBA"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (pictures.NOT_AN_IMAGE, "not_an_image"),
        (pictures.SVG, "svg"),
        (b"  \n<svg onload='alert(1)'/>", "svg"),
        (pictures.decompression_bomb(), "too_many_pixels"),
        (pictures.truncated_jpeg(), "not_an_image"),
        (b"\xff\xd8\xff" + b"\0" * (10 * 1024 * 1024), "too_large"),
    ],
    ids=["empty", "pdf", "svg", "bare-svg", "bomb", "truncated", "over-10-mb"],
)
def test_what_is_not_a_safe_picture_is_refused(content, reason):
    with pytest.raises(ImageRefused) as refused:
        images.encode(content)

    assert refused.value.reason == reason


def stored(session, directory) -> tuple[int, int, int]:
    files = len(list(directory.iterdir())) if directory.exists() else 0
    rows = session.scalar(select(func.count()).select_from(Image))
    revisions = session.scalar(select(func.count()).select_from(PageRevision))
    return files, rows, revisions


def test_an_image_goes_into_the_newest_draft_with_its_words_and_not_live(session, tmp_path, actor):
    page = make_page(session, body="Tekst.")

    image = images.add_to_page(
        session, tmp_path, page.id, pictures.photo(), alt_text="Rådhuset med rampe",
        is_decorative=False, actor=actor, now=NOW,
    )  # fmt: skip

    latest = page_editing.latest_revision(session, page.id)
    large = image.variants[0]
    assert latest.body == f"Tekst.\n\n![Rådhuset med rampe](/media/{large.name})\n"
    assert published_page(session, "bostotte", "nb").html.count("<img") == 0
    assert {v.name for v in image.variants} == {
        image_names.variant_name(image.key, 1200, 800, "jpg"),
        image_names.variant_name(image.key, 600, 400, "jpg"),
    }
    path, content_type = images.file_of(session, tmp_path, large.name)
    assert content_type == "image/jpeg" and path.parent == tmp_path and path.name != large.name


def test_a_decorative_image_gets_empty_words(session, tmp_path, actor):
    page = make_page(session, body="Tekst.")

    images.add_to_page(session, tmp_path, page.id, pictures.transparent_png(), alt_text="",
                       is_decorative=True, actor=actor, now=NOW)  # fmt: skip

    assert "![](/media/" in page_editing.latest_revision(session, page.id).body


@pytest.mark.parametrize(
    ("content", "alt", "reason"),
    [
        (pictures.photo(), "", "no_alt"),
        (pictures.SVG, "Logo", "svg"),
        (pictures.NOT_AN_IMAGE, "Skjema", "not_an_image"),
    ],
)
def test_a_refused_image_leaves_no_file_no_row_and_no_draft(
    session, tmp_path, actor, content, alt, reason
):
    page = make_page(session)
    before = stored(session, tmp_path)

    with pytest.raises(ImageRefused) as refused:
        images.add_to_page(session, tmp_path, page.id, content, alt_text=alt,
                           is_decorative=False, actor=actor, now=NOW)  # fmt: skip

    assert refused.value.reason == reason
    session.rollback()
    assert stored(session, tmp_path) == before


def test_the_same_picture_twice_is_stored_once(session, tmp_path, actor):
    page = make_page(session)
    content = pictures.photo(800, 600)

    for _ in range(2):
        images.add_to_page(session, tmp_path, page.id, content, alt_text="Et hus",
                           is_decorative=False, actor=actor, now=NOW)  # fmt: skip

    assert session.scalar(select(func.count()).select_from(ImageVariant)) == 2
    assert len(list(tmp_path.iterdir())) == 2


def test_a_truncated_picture_is_refused_even_after_a_letter_was_drawn():
    """WeasyPrint switches Pillow to accepting truncated files when it is imported."""
    import weasyprint  # noqa: F401

    with pytest.raises(ImageRefused) as refused:
        images.encode(pictures.truncated_jpeg())

    assert refused.value.reason == "not_an_image"

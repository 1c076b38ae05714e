"""Published information: editors write, preview, publish and look back at pages.

Editors and admins only: nothing here reaches case data.
"""

from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from admin import LOCAL_TIME, bp, current_actor
from admin.access import requires
from admin.forms.pages import (
    ArchiveForm,
    EditPageForm,
    ImageForm,
    NewPageForm,
    ReviewForm,
    ScheduleForm,
)
from portal.db import db, utcnow
from portal.errors import says_when_too_large
from portal.extensions import htmx
from portal.i18n import LANGUAGES
from portal.media import media_directory
from portal.paths import is_route
from portal.permissions import Permission
from portal.rate_limits import accepts_files
from portal.services.information import (
    archive,
    images,
    markdown,
    page_editing,
    pages,
    scheduling,
)


def _page(page_id: int):
    page = pages.get_page(db.session, page_id)
    if page is None:
        abort(404)
    return page


@bp.get("/pages")
@requires(Permission.EDIT_PAGES)
def page_list():
    by_slug = pages.pages_for_editors(db.session)
    return render_template("admin/pages/list.html", by_slug=by_slug, languages=LANGUAGES)


@bp.route("/pages/new", methods=["GET", "POST"])
@requires(Permission.EDIT_PAGES)
def new_page():
    form = NewPageForm(data=request.args.to_dict() if request.method == "GET" else None)
    if form.validate_on_submit():
        text = page_editing.Text(form.title.data, form.summary.data, form.body.data)
        try:
            page = page_editing.create_draft(
                db.session,
                slug=form.slug.data,
                language=form.language.data,
                text=text,
                actor=current_actor(),
                now=utcnow(),
                is_route=is_route,
            )
        except page_editing.BrokenLinks as broken:
            form.body.errors.append(_broken_links_message(broken))
        except pages.SlugTaken:
            form.slug.errors.append(
                _("Det finnes allerede en side med denne adressen på dette språket.")
            )
        else:
            flash(_("Siden er lagret som utkast. Den vises ikke før du publiserer den."))
            return redirect(url_for(".edit_page", page_id=page.id))
    return render_template("admin/pages/new.html", form=form)


@bp.route("/pages/<int:page_id>", methods=["GET", "POST"])
@requires(Permission.EDIT_PAGES)
def edit_page(page_id: int):
    page = _page(page_id)
    latest = page_editing.latest_revision(db.session, page.id)
    form = EditPageForm(obj=latest, based_on=latest.id)
    action = request.form.get("action", "save")
    if request.method == "POST" and action == "preview":
        preview = markdown.render(form.body.data or "")
        if htmx:
            return render_template("admin/pages/_preview.html", preview=preview)
        return _edit(page, latest, form, preview=preview)
    if form.validate_on_submit():
        try:
            return _save(page, form, publish=action == "publish")
        except page_editing.BrokenLinks as broken:
            form.body.errors.append(_broken_links_message(broken))
        except page_editing.PageChanged as changed:
            # Saving again now is a deliberate choice to replace the other change.
            form.based_on.data, form.based_on.raw_data = changed.latest.id, [str(changed.latest.id)]
            return _edit(page, changed.latest, form, conflict=changed.latest)
    return _edit(page, latest, form)


def _save(page, form: EditPageForm, *, publish: bool):
    text = page_editing.Text(form.title.data, form.summary.data, form.body.data)
    page_editing.save_draft(
        db.session,
        page.id,
        text,
        based_on=form.based_on.data,
        actor=current_actor(),
        now=utcnow(),
        publish_now=publish,
        is_route=is_route,
    )
    if publish:
        flash(_("Siden er publisert."))
    else:
        flash(_("Utkastet er lagret. Det vises ikke før du publiserer det."))
    return redirect(url_for(".edit_page", page_id=page.id))


def _archive_form(page, form: ArchiveForm | None = None) -> ArchiveForm:
    titles = pages.titles_by_slug(db.session, page.language, published_only=True)
    return (form or ArchiveForm(formdata=None)).offer(titles, leaving_out=page.slug)


IMAGE_REFUSALS = {
    "empty": _l("Filen er tom. Velg et annet bilde."),
    "too_large": _l("Bildet er større enn 10 MB. Velg et mindre bilde."),
    "svg": _l("SVG-filer tar vi ikke imot. Lagre bildet som JPG eller PNG."),
    "not_an_image": _l("Filen er ikke et bilde vi kan lese. Bruk JPG, PNG eller WebP."),
    "too_many_pixels": _l("Bildet har for mange piksler. Gjør det mindre og prøv igjen."),
    "no_alt": _l("Skriv hva bildet viser, eller kryss av for at det bare er pynt."),
    "not_stored": _l("Vi klarte ikke å lagre bildet akkurat nå. Prøv igjen om litt."),
}


def _broken_links_message(broken: page_editing.BrokenLinks) -> str:
    named = ", ".join(f"«{url}»" for url in broken.urls)
    return ngettext(
        "Lenken %(links)s går ikke til noe som finnes her. Rett eller fjern den.",
        "Lenkene %(links)s går ikke til noe som finnes her. Rett eller fjern dem.",
        len(broken.urls),
        links=named,
    )


def _edit(page, latest, form, *, preview=None, conflict=None, **other_forms):
    return render_template(
        "admin/pages/edit.html",
        page=page,
        latest=latest,
        form=form,
        preview=preview,
        conflict=conflict,
        review_form=other_forms.get("review_form")
        or ReviewForm(formdata=None, review_status=page.review_status, review_by=page.review_by),
        archive_form=_archive_form(page, other_forms.get("archive_form")),
        image_form=other_forms.get("image_form") or ImageForm(formdata=None),
        schedule_form=other_forms.get("schedule_form") or ScheduleForm(formdata=None),
        planned=scheduling.planned(db.session, page.id),
        moved_to=archive.redirect_target(db.session, page.slug),
        has_unpublished_changes=pages.has_unpublished_changes(page, latest),
        is_behind=pages.translation_is_behind(db.session, page),
        languages=LANGUAGES,
        missing_languages=[
            code for code in LANGUAGES if code not in pages.languages_of(db.session, page.slug)
        ],
    )


@bp.post("/pages/<int:page_id>/publish")
@requires(Permission.EDIT_PAGES)
def publish_page(page_id: int):
    page = _page(page_id)
    latest = page_editing.latest_revision(db.session, page.id)
    page_editing.publish(
        db.session, page.id, revision_id=latest.id, actor=current_actor(), now=utcnow()
    )
    flash(_("Siden er publisert."))
    return redirect(url_for(".edit_page", page_id=page.id))


@bp.post("/pages/<int:page_id>/unpublish")
@requires(Permission.EDIT_PAGES)
def unpublish_page(page_id: int):
    page = _page(page_id)
    page_editing.unpublish(db.session, page.id, actor=current_actor(), now=utcnow())
    flash(_("Siden er avpublisert. Innbyggerne ser den ikke lenger."))
    return redirect(url_for(".edit_page", page_id=page.id))


@bp.post("/pages/<int:page_id>/images")
@requires(Permission.EDIT_PAGES)
@accepts_files
@says_when_too_large(_l("Bildet er større enn 10 MB. Gå tilbake og velg et mindre bilde."))
def add_image(page_id: int):
    page = _page(page_id)
    form = ImageForm()
    if form.validate_on_submit():
        try:
            images.add_to_page(
                db.session,
                media_directory(),
                page.id,
                form.file.data.read(images.MAX_BYTES + 1),
                alt_text=form.alt_text.data or "",
                is_decorative=form.is_decorative.data,
                actor=current_actor(),
                now=utcnow(),
            )
        except images.ImageRefused as refused:
            field = form.alt_text if refused.reason == "no_alt" else form.file
            field.errors.append(IMAGE_REFUSALS[refused.reason])
        else:
            flash(_("Bildet er lagt nederst i utkastet. Flytt det dit det passer, og publiser."))
            return redirect(url_for(".edit_page", page_id=page.id))
    return _other_form_refused(page, image_form=form)


@bp.post("/pages/<int:page_id>/archive")
@requires(Permission.EDIT_PAGES)
def archive_page(page_id: int):
    page = _page(page_id)
    form = _archive_form(page, ArchiveForm())
    if form.validate_on_submit():
        try:
            archive.archive_page(
                db.session,
                page.slug,
                to_slug=form.to_slug.data,
                actor=current_actor(),
                now=utcnow(),
            )
        except archive.ArchiveRefused:
            form.to_slug.errors.append(_("Velg en annen side som er publisert."))
        else:
            flash(_("Siden er arkivert på alle språk. Lenker til den sender nå lesere videre."))
            return redirect(url_for(".edit_page", page_id=page.id))
    return _other_form_refused(page, archive_form=form)


@bp.post("/pages/<int:page_id>/review")
@requires(Permission.EDIT_PAGES)
def review_page(page_id: int):
    page = _page(page_id)
    form = ReviewForm()
    if form.validate_on_submit():
        page_editing.save_review(
            db.session,
            page.id,
            status=form.review_status.data,
            review_by=form.review_by.data,
            actor=current_actor(),
            now=utcnow(),
        )
        flash(_("Statusen er lagret."))
        return redirect(url_for(".edit_page", page_id=page.id))
    return _other_form_refused(page, review_form=form)


@bp.post("/pages/<int:page_id>/schedule")
@requires(Permission.EDIT_PAGES)
def schedule_change(page_id: int):
    page = _page(page_id)
    form = ScheduleForm()
    if form.validate_on_submit():
        moment = datetime.combine(form.day.data, form.at.data, tzinfo=LOCAL_TIME)
        try:
            scheduling.schedule(
                db.session, page.id, form.action.data, moment, actor=current_actor(), now=utcnow()
            )
        except scheduling.ScheduleRefused:
            form.day.errors.append(
                _("Tidspunktet har vært. Velg en dato og et klokkeslett fram i tid.")
            )
        else:
            flash(_("Endringen er planlagt %(time)s.", time=moment.strftime("%Y-%m-%d %H:%M")))
            return redirect(url_for(".edit_page", page_id=page.id))
    return _other_form_refused(page, schedule_form=form)


@bp.post("/pages/<int:page_id>/schedule/<int:change_id>/cancel")
@requires(Permission.EDIT_PAGES)
def cancel_change(page_id: int, change_id: int):
    page = _page(page_id)
    if scheduling.cancel(db.session, page.id, change_id, actor=current_actor(), now=utcnow()):
        flash(_("Den planlagte endringen er avlyst."))
    else:
        flash(_("Endringen er allerede gjort eller avlyst."))
    return redirect(url_for(".edit_page", page_id=page.id))


@bp.get("/pages/due")
@requires(Permission.EDIT_PAGES)
def pages_due():
    today = utcnow().astimezone(LOCAL_TIME).date()
    return render_template(
        "admin/pages/due.html", due=pages.due_for_review(db.session, today=today), today=today
    )


def _other_form_refused(page, **other_forms):
    """The edit page again, with one of its smaller forms showing what to correct."""
    latest = page_editing.latest_revision(db.session, page.id)
    form_for_text = EditPageForm(formdata=None, obj=latest, based_on=latest.id)
    return _edit(page, latest, form_for_text, **other_forms)


@bp.get("/pages/<int:page_id>/history")
@requires(Permission.EDIT_PAGES)
def page_history(page_id: int):
    page = _page(page_id)
    return render_template(
        "admin/pages/history.html", page=page, revisions=pages.revisions(db.session, page.id)
    )


@bp.get("/pages/<int:page_id>/history/<int:revision_id>")
@requires(Permission.EDIT_PAGES)
def page_revision(page_id: int, revision_id: int):
    page = _page(page_id)
    revision = next((r for r in pages.revisions(db.session, page.id) if r.id == revision_id), None)
    if revision is None:
        abort(404)
    return render_template(
        "admin/pages/revision.html",
        page=page,
        revision=revision,
        html=markdown.render(revision.body),
    )


@bp.post("/pages/<int:page_id>/history/<int:revision_id>/restore")
@requires(Permission.EDIT_PAGES)
def restore_revision(page_id: int, revision_id: int):
    page = _page(page_id)
    try:
        page_editing.restore(db.session, page.id, revision_id, actor=current_actor(), now=utcnow())
    except page_editing.PageNotFound:
        abort(404)
    flash(_("Den eldre versjonen er nå det nyeste utkastet. Publiser for å vise den."))
    return redirect(url_for(".edit_page", page_id=page.id))

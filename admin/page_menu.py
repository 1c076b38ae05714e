"""The menu of information pages: editors group pages and put groups and pages in order,
per language. The start page lists the groups; each page shows the rest of its group."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from admin import bp, current_actor
from admin.access import requires
from admin.forms.page_menu import GroupForm
from portal.db import db, utcnow
from portal.i18n import LANGUAGES, shipped_language
from portal.permissions import Permission
from portal.services.information import navigation, ordering, pages


def _language() -> str:
    """The language whose menu or cards are edited (?lang=), bokmål unless another is named."""
    return shipped_language(request.args.get("lang"))


def _group(group_id: int):
    group = navigation.get_group(db.session, group_id)
    if group is None:
        abort(404)
    return group


@bp.get("/page-menu")
@requires(Permission.EDIT_PAGES)
def page_menu():
    language = _language()
    return render_template(
        "admin/page_menu/list.html",
        groups=navigation.groups_for_editors(db.session, language),
        titles=pages.titles_by_slug(db.session, language),
        language=language,
        languages=LANGUAGES,
    )


@bp.route("/page-menu/new", methods=["GET", "POST"])
@requires(Permission.EDIT_PAGES)
def new_group():
    return _edit(None, _language(), GroupForm())


@bp.route("/page-menu/<int:group_id>", methods=["GET", "POST"])
@requires(Permission.EDIT_PAGES)
def edit_group(group_id: int):
    group = _group(group_id)
    listed = "\n".join(item.slug for item in group.items)
    form = GroupForm(title=group.title, pages=listed) if request.method == "GET" else GroupForm()
    return _edit(group, group.language, form)


def _edit(group, language: str, form: GroupForm):
    if form.validate_on_submit():
        try:
            navigation.save_group(
                db.session,
                group.id if group else None,
                title=form.title.data,
                slugs=form.slugs,
                language=language,
                actor=current_actor(),
                now=utcnow(),
            )
        except navigation.InvalidGroup as invalid:
            if invalid.field == "title":
                form.title.errors.append(_("Skriv et navn på gruppen. Det kan ha høyst 120 tegn."))
            elif invalid.unknown:
                form.pages.errors.append(
                    _(
                        "Det finnes ingen side med adressen «%(slug)s». Se listen over sidene.",
                        slug=invalid.unknown[0],
                    )
                )
            else:
                form.pages.errors.append(_("En gruppe kan ha høyst 30 sider."))
        else:
            flash(_("Gruppen er lagret. Forsiden og sidene viser den med en gang."))
            return redirect(url_for(".page_menu", lang=language))
    return render_template(
        "admin/page_menu/edit.html",
        form=form,
        group=group,
        titles=pages.titles_by_slug(db.session, language),
        language=language,
        languages=LANGUAGES,
    )


@bp.post("/page-menu/<int:group_id>/move")
@requires(Permission.EDIT_PAGES)
def move_group(group_id: int):
    group = _group(group_id)
    direction = request.form.get("direction", "")
    if direction in (ordering.UP, ordering.DOWN):
        navigation.move_group(db.session, group.id, direction, actor=current_actor(), now=utcnow())
    return redirect(url_for(".page_menu", lang=group.language, _anchor=f"group-{group.id}"))


@bp.route("/page-menu/<int:group_id>/delete", methods=["GET", "POST"])
@requires(Permission.EDIT_PAGES)
def delete_group(group_id: int):
    group = _group(group_id)
    if request.method == "GET":
        return render_template("admin/page_menu/delete.html", group=group)
    language, title = group.language, group.title
    navigation.delete_group(db.session, group.id, actor=current_actor(), now=utcnow())
    flash(
        _("Gruppen «%(title)s» er fjernet fra menyen. Sidene i den er ikke slettet.", title=title)
    )
    return redirect(url_for(".page_menu", lang=language))

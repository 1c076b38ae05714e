"""The start page's cards: editors add, change, order and remove them, per language."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from admin import bp, current_actor
from admin.access import requires
from admin.forms.start_page import CardForm
from portal.db import db, utcnow
from portal.i18n import LANGUAGES, shipped_language
from portal.permissions import Permission
from portal.services.information import ordering, pages, start_page

CARD_REFUSALS = {
    "title": _l("Skriv en tittel på kortet. Den kan ha høyst 120 tegn."),
    "text": _l("Teksten kan ha høyst 300 tegn."),
    "link": _l("Velg en side som finnes."),
    "action_route": _l("Velg en ekstra lenke, eller fjern teksten til den."),
    "action_text": _l("Skriv teksten på den ekstra lenken, eller velg «Ingen»."),
}


def _language() -> str:
    """The language whose menu or cards are edited (?lang=), bokmål unless another is named."""
    return shipped_language(request.args.get("lang"))


def _card(card_id: int):
    card = start_page.get_card(db.session, card_id)
    if card is None:
        abort(404)
    return card


@bp.get("/start-page")
@requires(Permission.EDIT_PAGES)
def start_cards():
    language = _language()
    return render_template(
        "admin/start_page/list.html",
        cards=start_page.cards_for_editors(db.session, language),
        language=language,
        languages=LANGUAGES,
    )


@bp.route("/start-page/new", methods=["GET", "POST"])
@requires(Permission.EDIT_PAGES)
def new_card():
    return _edit(None, _language(), CardForm())


@bp.route("/start-page/<int:card_id>", methods=["GET", "POST"])
@requires(Permission.EDIT_PAGES)
def edit_card(card_id: int):
    card = _card(card_id)
    link = f"{card.link_kind}:{card.link_target}"
    form = CardForm(obj=card, link=link) if request.method == "GET" else CardForm()
    return _edit(card, card.language, form)


def _edit(card, language: str, form: CardForm):
    form.offer(pages.titles_by_slug(db.session, language))
    if form.validate_on_submit():
        kind, _sep, target = form.link.data.partition(":")
        text = start_page.CardText(
            form.title.data, form.text.data, kind, target,
            form.action_route.data or "", form.action_text.data or "",
        )  # fmt: skip
        try:
            start_page.save_card(
                db.session,
                card.id if card else None,
                text,
                language=language,
                actor=current_actor(),
                now=utcnow(),
            )
        except start_page.InvalidCard as invalid:
            form[invalid.field].errors.append(CARD_REFUSALS[invalid.field])
        else:
            flash(_("Kortet er lagret. Forsiden viser det med en gang."))
            return redirect(url_for(".start_cards", lang=language))
    return render_template(
        "admin/start_page/edit.html", form=form, card=card, language=language, languages=LANGUAGES
    )


@bp.post("/start-page/<int:card_id>/move")
@requires(Permission.EDIT_PAGES)
def move_card(card_id: int):
    card = _card(card_id)
    direction = request.form.get("direction", "")
    if direction in (ordering.UP, ordering.DOWN):
        start_page.move_card(db.session, card.id, direction, actor=current_actor(), now=utcnow())
    return redirect(url_for(".start_cards", lang=card.language, _anchor=f"card-{card.id}"))


@bp.route("/start-page/<int:card_id>/delete", methods=["GET", "POST"])
@requires(Permission.EDIT_PAGES)
def delete_card(card_id: int):
    card = _card(card_id)
    if request.method == "GET":
        return render_template("admin/start_page/delete.html", card=card)
    language, title = card.language, card.title
    start_page.delete_card(db.session, card.id, actor=current_actor(), now=utcnow())
    flash(_("Kortet «%(title)s» er fjernet fra forsiden.", title=title))
    return redirect(url_for(".start_cards", lang=language))

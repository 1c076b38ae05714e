""" "What can I get help with?": one question per page, then the schemes worth a look.

The answers travel in the address (GET forms), so the back button, a bookmark
and a browser without JavaScript all work, and nothing is stored.
"""

from flask import render_template, request
from werkzeug.datastructures import MultiDict

from portal.db import db
from portal.http_caching import same_for_everyone
from portal.i18n import current_language
from portal.public import bp
from portal.public.forms.guide import STEPS
from portal.services.information import guide as rules
from portal.services.information.pages import page_links


def _answers_except(name: str) -> MultiDict:
    """The answers already given, to carry along in hidden fields, minus the one being asked."""
    return MultiDict(
        [(key, value) for key, value in request.args.items(multi=True) if key not in {name, "step"}]
    )


@bp.get("/guide")
@same_for_everyone
def guide():
    answered = request.args.get("step", default=0, type=int)
    for number, (name, form_class) in enumerate(STEPS, start=1):
        form = form_class(request.args)
        if number > answered or not form.validate():
            return render_template(
                "public/guide/question.html",
                form=form,
                field=form[name],
                number=number,
                count=len(STEPS),
                carried=_answers_except(name),
                back_step=number - 2,
            )
    answers = rules.Answers(
        situation=request.args["situation"],
        children=request.args["children"],
        circumstances=frozenset(request.args.getlist("circumstances")),
    )
    advice = rules.advise(answers)
    links = page_links(db.session, advice.slugs, current_language())
    change = _answers_except("step").to_dict(flat=False)
    return render_template(
        "public/guide/result.html", advice=advice, links=links, change_answers=change
    )

"""The case queue: everything that came in, filtered, sorted by priority and then age."""

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from admin import bp
from admin.access import requires
from admin.forms.cases import ANY, QueueFilterForm
from admin.kept_pages import kept_for_session
from portal.db import db, utcnow
from portal.extensions import htmx
from portal.models.case import ENDED_STATUSES
from portal.permissions import Permission
from portal.query_values import whole_number
from portal.services.casework import queue, teams, workflow
from portal.services.information.settings import answer_weeks


def _filter_form() -> QueueFilterForm:
    form = QueueFilterForm(request.args)
    form.team.choices = [ANY] + [(str(t.id), t.name) for t in teams.teams(db.session)]
    form.assignee.choices = [
        ANY,
        ("mine", _l("Mine saker")),
        ("nobody", _l("Ingen saksbehandler")),
        *[(str(p.id), p.name) for p in workflow.handlers(db.session)],
    ]
    if not form.validate():
        for field in form:
            if field.errors:
                field.data, field.errors = field.default, []
    return form


def _filters(form: QueueFilterForm) -> queue.QueueFilter:
    return queue.QueueFilter(
        kind=form.kind.data or "",
        status=form.status.data or "open",
        team_id=whole_number(form.team.data),
        assignee=form.assignee.data or "",
        flag=form.flag.data or "",
        new_reply=bool(form.new_reply.data),
        overdue=bool(form.overdue.data),
        search=form.q.data or "",
    )


@bp.get("/queue")
@requires(Permission.HANDLE_CASES)
@kept_for_session
def case_queue():
    form = _filter_form()
    now = utcnow()
    page = queue.queue_page(
        db.session,
        _filters(form),
        after=queue.Cursor.decode(request.args.get("after")),
        me_id=current_user.id,
        now=now,
        answer_weeks=answer_weeks(db.session),
    )
    query = {key: value for key, value in request.args.items() if key != "after"}
    template = "admin/queue/_results.html" if htmx and not htmx.boosted else "admin/queue/list.html"
    return render_template(
        template,
        form=form,
        page=page,
        query=query,
        now=now,
        is_later_page=bool(request.args.get("after")),
        ended_statuses=ENDED_STATUSES,
    )

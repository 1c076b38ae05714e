"""Forms of casework: the queue's filters, and what a caseworker does on a case.

Every form that changes a case carries the version of the case the caseworker saw, so a
change made by a colleague in between is never overwritten without them knowing.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Optional
from wtforms.widgets import HiddenInput

from portal.forms.fields import at_most, one_line, select_choices, strip
from portal.forms.validators import NOT_ON_OFFER
from portal.models.case import CaseKind, CaseStatus, DecisionOutcome, DecisionType, PriorityFlag
from portal.services.casework.decisions import (
    DEFAULT_TENANCY_YEARS,
    TENANCY_YEARS,
    DecisionInput,
)
from portal.services.casework.queue import MAX_SEARCH
from portal.services.casework.workflow import MAX_TEXT

ANY = SelectChoice("", _l("Alle"))


class QueueFilterForm(FlaskForm):
    """A GET form: a filtered queue is an address one can keep or share."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Søk etter saksnummer eller navn"), filters=[one_line], validators=[at_most(MAX_SEARCH)]
    )
    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("open", _l("Alle åpne")),
            SelectChoice("all", _l("Alle")),
            *[SelectChoice(s.value, s.staff_label) for s in CaseStatus],
        ],
        default="open",
    )
    kind = SelectField(_l("Type"), choices=[ANY, *select_choices(CaseKind)], default="")
    # Filled in by the view: the teams and the people who handle cases.
    team = SelectField(_l("Team"), choices=[], default="", validate_choice=False)
    assignee = SelectField(_l("Saksbehandler"), choices=[], default="", validate_choice=False)
    flag = SelectField(_l("Prioritet"), choices=[ANY, *select_choices(PriorityFlag)], default="")
    new_reply = BooleanField(_l("Bare nytt fra innbyggeren"))
    overdue = BooleanField(_l("Bare saker over fristen"))


class VersionedForm(FlaskForm):
    """The version of the case this form was made from (Case.version)."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class StatusForm(VersionedForm):
    status = RadioField(
        _l("Ny status"),
        choices=[],
        validators=[InputRequired(message=_l("Velg ny status."))],
        invalid_choice_message=_l("Saken kan ikke få denne statusen nå."),
    )


class AssignForm(VersionedForm):
    team = SelectField(_l("Team"), choices=[], default="", validate_choice=False)
    assignee = SelectField(_l("Saksbehandler"), choices=[], default="", validate_choice=False)


def _text(label, required):
    return TextAreaField(
        label,
        filters=[strip],
        # DataRequired: after stripping, only spaces is nothing.
        validators=[DataRequired(message=required), at_most(MAX_TEXT)],
    )


class NoteForm(FlaskForm):
    note = _text(_l("Internt notat"), _l("Skriv notatet."))


class MessageForm(FlaskForm):
    message = _text(_l("Melding til innbyggeren"), _l("Skriv meldingen."))


class DocumentRequestForm(VersionedForm):
    description = _text(
        _l("Hvilket dokument trenger du?"), _l("Skriv hvilket dokument du trenger.")
    )


class PreliminaryAnswerForm(VersionedForm):
    reason = _text(_l("Hvorfor tar saken tid?"), _l("Skriv hvorfor saken tar tid."))
    expected_on = DateField(
        _l("Når kan innbyggeren regne med et vedtak?"),
        validators=[InputRequired(message=_l("Skriv datoen slik: 2027-01-31."))],
    )


class DecisionForm(VersionedForm):
    outcome = RadioField(
        _l("Vedtak"),
        choices=[SelectChoice(o.value, o.staff_label) for o in DecisionOutcome],
        validators=[InputRequired(message=_l("Velg hva vedtaket blir."))],
        invalid_choice_message=NOT_ON_OFFER,
    )
    decision_type = RadioField(
        _l("Hva gjelder vedtaket?"),
        choices=[SelectChoice(t.value, t.staff_label) for t in DecisionType],
        default=DecisionType.MUNICIPAL_DWELLING.value,
        validators=[InputRequired(message=_l("Velg hva vedtaket gjelder."))],
        invalid_choice_message=NOT_ON_OFFER,
    )
    grounds = _text(_l("Begrunnelse"), _l("Skriv begrunnelsen. Et vedtak må begrunnes."))
    rules_applied = _text(_l("Regler som er brukt"), _l("Skriv hvilke regler vedtaket bygger på."))
    tenancy_years = SelectField(
        _l("Hvor mange år skal leiekontrakten gjelde?"),
        choices=[SelectChoice(str(y), str(y)) for y in TENANCY_YEARS],
        default=str(DEFAULT_TENANCY_YEARS),
        validators=[Optional()],
        invalid_choice_message=NOT_ON_OFFER,
    )
    next_steps = TextAreaField(
        _l("Hva skjer nå? (valgfritt)"), filters=[strip], validators=[at_most(MAX_TEXT)]
    )

    def choice(self) -> DecisionInput:
        """What the caseworker chose, for the decision service."""
        years = self.tenancy_years.data
        return DecisionInput(
            outcome=self.outcome.data,
            decision_type=self.decision_type.data,
            grounds=self.grounds.data,
            rules_applied=self.rules_applied.data,
            tenancy_years=int(years) if years else None,
            next_steps=self.next_steps.data or "",
        )

    def refused(self, reason: str) -> None:
        """Show why the service refused the decision, at the field it is about."""
        message = DECISION_REFUSALS.get(reason, DECISION_REFUSALS["status"])
        field = getattr(self, reason, None)
        (field.errors if field is not None else self.form_errors).append(message)


class ClosingTextForm(FlaskForm):
    outcome = HiddenField()
    language = HiddenField()
    body = TextAreaField(_l("Tekst"), filters=[strip], validators=[at_most(MAX_TEXT)])


# What a refused decision says, by the reason the service gives (admin/decisions.py,
# admin/meetings.py).
DECISION_REFUSALS = {
    "grounds": _l("Skriv begrunnelsen. Et vedtak må begrunnes."),
    "rules_applied": _l("Skriv hvilke regler vedtaket bygger på."),
    "tenancy_years": _l("Velg hvor lenge leiekontrakten skal gjelde."),
    "status": _l("Saken kan ikke få vedtak nå."),
}

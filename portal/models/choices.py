"""Value lists the database stores as strings, each value with the words people read for it.

One list per idea, defined once beside its model (as Indico keeps an enum's titles beside
the enum): residents' pages, staff pages, messages, demo data and tests all read it from
there. The words are lazy, so they are translated when shown, in the reader's language.

    class CaseStatus(Choice):
        RECEIVED = "received", _l("Mottatt")

    CaseStatus.RECEIVED == "received"      # stored and compared as the plain string
    CaseStatus.RECEIVED.label             # "Mottatt", in the language of the page
    CaseStatus.labels()                   # {"received": "Mottatt", ...} for templates

A list whose values read differently to staff than to residents gives a second label:
`RECEIVED = "received", _l("Vi har tatt imot saken."), _l("Mottatt")` → `.staff_label`.
"""

from enum import StrEnum


class Choice(StrEnum):
    def __new__(cls, value: str, label=None, staff_label=None):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.staff_label = staff_label if staff_label is not None else label
        return member

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)

    @classmethod
    def labels(cls) -> dict[str, object]:
        """Value → the words residents read (lazy)."""
        return {member.value: member.label for member in cls}

    @classmethod
    def staff_labels(cls) -> dict[str, object]:
        """Value → the words staff read (lazy); the residents' words where there are no others."""
        return {member.value: member.staff_label for member in cls}

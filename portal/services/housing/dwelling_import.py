"""Bringing an existing register in from a spreadsheet (CSV).

Every row is checked first and the report lists every row that would be refused, and why.
Only a file with no refused row is imported, and then all of it in one transaction: never
half a register. The columns are named in Norwegian, as the staff who keep the sheet name
them (`TEMPLATE` shows them); values may be the words staff write or the stored codes.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.models import Dwelling
from portal.models.housing import DwellingStatus, Group, Ownership
from portal.services.housing import dwellings
from portal.services.housing.dwellings import DwellingInput
from portal.services.staff import audit
from portal.services.staff.audit import Actor

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

COLUMNS = (
    "adresse",
    "bolignummer",
    "postnummer",
    "område",
    "kvm",
    "soverom",
    "etasje",
    "uten_trapper",
    "passer_for",
    "forbeholdt",
    "status",
    "eierform",
    "husleie",
    "brannvern",
    "oppfølging",
    "ledig_fra",
)
REQUIRED = ("adresse", "postnummer", "område", "kvm", "soverom", "status", "husleie")

STATUS_WORDS = {
    "ledig": DwellingStatus.VACANT,
    "utleid": DwellingStatus.LET,
    "oppussing": DwellingStatus.RENOVATION,
    "ikke i bruk": DwellingStatus.NOT_IN_USE,
}
OWNERSHIP_WORDS = {
    "eid": Ownership.OWNED,
    "innleid": Ownership.LEASED,
    "tildelingsrett": Ownership.ALLOCATION_RIGHT,
}
GROUP_WORDS = {
    "barnefamilier": Group.FAMILIES,
    "eldre": Group.ELDERLY,
    "rullestol": Group.WHEELCHAIR,
    "oppfølging": Group.FOLLOW_UP,
    "ettervern": Group.YOUNG_AFTERCARE,
}
YES = {"ja", "j", "yes", "1", "x"}
NO = {"nei", "n", "no", "0", ""}

TEMPLATE = (
    ";".join(COLUMNS)
    + "\r\n"
    + "Storgata 12;H0201;4370;Sentrum;62;2;2;ja;barnefamilier/eldre;;ledig;eid;9800;"
    + "Røykvarsler byttet 2026;;2027-01-01\r\n"
)


@dataclass
class RefusedRow:
    line: int
    problems: dict[str, str]


@dataclass
class ImportReport:
    rows: list[DwellingInput] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    # Whole-file problems: "too_large", "not_text", "empty", "too_many_rows".
    file_problem: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not (
            self.refused or self.missing_columns or self.unknown_columns or self.file_problem
        )


class NotImportable(ValueError):
    """The report refused something: nothing was imported."""


def _text_of(content: bytes) -> str | None:
    """The file as text: UTF-8 (with or without a byte-order mark), or the Windows
    encoding spreadsheets in Norway often save in; None when it is neither."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    return None


def _dialect(text: str) -> str:
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") >= first.count(",") else ","


def _number(value: str, problems: dict, name: str) -> int | None:
    value = value.replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(r"-?\d{1,7}", value):
        problems[name] = "not_a_number" if value else "missing"
        return None
    return int(value)


def _date(value: str, problems: dict, name: str) -> date | None:
    if not value:
        return None
    for pattern, order in (
        (r"(\d{4})-(\d{2})-(\d{2})", "ymd"),
        (r"(\d{2})\.(\d{2})\.(\d{4})", "dmy"),
    ):
        found = re.fullmatch(pattern, value)
        if found:
            parts = [int(part) for part in found.groups()]
            year, month, day = parts if order == "ymd" else parts[::-1]
            try:
                return date(year, month, day)
            except ValueError:
                break
    problems[name] = "bad_date"
    return None


def _word(value: str, words: dict, codes: tuple, problems: dict, name: str) -> str:
    key = value.strip().casefold().replace("_", " ")
    if not key:
        problems[name] = "missing"
        return ""
    if key in words:
        return words[key]
    if value.strip() in codes:
        return value.strip()
    problems[name] = "unknown_word"
    return ""


def _groups(value: str, problems: dict) -> tuple[str, ...]:
    found = []
    for part in re.split(r"[/|+]", value):
        if part.strip():
            found.append(_word(part, GROUP_WORDS, Group.values(), problems, "passer_for"))
    return tuple(found)


# Field of DwellingInput → the column it comes from (for the report).
COLUMN_OF = {
    "address": "adresse",
    "unit": "bolignummer",
    "postcode": "postnummer",
    "area": "område",
    "size_m2": "kvm",
    "bedrooms": "soverom",
    "floor": "etasje",
    "step_free": "uten_trapper",
    "suitable_for": "passer_for",
    "reserved_for": "forbeholdt",
    "status": "status",
    "ownership": "eierform",
    "monthly_rent": "husleie",
    "fire_safety_notes": "brannvern",
    "follow_up_notes": "oppfølging",
    "available_on": "ledig_fra",
}


def _row(values: dict[str, str]) -> tuple[DwellingInput | None, dict[str, str]]:
    problems: dict[str, str] = {}
    step_free = values["uten_trapper"].casefold()
    if step_free not in YES | NO:
        problems["uten_trapper"] = "yes_no"
    data = DwellingInput(
        address=values["adresse"],
        unit=values["bolignummer"],
        postcode=values["postnummer"],
        area=values["område"],
        size_m2=_number(values["kvm"], problems, "kvm"),
        bedrooms=_number(values["soverom"], problems, "soverom"),
        floor=_number(values["etasje"] or "1", problems, "etasje"),
        step_free=step_free in YES,
        suitable_for=_groups(values["passer_for"], problems),
        reserved_for=(
            _word(values["forbeholdt"], GROUP_WORDS, Group.values(), problems, "forbeholdt")
            if values["forbeholdt"]
            else ""
        ),
        status=_word(values["status"], STATUS_WORDS, DwellingStatus.values(), problems, "status"),
        ownership=(
            _word(values["eierform"], OWNERSHIP_WORDS, Ownership.values(), problems, "eierform")
            if values["eierform"]
            else Ownership.OWNED
        ),
        monthly_rent=_number(values["husleie"], problems, "husleie"),
        fire_safety_notes=values["brannvern"],
        follow_up_notes=values["oppfølging"],
        available_on=_date(values["ledig_fra"], problems, "ledig_fra"),
    )
    for name, code in dwellings.problems_with(data).items():
        problems.setdefault(COLUMN_OF[name], code)
    return (None if problems else dwellings.cleaned(data)), problems


def check(session: Session, content: bytes) -> ImportReport:
    """Read and check the whole file; store nothing."""
    report = ImportReport()
    if len(content) > MAX_BYTES:
        report.file_problem = "too_large"
        return report
    text = _text_of(content)
    if text is None:
        report.file_problem = "not_text"
        return report
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text))
    header = [name.strip().casefold() for name in next(reader, [])]
    if not any(header):
        report.file_problem = "empty"
        return report
    report.missing_columns = [name for name in REQUIRED if name not in header]
    report.unknown_columns = [name for name in header if name not in COLUMNS]
    if report.missing_columns or report.unknown_columns:
        return report
    taken = set(session.scalars(select(Dwelling.address_key)))
    seen: dict[str, int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(report.rows) + len(report.refused) >= MAX_ROWS:
            report.file_problem = "too_many_rows"
            return report
        if len(cells) > len(header):
            report.refused.append(RefusedRow(line, {"": "too_many_cells"}))
            continue
        values = dict.fromkeys(COLUMNS, "") | {
            name: cell.strip() for name, cell in zip(header, cells, strict=False)
        }
        data, problems = _row(values)
        key = dwellings.address_key(values["adresse"], values["bolignummer"])
        if key in seen:
            problems["adresse"] = f"duplicate:{seen[key]}"
        elif key in taken:
            problems["adresse"] = "address_taken"
        seen.setdefault(key, line)
        if problems:
            report.refused.append(RefusedRow(line, problems))
        else:
            report.rows.append(data)
    if not report.rows and not report.refused:
        report.file_problem = "empty"
    return report


def import_all(session: Session, report: ImportReport, *, actor: Actor, now: datetime) -> int:
    """Add every row of a clean report in one transaction; NotImportable otherwise."""
    if not report.ok:
        raise NotImportable()
    session.add_all(dwellings.new_dwelling(data, now) for data in report.rows)
    try:
        session.flush()
    except IntegrityError:
        # Someone added one of these addresses since the check.
        session.rollback()
        raise NotImportable() from None
    audit.record_by(
        actor,
        session,
        "dwellings_imported",
        object_type="dwelling",
        object_id=None,
        now=now,
        details=str(len(report.rows)),
    )
    session.commit()
    return len(report.rows)

"""Importing a register from CSV (services/housing/dwelling_import.py): a report of every
refused row and why, and either the whole file or nothing."""

import pytest
from sqlalchemy import func, select

from portal.models import Dwelling
from portal.services.housing import dwelling_import
from tests.casework import actor_for
from tests.housing import make_dwelling
from tests.staff import NOW, make_staff

HEADER = ";".join(dwelling_import.COLUMNS)


def csv_of(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode(encoding)


def row(address="Storgata 1", unit="", **cells) -> str:
    values = {
        "adresse": address,
        "bolignummer": unit,
        "postnummer": "4370",
        "område": "Sentrum",
        "kvm": "55",
        "soverom": "2",
        "etasje": "1",
        "uten_trapper": "nei",
        "passer_for": "",
        "forbeholdt": "",
        "status": "ledig",
        "eierform": "eid",
        "husleie": "8 500",
        "brannvern": "",
        "oppfølging": "",
        "ledig_fra": "",
    } | cells
    return ";".join(values[name] for name in dwelling_import.COLUMNS)


def count(data) -> int:
    return data.scalar(select(func.count()).select_from(Dwelling))


@pytest.fixture
def admin(data):
    return actor_for(make_staff(data, "admin"))


def test_the_template_imports_cleanly(data, admin):
    report = dwelling_import.check(data, dwelling_import.TEMPLATE.encode())
    assert report.ok, report
    assert dwelling_import.import_all(data, report, actor=admin, now=NOW) == 1
    dwelling = data.scalar(select(Dwelling))
    assert dwelling.suitable_for == ["families", "elderly"] and dwelling.step_free
    assert dwelling.available_on.isoformat() == "2027-01-01"


def test_a_clean_file_imports_every_row_in_one_go(data, admin):
    content = csv_of(
        row("Storgata 1", passer_for="rullestol", uten_trapper="ja"),
        row("Storgata 2", status="utleid", eierform="innleid", ledig_fra="01.03.2027"),
        row("Storgata 3", status="ikke_i_bruk", passer_for="ettervern", forbeholdt="ettervern"),
    )
    report = dwelling_import.check(data, content)

    assert report.ok and len(report.rows) == 3
    assert dwelling_import.import_all(data, report, actor=admin, now=NOW) == 3
    assert count(data) == 3


def test_commas_and_the_windows_encoding_are_read_too(data):
    content = csv_of(
        row("Øygata 1").replace(";", ","),
        header=HEADER.replace(";", ","),
        encoding="cp1252",
    )
    report = dwelling_import.check(data, content.replace(b"8 500", b"8500"))
    assert report.ok, report
    assert report.rows[0].address == "Øygata 1"


def test_every_bad_row_is_reported_and_nothing_is_imported(data, admin):
    make_dwelling(data, address="Kirkegata 4")
    content = csv_of(
        row("Storgata 1"),
        row("Storgata 2", kvm="4000"),
        row("Storgata 3", soverom="to"),
        row("storgata 1"),
        row("Kirkegata 4"),
        row("Storgata 5", postnummer="43"),
        row("Storgata 6", status="solgt"),
        row("Storgata 7", ledig_fra="31.02.2027"),
        row("Storgata 8", uten_trapper="kanskje"),
        row("Storgata 9", passer_for="hunder"),
        row("Storgata 10", husleie=""),
    )
    report = dwelling_import.check(data, content)

    refused = {r.line: r.problems for r in report.refused}
    assert refused == {
        3: {"kvm": "size_m2"},
        4: {"soverom": "not_a_number"},
        5: {"adresse": "duplicate:2"},
        6: {"adresse": "address_taken"},
        7: {"postnummer": "postcode"},
        8: {"status": "unknown_word"},
        9: {"ledig_fra": "bad_date"},
        10: {"uten_trapper": "yes_no"},
        11: {"passer_for": "unknown_word"},
        12: {"husleie": "missing"},
    }
    assert not report.ok
    with pytest.raises(dwelling_import.NotImportable):
        dwelling_import.import_all(data, report, actor=admin, now=NOW)
    assert count(data) == 1


def test_wrong_columns_are_named(data):
    report = dwelling_import.check(data, b"address;rooms\r\nStorgata 1;2\r\n")
    assert "adresse" in report.missing_columns and "soverom" in report.missing_columns
    assert report.unknown_columns == ["address", "rooms"]
    assert not report.rows and not report.ok


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (HEADER.encode() + b"\r\n", "empty"),
        (b"\x00\x01\x02\xff\xfe" * 100, "not_text"),
        (b"a" * (dwelling_import.MAX_BYTES + 1), "too_large"),
    ],
)
def test_files_that_are_not_a_register_say_so(data, content, problem):
    assert dwelling_import.check(data, content).file_problem == problem


def test_a_file_with_too_many_rows_stops_with_a_clear_problem(data, monkeypatch):
    monkeypatch.setattr(dwelling_import, "MAX_ROWS", 5)
    report = dwelling_import.check(data, csv_of(*(row(f"Gate {n}") for n in range(7))))
    assert report.file_problem == "too_many_rows" and not report.ok


def test_a_row_with_extra_cells_is_refused(data):
    report = dwelling_import.check(data, csv_of(row() + ";ekstra"))
    assert report.refused[0].problems == {"": "too_many_cells"}


def test_formula_like_cells_are_stored_as_plain_text(data, admin):
    report = dwelling_import.check(data, csv_of(row("=HYPERLINK(1)", brannvern="@SUM(A1)")))
    assert report.ok
    dwelling_import.import_all(data, report, actor=admin, now=NOW)
    assert data.scalar(select(Dwelling.fire_safety_notes)) == "@SUM(A1)"

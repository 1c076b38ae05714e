"""CSV that staff open in a spreadsheet: a cell that starts like a formula stays text."""

import csv
import io
from collections.abc import Iterable


def safe_cell(value: str) -> str:
    # A spreadsheet runs a cell that starts like a formula: make it plain text.
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def to_csv(rows: Iterable[Iterable[str]]) -> str:
    """The rows as CSV text, every cell made safe."""
    out = io.StringIO()
    csv.writer(out).writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()

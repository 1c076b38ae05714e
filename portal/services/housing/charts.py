"""Bar charts drawn on the server as SVG: no chart script, nothing fetched from elsewhere.

A chart is an image with a title and a description (`role="img"`, labelled by its
<title> and <desc>), and the page puts a table with the same numbers beside it, so no one
needs to see the bars. Bars run sideways, one row per month or topic: the labels stay
readable on a phone's narrow screen, and each row ends with its number written out.
Colours reach 3:1 against white (WCAG 1.4.11) and text is near-black (1.4.3).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

Number = int | float | None

WIDTH = 360
FONT_SIZE = 13
# Roughly how wide a character of the chart's text is, to size the label column.
CHARACTER_WIDTH = 7.8
ROW = 22
BAR = 14
VALUE_WIDTH = 46
LEGEND_ROW = 18
TEXT = "#1b1b1b"
# Blue, burnt orange, green: each 4.5:1 or more against white, and told apart by lightness.
COLOURS = ("#00468c", "#a63d00", "#2e6b30")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Number]


def _plain(value: Number) -> str:
    return "–" if value is None else str(value)


def _nice_top(value: float) -> float:
    """The smallest of 1, 2, 5 × 10ⁿ at or above `value`: where the scale ends."""
    if value <= 0:
        return 1
    step = 1.0
    while step * 10 <= value:
        step *= 10
    while step > value * 10:
        step /= 10
    for multiple in (1, 2, 5, 10):
        if step * multiple >= value:
            return step * multiple
    return step * 10


# The drawing is put together as text: every word in it goes through `escape` (html.escape,
# quotes too) and every number is formatted here, so the whole is safe to mark as markup.
def _text(x: float, y: float, content: str, anchor: str = "start", bold: bool = False) -> str:
    weight = ' font-weight="700"' if bold else ""
    words = escape(str(content))
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{weight}>{words}</text>'


def _rect(x: float, y: float, width: float, height: float, colour: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
        f'fill="{colour}" stroke="#ffffff" stroke-width="1"/>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, dashed: bool = False) -> str:
    dash = ' stroke-width="2" stroke-dasharray="4 3"' if dashed else ""
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{TEXT}"{dash}/>'


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    value_text: Callable[[Number], str] = _plain,
    top: Number = None,
    target: Number = None,
    target_text: str = "",
) -> Markup:
    """Sideways bars, one row per label; with several series the bars are stacked and a
    legend names them. `top` fixes the end of the scale (100 for a share in per cent);
    `target` draws a dashed line there, named by `target_text`."""
    totals: list[Number] = []
    for index in range(len(labels)):
        known = [one.values[index] for one in series if one.values[index] is not None]
        totals.append(sum(known) if known else None)
    scale_end = top or _nice_top(max([t for t in totals if t is not None] + [target or 0, 0]))
    label_width = min(150, max(len(label) for label in labels) * CHARACTER_WIDTH + 16)
    bar_room = WIDTH - label_width - VALUE_WIDTH
    legend_height = len(series) * LEGEND_ROW + 6 if len(series) > 1 else 0
    target_height = LEGEND_ROW if target is not None else 0
    first_row = legend_height + target_height + 4
    height = first_row + len(labels) * ROW + 4

    parts: list[str] = []
    if len(series) > 1:
        for number, one in enumerate(series):
            y = number * LEGEND_ROW
            parts.append(_rect(0, y + 3, 12, 12, COLOURS[number % len(COLOURS)]))
            parts.append(_text(18, y + 13, one.name))
    for row, label in enumerate(labels):
        y = first_row + row * ROW
        parts.append(_text(label_width - 8, y + BAR - 2, label, anchor="end"))
        x = label_width
        for number, one in enumerate(series):
            value = one.values[row]
            if not value:
                continue
            width = bar_room * value / scale_end
            parts.append(_rect(x, y, width, BAR, COLOURS[number % len(COLOURS)]))
            x += width
        # A row with nothing to show still says so, as the table does ("–").
        parts.append(_text(x + 4, y + BAR - 2, value_text(totals[row]), bold=True))
    bottom = first_row + len(labels) * ROW - (ROW - BAR) + 2
    parts.append(_line(label_width, first_row - 2, label_width, bottom))
    if target is not None:
        x = label_width + bar_room * target / scale_end
        parts.append(_text(x, legend_height + 12, target_text, anchor="middle", bold=True))
        parts.append(_line(x, first_row - 4, x, bottom, dashed=True))
    chart = escape(chart_id)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{chart}-title {chart}-desc" focusable="false">'
        f'<title id="{chart}-title">{escape(str(title))}</title>'
        f'<desc id="{chart}-desc">{escape(str(description))}</desc>'
        f'<g font-size="{FONT_SIZE}" fill="{TEXT}">{"".join(parts)}</g></svg>'
    )
    return Markup(svg)  # noqa: S704 (words escaped, numbers formatted: see _text)

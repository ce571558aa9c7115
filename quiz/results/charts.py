"""Accessible SVG charts drawn on the server: no JavaScript, no chart library, nothing from a CDN.

Each chart is an `<svg role="img">` named by its `<title>` and `<desc>` (through aria-labelledby),
with every number written as text beside its bar, so colour never carries meaning alone. Screen
readers treat a role="img" as one picture, so the page shows `text_equivalent()` as a table next to
it. All text passes through format_html, which escapes it; the same input always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from quiz.models import format_number
from quiz.results.reports import AssignmentReport
from quiz.results.stats import Bin, ItemStats

# Colours: text 17:1 and bars 7:1 on the white background, bars 5.7:1 on their track (WCAG AA asks
# 4.5:1 for text and 3:1 for graphics).
BACKGROUND = "#ffffff"
TEXT = "#1a1a1a"
MUTED_TEXT = "#595959"
BAR = "#1f5a96"
TRACK = "#e5e7eb"
FONT = "system-ui, sans-serif"

# A longer bar label is shortened in the picture (the table beside it has it all).
LABEL_CHARACTERS = 36
# At most this many bars of typed numbers: the rarest numbers beyond them share the last bar.
NUMBER_BARS = 12
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Bar(NamedTuple):
    """One bar: `value` out of `max_value`; `text` is the value as shown (the number by default)."""

    label: str
    value: float | None
    max_value: float
    text: str = ""


# --- Charts ---------------------------------------------------------------------------------------


def histogram_svg(bins: Sequence[Bin], *, title: str, description: str) -> SafeString:
    """Vertical bars, one per score bin, with the number of students above each."""
    left, top, plot_height = 24, 44, 180
    slot = max(40, (480 - 2 * left) / max(1, len(bins)))
    # Labels wider than their bar ("38–39") are turned to a slant so that they never overlap.
    slanted = any(len(b.label) * 8.5 > slot for b in bins)
    width = left * 2 + slot * len(bins)
    height = top + plot_height + (84 if slanted else 56)
    axis_y = top + plot_height
    tallest = max((b.count for b in bins), default=0) or 1
    parts = [
        _text(left, 20, "Students", anchor="start", fill=MUTED_TEXT),
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
            left,
            axis_y,
            _number(width - left),
            axis_y,
            MUTED_TEXT,
        ),
        _text(width / 2, height - 8, "Score", fill=MUTED_TEXT),
    ]
    for index, item in enumerate(bins):
        x = left + index * slot
        bar_height = plot_height * item.count / tallest
        students = "student" if item.count == 1 else "students"
        label = (
            _text(x + slot / 2 + 4, axis_y + 16, item.label, anchor="end", slant=True)
            if slanted
            else _text(x + slot / 2, axis_y + 20, item.label)
        )
        parts.append(
            _group(
                f"Score {item.label}: {item.count} {students}",
                _rect(x + 4, axis_y - bar_height, slot - 8, bar_height, BAR)
                if item.count
                else "",
                _text(x + slot / 2, axis_y - bar_height - 6, str(item.count)),
                label,
            )
        )
    return _svg(width, height, title, description, parts, data=text_equivalent(bins))


def bar_chart_svg(
    bars: Sequence[Bar | tuple[str, float | None, float]],
    *,
    title: str,
    description: str,
) -> SafeString:
    """Horizontal bars, one per row: the label on the left, the value written after the bar."""
    shown_bars = [Bar(*bar) for bar in bars]
    row, top, label_end, bar_x, bar_width = 32, 12, 300, 310, 320
    width, height = 760, top * 2 + row * max(1, len(shown_bars))
    parts = []
    if not shown_bars:
        parts.append(
            _text(width / 2, top + row / 2 + 5, "No data yet", fill=MUTED_TEXT)
        )
    for index, bar in enumerate(shown_bars):
        y = top + index * row
        label, shown = _clean(bar.label), _value_text(bar)
        filled = 0.0
        if bar.value is not None and bar.max_value > 0:
            filled = bar_width * min(1.0, max(0.0, bar.value / bar.max_value))
        parts.append(
            _group(
                f"{label}: {shown}",
                _text(label_end, y + 20, _shorten(label), anchor="end"),
                _rect(bar_x, y + 6, bar_width, 20, TRACK),
                _rect(bar_x, y + 6, filled, 20, BAR) if filled else "",
                _text(bar_x + bar_width + 8, y + 20, shown, anchor="start"),
            )
        )
    return _svg(
        width, height, title, description, parts, data=text_equivalent(shown_bars)
    )


def text_equivalent(items: Sequence[Bar] | Sequence[Bin]) -> list[tuple[str, str]]:
    """(label, value) rows with the same words and numbers as the chart, for a table beside it."""
    return [
        (_clean(item.label), str(item.count))
        if isinstance(item, Bin)
        else (_clean(item.label), _value_text(Bar(*item)))
        for item in items
    ]


# --- Bars from item statistics --------------------------------------------------------------------


def facility_bars(items: Sequence[ItemStats]) -> list[Bar]:
    """Facility of each question, as a percentage, labelled "Q1. prompt"."""
    return [
        Bar(
            label=f"Q{number}. {item.prompt}",
            value=item.facility,
            max_value=1.0,
            text="no answers yet" if item.facility is None else _percent(item.facility),
        )
        for number, item in enumerate(items, start=1)
    ]


def choice_bars(item: ItemStats) -> list[Bar]:
    """How many of the students who answered picked each choice; the right ones say so in words."""
    return [
        Bar(
            label=f"{choice.text} (correct)" if choice.is_correct else choice.text,
            value=choice.count,
            max_value=item.responses,
            text=f"{choice.count} of {item.responses}",
        )
        for choice in item.choices
    ]


def number_bars(item: ItemStats) -> list[Bar]:
    """How many students typed each number, smallest first; the numbers that scored say so in
    words. Beyond NUMBER_BARS different numbers, the rarest share one bar at the end, so that a
    class typing thirty different guesses still gives a readable chart."""
    shown = list(item.numbers)
    if len(shown) > NUMBER_BARS:
        shown = sorted(shown, key=lambda typed: -typed.count)[: NUMBER_BARS - 1]
    rest = [typed for typed in item.numbers if typed not in shown]
    bars = [
        Bar(
            label=format_number(typed.value)
            + (" (correct)" if typed.is_correct else ""),
            value=typed.count,
            max_value=item.responses,
            text=f"{typed.count} of {item.responses}",
        )
        for typed in sorted(shown, key=lambda typed: typed.value)
    ]
    if rest:
        count = sum(typed.count for typed in rest)
        bars.append(
            Bar(
                label=f"{len(rest)} other numbers",
                value=count,
                max_value=item.responses,
                text=f"{count} of {item.responses}",
            )
        )
    return bars


# --- Drawing --------------------------------------------------------------------------------------


def _svg(
    width: float,
    height: float,
    title: str,
    description: str,
    parts: Iterable[SafeString | str],
    *,
    data: list[tuple[str, str]],
) -> SafeString:
    # Ids from the content: stable across renders, and distinct for different charts on one page.
    digest = hashlib.sha256(repr((title, description, data)).encode()).hexdigest()
    chart_id = f"chart-{digest[:12]}"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-labelledby="{}-title {}-desc" font-family="{}" font-size="14">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        '<rect width="100%" height="100%" fill="{}"/>{}</svg>',
        _number(width),
        _number(height),
        chart_id,
        chart_id,
        FONT,
        chart_id,
        _clean(title),
        chart_id,
        _clean(description),
        BACKGROUND,
        _join(parts),
    )


def _group(tooltip: str, *parts: SafeString | str) -> SafeString:
    return format_html("<g><title>{}</title>{}</g>", tooltip, _join(parts))


def _rect(x: float, y: float, width: float, height: float, fill: str) -> SafeString:
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
        _number(x),
        _number(y),
        _number(width),
        _number(height),
        fill,
    )


def _text(
    x: float,
    y: float,
    content: str,
    *,
    anchor: str = "middle",
    fill: str = TEXT,
    slant: bool = False,
) -> SafeString:
    position = (_number(x), _number(y))
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}" fill="{}"{}>{}</text>',
        *position,
        anchor,
        fill,
        format_html(' transform="rotate(-45 {} {})"', *position) if slant else "",
        _clean(content),
    )


def _join(parts: Iterable[SafeString | str]) -> SafeString:
    """Concatenate drawn pieces; a plain str among them is escaped, never trusted."""
    return format_html_join("", "{}", ((part,) for part in parts if part))


def _clean(text: str) -> str:
    """One line of text that XML accepts (control characters would make the SVG invalid)."""
    return " ".join(NOT_XML.sub("", str(text)).split())


def _shorten(text: str) -> str:
    if len(text) <= LABEL_CHARACTERS:
        return text
    return text[: LABEL_CHARACTERS - 1].rstrip() + "…"


def _value_text(bar: Bar) -> str:
    if bar.text:
        return _clean(bar.text)
    if bar.value is None:
        return "no data"
    return str(int(bar.value)) if float(bar.value).is_integer() else f"{bar.value:.2f}"


def _percent(share: float) -> str:
    """0.625 → "63%": halves round up, as a teacher rounds (format's "{:.0%}" would give 62%)."""
    return f"{math.floor(share * 100 + 0.5)}%"


def _number(value: float) -> str:
    """Coordinates with one decimal at most, so the output is short and the same on every run."""
    return f"{value:.1f}".removesuffix(".0")


@dataclass(frozen=True)
class Chart:
    """A picture and the same numbers as a table, for those who cannot see the picture."""

    svg: str
    rows: list[tuple[str, str]]
    headings: tuple[str, str]


def choice_chart(number: int, item: ItemStats) -> Chart | None:
    if not item.choices:
        return None
    bars = choice_bars(item)
    return Chart(
        svg=bar_chart_svg(
            bars, title=f"Q{number}: choices picked", description=item.prompt
        ),
        rows=text_equivalent(bars),
        headings=("Choice", "Picked by"),
    )


def number_chart(number: int, item: ItemStats) -> Chart | None:
    if not item.numbers:
        return None
    bars = number_bars(item)
    return Chart(
        svg=bar_chart_svg(
            bars, title=f"Q{number}: numbers typed", description=item.prompt
        ),
        rows=text_equivalent(bars),
        headings=("Number typed", "Typed by"),
    )


def class_charts(report: AssignmentReport) -> dict:
    """The pictures on an assignment's results page, each with its table: the class's scores,
    the share right on each question, and per question the choices picked or numbers typed."""
    facility = facility_bars(report.items)
    return {
        "histogram": Chart(
            svg=histogram_svg(
                report.distribution,
                title="Scores of the class",
                description="How many students finished with each score.",
            ),
            rows=text_equivalent(report.distribution),
            headings=("Score", "Students"),
        ),
        "facility": Chart(
            svg=bar_chart_svg(
                facility,
                title="Share right on each question",
                description="Facility: the mean points on each question, from 0 to 100%.",
            ),
            rows=text_equivalent(facility),
            headings=("Question", "Facility"),
        ),
        "questions": [
            (number, item, choice_chart(number, item) or number_chart(number, item))
            for number, item in enumerate(report.items, start=1)
        ],
    }

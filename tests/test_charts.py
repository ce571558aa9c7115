"""The SVG charts: well-formed, accessible, escaped and deterministic. Pure tests: no database."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from django.utils.safestring import SafeString

from quiz.results.charts import (
    BACKGROUND,
    BAR,
    MUTED_TEXT,
    TEXT,
    TRACK,
    Bar,
    bar_chart_svg,
    choice_bars,
    facility_bars,
    histogram_svg,
    text_equivalent,
)
from quiz.results.stats import ChoiceStats, ItemStats, score_distribution

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(\"x\")</script> & 'quoted' \x0b"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def drawn_text(root: ET.Element) -> list[str]:
    return [element.text for element in root.iter(f"{SVG}text")]


def item(**overrides) -> ItemStats:
    fields = {
        "question_id": 1,
        "prompt": "Who said it?",
        "kind": "single_choice",
        "responses": 8,
        "blanks": 0,
        "facility": 0.625,
        "discrimination": 0.5,
        "choices": (
            ChoiceStats(11, "The mayor", True, 5, 0.625),
            ChoiceStats(12, "The governor", False, 3, 0.375),
        ),
        "flags": (),
    } | overrides
    return ItemStats(**fields)


def test_histogram_is_well_formed_accessible_and_labelled_in_text():
    bins = score_distribution(scores=[0, 2, 2, 3, 5], max_score=5)
    svg = histogram_svg(bins, title="Scores", description="Five students")
    assert isinstance(svg, SafeString)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox"))
    title, desc = (
        root[0],
        root[1],
    )  # first children: the accessible name comes from them
    assert (title.tag, title.text) == (f"{SVG}title", "Scores")
    assert (desc.tag, desc.text) == (f"{SVG}desc", "Five students")
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    texts = drawn_text(root)
    for label, count in [("0", "1"), ("2", "2"), ("3", "1"), ("5", "1"), ("4", "0")]:
        assert label in texts
        assert count in texts
    assert len(root.findall(f".//{SVG}g")) == 6


def test_bar_chart_draws_labels_and_values_as_text():
    svg = bar_chart_svg(
        [("Q1. Who?", 0.75, 1), ("Q2. When?", None, 1, "no answers yet")],
        title="Facility",
        description="Share of students right, per question",
    )
    root = parse(svg)
    texts = drawn_text(root)
    assert texts == ["Q1. Who?", "0.75", "Q2. When?", "no answers yet"]
    filled = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == BAR]
    assert [r.get("width") for r in filled] == [
        "240"
    ]  # 0.75 of 320; no bar without a value


def test_user_text_is_escaped_everywhere():
    svg = bar_chart_svg([(HOSTILE, 1, 2)], title=HOSTILE, description=HOSTILE)
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    root = parse(svg)  # quotes and control characters would break this
    assert root.find(f"{SVG}title").text == "<script>alert(\"x\")</script> & 'quoted'"
    histogram = histogram_svg(
        score_distribution(scores=[1], max_score=2), title=HOSTILE, description=HOSTILE
    )
    assert "<script>" not in histogram
    parse(histogram)


def test_long_labels_are_shortened_in_the_picture_but_whole_in_the_tooltip_and_table():
    label = "Which official announced the closure of the northern bridge on Monday?"
    root = parse(bar_chart_svg([(label, 1, 1)], title="t", description="d"))
    shown = drawn_text(root)[0]
    assert shown.endswith("…") and len(shown) <= 40
    assert root.find(f".//{SVG}g/{SVG}title").text == f"{label}: 1"
    assert text_equivalent([Bar(label, 1, 1)]) == [(label, "1")]


def test_output_is_deterministic_and_ids_differ_between_charts():
    bars = [("a", 1, 2), ("b", 2, 2)]
    first = bar_chart_svg(bars, title="One", description="d")
    assert first == bar_chart_svg(bars, title="One", description="d")
    other = bar_chart_svg(bars, title="Two", description="d")
    assert parse(first).get("aria-labelledby") != parse(other).get("aria-labelledby")


def test_empty_charts_are_still_valid():
    root = parse(bar_chart_svg([], title="Nothing", description="No answers"))
    assert "No data yet" in drawn_text(root)
    parse(histogram_svg([], title="Nothing", description="No attempts"))


def test_text_equivalent_matches_the_chart():
    bins = score_distribution(scores=[0, 1, 1], max_score=2)
    assert text_equivalent(bins) == [("0", "1"), ("1", "2"), ("2", "0")]
    bars = facility_bars([item(), item(prompt="When?", facility=None)])
    rows = text_equivalent(bars)
    assert rows == [("Q1. Who said it?", "63%"), ("Q2. When?", "no answers yet")]
    texts = drawn_text(parse(bar_chart_svg(bars, title="t", description="d")))
    for label, value in rows:
        assert label in texts and value in texts


def test_choice_bars_say_which_choice_is_correct_in_words():
    assert text_equivalent(choice_bars(item())) == [
        ("The mayor (correct)", "5 of 8"),
        ("The governor", "3 of 8"),
    ]


def contrast(first: str, second: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
            for c in channels
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted([luminance(first), luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_colours_meet_wcag_aa():
    assert contrast(TEXT, BACKGROUND) >= 4.5
    assert contrast(MUTED_TEXT, BACKGROUND) >= 4.5
    assert contrast(BAR, BACKGROUND) >= 3
    assert contrast(BAR, TRACK) >= 3

"""Item analysis and score distributions against examples small enough to check by hand.

Pure tests: no database.
"""

from __future__ import annotations

import pytest

from quiz.results.stats import (
    AttemptResult,
    Bin,
    ItemStats,
    QuestionInfo,
    ScoreSummary,
    item_analysis,
    score_distribution,
    score_summary,
    upper_lower_difference,
)

# --- The hand-computed class ----------------------------------------------------------------------
#
# Eight finished attempts, three questions, each worth 1.
#   Q1 single choice, key 11 (12, 13, 14 wrong).  Q2 true or false, key 21 "True" (22 "False").
#   Q3 multiple select, keys 31 and 32 (33, 34 wrong): each right pick +1/2, each wrong pick -1/2, >= 0.
#
#   student  Q1 picked  pts   Q2 picked  pts   Q3 picked        pts   total
#   T1       11         1     22         0     31 32            1     2
#   T2       11         1     22         0     31 32            1     2
#   M1       11         1     22         0     31               0.5   1.5
#   M2       11         1     22         0     32               0.5   1.5
#   M3       12         0     21         1     31 32 33         0.5   1.5
#   M4       13         0     21         1     31 32 34         0.5   1.5
#   B1       (blank)    0     21         1     33               0     1
#   B2       11         1     22         0     31 33 34         0     1
#
# Groups: round(0.27 × 8) = round(2.16) = 2 students each. Top: T1, T2 (2; everyone else has less).
# Bottom: B1, B2 (1; everyone else has more).
#
# Q1: 7 answers + 1 blank (B1, finished, so 0). Facility = (1+1+1+1+0+0+0+1) / 8 = 5/8 = 0.625.
#     Top (1+1)/2 = 1; bottom (0+1)/2 = 0.5; discrimination = 0.500.
#     Picks of 7 answers: 11 ×5 (0.714), 12 ×1 (0.143), 13 ×1 (0.143), 14 ×0 → unused distractor.
# Q2: facility = (0+0+0+0+1+1+1+0) / 8 = 3/8 = 0.375. Top 0; bottom (1+0)/2 = 0.5;
#     discrimination = -0.500 → negative discrimination. Picks of 8: 21 ×3 (0.375), 22 ×5 (0.625).
# Q3: facility = (1+1+0.5×4+0+0) / 8 = 4/8 = 0.500. Top 1; bottom 0; discrimination = 1.000.
#     Picks of 8: 31 ×6 (0.750), 32 ×5 (0.625), 33 ×3 (0.375), 34 ×2 (0.250). No flags.

Q1 = QuestionInfo(
    id=1,
    prompt="Who?",
    kind="single_choice",
    choices=[(11, "A", True), (12, "B", False), (13, "C", False), (14, "D", False)],
)
Q2 = QuestionInfo(
    id=2,
    prompt="True?",
    kind="true_false",
    choices=[(21, "True", True), (22, "False", False)],
)
Q3 = QuestionInfo(
    id=3,
    prompt="Which?",
    kind="multiple_select",
    choices=[(31, "W", True), (32, "X", True), (33, "Y", False), (34, "Z", False)],
)

CLASS = {  # student: (Q1 pick, Q2 pick, Q3 picks, Q1 pts, Q2 pts, Q3 pts)
    "T1": ({11}, {22}, {31, 32}, 1, 0, 1),
    "T2": ({11}, {22}, {31, 32}, 1, 0, 1),
    "M1": ({11}, {22}, {31}, 1, 0, 0.5),
    "M2": ({11}, {22}, {32}, 1, 0, 0.5),
    "M3": ({12}, {21}, {31, 32, 33}, 0, 1, 0.5),
    "M4": ({13}, {21}, {31, 32, 34}, 0, 1, 0.5),
    "B1": (None, {21}, {33}, None, 1, 0),
    "B2": ({11}, {22}, {31, 33, 34}, 1, 0, 0),
}


def hand_computed_class() -> list[AttemptResult]:
    results = []
    for student, (*picks, p1, p2, p3) in CLASS.items():
        points = {
            qid: p
            for qid, p in zip((1, 2, 3), (p1, p2, p3), strict=True)
            if p is not None
        }
        chosen = {
            qid: frozenset(pick)
            for qid, pick in zip((1, 2, 3), picks, strict=True)
            if pick
        }
        results.append(
            AttemptResult(
                attempt_id=student,
                total_score=sum(points.values()),
                points=points,
                chosen=chosen,
                asked=frozenset({1, 2, 3}),
            )
        )
    return results


def test_hand_computed_example():
    q1, q2, q3 = item_analysis(questions=[Q1, Q2, Q3], results=hand_computed_class())

    assert (q1.responses, q1.blanks) == (7, 1)
    assert round(q1.facility, 3) == 0.625
    assert round(q1.discrimination, 3) == 0.5
    assert [(c.choice_id, c.count, round(c.share, 3)) for c in q1.choices] == [
        (11, 5, 0.714),
        (12, 1, 0.143),
        (13, 1, 0.143),
        (14, 0, 0.0),
    ]
    assert [f.code for f in q1.flags] == ["unused_distractor"]
    assert "“D”" in q1.flags[0].message

    assert (q2.responses, q2.blanks) == (8, 0)
    assert round(q2.facility, 3) == 0.375
    assert round(q2.discrimination, 3) == -0.5
    assert [(c.count, c.share) for c in q2.choices] == [(3, 0.375), (5, 0.625)]
    assert [f.code for f in q2.flags] == ["negative_discrimination"]

    assert round(q3.facility, 3) == 0.5
    assert round(q3.discrimination, 3) == 1.0
    assert [(c.count, c.share) for c in q3.choices] == [
        (6, 0.75),
        (5, 0.625),
        (3, 0.375),
        (2, 0.25),
    ]
    assert q3.flags == ()


def test_result_does_not_depend_on_the_order_of_attempts():
    results = hand_computed_class()
    assert item_analysis(questions=[Q1, Q2, Q3], results=results) == item_analysis(
        questions=[Q1, Q2, Q3], results=results[::-1]
    )


# --- Unanswered and unfinished --------------------------------------------------------------------


def test_unfinished_attempt_counts_only_what_it_answered_and_is_not_ranked():
    results = [
        AttemptResult(
            attempt_id=1, total_score=1, points={1: 1.0}, asked=frozenset({1, 2})
        ),
        AttemptResult(
            attempt_id=2,
            total_score=0,
            points={1: 0.0},
            asked=frozenset({1, 2}),
            finished=False,
        ),
    ]
    first, second = item_analysis(
        questions=[QuestionInfo(1, "a", "numeric"), QuestionInfo(2, "b", "numeric")],
        results=results,
    )
    assert (first.responses, first.blanks, first.facility) == (2, 0, 0.5)
    # Only the finished attempt's blank counts for question 2.
    assert (second.responses, second.blanks, second.facility) == (0, 1, 0.0)


def test_questions_an_attempt_was_not_asked_do_not_count():
    results = [AttemptResult(attempt_id=1, total_score=1, points={1: 1.0})]
    (item,) = item_analysis(
        questions=[QuestionInfo(2, "b", "numeric")], results=results
    )
    assert (item.responses, item.blanks, item.facility) == (0, 0, None)


# --- Discrimination groups ------------------------------------------------------------------------


def test_group_size_is_27_percent_rounded():
    # Ten students ranked 10..1 by total; round(2.7) = 3 in each group. Item right for the top 2
    # and the bottom 1: top 2/3, bottom 1/3, discrimination 1/3.
    ranked = [
        (total, 1.0 if total in (10, 9, 1) else 0.0) for total in range(10, 0, -1)
    ]
    assert round(upper_lower_difference(ranked), 3) == 0.333


def test_students_tied_at_the_edge_share_the_last_place():
    # Eight students, groups of 2. Top: 5 (item 1) then three tied at 4 for one place (items 1, 0, 0:
    # 1/3 each) → (1 + 1/3) / 2 = 0.667. Bottom: 1 (item 0) and 2 (item 0) → 0.
    ranked = [
        (5, 1.0),
        (4, 1.0),
        (4, 0.0),
        (4, 0.0),
        (3, 0.0),
        (3, 1.0),
        (2, 0.0),
        (1, 0.0),
    ]
    assert round(upper_lower_difference(ranked), 3) == 0.667
    assert upper_lower_difference(ranked[::-1]) == upper_lower_difference(ranked)


def test_no_discrimination_with_fewer_than_four_students():
    assert upper_lower_difference([(3, 1.0), (2, 0.0), (1, 0.0)]) is None
    assert upper_lower_difference([(4, 1.0), (3, 0.0), (2, 0.0), (1, 0.0)]) == 1.0


def test_no_discrimination_when_every_total_is_equal():
    ranked = [(2, 1.0), (2, 0.0), (2, 1.0), (2, 0.0), (2, 1.0)]
    assert upper_lower_difference(ranked) is None


# --- Edge cases -----------------------------------------------------------------------------------


def q1_stats(rows: list[tuple[float, float, int]]) -> ItemStats:
    """Q1 answered by one student per row: (total score, Q1 points, choice picked)."""
    results = [
        AttemptResult(
            attempt_id=index,
            total_score=total,
            points={1: points},
            chosen={1: frozenset({pick})},
        )
        for index, (total, points, pick) in enumerate(rows)
    ]
    (item,) = item_analysis(questions=[Q1], results=results)
    return item


def test_no_responses():
    (item,) = item_analysis(questions=[Q1], results=[])
    assert (item.responses, item.blanks, item.facility, item.discrimination) == (
        0,
        0,
        None,
        None,
    )
    assert [(c.count, c.share) for c in item.choices] == [(0, None)] * 4
    assert item.flags == ()


def test_one_student():
    item = q1_stats([(1, 1.0, 11)])
    assert (item.responses, item.facility, item.discrimination) == (1, 1.0, None)
    assert item.flags == ()  # one right answer is not "everybody right"


# --- Flags ----------------------------------------------------------------------------------------


def flag_codes(points: list[float], *, picks: list[int] | None = None) -> list[str]:
    """Flags for Q1 when students are ranked as listed (total = n - index + Q1 points)."""
    n = len(points)
    picks = picks or [11 if p == 1 else 12 for p in points]
    rows = [
        (n - index + p, p, pick)
        for index, (p, pick) in enumerate(zip(points, picks, strict=True))
    ]
    return [flag.code for flag in q1_stats(rows).flags]


def test_nobody_right():
    assert flag_codes([0.0] * 6, picks=[12, 13, 14, 12, 13, 14]) == ["nobody_right"]


def test_partial_credit_is_not_right():
    assert "nobody_right" in flag_codes([0.5] * 6, picks=[12, 13, 14, 12, 13, 14])


def test_hardly_anyone_right():
    codes = flag_codes(
        [1.0] + [0.0] * 9, picks=[11, 12, 13, 14, 12, 13, 14, 12, 13, 14]
    )
    assert codes == ["hardly_anyone_right"]


def test_everybody_right():
    codes = flag_codes([1.0] * 6)
    assert codes == ["everybody_right"] + ["unused_distractor"] * 3
    # Discrimination is 0, but that follows from everybody being right: not flagged again.


def test_almost_everyone_right():
    points = [1.0] * 10 + [0.0]
    codes = flag_codes(points, picks=[11] * 10 + [12])
    assert "almost_everyone_right" in codes
    assert "everybody_right" not in codes


def test_unused_distractor_only_once_five_answered():
    assert flag_codes([1.0, 0.0, 1.0, 0.0], picks=[11, 12, 11, 13]) == []
    codes = flag_codes([1.0, 0.0, 1.0, 0.0, 1.0], picks=[11, 12, 11, 13, 11])
    assert codes == ["unused_distractor"]


def test_no_unused_distractor_flag_for_true_or_false():
    results = [
        AttemptResult(
            attempt_id=i, total_score=i, points={2: 1.0}, chosen={2: frozenset({21})}
        )
        for i in range(6)
    ]
    (item,) = item_analysis(questions=[Q2], results=results)
    assert [flag.code for flag in item.flags] == ["everybody_right"]


def test_low_discrimination():
    # Five students, groups of round(1.35) = 1: the strongest and the weakest are both right.
    item = q1_stats(
        [(4, 1.0, 11), (3, 0.0, 12), (2, 0.0, 13), (1, 1.0, 11), (2.5, 0.0, 14)]
    )
    assert item.discrimination == 0.0
    assert [flag.code for flag in item.flags] == ["low_discrimination"]
    assert "0.00" in item.flags[0].message


def test_negative_discrimination_is_not_also_low():
    item = q1_stats(
        [(4, 0.0, 12), (3, 0.0, 13), (2, 1.0, 11), (1, 1.0, 11), (2.5, 0.0, 14)]
    )
    assert item.discrimination == -1.0
    assert [flag.code for flag in item.flags] == ["negative_discrimination"]
    assert "check the answer key" in item.flags[0].message


# --- Distribution and summary ---------------------------------------------------------------------


def test_one_bin_per_mark_up_to_twenty_questions():
    bins = score_distribution(scores=[0, 2, 2.5, 3, 5, 5], max_score=5)
    assert [(b.label, b.count) for b in bins] == [
        ("0", 1),
        ("1", 0),
        ("2", 2),  # 2 and 2.5: a bin holds its mark up to, not including, the next
        ("3", 1),
        ("4", 0),
        ("5", 2),
    ]
    assert bins[-1] == Bin(low=5, high=5, count=2, label="5")


def test_two_mark_bins_for_forty_questions_and_full_marks_alone():
    bins = score_distribution(scores=[0, 1.5, 39.5, 40], max_score=40)
    assert len(bins) == 21
    assert (bins[0].label, bins[0].count) == ("0–1", 2)
    assert (bins[-2].label, bins[-2].count) == ("38–39", 1)
    assert (bins[-1].label, bins[-1].count) == ("40", 1)


def test_a_short_last_bin_when_the_width_does_not_divide_the_maximum():
    bins = score_distribution(scores=[24.5], max_score=25)
    assert [b.label for b in bins][-3:] == ["22–23", "24", "25"]
    assert bins[-2] == Bin(low=24, high=25, count=1, label="24")


def test_chosen_width_and_float_sums_of_partial_credit():
    bins = score_distribution(
        scores=[1 / 3 + 1 / 3 + 1 / 3, 9.999999999999], max_score=10, width=5
    )
    assert [(b.label, b.count) for b in bins] == [("0–4", 1), ("5–9", 0), ("10", 1)]


def test_distribution_of_nothing_and_of_an_empty_quiz():
    assert sum(b.count for b in score_distribution(scores=[], max_score=8)) == 0
    assert score_distribution(scores=[0, 0], max_score=0) == [Bin(0, 0, 2, "0")]


@pytest.mark.parametrize("score", [-1, 5.5])
def test_scores_outside_the_range_are_refused(score):
    with pytest.raises(ValueError, match="outside"):
        score_distribution(scores=[score], max_score=5)


def test_summary():
    assert score_summary(scores=[3, 1, 2, 2.5]) == ScoreSummary(
        count=4, mean=2.125, median=2.25, minimum=1, maximum=3
    )
    assert score_summary(scores=[]) == ScoreSummary(0, None, None, None, None)

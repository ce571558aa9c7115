"""Item analysis and score distributions for a class's results, as Moodle reports them.

Pure: the functions take plain values (built from attempts and responses by a QuerySet elsewhere), so
they can be tested by hand-computed examples and run without a database.

How answers are counted:
- An attempt counts for the questions it asked (`AttemptResult.asked`, from `Attempt.question_ids`).
- A question a *finished* attempt left unanswered counts as 0 points (a "blank"), as in Moodle, where a
  finished attempt is graded in full. An unfinished attempt counts only for the questions it answered:
  the others may simply not have been reached yet.
- Facility is the mean points (each question is worth 1) over answers and blanks.
- Discrimination ranks finished attempts only (an unfinished total is incomplete) by total score and
  subtracts the facility of the bottom 27% from that of the top 27%. Students tied at the edge of a
  group share its remaining places equally, so the result never depends on the order of the input or
  on ids, and all-equal totals give no discrimination at all (None) rather than an arbitrary one.
- Flags about facility and unpicked distractors wait for ENOUGH_TO_FLAG counted answers: one student
  right is not "everybody right". A flag implied by a stronger one is left out: nobody right hides
  hardly anyone right, everybody right hides almost everyone right, negative discrimination hides low
  discrimination, and a facility of exactly 0 or 1 (which makes discrimination 0) hides it too.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

QuestionId = Hashable
ChoiceId = Hashable

GROUP_SHARE = 0.27  # Kelley's upper and lower groups
ENOUGH_TO_RANK = 4  # fewer finished attempts give no discrimination
ENOUGH_TO_FLAG = 5  # fewer counted answers give no facility or distractor flags
HARD, EASY = 0.2, 0.9  # facility below HARD or above EASY is flagged
WEAK = 0.2  # discrimination below WEAK is flagged
TARGET_BINS = (
    20  # score_distribution picks a whole-mark width giving about this many bins
)
EPSILON = (
    1e-9  # float sums of partial credit (1/3 + 1/3 + ...) are compared with this slack
)
TRUE_FALSE = (
    "true_false"  # Question.Kind.TRUE_FALSE, whose "distractor" cannot be rewritten
)


# --- Input ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionInfo:
    """A question as the analysis needs it; `choices` are (choice id, text, is_correct)."""

    id: QuestionId
    prompt: str
    kind: str
    choices: Sequence[tuple[ChoiceId, str, bool]] = ()


@dataclass(frozen=True)
class AttemptResult:
    """One student's attempt.

    `points` holds the points (0 to 1) of each answered question, `chosen` the choices picked for
    it and `numbers` the number typed for a number question; `asked` the questions the attempt put
    to the student (all of `points` when left empty).
    """

    attempt_id: Hashable
    total_score: float
    points: Mapping[QuestionId, float]
    chosen: Mapping[QuestionId, frozenset[ChoiceId]] = field(default_factory=dict)
    numbers: Mapping[QuestionId, Decimal] = field(default_factory=dict)
    asked: frozenset[QuestionId] = frozenset()
    finished: bool = True

    def was_asked(self, question_id: QuestionId) -> bool:
        return question_id in (self.asked or self.points)

    def counted_points(self, question_id: QuestionId) -> float | None:
        """Points for the question, 0 for a finished attempt's blank, None when it does not count."""
        if question_id in self.points:
            return self.points[question_id]
        if self.finished and self.was_asked(question_id):
            return 0.0
        return None


# --- Output ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    """Why a question looks broken: `code` for styling and tests, `message` for the teacher."""

    code: str
    message: str


@dataclass(frozen=True)
class ChoiceStats:
    choice_id: ChoiceId
    text: str
    is_correct: bool
    count: int
    share: float | None  # of the answers (not blanks); None when nobody answered


@dataclass(frozen=True)
class TypedNumber:
    """A number students typed for a number question, how many typed it, and whether it scored."""

    value: Decimal
    count: int
    is_correct: bool


@dataclass(frozen=True)
class ItemStats:
    question_id: QuestionId
    prompt: str
    kind: str
    responses: int  # answers recorded
    blanks: int  # finished attempts that were asked the question and left it unanswered
    facility: (
        float | None
    )  # mean points over responses and blanks; None when both are 0
    discrimination: (
        float | None
    )  # None: fewer than ENOUGH_TO_RANK finished, or all totals equal
    choices: tuple[ChoiceStats, ...]
    flags: tuple[Flag, ...]
    numbers: tuple[
        TypedNumber, ...
    ] = ()  # number questions: each number typed, ascending


@dataclass(frozen=True)
class Bin:
    """Scores from `low` up to, not including, `high`; the full-marks bin has low == high == max."""

    low: float
    high: float
    count: int
    label: str


@dataclass(frozen=True)
class ScoreSummary:
    count: int
    mean: float | None
    median: float | None
    minimum: float | None
    maximum: float | None


# --- Item analysis --------------------------------------------------------------------------------


def item_analysis(
    *, questions: Iterable[QuestionInfo], results: Sequence[AttemptResult]
) -> list[ItemStats]:
    """Facility, discrimination, choice counts and flags for each question, in the given order."""
    return [_analyse(question, results) for question in questions]


def _analyse(question: QuestionInfo, results: Sequence[AttemptResult]) -> ItemStats:
    qid = question.id
    counted = [p for r in results if (p := r.counted_points(qid)) is not None]
    responses = sum(1 for r in results if qid in r.points)
    picks = [r.chosen.get(qid, frozenset()) for r in results if qid in r.points]
    choices = tuple(
        ChoiceStats(
            choice_id=choice_id,
            text=text,
            is_correct=is_correct,
            count=(count := sum(1 for chosen in picks if choice_id in chosen)),
            share=count / responses if responses else None,
        )
        for choice_id, text, is_correct in question.choices
    )
    # A finished attempt that was asked the question always has points for it (0 for a blank).
    ranked = [
        (r.total_score, points)
        for r in results
        if r.finished
        and r.was_asked(qid)
        and (points := r.counted_points(qid)) is not None
    ]
    facility = sum(counted) / len(counted) if counted else None
    discrimination = upper_lower_difference(ranked)
    return ItemStats(
        question_id=qid,
        prompt=question.prompt,
        kind=question.kind,
        responses=responses,
        blanks=len(counted) - responses,
        facility=facility,
        discrimination=discrimination,
        choices=choices,
        flags=tuple(_flags(question, counted, facility, discrimination, choices)),
        numbers=typed_numbers(qid, results),
    )


def typed_numbers(
    question_id: QuestionId, results: Sequence[AttemptResult]
) -> tuple[TypedNumber, ...]:
    """The numbers typed for a question, each once with its count, smallest first. Equal values
    count together however they were typed ("1,500" and "1500.0" are one number)."""
    counts: Counter[Decimal] = Counter()
    correct: set[Decimal] = set()
    for result in results:
        if question_id in result.numbers:
            value = result.numbers[question_id]
            counts[value] += 1
            if result.points.get(question_id, 0) >= 1 - EPSILON:
                correct.add(value)
    return tuple(
        TypedNumber(value=value, count=counts[value], is_correct=value in correct)
        for value in sorted(counts)
    )


def upper_lower_difference(ranked: Sequence[tuple[float, float]]) -> float | None:
    """Mean item points of the top 27% by total score minus those of the bottom 27%.

    `ranked` holds (total score, item points) for each finished attempt. The groups hold
    round(0.27 n) students (at least 1); students tied at a group's edge share its remaining places
    equally, each counting with that fraction.
    """
    if len(ranked) < ENOUGH_TO_RANK:
        return None
    totals = [total for total, _ in ranked]
    if max(totals) - min(totals) < EPSILON:
        return None
    size = max(1, math.floor(GROUP_SHARE * len(ranked) + 0.5))
    top = _group_mean(ranked, size, highest_first=True)
    bottom = _group_mean(ranked, size, highest_first=False)
    return top - bottom


def _group_mean(
    ranked: Sequence[tuple[float, float]], size: int, *, highest_first: bool
) -> float:
    levels: dict[float, list[float]] = {}
    for total, points in ranked:
        levels.setdefault(total, []).append(points)
    places, weighted = float(size), 0.0
    for total in sorted(levels, reverse=highest_first):
        tied = levels[total]
        weight = min(1.0, places / len(tied))
        weighted += weight * sum(tied)
        places -= weight * len(tied)
        if places <= EPSILON:
            break
    return weighted / size


def _flags(
    question: QuestionInfo,
    counted: Sequence[float],
    facility: float | None,
    discrimination: float | None,
    choices: Sequence[ChoiceStats],
) -> Iterable[Flag]:
    if facility is not None and len(counted) >= ENOUGH_TO_FLAG:
        right = sum(1 for points in counted if points >= 1 - EPSILON)
        if right == 0:
            yield Flag(
                "nobody_right",
                "Nobody got this right: check the answer key and the wording.",
            )
        elif facility < HARD:
            yield Flag(
                "hardly_anyone_right",
                f"Hardly anyone got this right (facility {facility:.2f}): check the answer key "
                "and the wording.",
            )
        if right == len(counted):
            yield Flag(
                "everybody_right",
                "Everybody got this right: it does not tell who read the article closely.",
            )
        elif facility > EASY:
            yield Flag(
                "almost_everyone_right",
                f"Almost everyone got this right (facility {facility:.2f}): it may be too easy.",
            )
        if question.kind != TRUE_FALSE:
            for choice in choices:
                if not choice.is_correct and choice.count == 0:
                    yield Flag(
                        "unused_distractor",
                        f"Nobody picked “{choice.text}”: a wrong answer nobody finds plausible "
                        "only makes the question easier.",
                    )
    if discrimination is None:
        return
    if discrimination < 0:
        yield Flag(
            "negative_discrimination",
            f"Stronger students did worse than weaker ones (discrimination "
            f"{discrimination:.2f}): check the answer key.",
        )
    elif discrimination < WEAK and facility is not None and 0 < facility < 1:
        yield Flag(
            "low_discrimination",
            f"Stronger and weaker students did about as well (discrimination "
            f"{discrimination:.2f}): the question hardly tells them apart.",
        )


# --- The class's scores ---------------------------------------------------------------------------


def score_distribution(
    *, scores: Iterable[float], max_score: int, width: int | None = None
) -> list[Bin]:
    """Histogram bins of whole marks, from 0 to full marks, which get a bin of their own.

    The default width keeps about TARGET_BINS bins: 1 mark up to 20 questions, 2 up to 40. A bin
    labelled "2–3" holds scores from 2 up to, not including, 4 (as "aged 2–3" does).
    """
    if max_score < 0:
        raise ValueError("The maximum score cannot be negative.")
    width = width or max(1, math.ceil(max_score / TARGET_BINS))
    if width < 1:
        raise ValueError("The bin width must be a whole number of marks, at least 1.")
    lows = range(0, max_score, width)
    counts = [0] * (len(lows) + 1)
    for score in scores:
        if not -EPSILON <= score <= max_score + EPSILON:
            raise ValueError(f"Score {score} is outside 0 to {max_score}.")
        if score >= max_score - EPSILON:
            counts[-1] += 1
        else:
            counts[max(0, math.floor((score + EPSILON) / width))] += 1
    bins = [
        Bin(
            low=low,
            high=(high := min(low + width, max_score)),
            count=count,
            label=str(low) if high - low == 1 else f"{low}–{high - 1}",
        )
        for low, count in zip(lows, counts[:-1], strict=True)
    ]
    return [
        *bins,
        Bin(low=max_score, high=max_score, count=counts[-1], label=str(max_score)),
    ]


def score_summary(*, scores: Iterable[float]) -> ScoreSummary:
    values = sorted(scores)
    if not values:
        return ScoreSummary(count=0, mean=None, median=None, minimum=None, maximum=None)
    return ScoreSummary(
        count=len(values),
        mean=statistics.fmean(values),
        median=statistics.median(values),
        minimum=values[0],
        maximum=values[-1],
    )

"""A class's results for its teacher: each student's score and answers, item analysis, charts,
and the same as a CSV file a spreadsheet opens correctly.

The queries live here (a fixed number, whatever the class size); the statistics are the pure
functions of `quiz.stats`, the pictures those of `quiz.charts`.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from quiz.models import Assignment, Attempt, Question
from quiz.stats import (
    AttemptResult,
    Bin,
    ItemStats,
    QuestionInfo,
    ScoreSummary,
    item_analysis,
    score_distribution,
    score_summary,
)


@dataclass(frozen=True)
class Mark:
    """One cell of the results table: a student's points on one question (None: not answered)."""

    points: float | None
    correctness: str

    @property
    def symbol(self) -> str:
        return {"correct": "✓", "partly_correct": "½", "incorrect": "✗"}.get(
            self.correctness, "–"
        )


@dataclass(frozen=True)
class StudentRow:
    name: str
    attempt: Attempt  # the best of the student's attempts
    attempts: int
    marks: tuple[Mark, ...]

    @property
    def status(self) -> str:
        if self.attempt.is_finished:
            return "finished"
        if self.attempt.expires_at and timezone.now() > self.attempt.expires_at:
            return "out of time"
        return "in progress"


@dataclass(frozen=True)
class AssignmentReport:
    assignment: Assignment
    questions: tuple[Question, ...]
    students: tuple[StudentRow, ...]
    items: tuple[ItemStats, ...]
    distribution: tuple[Bin, ...]
    summary: ScoreSummary

    @property
    def question_count(self) -> int:
        return len(self.questions)


def assignment_report(assignment: Assignment) -> AssignmentReport:
    """Everything the results page shows, in five queries whatever the class size."""
    attempts = list(
        assignment.attempts.counted()
        .select_related("quiz")
        .prefetch_related("responses__chosen")
        .order_by("started_at")
    )
    questions = ordered_questions(assignment, attempts)
    students = student_rows(attempts, questions)
    results = [attempt_result(attempt) for attempt in attempts]
    finished_scores = [row.attempt.score for row in students if row.attempt.is_finished]
    return AssignmentReport(
        assignment=assignment,
        questions=tuple(questions),
        students=tuple(students),
        items=tuple(
            item_analysis(
                questions=[question_info(q) for q in questions], results=results
            )
        ),
        distribution=tuple(
            score_distribution(scores=finished_scores, max_score=len(questions))
        ),
        summary=score_summary(scores=finished_scores),
    )


def ordered_questions(
    assignment: Assignment, attempts: list[Attempt]
) -> list[Question]:
    """The quiz's questions in the quiz's order, plus any an attempt was asked that have left it."""
    asked = {
        question_id for attempt in attempts for question_id in attempt.question_ids
    }
    in_quiz = list(assignment.quiz.published_questions().values_list("pk", flat=True))
    order = in_quiz + sorted(asked - set(in_quiz))
    by_id = Question.objects.prefetch_related("choices").in_bulk(order)
    return [by_id[question_id] for question_id in order if question_id in by_id]


def student_rows(
    attempts: list[Attempt], questions: list[Question]
) -> list[StudentRow]:
    """One row per student (a name in one browser), showing their best attempt."""
    by_student: dict[tuple[str, str], list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        by_student[(attempt.browser_id, attempt.display_name)].append(attempt)
    rows = []
    for (_, name), own in by_student.items():
        best = max(own, key=lambda attempt: (attempt.score, attempt.started_at))
        responses = {
            response.question_id: response for response in best.responses.all()
        }
        marks = tuple(
            Mark(points=responses[q.pk].points, correctness=responses[q.pk].correctness)
            if q.pk in responses
            else Mark(points=None, correctness="")
            for q in questions
        )
        rows.append(
            StudentRow(
                name=name or "Anonymous", attempt=best, attempts=len(own), marks=marks
            )
        )
    return sorted(rows, key=lambda row: (row.name.casefold(), row.attempt.started_at))


def attempt_result(attempt: Attempt) -> AttemptResult:
    responses = list(attempt.responses.all())
    return AttemptResult(
        attempt_id=attempt.pk,
        total_score=attempt.score,
        points={response.question_id: response.points for response in responses},
        chosen={
            response.question_id: frozenset(
                choice.pk for choice in response.chosen.all()
            )
            for response in responses
        },
        asked=frozenset(attempt.question_ids),
        finished=attempt.is_finished,
    )


def question_info(question: Question) -> QuestionInfo:
    return QuestionInfo(
        id=question.pk,
        prompt=question.prompt,
        kind=question.kind,
        choices=[
            (choice.pk, choice.text, choice.is_correct)
            for choice in question.choices.all()
        ],
    )


# --- CSV ------------------------------------------------------------------------------------------

# A spreadsheet runs a cell that starts with one of these as a formula: a student's name must not.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def minutes(duration: timedelta | None) -> str:
    return "" if duration is None else f"{duration.total_seconds() / 60:.1f}"


def number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def column_title(text: str, *, limit: int = 60) -> str:
    """A question's prompt short enough for a column header, cut after a whole word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def report_csv(report: AssignmentReport) -> str:
    """One row per student, one column per question, as UTF-8 with a byte-order mark so that
    spreadsheet programs read accents and curly quotes correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["Student", "Attempts", "Status", "Score", "Out of", "Percent", "Minutes taken"]
        + [
            spreadsheet_safe(f"Q{number_}: {column_title(question.prompt)}")
            for number_, question in enumerate(report.questions, start=1)
        ]
    )
    for row in report.students:
        writer.writerow(
            [
                spreadsheet_safe(row.name),
                row.attempts,
                row.status,
                number(row.attempt.score),
                row.attempt.question_count,
                row.attempt.percentage,
                minutes(row.attempt.time_taken),
            ]
            + [number(mark.points) for mark in row.marks]
        )
    return "\ufeff" + out.getvalue()

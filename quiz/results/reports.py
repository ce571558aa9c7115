"""A class's results for its teacher: each student's score and answers, item analysis, charts,
and the same as a CSV file a spreadsheet opens correctly.

The queries live here (a fixed number, whatever the class size); the statistics are the pure
functions of `quiz.results.stats`, the pictures those of `quiz.results.charts`.
"""

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from uuid import UUID

from django.utils import timezone

from quiz.models import Assignment, Attempt, Question, Response
from quiz.results.stats import (
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
    """One cell of the results table: a student's points on one question (None: not answered)
    and what they answered, in words."""

    points: float | None
    correctness: str
    answer: str = ""
    number: Decimal | None = None  # the number typed, for a number question

    @property
    def symbol(self) -> str:
        return {"correct": "✓", "partly_correct": "½", "incorrect": "✗"}.get(
            self.correctness, "–"
        )


def attempt_status(attempt: Attempt) -> str:
    if attempt.is_finished:
        return "finished"
    if attempt.expires_at and timezone.now() > attempt.expires_at:
        return "out of time"
    return "in progress"


@dataclass(frozen=True)
class StudentRow:
    name: str
    attempt: Attempt  # the attempt that counts: see counted_attempt()
    attempts: int
    marks: tuple[Mark, ...]

    @property
    def status(self) -> str:
        return attempt_status(self.attempt)


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
    """Everything the results page shows, in five queries whatever the class size.

    The table, the item analysis and the score histogram all count one attempt per student, the
    same one (`counted_attempt`): a student who retook the quiz three times weighs no more in a
    question's facility than one who took it once."""
    attempts = list(
        assignment.attempts.counted()
        .select_related("quiz")
        .prefetch_related("responses__chosen")
        .order_by("started_at")
    )
    questions = ordered_questions(
        assignment, [attempt.question_ids for attempt in attempts]
    )
    students = student_rows(attempts, questions)
    results = [attempt_result(row.attempt) for row in students]
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
    assignment: Assignment, asked: Iterable[list[int]]
) -> list[Question]:
    """The quiz's questions in the quiz's order, plus any an attempt was asked that have left it
    (`asked`: each attempt's question ids)."""
    asked_ids = {question_id for ids in asked for question_id in ids}
    in_quiz = list(assignment.quiz.published_questions().values_list("pk", flat=True))
    order = in_quiz + sorted(asked_ids - set(in_quiz))
    by_id = Question.objects.prefetch_related("choices").in_bulk(order)
    return [by_id[question_id] for question_id in order if question_id in by_id]


def counted_attempt(attempts: list[Attempt]) -> Attempt:
    """The attempt that stands for a student in results: their best finished attempt (the
    highest score, the later of equals), or while they have finished none, their latest."""
    finished = [attempt for attempt in attempts if attempt.is_finished]
    if finished:
        return max(finished, key=lambda attempt: (attempt.score, attempt.started_at))
    return max(attempts, key=lambda attempt: attempt.started_at)


def student_key(name: str) -> str:
    """Within an assignment a name is one student, whatever the case or the browser: joining
    under a name already taken asks for that student's personal code (see the join view)."""
    return name.casefold()


def student_rows(
    attempts: list[Attempt], questions: list[Question]
) -> list[StudentRow]:
    """One row per student, showing the attempt that counts for them."""
    by_student: dict[str, list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        by_student[student_key(attempt.display_name)].append(attempt)
    rows = []
    for own in by_student.values():
        shown = counted_attempt(own)
        responses = {
            response.question_id: response for response in shown.responses.all()
        }
        marks = tuple(
            Mark(
                points=responses[q.pk].points,
                correctness=responses[q.pk].correctness,
                answer=answer_text(responses[q.pk]),
                number=responses[q.pk].number,
            )
            if q.pk in responses
            else Mark(points=None, correctness="")
            for q in questions
        )
        rows.append(
            StudentRow(
                name=shown.display_name or "Anonymous",
                attempt=shown,
                attempts=len(own),
                marks=marks,
            )
        )
    return sorted(rows, key=lambda row: (row.name.casefold(), row.attempt.started_at))


def answer_text(response: Response) -> str:
    """What the student answered, as they saw it: the number typed, or the choices picked."""
    return "; ".join(response.answer_texts(response.chosen.all()))


def right_answer_text(question: Question) -> str:
    return "; ".join(question.right_answers())


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
        numbers={
            response.question_id: response.number
            for response in responses
            if response.number is not None
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


# --- One student ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerLine:
    """One question of a student's attempt: numbered as on the class's results page."""

    number: int
    question: Question
    response: Response | None
    answer: str  # the choices picked or the number typed; "" when not answered
    right_answer: str


@dataclass(frozen=True)
class StudentReport:
    assignment: Assignment
    attempt: Attempt
    attempts: tuple[Attempt, ...]  # all of the student's attempts, newest first
    counted: Attempt  # the one the class's results count
    answers: tuple[AnswerLine, ...]

    @property
    def status(self) -> str:
        return attempt_status(self.attempt)


def student_report(assignment: Assignment, attempt_id: UUID | str) -> StudentReport:
    """One attempt of a student in this assignment, answer by answer, with the student's other
    attempts; in eight queries. Attempt.DoesNotExist for an attempt outside the assignment."""
    attempt = (
        assignment.attempts.counted()
        .prefetch_related("responses__chosen")
        .get(pk=attempt_id)
    )
    attempts = tuple(assignment.attempts.of_student(attempt.display_name))
    asked = assignment.attempts.counted().values_list("question_ids", flat=True)
    questions = ordered_questions(assignment, asked)
    responses = {response.question_id: response for response in attempt.responses.all()}
    lines = []
    for number, question in enumerate(questions, start=1):
        if question.pk not in attempt.question_ids:
            continue
        response = responses.get(question.pk)
        lines.append(
            AnswerLine(
                number=number,
                question=question,
                response=response,
                answer=answer_text(response) if response else "",
                right_answer=right_answer_text(question),
            )
        )
    return StudentReport(
        assignment=assignment,
        attempt=attempt,
        attempts=attempts,
        counted=counted_attempt(list(attempts)),
        answers=tuple(lines),
    )


# --- CSV ------------------------------------------------------------------------------------------

# A spreadsheet runs a cell that starts with one of these as a formula: a student's name must not.
# Excel where the decimal mark is a comma splits on semicolons, quoted or not, so a cell may also
# start after a semicolon (or a comma) inside a name or a prompt: those starts are defused too.
CELL_START_OF_FORMULA = re.compile(r"(^|[;,])(?=[=+\-@\t\r])")


def spreadsheet_safe(value: str) -> str:
    return CELL_START_OF_FORMULA.sub(r"\1'", value)


def minutes(duration: timedelta | None) -> str:
    return "" if duration is None else f"{duration.total_seconds() / 60:.1f}"


def number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def answer_cell(mark: Mark) -> str:
    """A typed number as a spreadsheet reads a number (1500, not "1,500"); choices as text."""
    if mark.number is not None:
        return f"{mark.number.normalize():f}"
    return spreadsheet_safe(mark.answer)


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
    """One row per student: a column of points per question, then a column of answers per
    question, as UTF-8 with a byte-order mark so that spreadsheet programs read accents and
    curly quotes correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["Student", "Attempts", "Status", "Score", "Out of", "Percent", "Minutes taken"]
        + [
            spreadsheet_safe(f"Q{number_}: {column_title(question.prompt)}")
            for number_, question in enumerate(report.questions, start=1)
        ]
        + [f"Q{number_} answer" for number_ in range(1, report.question_count + 1)]
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
            + [answer_cell(mark) for mark in row.marks]
        )
    return "\ufeff" + out.getvalue()

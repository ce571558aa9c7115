"""What each student answered, for their teacher: choices and typed numbers on a student's page, in
the CSV and in a chart of the numbers typed; and one attempt per student in every statistic."""

import csv
import io
import re
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.test import Client, TestCase
from django.urls import reverse

from quiz.models import Assignment, Attempt, Question
from quiz.results.charts import NUMBER_BARS, number_bars
from quiz.results.reports import assignment_report
from quiz.results.stats import AttemptResult, QuestionInfo, item_analysis
from tests.factories import (
    choice_id,
    make_article,
    make_question,
    make_quiz,
    make_teacher,
)


def make_mixed_quiz(owner: User):
    """A choice question, a multiple-select question and a number question (answer 1500)."""
    article = make_article()
    questions = [
        make_question(article=article, prompt="How many bridges?"),
        make_question(
            article=article,
            kind=Question.Kind.MULTIPLE_SELECT,
            prompt="Who spoke about the plan?",
        ),
        make_question(
            article=article,
            kind=Question.Kind.NUMERIC,
            prompt="How much will the bridges cost?",
            numeric_answer=1500,
        ),
    ]
    return make_quiz(questions=questions, published=False, owner=owner)


def join(assignment: Assignment, name: str) -> tuple[Client, Attempt]:
    student = Client()
    student.post(reverse("quiz:join"), {"code": assignment.code, "name": name})
    return student, Attempt.objects.filter(assignment=assignment).latest("started_at")


def take(
    assignment: Assignment,
    name: str,
    *,
    choice: str | None = None,
    picks: tuple[str, ...] = (),
    number: str | None = None,
    finish: bool = True,
) -> Attempt:
    """Join and answer the mixed quiz as a student in their own browser."""
    student, attempt = join(assignment, name)
    answers = [
        {"choice": [choice_id(attempt.question_at(1), choice)]} if choice else None,
        {"choice": [choice_id(attempt.question_at(2), text) for text in picks]}
        if picks
        else None,
        {"number": number} if number is not None else None,
    ]
    for position, data in enumerate(answers, start=1):
        if data is not None:
            student.post(attempt.question_url(position), data)
    if finish:
        student.post(attempt.get_absolute_url())
    attempt.refresh_from_db()
    return attempt


class StudentAnswersTests(TestCase):
    def setUp(self):
        self.teacher = make_teacher(username="ms-okafor")
        self.client.force_login(self.teacher)
        self.assignment = Assignment.objects.create(
            quiz=make_mixed_quiz(self.teacher), title="Class 9B", owner=self.teacher
        )

    def student_url(self, attempt: Attempt) -> str:
        return reverse(
            "admin:quiz_assignment_student_results",
            args=[self.assignment.pk, attempt.pk],
        )

    def test_a_students_page_shows_the_choices_picked_and_the_number_typed(self):
        attempt = take(
            self.assignment,
            "Ada",
            choice="8",
            picks=("Ana Ruiz", "Bob Lee"),
            number="1,500",
        )
        page = self.client.get(self.student_url(attempt))
        assert page.status_code == HTTPStatus.OK
        rows = page.text.split("<tbody>")[1].split("<tr>")[1:]
        assert "How many bridges?" in rows[0]
        assert "<td>8</td>" in rows[0] and "<td>12</td>" in rows[0]
        assert "Incorrect" in rows[0]
        assert "<td>Ana Ruiz; Bob Lee</td>" in rows[1]
        assert "Partly correct" not in rows[1] and "0 points" in rows[1]
        assert "<td>1,500</td>" in rows[2] and "Correct · 1 point" in rows[2]
        assert attempt.resume_code in page.text

    def test_the_class_page_links_each_student_to_their_answers(self):
        attempt = take(self.assignment, "Ada", choice="12", number="7")
        page = self.client.get(
            reverse("admin:quiz_assignment_results", args=[self.assignment.pk])
        )
        assert self.student_url(attempt) in page.text
        assert 'title="12 · 1 point(s)"' in page.text
        assert 'title="7 · 0 point(s)"' in page.text

    def test_unanswered_questions_say_so(self):
        attempt = take(self.assignment, "Ada", choice="12", finish=False)
        page = self.client.get(self.student_url(attempt))
        assert page.text.count("not answered") == 2

    def test_every_attempt_of_the_student_is_listed_and_the_counted_one_marked(self):
        first = take(self.assignment, "Ada", choice="8")
        student = Client()
        # The student continues on another device with their personal code, then retakes.
        student.post(
            reverse("quiz:join"),
            {
                "code": self.assignment.code,
                "name": "Ada",
                "personal_code": first.resume_code,
            },
        )
        student.post(
            reverse("quiz:join"), {"code": self.assignment.code, "name": "Ada"}
        )
        second = Attempt.objects.latest("started_at")
        assert second != first
        page = self.client.get(self.student_url(first))
        assert "Attempts (2)" in page.text
        assert self.student_url(second) in page.text
        assert page.text.count("(counted in the class's results)") == 1

    def test_another_teacher_gets_not_found(self):
        attempt = take(self.assignment, "Ada", choice="12")
        other = Client()
        other.force_login(make_teacher(username="mr-lee"))
        assert other.get(self.student_url(attempt)).status_code == HTTPStatus.NOT_FOUND

    def test_an_attempt_of_another_assignment_or_a_preview_is_not_found(self):
        elsewhere = Assignment.objects.create(
            quiz=self.assignment.quiz, title="Class 9C", owner=self.teacher
        )
        other_class = take(elsewhere, "Grace", choice="12")
        preview = Attempt.objects.start(
            self.assignment.quiz,
            browser_id="teacher",
            assignment=self.assignment,
            preview=True,
        )
        for attempt in (other_class, preview):
            response = self.client.get(self.student_url(attempt))
            assert response.status_code == HTTPStatus.NOT_FOUND

    def test_the_numbers_typed_get_a_chart_and_a_table(self):
        for name, number in [("Ada", "1,500"), ("Grace", "1500"), ("Alan", "15")]:
            take(self.assignment, name, number=number)
        page = self.client.get(
            reverse("admin:quiz_assignment_results", args=[self.assignment.pk])
        )
        assert "Q3: the numbers typed" in page.text
        assert "Q3: numbers typed</title>" in page.text
        # The table's rows, as cells in order (the template puts one element per line).
        cells = re.sub(r">\s+<", "><", page.text)
        assert "<td>1,500 (correct)</td><td>2 of 3</td>" in cells
        assert "<td>15</td><td>1 of 3</td>" in cells
        assert "Q1: the numbers typed" not in page.text

    def test_the_csv_holds_each_answer_with_numbers_a_spreadsheet_reads(self):
        Question.objects.filter(prompt="How many bridges?").first().choices.filter(
            text="8"
        ).update(text="=8+1")
        take(
            self.assignment, "Ada", choice="=8+1", picks=("Ana Ruiz",), number="-1,500"
        )
        response = self.client.get(
            reverse("admin:quiz_assignment_results_csv", args=[self.assignment.pk])
        )
        rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
        assert rows[0][-3:] == ["Q1 answer", "Q2 answer", "Q3 answer"]
        assert rows[1][-3:] == ["'=8+1", "Ana Ruiz", "-1500"]


class SameAttemptsTests(TestCase):
    """The table, the item analysis and the histogram count the same attempt per student."""

    def setUp(self):
        teacher = make_teacher(username="t")
        self.assignment = Assignment.objects.create(
            quiz=make_mixed_quiz(teacher), title="Class", owner=teacher
        )

    def test_a_retake_does_not_count_twice_in_facility(self):
        student, first = join(self.assignment, "Ada")
        student.post(
            first.question_url(1), {"choice": [choice_id(first.question_at(1), "8")]}
        )
        student.post(first.get_absolute_url())
        student.post(
            reverse("quiz:join"), {"code": self.assignment.code, "name": "Ada"}
        )
        second = Attempt.objects.latest("started_at")
        student.post(
            second.question_url(1), {"choice": [choice_id(second.question_at(1), "12")]}
        )
        student.post(second.get_absolute_url())
        report = assignment_report(self.assignment)
        (row,) = report.students
        assert row.attempt == second and row.attempts == 2
        question_1 = report.items[0]
        assert question_1.responses == 1 and question_1.facility == 1.0
        assert sum(bin.count for bin in report.distribution) == 1

    def test_one_name_in_two_browsers_is_one_student(self):
        # As before personal codes, when a second device silently made a second row.
        ada = take(self.assignment, "Ada", choice="8")
        Attempt.objects.create(
            quiz=self.assignment.quiz,
            assignment=self.assignment,
            browser_id="another device",
            display_name="ada",
            question_ids=ada.question_ids,
        )
        report = assignment_report(self.assignment)
        (row,) = report.students
        assert row.attempt == ada and row.attempts == 2
        assert report.items[0].responses == 1

    def test_a_student_still_answering_counts_with_their_latest_attempt(self):
        take(self.assignment, "Ada", choice="12", finish=False)
        take(self.assignment, "Grace", choice="8", number="1500")
        report = assignment_report(self.assignment)
        assert [item.responses for item in report.items] == [2, 0, 1]
        assert report.items[0].facility == 0.5
        assert report.summary.count == 1


class NumberChartTests(TestCase):
    def test_equal_numbers_count_together_and_come_smallest_first(self):
        question = QuestionInfo(id=1, prompt="How much?", kind="numeric")
        results = [
            AttemptResult(
                attempt_id=index,
                total_score=points,
                points={1: points},
                numbers={1: Decimal(value)},
            )
            for index, (value, points) in enumerate(
                [("1500.000000", 1.0), ("1500", 1.0), ("-2", 0.0), ("15", 0.0)]
            )
        ]
        (item,) = item_analysis(questions=[question], results=results)
        assert [
            (typed.value, typed.count, typed.is_correct) for typed in item.numbers
        ] == [
            (Decimal("-2"), 1, False),
            (Decimal("15"), 1, False),
            (Decimal("1500"), 2, True),
        ]
        assert [bar.label for bar in number_bars(item)] == [
            "-2",
            "15",
            "1,500 (correct)",
        ]

    def test_many_different_numbers_keep_the_commonest_and_group_the_rest(self):
        question = QuestionInfo(id=1, prompt="How much?", kind="numeric")
        values = [*range(1, NUMBER_BARS + 5), 7, 7, 9]
        results = [
            AttemptResult(
                attempt_id=index,
                total_score=0,
                points={1: 0.0},
                numbers={1: Decimal(v)},
            )
            for index, v in enumerate(values)
        ]
        (item,) = item_analysis(questions=[question], results=results)
        bars = number_bars(item)
        assert len(bars) == NUMBER_BARS
        assert bars[-1].label == "5 other numbers" and bars[-1].text == "5 of 19"
        labels = [bar.label for bar in bars[:-1]]
        assert "7" in labels and "9" in labels
        assert sum(bar.value for bar in bars) == len(values)


@pytest.mark.django_db
@pytest.mark.parametrize("answers", [1, 6])
def test_a_students_page_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, answers
):
    teacher = make_teacher(username="t")
    article = make_article()
    quiz = make_quiz(
        questions=[make_question(article=article) for _ in range(answers)],
        published=False,
        owner=teacher,
    )
    assignment = Assignment.objects.create(quiz=quiz, title="Class", owner=teacher)
    student, attempt = join(assignment, "Ada")
    for position in range(1, answers + 1):
        question = attempt.question_at(position)
        student.post(
            attempt.question_url(position), {"choice": choice_id(question, "12")}
        )
    client.force_login(teacher)
    url = reverse(
        "admin:quiz_assignment_student_results", args=[assignment.pk, attempt.pk]
    )
    with django_assert_max_num_queries(13):
        response = client.get(url)
    assert response.text.count("Correct · 1 point") == answers

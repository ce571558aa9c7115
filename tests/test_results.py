"""A teacher's view of a class: results page, live fragment, CSV, and who may see them."""

import csv
import io
from http import HTTPStatus

import pytest
from django.test import Client, TestCase
from django.urls import reverse

from quiz.models import Assignment, Attempt
from tests.factories import choice_id, make_quiz, make_teacher


def join_and_answer(
    assignment: Assignment, name: str, answers: list[str], finish: bool = True
) -> Attempt:
    student = Client()
    student.post(reverse("quiz:join"), {"code": assignment.code, "name": name})
    attempt = Attempt.objects.filter(assignment=assignment).latest("started_at")
    for position, text in enumerate(answers, start=1):
        question = attempt.question_at(position)
        student.post(
            attempt.question_url(position), {"choice": choice_id(question, text)}
        )
    if finish:
        student.post(attempt.get_absolute_url())
    attempt.refresh_from_db()
    return attempt


class ClassResultsTests(TestCase):
    def setUp(self):
        self.teacher = make_teacher(username="ms-okafor")
        self.client.force_login(self.teacher)
        self.quiz = make_quiz(question_count=3, published=False, owner=self.teacher)
        response = self.client.post(
            reverse("admin:quiz_assignment_add"),
            {"quiz": self.quiz.pk, "title": "Class 9B"},
        )
        assert response.status_code == HTTPStatus.FOUND, response.content
        self.assignment = Assignment.objects.get()
        self.url = reverse("admin:quiz_assignment_results", args=[self.assignment.pk])

    def test_assignment_belongs_to_the_teacher_and_has_a_join_code(self):
        assert self.assignment.owner == self.teacher
        assert len(self.assignment.code) == 6
        page = self.client.get(
            reverse("admin:quiz_assignment_change", args=[self.assignment.pk])
        )
        assert self.assignment.get_absolute_url() in page.text

    def test_results_show_each_student_their_score_and_answers(self):
        join_and_answer(self.assignment, "Ada", ["12", "12", "12"])
        join_and_answer(self.assignment, "Grace", ["8", "12"], finish=False)
        page = self.client.get(self.url)
        assert page.status_code == HTTPStatus.OK
        assert "Students (2)" in page.text
        assert "Ada" in page.text and "Grace" in page.text
        assert "3 / 3" in page.text and "1 / 3" in page.text
        assert "in progress" in page.text and "finished" in page.text
        assert page.text.count('class="mark mark-correct"') == 4
        assert page.text.count('class="mark mark-incorrect"') == 1
        assert 'role="img"' in page.text
        assert 'hx-trigger="every 5s"' in page.text

    def test_live_fragment_for_polling(self):
        join_and_answer(self.assignment, "Ada", ["12"], finish=False)
        fragment = self.client.get(self.url, headers={"HX-Request": "true"})
        assert "<html" not in fragment.text
        assert fragment.text.lstrip().startswith('<div id="live-results"')
        assert "Ada" in fragment.text
        assert "HX-Request" in fragment["Vary"]

    def test_csv_has_one_row_per_student_and_one_column_per_question(self):
        join_and_answer(self.assignment, "Ada", ["12", "8", "12"])
        join_and_answer(
            self.assignment, '=HYPERLINK("http://evil.example")', ["8", "8", "8"]
        )
        join_and_answer(self.assignment, "Grace", ["12", "12", "12"])
        response = self.client.get(
            reverse("admin:quiz_assignment_results_csv", args=[self.assignment.pk])
        )
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert 'filename="class-9b-results.csv"' in response["Content-Disposition"]
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        assert rows[0][:7] == [
            "Student",
            "Attempts",
            "Status",
            "Score",
            "Out of",
            "Percent",
            "Minutes taken",
        ]
        assert [cell[:3] for cell in rows[0][7:10]] == ["Q1:", "Q2:", "Q3:"]
        assert rows[0][10:] == ["Q1 answer", "Q2 answer", "Q3 answer"]
        names = [row[0] for row in rows[1:]]
        assert '\'=HYPERLINK("http://evil.example")' in names
        assert all(len(row) == 13 for row in rows)

    def test_another_teacher_cannot_see_the_results(self):
        other = Client()
        other.force_login(make_teacher(username="mr-lee"))
        assert other.get(self.url).status_code == HTTPStatus.NOT_FOUND
        csv_url = reverse(
            "admin:quiz_assignment_results_csv", args=[self.assignment.pk]
        )
        assert other.get(csv_url).status_code == HTTPStatus.NOT_FOUND
        listing = other.get(reverse("admin:quiz_assignment_changelist"))
        assert "Class 9B" not in listing.text

    def test_students_cannot_reach_the_results(self):
        self.client.logout()
        response = self.client.get(self.url)
        assert response.status_code == HTTPStatus.FOUND
        assert reverse("admin:login") in response["Location"]

    def test_closing_from_the_admin_stops_new_answers(self):
        self.client.post(
            reverse("admin:quiz_assignment_changelist"),
            {"action": "close", "_selected_action": [self.assignment.pk]},
        )
        self.assignment.refresh_from_db()
        assert not self.assignment.is_open


@pytest.mark.django_db
@pytest.mark.parametrize("students", [3, 12])
def test_results_page_queries_do_not_grow_with_the_class(
    client, django_assert_max_num_queries, students
):
    teacher = make_teacher(username="t")
    quiz = make_quiz(question_count=3, published=False, owner=teacher)
    assignment = Assignment.objects.create(quiz=quiz, title="Class", owner=teacher)
    for number in range(students):
        join_and_answer(assignment, f"Student {number}", ["12", "8", "12"])
    client.force_login(teacher)
    with django_assert_max_num_queries(14):
        response = client.get(
            reverse("admin:quiz_assignment_results", args=[assignment.pk])
        )
    assert f"Students ({students})" in response.text

"""Quiz settings and class assignments, as students meet them."""

import json
import re
from datetime import timedelta
from http import HTTPStatus

from django.contrib.auth.models import User
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from quiz.models import Assignment, Attempt, Question, Quiz, Response
from tests.factories import (
    choice_id,
    make_article,
    make_question,
    make_quiz,
    start_attempt,
)

HTMX = {"HX-Request": "true"}


def make_assignment(
    *, quiz: Quiz | None = None, title: str = "Class 9B", **fields
) -> Assignment:
    owner = fields.pop("owner", None) or User.objects.create_user(
        f"teacher{User.objects.count()}"
    )
    return Assignment.objects.create(
        quiz=quiz or make_quiz(published=False), title=title, owner=owner, **fields
    )


def answer(client, attempt: Attempt, position: int, text: str, htmx: bool = True):
    question = attempt.question_at(position)
    return client.post(
        attempt.question_url(position),
        {"choice": choice_id(question, text)},
        headers=HTMX if htmx else {},
    )


class JoinTests(TestCase):
    def setUp(self):
        self.assignment = make_assignment()

    def test_join_link_shows_the_quiz_and_prefills_the_code(self):
        page = self.client.get(self.assignment.get_absolute_url())
        assert page.status_code == HTTPStatus.OK
        assert self.assignment.quiz.title in page.text
        assert f'value="{self.assignment.code}"' in page.text

    def test_student_joins_with_code_and_name_without_an_account(self):
        typed = (
            self.assignment.code.lower()[:3] + "-" + self.assignment.code.lower()[3:]
        )
        response = self.client.post(
            reverse("quiz:join"), {"code": typed, "name": "  Ada   Lovelace "}
        )
        attempt = Attempt.objects.get()
        assert response["Location"] == attempt.question_url(1)
        assert (attempt.assignment, attempt.display_name) == (
            self.assignment,
            "Ada Lovelace",
        )

    def test_unknown_code_gets_a_clear_message_in_the_form_and_the_address(self):
        posted = self.client.post(reverse("quiz:join"), {"code": "ZZZZZZ", "name": ""})
        linked = self.client.get(reverse("quiz:join_code", kwargs={"code": "NOPE99"}))
        for response in (posted, linked):
            assert response.status_code == HTTPStatus.NOT_FOUND
            assert "No open quiz has that code." in response.text
        assert not Attempt.objects.exists()

    def test_a_wrong_code_keeps_what_was_typed_and_says_nothing_about_the_fields(self):
        posted = self.client.post(reverse("quiz:join"), {"code": "zzz-zz9", "name": ""})
        linked = self.client.get(reverse("quiz:join_code", kwargs={"code": "nope-99"}))
        named = self.client.post(
            reverse("quiz:join"), {"code": "ZZZZZ9", "name": "Ada"}
        )
        assert 'value="ZZZZZ9"' in posted.text and 'value="NOPE99"' in linked.text
        assert 'value="Ada"' in named.text
        for response in (posted, linked, named):
            assert response.status_code == HTTPStatus.NOT_FOUND
            assert "Type your name" not in response.text
            assert 'aria-invalid="true"' not in response.text

    def test_missing_name_gets_a_clear_message(self):
        response = self.client.post(
            reverse("quiz:join"), {"code": self.assignment.code, "name": " "}
        )
        assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        assert "Type your name" in response.text
        assert not Attempt.objects.exists()

    def test_closed_assignment_cannot_be_joined(self):
        self.assignment.close()
        response = self.client.post(
            reverse("quiz:join"), {"code": self.assignment.code, "name": "Ada"}
        )
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "No open quiz has that code." in response.text
        assert self.assignment.quiz.title not in response.text
        assert not Attempt.objects.exists()

    def test_closing_stops_answers_already_under_way(self):
        self.client.post(
            reverse("quiz:join"), {"code": self.assignment.code, "name": "Ada"}
        )
        attempt = Attempt.objects.get()
        self.assignment.close()
        response = answer(self.client, attempt, 1, "12")
        assert response.status_code == HTTPStatus.CONFLICT
        assert "closed this assignment" in response.text
        assert not Response.objects.exists()

    def test_a_closing_time_in_the_past_stops_answers(self):
        self.client.post(
            reverse("quiz:join"), {"code": self.assignment.code, "name": "Ada"}
        )
        attempt = Attempt.objects.get()
        Assignment.objects.filter(pk=self.assignment.pk).update(
            closes_at=timezone.now() - timedelta(seconds=1)
        )
        assert answer(self.client, attempt, 1, "12").status_code == HTTPStatus.CONFLICT
        assert not Response.objects.exists()

    def test_unpublished_assigned_quiz_citations_open_the_article(self):
        self.client.post(
            reverse("quiz:join"), {"code": self.assignment.code, "name": "Ada"}
        )
        attempt = Attempt.objects.get()
        answer(self.client, attempt, 1, "12")
        article = attempt.question_at(1).article
        assert self.client.get(article.get_absolute_url()).status_code == HTTPStatus.OK


class QuizSettingsTests(TestCase):
    def test_time_limit_refuses_late_answers_with_a_message(self):
        quiz = make_quiz()
        Quiz.objects.filter(pk=quiz.pk).update(time_limit_minutes=10)
        attempt = start_attempt(client=self.client, quiz=quiz)
        assert attempt.expires_at - attempt.started_at == timedelta(minutes=10)
        Attempt.objects.filter(pk=attempt.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
        attempt.refresh_from_db()
        response = answer(self.client, attempt, 1, "12")
        assert response.status_code == HTTPStatus.CONFLICT
        assert "Time is up" in response.text
        assert not Response.objects.exists()

    def test_feedback_at_the_end_keeps_verdicts_and_answers_until_the_attempt_finishes(
        self,
    ):
        quiz = make_quiz(question_count=2)
        Quiz.objects.filter(pk=quiz.pk).update(feedback=Quiz.Feedback.AT_END)
        attempt = start_attempt(client=self.client, quiz=quiz)
        question = attempt.question_at(1)
        first = answer(self.client, attempt, 1, "8")
        assert "Answer saved" in first.text
        for secret in [
            "Incorrect",
            "Right answer",
            "<mark>",
            question.explanation,
            "Score so far",
        ]:
            assert secret not in first.text
        results = self.client.get(attempt.get_absolute_url()).text
        assert (
            "Right answer" not in results
            and "Your score appears when you finish." in results
        )
        answer(self.client, attempt, 2, "12")
        results = self.client.get(attempt.get_absolute_url()).text
        assert (
            "1 / 2" in results
            and results.count("Right answer") == 2
            and "<mark>" in results
        )
        assert "Incorrect" in self.client.get(attempt.question_url(1)).text

    def test_max_attempts(self):
        quiz = make_quiz()
        Quiz.objects.filter(pk=quiz.pk).update(max_attempts=1)
        start_attempt(client=self.client, quiz=quiz)
        response = self.client.post(quiz.get_absolute_url(), {"display_name": ""})
        assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        assert "You have used all 1 attempt(s)" in response.text
        assert Attempt.objects.count() == 1

    def test_shuffled_questions_differ_between_attempts_but_keep_all_questions(self):
        quiz = make_quiz(question_count=6)
        Quiz.objects.filter(pk=quiz.pk).update(shuffle_questions=True)
        orders = {
            tuple(start_attempt(client=self.client, quiz=quiz).question_ids)
            for _ in range(6)
        }
        assert len(orders) > 1
        assert {frozenset(order) for order in orders} == {
            frozenset(quiz.published_questions().values_list("pk", flat=True))
        }

    def test_unshuffled_choices_keep_the_teachers_order(self):
        question = make_question(
            choices=[
                ("Delta", False),
                ("Alpha", True),
                ("Charlie", False),
                ("Bravo", False),
            ]
        )
        quiz = make_quiz(questions=[question])
        Quiz.objects.filter(pk=quiz.pk).update(shuffle_choices=False)
        attempt = start_attempt(client=self.client, quiz=quiz)
        page = self.client.get(attempt.question_url(1)).text
        assert re.findall(r'<label for="choice-\d">(\w+)</label>', page) == [
            "Delta",
            "Alpha",
            "Charlie",
            "Bravo",
        ]

    def test_pass_mark_message(self):
        quiz = make_quiz(question_count=2)
        Quiz.objects.filter(pk=quiz.pk).update(
            pass_mark=50, pass_message="Well read!", fail_message="Read it again."
        )
        attempt = start_attempt(client=self.client, quiz=quiz)
        answer(self.client, attempt, 1, "12")
        answer(self.client, attempt, 2, "8")
        assert "Well read!" in self.client.get(attempt.get_absolute_url()).text


class PreviewTests(TestCase):
    def setUp(self):
        self.teacher = User.objects.create_user("teacher", is_staff=True)
        self.client.force_login(self.teacher)

    def test_teacher_previews_an_unpublished_quiz_without_a_counted_attempt(self):
        quiz = make_quiz(published=False)
        response = self.client.post(
            reverse("quiz:preview_quiz", kwargs={"slug": quiz.slug})
        )
        attempt = Attempt.objects.get()
        assert attempt.is_preview
        assert response["Location"] == attempt.question_url(1)
        assert not Attempt.objects.counted().exists()

    def test_students_cannot_preview(self):
        quiz = make_quiz(published=False)
        self.client.logout()
        response = self.client.post(
            reverse("quiz:preview_quiz", kwargs={"slug": quiz.slug})
        )
        assert (
            response.status_code == HTTPStatus.FOUND
            and "/admin/login/" in response["Location"]
        )
        assert not Attempt.objects.exists()

    def test_question_preview_scores_without_storing(self):
        question = make_question(status=Question.Status.DRAFT)
        url = reverse("quiz:preview_question", kwargs={"question_id": question.pk})
        page = self.client.get(url)
        assert question.prompt in page.text and question.explanation not in page.text
        response = self.client.post(
            url, {"choice": choice_id(question, "12")}, headers=HTMX
        )
        assert "Correct" in response.text and question.explanation in response.text
        assert not Response.objects.exists() and not Attempt.objects.exists()


class JsonLdTests(TestCase):
    def test_quiz_page_describes_the_quiz_without_answers(self):
        article = make_article(title="Bridges </script><script>alert(1)</script>")
        quiz = make_quiz(article=article)
        page = self.client.get(quiz.get_absolute_url()).text
        block = re.search(
            r'<script type="application/ld\+json">(.*?)</script>', page, re.S
        ).group(1)
        data = json.loads(block)
        assert data["@type"] == "Quiz" and data["numberOfQuestions"] == 3
        assert data["about"][0]["headline"] == article.title
        # No answer, not even a choice: the right one is "12" (as a JSON string value).
        assert "acceptedAnswer" not in block and '"12"' not in block

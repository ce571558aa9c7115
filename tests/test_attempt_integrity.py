"""What a student's attempt can rely on whatever the teacher does meanwhile: its questions and the
choices it picked stay, its choice order cannot be replayed from the URL, a "feedback at the end"
quiz tells nothing before the end, and absurd input gets a message rather than an error page."""

import json
import random
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.db.models import ProtectedError
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from quiz.exchange import ImportProblems, import_bank
from quiz.models import Article, Attempt, Choice, Question, QuizEntry, Response
from tests.factories import (
    ARTICLE_TEXT,
    choice_id,
    make_article,
    make_question,
    make_quiz,
    start_attempt,
)
from tests.migrating import MigrationTestCase

HTMX = {"HX-Request": "true"}


def answer(client, attempt: Attempt, position: int, text: str, **kwargs):
    question = attempt.question_at(position)
    return client.post(
        attempt.question_url(position), {"choice": choice_id(question, text)}, **kwargs
    )


def make_superuser() -> User:
    return User.objects.create_superuser(
        "head", "head@example.com", "a-long-passphrase"
    )


class TeacherEditsDuringAnAttemptTests(TestCase):
    """A student is halfway through a three-question quiz when the teacher edits it."""

    def setUp(self):
        self.quiz = make_quiz(question_count=3)
        self.attempt = start_attempt(client=self.client, quiz=self.quiz)
        self.first, self.second, self.third = (
            self.attempt.question_at(position) for position in (1, 2, 3)
        )
        answer(self.client, self.attempt, 1, "12")
        self.teacher = self.client_class()
        self.teacher.force_login(make_superuser())

    def finish_right(self) -> None:
        """Answer the two remaining questions right, following "Next question" as a student does."""
        page = self.client.get(self.attempt.question_url(1))
        assert f'href="{self.attempt.question_url(2)}"' in page.text
        answer(self.client, self.attempt, 2, "12")
        page = self.client.get(self.attempt.question_url(2))
        assert f'href="{self.attempt.question_url(3)}"' in page.text
        assert (
            self.client.get(self.attempt.question_url(3)).status_code == HTTPStatus.OK
        )
        answer(self.client, self.attempt, 3, "12")
        self.attempt.refresh_from_db()

    def test_an_unanswered_question_cannot_be_deleted_and_the_attempt_still_finishes_3_of_3(
        self,
    ):
        with pytest.raises(ProtectedError):
            self.third.delete()
        with pytest.raises(ProtectedError):
            Question.objects.filter(pk=self.third.pk).delete()
        with pytest.raises(ProtectedError):
            self.third.article.delete()
        self.finish_right()
        assert self.attempt.is_finished
        results = self.client.get(self.attempt.get_absolute_url())
        assert "<strong>3 / 3</strong>" in results.text

    def test_the_admin_refuses_to_delete_a_question_in_an_attempt_and_says_retire_it(
        self,
    ):
        delete_url = reverse("admin:quiz_question_delete", args=[self.third.pk])
        page = self.teacher.post(delete_url, {"post": "yes"})
        assert page.status_code == HTTPStatus.OK
        assert "Retire it instead" in page.text
        page = self.teacher.post(
            reverse("admin:quiz_question_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [self.second.pk, self.third.pk],
                "post": "yes",
            },
        )
        assert page.status_code == HTTPStatus.OK
        assert "Retire it instead" in page.text
        assert (
            Question.objects.filter(pk__in=[self.second.pk, self.third.pk]).count() == 2
        )
        article_url = reverse("admin:quiz_article_delete", args=[self.third.article_id])
        page = self.teacher.post(article_url, {"post": "yes"})
        assert page.status_code == HTTPStatus.OK
        assert "Retire it instead" in page.text
        assert Article.objects.filter(pk=self.third.article_id).exists()
        self.finish_right()
        assert self.attempt.score == 3 and self.attempt.question_count == 3

    def test_a_question_in_no_attempt_can_still_be_deleted(self):
        unused = make_question()
        delete_url = reverse("admin:quiz_question_delete", args=[unused.pk])
        assert (
            self.teacher.post(delete_url, {"post": "yes"}).status_code
            == HTTPStatus.FOUND
        )
        assert not Question.objects.filter(pk=unused.pk).exists()

    def test_a_retired_question_stays_answerable_in_the_attempt_that_holds_it(self):
        self.teacher.post(
            reverse("admin:quiz_question_changelist"),
            {"action": "retire", "_selected_action": [self.third.pk]},
        )
        self.third.refresh_from_db()
        assert self.third.status == Question.Status.RETIRED
        self.finish_right()
        assert self.attempt.is_finished and self.attempt.score == 3
        assert (
            "<strong>3 / 3</strong>"
            in self.client.get(self.attempt.get_absolute_url()).text
        )
        # New attempts no longer ask it.
        assert start_attempt(client=self.client, quiz=self.quiz).question_count == 2

    def test_removing_a_question_from_the_quiz_leaves_running_attempts_as_they_were(
        self,
    ):
        QuizEntry.objects.filter(quiz=self.quiz, question=self.third).delete()
        self.finish_right()
        assert self.attempt.is_finished
        assert (
            "<strong>3 / 3</strong>"
            in self.client.get(self.attempt.get_absolute_url()).text
        )

    def test_a_picked_choice_cannot_be_deleted_and_your_answer_stays_visible(self):
        answer(self.client, self.attempt, 2, "8")
        picked = self.second.choices.get(text="8")
        with pytest.raises(ProtectedError):
            picked.delete()
        with pytest.raises(ProtectedError):
            Choice.objects.filter(pk=picked.pk).delete()
        self.client.post(self.attempt.get_absolute_url())  # Finish now
        results = self.client.get(self.attempt.get_absolute_url())
        assert "Your answer: 8</p>" in results.text
        assert "<strong>1 / 3</strong>" in results.text

    def test_the_admin_refuses_to_delete_any_choice_of_a_question_in_an_attempt(self):
        choices = list(self.third.choices.order_by("position"))
        form = {
            "article": self.third.article_id,
            "kind": self.third.kind,
            "prompt": self.third.prompt,
            "explanation": self.third.explanation,
            "status": self.third.status,
            "citation_quote": self.third.citation_quote,
            "citation_start": self.third.citation_start,
            "citation_end": self.third.citation_end,
            "origin": self.third.origin,
            "review_notes": "",
            "key": "",
            "choices-TOTAL_FORMS": len(choices),
            "choices-INITIAL_FORMS": len(choices),
            "choices-MIN_NUM_FORMS": 0,
            "choices-MAX_NUM_FORMS": 1000,
        }
        for index, choice in enumerate(choices):
            form |= {
                f"choices-{index}-id": choice.pk,
                f"choices-{index}-question": self.third.pk,
                f"choices-{index}-position": choice.position,
                f"choices-{index}-text": choice.text,
                f"choices-{index}-is_correct": "on" if choice.is_correct else "",
            }
        unpicked = choices[-1]
        form[f"choices-{len(choices) - 1}-DELETE"] = "on"
        page = self.teacher.post(
            reverse("admin:quiz_question_change", args=[self.third.pk]), form
        )
        assert page.status_code == HTTPStatus.OK
        assert "its choices cannot be deleted" in page.text
        assert Choice.objects.filter(pk=unpicked.pk).exists()


class ChoiceOrderTests(TestCase):
    def test_the_choice_order_is_keyed_with_the_secret_key_not_only_the_ids_in_the_url(
        self,
    ):
        names = ["Ana", "Bob", "Cy", "Dee", "Eve", "Fay"]
        question = make_question(choices=[(name, name == "Ana") for name in names])
        quiz = make_quiz(questions=[question])
        attempts = [
            Attempt.objects.start(quiz, browser_id=f"browser-{number}")
            for number in range(8)
        ]

        def orders() -> list[list[str]]:
            return [[c.text for c in a.display_order(question)] for a in attempts]

        def replayed_from_the_url() -> list[list[str]]:
            replayed = []
            for attempt in attempts:
                texts = [c.text for c in question.natural_choice_order[0]]
                random.Random(f"{attempt.pk}:{question.pk}").shuffle(texts)
                replayed.append(texts)
            return replayed

        shown = orders()
        assert shown == orders()  # stable for each attempt
        assert len({tuple(order) for order in shown}) > 1  # and shuffled
        assert shown != replayed_from_the_url()
        with override_settings(
            SECRET_KEY="another-secret-key-for-another-server-0123456789"
        ):
            assert orders() != shown


class FeedbackAtTheEndTests(TestCase):
    def setUp(self):
        self.quiz = make_quiz(question_count=3, feedback="at_end")
        self.attempt = start_attempt(client=self.client, quiz=self.quiz)
        answer(self.client, self.attempt, 1, "12")

    def assert_tells_nothing(self, page) -> None:
        assert "Answer saved" in page.text
        assert "Score so far" not in page.text
        assert "Correct" not in page.text and "Right answer" not in page.text

    def test_nothing_tells_whether_an_answer_was_right_before_the_end(self):
        quiz_page = self.client.get(self.quiz.get_absolute_url())
        assert "1 of 3 answered (not finished)" in quiz_page.text
        assert "1 / 3" not in quiz_page.text
        question_url = self.attempt.question_url(1)
        self.assert_tells_nothing(self.client.get(question_url))
        fragment = self.client.get(question_url, headers=HTMX)
        assert "<html" not in fragment.text
        self.assert_tells_nothing(fragment)
        self.assert_tells_nothing(
            answer(self.client, self.attempt, 2, "12", headers=HTMX)
        )
        results = self.client.get(self.attempt.get_absolute_url())
        assert "Your score appears when you finish." in results.text
        assert "2 / 3" not in results.text

    def test_the_score_shows_once_the_attempt_is_finished(self):
        answer(self.client, self.attempt, 2, "8")
        answer(self.client, self.attempt, 3, "8")
        quiz_page = self.client.get(self.quiz.get_absolute_url())
        assert "1 / 3" in quiz_page.text
        assert (
            "<strong>1 / 3</strong>"
            in self.client.get(self.attempt.get_absolute_url()).text
        )


class AbsurdInputTests(TestCase):
    def test_a_number_answer_with_an_absurd_exponent_gets_a_message(self):
        quiz = make_quiz(questions=[make_question(kind=Question.Kind.NUMERIC)])
        attempt = start_attempt(client=self.client, quiz=quiz)
        for typed in ("1e1000000", "-1e1000000", "1E999999999999"):
            for headers in ({}, HTMX):
                with self.subTest(typed=typed, htmx=bool(headers)):
                    page = self.client.post(
                        attempt.question_url(1), {"number": typed}, headers=headers
                    )
                    assert page.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
                    assert "That number is too large" in page.text
        assert not Response.objects.exists()
        self.client.post(attempt.question_url(1), {"number": "0e1000000"})
        assert Response.objects.get().number == 0

    def test_the_teachers_preview_gives_the_same_message(self):
        self.client.force_login(make_superuser())
        question = make_question(kind=Question.Kind.NUMERIC)
        page = self.client.post(
            reverse("quiz:preview_question", args=[question.pk]),
            {"number": "1e1000000"},
        )
        assert page.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        assert "That number is too large" in page.text

    def test_the_admin_refuses_an_absurd_right_number(self):
        self.client.force_login(make_superuser())
        article = make_article()
        page = self.client.post(
            reverse("admin:quiz_question_add"),
            {
                "article": article.pk,
                "kind": "numeric",
                "prompt": "How many bridges?",
                "numeric_answer": "1e1000000",
                "explanation": "Twelve.",
                "status": "draft",
                "citation_quote": "12 new bridges",
                "origin": "hand_written",
                "choices-TOTAL_FORMS": 0,
                "choices-INITIAL_FORMS": 0,
                "choices-MIN_NUM_FORMS": 0,
                "choices-MAX_NUM_FORMS": 1000,
            },
        )
        assert page.status_code == HTTPStatus.OK
        assert "no more than 24 digits" in page.text
        assert not Question.objects.exists()


HTML_TEXT = "<p>The council will build 12 bridges.</p>\n<p>The mayor said so.</p>"
CONTROL_TEXT = (
    "The council\x0b will\x0c build\x01 12\x02 bridges\x03.\x04\x05\x06\x07\x08\x1f\x7f"
)


class ArticleTextTests(TestCase):
    def test_the_admin_refuses_html_or_control_characters_with_a_message(self):
        self.client.force_login(make_superuser())
        for text, message in (
            (HTML_TEXT, "The text looks like HTML"),
            (CONTROL_TEXT, "control or NUL bytes"),
        ):
            with self.subTest(message):
                page = self.client.post(
                    reverse("admin:quiz_article_add"),
                    {"title": "Bridges", "slug": "bridges", "text": text},
                )
                assert page.status_code == HTTPStatus.OK
                assert message in page.text
                assert not Article.objects.exists()

    def test_an_import_refuses_html_or_control_characters_with_a_message(self):
        for text, message in (
            (HTML_TEXT, "The text looks like HTML"),
            (CONTROL_TEXT, "control or NUL bytes"),
        ):
            bank = {
                "format": "factquiz",
                "version": 1,
                "articles": [{"slug": "bridges", "title": "Bridges", "text": text}],
                "quizzes": [],
            }
            with self.subTest(message), pytest.raises(ImportProblems) as raised:
                import_bank(json.dumps(bank))
            assert any(message in problem for problem in raised.value.problems)
            assert not Article.objects.exists()

    def test_plain_text_with_a_stray_tag_is_still_an_article(self):
        article = make_article(
            text=ARTICLE_TEXT + "\nA <b>bold</b> claim was made here."
        )
        assert article.sentences


class MigrationTests(MigrationTestCase):
    """Attempts that exist when the protection arrives: the ones a deleted question had broken."""

    def test_unfinished_attempts_lose_deleted_questions_and_finished_results_stand(
        self,
    ):
        old = self.migrate("0004_content_version")
        article = old.get_model("quiz", "Article").objects.create(
            title="Bridges", slug="bridges", text=ARTICLE_TEXT
        )
        questions = [
            old.get_model("quiz", "Question").objects.create(
                article=article,
                prompt=f"Question {number}",
                explanation="Twelve.",
                citation_start=0,
                citation_end=3,
                citation_quote="The",
                status="published",
            )
            for number in range(3)
        ]
        quiz = old.get_model("quiz", "Quiz").objects.create(title="Q", slug="q")
        attempts = old.get_model("quiz", "Attempt").objects
        ids = [question.pk for question in questions]
        all_answered = attempts.create(
            quiz=quiz, browser_id="b", question_ids=ids, answered_count=2, score=2
        )
        halfway = attempts.create(
            quiz=quiz, browser_id="b", question_ids=ids, answered_count=1, score=1
        )
        finished = attempts.create(
            quiz=quiz,
            browser_id="b",
            question_ids=ids,
            answered_count=2,
            score=2,
            finished_at=timezone.now(),
        )
        questions[2].delete()

        self.migrate("0005_attempts_protect_their_questions")
        # On to the latest schema, which the models below (and the tests after this one) read.
        self.migrate_to_latest()
        all_answered, halfway, finished = (
            Attempt.objects.get(pk=attempt.pk)
            for attempt in (all_answered, halfway, finished)
        )
        assert all_answered.question_ids == ids[:2] and all_answered.is_finished
        assert all_answered.percentage == 100
        assert halfway.question_ids == ids[:2] and not halfway.is_finished
        assert finished.question_ids == ids and finished.percentage == 67
        with pytest.raises(ProtectedError):
            Question.objects.get(pk=ids[0]).delete()

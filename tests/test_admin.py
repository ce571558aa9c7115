from http import HTTPStatus
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from quiz.models import Article, Question
from tests.factories import make_article, make_question, make_quiz, start_attempt


def make_teacher(username: str = "teacher") -> User:
    call_command(
        "create_teacher",
        username,
        "--password-from-env",
        "TEACHER_PASSWORD",
        stdout=StringIO(),
    )
    return User.objects.get(username=username)


def question_form(article, **overrides) -> dict:
    data = {
        "article": article.pk,
        "kind": "single_choice",
        "prompt": "Who is the mayor?",
        "explanation": "The mayor is Ana Ruiz.",
        "status": "draft",
        "citation_quote": "Mayor Ana Ruiz said the first bridge would open in the spring.",
        "citation_start": "",
        "citation_end": "",
        "origin": "hand_written",
        "review_notes": "",
        "key": "",
        "choices-TOTAL_FORMS": "2",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "2",
        "choices-MAX_NUM_FORMS": "1000",
        "choices-0-position": "0",
        "choices-0-text": "Ana Ruiz",
        "choices-0-is_correct": "on",
        "choices-1-position": "1",
        "choices-1-text": "Bob Lee",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture(autouse=True)
def teacher_password(monkeypatch):
    monkeypatch.setenv("TEACHER_PASSWORD", "a-long-classroom-passphrase")


class TeacherAdminTests(TestCase):
    def setUp(self):
        self.teacher = make_teacher()
        self.client.force_login(self.teacher)
        self.article = make_article(owner=self.teacher)
        self.add_url = reverse("admin:quiz_question_add")

    def test_teacher_writes_a_question_and_the_offsets_are_found_from_the_quote(self):
        response = self.client.post(self.add_url, question_form(self.article))
        assert response.status_code == HTTPStatus.FOUND, response.content
        question = Question.objects.get()
        assert (
            self.article.text[question.citation_start : question.citation_end]
            == question.citation_quote
        )
        assert question.choices.count() == 2

    def test_a_quote_not_at_its_offsets_gets_a_readable_error_and_saves_nothing(self):
        response = self.client.post(
            self.add_url,
            question_form(self.article, citation_start="0", citation_end="62"),
        )
        assert response.status_code == HTTPStatus.OK
        assert "is not the article&#x27;s text at characters 0–62" in response.text
        assert "The quote occurs at" in response.text
        assert not Question.objects.exists()

    def test_single_choice_with_two_right_answers_is_refused(self):
        response = self.client.post(
            self.add_url, question_form(self.article, **{"choices-1-is_correct": "on"})
        )
        assert "Mark exactly one choice as correct." in response.text
        assert not Question.objects.exists()

    def test_question_page_shows_the_cited_passage_highlighted(self):
        question = make_question(article=self.article, quote="first bridge would open")
        page = self.client.get(
            reverse("admin:quiz_question_change", args=[question.pk])
        )
        assert (
            "Mayor Ana Ruiz said the <mark>first bridge would open</mark> in the spring."
            in page.text
        )

    def test_publish_action(self):
        question = make_question(article=self.article, status=Question.Status.DRAFT)
        self.client.post(
            reverse("admin:quiz_question_changelist"),
            {"action": "publish", "_selected_action": [question.pk]},
        )
        question.refresh_from_db()
        assert question.status == Question.Status.PUBLISHED

    def test_attempts_are_read_only_for_teachers(self):
        quiz = make_quiz(owner=self.teacher)
        attempt = start_attempt(client=self.client_class(), quiz=quiz)
        change_url = reverse("admin:quiz_attempt_change", args=[attempt.pk])
        assert self.client.get(change_url).status_code == HTTPStatus.OK
        assert (
            self.client.get(reverse("admin:quiz_attempt_add")).status_code
            == HTTPStatus.FORBIDDEN
        )
        delete_url = reverse("admin:quiz_attempt_delete", args=[attempt.pk])
        assert (
            self.client.post(delete_url, {"post": "yes"}).status_code
            == HTTPStatus.FORBIDDEN
        )

    def test_status_changes_record_who_and_when(self):
        question = make_question(article=self.article, status=Question.Status.DRAFT)
        self.client.post(
            reverse("admin:quiz_question_changelist"),
            {"action": "retire", "_selected_action": [question.pk]},
        )
        question.refresh_from_db()
        assert question.status == Question.Status.RETIRED
        assert question.status_changed_by == self.teacher
        assert question.status_changed_at is not None
        page = self.client.get(
            reverse("admin:quiz_question_change", args=[question.pk])
        )
        assert "by teacher" in page.text

    def test_a_teacher_sees_only_their_own_and_shared_articles(self):
        other = make_teacher("other")
        theirs = make_article(owner=other, title="Another teacher's article")
        shared = make_article(title="Shared library article")
        page = self.client.get(reverse("admin:quiz_article_changelist"))
        assert self.article.title in page.text and shared.title in page.text
        assert theirs.title not in page.text
        assert (
            self.client.get(
                reverse("admin:quiz_article_change", args=[theirs.pk])
            ).status_code
            == HTTPStatus.FOUND
        )
        shared_page = self.client.get(
            reverse("admin:quiz_article_change", args=[shared.pk])
        )
        assert "Save and generate questions" not in shared_page.text
        assert 'name="title"' not in shared_page.text

    def test_a_teacher_cannot_see_another_teachers_results(self):
        other = make_teacher("other")
        their_quiz = make_quiz(owner=other)
        attempt = start_attempt(
            client=self.client_class(), quiz=their_quiz, display_name="Their student"
        )
        listing = self.client.get(reverse("admin:quiz_attempt_changelist"))
        assert "Their student" not in listing.text
        response = self.client.get(
            reverse("admin:quiz_attempt_change", args=[attempt.pk])
        )
        assert response.status_code == HTTPStatus.FOUND

    def test_new_articles_belong_to_the_teacher_who_adds_them(self):
        self.client.post(
            reverse("admin:quiz_article_add"),
            {"title": "Mine", "slug": "mine", "text": "The council met on Monday."},
        )
        assert Article.objects.get(slug="mine").owner == self.teacher

    def test_teachers_cannot_manage_users(self):
        assert (
            self.client.get(reverse("admin:auth_user_changelist")).status_code
            == HTTPStatus.FORBIDDEN
        )


class AdminAccessTests(TestCase):
    def test_students_are_sent_to_the_login_page(self):
        response = self.client.get(reverse("admin:quiz_question_changelist"))
        assert response.status_code == HTTPStatus.FOUND
        assert reverse("admin:login") in response["Location"]

    def test_create_teacher_refuses_a_weak_password(self):
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("WEAK", "123")
            with pytest.raises(CommandError, match="too short"):
                call_command(
                    "create_teacher",
                    "weak",
                    "--password-from-env",
                    "WEAK",
                    stdout=StringIO(),
                )
        assert not User.objects.filter(username="weak").exists()

    def test_create_teacher_makes_a_staff_member_of_the_teachers_group(self):
        teacher = make_teacher("ms-okafor")
        assert teacher.is_staff and not teacher.is_superuser
        assert list(teacher.groups.values_list("name", flat=True)) == ["Teachers"]
        assert teacher.has_perm("quiz.change_question") and not teacher.has_perm(
            "quiz.change_attempt"
        )

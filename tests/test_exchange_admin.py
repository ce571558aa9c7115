"""Question banks through the admin: export actions and the import page."""

import json
from http import HTTPStatus
from io import StringIO

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from quiz.admin.teachers_group import ensure_teachers_group
from quiz.models import Article, Question, Quiz


class ExchangeAdminTests(TestCase):
    def setUp(self):
        call_command("load_seeds", stdout=StringIO())
        self.teacher = User.objects.create_user("teacher", is_staff=True)
        self.teacher.groups.add(ensure_teachers_group())
        self.client.force_login(self.teacher)

    def export(self, admin_name: str, action: str, ids: list[int]):
        return self.client.post(
            reverse(f"admin:quiz_{admin_name}_changelist"),
            {"action": action, "_selected_action": ids},
        )

    def test_export_a_quiz_as_json_then_as_gift_and_xml(self):
        quiz = Quiz.objects.get(published=True)
        response = self.export("quiz", "export_json", [quiz.pk])
        assert response.status_code == HTTPStatus.OK
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["Content-Disposition"].endswith('.json"')
        bank = json.loads(response.content)
        assert len(bank["quizzes"]) == 1
        assert sum(len(article["questions"]) for article in bank["articles"]) >= 21
        assert self.export("quiz", "export_gift", [quiz.pk]).content.count(b"::") >= 42
        assert b"<quiz>" in self.export("quiz", "export_moodle_xml", [quiz.pk]).content

    def test_import_page_imports_a_bank_into_an_empty_library(self):
        exported = self.export(
            "article", "export_json", list(Article.objects.values_list("pk", flat=True))
        ).content
        Quiz.objects.all().delete()
        Question.objects.all().delete()
        Article.objects.all().delete()
        response = self.client.post(
            reverse("admin:quiz_question_import"),
            {"file": SimpleUploadedFile("bank.json", exported)},
        )
        assert response.status_code == HTTPStatus.FOUND
        assert Question.objects.count() >= 21
        assert Article.objects.get().owner == self.teacher

    def test_a_bad_bank_lists_its_problems_and_imports_nothing(self):
        exported = json.loads(
            self.export("article", "export_json", [Article.objects.get().pk]).content
        )
        Question.objects.all().delete()
        Quiz.objects.all().delete()
        exported["articles"][0]["questions"][0]["citation"]["quote"] = (
            "Words the article never says"
        )
        response = self.client.post(
            reverse("admin:quiz_question_import"),
            {"file": SimpleUploadedFile("bank.json", json.dumps(exported).encode())},
        )
        assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        assert "Nothing was imported" in response.text
        assert "articles[0].questions[0]" in response.text
        assert not Question.objects.exists()

    def test_students_cannot_import(self):
        self.client.logout()
        response = self.client.get(reverse("admin:quiz_question_import"))
        assert response.status_code == HTTPStatus.FOUND

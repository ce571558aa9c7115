"""What Moodle 4.5's own importers refuse, and what makes its question bank readable.

Moodle refuses a whole file for one character XML 1.0 forbids; saving and importing replace them.
"""

import json

from django.contrib.auth.models import User
from django.test import TestCase
from django.urls import reverse

from quiz.exchange import import_bank
from quiz.models import Article, Choice, Question
from quiz.teachers import ensure_teachers_group
from tests.factories import make_article

TEACHER_TEXT = (
    "The river council said on Monday it will build 12 new bridges\x0bbefore 2030.\n"
    "The mayor said the first would open in the spring.\x0cCritics disagreed."
)


class XmlInvalidCharacterTests(TestCase):
    def setUp(self):
        self.teacher = User.objects.create_user("teacher", is_staff=True)
        self.teacher.groups.add(ensure_teachers_group())
        self.client.force_login(self.teacher)

    def test_the_admin_saves_words_pasted_from_word_with_line_breaks(self):
        response = self.client.post(
            reverse("admin:quiz_article_add"),
            {"title": "Bridges", "slug": "bridges", "text": TEACHER_TEXT},
        )
        assert response.status_code == 302, response.text
        article = Article.objects.get()
        assert article.text == TEACHER_TEXT.replace("\x0b", "\n").replace("\x0c", "\n")
        response = self.client.post(
            reverse("admin:quiz_question_add"),
            {
                "article": article.pk,
                "kind": "single_choice",
                "prompt": "How many new\x0bbridges?",
                "explanation": "Twelve.\x01",
                "status": "draft",
                "citation_quote": "12 new bridges\x0bbefore 2030",
                "origin": "hand_written",
                "choices-TOTAL_FORMS": 2,
                "choices-INITIAL_FORMS": 0,
                "choices-MIN_NUM_FORMS": 0,
                "choices-MAX_NUM_FORMS": 1000,
                "choices-0-text": "12",
                "choices-0-is_correct": "on",
                "choices-0-position": 0,
                "choices-1-text": "8\x02 or so",
                "choices-1-position": 1,
            },
        )
        assert response.status_code == 302, response.text
        question = Question.objects.get()
        assert (question.prompt, question.explanation) == (
            "How many new\nbridges?",
            "Twelve. ",
        )
        assert question.citation_quote == "12 new bridges\nbefore 2030"
        assert question.citation_is_valid()
        assert sorted(Choice.objects.values_list("text", flat=True)) == [
            "12",
            "8  or so",
        ]

    def test_an_import_replaces_them_and_the_citation_still_holds(self):
        quote = "12 new bridges\x0bbefore 2030"
        start = TEACHER_TEXT.index(quote)
        bank = {
            "format": "factquiz",
            "version": 1,
            "articles": [
                {
                    "slug": "bridges",
                    "title": "Bridges \ud800\ufffe",
                    "text": TEACHER_TEXT,
                    "questions": [
                        {
                            "key": "how-many",
                            "kind": "single_choice",
                            "prompt": "How many\x0b new bridges?\x00",
                            "explanation": "Twelve.",
                            "citation": {
                                "start": start,
                                "end": start + len(quote),
                                "quote": quote,
                            },
                            "choices": [
                                {"text": "12\x1f", "correct": True},
                                {"text": "8", "correct": False},
                            ],
                        }
                    ],
                }
            ],
        }
        import_bank(json.dumps(bank), user=self.teacher)
        article = Article.objects.get()
        question = article.questions.get()
        assert "\x0b" not in article.text and "\x0c" not in article.text
        assert article.title == "Bridges \ufffd\ufffd"
        assert question.prompt == "How many\n new bridges? "
        assert (question.citation_start, question.citation_quote) == (
            start,
            "12 new bridges\nbefore 2030",
        )
        assert question.citation_is_valid()
        assert sorted(question.choices.values_list("text", flat=True)) == ["12 ", "8"]

    def test_a_gift_quote_with_one_matches_the_cleaned_article(self):
        article = make_article(
            text=TEACHER_TEXT.replace("\x0b", "\n").replace("\x0c", "\n")
        )
        article.owner = self.teacher
        article.save()
        gift = (
            f"$CATEGORY: {article.slug}\n\n"
            "How many new bridges? {#12####Twelve.\\n\\nFrom the article\\: "
            "“12 new bridges\x0bbefore 2030”}\n"
        )
        import_bank(gift, user=self.teacher)
        assert Question.objects.get().citation_quote == "12 new bridges\nbefore 2030"

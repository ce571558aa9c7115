import json
from http import HTTPStatus
from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils.html import escape

from quiz.models import Article, Question, Quiz
from tests.factories import make_article

ARTICLES = Path(__file__).parent / "articles"
SPORT = ARTICLES / "sport_world_cup_final.txt"
SEED = Path(__file__).parent.parent / "seeds" / "000_a9b9f1929027771f.txt"


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_questions", *args, stdout=out)
    return out.getvalue()


class DryRunTests(TestCase):
    @override_settings(GENERATION_PIPELINE="no_such_pipeline")
    def test_reads_with_the_pipeline_the_settings_name(self):
        with pytest.raises(CommandError, match="'no_such_pipeline' is not installed"):
            generate(str(SPORT), "--dry-run")

    def test_json_offsets_point_into_the_file_exactly_as_read(self):
        text = SPORT.read_text(encoding="utf-8").replace("\n", "\r\n")
        path = Path(self.enterContext(TemporaryDirectory())) / "crlf.txt"
        path.write_bytes(text.encode("utf-8"))
        data = json.loads(generate(str(path), "--dry-run", "--format", "json"))
        assert len(data["questions"]) >= 8
        raw = path.read_bytes().decode("utf-8")
        for question in data["questions"]:
            assert set(question) == {
                "kind",
                "prompt",
                "choices",
                "answer",
                "explanation",
                "citation",
                "rule",
                "review",
            }
            citation = question["citation"]
            assert raw[citation["start"] : citation["end"]] == citation["quote"]
        assert not Article.objects.exists() and not Question.objects.exists()

    def test_text_format_lists_questions_and_saves_nothing(self):
        output = generate(str(SPORT), "--dry-run")
        assert output.startswith("1. [")
        assert "cites " in output
        assert not Question.objects.exists()


class SaveTests(TestCase):
    def test_drafts_are_saved_once_with_rule_citation_and_review_notes(self):
        article = make_article(text=SPORT.read_text(encoding="utf-8"), slug="world-cup")
        first = generate("world-cup")
        count = article.questions.count()
        assert f"world-cup: {count} new draft question(s), 0 already there." in first
        assert count >= 8
        second = generate("world-cup")
        assert f"0 new draft question(s), {count} already there" in second
        assert article.questions.count() == count
        for question in article.questions.prefetch_related("choices"):
            assert question.status == Question.Status.DRAFT
            assert question.origin == Question.Origin.GENERATED
            assert question.rule
            question.full_clean()
            assert question.choice_problems(list(question.choices.all())) == []

    def test_a_teachers_edit_to_a_draft_survives_generating_again(self):
        make_article(text=SPORT.read_text(encoding="utf-8"), slug="world-cup")
        generate("world-cup")
        question = Question.objects.first()
        Question.objects.filter(pk=question.pk).update(prompt="Edited by a teacher")
        generate("world-cup")
        assert Question.objects.get(pk=question.pk).prompt == "Edited by a teacher"
        assert Question.objects.filter(prompt=question.prompt).count() == 0

    def test_publish_into_a_quiz(self):
        make_article(text=SPORT.read_text(encoding="utf-8"), slug="world-cup")
        output = generate("world-cup", "--publish", "--quiz", "world-cup-generated")
        quiz = Quiz.objects.get(slug="world-cup-generated")
        assert quiz.published
        assert quiz.published_questions().count() == Question.objects.count()
        assert "added to quiz world-cup-generated" in output

    def test_a_file_becomes_an_article_whose_title_is_marked_as_ours(self):
        generate(str(SPORT))
        article = Article.objects.get()
        assert article.title_is_added
        assert article.text == SPORT.read_bytes().decode("utf-8")
        generate(str(SPORT))
        assert Article.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\xff\xfe", "not UTF-8"),
        (b"<html><body><p>The council met.</p></body></html>", "looks like HTML"),
        ("\U0001f600 \U0001f389".encode(), "No complete English sentences"),
    ],
)
def test_bad_files_get_a_clear_message_and_save_nothing(
    tmp_path: Path, content: bytes, message: str
):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        generate(str(path))
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_unknown_slug_or_missing_file_is_a_clear_message():
    with pytest.raises(CommandError, match="neither an article slug nor a file"):
        generate("no-such-article")


class AdminGenerationTests(TestCase):
    def setUp(self):
        self.client.force_login(
            User.objects.create_superuser("admin", "admin@example.com", "pw")
        )

    def test_add_article_and_generate_shows_the_drafts_for_review(self):
        response = self.client.post(
            reverse("admin:quiz_article_add"),
            {
                "title": "World Cup final",
                "slug": "world-cup-final",
                "text": SPORT.read_text(encoding="utf-8"),
                "publisher": "Wire service",
                "_generate": "Save and generate questions",
            },
        )
        article = Article.objects.get()
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].endswith(
            f"?article__id__exact={article.pk}&origin__exact=generated"
        )
        assert article.questions.filter(origin="generated", status="draft").count() >= 8
        page = self.client.get(response["Location"])
        assert "new draft question(s) to review" in page.text

    def test_generate_action_reports_articles_it_cannot_use(self):
        good = make_article(text=SPORT.read_text(encoding="utf-8"))
        bad = make_article(text="\U0001f600 \U0001f389")
        response = self.client.post(
            reverse("admin:quiz_article_changelist"),
            {"action": "generate_questions", "_selected_action": [good.pk, bad.pk]},
            follow=True,
        )
        assert "no questions generated. No complete English sentences" in response.text
        assert good.questions.count() >= 8 and bad.questions.count() == 0

    def test_a_fault_of_the_generator_is_a_clear_message_not_a_server_error(self):
        article = make_article(text=SPORT.read_text(encoding="utf-8"))

        def fails(*args, **kwargs):
            raise ValueError("math domain error")

        with (
            mock.patch("quiz.exchange.generated.generate_questions", fails),
            self.assertLogs("quiz.admin.articles", level="ERROR"),
        ):
            response = self.client.post(
                reverse("admin:quiz_article_changelist"),
                {"action": "generate_questions", "_selected_action": [article.pk]},
                follow=True,
            )
        assert response.status_code == HTTPStatus.OK
        assert "The generator failed on this text" in response.text
        assert article.questions.count() == 0

    def test_generated_draft_shows_its_review_notes_and_highlighted_citation(self):
        article = make_article(text=SEED.read_text(encoding="utf-8"))
        call_command("generate_questions", article.slug, stdout=StringIO())
        question = article.questions.exclude(review_notes="").first()
        page = self.client.get(
            reverse("admin:quiz_question_change", args=[question.pk])
        )
        assert f"<mark>{escape(question.citation_quote)}</mark>" in page.text
        assert escape(question.review_notes) in page.text

import hashlib
import json
import shutil
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import TestCase

from quiz.exchange import ImportProblems, import_bank
from quiz.models import Article, Choice, Question, Quiz

SEEDS = Path(settings.BASE_DIR) / "seeds"
SEED_TEXT = SEEDS / "000_a9b9f1929027771f.txt"


def load(directory: Path = SEEDS) -> str:
    out = StringIO()
    call_command("load_seeds", str(directory), stdout=out)
    return out.getvalue()


def snapshot() -> list:
    return [
        list(Article.objects.values_list("slug", "text", "title")),
        list(
            Question.objects.values_list(
                "key", "prompt", "citation_start", "citation_end", "status"
            )
        ),
        list(Choice.objects.values_list("id", "text", "is_correct")),
        list(Quiz.objects.values_list("slug", "published")),
    ]


class SeedTests(TestCase):
    def test_seed_article_is_the_original_byte_for_byte(self):
        data = SEED_TEXT.read_bytes()
        assert len(data) == 3297
        assert (
            hashlib.sha256(data).hexdigest()
            == "6f8cf437a7708ccb2d5cdbe07255930763164eb787c6f0c31c6ec2997ba3ab06"
        )

    def test_loading_twice_changes_nothing(self):
        first = load()
        before = snapshot()
        second = load()
        assert "1 article(s), 21 question(s), 2 quiz(zes) created" in first
        assert (
            "0 article(s), 0 question(s), 0 quiz(zes) created, 0 draft question(s) generated"
            in second
        )
        assert snapshot() == before

    def test_seed_quiz_is_published_with_every_kind_and_valid_citations(self):
        load()
        article = Article.objects.get()
        assert article.text == SEED_TEXT.read_text(encoding="utf-8")
        assert article.publisher == "The National"
        assert (
            article.title_is_added and article.date_is_approximate and article.url == ""
        )
        quiz = Quiz.objects.get(published=True)
        questions = list(quiz.published_questions())
        assert len(questions) >= 15
        assert {question.kind for question in questions} == set(Question.Kind.values)
        for question in questions:
            question.full_clean()
            assert question.choice_problems(list(question.choices.all())) == []

    def test_the_generated_questions_are_drafts_in_an_unpublished_quiz_of_their_own(
        self,
    ):
        load()
        generated = Quiz.objects.get(
            slug="landmines-missiles-ottawa-convention-generated"
        )
        assert not generated.published
        questions = list(generated.questions.all())
        assert len(questions) >= 30
        assert {question.origin for question in questions} == {
            Question.Origin.GENERATED
        }
        assert {question.status for question in questions} == {Question.Status.DRAFT}
        assert (
            Question.objects.filter(origin=Question.Origin.HAND_WRITTEN).count() == 21
        )

    def test_a_teachers_edit_survives_reloading(self):
        load()
        Question.objects.filter(key="ottawa-year").update(prompt="Edited by a teacher")
        load()
        assert Question.objects.get(key="ottawa-year").prompt == "Edited by a teacher"


@pytest.fixture
def broken_seeds(tmp_path: Path) -> Path:
    shutil.copy(SEED_TEXT, tmp_path)
    toml = (SEEDS / "000_a9b9f1929027771f.toml").read_text(encoding="utf-8")
    data = tomllib.loads(toml)
    quote = data["questions"][5]["citation"]["quote"]
    (tmp_path / "seed.toml").write_text(
        toml.replace(f'quote = "{quote}"', f'quote = "{quote[:-1]}!"')
    )
    return tmp_path


@pytest.mark.django_db
def test_a_bad_citation_fails_loudly_and_loads_nothing(broken_seeds: Path):
    with pytest.raises(CommandError, match=r"question 6 \(ottawa-year\): citation: "):
        load(broken_seeds)
    assert not Article.objects.exists()
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_a_bad_citation_is_refused_in_the_words_of_the_json_import(
    broken_seeds: Path,
):
    data = tomllib.loads((broken_seeds / "seed.toml").read_text(encoding="utf-8"))
    question = data["questions"][5]
    bank = {
        "format": "factquiz",
        "version": 1,
        "articles": [
            {
                "slug": data["article"]["slug"],
                "title": data["article"]["title"],
                "text": SEED_TEXT.read_text(encoding="utf-8"),
                "questions": [
                    {
                        "key": question["key"],
                        "kind": question["kind"],
                        "prompt": question["prompt"],
                        "explanation": question["explanation"],
                        "numeric_answer": question["answer"],
                        "citation": question["citation"],
                    }
                ],
            }
        ],
    }
    with pytest.raises(ImportProblems) as json_refused:
        import_bank(json.dumps(bank))
    [json_problem] = json_refused.value.problems
    reason = json_problem.removeprefix("articles[0].questions[0]: ")
    assert reason.startswith("citation: The quoted text is not the article's text")
    with pytest.raises(CommandError) as seed_refused:
        load(broken_seeds)
    assert f"- seed.toml, question 6 (ottawa-year): {reason}" in str(seed_refused.value)


@pytest.mark.django_db
def test_an_answer_that_is_not_a_number_is_named(tmp_path: Path):
    shutil.copy(SEED_TEXT, tmp_path)
    toml = (SEEDS / "000_a9b9f1929027771f.toml").read_text(encoding="utf-8")
    assert 'answer = "1997"' in toml
    (tmp_path / "seed.toml").write_text(
        toml.replace('answer = "1997"', 'answer = "in 1997"')
    )
    with pytest.raises(CommandError, match=r"`answer` 'in 1997' is not a number"):
        load(tmp_path)
    assert not Question.objects.exists()

"""Loading articles and their hand-written questions from the TOML files in `seeds/`.

Everything in a file is checked before anything is written, and loading is idempotent: what is
already in the database (found by slug and question key) is left exactly as it is, so a teacher's
later edits are never overwritten by running `make run` again.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from quiz.exchange.generated import generate_for_article
from quiz.models import Article, Choice, Question, Quiz, QuizEntry, numeric_value


class SeedError(Exception):
    """A seed file that cannot be loaded; the message says where and why."""


@dataclass
class SeedReport:
    articles_created: int = 0
    questions_created: int = 0
    quizzes_created: int = 0
    questions_generated: int = 0
    skipped: list[str] = field(default_factory=list)


def read_seed(
    path: Path,
) -> tuple[Article, list[tuple[Question, list[Choice]]], dict, dict]:
    """Parse and check one seed file, returning unsaved objects."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        meta = data["article"]
        text = (path.parent / meta["text_file"]).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError) as error:
        raise SeedError(f"{path.name}: cannot read it ({error}).") from error
    article = Article(
        slug=meta["slug"],
        title=meta["title"],
        title_is_added=meta.get("title_is_added", False),
        publisher=meta.get("publisher", ""),
        url=meta.get("url", ""),
        published_on=meta.get("published_on"),
        date_is_approximate=meta.get("date_is_approximate", False),
        text=text,
    )
    problems, questions = [], []
    for number, item in enumerate(data.get("questions", []), start=1):
        where = f"{path.name}, question {number} ({item.get('key', 'no key')})"
        try:
            citation = item["citation"]
            question = Question(
                article=article,
                key=item["key"],
                kind=item["kind"],
                prompt=item["prompt"],
                explanation=item["explanation"],
                citation_start=citation["start"],
                citation_end=citation["end"],
                citation_quote=citation["quote"],
                status=Question.Status.PUBLISHED,
                origin=Question.Origin.HAND_WRITTEN,
                numeric_answer=numeric_value(str(item["answer"]))
                if "answer" in item
                else None,
            )
            choices = [
                Choice(
                    text=choice["text"], is_correct=choice["correct"], position=position
                )
                for position, choice in enumerate(item.get("choices", []))
            ]
        except (KeyError, TypeError) as error:
            problems.append(f"{where}: missing or malformed field {error}.")
            continue
        if question.kind not in Question.Kind.values:
            problems.append(f"{where}: unknown kind {question.kind!r}.")
        if "answer" in item and question.numeric_answer is None:
            problems.append(
                f"{where}: `answer` {item['answer']!r} is not a number (write it as 1500 or 2.5)."
            )
        elif (question.kind == Question.Kind.NUMERIC) != (
            question.numeric_answer is not None
        ):
            problems.append(
                f"{where}: a number question, and only one, has an `answer`."
            )
        if not question.citation_is_valid():
            problems.append(f"{where}: bad citation. {question.citation_problem()}")
        problems.extend(
            f"{where}: {problem}" for problem in question.choice_problems(choices)
        )
        questions.append((question, choices))
    if problems:
        raise SeedError("\n".join(problems))
    return article, questions, data.get("quiz", {}), data.get("generated_quiz", {})


@transaction.atomic
def load_seed(path: Path, report: SeedReport) -> None:
    article, questions, quiz_data, generated_quiz_data = read_seed(path)
    existing = Article.objects.filter(slug=article.slug).first()
    if existing is None:
        article.save()
        report.articles_created += 1
    elif existing.text != article.text:
        raise SeedError(
            f"{path.name}: the article {article.slug!r} in the database has a different text; "
            "it was left unchanged."
        )
    else:
        article = existing
        report.skipped.append(f"article {article.slug}")
    existing_keys = set(article.questions.values_list("key", flat=True))
    saved = []
    for question, choices in questions:
        if question.key in existing_keys:
            report.skipped.append(f"question {question.key}")
            saved.append(article.questions.get(key=question.key))
            continue
        question.article = article
        question.save()
        for choice in choices:
            choice.question = question
        Choice.objects.bulk_create(choices)
        report.questions_created += 1
        saved.append(question)
    if quiz_data:
        quiz, created = Quiz.objects.get_or_create(
            slug=quiz_data["slug"],
            defaults={
                "title": quiz_data["title"],
                "description": quiz_data.get("description", ""),
                "published": quiz_data.get("published", False),
            },
        )
        if created:
            QuizEntry.objects.bulk_create(
                QuizEntry(quiz=quiz, question=question, position=position)
                for position, question in enumerate(saved, start=1)
            )
            report.quizzes_created += 1
        else:
            report.skipped.append(f"quiz {quiz.slug}")
    if generated_quiz_data:
        add_generated_quiz(article, generated_quiz_data, report)


def add_generated_quiz(article: Article, data: dict, report: SeedReport) -> None:
    """The generator's drafts for the article, in an unpublished quiz of their own."""
    quiz, created = Quiz.objects.get_or_create(
        slug=data["slug"],
        defaults={
            "title": data["title"],
            "description": data.get("description", ""),
            "published": False,
        },
    )
    if not created:
        report.skipped.append(f"quiz {quiz.slug}")
        return
    generated = generate_for_article(article, quiz=quiz)
    report.quizzes_created += 1
    report.questions_generated += generated.created


@transaction.atomic
def load_seeds(directory: Path) -> SeedReport:
    """Load every seed file in the folder, or none of them."""
    report = SeedReport()
    for path in sorted(directory.glob("*.toml")):
        load_seed(path, report)
    return report

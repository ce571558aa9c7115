"""Generate cited questions from an article: a saved article (by slug) or a text file.

With --dry-run nothing is saved and the questions are printed (JSON with offsets into the text
exactly as read, or readable text). Otherwise they are saved as drafts for a teacher to review;
running it again adds only questions that are not there yet.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from quiz.exchange.generated import generate_for_article, questions_for_text
from quiz.generation import GeneratedQuestion, GenerationError
from quiz.models import Article, Quiz

MAX_FILE_BYTES = 10_000_000


class Command(BaseCommand):
    help = "Generate cited questions from an article (slug) or a UTF-8 text file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", metavar="PATH_OR_ARTICLE_SLUG")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the questions; save nothing."
        )
        parser.add_argument(
            "--format",
            choices=["json", "text"],
            default="text",
            help="Output of --dry-run.",
        )
        parser.add_argument(
            "--publish", action="store_true", help="Save as published instead of draft."
        )
        parser.add_argument(
            "--quiz",
            metavar="SLUG",
            help="Also put the article's generated questions into this quiz (created if missing, "
            "published only with --publish).",
        )

    def handle(
        self,
        *args,
        source: str,
        dry_run: bool,
        format: str,
        publish: bool,
        quiz: str | None,
        **options,
    ):
        article = Article.objects.filter(slug=source).first()
        text = article.text if article else read_text_file(Path(source))
        try:
            if dry_run:
                self.print_questions(questions_for_text(text), format)
                return
            with transaction.atomic():
                if article is None:
                    article = article_for_file(Path(source), text)
                target = quiz_for(quiz, article, publish) if quiz else None
                report = generate_for_article(article, publish=publish, quiz=target)
        except GenerationError as error:
            raise CommandError(f"No questions generated: {error}") from error
        state = "published" if publish else "draft"
        self.stdout.write(
            f"{article.slug}: {report.created} new {state} question(s), {report.unchanged} already there"
            + (
                f"; {report.added_to_quiz} added to quiz {target.slug}"
                if target
                else ""
            )
            + "."
        )

    def print_questions(self, questions: list[GeneratedQuestion], format: str) -> None:
        if format == "json":
            data = {"questions": [question.to_dict() for question in questions]}
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for number, question in enumerate(questions, start=1):
            self.stdout.write(
                f"{number}. [{question.kind}, {question.rule}] {question.prompt}"
            )
            for choice in question.choices:
                self.stdout.write(f"   {'*' if choice.correct else '-'} {choice.text}")
            if question.answer is not None:
                self.stdout.write(f"   answer: {question.answer}")
            citation = question.citation
            self.stdout.write(
                f"   cites {citation.start}-{citation.end}: {citation.quote}"
            )
            for concern in question.review:
                self.stdout.write(f"   review: {concern}")
        self.stdout.write(f"{len(questions)} question(s).")


def read_text_file(path: Path) -> str:
    if not path.is_file():
        raise CommandError(f"{path} is neither an article slug nor a file.")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise CommandError(
            f"{path} is larger than {MAX_FILE_BYTES:,} bytes: not a news article."
        )
    try:
        # Decoded as is (no newline translation), so offsets match the file's text exactly.
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise CommandError(
            f"{path} is not UTF-8 text ({error.reason} at byte {error.start})."
        ) from error


def article_for_file(path: Path, text: str) -> Article:
    """The saved article with exactly this text, or a new one titled after the file."""
    existing = Article.objects.filter(text=text).first()
    if existing:
        return existing
    base = slugify(path.stem)[:90] or "article"
    slug, number = base, 1
    while Article.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return Article.objects.create(
        title=path.stem.replace("_", " "), title_is_added=True, slug=slug, text=text
    )


def quiz_for(slug: str, article: Article, publish: bool) -> Quiz:
    quiz, _ = Quiz.objects.get_or_create(
        slug=slug,
        defaults={
            "title": f"{article.title} (generated questions)",
            "description": "Questions generated from the article, each citing the words that settle it.",
            "published": publish,
        },
    )
    return quiz

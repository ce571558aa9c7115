"""Export questions as our lossless JSON, or as Moodle GIFT or Moodle XML for a Moodle course.

Everything by default; `--quiz` exports one quiz with its questions and their articles, `--article`
one article with all its questions. `--user` exports only what that user may see, as the admin's
export actions do for the teacher who uses them.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from quiz.exchange import FORMATS, collect_bank, dump_bank, left_out
from quiz.exchange.bank import visible
from quiz.models import Article, Quiz


class Command(BaseCommand):
    help = "Export questions (all, one quiz's or one article's) as json, gift or moodle-xml."

    def add_arguments(self, parser) -> None:
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--quiz", metavar="SLUG", help="Export this quiz and its questions."
        )
        which.add_argument(
            "--article",
            metavar="SLUG",
            help="Export this article and all its questions.",
        )
        parser.add_argument(
            "--format",
            choices=list(FORMATS),
            default="json",
            help="json (ours, lossless; the default), gift or moodle-xml (for Moodle).",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Export only what this user may see (their own and the shared library).",
        )
        parser.add_argument(
            "--output",
            metavar="FILE",
            help="Write to this file instead of standard output.",
        )

    def handle(
        self,
        *args,
        quiz: str | None,
        article: str | None,
        format: str,
        user: str | None,
        output: str | None,
        **options,
    ) -> None:
        exporter = None
        if user is not None:
            User = get_user_model()
            try:
                exporter = User.objects.get(**{User.USERNAME_FIELD: user})
            except User.DoesNotExist as error:
                raise CommandError(f"There is no user “{user}”.") from error
        if quiz is not None:
            quizzes = visible(Quiz, exporter).filter(slug=quiz)
            if not quizzes.exists():
                raise CommandError(f"There is no quiz with the slug “{quiz}”.")
            bank = collect_bank(quizzes=quizzes, user=exporter)
        elif article is not None:
            articles = visible(Article, exporter).filter(slug=article)
            if not articles.exists():
                raise CommandError(f"There is no article with the slug “{article}”.")
            bank = collect_bank(articles=articles, user=exporter)
        else:
            bank = collect_bank(user=exporter)
        text = dump_bank(bank, format=format)
        missing = left_out(bank, format=format)
        for reason in missing:
            self.stderr.write(f"Left out of the Moodle file: {reason}")
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
        written = sum(1 for _ in bank.questions()) - len(missing)
        self.stdout.write(
            f"Wrote {written} question(s) from "
            f"{len(bank.articles)} article(s) and {len(bank.quizzes)} quiz(zes) to {output}."
        )

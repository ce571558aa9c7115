"""Load the seed articles, their hand-written questions and quizzes from `seeds/`.

Safe to run any number of times: existing articles, questions and quizzes are left as they are.
The files are read and checked as every question-bank import is (quiz/exchange/seeds.py).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from quiz.exchange import ImportProblems
from quiz.exchange.seeds import load_seeds
from quiz.generation import GenerationError


class Command(BaseCommand):
    help = "Load the seed articles and their questions (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "directory",
            nargs="?",
            default=str(Path(settings.BASE_DIR) / "seeds"),
            help="Folder of seed files (default: the project's seeds/).",
        )

    def handle(self, *args, directory: str, **options) -> None:
        path = Path(directory)
        if not path.is_dir():
            raise CommandError(f"{path} is not a folder.")
        try:
            report = load_seeds(path)
        except ImportProblems as error:
            listed = "\n".join(f"- {problem}" for problem in error.problems)
            raise CommandError(
                f"Seeds not loaded, nothing was changed:\n{listed}"
            ) from error
        except GenerationError as error:
            raise CommandError(
                f"Seeds not loaded, nothing was changed:\n{error}"
            ) from error
        self.stdout.write(report.summary())

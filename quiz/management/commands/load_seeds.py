"""Load the seed articles, their hand-written questions and quizzes from `seeds/`.

Safe to run any number of times: existing articles, questions and quizzes are left as they are.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from quiz.generation import GenerationError
from quiz.seeding import SeedError, load_seeds


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
        except (SeedError, GenerationError) as error:
            raise CommandError(
                f"Seeds not loaded, nothing was changed:\n{error}"
            ) from error
        self.stdout.write(
            f"Seeds loaded: {report.articles_created} article(s), "
            f"{report.questions_created} question(s), {report.quizzes_created} quiz(zes) created, "
            f"{report.questions_generated} draft question(s) generated; "
            f"{len(report.skipped)} already present and left unchanged."
        )

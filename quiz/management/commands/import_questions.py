"""Import a question bank: our JSON, or GIFT or Moodle XML (recognised from the content).

Everything is checked first; if anything is wrong nothing is imported and every problem is listed.
What is already present (same article slug and text, same question key, same quiz slug) is left as
it is, so importing the same file twice changes nothing. The command runs as the server's
operator: it may refer to any article, and what it creates joins the shared library.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quiz.exchange import (
    MAX_BYTES,
    ImportProblems,
    decode_bank,
    import_bank,
    too_large,
)


class Command(BaseCommand):
    help = "Import questions from a json, gift or moodle-xml file (all or nothing)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The file to import.")

    def handle(self, *args, file: str, **options) -> None:
        path = Path(file)
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(
                    f"{file}: {too_large(path.stat().st_size)} Nothing was imported."
                )
            report = import_bank(decode_bank(path.read_bytes()))
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except ImportProblems as error:
            listed = "\n".join(f"- {problem}" for problem in error.problems)
            raise CommandError(
                f"Nothing was imported from {file}; fix these problems and try again:\n{listed}"
            ) from error
        self.stdout.write(report.summary())

"""Exchanging question banks: our own lossless JSON, and Moodle's GIFT and XML.

Exporting turns model objects into text; importing turns text into unsaved, checked model objects
and writes them in one transaction, or writes nothing and lists every problem, item by item. The
format of an import is recognised from its content. The management commands `export_questions` and
`import_questions` and the admin actions are thin wrappers over `export_bank` and `import_bank`.

Two more ways in live beside these and are imported by their full path, as they load the generator
(and spaCy): `quiz.exchange.seeds`, the TOML seed files read into the same checked bank, and
`quiz.exchange.generated`, the generator's questions saved as drafts.
"""

from collections.abc import Callable, Iterable

from django.db import IntegrityError

from quiz.exchange.bank import (
    MAX_BYTES,
    Bank,
    ImportProblems,
    ImportReport,
    check_bank,
    collect_bank,
    decode_bank,
    save_bank,
    too_large,
)
from quiz.exchange.gift import dump_gift, parse_gift
from quiz.exchange.json_format import dump_json, parse_json
from quiz.exchange.moodle import left_out as moodle_left_out
from quiz.exchange.moodle_xml import dump_moodle_xml, parse_moodle_xml
from quiz.models import Article, Question, Quiz

FORMATS: dict[
    str, tuple[Callable[[Bank], str], Callable[[str], tuple[Bank, list[str]]]]
] = {
    "json": (dump_json, parse_json),
    "gift": (dump_gift, parse_gift),
    "moodle-xml": (dump_moodle_xml, parse_moodle_xml),
}
EXTENSIONS = {"json": ".json", "gift": ".gift.txt", "moodle-xml": ".xml"}

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "MAX_BYTES",
    "Bank",
    "ImportProblems",
    "ImportReport",
    "collect_bank",
    "decode_bank",
    "detect_format",
    "dump_bank",
    "export_bank",
    "import_bank",
    "left_out",
    "read_bank",
    "save_bank",
    "too_large",
]


def dump_bank(bank: Bank, *, format: str) -> str:
    if format not in FORMATS:
        raise ValueError(
            f"Unknown format {format!r}; choose one of {', '.join(FORMATS)}."
        )
    return FORMATS[format][0](bank)


def left_out(bank: Bank, *, format: str) -> list[str]:
    """The questions of the bank that a file in `format` leaves out, each with the reason: those
    Moodle would grade differently from us. JSON carries everything."""
    return [] if format == "json" else moodle_left_out(bank)


def export_bank(
    *,
    articles: Iterable[Article] | None = None,
    quizzes: Iterable[Quiz] | None = None,
    questions: Iterable[Question] | None = None,
    format: str,
    user=None,
) -> str:
    """The given articles (with all their questions), quizzes (with theirs) and questions as
    text; everything when none is given. Only what `user` may see (None: everything)."""
    bank = collect_bank(
        articles=articles, quizzes=quizzes, questions=questions, user=user
    )
    return dump_bank(bank, format=format)


def detect_format(text: str) -> str:
    """JSON for an object, Moodle XML for markup, GIFT for anything else."""
    start = text.lstrip()
    if start.startswith("{"):
        return "json"
    if start.startswith(("<?xml", "<quiz")):
        return "moodle-xml"
    return "gift"


def read_bank(text: str, *, user=None) -> Bank:
    """Parse and check a bank for `user` without writing anything; ImportProblems lists all
    that is wrong."""
    # Characters first: a text with that many is too large without encoding it.
    if len(text) > MAX_BYTES or len(text.encode()) > MAX_BYTES:
        raise ImportProblems([too_large(len(text.encode()))])
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ImportProblems(["The file is empty."])
    format = detect_format(text)
    bank, problems = FORMATS[format][1](text)
    problems += check_bank(bank, user=user)
    if not problems and format != "json" and not any(bank.questions()):
        problems.append(
            "No questions were found. GIFT files separate questions with blank lines and put "
            "the answers between { and }."
        )
    if problems:
        raise ImportProblems(problems)
    return bank


def import_bank(text: str, *, user=None) -> ImportReport:
    """Import a bank in any of the formats, or nothing: ImportProblems lists every problem.

    Existing articles and quizzes are looked up only among those `user` may change or see, and
    the new ones belong to `user` (None: the server's operator, who sees everything and whose
    imports join the shared library)."""
    bank = read_bank(text, user=user)
    try:
        return save_bank(bank, user=user)
    except IntegrityError as error:
        raise ImportProblems(
            [f"The database refused the bank ({error}); nothing was imported."]
        ) from error

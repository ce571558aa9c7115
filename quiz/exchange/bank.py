"""A question bank in memory, and the checks and the one write every format shares.

Parsers turn a file into a `Bank` of unsaved model objects, each labelled with where it stood in the
file; `check_bank` then applies the model's own rules (field validation, verbatim citations,
`Question.choice_problems`) and compares with what the database holds, so that every problem is
known before anything is written. `save_bank` writes a checked bank in one transaction.
"""

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch, Q

from quiz.models import Article, Choice, Question, Quiz, QuizEntry

MAX_BYTES = 20 * 1024 * 1024

# The names the files use, where they differ from the model's.
FIELD_NAMES = {
    "citation_start": "citation.start",
    "citation_end": "citation.end",
    "citation_quote": "citation.quote",
    "is_correct": "correct",
}


class ImportProblems(Exception):
    """A bank that cannot be imported; `problems` says what is wrong, item by item."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ImportReport:
    """What an import created, by slug (and article slug/key for questions), and what it left."""

    articles: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    quizzes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"Created {len(self.articles)} article(s), {len(self.questions)} question(s) and "
            f"{len(self.quizzes)} quiz(zes); {len(self.skipped)} item(s) already present and "
            "left unchanged."
        ]
        lines += [f"  created article {slug}" for slug in self.articles]
        lines += [f"  created question {name}" for name in self.questions]
        lines += [f"  created quiz {slug}" for slug in self.quizzes]
        lines += [f"  skipped {item}" for item in self.skipped]
        return "\n".join(lines)


@dataclass
class BankQuestion:
    question: Question
    choices: list[Choice]
    where: str = ""


@dataclass
class BankArticle:
    """An article from the file (unsaved) or, for formats that cannot carry one, the database."""

    article: Article
    questions: list[BankQuestion] = field(default_factory=list)
    where: str = ""
    reused: bool = False


@dataclass
class BankQuiz:
    quiz: Quiz
    questions: list[tuple[str, str]]  # (article slug, question key), in order
    where: str = ""


@dataclass
class Bank:
    articles: list[BankArticle] = field(default_factory=list)
    quizzes: list[BankQuiz] = field(default_factory=list)

    def questions(self) -> Iterator[BankQuestion]:
        for item in self.articles:
            yield from item.questions


def number_text(value: Decimal) -> str:
    """A stored number as plain digits: 1997.000000 → "1997", never "2E+3"."""
    text = f"{value.normalize():f}"
    return "0" if text == "-0" else text


# --- Keys -------------------------------------------------------------------------------------------


def derived_key(question: Question) -> str:
    """A stable key for a question that has none: the same question always gets the same one."""
    fingerprint = (
        f"{question.kind}\n{question.prompt}\n"
        f"{question.citation_start}-{question.citation_end}\n{question.citation_quote}"
    )
    return "q-" + hashlib.sha256(fingerprint.encode()).hexdigest()[:16]


def exchange_keys(questions: Iterable[Question]) -> dict[str, Question]:
    """One article's questions by the key they are exchanged under: their own, or a derived one.

    Keyless questions are taken in id order, so two identical ones get `q-…` and `q-…-2` in every
    export, and a re-import recognises both.
    """
    questions = list(questions)
    by_key = {question.key: question for question in questions if question.key}
    keyless = sorted((q for q in questions if not q.key), key=lambda q: q.pk or 0)
    for question in keyless:
        base = key = derived_key(question)
        number = 2
        while key in by_key:
            key, number = f"{base}-{number}", number + 1
        by_key[key] = question
    return by_key


class StoredQuestions:
    """The questions already in the database, by article slug and exchange key, read once each."""

    def __init__(self) -> None:
        self.by_slug: dict[str, dict[str, Question]] = {}

    def of(self, slug: str) -> dict[str, Question]:
        if slug not in self.by_slug:
            self.by_slug[slug] = exchange_keys(
                Question.objects.filter(article__slug=slug)
            )
        return self.by_slug[slug]

    def get(self, slug: str, key: str) -> Question | None:
        return self.of(slug).get(key)


# --- Export -------------------------------------------------------------------------------------


def pks(
    objects: Iterable[models.Model] | models.QuerySet | None,
) -> list | models.QuerySet:
    if objects is None:
        return []
    if isinstance(objects, models.QuerySet):
        return objects.values("pk")
    return [obj.pk for obj in objects]


def collect_bank(
    *,
    articles: Iterable[Article] | None = None,
    quizzes: Iterable[Quiz] | None = None,
    questions: Iterable[Question] | None = None,
) -> Bank:
    """The bank to export: the given articles with all their questions, the given quizzes with
    theirs, and the given questions; everything when nothing is given.

    Articles come in slug order and questions in id order, so exporting the same data twice gives
    the same text. Keyless questions are given their exchange key on these in-memory copies only.
    """
    if articles is None and quizzes is None and questions is None:
        articles, quizzes = Article.objects.all(), Quiz.objects.all()
    article_ids, quiz_ids = pks(articles), pks(quizzes)
    wanted = set(
        Question.objects.filter(
            Q(article__in=article_ids)
            | Q(quiz_entries__quiz__in=quiz_ids)
            | Q(pk__in=pks(questions))
        ).values_list("pk", flat=True)
    )
    bank = Bank()
    keys: dict[int, str] = {}
    for article in (
        Article.objects.filter(Q(pk__in=article_ids) | Q(questions__in=wanted))
        .distinct()
        .order_by("slug")
        .prefetch_related(
            Prefetch(
                "questions",
                Question.objects.order_by("pk").prefetch_related("choices"),
            )
        )
    ):
        item = BankArticle(article=article)
        for key, question in exchange_keys(article.questions.all()).items():
            keys[question.pk] = question.key = key
        for question in article.questions.all():
            if question.pk in wanted:
                question.article = article
                item.questions.append(
                    BankQuestion(question, list(question.choices.all()))
                )
        bank.articles.append(item)
    entries = QuizEntry.objects.select_related("question__article").order_by(
        "position", "pk"
    )
    for quiz in (
        Quiz.objects.filter(pk__in=quiz_ids)
        .order_by("slug")
        .prefetch_related(Prefetch("entries", entries))
    ):
        refs = [
            (entry.question.article.slug, keys[entry.question_id])
            for entry in quiz.entries.all()
        ]
        bank.quizzes.append(BankQuiz(quiz=quiz, questions=refs))
    return bank


# --- Checks -------------------------------------------------------------------------------------


def field_errors(
    obj: models.Model, *, exclude: Iterable[str] = ()
) -> dict[str, list[str]]:
    """The model's own field validation (lengths, slugs, choices, numbers), as a dict."""
    try:
        obj.clean_fields(exclude=list(exclude))
    except ValidationError as error:
        return error.message_dict
    return {}


def describe(errors: dict[str, list[str]], where: str) -> list[str]:
    return [
        f"{where}: {FIELD_NAMES.get(name, name)}: {message}"
        for name, messages in errors.items()
        for message in messages
    ]


def citation_problems(question: Question, where: str) -> list[str]:
    """The quote must be the article's text at its offsets, exactly (or be found exactly once)."""
    if question.citation_start is None or question.citation_end is None:
        try:
            question.locate_citation()
        except ValidationError as error:
            return [f"{where}: citation: {message}" for message in error.messages]
        return []
    start, end, quote = (
        question.citation_start,
        question.citation_end,
        question.citation_quote,
    )
    if end != start + len(quote) or question.article.text[start:end] != quote:
        return [f"{where}: citation: {question.citation_problem()}"]
    return []


def question_problems(item: BankQuestion) -> list[str]:
    question, where = item.question, item.where
    errors = field_errors(question, exclude=["article"])
    problems = describe(errors, where)
    if "kind" in errors:
        return problems
    if "numeric_answer" not in errors and (question.kind == Question.Kind.NUMERIC) != (
        question.numeric_answer is not None
    ):
        problems.append(
            f"{where}: a number question, and only a number question, has a numeric_answer."
        )
    if not errors.keys() & {"citation_start", "citation_end", "citation_quote"}:
        problems += citation_problems(question, where)
    for number, choice in enumerate(item.choices, start=1):
        problems += describe(
            field_errors(choice, exclude=["question"]), f"{where}, choice {number}"
        )
    problems += [
        f"{where}: {problem}" for problem in question.choice_problems(item.choices)
    ]
    if not problems and not question.key:
        question.key = derived_key(question)
    return problems


def article_problems(item: BankArticle, stored: Article | None) -> list[str]:
    """An article from the file is new, or the same text as the stored one (which is reused)."""
    article, where = item.article, item.where
    problems = describe(field_errors(article, exclude=["sentences", "owner"]), where)
    if stored is not None and stored.text != article.text:
        problems.append(
            f"{where}: the database already has an article with the slug “{article.slug}” and a "
            "different text; its questions' citations would not match. Give the article in the "
            "file another slug, or import into a database without it."
        )
    elif stored is not None:
        item.article, item.reused = stored, True
    return problems


def check_bank(bank: Bank) -> list[str]:
    """Every problem with a parsed bank, checked against itself and the database."""
    problems: list[str] = []
    stored = StoredQuestions()
    in_file: set[tuple[str, str]] = set()
    slugs: set[str] = set()
    for item in bank.articles:
        slug = item.article.slug
        if item.article.pk is None:
            problems += article_problems(
                item, Article.objects.filter(slug=slug).first()
            )
            if slug in slugs:
                problems.append(
                    f"{item.where}: another article in the file has the slug “{slug}”."
                )
            slugs.add(slug)
        keys: set[str] = set()
        for entry in item.questions:
            entry.question.article = item.article
            problems += question_problems(entry)
            key = entry.question.key
            if key and key in keys:
                problems.append(
                    f"{entry.where}: another question of this article has the key “{key}”."
                )
            keys.add(key)
            in_file.add((slug, key))
    quiz_slugs: set[str] = set()
    for item in bank.quizzes:
        quiz, where = item.quiz, item.where
        problems += describe(field_errors(quiz, exclude=["owner"]), where)
        if quiz.slug in quiz_slugs:
            problems.append(
                f"{where}: another quiz in the file has the slug “{quiz.slug}”."
            )
        quiz_slugs.add(quiz.slug)
        if len(set(item.questions)) != len(item.questions):
            problems.append(f"{where}: a question is listed twice.")
        for slug, key in item.questions:
            if (slug, key) not in in_file and stored.get(slug, key) is None:
                problems.append(
                    f"{where}: the question “{key}” of the article “{slug}” is neither in the "
                    "file nor in the database."
                )
    return problems


# --- Writing ------------------------------------------------------------------------------------


@transaction.atomic
def save_bank(bank: Bank, *, owner=None) -> ImportReport:
    """Write a checked bank: new articles, questions and quizzes; what is already present (same
    article slug and text, same question key, same quiz slug) is left exactly as it is."""
    report = ImportReport()
    stored = StoredQuestions()
    saved: dict[tuple[str, str], Question] = {}
    for item in bank.articles:
        article = item.article
        if article.pk is None:
            if Article.objects.filter(slug=article.slug).exists():
                raise ImportProblems(
                    [f"{item.where}: the article “{article.slug}” was added meanwhile."]
                )
            article.owner = owner
            article.save()
            report.articles.append(article.slug)
        elif item.reused:
            report.skipped.append(f"article {article.slug}: already present")
        present = stored.of(article.slug)
        for entry in item.questions:
            question, name = entry.question, f"{article.slug}/{entry.question.key}"
            if question.key in present:
                saved[(article.slug, question.key)] = present[question.key]
                report.skipped.append(f"question {name}: already present")
                continue
            question.article = article
            question.save()
            for choice in entry.choices:
                choice.question = question
            Choice.objects.bulk_create(entry.choices)
            saved[(article.slug, question.key)] = question
            report.questions.append(name)
    for item in bank.quizzes:
        quiz = item.quiz
        if Quiz.objects.filter(slug=quiz.slug).exists():
            report.skipped.append(f"quiz {quiz.slug}: already present")
            continue
        quiz.owner = owner
        quiz.save()
        QuizEntry.objects.bulk_create(
            QuizEntry(
                quiz=quiz,
                question=saved.get(ref) or stored.get(*ref),
                position=position,
            )
            for position, ref in enumerate(item.questions, start=1)
        )
        report.quizzes.append(quiz.slug)
    return report


def decode_bank(data: bytes) -> str:
    """The text of an uploaded or read file, or ImportProblems saying why it cannot be read."""
    if len(data) > MAX_BYTES:
        raise ImportProblems(
            [
                f"The file is {len(data) / 2**20:.0f} MB; files up to 20 MB can be imported."
            ]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportProblems(
            [
                f"The file is not UTF-8 text (the byte at position {error.start} is not UTF-8). "
                "Save it as UTF-8 and try again."
            ]
        ) from error

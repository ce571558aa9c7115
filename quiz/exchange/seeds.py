"""The seed files in `seeds/`: an article and its hand-written questions in TOML, read into the
same `Bank` as every other import and checked by the same rules (`check_bank`).

    [article]         text_file (the article's text, in a file beside this one), slug, title,
                      title_is_added, publisher, url, published_on, date_is_approximate
    [quiz]            slug, title, description, published: a quiz of the questions, in order
    [generated_quiz]  slug, title, description: an unpublished quiz of the generator's drafts
    [[questions]]     key, kind, prompt, explanation, citation = {start, end, quote},
                      choices = [{text, correct}, …], or answer = "1997" for a number question

A seed's questions are published and hand-written. Loading is idempotent, as every import is:
what the database already holds (an article by slug and text, a question by key, a quiz by slug)
is left exactly as it is, so running `make run` again never overwrites a teacher's edits. The
generated quiz is filled only when it is created.

Imports the generator (and so spaCy): `quiz.exchange` does not import this module.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction

from quiz.exchange.bank import (
    Bank,
    BankArticle,
    BankQuestion,
    BankQuiz,
    ImportProblems,
    ImportReport,
    check_bank,
    decode_bank,
    save_bank,
)
from quiz.exchange.fields import (
    DATE,
    FLAG,
    NUMBER,
    REQUIRED,
    TEXT,
    WHOLE,
    listed,
    typed,
)
from quiz.exchange.generated import generate_for_article
from quiz.models import Article, Choice, Question, Quiz, numeric_value

SEED_FIELDS = {
    "article": ((dict,), REQUIRED),
    "quiz": ((dict,), None),
    "generated_quiz": ((dict,), None),
    "questions": ((list,), []),
}
ARTICLE_FIELDS = {
    "text_file": (TEXT, REQUIRED),
    "slug": (TEXT, REQUIRED),
    "title": (TEXT, REQUIRED),
    "title_is_added": (FLAG, False),
    "publisher": (TEXT, ""),
    "url": (TEXT, ""),
    "published_on": (DATE, None),
    "date_is_approximate": (FLAG, False),
}
QUESTION_FIELDS = {
    "key": (TEXT, REQUIRED),
    "kind": (TEXT, REQUIRED),
    "prompt": (TEXT, REQUIRED),
    "explanation": (TEXT, REQUIRED),
    "citation": ((dict,), REQUIRED),
    "choices": ((list,), []),
    "answer": (NUMBER, None),
}
CITATION_FIELDS = {
    "start": (WHOLE, REQUIRED),
    "end": (WHOLE, REQUIRED),
    "quote": (TEXT, REQUIRED),
}
CHOICE_FIELDS = {"text": (TEXT, REQUIRED), "correct": (FLAG, REQUIRED)}
QUIZ_FIELDS = {
    "slug": (TEXT, REQUIRED),
    "title": (TEXT, REQUIRED),
    "description": (TEXT, ""),
    "published": (FLAG, False),
}
GENERATED_QUIZ_FIELDS = {
    "slug": (TEXT, REQUIRED),
    "title": (TEXT, REQUIRED),
    "description": (TEXT, ""),
}


@dataclass
class Seed:
    """One seed file as a bank (its article, questions and quizzes), and the quiz among them that
    the generator's drafts fill."""

    bank: Bank
    generated_quiz: Quiz | None = None

    @property
    def article(self) -> Article:
        return self.bank.articles[0].article


@dataclass
class SeedReport:
    imported: ImportReport = field(default_factory=ImportReport)
    questions_generated: int = 0

    def add(self, report: ImportReport) -> None:
        self.imported.articles += report.articles
        self.imported.questions += report.questions
        self.imported.quizzes += report.quizzes
        self.imported.skipped += report.skipped

    def summary(self) -> str:
        imported = self.imported
        return (
            f"Seeds loaded: {len(imported.articles)} article(s), "
            f"{len(imported.questions)} question(s), {len(imported.quizzes)} quiz(zes) "
            f"created, {self.questions_generated} draft question(s) generated; "
            f"{len(imported.skipped)} already present and left unchanged."
        )


def read_question(
    data: object, where: str, article: Article, problems: list[str]
) -> BankQuestion | None:
    before = len(problems)
    values = typed(data, QUESTION_FIELDS, where, problems)
    citation = values["citation"]
    if isinstance(citation, dict):
        citation = typed(citation, CITATION_FIELDS, f"{where}, citation", problems)
    choices = [
        typed(item, CHOICE_FIELDS, f"{where}, choice {number}", problems)
        for number, item in enumerate(listed(values["choices"]), start=1)
    ]
    answer = values["answer"]
    numeric_answer = None if answer is None else numeric_value(str(answer))
    if answer is not None and numeric_answer is None:
        problems.append(
            f"{where}: `answer` {answer!r} is not a number (write it as 1500 or 2.5)."
        )
    if len(problems) > before:
        return None
    question = Question(
        article=article,
        key=values["key"],
        kind=values["kind"],
        prompt=values["prompt"],
        explanation=values["explanation"],
        citation_start=citation["start"],
        citation_end=citation["end"],
        citation_quote=citation["quote"],
        numeric_answer=numeric_answer,
        status=Question.Status.PUBLISHED,
        origin=Question.Origin.HAND_WRITTEN,
    )
    return BankQuestion(
        question,
        [
            Choice(text=choice["text"], is_correct=choice["correct"], position=number)
            for number, choice in enumerate(choices)
        ],
        where,
    )


def read_text_file(folder: Path, name: str, where: str, problems: list[str]) -> str:
    """The article's text, from the file the seed names beside it ("" if it cannot be read)."""
    try:
        return decode_bank((folder / name).read_bytes())
    except OSError as error:
        problems.append(
            f"{where}: cannot read the text_file “{name}” ({error.strerror})."
        )
    except ImportProblems as error:
        problems += [
            f"{where}: text_file “{name}”: {problem}" for problem in error.problems
        ]
    return ""


def parse_seed(path: Path) -> tuple[Seed, list[str]]:
    """The seed file as a bank of unsaved objects, each labelled with the file's name and where
    it stands in it, and the problems that kept any part of it out."""
    seed = Seed(Bank())
    problems: list[str] = []
    try:
        data = tomllib.loads(decode_bank(path.read_bytes()))
    except OSError as error:
        return seed, [f"{path.name}: cannot read it ({error.strerror})."]
    except ImportProblems as error:
        return seed, [f"{path.name}: {problem}" for problem in error.problems]
    except tomllib.TOMLDecodeError as error:
        return seed, [f"{path.name}: not valid TOML ({error})."]
    top = typed(data, SEED_FIELDS, path.name, problems)
    where = f"{path.name}, [article]"
    before = len(problems)
    values = typed(top["article"], ARTICLE_FIELDS, where, problems)
    if len(problems) > before:
        return seed, problems
    text = read_text_file(path.parent, values.pop("text_file"), where, problems)
    if len(problems) > before:
        return seed, problems
    item = BankArticle(article=Article(**values, text=text), where=where)
    seed.bank.articles.append(item)
    for number, entry in enumerate(listed(top["questions"]), start=1):
        key = entry.get("key", "no key") if isinstance(entry, dict) else "no key"
        where = f"{path.name}, question {number} ({key})"
        question = read_question(entry, where, item.article, problems)
        if question is not None:
            item.questions.append(question)
    if top["quiz"] is not None:
        where = f"{path.name}, [quiz]"
        before = len(problems)
        values = typed(top["quiz"], QUIZ_FIELDS, where, problems)
        if len(problems) == before:
            refs = [(item.article.slug, entry.question.key) for entry in item.questions]
            seed.bank.quizzes.append(BankQuiz(Quiz(**values), refs, where))
    if top["generated_quiz"] is not None:
        where = f"{path.name}, [generated_quiz]"
        before = len(problems)
        values = typed(top["generated_quiz"], GENERATED_QUIZ_FIELDS, where, problems)
        if len(problems) == before:
            seed.generated_quiz = Quiz(**values, published=False)
            seed.bank.quizzes.append(BankQuiz(seed.generated_quiz, [], where))
    return seed, problems


def read_seed(path: Path) -> Seed:
    """Parse and check one seed file without writing anything; ImportProblems lists all that is
    wrong, in the words every import uses."""
    seed, problems = parse_seed(path)
    problems += check_bank(seed.bank)
    if problems:
        raise ImportProblems(problems)
    return seed


@transaction.atomic
def load_seeds(directory: Path) -> SeedReport:
    """Load every seed file in the folder, or none of them (ImportProblems, GenerationError)."""
    report = SeedReport()
    for path in sorted(directory.glob("*.toml")):
        seed = read_seed(path)
        try:
            imported = save_bank(seed.bank)
        except IntegrityError as error:
            raise ImportProblems(
                [f"{path.name}: the database refused it ({error})."]
            ) from error
        report.add(imported)
        generated_quiz = seed.generated_quiz
        if generated_quiz is not None and generated_quiz.slug in imported.quizzes:
            generated = generate_for_article(seed.article, quiz=generated_quiz)
            report.questions_generated += generated.created
    return report

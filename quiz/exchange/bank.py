"""A question bank in memory, and the checks and the one write every format shares.

Parsers turn a file into a `Bank` of unsaved model objects, each labelled with where it stood in the
file; `check_bank` then applies the model's own rules (field validation, verbatim citations,
`Question.choice_problems`) and compares with what the database holds, so that every problem is
known before anything is written. `save_bank` writes a checked bank in one transaction.

Who imports or exports matters. An export holds only what its user may see (`visible_to`), so a
foreign question that found its way into a teacher's quiz does not travel with it. An import
looks existing articles up only among those its user may change (`editable_by`) or, to reuse an
article or refer to questions without writing into them, see (`visible_to`); anything else is
"not found", in the same words whether it exists or not, and its text is never compared with
anything. `user=None` is the server's operator running a management command, who sees
everything.

An upload is parsed and checked within one request, so files and their contents are capped
(see the limits below), and every look-up of what the database holds is one query for the
whole file, never one per article, category or question.
"""

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch, Q

from quiz.models import Article, Choice, Question, Quiz, QuizEntry
from quiz.models.articles import replace_xml_invalid_characters

# Limits: a bank of a few thousand questions is a few MB (about 1.5 KB a question in JSON or XML,
# 0.7 KB in GIFT, with the articles' texts), and checking one takes seconds; anything larger is
# refused before it can hold a worker for minutes or fill its memory.
MAX_BYTES = 5 * 1024 * 1024
MAX_ARTICLES = 500  # articles in JSON, categories in GIFT and XML
MAX_QUESTIONS = 5000
MAX_QUIZZES = 200
MAX_QUIZ_ENTRIES = 5000  # all quizzes' questions together
MAX_CHOICES = 26  # per question: a to z, as Moodle numbers them
# GIFT and XML are read no further than this: 5 MB of one-line questions, each with a problem,
# took 25 s and made a page listing 350,000 problems.
TOO_MANY_QUESTIONS = (
    f"The file has more than {MAX_QUESTIONS} questions; at most {MAX_QUESTIONS} can be "
    "imported at once. Split it into smaller files."
)

# The names the files use, where they differ from the model's.
FIELD_NAMES = {
    "citation_start": "citation.start",
    "citation_end": "citation.end",
    "citation_quote": "citation.quote",
    "is_correct": "correct",
}


def visible(model: type[models.Model], user) -> models.QuerySet:
    """What `user` may see of a model; everything for the server's operator (None)."""
    return model.objects.all() if user is None else model.objects.visible_to(user)


def editable(model: type[models.Model], user) -> models.QuerySet:
    """What `user` may change of a model; everything for the server's operator (None)."""
    return model.objects.all() if user is None else model.objects.editable_by(user)


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
    # Offsets from a GIFT or XML comment, used when the article's text there is the quote.
    hinted_offsets: tuple[int, int] | None = None


@dataclass
class BankArticle:
    """An article from the file (unsaved) or, for formats that cannot carry one, a reference by
    slug (`by_reference`) that `check_bank` replaces with the stored article."""

    article: Article
    questions: list[BankQuestion] = field(default_factory=list)
    where: str = ""
    reused: bool = False
    by_reference: bool = False


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

    def article_slugs(self) -> set[str]:
        """The articles the bank holds or its quizzes refer to."""
        return {item.article.slug for item in self.articles} | {
            slug for quiz in self.quizzes for slug, _ in quiz.questions
        }


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
    """The questions `user` may see on the given articles, by article slug and exchange key, read
    in one query."""

    def __init__(self, slugs: set[str], *, user) -> None:
        self.by_slug: dict[str, dict[str, Question]] = {}
        questions: dict[str, list[Question]] = {}
        for question in (
            visible(Question, user)
            .filter(article__slug__in=slugs)
            .select_related("article")
        ):
            questions.setdefault(question.article.slug, []).append(question)
        for slug, listed in questions.items():
            self.by_slug[slug] = exchange_keys(listed)

    def of(self, slug: str) -> dict[str, Question]:
        return self.by_slug.get(slug, {})

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
    user=None,
) -> Bank:
    """The bank to export: the given articles with all their questions, the given quizzes with
    theirs, and the given questions; everything when nothing is given. Only what `user` may see
    is included (None: everything): a quiz keeps only the questions its exporter may see.

    Articles come in slug order and questions in id order, so exporting the same data twice gives
    the same text. Keyless questions are given their exchange key on these in-memory copies only.
    """
    if articles is None and quizzes is None and questions is None:
        articles, quizzes = Article.objects.all(), Quiz.objects.all()
    article_ids = visible(Article, user).filter(pk__in=pks(articles)).values("pk")
    quiz_ids = visible(Quiz, user).filter(pk__in=pks(quizzes)).values("pk")
    wanted = set(
        visible(Question, user)
        .filter(
            Q(article__in=article_ids)
            | Q(quiz_entries__quiz__in=quiz_ids)
            | Q(pk__in=pks(questions))
        )
        .values_list("pk", flat=True)
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
            if entry.question_id in wanted
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


def slug_taken(where: str, slug: str, what: str) -> str:
    """A slug used by something the importer may not see: the same words whatever it is."""
    return (
        f"{where}: the slug “{slug}” is already taken; give the {what} in the file another "
        "slug."
    )


class StoredArticles:
    """What the database holds under the bank's article slugs, as far as `user` may know it:
    the articles it may see and those it may change, and which other slugs are taken. Three
    queries, whatever the number of slugs."""

    def __init__(self, slugs: set[str], *, user) -> None:
        self.visible = {
            article.slug: article
            for article in visible(Article, user).filter(slug__in=slugs)
        }
        self.editable = set(
            editable(Article, user)
            .filter(slug__in=slugs)
            .values_list("slug", flat=True)
        )
        self.taken = set(
            Article.objects.filter(slug__in=slugs).values_list("slug", flat=True)
        )


def article_problems(item: BankArticle, stored: StoredArticles) -> list[str]:
    """An article from the file is new, or the same text as a stored one the importer may see
    (which is reused); a slug taken by an article it may not see is refused, text unread."""
    article, where = item.article, item.where
    errors = field_errors(article, exclude=["sentences", "owner"])
    # After the field checks, which count control characters as a sign of binary data; before
    # the comparison, as the stored article was cleaned the same way.
    replace_xml_invalid_characters(article)
    problems = describe(errors, where)
    known = stored.visible.get(article.slug)
    if known is None and article.slug in stored.taken:
        problems.append(slug_taken(where, article.slug, "article"))
    elif known is not None and known.text != article.text:
        problems.append(
            f"{where}: the database already has an article with the slug “{article.slug}” and a "
            "different text; its questions' citations would not match. Give the article in the "
            "file another slug, or import into a database without it."
        )
    elif known is not None:
        item.article, item.reused = known, True
    elif "text" not in errors:
        problems += text_problems(article, where)
    return problems


def text_problems(article: Article, where: str) -> list[str]:
    """A new article's text must be one that saving it can split into sentences (not too long,
    not HTML, not binary); otherwise the save would fail after the checks."""
    # Imported here, as in quiz.passages: the generator package loads spaCy's word lists, which
    # only an import that creates articles needs.
    from quiz.generation import GenerationError, validate_text

    try:
        validate_text(text=article.text)
    except GenerationError as error:
        return [f"{where}: text: {error}"]
    return []


def reference_problems(bank: Bank, *, user) -> list[str]:
    """Replace the articles that GIFT and XML categories name by the stored ones the importer may
    add questions to (one query); any other slug is not found, whether it exists or not."""
    references = [item for item in bank.articles if item.by_reference]
    if not references:
        return []
    found = {
        article.slug: article
        for article in editable(Article, user).filter(
            slug__in={item.article.slug for item in references}
        )
    }
    problems = []
    for item in references:
        slug = item.article.slug
        if slug not in found:
            problems.append(
                f"{item.where}: the category names the article “{slug}”, which is not among "
                "the articles you can add questions to. GIFT and Moodle XML do not carry "
                "article texts: add the article (or import our JSON export of it) first. Its "
                "questions were not checked."
            )
            bank.articles.remove(item)
            continue
        item.article = found[slug]
        text = item.article.text
        for entry in item.questions:
            entry.question.article = item.article
            if entry.hinted_offsets is not None:
                start, end = entry.hinted_offsets
                if text[start:end] == entry.question.citation_quote:
                    entry.question.citation_start = start
                    entry.question.citation_end = end
    return problems


def limit_problems(bank: Bank) -> list[str]:
    """A bank over the limits is refused before anything is looked up or checked."""
    return count_problems(
        articles=len(bank.articles),
        questions=sum(1 for _ in bank.questions()),
        quizzes=len(bank.quizzes),
        entries=sum(len(q.questions) for q in bank.quizzes),
        choices=((entry.where, len(entry.choices)) for entry in bank.questions()),
    )


def count_problems(
    *,
    articles: int,
    questions: int,
    quizzes: int,
    entries: int,
    choices: Iterable[tuple[str, int]],
) -> list[str]:
    """What is over the limits, from the counts alone (`choices`: where each question is in
    the file, and how many choices it has), so a format can check them before reading items."""
    counts = [
        (articles, MAX_ARTICLES, "articles (or GIFT/XML categories)"),
        (questions, MAX_QUESTIONS, "questions"),
        (quizzes, MAX_QUIZZES, "quizzes"),
        (entries, MAX_QUIZ_ENTRIES, "quiz entries"),
    ]
    problems = [
        f"The file has {count} {what}; at most {limit} can be imported at once. Split it "
        "into smaller files."
        for count, limit, what in counts
        if count > limit
    ]
    problems += [
        f"{where}: {count} choices; a question has at most {MAX_CHOICES}."
        for where, count in choices
        if count > MAX_CHOICES
    ]
    return problems


def clean_characters(bank: Bank) -> None:
    """Replace the characters XML 1.0 forbids in the questions, choices and quizzes, as saving
    them in the admin does (articles: in `article_problems`). One for one, so a quote cleaned
    here still matches its article's cleaned text at the same offsets."""
    for entry in bank.questions():
        replace_xml_invalid_characters(entry.question)
        for choice in entry.choices:
            replace_xml_invalid_characters(choice)
    for item in bank.quizzes:
        replace_xml_invalid_characters(item.quiz)


def check_bank(bank: Bank, *, user=None) -> list[str]:
    """Every problem with a parsed bank, checked against itself and what `user` may see of the
    database, in a fixed number of queries."""
    problems = limit_problems(bank)
    if problems:
        return problems
    clean_characters(bank)
    problems += reference_problems(bank, user=user)
    new_slugs = {item.article.slug for item in bank.articles if item.article.pk is None}
    articles = StoredArticles(new_slugs, user=user)
    stored = StoredQuestions(bank.article_slugs(), user=user)
    in_file: set[tuple[str, str]] = set()
    slugs: set[str] = set()
    for item in bank.articles:
        slug = item.article.slug
        if item.article.pk is None:
            problems += article_problems(item, articles)
            if slug in slugs:
                problems.append(
                    f"{item.where}: another article in the file has the slug “{slug}”."
                )
            slugs.add(slug)
        # A reused article the importer may only read (the shared library, for a teacher)
        # takes no new questions; those it already has are simply skipped.
        read_only = item.reused and slug not in articles.editable
        keys: set[str] = set()
        for entry in item.questions:
            entry.question.article = item.article
            problems += question_problems(entry)
            key = entry.question.key
            if key and key in keys:
                problems.append(
                    f"{entry.where}: another question of this article has the key “{key}”."
                )
            if read_only and stored.get(slug, key) is None:
                problems.append(
                    f"{entry.where}: the article “{slug}” is in the shared library, to which "
                    "only administrators add questions."
                )
            keys.add(key)
            in_file.add((slug, key))
    problems += quiz_problems(bank, stored=stored, in_file=in_file, user=user)
    return problems


def quiz_problems(
    bank: Bank, *, stored: StoredQuestions, in_file: set[tuple[str, str]], user
) -> list[str]:
    """Quizzes: a slug the importer may see is already present (and skipped); one it may not see
    is taken. Their questions are in the file or among those the importer may see."""
    slugs = {item.quiz.slug for item in bank.quizzes}
    present = set(
        visible(Quiz, user).filter(slug__in=slugs).values_list("slug", flat=True)
    )
    taken = set(Quiz.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    problems: list[str] = []
    quiz_slugs: set[str] = set()
    for item in bank.quizzes:
        quiz, where = item.quiz, item.where
        problems += describe(field_errors(quiz, exclude=["owner"]), where)
        if quiz.slug in quiz_slugs:
            problems.append(
                f"{where}: another quiz in the file has the slug “{quiz.slug}”."
            )
        quiz_slugs.add(quiz.slug)
        if quiz.slug in taken and quiz.slug not in present:
            problems.append(slug_taken(where, quiz.slug, "quiz"))
        if len(set(item.questions)) != len(item.questions):
            problems.append(f"{where}: a question is listed twice.")
        for slug, key in item.questions:
            if (slug, key) not in in_file and stored.get(slug, key) is None:
                problems.append(
                    f"{where}: the question “{key}” of the article “{slug}” is neither in the "
                    "file nor among the questions you can see."
                )
    return problems


# --- Writing ------------------------------------------------------------------------------------


@transaction.atomic
def save_bank(bank: Bank, *, user=None) -> ImportReport:
    """Write a bank checked for `user`, who owns the new articles and quizzes (None: the shared
    library). What is already present (same article slug and text, same question key, same quiz
    slug) is left exactly as it is. The look-ups are three queries, whatever the bank's size."""
    report = ImportReport()
    new_slugs = {item.article.slug for item in bank.articles if item.article.pk is None}
    added_meanwhile = set(
        Article.objects.filter(slug__in=new_slugs).values_list("slug", flat=True)
    )
    stored = StoredQuestions(bank.article_slugs(), user=user)
    present_quizzes = set(
        visible(Quiz, user)
        .filter(slug__in={item.quiz.slug for item in bank.quizzes})
        .values_list("slug", flat=True)
    )
    saved: dict[tuple[str, str], Question] = {}
    new_questions: list[BankQuestion] = []
    for item in bank.articles:
        article = item.article
        if article.pk is None:
            if article.slug in added_meanwhile:
                raise ImportProblems(
                    [f"{item.where}: the article “{article.slug}” was added meanwhile."]
                )
            article.owner = user
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
            new_questions.append(entry)
            saved[(article.slug, question.key)] = question
            report.questions.append(name)
    # In bulk: thousands of questions are a few queries, not a few for each. Both databases
    # return the new ids, which the choices and quiz entries need.
    Question.objects.bulk_create(entry.question for entry in new_questions)
    for entry in new_questions:
        for choice in entry.choices:
            choice.question = entry.question
    Choice.objects.bulk_create(
        choice for entry in new_questions for choice in entry.choices
    )
    for item in bank.quizzes:
        quiz = item.quiz
        if quiz.slug in present_quizzes:
            report.skipped.append(f"quiz {quiz.slug}: already present")
            continue
        quiz.owner = user
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


def too_large(size: int) -> str:
    return (
        f"The file is {size / 2**20:.1f} MB; files up to {MAX_BYTES // 2**20} MB can be "
        "imported. Split it into smaller files."
    )


def decode_bank(data: bytes) -> str:
    """The text of an uploaded or read file, or ImportProblems saying why it cannot be read."""
    if len(data) > MAX_BYTES:
        raise ImportProblems([too_large(len(data))])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportProblems(
            [
                f"The file is not UTF-8 text (the byte at position {error.start} is not UTF-8). "
                "Save it as UTF-8 and try again."
            ]
        ) from error

"""What GIFT and Moodle XML share: HTML text, grades, names, the citation in the feedback, categories.

Moodle has no citations, so the explanation and the quoted words travel in the general feedback,
which students see after answering:

    <explanation>

    From the article: “<quote>”
    — <publisher>, “<title>”

or, when the explanation already quotes the cited words, with those words highlighted (`<mark>`)
in it rather than repeated:

    True. <mark>US officials said the army fired several Atacms on Tuesday</mark>.

    The highlighted words are from <publisher>, “<title>”

Each article is a question category (`$course$/top/FactQuiz/<article slug>`). A question is named
by the start of its prompt, so a teacher can find it in Moodle's question bank; its key is its ID
number, which Moodle keeps and a re-import reads. A comment beside each question keeps its citation
offsets, which Moodle ignores. Reading our own files back uses all of them; a file edited elsewhere
still imports when the quote is found exactly once. Reading touches no database: categories name
articles by slug, which `check_bank` looks up.

Moodle accepts only grades from its own list, and refuses a whole file for one grade off it. A
multiple-select question whose right answers cannot share 100% equally in those grades (11 right
answers: 9.09091% each) would be graded differently there, so it is left out of the file, and the
export says which and why (`left_out`).
"""

import html
import re
from decimal import Decimal

from django.utils.text import slugify

from quiz.exchange.bank import Bank, BankArticle, BankQuestion
from quiz.models import Article, Choice, Question

CATEGORY_ROOT = "$course$/top/FactQuiz"
QUOTE_INTRO = "From the article: “"
SOURCE_INTRO = "”\n— "
MARKED_SOURCE_INTRO = "\n\nThe highlighted words are from "
# Where <mark> and </mark> stood, while general feedback is read as plain text (Unicode
# non-characters, which no text a teacher types holds).
MARK_START, MARK_END = "\ufdd8", "\ufdd9"
MARK_TAG = re.compile(r"<(/?)mark>", re.IGNORECASE)
NAME_LENGTH = 70
# Generated prompts often start alike; a name starts with what tells them apart.
NAME_PREAMBLE = re.compile(
    r"^(?:According to the article|The article says)\s*:\s*", re.I
)
CITING = re.compile(r"citing characters (\d+)-(\d+)")
TAG = re.compile(r"<[^>]*>")
LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def html_text(text: str) -> str:
    """Plain text as Moodle HTML: nothing in it can become markup, and line breaks show."""
    escaped = html.escape(text, quote=False).replace("\r", "&#13;")
    return escaped.replace("\n", "<br>")


def plain_text(markup: str) -> str:
    """The inverse of `html_text`; for HTML written elsewhere, the text without its tags."""
    return html.unescape(TAG.sub("", LINE_BREAK.sub("\n", markup)))


def citing_comment(question: Question) -> str:
    return f"citing characters {question.citation_start}-{question.citation_end}"


def question_name(question: Question) -> str:
    """The start of the prompt, cut after a whole word: what Moodle's question bank lists."""
    words = NAME_PREAMBLE.sub("", " ".join(question.prompt.split()))
    name = words[:1].upper() + words[1:]
    if len(name) <= NAME_LENGTH:
        return name
    return name[: NAME_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def source_line(article: Article) -> str:
    source = f"“{article.title}”"
    if article.publisher:
        source = f"{article.publisher}, {source}"
    if article.url:
        source += f", {article.url}"
    return source


def feedback_html(question: Question) -> str:
    """The explanation and the cited words, quoted once: highlighted in the explanation when it
    already holds them, after it otherwise."""
    explanation, quote = question.explanation, question.citation_quote
    source = source_line(question.article)
    marked = question.explanation_around_quote
    if marked:
        before, _, after = marked
        return (
            f"{html_text(before)}<mark>{html_text(quote)}</mark>"
            f"{html_text(after + MARKED_SOURCE_INTRO + source)}"
        )
    return html_text(f"{explanation}\n\n{QUOTE_INTRO}{quote}{SOURCE_INTRO}{source}")


def feedback_text(markup: str) -> str:
    """General feedback as plain text, with the highlighted words between `MARK_START` and
    `MARK_END`."""
    return plain_text(
        MARK_TAG.sub(lambda tag: MARK_END if tag[1] else MARK_START, markup)
    )


def split_feedback(feedback: str) -> tuple[str, str] | None:
    """The explanation and the quote from general feedback written by `feedback_html` (as
    `feedback_text` reads it)."""
    before, start, rest = feedback.partition(MARK_START)
    quote, end, after = rest.partition(MARK_END)
    if start and end:
        kept, _intro, unmarked = (before + quote + after).rpartition(
            MARKED_SOURCE_INTRO
        )
        return (kept or unmarked).strip(), quote
    feedback = feedback.replace(MARK_START, "").replace(MARK_END, "")
    explanation, found, rest = feedback.rpartition("\n\n" + QUOTE_INTRO)
    if not found:
        if not feedback.startswith(QUOTE_INTRO):
            return None
        rest = feedback.removeprefix(QUOTE_INTRO)
    quote, found, _source = rest.rpartition(SOURCE_INTRO)
    if not found:
        if not rest.endswith("”"):
            return None
        quote = rest.removesuffix("”")
    return explanation.strip(), quote


# Moodle's grades (question_bank::fraction_options), in percent as its files write them. An
# answer's grade must be one of these or its negative (within 0.001%), or Moodle refuses the file.
MOODLE_GRADES = [
    "100",
    "90",
    "83.33333",
    "80",
    "75",
    "70",
    "66.66667",
    "60",
    "50",
    "40",
    "33.33333",
    "30",
    "25",
    "20",
    "16.66667",
    "14.28571",
    "12.5",
    "11.11111",
    "10",
    "5",
    "0",
]
# The grade each right answer earns when k answers are right: 100/k, when Moodle lists it
# (k = 1 to 10, and 20). Moodle rounds the sum of the right answers' grades to 1% before checking
# that it is 100, so 3 × 33.33333 passes.
RIGHT_SHARES = {
    round(100 / Decimal(grade)): grade
    for grade in MOODLE_GRADES[:-1]
    if abs(Decimal(grade) * round(100 / Decimal(grade)) - 100) < Decimal("0.0001")
}


def grade_problem(question: Question, choices: list[Choice]) -> str | None:
    """Why Moodle cannot grade this question as we do, or None.

    We score multiple select as +1/k for each right pick and -1/k for each wrong one (k right
    answers), so every right answer must earn the same share of Moodle's grades. Unequal shares
    from its list (for 11: nine at 10% and two at 5%) would give two students with as many right
    picks different marks, so such a question is not exported rather than graded differently.
    """
    if question.kind != Question.Kind.MULTIPLE_SELECT:
        return None
    right = sum(choice.is_correct for choice in choices)
    if right in RIGHT_SHARES:
        return None
    shares = sorted(RIGHT_SHARES)
    return (
        f"it has {right} right answers, and Moodle's list of grades has no equal share of "
        f"100% for {right} (only for {shares[0]} to {shares[-2]}, or {shares[-1]}), so Moodle "
        "would refuse the file or grade it differently. Split it into questions with at most "
        f"{shares[-2]} right answers each; our JSON export keeps it."
    )


def left_out(bank: Bank) -> list[str]:
    """The questions a GIFT or Moodle XML file leaves out, each with the reason."""
    return [
        f"“{question_name(entry.question)}” ({item.article.slug}/{entry.question.key}): "
        f"{problem}"
        for item in bank.articles
        for entry in item.questions
        if (problem := grade_problem(entry.question, entry.choices)) is not None
    ]


def exported(item: BankArticle) -> list[BankQuestion]:
    """The article's questions that Moodle can grade as we do."""
    return [
        entry
        for entry in item.questions
        if grade_problem(entry.question, entry.choices) is None
    ]


def fractions(question: Question, choices: list[Choice]) -> list[str]:
    """Moodle grades (percent, from its list) per choice, scoring as we do.

    Single choice: 100 for the right one, 0 for the others. Multiple select (checked by
    `grade_problem` first): each right choice earns 100/k and each wrong one costs as much, so that
    Moodle's sum of the chosen grades, kept between 0 and 100, equals our partial credit.
    """
    if question.kind != Question.Kind.MULTIPLE_SELECT:
        return ["100" if choice.is_correct else "0" for choice in choices]
    share = RIGHT_SHARES[sum(choice.is_correct for choice in choices)]
    return [share if choice.is_correct else f"-{share}" for choice in choices]


def category_path(article: Article) -> str:
    return f"{CATEGORY_ROOT}/{article.slug}"


def article_for(
    path: str, *, where: str, bank: Bank, named: dict[str, BankArticle]
) -> BankArticle:
    """The article a category names (its last part is the slug), added to the bank once, by
    reference: `check_bank` looks all of them up at once among the importer's articles.

    `named` holds the categories read so far by slug: scanning the bank's list instead made a
    file of 20,000 categories (under a megabyte) take minutes before the limit refused it."""
    slug = path.strip().rstrip("/").rsplit("/", 1)[-1].strip()
    if slug not in named:
        named[slug] = BankArticle(
            article=Article(slug=slug), where=where, by_reference=True
        )
        bank.articles.append(named[slug])
    return named[slug]


def moodle_question(
    *,
    article: BankArticle | None,
    where: str,
    name: str,
    kind: str,
    prompt: str,
    feedback: str,
    choices: list[tuple[str, bool]],
    number: str | None = None,
    comments: list[str],
    problems: list[str],
) -> None:
    """Add one question read from GIFT or XML to its article, or say why it cannot be."""
    if article is None:
        problems.append(
            f"{where}: no category before it names the article it cites ($course$/top/FactQuiz/"
            "<article slug>)."
        )
        return
    split = split_feedback(feedback)
    if split is None:
        problems.append(
            f"{where}: the general feedback has no “{QUOTE_INTRO}…”” quote, so nothing ties "
            "the question to the article's words."
        )
        return
    explanation, quote = split
    hinted = None
    for comment in comments:
        if (found := CITING.search(comment)) is not None:
            hinted = int(found[1]), int(found[2])
    question = Question(
        article=article.article,
        key=slugify(name)[:100],
        kind=kind,
        prompt=prompt,
        explanation=explanation,
        numeric_answer=number,
        citation_quote=quote,
        status=Question.Status.DRAFT,
        origin=Question.Origin.HAND_WRITTEN,
    )
    article.questions.append(
        BankQuestion(
            question,
            [
                Choice(text=text, is_correct=correct, position=position)
                for position, (text, correct) in enumerate(choices)
            ],
            where,
            hinted_offsets=hinted,
        )
    )


def true_false_choices(answer_is_true: bool) -> list[tuple[str, bool]]:
    return [("True", answer_is_true), ("False", not answer_is_true)]

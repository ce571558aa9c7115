"""What GIFT and Moodle XML share: HTML text, grades, the citation in the feedback, categories.

Moodle has no citations, so the explanation and the quoted words travel in the general feedback,
which students see after answering:

    <explanation>

    From the article: “<quote>”
    — <publisher>, “<title>”

Each article is a question category (`$course$/top/FactQuiz/<article slug>`), and a comment beside
each question keeps its citation offsets, which Moodle ignores. Reading our own files back uses
all three; a file edited elsewhere still imports when the quote is found exactly once. Reading
touches no database: categories name articles by slug, which `check_bank` looks up.
"""

import html
import re
from decimal import Decimal

from django.utils.text import slugify

from quiz.exchange.bank import Bank, BankArticle, BankQuestion, number_text
from quiz.models import Article, Choice, Question

CATEGORY_ROOT = "$course$/top/FactQuiz"
QUOTE_INTRO = "From the article: “"
SOURCE_INTRO = "”\n— "
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


def feedback_html(question: Question) -> str:
    article = question.article
    source = f"“{article.title}”"
    if article.publisher:
        source = f"{article.publisher}, {source}"
    if article.url:
        source += f", {article.url}"
    return html_text(
        f"{question.explanation}\n\n{QUOTE_INTRO}{question.citation_quote}{SOURCE_INTRO}{source}"
    )


def split_feedback(feedback: str) -> tuple[str, str] | None:
    """The explanation and the quote from general feedback written by `feedback_html`."""
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


def fractions(question: Question, choices: list[Choice]) -> list[str]:
    """Moodle grades (percent) per choice, scoring as we do.

    Single choice: 100 for the right one, 0 for the others. Multiple select: the right choices
    share 100 (the last takes the rounding, so they sum to exactly 100) and each wrong one costs as
    much as a right one earns, so that Moodle's sum of the chosen grades, kept between 0 and 100,
    equals our partial credit.
    """
    if question.kind != Question.Kind.MULTIPLE_SELECT:
        return ["100" if choice.is_correct else "0" for choice in choices]
    right = sum(choice.is_correct for choice in choices)
    share = (Decimal(100) / right).quantize(Decimal("0.00001"))
    last = Decimal(100) - share * (right - 1)
    grades, given = [], 0
    for choice in choices:
        if choice.is_correct:
            given += 1
            grades.append(number_text(last if given == right else share))
        else:
            grades.append(number_text(-share))
    return grades


def category_path(article: Article) -> str:
    return f"{CATEGORY_ROOT}/{article.slug}"


def article_for(path: str, *, where: str, bank: Bank) -> BankArticle:
    """The article a category names (its last part is the slug), added to the bank once, by
    reference: `check_bank` looks all of them up at once among the importer's articles."""
    slug = path.strip().rstrip("/").rsplit("/", 1)[-1].strip()
    for item in bank.articles:
        if item.article.slug == slug:
            return item
    item = BankArticle(article=Article(slug=slug), where=where, by_reference=True)
    bank.articles.append(item)
    return item


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

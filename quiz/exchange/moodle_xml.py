"""Moodle XML: `<quiz>` with a category per article, then its questions.

Built with ElementTree, so every text is escaped by the XML writer (no CDATA section for a "]]>" to
break), and the texts themselves are HTML with everything a teacher typed escaped once more, so a
"<script>" in a question is shown, never run. Multiple select is a multichoice question with
`<single>false</single>` whose right answers share 100% in `fraction`s from Moodle's list, and
whose wrong ones cost as much. A question is named by the start of its prompt; its key is its
`<idnumber>`.
"""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation

from quiz.exchange.bank import (
    MAX_QUESTIONS,
    TOO_MANY_QUESTIONS,
    Bank,
    BankArticle,
    number_text,
)
from quiz.exchange.moodle import (
    CATEGORY_ROOT,
    article_for,
    category_path,
    citing_comment,
    exported,
    feedback_html,
    feedback_text,
    fractions,
    html_text,
    left_out,
    moodle_question,
    plain_text,
    question_name,
    true_false_choices,
)
from quiz.models import Choice, Question, numeric_value
from quiz.models.articles import xml_safe_text

TYPES = {
    Question.Kind.SINGLE_CHOICE: "multichoice",
    Question.Kind.MULTIPLE_SELECT: "multichoice",
    Question.Kind.TRUE_FALSE: "truefalse",
    Question.Kind.NUMERIC: "numerical",
}
DECLARATIONS = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
# Moodle's own files nest five deep (quiz > question > answer > feedback > text), and a question
# takes about 40 elements. A tree deeper or larger than that is refused while it is being built,
# before it can fill a worker's memory (a few MB of nested tags take hundreds of MB as elements).
MAX_DEPTH = 10
MAX_ELEMENTS = 50 * MAX_QUESTIONS


class TreeTooLarge(Exception):
    pass


class BoundedTreeBuilder(ET.TreeBuilder):
    """ElementTree's builder, keeping comments (they carry the citation offsets), that stops at
    the limits."""

    def __init__(self) -> None:
        super().__init__(insert_comments=True)
        self.depth = self.elements = 0

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        self.depth += 1
        self.elements += 1
        if self.depth > MAX_DEPTH:
            raise TreeTooLarge(
                f"The XML nests elements more than {MAX_DEPTH} deep; Moodle XML needs 5."
            )
        if self.elements > MAX_ELEMENTS:
            raise TreeTooLarge(
                f"The XML has more than {MAX_ELEMENTS} elements ({MAX_QUESTIONS} "
                "questions take fewer). Split it into smaller files."
            )
        return super().start(tag, attrs)

    def end(self, tag: str) -> ET.Element:
        self.depth -= 1
        return super().end(tag)


# --- Writing ------------------------------------------------------------------------------------


def rich_text(
    parent: ET.Element, tag: str, markup: str, text_format: str = "html"
) -> ET.Element:
    element = ET.SubElement(parent, tag, format=text_format)
    ET.SubElement(element, "text").text = markup
    return element


def add_answer(
    question: ET.Element, fraction: str, markup: str, text_format: str = "html"
) -> ET.Element:
    answer = rich_text(question, "answer", markup, text_format)
    answer.set("fraction", fraction)
    rich_text(answer, "feedback", "")
    return answer


def xml_comment(text: str) -> ET.Element:
    """A comment holding any text: XML forbids "--" in one, and ElementTree writes it as is."""
    return ET.Comment(f" {re.sub('-(?=-)', '- ', text)} ")


def category_element(path: str, info: str) -> ET.Element:
    element = ET.Element("question", type="category")
    ET.SubElement(ET.SubElement(element, "category"), "text").text = path
    rich_text(element, "info", html_text(info))
    return element


def question_element(question: Question, choices: list[Choice]) -> ET.Element:
    element = ET.Element("question", type=TYPES[question.kind])
    element.append(ET.Comment(f" {citing_comment(question)} "))
    # Moodle strips tags from names (PARAM_TEXT) and shows them as HTML: escaped, a "<b>" in a
    # prompt is shown as typed.
    name = html_text(question_name(question))
    ET.SubElement(ET.SubElement(element, "name"), "text").text = name
    rich_text(element, "questiontext", html_text(question.prompt))
    rich_text(element, "generalfeedback", feedback_html(question))
    ET.SubElement(element, "idnumber").text = question.key
    if question.kind == Question.Kind.NUMERIC:
        answer = add_answer(
            element, "100", number_text(question.numeric_answer), "moodle_auto_format"
        )
        ET.SubElement(answer, "tolerance").text = "0"
    elif question.kind == Question.Kind.TRUE_FALSE:
        true = any(c.is_correct and c.text.casefold() == "true" for c in choices)
        add_answer(element, "100" if true else "0", "true", "moodle_auto_format")
        add_answer(element, "0" if true else "100", "false", "moodle_auto_format")
    else:
        single = question.kind == Question.Kind.SINGLE_CHOICE
        ET.SubElement(element, "single").text = "true" if single else "false"
        ET.SubElement(element, "shuffleanswers").text = "true"
        ET.SubElement(element, "answernumbering").text = "abc"
        for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            rich_text(element, tag, "")
        for choice, grade in zip(choices, fractions(question, choices), strict=True):
            add_answer(element, grade, html_text(choice.text))
    return element


def dump_moodle_xml(bank: Bank) -> str:
    root = ET.Element("quiz")
    root.append(
        category_element(
            CATEGORY_ROOT,
            "Questions exported from FactQuiz, one category per article. Each question's "
            "general feedback quotes the words of the article that settle it.",
        )
    )
    root.extend(xml_comment(f"Left out: {line}") for line in left_out(bank))
    for item in bank.articles:
        article = item.article
        source = (
            f"{article.title} ({article.publisher})"
            if article.publisher
            else article.title
        )
        root.append(category_element(category_path(article), source))
        root.extend(
            question_element(entry.question, entry.choices) for entry in exported(item)
        )
    ET.indent(root)
    # ElementTree writes any character, even those XML 1.0 forbids: one of them (from a text
    # stored before saving replaced them) and Moodle imports nothing from the file.
    return xml_safe_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ET.tostring(root, encoding="unicode")
        + "\n"
    )


# --- Reading ------------------------------------------------------------------------------------


def text_of(holder: ET.Element | None, *, plain=plain_text) -> str:
    """The plain text (made by `plain` from HTML) of a `<… format="…"><text>…</text></…>`
    element."""
    if holder is None:
        return ""
    text = holder.findtext("text", "")
    return text if holder.get("format") in ("plain_text", "markdown") else plain(text)


def read_answers(element: ET.Element, qtype: str) -> tuple[str, list, str | None] | str:
    """Kind, choices and number from a question's answers, or what is wrong with them."""
    answers = []
    for answer in element.findall("answer"):
        try:
            grade = Decimal(answer.get("fraction", "0"))
        except InvalidOperation:
            grade = Decimal("NaN")
        if not grade.is_finite():
            return f"the answer fraction “{answer.get('fraction')}” is not a number."
        answers.append((grade, text_of(answer), answer))
    if qtype == "multichoice":
        single = element.findtext("single", "true").strip().lower() in ("true", "1")
        kind = Question.Kind.SINGLE_CHOICE if single else Question.Kind.MULTIPLE_SELECT
        return kind, [(text, grade > 0) for grade, text, _ in answers], None
    if qtype == "truefalse":
        true = any(
            text.strip().lower() == "true" and grade > 0 for grade, text, _ in answers
        )
        return Question.Kind.TRUE_FALSE, true_false_choices(true), None
    if qtype == "numerical":
        right = [answer for grade, _, answer in answers if grade == 100]
        if len(right) != 1:
            return "a numerical question needs exactly one answer with fraction 100."
        if numeric_value(right[0].findtext("tolerance", "0") or "0") != 0:
            return "the numerical answer has a tolerance; ours must be exact."
        return Question.Kind.NUMERIC, [], right[0].findtext("text", "").strip()
    return (
        f"Moodle's “{qtype}” questions have no equivalent here: only multichoice, truefalse "
        "and numerical questions can be imported."
    )


def parse_moodle_xml(text: str) -> tuple[Bank, list[str]]:
    bank = Bank()
    if DECLARATIONS.search(text):
        return bank, [
            "The XML declares a DOCTYPE or entities, which Moodle XML never needs."
        ]
    try:
        root = ET.fromstring(text, parser=ET.XMLParser(target=BoundedTreeBuilder()))
    except ET.ParseError as error:
        return bank, [f"This is not well-formed XML: {error}."]
    except TreeTooLarge as error:
        return bank, [str(error)]
    if root.tag != "quiz":
        return bank, [f"The XML's root element is <{root.tag}>, not Moodle's <quiz>."]
    problems: list[str] = []
    article: BankArticle | None = None
    named: dict[str, BankArticle] = {}
    number = 0
    for element in root.findall("question"):
        qtype = element.get("type", "")
        if qtype == "category":
            path = element.findtext("category/text", "").strip()
            if path.rstrip("/") == CATEGORY_ROOT:
                continue  # the parent of the article categories
            article = article_for(
                path, where=f"category “{path}”", bank=bank, named=named
            )
            continue
        number += 1
        if number > MAX_QUESTIONS:
            return bank, [TOO_MANY_QUESTIONS]
        name = element.findtext("name/text", "").strip()
        where = f"question {number} ({name})" if name else f"question {number}"
        parsed = read_answers(element, qtype)
        if isinstance(parsed, str):
            problems.append(f"{where}: {parsed}")
            continue
        kind, choices, answer = parsed
        moodle_question(
            article=article,
            where=where,
            name=element.findtext("idnumber", "").strip() or name,
            kind=kind,
            prompt=text_of(element.find("questiontext")),
            feedback=text_of(element.find("generalfeedback"), plain=feedback_text),
            choices=choices,
            number=answer,
            comments=[child.text or "" for child in element if child.tag is ET.Comment],
            problems=problems,
        )
    return bank, problems

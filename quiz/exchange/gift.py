"""Moodle's GIFT format: one question per blank-line-separated block.

    // [id:austin-reason] citing characters 228-352
    ::Why, according to Lloyd Austin, was the shift needed?::[html]Why, according to Lloyd … {
        =To counter changing Russian tactics
        ~To replace ageing US stocks
        ####[html]Lloyd Austin said …<br><br>From the article: “…”<br>— The National, “…”
    }

Texts are HTML (`[html]`), so nothing a teacher typed can turn into markup, and `~ = # { } :` and
the backslash are escaped with a backslash everywhere, as Moodle's documentation asks. The title
is the start of the prompt; the key is the ID number, in the comment where Moodle reads and writes
it. Multiple select is a multichoice question without `=`, whose right answers share 100% in
`~%…%` grades from Moodle's list, and whose wrong ones cost as much. Reading GIFT is meant for our
own exports; anything else that Moodle accepts is read as far as it maps onto our kinds.
"""

import re
from collections.abc import Iterator

from quiz.exchange.bank import (
    MAX_QUESTIONS,
    TOO_MANY_QUESTIONS,
    Bank,
    BankArticle,
    number_text,
)
from quiz.exchange.moodle import (
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

SPECIAL = "\\~=#{}:"
# Escaped characters become these (Unicode non-characters) while a block is cut into parts.
PLACEHOLDERS = {
    "\\": "\ufdd0",
    "~": "\ufdd1",
    "=": "\ufdd2",
    "#": "\ufdd3",
    "{": "\ufdd4",
    "}": "\ufdd5",
    ":": "\ufdd6",
    "n": "\ufdd7",
}
RESTORE = str.maketrans(
    {held: ("\n" if char == "n" else char) for char, held in PLACEHOLDERS.items()}
)
ESCAPED = re.compile(r"\\(.)", re.DOTALL)
FORMAT = re.compile(r"\[(html|moodle|plain|markdown)\]")
WEIGHT = re.compile(r"%(-?\d+(?:\.\d+)?)%")
# Moodle reads a question's ID number from a "[id:…]" in the comment above it, and writes it there.
ID_NUMBER = re.compile(r"\[id:([^\]]+)\]")
HEADER = (
    "// FactQuiz question bank in Moodle's GIFT format. Each article is a question category;\n"
    "// each question's general feedback carries the explanation and the article's words."
)


# --- Writing ------------------------------------------------------------------------------------


def escape(text: str) -> str:
    return "".join(f"\\{char}" if char in SPECIAL else char for char in text)


def gift_markup(markup: str) -> str:
    """HTML for an answer or feedback; a leading "[" would otherwise be read as a format."""
    return escape(f"[html]{markup}" if markup.startswith("[") else markup)


def gift_answers(question: Question, choices: list[Choice]) -> list[str]:
    if question.kind == Question.Kind.NUMERIC:
        return [f"#{number_text(question.numeric_answer)}"]
    if question.kind == Question.Kind.TRUE_FALSE:
        true = any(c.is_correct and c.text.casefold() == "true" for c in choices)
        return ["TRUE" if true else "FALSE"]
    answers = []
    for choice, grade in zip(choices, fractions(question, choices), strict=True):
        text = gift_markup(html_text(choice.text))
        if question.kind == Question.Kind.MULTIPLE_SELECT:
            answers.append(f"~%{grade}%{text}")
        elif choice.is_correct:
            answers.append(f"={text}")
        else:
            # A wrong answer starting with "%" gets its 0% spelled out, not read as a grade.
            answers.append(f"~%0%{text}" if text.startswith("%") else f"~{text}")
    return answers


def gift_question(question: Question, choices: list[Choice]) -> str:
    lines = [
        f"// [id:{question.key}] {citing_comment(question)}",
        # Moodle strips tags from names and shows them as HTML: escaped, they show as typed.
        f"::{escape(html_text(question_name(question)))}::"
        f"[html]{escape(html_text(question.prompt))} {{",
        *(f"\t{answer}" for answer in gift_answers(question, choices)),
        f"\t####{gift_markup(feedback_html(question))}",
        "}",
    ]
    return "\n".join(lines)


def dump_gift(bank: Bank) -> str:
    blocks = [HEADER]
    if missing := left_out(bank):
        blocks.append(
            "\n".join(f"// Left out: {' '.join(line.split())}" for line in missing)
        )
    for item in bank.articles:
        title = " ".join(item.article.title.split())
        blocks.append(f"// {title}\n$CATEGORY: {category_path(item.article)}")
        blocks += [
            gift_question(entry.question, entry.choices) for entry in exported(item)
        ]
    return xml_safe_text("\n\n".join(blocks) + "\n")


# --- Reading ------------------------------------------------------------------------------------


def protect(text: str) -> str:
    return ESCAPED.sub(lambda found: PLACEHOLDERS.get(found[1], found[0]), text)


def restore(text: str) -> str:
    return text.translate(RESTORE)


def read_text(
    markup: str, default: str = "moodle", *, plain=plain_text
) -> tuple[str, str]:
    """The format and plain text (made by `plain` from HTML) of a protected piece of GIFT, as
    Moodle would read it."""
    markup = markup.strip()
    text_format = default
    if (found := FORMAT.match(markup)) is not None:
        text_format, markup = found[1], markup[found.end() :]
    text = restore(markup).strip()
    return text_format, plain(text) if text_format in ("html", "moodle") else text


def gift_blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """Blocks of non-blank lines, each with the number of its first line."""
    block: list[str] = []
    first = 0
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if line.strip():
            if not block:
                first = number
            block.append(line)
        elif block:
            yield first, block
            block = []
    if block:
        yield first, block


def read_answers(answers: str, text_format: str) -> tuple[str, list, str | None] | str:
    """Kind, choices and number from the part between the braces, or what is wrong with it."""
    if answers.startswith("#"):
        value = answers[1:].split("#", 1)[0].strip()
        if any(mark in value for mark in ("=", "~", "..")):
            return "only numerical questions with one exact number can be imported."
        number, _, tolerance = value.partition(":")
        if tolerance.strip() and numeric_value(restore(tolerance)) != 0:
            return "the numerical answer has a tolerance; ours must be exact."
        return Question.Kind.NUMERIC, [], restore(number).strip()
    if "~" in answers:
        kind = (
            Question.Kind.SINGLE_CHOICE
            if "=" in answers
            else Question.Kind.MULTIPLE_SELECT
        )
        choices = []
        for answer in answers.replace("=", "~=").split("~"):
            answer = answer.strip()
            if not answer:
                continue
            if answer.startswith("="):
                right, answer = True, answer[1:]
            elif (weight := WEIGHT.match(answer)) is not None:
                right, answer = float(weight[1]) > 0, answer[weight.end() :]
            else:
                right = False
            choices.append((read_text(answer.split("#", 1)[0], text_format)[1], right))
        return kind, choices, None
    verdict = answers.split("#", 1)[0].strip()
    if verdict in ("T", "TRUE", "F", "FALSE"):
        return (
            Question.Kind.TRUE_FALSE,
            true_false_choices(verdict.startswith("T")),
            None,
        )
    return (
        "short-answer, matching, missing-word and essay questions have no equivalent here: "
        "only multiple choice, true/false and numerical questions can be imported."
    )


def parse_gift(text: str) -> tuple[Bank, list[str]]:
    bank, problems = Bank(), []
    article, number = None, 0
    named: dict[str, BankArticle] = {}
    for line_number, lines in gift_blocks(text):
        comments = [line.strip()[2:] for line in lines if line.strip().startswith("//")]
        body = "\n".join(line for line in lines if not line.strip().startswith("//"))
        body = protect(body.strip())
        if not body:
            continue
        if body.startswith("$CATEGORY:"):
            article = article_for(
                restore(body.removeprefix("$CATEGORY:")),
                where=f"line {line_number}",
                bank=bank,
                named=named,
            )
            continue
        number += 1
        if number > MAX_QUESTIONS:
            return bank, [TOO_MANY_QUESTIONS]
        where = f"line {line_number} (question {number})"
        name = ""
        if body.startswith("::"):
            name, found, body = body[2:].partition("::")
            if not found:
                problems.append(f"{where}: the title has no closing “::”.")
                continue
        start = body.find("{")
        end = body.find("}", start + 1)
        if start == -1 or end == -1:
            problems.append(
                f"{where}: no answers between “{{” and “}}”; a brace is missing, or a special "
                "character in the text is not escaped with a backslash."
            )
            continue
        answers, separator, feedback = body[start + 1 : end].rpartition("####")
        if not separator:
            answers, feedback = feedback, ""
        after = body[end + 1 :]  # text after the answers: Moodle's missing-word format
        text_format, prompt = read_text(
            body[:start] + ("_____" + after if after.strip() else "")
        )
        parsed = read_answers(answers.strip(), text_format)
        if isinstance(parsed, str):
            problems.append(f"{where}: {parsed}")
            continue
        kind, choices, answer = parsed
        moodle_question(
            article=article,
            where=where,
            name=next(
                (found[1] for c in comments if (found := ID_NUMBER.search(c))),
                restore(name).strip(),
            ),
            kind=kind,
            prompt=prompt,
            feedback=read_text(feedback, text_format, plain=feedback_text)[1],
            choices=choices,
            number=answer,
            comments=comments,
            problems=problems,
        )
    return bank, problems

"""Our own lossless JSON format: articles with their full text, questions with their citations,
choices and explanations, and quizzes with their settings and questions in order.

    {"format": "factquiz", "version": 1,
     "articles": [{"slug", "title", …, "text", "questions": [{"key", "kind", …,
                   "citation": {"start", "end", "quote"}, "choices": [{"text", "correct",
                   "position"}]}]}],
     "quizzes": [{"slug", "title", …, "questions": [[article_slug, question_key], …]}]}

Not carried: database ids, timestamps, owners and who changed a question's status; the importer
owns what it creates.
"""

import json
from typing import Any

from quiz.exchange.bank import (
    MAX_QUESTIONS,
    Bank,
    BankArticle,
    BankQuestion,
    BankQuiz,
    count_problems,
    number_text,
)
from quiz.exchange.fields import FLAG, NULL, REQUIRED, TEXT, WHOLE, listed, typed
from quiz.models import Article, Choice, Question, Quiz

FORMAT, VERSION = "factquiz", 1
# A bank nests seven deep (the file > articles > an article > questions > a question > choices >
# a choice); deeper nesting is refused before anything is read from it.
MAX_DEPTH = 10
TOO_DEEP = (
    "The JSON is nested too deeply to be a question bank: more than "
    f"{MAX_DEPTH} levels of lists and objects (a bank needs 7)."
)

ARTICLE_FIELDS = {
    "slug": (TEXT, REQUIRED),
    "title": (TEXT, REQUIRED),
    "title_is_added": (FLAG, False),
    "publisher": (TEXT, ""),
    "url": (TEXT, ""),
    "published_on": (TEXT + NULL, None),
    "date_is_approximate": (FLAG, False),
    "text": (TEXT, REQUIRED),
    "questions": ((list,), []),
}
BANK_FIELDS = {
    "format": (TEXT, REQUIRED),
    "version": (WHOLE, REQUIRED),
    "articles": ((list,), []),
    "quizzes": ((list,), []),
}
QUESTION_FIELDS = {
    "key": (TEXT, ""),
    "kind": (TEXT, REQUIRED),
    "prompt": (TEXT, REQUIRED),
    "explanation": (TEXT, REQUIRED),
    "status": (TEXT, Question.Status.DRAFT),
    "origin": (TEXT, Question.Origin.HAND_WRITTEN),
    "rule": (TEXT, ""),
    "review_notes": (TEXT, ""),
    "numeric_answer": (TEXT + NULL, None),
    "citation": ((dict,), REQUIRED),
    "choices": ((list,), []),
}
CITATION_FIELDS = {
    "start": (WHOLE + NULL, None),
    "end": (WHOLE + NULL, None),
    "quote": (TEXT, REQUIRED),
}
CHOICE_FIELDS = {
    "text": (TEXT, REQUIRED),
    "correct": (FLAG, REQUIRED),
    "position": (WHOLE + NULL, None),
}
QUIZ_FIELDS = {
    "slug": (TEXT, REQUIRED),
    "title": (TEXT, REQUIRED),
    "description": (TEXT, ""),
    "published": (FLAG, False),
    "shuffle_questions": (FLAG, False),
    "shuffle_choices": (FLAG, True),
    "feedback": (TEXT, Quiz.Feedback.AFTER_EACH),
    "max_attempts": (WHOLE + NULL, None),
    "time_limit_minutes": (WHOLE + NULL, None),
    "pass_mark": (WHOLE + NULL, None),
    "pass_message": (TEXT, ""),
    "fail_message": (TEXT, ""),
    "questions": ((list,), []),
}


# --- Writing ------------------------------------------------------------------------------------


def question_data(entry: BankQuestion) -> dict[str, Any]:
    question = entry.question
    return {
        "key": question.key,
        "kind": question.kind,
        "prompt": question.prompt,
        "explanation": question.explanation,
        "status": question.status,
        "origin": question.origin,
        "rule": question.rule,
        "review_notes": question.review_notes,
        "numeric_answer": None
        if question.numeric_answer is None
        else number_text(question.numeric_answer),
        "citation": {
            "start": question.citation_start,
            "end": question.citation_end,
            "quote": question.citation_quote,
        },
        "choices": [
            {
                "text": choice.text,
                "correct": choice.is_correct,
                "position": choice.position,
            }
            for choice in entry.choices
        ],
    }


def fields_of(obj: Any, names: dict) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names if name != "questions"}


def dump_json(bank: Bank) -> str:
    articles = []
    for item in bank.articles:
        data = fields_of(item.article, ARTICLE_FIELDS)
        if data["published_on"] is not None:
            data["published_on"] = data["published_on"].isoformat()
        data["questions"] = [question_data(entry) for entry in item.questions]
        articles.append(data)
    quizzes = [
        fields_of(item.quiz, QUIZ_FIELDS)
        | {"questions": [list(ref) for ref in item.questions]}
        for item in bank.quizzes
    ]
    data = {
        "format": FORMAT,
        "version": VERSION,
        "articles": articles,
        "quizzes": quizzes,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- Reading ------------------------------------------------------------------------------------


def read_question(
    data: Any, where: str, article: Article, problems: list[str]
) -> BankQuestion | None:
    before = len(problems)
    values = typed(data, QUESTION_FIELDS, where, problems)
    citation = values.pop("citation")
    if isinstance(citation, dict):
        citation = typed(citation, CITATION_FIELDS, f"{where}.citation", problems)
    choices = [
        typed(item, CHOICE_FIELDS, f"{where}.choices[{number}]", problems)
        for number, item in enumerate(listed(values.pop("choices")))
    ]
    if len(problems) > before:
        return None
    question = Question(
        article=article,
        citation_start=citation["start"],
        citation_end=citation["end"],
        citation_quote=citation["quote"],
        **values,
    )
    return BankQuestion(
        question,
        [
            Choice(
                text=choice["text"],
                is_correct=choice["correct"],
                position=number if choice["position"] is None else choice["position"],
            )
            for number, choice in enumerate(choices)
        ],
        where,
    )


def read_article(data: Any, where: str, problems: list[str]) -> BankArticle | None:
    """The article, with those of its questions that are well formed; None if it is not."""
    before = len(problems)
    values = typed(data, ARTICLE_FIELDS, where, problems)
    questions = listed(values.pop("questions"))
    broken = len(problems) > before
    item = BankArticle(article=Article(**values), where=where)
    for number, question in enumerate(questions):
        read = read_question(
            question, f"{where}.questions[{number}]", item.article, problems
        )
        if read is not None:
            item.questions.append(read)
    return None if broken else item


def read_quiz(data: Any, where: str, problems: list[str]) -> BankQuiz | None:
    before = len(problems)
    values = typed(data, QUIZ_FIELDS, where, problems)
    refs = listed(values.pop("questions"))
    if not all(
        isinstance(ref, list)
        and len(ref) == 2
        and all(isinstance(part, str) for part in ref)
        for ref in refs
    ):
        problems.append(
            f"{where}: each question is listed as [article slug, question key]."
        )
    if len(problems) > before:
        return None
    return BankQuiz(Quiz(**values), [tuple(ref) for ref in refs], where)


def nesting_depth(data: Any) -> int:
    """How deeply lists and objects nest in parsed JSON, counted without recursion."""
    deepest, pending = 0, [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        pending.extend((child, depth + 1) for child in value)
    return deepest


def over_limits(articles: list, quizzes: list) -> list[str]:
    """The bank's limits, checked on the parsed lists before any item is read: reading and
    checking 4 MB of empty question objects took 31 s and listed 4,000,000 problems. Choices
    are counted question by question only when the questions are within their limit."""
    readable = [
        (a, article) for a, article in enumerate(articles) if isinstance(article, dict)
    ]
    questions = sum(len(listed(article.get("questions"))) for _, article in readable)
    choices = (
        (f"articles[{a}].questions[{q}]", len(listed(question.get("choices"))))
        for a, article in readable
        for q, question in enumerate(listed(article.get("questions")))
        if isinstance(question, dict)
    )
    return count_problems(
        articles=len(articles),
        questions=questions,
        quizzes=len(quizzes),
        entries=sum(
            len(listed(quiz.get("questions")))
            for quiz in quizzes
            if isinstance(quiz, dict)
        ),
        choices=choices if questions <= MAX_QUESTIONS else (),
    )


def parse_json(text: str) -> tuple[Bank, list[str]]:
    bank = Bank()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return bank, [
            f"line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})."
        ]
    except RecursionError:
        return bank, [TOO_DEEP]
    except ValueError:
        # An integer of more than 4,300 digits: Python refuses to convert it (CVE-2020-10735).
        return bank, ["not valid JSON: a number in it is too long."]
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return bank, [
            'This JSON is not a FactQuiz question bank (it lacks "format": "factquiz").'
        ]
    if data.get("version") != VERSION:
        return bank, [
            f"This bank is version {data.get('version')!r}; this FactQuiz reads version {VERSION}."
        ]
    problems: list[str] = []
    top = typed(data, BANK_FIELDS, "the file", problems)
    # The counts first: they read a fixed few levels, while the nesting check walks every
    # value (seconds for a million).
    if over := over_limits(listed(top["articles"]), listed(top["quizzes"])):
        return bank, over
    if nesting_depth(data) > MAX_DEPTH:
        return bank, [TOO_DEEP]
    for index, item in enumerate(listed(top["articles"])):
        article = read_article(item, f"articles[{index}]", problems)
        if article is not None:
            bank.articles.append(article)
    for index, item in enumerate(listed(top["quizzes"])):
        quiz = read_quiz(item, f"quizzes[{index}]", problems)
        if quiz is not None:
            bank.quizzes.append(quiz)
    return bank, problems

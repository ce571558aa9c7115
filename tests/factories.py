"""Keyword-only factories for test data. Defaults make a small, valid, published quiz."""

from itertools import count

from django.contrib.auth.models import User
from django.test import Client

from quiz.admin.teachers_group import ensure_teachers_group
from quiz.models import (
    Article,
    Assignment,
    Attempt,
    Choice,
    Question,
    Quiz,
    QuizEntry,
)

ARTICLE_TEXT = (
    "The river council said on Monday it will build 12 new bridges before 2030.\n"
    "Mayor Ana Ruiz said the first bridge would open in the spring. “We cannot wait,” she said.\n"
    "Critics from the Cyclists' Union called the plan “too slow” and asked for 20 bridges."
)
_numbers = count(1)


def make_article(
    *,
    text: str = ARTICLE_TEXT,
    title: str = "",
    publisher: str = "The Daily Test",
    **fields,
) -> Article:
    number = next(_numbers)
    return Article.objects.create(
        text=text,
        title=title or f"Test article {number}",
        slug=fields.pop("slug", f"test-article-{number}"),
        publisher=publisher,
        **fields,
    )


def make_question(
    *,
    article: Article | None = None,
    kind: str = Question.Kind.SINGLE_CHOICE,
    prompt: str = "How many new bridges will the council build?",
    choices: list[tuple[str, bool]] | None = None,
    quote: str = "The river council said on Monday it will build 12 new bridges before 2030.",
    explanation: str = "The council said it will build 12 new bridges.",
    status: str = Question.Status.PUBLISHED,
    **fields,
) -> Question:
    article = article or make_article()
    if choices is None:
        choices = {
            Question.Kind.SINGLE_CHOICE: [
                ("12", True),
                ("8", False),
                ("20", False),
                ("30", False),
            ],
            Question.Kind.MULTIPLE_SELECT: [
                ("Ana Ruiz", True),
                ("Cyclists' Union", True),
                ("Bob Lee", False),
                ("Port Authority", False),
            ],
            Question.Kind.TRUE_FALSE: [("True", True), ("False", False)],
            Question.Kind.NUMERIC: [],
        }[kind]
    if kind == Question.Kind.NUMERIC:
        fields.setdefault("numeric_answer", 12)
    start = article.text.index(quote)
    question = Question.objects.create(
        article=article,
        kind=kind,
        prompt=prompt,
        explanation=explanation,
        citation_start=start,
        citation_end=start + len(quote),
        citation_quote=quote,
        status=status,
        **fields,
    )
    Choice.objects.bulk_create(
        Choice(question=question, text=text, is_correct=correct, position=position)
        for position, (text, correct) in enumerate(choices)
    )
    return question


def make_quiz(
    *,
    questions: list[Question] | None = None,
    question_count: int = 3,
    published: bool = True,
    title: str = "",
    article: Article | None = None,
    **fields,
) -> Quiz:
    number = next(_numbers)
    quiz = Quiz.objects.create(
        title=title or f"Test quiz {number}",
        slug=f"test-quiz-{number}",
        published=published,
        **fields,
    )
    if questions is None:
        article = article or make_article()
        questions = [
            make_question(article=article, prompt=f"Question {i}: how many bridges?")
            for i in range(1, question_count + 1)
        ]
    QuizEntry.objects.bulk_create(
        QuizEntry(quiz=quiz, question=question, position=position)
        for position, question in enumerate(questions, start=1)
    )
    return quiz


def start_attempt(*, client: Client, quiz: Quiz, display_name: str = "") -> Attempt:
    """Start an attempt the way a student does, so it belongs to this client's browser session."""
    response = client.post(quiz.get_absolute_url(), {"display_name": display_name})
    assert response.status_code == 302, response.content
    return Attempt.objects.filter(quiz=quiz).latest("started_at")


def choice_id(question: Question, text: str) -> int:
    return question.choices.get(text=text).pk


def make_assignment(*, quiz: Quiz | None = None, title: str = "Class 9B") -> Assignment:
    """An open assignment of an unpublished quiz (as a class's usually is), with its own teacher."""
    teacher = User.objects.create_user(f"teacher-{next(_numbers)}")
    return Assignment.objects.create(
        quiz=quiz or make_quiz(published=False), title=title, owner=teacher
    )


def make_teacher(*, username: str = "teacher") -> User:
    """A staff account in the Teachers group, with exactly a teacher's permissions."""
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(ensure_teachers_group())
    return user

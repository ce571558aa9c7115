"""How questions and quizzes are named where a teacher picks them."""

from django.utils.html import format_html

from quiz.models import (
    Question,
    Quiz,
)


def question_label(question: Question) -> str:
    """A question as a teacher picks it for a quiz: status and article first, because prompts
    from different articles read alike and a draft is never asked."""
    return f"[{question.get_status_display()}] {question.article} — {question}"


def status_badge(question: Question) -> str:
    return format_html(
        '<span class="status status-{}">{}</span>',
        question.status,
        question.get_status_display(),
    )


def quiz_choice_label(quiz: Quiz) -> str:
    """A quiz as a teacher chooses it: with how many of its questions students would get."""
    return f"{quiz} — questions: {quiz.published_of_total()}"

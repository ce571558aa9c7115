"""The quiz's models, one module per idea; import them from here."""

from quiz.models.articles import (
    Article,
    ArticleQuerySet,
    Choice,
    Correctness,
    Question,
    QuestionQuerySet,
    format_number,
    numeric_value,
    random_choice_id,
)
from quiz.models.attempts import AnswerRefused, Attempt, AttemptQuerySet, Response
from quiz.models.quizzes import Quiz, QuizEntry, QuizQuerySet

__all__ = [
    "AnswerRefused",
    "Article",
    "ArticleQuerySet",
    "Attempt",
    "AttemptQuerySet",
    "Choice",
    "Correctness",
    "Question",
    "QuestionQuerySet",
    "Quiz",
    "QuizEntry",
    "QuizQuerySet",
    "Response",
    "format_number",
    "numeric_value",
    "random_choice_id",
]

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
from quiz.models.attempts import (
    ALREADY_ANSWERED,
    AnswerOutcome,
    AnswerRefused,
    Attempt,
    AttemptQuerySet,
    AttemptQuestion,
    ChosenChoice,
    Response,
)
from quiz.models.content import ContentVersion
from quiz.models.quizzes import (
    Assignment,
    AssignmentQuerySet,
    Quiz,
    QuizEntry,
    QuizQuerySet,
    StartRefused,
    normalise_join_code,
)
from quiz.models.rate_counter import RateCounter

__all__ = [
    "ALREADY_ANSWERED",
    "AnswerOutcome",
    "AnswerRefused",
    "Article",
    "Assignment",
    "AssignmentQuerySet",
    "ArticleQuerySet",
    "Attempt",
    "AttemptQuerySet",
    "AttemptQuestion",
    "Choice",
    "ChosenChoice",
    "ContentVersion",
    "Correctness",
    "Question",
    "QuestionQuerySet",
    "Quiz",
    "QuizEntry",
    "QuizQuerySet",
    "RateCounter",
    "Response",
    "StartRefused",
    "normalise_join_code",
    "format_number",
    "numeric_value",
    "random_choice_id",
]

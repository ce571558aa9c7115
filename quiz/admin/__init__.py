"""The teachers' side, one module per model family: articles, questions, quizzes, assignments and
attempts. Pages that are not a model's change form (results, CSV, charts) are built in
`quiz.results`; the admin only shows them. The site itself is `quiz.admin_site.QuizAdminSite`."""

from quiz.admin import articles, assignments, attempts, questions, quizzes

__all__ = ["articles", "assignments", "attempts", "questions", "quizzes"]

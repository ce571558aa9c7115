"""Quizzes: ordered questions from one or more articles, and how they are given to students."""

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse

from quiz.models.articles import Article, ArticleQuerySet, Question, QuestionQuerySet

if TYPE_CHECKING:
    from quiz.models.attempts import Attempt

# --- Quizzes --------------------------------------------------------------------------------------


class QuizQuerySet(models.QuerySet):
    def published(self) -> "QuizQuerySet":
        return self.filter(published=True)

    def with_question_count(self) -> "QuizQuerySet":
        return self.annotate(
            question_count=Count(
                "entries", filter=Q(entries__question__status=Question.Status.PUBLISHED)
            )
        )


class Quiz(models.Model):
    title = models.CharField(
        max_length=200, help_text="Shown to students on the home page."
    )
    slug = models.SlugField(
        max_length=100, unique=True, help_text="Short name used in web addresses."
    )
    description = models.TextField(
        blank=True, help_text="One or two sentences for students."
    )
    published = models.BooleanField(
        default=False,
        help_text="Published quizzes are listed on the home page and can be taken.",
    )
    questions = models.ManyToManyField(
        Question, through="QuizEntry", related_name="quizzes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuizQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "quizzes"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quiz:quiz", kwargs={"slug": self.slug})

    def published_questions(self) -> QuestionQuerySet:
        return self.questions.published().order_by(
            "quiz_entries__position", "quiz_entries__pk"
        )

    def articles(self) -> ArticleQuerySet:
        return Article.objects.filter(
            questions__in=self.published_questions().values("pk")
        ).distinct()

    def start_attempt(self, *, browser_id: str, display_name: str = "") -> "Attempt":
        from quiz.models.attempts import Attempt

        question_ids = list(self.published_questions().values_list("pk", flat=True))
        return Attempt.objects.create(
            quiz=self,
            browser_id=browser_id,
            display_name=display_name,
            question_ids=question_ids,
        )


class QuizEntry(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="entries")
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="quiz_entries"
    )
    position = models.PositiveIntegerField(
        default=0, help_text="Questions are asked in this order."
    )

    class Meta:
        ordering = ["quiz", "position", "pk"]
        verbose_name = "question in quiz"
        verbose_name_plural = "questions in quiz"
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "question"], name="unique_question_per_quiz"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.question}"

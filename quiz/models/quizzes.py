"""Quizzes: ordered questions from one or more articles, their settings, and assignments that give
them to a class."""

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from quiz.models.articles import Article, ArticleQuerySet, Question, QuestionQuerySet
from quiz.models.conditions import holds
from quiz.models.content import AnyUser, ContentModel, TeacherOwnedQuerySet


class StartRefused(Exception):
    """An attempt that cannot be started; the message is meant for the student."""


# --- Quizzes --------------------------------------------------------------------------------------


class QuizQuerySet(TeacherOwnedQuerySet):
    def published(self) -> "QuizQuerySet":
        return self.filter(published=True)

    def with_question_count(self) -> "QuizQuerySet":
        return self.annotate(
            question_count=Count(
                "entries", filter=Q(entries__question__status=Question.Status.PUBLISHED)
            )
        )

    def with_question_tally(self) -> "QuizQuerySet":
        """Each quiz's published questions beside all its questions, for "3 of 30 published"
        wherever a teacher chooses a quiz (drafts and retired questions are never asked)."""
        return self.annotate(
            published_question_count=Count(
                "entries", filter=Q(entries__question__status=Question.Status.PUBLISHED)
            ),
            entry_count=Count("entries"),
        )


class Quiz(ContentModel):
    class Feedback(models.TextChoices):
        AFTER_EACH = "after_each", "After each question"
        AT_END = "at_end", "Only at the end"

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
        help_text="Published quizzes are listed on the home page and can be taken by anyone; "
        "an unpublished quiz can still be given to a class through an assignment.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quizzes",
        help_text="The teacher who made it; quizzes without an owner are shared with every teacher.",
    )
    questions: "models.ManyToManyField[Question, QuizEntry]" = models.ManyToManyField(
        Question, through="QuizEntry", related_name="quizzes"
    )
    shuffle_questions = models.BooleanField(
        default=False,
        help_text="Ask the questions in a different order for each attempt.",
    )
    shuffle_choices = models.BooleanField(
        default=True,
        help_text="Show the choices in a different order for each attempt (true/false and numbers "
        "keep their natural order).",
    )
    feedback = models.CharField(
        max_length=20,
        choices=Feedback,
        default=Feedback.AFTER_EACH,
        help_text="When students see whether they were right, the explanation and the citation.",
    )
    max_attempts = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="How many attempts a student may make in one browser; empty for no limit.",
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        "time limit (minutes)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
        help_text="Answers after the limit are refused; empty for no limit.",
    )
    pass_mark = models.PositiveSmallIntegerField(
        "pass mark (%)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="The percentage needed to pass; empty for none.",
    )
    pass_message = models.CharField(
        max_length=300,
        blank=True,
        help_text="Shown on the results page to students who pass.",
    )
    fail_message = models.CharField(
        max_length=300,
        blank=True,
        help_text="Shown on the results page to students below the pass mark.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuizQuerySet.as_manager()  # type: ignore[misc]  # as Article's

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "quizzes"
        constraints = [
            models.CheckConstraint(
                name="pass_mark_is_a_percentage",
                condition=Q(pass_mark__isnull=True) | Q(pass_mark__lte=100),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quiz:quiz", kwargs={"slug": self.slug})

    @property
    def feedback_after_each(self) -> bool:
        return self.feedback == self.Feedback.AFTER_EACH

    def published_questions(self) -> QuestionQuerySet:
        return (
            Question.objects.filter(quizzes=self)
            .published()
            .order_by("quiz_entries__position", "quiz_entries__pk")
        )

    def published_of_total(self) -> str:
        """How many of its questions students are asked, as "3 of 30 published"; read from
        `with_question_tally()` when the quiz came from it."""
        if hasattr(self, "published_question_count") and hasattr(self, "entry_count"):
            published, total = self.published_question_count, self.entry_count
        else:
            published, total = self.published_questions().count(), self.entries.count()
        return f"{published} of {total} published"

    def refuses_draft(self, question: Question) -> bool:
        """A published quiz takes no drafts: students are asked only published questions, so
        it would silently be shorter than the teacher believes. An unpublished quiz may hold
        drafts while it is built. Retired questions may stay: retiring is how a teacher takes
        a question out of a quiz that classes already use."""
        return self.published and question.status == Question.Status.DRAFT

    def draft_refusal(self, questions: Sequence[Question]) -> str:
        """Why this quiz may not hold these questions (see `refuses_draft`); empty when it may."""
        drafts = [question for question in questions if self.refuses_draft(question)]
        if not drafts:
            return ""
        named = "; ".join(f"“{question}” ({question.article})" for question in drafts)
        are_drafts = "is a draft" if len(drafts) == 1 else "are drafts"
        return (
            f"A published quiz asks only published questions, and {len(drafts)} of these "
            f"{are_drafts} that students would not see: {named}. Publish them first (Questions, "
            "action “Publish selected questions”), remove them from the quiz, or untick "
            "“Published” while you build the quiz."
        )

    def add_questions(self, questions: Iterable[Question]) -> "QuestionsAdded":
        """Append the questions at the end of the quiz, each at most once. Retired questions are
        left out, and so are drafts when the quiz is published (see `refuses_draft`)."""
        in_quiz = set(self.entries.values_list("question_id", flat=True))
        added, already_in_quiz, left_out = [], [], []
        for question in questions:
            if question.pk in in_quiz:
                already_in_quiz.append(question)
            elif question.status == Question.Status.RETIRED or self.refuses_draft(
                question
            ):
                left_out.append(question)
            else:
                added.append(question)
                in_quiz.add(question.pk)
        last = self.entries.aggregate(last=Max("position"))["last"] or 0
        # A question added meanwhile by another request is skipped, not an error.
        QuizEntry.objects.bulk_create(
            [
                QuizEntry(quiz=self, question=question, position=position)
                for position, question in enumerate(added, start=last + 1)
            ],
            ignore_conflicts=True,
        )
        return QuestionsAdded(
            quiz=self, added=added, already_in_quiz=already_in_quiz, left_out=left_out
        )

    def articles(self) -> ArticleQuerySet:
        return Article.objects.filter(
            questions__in=self.published_questions().values("pk")
        ).distinct()

    def pass_mark_met(self, percentage: int) -> bool | None:
        return None if self.pass_mark is None else percentage >= self.pass_mark


@dataclass(frozen=True)
class QuestionsAdded:
    """What `Quiz.add_questions` did, told to the teacher in one message."""

    quiz: Quiz
    added: list[Question]
    already_in_quiz: list[Question]
    left_out: list[Question]

    def summary(self) -> str:
        drafts = sum(q.status == Question.Status.DRAFT for q in self.added)
        parts = [f"Added {len(self.added)} question(s) to “{self.quiz}”."]
        if drafts:
            parts.append(
                "1 of them is a draft: students see it only once you publish it."
                if drafts == 1
                else f"{drafts} of them are drafts: students see them only once you "
                "publish them."
            )
        if self.already_in_quiz:
            parts.append(
                f"{len(self.already_in_quiz)} already in the quiz, not added twice."
            )
        retired = sum(q.status == Question.Status.RETIRED for q in self.left_out)
        if retired:
            parts.append(f"{retired} retired, not added.")
        if len(self.left_out) > retired:
            parts.append(
                f"{len(self.left_out) - retired} draft(s) not added: the quiz is published, "
                "and a published quiz asks only published questions. Publish them first."
            )
        return " ".join(parts)


class QuizEntry(ContentModel):
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


# --- Assignments ----------------------------------------------------------------------------------

# No 0/O, 1/I/L: codes are read aloud and copied from a board.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(typed: str) -> str:
    """What a student typed, as the stored code: "abc-23x" → "ABC23X"."""
    return "".join(character for character in typed.upper() if character.isalnum())


class AssignmentQuerySet(models.QuerySet):
    def owned_by(self, user: AnyUser) -> "AssignmentQuerySet":
        """Results belong to the teacher who set the assignment; superusers see all."""
        return self if user.is_superuser else self.filter(owner=user)

    def with_code(self, typed: str) -> "AssignmentQuerySet":
        """The assignment a student's typed code names, with its quiz."""
        return self.select_related("quiz").filter(code=normalise_join_code(typed))

    def open(self) -> "AssignmentQuerySet":
        return self.filter(Assignment.open_condition(timezone.now()))


class Assignment(models.Model):
    quiz = models.ForeignKey(
        Quiz,
        on_delete=models.PROTECT,
        related_name="assignments",
        help_text="The quiz the class takes.",
    )
    title = models.CharField(
        max_length=200, help_text="Who it is for, e.g. “Class 9B, week 3”."
    )
    code = models.CharField(
        "join code",
        max_length=12,
        unique=True,
        default=new_join_code,
        editable=False,
        help_text="Students type this code, with their name, to join.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assignments",
        help_text="The teacher who sees the results.",
    )
    closes_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Answers are refused after this time; empty to close by hand.",
    )
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.quiz})"

    def get_absolute_url(self) -> str:
        return reverse("quiz:join_code", kwargs={"code": self.code})

    def clean(self) -> None:
        if self.quiz_id is None:
            return
        if not self.quiz.published_questions().exists():
            raise ValidationError(
                {
                    "quiz": f"“{self.quiz}” has no published questions "
                    f"({self.quiz.published_of_total()}), so students who join would have "
                    "nothing to answer. Publish its questions first (Questions, action "
                    "“Publish selected questions”), or choose another quiz."
                }
            )

    @staticmethod
    def open_condition(now: datetime) -> Q:
        """The one rule for "this assignment takes students": not closed by the teacher, and its
        closing time, if any, still ahead. `AssignmentQuerySet.open()` filters by it, `is_open_at`
        asks it of one assignment, and the statement that counts an answer compiles it
        (`quiz.models.sql`): a change here reaches all three."""
        return Q(closed_at__isnull=True) & (
            Q(closes_at__isnull=True) | Q(closes_at__gt=now)
        )

    def is_open_at(self, now: datetime) -> bool:
        return holds(self.open_condition(now), self)

    @property
    def is_open(self) -> bool:
        return self.is_open_at(timezone.now())

    def close(self) -> None:
        Assignment.objects.filter(pk=self.pk, closed_at__isnull=True).update(
            closed_at=timezone.now()
        )
        self.refresh_from_db(fields=["closed_at"])

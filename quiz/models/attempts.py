"""Attempts: a student's run through a quiz, and the answers that count once."""

import random
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import Any, Protocol

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from quiz.models import sql
from quiz.models.articles import Choice, Correctness, Question, format_number
from quiz.models.content import AnyUser, ContentVersion
from quiz.models.question_cache import question_cache
from quiz.models.quizzes import Assignment, Quiz, StartRefused, new_join_code

# --- Attempts -------------------------------------------------------------------------------------


class Shown(Protocol):
    """A choice as a page shows it: a Choice, or the view's copy of one."""

    @property
    def text(self) -> str: ...


class AnswerRefused(Exception):
    """An answer that cannot be recorded; the message is meant for the student."""


ALREADY_ANSWERED = "You have already answered this question: your first answer counts."


@dataclass(frozen=True)
class AnswerOutcome:
    """One question of an attempt as its page shows it after a view or an answer: the answer that
    stands (None before the first), the choices it chose, and why a new answer was not counted,
    if it was not. `refused` when the attempt takes no answers any more (finished, out of time,
    assignment closed)."""

    response: "Response | None" = None
    chosen_ids: frozenset[int] = frozenset()
    message: str = ""
    refused: bool = False

    @classmethod
    def scored_only(
        cls,
        question: Question,
        *,
        chosen: Sequence[Choice] = (),
        number: Decimal | None = None,
    ) -> "AnswerOutcome":
        """An answer scored but stored nowhere, as a teacher's preview shows it."""
        correctness, points = question.score(chosen=chosen, number=number)
        response = Response(correctness=correctness, points=points, number=number)
        return cls(response=response, chosen_ids=frozenset(c.pk for c in chosen))


class AttemptQuerySet(models.QuerySet):
    def owned_by(self, browser_id: str | None) -> "AttemptQuerySet":
        """Attempts started in this browser: no other browser can see or answer them."""
        if not browser_id:
            return self.none()
        return self.filter(browser_id=browser_id)

    def results_for(self, user: AnyUser) -> "AttemptQuerySet":
        """The attempts whose results this teacher may see: those on their assignments and, outside
        assignments, on their own quizzes. Superusers see all."""
        if user.is_superuser:
            return self
        return self.filter(
            Q(assignment__owner=user) | Q(assignment__isnull=True, quiz__owner=user)
        )

    def owned(
        self, attempt_id: uuid.UUID | str | None, browser_id: str | None
    ) -> "Attempt | None":
        """The attempt with this id if this browser started it, with its quiz, its assignment
        and the content version, in one hand-written query: every student request reads it (see
        `quiz.models.sql`)."""
        if not browser_id:
            return None
        try:
            attempt_id = uuid.UUID(str(attempt_id))
        except ValueError:
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                sql.owned_attempt_with_quiz_and_version(
                    Attempt, Quiz, Assignment, ContentVersion
                ),
                [sql.pk_value(Attempt, attempt_id), browser_id],
            )
            row = cursor.fetchone()
        if row is None:
            return None
        attempt_end = sql.field_count(Attempt)
        quiz_end = attempt_end + sql.field_count(Quiz)
        attempt = sql.instance(Attempt, row[:attempt_end])
        attempt.quiz = sql.instance(Quiz, row[attempt_end:quiz_end])
        if attempt.assignment_id is not None:
            attempt.assignment = sql.instance(Assignment, row[quiz_end:-1])
        attempt.content_version = row[-1]
        return attempt

    def start(
        self,
        quiz: Quiz,
        *,
        browser_id: str,
        display_name: str = "",
        assignment: Assignment | None = None,
        preview: bool = False,
    ) -> "Attempt":
        """A new attempt on the quiz's published questions, or StartRefused saying why not."""
        if assignment is not None and not assignment.is_open:
            raise StartRefused(
                "This assignment is closed, so it can no longer be started."
            )
        # A cap per join code, so that a code posted online cannot fill the database. Parallel
        # starts may pass it by the few in flight; it bounds a flood, not a class.
        if (
            assignment is not None
            and not preview
            and self.filter(assignment=assignment, is_preview=False).count()
            >= settings.ATTEMPTS_PER_ASSIGNMENT
        ):
            raise StartRefused(
                f"This assignment has reached its limit of {settings.ATTEMPTS_PER_ASSIGNMENT} "
                "attempts, so it cannot be started again: tell your teacher."
            )
        if quiz.max_attempts and not preview:
            used = self.filter(
                quiz=quiz,
                browser_id=browser_id,
                assignment=assignment,
                is_preview=False,
            ).count()
            if used >= quiz.max_attempts:
                raise StartRefused(
                    f"You have used all {quiz.max_attempts} attempt(s) this quiz allows."
                )
        question_ids = list(quiz.published_questions().values_list("pk", flat=True))
        if not question_ids:
            raise StartRefused(
                "This quiz has no questions yet, so it cannot be started."
            )
        # A student who joined an assignment keeps one personal code for all their attempts:
        # with their name it continues them on another device (see the join view).
        personal_code = ""
        if assignment is not None and not preview:
            personal_code = (
                assignment.attempts.personal_code_of(display_name) or new_join_code()
            )
        attempt_id = uuid.uuid4()
        if quiz.shuffle_questions:
            random.Random(attempt_id.hex).shuffle(question_ids)
        started_at = timezone.now()
        return self.create(
            id=attempt_id,
            quiz=quiz,
            assignment=assignment,
            browser_id=browser_id,
            display_name=display_name,
            resume_code=personal_code,
            question_ids=question_ids,
            is_preview=preview,
            started_at=started_at,
            expires_at=(
                started_at + timedelta(minutes=quiz.time_limit_minutes)
                if quiz.time_limit_minutes
                else None
            ),
        )

    def move_to_browser(self, attempts: list["Attempt"], browser_id: str) -> "Attempt":
        """Hand a student's attempts (newest first) to another browser, which alone can open
        them from now on: one attempt is never answered from two screens at once, and the
        old browser can take them back with the same personal code. Returns the newest."""
        self.filter(pk__in=[attempt.pk for attempt in attempts]).update(
            browser_id=browser_id
        )
        for attempt in attempts:
            attempt.browser_id = browser_id
        return attempts[0]

    def counted(self) -> "AttemptQuerySet":
        """Attempts that count in results: teachers' previews do not."""
        return self.filter(is_preview=False)

    def of_student(self, name: str) -> "AttemptQuerySet":
        """One student's attempts, newest first, among an assignment's: there a name is one
        student, because joining under a name already taken asks for that student's personal
        code. Case is ignored, as a teacher reads names ("ada" is Ada)."""
        return self.counted().filter(display_name__iexact=name).order_by("-started_at")

    def personal_code_of(self, name: str) -> str:
        """The personal code of the student who joined an assignment under this name, if any."""
        codes = self.of_student(name).exclude(resume_code="")
        return codes.values_list("resume_code", flat=True).first() or ""


# reverse() takes about 15 µs, and a question page links to its own attempt three times or more:
# each attempt URL's shape is worked out with reverse() once per process, then filled in.
ANY_ATTEMPT = uuid.UUID(int=0)
ANY_POSITION = 97531


@cache
def attempt_url_shape(viewname: str, script_prefix: str) -> str:
    # reverse() puts the script prefix in front: it is part of the key.
    kwargs: dict[str, object] = {"attempt_id": ANY_ATTEMPT}
    if viewname == "quiz:question":
        kwargs["position"] = ANY_POSITION
    return reverse(viewname, kwargs=kwargs)


def attempt_url(
    viewname: str, attempt_id: uuid.UUID, position: int | None = None
) -> str:
    url = attempt_url_shape(viewname, get_script_prefix())
    # The position first: an attempt id may contain the digits of ANY_POSITION.
    if position is not None:
        url = url.replace(str(ANY_POSITION), str(int(position)))
    return url.replace(str(ANY_ATTEMPT), str(attempt_id))


def shuffle_by(items: list, number: int) -> None:
    """Fisher–Yates with the random draws taken from one large number (a 256-bit digest covers
    more orders than 50 choices have): the same number always gives the same order, at a fraction
    of the cost of seeding `random.Random`, which a question page would pay on every view."""
    for last in range(len(items) - 1, 0, -1):
        number, pick = divmod(number, last + 1)
        items[last], items[pick] = items[pick], items[last]


def clock(seconds: int) -> str:
    """Time left as a clock reads it: 9:05, or 1:02:05 past an hour (static/js/countdown.js writes
    the same)."""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return (
        f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
    )


class Attempt(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attempts",
        help_text="The class assignment this attempt was made for, if any.",
    )
    is_preview = models.BooleanField(
        default=False, help_text="A teacher's preview: never counted in results."
    )
    browser_id = models.CharField(
        max_length=64,
        db_index=True,
        help_text="Random id kept in the student's browser session.",
    )
    display_name = models.CharField(max_length=80, blank=True)
    resume_code = models.CharField(
        "personal code",
        max_length=12,
        blank=True,
        help_text="Shown to the student who joined an assignment: with their name, it continues "
        "their attempts on another device. The same for all of one student's attempts.",
    )
    # The questions as they stood when the attempt started, in order: edits to the quiz later
    # do not move a student's place.
    question_ids = models.JSONField(default=list)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the quiz's time limit runs out, if it has one.",
    )
    score = models.FloatField(default=0)
    answered_count = models.PositiveIntegerField(default=0)

    objects = AttemptQuerySet.as_manager()

    # Not a column: the content version read with the attempt by `Attempt.objects.owned()`, under
    # which its questions may come from the per-process cache; None (read them from the database)
    # for an attempt loaded any other way.
    content_version: int | None = None

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                name="score_not_negative", condition=Q(score__gte=0)
            ),
        ]

    def __str__(self) -> str:
        who = self.display_name or "Anonymous"
        return f"{who} – {self.quiz} ({self.started_at:%Y-%m-%d %H:%M})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        adding = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if adding:
                AttemptQuestion.objects.bulk_create(
                    AttemptQuestion(attempt=self, question_id=question_id)
                    for question_id in dict.fromkeys(self.question_ids)
                )

    def get_absolute_url(self) -> str:
        return attempt_url("quiz:results", self.pk)

    @property
    def question_count(self) -> int:
        return len(self.question_ids)

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def shows_feedback(self) -> bool:
        """Verdicts, right answers and citations: after each answer, or only once finished."""
        return self.quiz.feedback_after_each or self.is_finished

    @property
    def time_taken(self) -> timedelta | None:
        return self.finished_at - self.started_at if self.finished_at else None

    def refusal(self, now: datetime) -> str | None:
        """Why this attempt cannot take an answer now, in words for the student; None if it can."""
        if self.is_finished:
            return "This attempt is finished, so answers can no longer change. Start a new attempt to try again."
        if self.expires_at and now > self.expires_at:
            return "Time is up: this quiz's time limit has passed, so this answer was not counted."
        if self.assignment is not None and not self.assignment.is_open_at(now):
            return "Your teacher has closed this assignment, so answers are no longer accepted."
        return None

    def seconds_left(self, now: datetime) -> int | None:
        """Whole seconds until the time limit runs out (0 once it has); None without a limit or
        once the attempt is finished, when no clock matters."""
        if self.expires_at is None or self.is_finished:
            return None
        return max(0, int((self.expires_at - now).total_seconds()))

    def finish_url(self) -> str:
        """The page that asks before finishing the attempt early."""
        return attempt_url("quiz:finish", self.pk)

    def citation_url(self, question: Question, position: int) -> str:
        """The question's citation link, carrying this attempt and position so that the article
        page can offer "Back to question N" (see `question_to_return_to` in the views)."""
        return question.citation_url(
            came_from={"attempt": str(self.pk), "question": str(position)}
        )

    def question_url(self, position: int) -> str:
        return attempt_url("quiz:question", self.pk, position)

    def has_personal_code(self, typed: str) -> bool:
        """Whether a typed (normalised) personal code is this attempt's, compared in constant time."""
        return bool(self.resume_code) and constant_time_compare(typed, self.resume_code)

    def continue_url(self) -> str:
        """Where the student picks this attempt up: the first question not answered yet while
        the attempt still takes answers, otherwise its results."""
        if self.refusal(timezone.now()) is None:
            answered = self.stored_responses()
            for position, question_id in enumerate(self.question_ids, start=1):
                if question_id not in answered:
                    return self.question_url(position)
        return self.get_absolute_url()

    def question_at(self, position: int) -> Question:
        """The question at a 1-based position, with its article and choices (from the in-memory
        cache when this attempt was read with `Attempt.objects.owned()`)."""
        if not 1 <= position <= self.question_count:
            raise Question.DoesNotExist
        question_id = self.question_ids[position - 1]
        found = question_cache.questions([question_id], version=self.content_version)
        if question_id not in found:
            raise Question.DoesNotExist
        return found[question_id]

    def questions(self) -> dict[int, Question]:
        """All of this attempt's questions that still exist, by id."""
        return question_cache.questions(self.question_ids, version=self.content_version)

    def display_order(self, question: Question) -> list[Choice]:
        """The question's choices in the order this attempt shows them.

        Shuffled per attempt so that position never gives the answer away; true-or-false keeps
        True before False, and numbers are shown in ascending order, as a reader expects. The
        seed is keyed with the secret key: the attempt id is in the URL and question ids are
        small, so a seed made of them alone would let anyone replay the shuffle and undo it.
        """
        choices, keep_order = question.natural_choice_order
        choices = list(choices)
        if not keep_order and self.quiz.shuffle_choices:
            digest = salted_hmac(
                "quiz.choice-order", f"{self.pk}:{question.pk}", algorithm="sha256"
            ).digest()
            shuffle_by(choices, int.from_bytes(digest))
        return choices

    def stored_response(self, question: Question) -> tuple["Response | None", set[int]]:
        """The answer stored for this question, if any, and the ids of the choices it chose."""
        return self.stored_responses(question).get(question.pk, (None, set()))

    def stored_responses(
        self, question: Question | None = None
    ) -> dict[int, tuple["Response", set[int]]]:
        """The stored answers by question id (to one question, or to all), each with the ids of
        the choices it chose, in one hand-written query (see `quiz.models.sql`)."""
        params = [sql.pk_value(Attempt, self.pk)]
        if question is not None:
            params.append(question.pk)
        with connection.cursor() as cursor:
            cursor.execute(
                sql.stored_responses_with_choices(
                    Response, ChosenChoice, one_question=question is not None
                ),
                params,
            )
            found = cursor.fetchall()
        stored: dict[int, tuple[Response, set[int]]] = {}
        question_column = sql.field_index(Response, "question_id")
        for row in found:
            question_id, choice_id = row[question_column], row[-1]
            if question_id not in stored:
                stored[question_id] = (sql.instance(Response, row[:-1]), set())
            if choice_id is not None:
                stored[question_id][1].add(choice_id)
        return stored

    def answer(
        self,
        question: Question,
        *,
        chosen: Sequence[Choice] = (),
        number: Decimal | None = None,
    ) -> AnswerOutcome:
        """Answer a question of this attempt (see `record_answer`) and say what the page shows:
        the new answer, or the one that stood already, or why none could be given."""
        try:
            response, created = self.record_answer(
                question, chosen=chosen, number=number
            )
        except AnswerRefused as refusal:
            return replace(
                self.answer_shown(question), message=str(refusal), refused=True
            )
        if not created:
            # Another request stored an answer first: show that one.
            return replace(self.answer_shown(question), message=ALREADY_ANSWERED)
        return AnswerOutcome(
            response=response, chosen_ids=frozenset(choice.pk for choice in chosen)
        )

    def answer_shown(self, question: Question) -> AnswerOutcome:
        """The answer stored for this question, if any, as its page shows it."""
        response, chosen_ids = self.stored_response(question)
        return AnswerOutcome(response=response, chosen_ids=frozenset(chosen_ids))

    def record_answer(
        self,
        question: Question,
        *,
        chosen: Sequence[Choice] = (),
        number: Decimal | None = None,
    ) -> tuple["Response", bool]:
        """Store the student's answer once; the first answer stands, whatever comes after it.
        Returns the stored response and whether it was stored just now.

        The unique constraint on (attempt, question) decides between simultaneous requests; the
        conditional UPDATE refuses answers to an attempt that finished, ran out of time or whose
        assignment closed, even a moment ago.
        """
        now = timezone.now()
        refusal = self.refusal(now)
        if refusal:
            raise AnswerRefused(refusal)
        correctness, points = question.score(chosen=chosen, number=number)
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                response = Response(
                    attempt=self,
                    question=question,
                    correctness=correctness,
                    points=points,
                    answered_at=now,
                    number=number,
                )
                sql.insert_returning_pk(response, cursor)
                for choice in chosen:
                    sql.insert_returning_pk(
                        Response.chosen.through(response=response, choice=choice),
                        cursor,
                    )
                counted = self.count_answer(points, now)
                if counted is None:
                    self.refresh_from_db()
                    raise AnswerRefused(
                        self.refusal(now) or "This answer could not be recorded."
                    )
        except IntegrityError:
            # Another request stored this answer first: show that one, and the score it made.
            response = Response.objects.get(attempt=self, question=question)
            self.refresh_from_db(fields=["score", "answered_count", "finished_at"])
            return response, False
        self.score, self.answered_count = counted
        self.finished_at = now if self.answered_count >= self.question_count else None
        return response, True

    def count_answer(self, points: float, now: datetime) -> tuple[float, int] | None:
        """Add an answer's points to the attempt (finishing it with the last answer); returns the
        new (score, answered_count), or None when the attempt no longer takes answers."""
        statement, params = sql.count_answer_if_still_open(
            Attempt,
            Assignment,
            attempt_id=self.pk,
            points=points,
            question_count=self.question_count,
            now=now,
        )
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            row = cursor.fetchone()
        return (float(row[0]), int(row[1])) if row else None

    def finish(self) -> None:
        Attempt.objects.filter(pk=self.pk, finished_at__isnull=True).update(
            finished_at=timezone.now()
        )
        self.refresh_from_db(fields=["finished_at"])

    @property
    def percentage(self) -> int:
        if not self.question_ids:
            return 0
        return round(100 * self.score / len(self.question_ids))


class AttemptQuestion(models.Model):
    """A question an attempt asks, so that the database refuses to delete it (PROTECT) while any
    attempt, answered or not, refers to it: a deleted question would leave a "Next question" that
    leads nowhere, an attempt that cannot finish and a score out of too many. Teachers retire a
    question instead; a retired question stays answerable in the attempts that already hold it.
    The order stays in `Attempt.question_ids`, which every student request reads with the attempt.
    """

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="question_entries"
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="attempt_entries"
    )

    class Meta:
        ordering = ["attempt", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="one_entry_per_attempt_question"
            )
        ]

    def __str__(self) -> str:
        # No query per row: the admin lists these when it refuses to delete a question.
        return f"Question {self.question_id} in attempt {self.attempt_id}"


class Response(models.Model):
    Correctness = Correctness

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="responses"
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="responses"
    )
    chosen: "models.ManyToManyField[Choice, ChosenChoice]" = models.ManyToManyField(
        Choice, through="ChosenChoice", related_name="responses", blank=True
    )
    number = models.DecimalField(
        max_digits=24,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="The number typed, for number questions.",
    )
    correctness = models.CharField(max_length=20, choices=Correctness)
    points = models.FloatField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["attempt", "answered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="one_response_per_question"
            ),
            models.CheckConstraint(
                name="points_between_0_and_1",
                condition=Q(points__gte=0) & Q(points__lte=1),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} – {self.question}: {self.get_correctness_display()}"

    @property
    def is_correct(self) -> bool:
        return self.correctness == Correctness.CORRECT

    @property
    def is_partly_correct(self) -> bool:
        return self.correctness == Correctness.PARTLY_CORRECT

    def answer_texts(self, chosen: Iterable[Shown]) -> list[str]:
        """What the student answered, as they saw it: the number typed, or the texts of the
        choices picked (`chosen`, in the order the page shows them)."""
        if self.number is not None:
            return [format_number(self.number)]
        return [choice.text for choice in chosen]


class ChosenChoice(models.Model):
    """A choice a student picked. PROTECT: deleting it would empty their "Your answer" while the
    points it earned stayed, so a picked choice cannot be deleted (its question can be retired)."""

    # The table, key and unique index Django made for the plain many-to-many, kept as they are.
    id = models.AutoField(primary_key=True)
    response = models.ForeignKey(Response, on_delete=models.CASCADE)
    choice = models.ForeignKey(
        Choice, on_delete=models.PROTECT, related_name="chosen_in"
    )

    class Meta:
        db_table = "quiz_response_chosen"
        ordering = ["response", "pk"]
        unique_together = [("response", "choice")]

    def __str__(self) -> str:
        return f"Choice {self.choice_id} picked in answer {self.response_id}"

"""What the LTI integration adds to the quiz: which assignment an LMS activity opens, which LMS
user a launched browser id stands for, and the scores waiting to be sent to a gradebook.

Platforms, deployments, the tool's keys, LMS users, courses (contexts) and memberships are
django-lti's models (`lti_tool`); these models point at them.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from lti_tool.models import LtiContext, LtiMembership, LtiUser

from quiz.models import Assignment, Attempt, Quiz

# --- Who a launch is ------------------------------------------------------------------------------

# Browser ids made from an LMS user start with this; ids the quiz makes for anyone else never do.
LTI_BROWSER_PREFIX = "lti-"


def is_lti_browser(browser_id: str | None) -> bool:
    return (browser_id or "").startswith(LTI_BROWSER_PREFIX)


def browser_id_for(lti_user: LtiUser) -> str:
    """The browser id every attempt of this LMS user carries, on whichever device they launch
    from: the quiz's ownership rules (attempts belong to a browser id) then work unchanged."""
    digest = hashlib.sha256(
        f"{lti_user.registration_id}:{lti_user.sub}".encode()
    ).hexdigest()
    return f"{LTI_BROWSER_PREFIX}{digest[:40]}"


class LtiStudentQuerySet(models.QuerySet):
    def frame_origins(self, browser_id: str) -> list[str]:
        """The origins that may frame this browser's quiz pages: those of the LMS it was last
        launched from (none for a browser id no launch made)."""
        return (
            self.filter(browser_id=browser_id)
            .values_list("frame_origins", flat=True)
            .first()
            or []
        )


class LtiStudent(models.Model):
    """The LMS user behind an LTI browser id, so that scores can be sent to the right person."""

    browser_id = models.CharField(max_length=64, unique=True)
    lti_user = models.OneToOneField(
        LtiUser, on_delete=models.CASCADE, related_name="quiz_student"
    )
    frame_origins = models.JSONField(
        default=list,
        blank=True,
        help_text="Origins of the LMS pages that may show this student's quiz in their frame, "
        "from the latest launch.",
    )

    objects = LtiStudentQuerySet.as_manager()

    class Meta:
        ordering = ["browser_id"]

    def __str__(self) -> str:
        return f"{self.lti_user} ({self.browser_id})"

    @classmethod
    def for_user(cls, lti_user: LtiUser) -> "LtiStudent":
        student, _ = cls.objects.get_or_create(
            lti_user=lti_user, defaults={"browser_id": browser_id_for(lti_user)}
        )
        return student

    def remember_frame_origins(self, origins: list[str]) -> None:
        if origins != self.frame_origins:
            LtiStudent.objects.filter(pk=self.pk).update(frame_origins=origins)
            self.frame_origins = origins


# --- Activities -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """Where a student's launch leads: the attempt, and whether it was started just now."""

    attempt: Attempt
    started: bool

    @property
    def url(self) -> str:
        if self.attempt.is_finished:
            return self.attempt.get_absolute_url()
        return self.attempt.question_url(
            min(self.attempt.answered_count + 1, self.attempt.question_count)
        )


class LtiLinkQuerySet(models.QuerySet):
    def for_launch(
        self, *, context: LtiContext, resource_link_id: str, link_key: str | None
    ) -> "LtiLink | None":
        """The activity this launch opens. The first launch of a deep-linked activity binds it
        to the platform's resource link; a copy of the activity in another course (same key,
        other context, or another activity in the same course) gets its own assignment, so two
        activities never share results."""
        found = self.filter(context=context, resource_link_id=resource_link_id).first()
        if found is not None or not link_key:
            return found
        try:
            link = self.select_related("assignment").get(
                key=link_key,
                context__deployment__registration=context.deployment.registration,
            )
        except (LtiLink.DoesNotExist, ValidationError):
            return None
        # Conditional, so that of two simultaneous first launches only one binds.
        bound = LtiLink.objects.filter(
            pk=link.pk, context=context, resource_link_id=""
        ).update(resource_link_id=resource_link_id)
        if bound:
            link.refresh_from_db()
            return link
        return link.copy_to(context=context, resource_link_id=resource_link_id)


class LtiLink(models.Model):
    """An LMS activity (a resource link in one course) and the assignment it opens."""

    key = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="Sent to the LMS as a custom parameter when the teacher chose the quiz.",
    )
    context = models.ForeignKey(
        LtiContext,
        on_delete=models.CASCADE,
        related_name="quiz_links",
        help_text="The LMS course.",
    )
    resource_link_id = models.CharField(
        max_length=255,
        blank=True,
        help_text="The LMS's id of the activity; empty until its first launch.",
    )
    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.CASCADE,
        related_name="lti_links",
        help_text="The assignment whose results the activity shows.",
    )
    score_maximum = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        default=10,
        help_text="The most points the LMS gradebook gives for this activity.",
    )
    line_item_url = models.URLField(
        max_length=500,
        blank=True,
        help_text="Where scores go (the LMS's grade column), learnt from the launches.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LtiLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "LMS activity"
        verbose_name_plural = "LMS activities"
        constraints = [
            models.UniqueConstraint(
                fields=["context", "resource_link_id"],
                condition=~models.Q(resource_link_id=""),
                name="one_link_per_resource_link",
            ),
            models.CheckConstraint(
                name="score_maximum_positive", condition=models.Q(score_maximum__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} in {self.context}"

    @classmethod
    def create_for(
        cls, *, quiz: Quiz, context: LtiContext, teacher, score_maximum
    ) -> "LtiLink":
        """A new activity chosen by a teacher through deep linking, with its own assignment."""
        with transaction.atomic():
            assignment = Assignment.objects.create(
                quiz=quiz,
                owner=teacher,
                title=f"{context.title or context.label or 'LMS course'} (LMS)"[:200],
            )
            return cls.objects.create(
                context=context, assignment=assignment, score_maximum=score_maximum
            )

    def copy_to(self, *, context: LtiContext, resource_link_id: str) -> "LtiLink":
        try:
            with transaction.atomic():
                assignment = Assignment.objects.create(
                    quiz=self.assignment.quiz,
                    owner=self.assignment.owner,
                    title=f"{context.title or context.label or 'LMS course'} (LMS)"[
                        :200
                    ],
                )
                return LtiLink.objects.create(
                    context=context,
                    resource_link_id=resource_link_id,
                    assignment=assignment,
                    score_maximum=self.score_maximum,
                )
        except IntegrityError:
            # A simultaneous first launch made it.
            return LtiLink.objects.get(
                context=context, resource_link_id=resource_link_id
            )

    def remember_line_item(self, url: str) -> None:
        if url and url != self.line_item_url:
            LtiLink.objects.filter(pk=self.pk).update(line_item_url=url)
            self.line_item_url = url

    def enter(self, *, student: LtiStudent, display_name: str) -> Entry:
        """The student's attempt on this activity: the unfinished one to resume, else the last
        finished one's results, else a new one (StartRefused says why not, e.g. closed)."""
        latest = (
            Attempt.objects.filter(
                assignment=self.assignment,
                browser_id=student.browser_id,
                is_preview=False,
            )
            .order_by("-started_at")
            .first()
        )
        if latest is not None:
            return Entry(attempt=latest, started=False)
        attempt = Attempt.objects.start(
            self.assignment.quiz,
            browser_id=student.browser_id,
            display_name=display_name[:80],
            assignment=self.assignment,
        )
        return Entry(attempt=attempt, started=True)

    def students_not_started(self) -> models.QuerySet:
        """The course's learners (from the LMS roster) with no attempt on this activity yet."""
        started = Attempt.objects.filter(
            assignment=self.assignment, is_preview=False
        ).values("browser_id")
        return (
            LtiUser.objects.filter(
                memberships__context=self.context,
                memberships__is_learner=True,
                memberships__is_active=True,
            )
            .exclude(quiz_student__browser_id__in=started)
            .order_by("family_name", "given_name", "name", "sub")
        )


# --- Grades ---------------------------------------------------------------------------------------

# Waits between tries: a platform that is down for a day still gets every score, without being
# hammered while it comes back.
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
# How long a sender holds a score it is trying: well over a try's timeouts, so that no other
# sender posts it meanwhile; should the sender die, the score is due again after this.
CLAIM_TIME = timedelta(minutes=2)


class LtiScoreQuerySet(models.QuerySet):
    def due(self, now=None) -> "LtiScoreQuerySet":
        now = now or timezone.now()
        return self.filter(sent_at__isnull=True, next_try_at__lte=now)

    def waiting(self) -> "LtiScoreQuerySet":
        return self.filter(sent_at__isnull=True)


class LtiScore(models.Model):
    """A finished attempt's score on its way to the LMS gradebook: it waits here until the
    platform accepts it, so a platform that is down or refuses loses nothing."""

    attempt = models.OneToOneField(
        Attempt, on_delete=models.CASCADE, related_name="lti_score"
    )
    link = models.ForeignKey(LtiLink, on_delete=models.CASCADE, related_name="scores")
    lti_user = models.ForeignKey(
        LtiUser, on_delete=models.CASCADE, related_name="quiz_scores"
    )
    score_given = models.DecimalField(max_digits=7, decimal_places=2)
    score_maximum = models.DecimalField(max_digits=7, decimal_places=2)
    finished_at = models.DateTimeField()
    tries = models.PositiveIntegerField(default=0)
    next_try_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = LtiScoreQuerySet.as_manager()

    class Meta:
        ordering = ["next_try_at"]
        constraints = [
            models.CheckConstraint(
                name="score_given_within_maximum",
                condition=models.Q(score_given__gte=0)
                & models.Q(score_given__lte=models.F("score_maximum")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score_given}/{self.score_maximum} for {self.lti_user}"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    def claim(self, now) -> bool:
        """Take this score for one try, if it is still due: of two senders at once (cron, a
        launch, the try after a student's answer) only one gets it, as the update is one
        conditional statement."""
        claimed = (
            LtiScore.objects.due(now)
            .filter(pk=self.pk)
            .update(next_try_at=now + CLAIM_TIME)
        )
        return claimed == 1

    def mark_sent(self, now) -> None:
        LtiScore.objects.filter(pk=self.pk).update(
            sent_at=now, tries=models.F("tries") + 1, last_error=""
        )
        self.refresh_from_db()

    def mark_failed(self, now, error: str) -> None:
        wait = min(FIRST_RETRY * (2**self.tries), LONGEST_RETRY)
        LtiScore.objects.filter(pk=self.pk).update(
            tries=models.F("tries") + 1,
            next_try_at=now + wait,
            last_error=error[:500],
        )
        self.refresh_from_db()


def queue_finished_scores(*, browser_id: str | None = None) -> int:
    """Queue a score for each finished attempt of an LTI student on an LMS activity that has
    none yet (one browser's, or everyone's). An attempt whose time limit ran out counts as
    finished with the answers it has: the student may never come back to finish it. Reading
    finished attempts, rather than hooking the moment an attempt finishes, keeps the attempt
    code unaware of LTI."""
    attempts = Attempt.objects.filter(
        Q(finished_at__isnull=False) | Q(expires_at__lt=timezone.now()),
        is_preview=False,
        lti_score__isnull=True,
        assignment__lti_links__isnull=False,
        browser_id__startswith=LTI_BROWSER_PREFIX,
    )
    if browser_id is not None:
        attempts = attempts.filter(browser_id=browser_id)
    students = {
        student.browser_id: student
        for student in LtiStudent.objects.filter(
            browser_id__in=attempts.values("browser_id")
        )
    }
    queued = 0
    for attempt in attempts.select_related("quiz"):
        student = students.get(attempt.browser_id)
        link = LtiLink.objects.filter(assignment_id=attempt.assignment_id).first()
        if student is None or link is None:
            continue
        fraction = Decimal(attempt.score) / attempt.question_count
        given = round(link.score_maximum * fraction, 2)
        try:
            with transaction.atomic():
                LtiScore.objects.create(
                    attempt=attempt,
                    link=link,
                    lti_user=student.lti_user,
                    score_given=min(given, link.score_maximum),
                    score_maximum=link.score_maximum,
                    finished_at=attempt.finished_at or attempt.expires_at,
                )
        except IntegrityError:
            continue  # queued by a simultaneous request
        queued += 1
    return queued


def teacher_user(lti_user: LtiUser):
    """The site account an LMS instructor acts as: no password, no admin access, owner of the
    assignments they create from the LMS and of nothing else."""
    if lti_user.auth_user_id:
        return lti_user.auth_user
    User = get_user_model()
    username = f"lti-{browser_id_for(lti_user)[4:24]}"
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": (lti_user.given_name or "")[:150],
            "last_name": (lti_user.family_name or "")[:150],
            "email": lti_user.email or "",
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    LtiUser.objects.filter(pk=lti_user.pk).update(auth_user=user)
    lti_user.auth_user = user
    return user


def teaches(user_id: int, link: LtiLink) -> bool:
    """Whether this LMS teacher is (still) an instructor of the activity's course."""
    return LtiMembership.objects.filter(
        user__auth_user_id=user_id, context=link.context, is_instructor=True
    ).exists()


def results_for_teacher(link: LtiLink) -> dict:
    """What the activity's teacher sees: attempts with their scores' way to the gradebook, and
    the course's students who have not started."""
    attempts = list(
        Attempt.objects.filter(assignment=link.assignment, is_preview=False)
        .select_related("lti_score")
        .order_by("display_name", "-started_at")
    )
    return {
        "link": link,
        "quiz": link.assignment.quiz,
        "attempts": attempts,
        "not_started": list(link.students_not_started()),
    }

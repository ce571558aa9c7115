"""Rate-limit counters, kept in the database so that every worker, thread and app server counts
together, and nothing forgets a count before its window ends.

An in-memory cache did none of that: each gunicorn worker counted on its own, a recycled worker
started from zero, and a flood of new keys evicted the old ones. Here one statement both counts
and returns the new count (`quiz.models.sql.count_event_returning_count`), so parallel requests
can never all read "under the limit" before any of them counts.
"""

from datetime import timedelta

from django.db import connections, models, router
from django.db.models import F
from django.utils import timezone

from quiz.models import sql


class RateCounterQuerySet(models.QuerySet):
    def hit(self, key: str, *, seconds: int) -> int:
        """Count one event for `key` and return the count in its window, this event included.

        A window starts with the first event and lasts `seconds`; the first event after it ends
        starts the next one at 1."""
        connection = connections[router.db_for_write(self.model)]
        now = timezone.now()
        as_stored = connection.ops.adapt_datetimefield_value
        statement = sql.count_event_returning_count(
            self.model, key="key", window_ends="window_ends", count="count"
        )
        window_ends = as_stored(now + timedelta(seconds=seconds))
        with connection.cursor() as cursor:
            cursor.execute(
                statement,
                [key, window_ends, as_stored(now), as_stored(now), window_ends],
            )
            (new_count,) = cursor.fetchone()
        if new_count == 1:
            # A window began: the moment to drop the ones that have ended, so the table holds
            # only keys seen in the last window, without a cron job.
            self.filter(window_ends__lte=now).delete()
        return new_count

    def take_back(self, key: str) -> None:
        """Uncount one event (one that turned out not to be a failure)."""
        self.filter(key=key, count__gt=0).update(count=F("count") - 1)

    def forget(self, key: str) -> None:
        self.filter(key=key).delete()


class RateCounter(models.Model):
    key = models.CharField(
        max_length=100,
        primary_key=True,
        help_text="The limit's name and a keyed hash of whom it counts.",
    )
    window_ends = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    objects = RateCounterQuerySet.as_manager()

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key}: {self.count} until {self.window_ends:%H:%M:%S}"

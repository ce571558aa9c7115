"""A number that changes whenever quiz content does, so that each app server can keep questions,
choices and articles in memory and still never serve a stale answer key.

Every write to content goes through `ContentModel.save()/delete()` or a `ContentQuerySet` bulk
method, and each bumps the version in the same transaction. A student's request reads the version
in the same query as its attempt, and the per-process cache (`quiz.models.question_cache`) is
dropped as soon as the number it was filled under is no longer the current one.
"""

import secrets
from collections.abc import Iterable
from typing import Any, Self

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.db import models
from django.db.models import Q

# Whoever asks: a signed-in account or an anonymous visitor (`request.user`).
AnyUser = AbstractUser | AnonymousUser


class ContentVersion(models.Model):
    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "content version"

    def __str__(self) -> str:
        return f"content version {self.number}"

    @classmethod
    def current(cls) -> int | None:
        """The number now, for a page that reads its content afterwards (read before, content
        changed in between is only ever kept under a number already left behind)."""
        return cls.objects.filter(pk=1).values_list("number", flat=True).first()

    @classmethod
    def bump(cls) -> None:
        # A random number rather than a counter: a rolled-back transaction or a restored backup
        # can never bring back a number a cache was filled under.
        number = secrets.randbits(62)
        if not cls.objects.filter(pk=1).update(number=number):
            cls.objects.update_or_create(pk=1, defaults={"number": number})


class ContentQuerySet(models.QuerySet):
    """Bulk writes to quiz content bump the content version too."""

    def update(self, **kwargs: Any) -> int:
        count = super().update(**kwargs)
        if count:
            ContentVersion.bump()
        return count

    def delete(self) -> tuple[int, dict[str, int]]:
        result = super().delete()
        ContentVersion.bump()
        return result

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            ContentVersion.bump()
        return created

    def bulk_update(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> int:
        count = super().bulk_update(objs, *args, **kwargs)
        ContentVersion.bump()
        return count


class TeacherOwnedQuerySet(ContentQuerySet):
    """Content a teacher owns (articles, quizzes): each teacher sees their own and the shared
    library (no owner), and changes only their own; superusers see and change everything."""

    def visible_to(self, user: AnyUser) -> Self:
        if user.is_superuser:
            return self
        return self.filter(Q(owner=user) | Q(owner__isnull=True))

    def editable_by(self, user: AnyUser) -> Self:
        return self if user.is_superuser else self.filter(owner=user)


class ContentModel(models.Model):
    """Saving or deleting one piece of content bumps the content version."""

    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        ContentVersion.bump()

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        result = super().delete(*args, **kwargs)
        ContentVersion.bump()
        return result

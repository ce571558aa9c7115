"""What a teacher may see, change and pick in the admin: their own objects and the shared library,
in one place for every model admin."""

from django.contrib import admin, messages
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from quiz.models import (
    Article,
    Question,
    Quiz,
)


class TeacherOwned:
    """Teachers see their own objects and the shared library, and change only their own."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).visible_to(request.user)

    def can_edit(self, request: HttpRequest, obj) -> bool:
        return request.user.is_superuser or obj.owner_id == request.user.pk

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.can_edit(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.can_edit(request, obj))

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if not change and hasattr(obj, "owner_id") and obj.owner_id is None:
            obj.owner = request.user
        super().save_model(request, obj, form, change)


def pickable_by(model: type[models.Model], user) -> QuerySet:
    """What a teacher may choose for a foreign key to `model`: a question's article must be their
    own (a question belongs to whoever owns its article); questions and quizzes they may see."""
    if model is Article:
        return Article.objects.editable_by(user)
    if model in (Question, Quiz):
        return model.objects.visible_to(user)
    raise ImproperlyConfigured(
        f"No rule says which {model._meta.verbose_name_plural} a teacher may choose."
    )


class PicksLimitedToTeacher:
    """Every foreign key a teacher sets offers only what they may use. The form field's queryset is
    also what validates the posted id, so a forged id of another teacher's object is refused with
    "Select a valid choice" and nothing is saved. A foreign key without a rule fails loudly."""

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        kwargs["queryset"] = pickable_by(db_field.related_model, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def only_visible_filter(field_name: str) -> tuple[str, type[admin.ListFilter]]:
    """A sidebar filter listing only the related objects in rows this teacher may see (Django's
    default lists every teacher's titles, private ones included)."""
    return (field_name, admin.RelatedOnlyFieldListFilter)


class RetireInsteadOfDelete:
    """The database refuses to delete a question that students' attempts hold (and so its
    article): say why, and what to do instead, above the list of what holds it."""

    def get_deleted_objects(self, objs, request: HttpRequest) -> tuple:
        found = super().get_deleted_objects(objs, request)
        protected = found[3]
        if protected:
            self.message_user(
                request,
                "A question that students' attempts include cannot be deleted: their answers and "
                "scores depend on it. Retire it instead (the “Retire” action, or its status): it "
                "leaves quizzes for new attempts and stays answerable in the attempts that hold it.",
                messages.ERROR,
            )
        return found

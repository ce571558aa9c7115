"""Students' attempts, read-only: the answers counted as they were given."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from quiz.admin.teacher_owned import only_visible_filter
from quiz.models import (
    Attempt,
    Response,
)


class ResponseInline(admin.TabularInline):
    model = Response
    fields = ["question", "correctness", "points", "answered_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(
        self, request: HttpRequest, obj: Attempt | None = None
    ) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: Attempt | None = None
    ) -> bool:
        return False


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = [
        "display_name",
        "quiz",
        "assignment",
        "score",
        "answered_count",
        "started_at",
        "finished_at",
    ]
    list_filter = [
        only_visible_filter("quiz"),
        only_visible_filter("assignment"),
        "is_preview",
        "finished_at",
    ]
    search_fields = ["display_name"]
    list_select_related = ["quiz", "assignment"]
    fields = [
        "quiz",
        "assignment",
        "display_name",
        "is_preview",
        "score",
        "answered_count",
        "started_at",
        "expires_at",
        "finished_at",
    ]
    readonly_fields = fields
    inlines = [ResponseInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).results_for(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: Attempt | None = None
    ) -> bool:
        return False

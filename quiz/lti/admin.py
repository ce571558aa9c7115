"""LTI activities and their scores, read-only: they are made by launches, not by hand.
Platforms (registrations, deployments) and the tool's keys are django-lti's admin pages."""

from django.contrib import admin

from quiz.lti.models import LtiLink, LtiScore


@admin.register(LtiLink)
class LtiLinkAdmin(admin.ModelAdmin):
    list_display = ["assignment", "context", "resource_link_id", "score_maximum"]
    readonly_fields = [
        "key",
        "context",
        "resource_link_id",
        "assignment",
        "line_item_url",
    ]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(LtiScore)
class LtiScoreAdmin(admin.ModelAdmin):
    list_display = [
        "lti_user",
        "link",
        "score_given",
        "score_maximum",
        "sent_at",
        "tries",
        "last_error",
    ]
    list_filter = ["sent_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

"""The export actions the article, question and quiz lists share: question banks to download."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from quiz.exchange import EXTENSIONS, export_bank


def export_response(format: str, filename: str, **selection) -> HttpResponse:
    """The selection as a question-bank file to download."""
    content_types = {
        "json": "application/json",
        "gift": "text/plain",
        "moodle-xml": "application/xml",
    }
    response = HttpResponse(
        export_bank(format=format, **selection),
        content_type=f"{content_types[format]}; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{filename}{EXTENSIONS[format]}"'
    )
    return response


class ExportActions:
    """Export the selected objects as our JSON, Moodle GIFT or Moodle XML: only what the teacher
    may see, even of a quiz that holds someone else's question."""

    export_argument = ""  # "articles", "quizzes" or "questions"

    def export(
        self, request: HttpRequest, queryset: QuerySet, format: str
    ) -> HttpResponse:
        return export_response(
            format,
            f"{self.export_argument}-{timezone.now():%Y%m%d}",
            user=request.user,
            **{self.export_argument: queryset},
        )

    @admin.action(description="Export selected as question bank (JSON)")
    def export_json(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        return self.export(request, queryset, "json")

    @admin.action(description="Export selected for Moodle (GIFT)")
    def export_gift(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        return self.export(request, queryset, "gift")

    @admin.action(description="Export selected for Moodle (XML)")
    def export_moodle_xml(
        self, request: HttpRequest, queryset: QuerySet
    ) -> HttpResponse:
        return self.export(request, queryset, "moodle-xml")


EXPORT_ACTIONS = ["export_json", "export_gift", "export_moodle_xml"]

"""The export actions the article, question and quiz lists share: question banks to download."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from quiz.exchange import EXTENSIONS, collect_bank, dump_bank, left_out


def export_response(
    request: HttpRequest, format: str, filename: str, **selection
) -> HttpResponse:
    """What the teacher may see of the selection, as a question-bank file to download. What the
    format cannot carry is named in a message (shown on the next page) and in the file."""
    content_types = {
        "json": "application/json",
        "gift": "text/plain",
        "moodle-xml": "application/xml",
    }
    bank = collect_bank(user=request.user, **selection)
    for reason in left_out(bank, format=format):
        messages.warning(request, f"Left out of the Moodle file: {reason}")
    response = HttpResponse(
        dump_bank(bank, format=format),
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
            request,
            format,
            f"{self.export_argument}-{timezone.now():%Y%m%d}",
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

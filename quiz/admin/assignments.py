"""Class assignments: a join code for a quiz, and the class's results while students answer."""

from uuid import UUID

from django.contrib import admin, messages
from django.core.exceptions import (
    PermissionDenied,
)
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.vary import vary_on_headers

from quiz.admin.labels import quiz_choice_label
from quiz.admin.teacher_owned import PicksLimitedToTeacher, only_visible_filter
from quiz.models import (
    Assignment,
    Attempt,
)
from quiz.results.charts import class_charts
from quiz.results.reports import assignment_report, report_csv, student_report


@admin.register(Assignment)
class AssignmentAdmin(PicksLimitedToTeacher, admin.ModelAdmin):
    list_display = [
        "title",
        "quiz",
        "code",
        "is_open",
        "student_count",
        "created_at",
        "results_link",
    ]
    list_filter = [only_visible_filter("quiz")]
    search_fields = ["title", "code"]
    list_select_related = ["quiz"]
    fields = [
        "quiz",
        "title",
        "closes_at",
        "code",
        "join_link",
        "closed_at",
        "results_link",
    ]
    readonly_fields = ["code", "join_link", "closed_at", "results_link"]
    actions = ["close"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        students = Count("attempts", filter=Q(attempts__is_preview=False))
        return (
            super()
            .get_queryset(request)
            .owned_by(request.user)
            .annotate(student_count=students)
        )

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "quiz":
            field.queryset = field.queryset.with_question_tally().order_by("title")
            field.label_from_instance = quiz_choice_label
        return field

    def save_model(
        self, request: HttpRequest, assignment: Assignment, form, change: bool
    ) -> None:
        if not change:
            assignment.owner = request.user
        super().save_model(request, assignment, form, change)

    @admin.display(description="open", boolean=True)
    def is_open(self, assignment: Assignment) -> bool:
        return assignment.is_open

    @admin.display(description="attempts", ordering="student_count")
    def student_count(self, assignment: Assignment) -> int:
        return assignment.student_count

    @admin.display(description="join link")
    def join_link(self, assignment: Assignment) -> str:
        if not assignment.pk:
            return "Save to get the join code and link."
        return format_html(
            '<a href="{}">{}</a><p class="help">Give students this link, or the code '
            "<strong>{}</strong> to type on the Join page ({}). The results page shows the "
            "full address.</p>",
            assignment.get_absolute_url(),
            assignment.get_absolute_url(),
            assignment.code,
            reverse("quiz:join"),
        )

    @admin.display(description="results")
    def results_link(self, assignment: Assignment) -> str:
        if not assignment.pk:
            return "—"
        url = reverse("admin:quiz_assignment_results", args=[assignment.pk])
        return format_html('<a href="{}">Results</a>', url)

    @admin.action(
        description="Close the selected assignments (stop answers)",
        permissions=["change"],
    )
    def close(self, request: HttpRequest, queryset: QuerySet) -> None:
        still_open = list(queryset.filter(closed_at__isnull=True))
        for assignment in still_open:
            assignment.close()
        self.message_user(
            request, f"Closed {len(still_open)} assignment(s).", messages.SUCCESS
        )

    def get_urls(self) -> list:
        urls = [
            path(
                "<int:assignment_id>/results/",
                self.admin_site.admin_view(self.results_view),
                name="quiz_assignment_results",
            ),
            path(
                "<int:assignment_id>/results/<uuid:attempt_id>/",
                self.admin_site.admin_view(self.student_results_view),
                name="quiz_assignment_student_results",
            ),
            path(
                "<int:assignment_id>/results.csv",
                self.admin_site.admin_view(self.results_csv_view),
                name="quiz_assignment_results_csv",
            ),
        ]
        return urls + super().get_urls()

    def own_assignment(self, request: HttpRequest, assignment_id: int) -> Assignment:
        if not self.has_view_permission(request):
            raise PermissionDenied
        assignments = Assignment.objects.owned_by(request.user).select_related("quiz")
        return get_object_or_404(assignments, pk=assignment_id)

    @method_decorator(vary_on_headers("HX-Request"))
    @method_decorator(never_cache)
    def results_view(self, request: HttpRequest, assignment_id: int) -> HttpResponse:
        """The class's results, refreshed every few seconds while students are answering."""
        report = assignment_report(self.own_assignment(request, assignment_id))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Results: {report.assignment.title}",
            "opts": self.opts,
            "report": report,
            "join_url": request.build_absolute_uri(
                report.assignment.get_absolute_url()
            ),
            **class_charts(report),
        }
        template = "admin/quiz/assignment/results.html"
        if request.htmx and not request.htmx.history_restore_request:
            template += "#live-results"
        return render(request, template, context)

    @method_decorator(never_cache)
    def student_results_view(
        self, request: HttpRequest, assignment_id: int, attempt_id: UUID
    ) -> HttpResponse:
        """One student's answers: the choices picked and the numbers typed, question by question."""
        assignment = self.own_assignment(request, assignment_id)
        try:
            report = student_report(assignment, attempt_id)
        except Attempt.DoesNotExist:
            raise Http404("No such attempt in this assignment.") from None
        context = {
            **self.admin_site.each_context(request),
            "title": f"{report.attempt.display_name or 'Anonymous'}: {assignment.title}",
            "opts": self.opts,
            "report": report,
        }
        return render(request, "admin/quiz/assignment/student.html", context)

    def results_csv_view(
        self, request: HttpRequest, assignment_id: int
    ) -> HttpResponse:
        report = assignment_report(self.own_assignment(request, assignment_id))
        response = HttpResponse(
            report_csv(report), content_type="text/csv; charset=utf-8"
        )
        filename = slugify(report.assignment.title) or "results"
        response["Content-Disposition"] = (
            f'attachment; filename="{filename}-results.csv"'
        )
        return response

"""Quizzes: which questions, in which order, and how they run."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest

from quiz.admin.exports import EXPORT_ACTIONS, ExportActions
from quiz.admin.labels import question_label, status_badge
from quiz.admin.teacher_owned import PicksLimitedToTeacher, TeacherOwned
from quiz.models import (
    Quiz,
    QuizEntry,
)


class QuizEntryFormSet(BaseInlineFormSet):
    """Refuses drafts in a published quiz (see `Quiz.draft_refusal`); an unpublished quiz may
    hold them while it is being built."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        questions = [
            form.cleaned_data["question"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        refusal = self.instance.draft_refusal(questions)
        if refusal:
            raise ValidationError(refusal)


class QuizEntryInline(PicksLimitedToTeacher, admin.TabularInline):
    model = QuizEntry
    formset = QuizEntryFormSet
    fields = ["position", "question", "question_article", "question_status"]
    readonly_fields = ["question_article", "question_status"]
    autocomplete_fields = ["question"]
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("question__article")

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "question":
            field.queryset = field.queryset.select_related("article")
            field.label_from_instance = question_label
        return field

    @admin.display(description="article")
    def question_article(self, entry: QuizEntry) -> str:
        return str(entry.question.article) if entry.question_id else "—"

    @admin.display(description="status")
    def question_status(self, entry: QuizEntry) -> str:
        return status_badge(entry.question) if entry.question_id else "—"


@admin.register(Quiz)
class QuizAdmin(TeacherOwned, ExportActions, admin.ModelAdmin):
    export_argument = "quizzes"
    actions = EXPORT_ACTIONS
    # The tally's annotation (a GROUP BY) drops the model's ordering, also for the autocomplete.
    ordering = ["title"]
    list_display = ["title", "slug", "published", "questions_published", "feedback"]
    list_filter = ["published", "feedback"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [QuizEntryInline]
    change_form_template = "admin/quiz/quiz/change_form.html"
    readonly_fields = ["questions_asked"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "description",
                    "published",
                    "questions_asked",
                ]
            },
        ),
        (
            "How it runs",
            {
                "fields": [
                    "shuffle_questions",
                    "shuffle_choices",
                    "feedback",
                    "max_attempts",
                    "time_limit_minutes",
                ]
            },
        ),
        ("Pass mark", {"fields": ["pass_mark", "pass_message", "fail_message"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).with_question_tally()

    @admin.display(description="questions", ordering="published_question_count")
    def questions_published(self, quiz: Quiz) -> str:
        return quiz.published_of_total()

    @admin.display(description="questions")
    def questions_asked(self, quiz: Quiz) -> str:
        if not quiz.pk:
            return "—"
        return (
            f"{quiz.published_of_total()}: students are asked only the published ones."
        )

"""Questions with their choices and citations: review, publish, import, add to a quiz."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from quiz.admin.exports import EXPORT_ACTIONS, ExportActions
from quiz.admin.forms import AddToQuizForm, ImportForm
from quiz.admin.labels import question_label, status_badge
from quiz.admin.teacher_owned import (
    PicksLimitedToTeacher,
    RetireInsteadOfDelete,
    TeacherOwned,
    only_visible_filter,
)
from quiz.exchange import ImportProblems, decode_bank, import_bank
from quiz.models import (
    Choice,
    Question,
)
from quiz.passages import mark_span


class ChoiceFormSet(BaseInlineFormSet):
    """Checks the choices together against the question's kind (one right answer, or several)."""

    def clean(self) -> None:
        super().clean()
        if self.deleted_forms and self.instance.pk and self.instance.is_in_an_attempt():
            raise ValidationError(
                "Students' attempts include this question, so its choices cannot be deleted: "
                "that would change answers already given. Retire the question and write a new one."
            )
        if any(self.errors):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        choices = [
            Choice(text=data["text"], is_correct=data["is_correct"]) for data in kept
        ]
        problems = self.instance.choice_problems(choices)
        if problems:
            raise ValidationError(problems)


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = ChoiceFormSet
    fields = ["position", "text", "is_correct"]

    def get_extra(
        self, request: HttpRequest, obj: Question | None = None, **kwargs
    ) -> int:
        # Room for four choices on a new question; number questions simply leave them empty.
        return 0 if obj else 4


def cited_passage(question: Question) -> str:
    if not question.pk or not question.citation_is_valid():
        return "—"
    before, quote, after = question.citation_context()
    return format_html(
        '<blockquote class="cited-passage">{}</blockquote><p>Characters {}–{}. '
        '<a href="{}">See it in the article</a></p>',
        mark_span(before + quote + after, len(before), len(before) + len(quote)),
        question.citation_start,
        question.citation_end,
        question.citation_url(),
    )


class ReviewNotesFilter(admin.SimpleListFilter):
    title = "review notes"
    parameter_name = "review_notes"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[str, str]]:
        return [("yes", "Has review notes"), ("no", "No review notes")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.exclude(review_notes="")
        if self.value() == "no":
            return queryset.filter(review_notes="")
        return queryset


@admin.register(Question)
class QuestionAdmin(
    PicksLimitedToTeacher,
    RetireInsteadOfDelete,
    TeacherOwned,
    ExportActions,
    admin.ModelAdmin,
):
    export_argument = "questions"
    change_list_template = "admin/quiz/question/change_list.html"
    list_display = [
        "prompt",
        "article",
        "status_shown",
        "kind",
        "cited_words",
        "review_notes_shown",
    ]
    list_filter = [
        "status",
        "kind",
        "origin",
        ReviewNotesFilter,
        only_visible_filter("article"),
    ]
    # The article's title too: typing it in the quiz builder lists that article's questions.
    search_fields = ["prompt", "explanation", "citation_quote", "article__title"]
    inlines = [ChoiceInline]
    readonly_fields = [
        "cited_passage",
        "article_text",
        "preview",
        "rule",
        "status_changed",
        "created_at",
        "updated_at",
    ]
    actions = ["publish", "unpublish", "retire", "add_to_quiz", *EXPORT_ACTIONS]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "article",
                    "kind",
                    "prompt",
                    "numeric_answer",
                    "explanation",
                    # Beside the status: the generator's doubts are read where publishing is decided.
                    "review_notes",
                    "status",
                    "status_changed",
                    "preview",
                ]
            },
        ),
        (
            "Citation",
            {
                "description": "The exact words of the article that settle the answer. Paste the "
                "quote and leave the positions empty: they are found for you if the words occur once.",
                "fields": [
                    "citation_quote",
                    "citation_start",
                    "citation_end",
                    "cited_passage",
                    "article_text",
                ],
            },
        ),
        (
            "Provenance",
            {
                "fields": [
                    "origin",
                    "rule",
                    "key",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Every list, search and autocomplete label names the question's article.
        return super().get_queryset(request).select_related("article")

    def autocomplete_label(self, question: Question) -> str:
        return question_label(question)

    @admin.display(description="status", ordering="status")
    def status_shown(self, question: Question) -> str:
        return status_badge(question)

    @admin.display(description="review notes", ordering="review_notes")
    def review_notes_shown(self, question: Question) -> str | None:
        if not question.review_notes:
            return None
        return format_html(
            '<span class="review-notes">{}</span>', question.review_notes
        )

    @admin.display(description="cited words", ordering="citation_quote")
    def cited_words(self, question: Question) -> str:
        return format_html(
            '<q class="cited-words">{}</q>',
            Truncator(question.citation_quote).chars(160),
        )

    @admin.display(description="cited passage")
    def cited_passage(self, question: Question) -> str:
        return cited_passage(question)

    def can_edit(self, request: HttpRequest, question: Question) -> bool:
        return request.user.is_superuser or question.article.owner_id == request.user.pk

    def save_model(
        self, request: HttpRequest, question: Question, form, change: bool
    ) -> None:
        if "status" in form.changed_data:
            question.status_changed_at = timezone.now()
            question.status_changed_by = request.user
        super().save_model(request, question, form, change)

    class Media:
        js = ["js/citation_picker.js"]

    def get_urls(self) -> list:
        importer = path(
            "import/",
            self.admin_site.admin_view(self.import_view),
            name="quiz_question_import",
        )
        return [importer, *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a question bank (our JSON, GIFT or Moodle XML): all of it is imported, or none."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        problems: list[str] = []
        if request.method == "POST" and form.is_valid():
            try:
                text = decode_bank(form.cleaned_data["file"].read())
                report = import_bank(text, user=request.user)
            except ImportProblems as error:
                problems = error.problems
            else:
                self.message_user(request, report.summary(), messages.SUCCESS)
                return redirect("admin:quiz_question_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Import questions",
            "opts": self.opts,
            "form": form,
            "problems": problems,
        }
        status = 422 if problems or form.errors else 200
        return render(
            request, "admin/quiz/question/import.html", context, status=status
        )

    def get_fieldsets(self, request: HttpRequest, obj: Question | None = None) -> list:
        """The citation picker only where the teacher may change the question."""
        if obj is None or self.can_edit(request, obj):
            return self.fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if f != "article_text"],
                },
            )
            for name, options in self.fieldsets
        ]

    @admin.display(description="pick from the article")
    def article_text(self, question: Question) -> str:
        if not question.pk:
            return "Save the question once; then you can pick its citation by selecting words here."
        return format_html(
            '<p class="help">Select the words that settle the answer: the quote and its positions '
            'are filled in for you.</p><div data-citation-source tabindex="0" '
            'class="citation-source">{}</div>'
            '<p class="help" data-citation-status aria-live="polite"></p>',
            question.article.text,
        )

    @admin.display(description="status changed")
    def status_changed(self, question: Question) -> str:
        if not question.status_changed_at:
            return "—"
        who = question.status_changed_by or "someone since removed"
        return f"{question.status_changed_at:%Y-%m-%d %H:%M} by {who}"

    @admin.display(description="preview")
    def preview(self, question: Question) -> str:
        if not question.pk:
            return "—"
        url = reverse("quiz:preview_question", kwargs={"question_id": question.pk})
        return format_html(
            '<a href="{}" target="_blank">See it as a student does</a>', url
        )

    def change_status(
        self, request: HttpRequest, queryset: QuerySet, status: str
    ) -> None:
        count = queryset.editable_by(request.user).set_status(status, by=request.user)
        label = Question.Status(status).label.lower()
        self.message_user(
            request, f"{count} question(s) now {label}.", messages.SUCCESS
        )

    @admin.action(description="Publish selected questions", permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.change_status(request, queryset, Question.Status.PUBLISHED)

    @admin.action(
        description="Return selected questions to draft", permissions=["change"]
    )
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.change_status(request, queryset, Question.Status.DRAFT)

    @admin.action(description="Retire selected questions", permissions=["change"])
    def retire(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.change_status(request, queryset, Question.Status.RETIRED)

    def has_add_to_quiz_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("quiz.change_quiz")

    @admin.action(
        description="Add selected questions to a quiz", permissions=["add_to_quiz"]
    )
    def add_to_quiz(
        self, request: HttpRequest, queryset: QuerySet
    ) -> HttpResponse | None:
        """Asks which of the teacher's quizzes, then appends the questions to it. The queryset
        holds only questions this teacher may see: forged ids of others' are already gone."""
        form = AddToQuizForm(
            request.POST if "apply" in request.POST else None, teacher=request.user
        )
        if form.is_valid():
            quiz = form.cleaned_data["quiz"]
            outcome = quiz.add_questions(queryset)
            url = reverse("admin:quiz_quiz_change", args=[quiz.pk])
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">Open the quiz</a>', outcome.summary(), url
                ),
                messages.SUCCESS if outcome.added else messages.WARNING,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Add questions to a quiz",
            "opts": self.opts,
            "questions": queryset,
            "form": form,
            "has_quizzes": form.fields["quiz"].queryset.exists(),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request,
            "admin/quiz/question/add_to_quiz.html",
            context,
            status=422 if form.errors else 200,
        )

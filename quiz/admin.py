"""The teachers' side: articles, questions with their citations, quizzes, and students' attempts."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.html import format_html

from quiz.models import Article, Attempt, Choice, Question, Quiz, QuizEntry, Response
from quiz.passages import mark_span


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "publisher",
        "published_on",
        "date_is_approximate",
        "question_count",
    ]
    search_fields = ["title", "publisher", "text"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "title_is_added", "slug", "text"]}),
        (
            "Source",
            {"fields": ["publisher", "url", "published_on", "date_is_approximate"]},
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(question_count=Count("questions"))

    @admin.display(description="questions", ordering="question_count")
    def question_count(self, article: Article) -> int:
        return article.question_count


class ChoiceFormSet(BaseInlineFormSet):
    """Checks the choices together against the question's kind (one right answer, or several)."""

    def clean(self) -> None:
        super().clean()
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
    extra = 0
    min_num = 2


def cited_passage(question: Question) -> str:
    if not question.pk or not question.citation_is_valid():
        return "—"
    before, quote, after = question.citation_context()
    return format_html(
        '<blockquote style="max-width:48rem">{}</blockquote><p>Characters {}–{}. '
        '<a href="{}">See it in the article</a></p>',
        mark_span(before + quote + after, len(before), len(before) + len(quote)),
        question.citation_start,
        question.citation_end,
        question.citation_url(),
    )


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["prompt", "article", "kind", "status", "origin", "updated_at"]
    list_filter = ["status", "kind", "origin", "article"]
    search_fields = ["prompt", "explanation", "citation_quote"]
    list_select_related = ["article"]
    inlines = [ChoiceInline]
    readonly_fields = ["cited_passage", "rule", "created_at", "updated_at"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["article", "kind", "prompt", "explanation", "status"]}),
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
                ],
            },
        ),
        (
            "Provenance",
            {
                "fields": [
                    "origin",
                    "rule",
                    "review_notes",
                    "key",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(description="cited passage")
    def cited_passage(self, question: Question) -> str:
        return cited_passage(question)

    @admin.action(description="Publish selected questions")
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.update(status=Question.Status.PUBLISHED)
        self.message_user(request, f"Published {count} question(s).", messages.SUCCESS)

    @admin.action(description="Return selected questions to draft")
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.update(status=Question.Status.DRAFT)
        self.message_user(
            request, f"Returned {count} question(s) to draft.", messages.SUCCESS
        )


class QuizEntryInline(admin.TabularInline):
    model = QuizEntry
    fields = ["position", "question"]
    autocomplete_fields = ["question"]
    extra = 0


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "published", "question_count"]
    list_filter = ["published"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [QuizEntryInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(question_count=Count("entries"))

    @admin.display(description="questions", ordering="question_count")
    def question_count(self, quiz: Quiz) -> int:
        return quiz.question_count


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
        "score",
        "answered_count",
        "started_at",
        "finished_at",
    ]
    list_filter = ["quiz", "finished_at"]
    search_fields = ["display_name"]
    list_select_related = ["quiz"]
    fields = [
        "quiz",
        "display_name",
        "score",
        "answered_count",
        "started_at",
        "finished_at",
    ]
    readonly_fields = fields
    inlines = [ResponseInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: Attempt | None = None
    ) -> bool:
        return False

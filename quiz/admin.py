"""The teachers' side: articles, questions with their citations, quizzes, and students' attempts."""

from dataclasses import dataclass
from uuid import UUID

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import (
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.forms import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.text import Truncator, slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.vary import vary_on_headers

from quiz.charts import (
    bar_chart_svg,
    choice_bars,
    facility_bars,
    histogram_svg,
    number_bars,
    text_equivalent,
)
from quiz.exchange import (
    EXTENSIONS,
    ImportProblems,
    collect_bank,
    decode_bank,
    dump_bank,
    import_bank,
    left_out,
)
from quiz.forms import ArticleForm, ArticleFromWebForm, ImportForm
from quiz.models import (
    Article,
    Assignment,
    Attempt,
    Choice,
    Question,
    Quiz,
    QuizEntry,
    Response,
)
from quiz.passages import mark_span
from quiz.reports import assignment_report, report_csv, student_report

# Teachers live in wide lists (questions with their citations and review notes): the page's
# width goes to the columns rather than to a second list of the same five models.
admin.site.enable_nav_sidebar = False


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


def view_on_site(
    request: HttpRequest, content_type_id: int, object_id: str
) -> HttpResponse:
    """The admin's "View on site" redirect, for objects this teacher's admin shows. Django's own
    redirects to any object's page by content type and id, which would hand a teacher another
    teacher's join codes and private slugs (ids are sequential)."""
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None or not admin.site.is_registered(model):
        raise Http404("No such object.")
    model_admin = admin.site.get_model_admin(model)
    if not model_admin.has_view_permission(request) or (
        model_admin.get_object(request, object_id) is None
    ):
        raise Http404("No such object.")
    return shortcut(request, content_type_id, object_id)


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


# The article last read from a web page, until the teacher saves it from the add form.
FROM_WEB_SESSION_KEY = "article_from_web"


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete, labelling each result the way its model admin's
    `autocomplete_label` says (questions by status and article) instead of by `str()` alone."""

    def serialize_result(self, obj: models.Model, to_field_name: str) -> dict:
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        return {**result, "text": label(obj)} if label else result


def autocomplete(request: HttpRequest) -> HttpResponse:
    """Replaces the admin's own autocomplete URL (see config/urls.py)."""
    return LabelledAutocompleteJsonView.as_view(admin_site=admin.site)(request)


def question_label(question: Question) -> str:
    """A question as a teacher picks it for a quiz: status and article first, because prompts
    from different articles read alike and a draft is never asked."""
    return f"[{question.get_status_display()}] {question.article} — {question}"


def status_badge(question: Question) -> str:
    return format_html(
        '<span class="status status-{}">{}</span>',
        question.status,
        question.get_status_display(),
    )


def quiz_choice_label(quiz: Quiz) -> str:
    """A quiz as a teacher chooses it: with how many of its questions students would get."""
    return f"{quiz} — questions: {quiz.published_of_total()}"


@admin.register(Article)
class ArticleAdmin(
    RetireInsteadOfDelete, TeacherOwned, ExportActions, admin.ModelAdmin
):
    export_argument = "articles"
    actions = ["generate_questions", *EXPORT_ACTIONS]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
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

    form = ArticleForm

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(question_count=Count("questions"))

    def get_urls(self) -> list:
        from_web = path(
            "from-web/",
            self.admin_site.admin_view(self.from_web_view),
            name="quiz_article_from_web",
        )
        return [from_web, *super().get_urls()]

    def from_web_view(self, request: HttpRequest) -> HttpResponse:
        """Read an article from a web address or a saved page, then open the usual "Add article"
        form filled in with it, for the teacher to check and save. Nothing is saved here."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ArticleFromWebForm(
            request.POST if request.method == "POST" else None, request.FILES or None
        )
        if request.method == "POST" and form.is_valid():
            extracted = form.extracted_article()
            if extracted is not None:
                # Held in the session, not in the address: an article's text is too long for one.
                request.session[FROM_WEB_SESSION_KEY] = {
                    "title": extracted.title,
                    "slug": Article.objects.unused_slug(extracted.title),
                    "publisher": extracted.publisher,
                    "url": extracted.url,
                    "published_on": extracted.published_on.isoformat()
                    if extracted.published_on
                    else "",
                    "text": extracted.text,
                }
                self.message_user(
                    request,
                    "Check the text against the page before saving: the reading leaves out "
                    "menus and adverts, and can leave out or keep a paragraph it should not. "
                    "Also check the title, publisher and date.",
                    messages.WARNING,
                )
                return redirect(f"{reverse('admin:quiz_article_add')}?from_web=1")
        context = {
            **self.admin_site.each_context(request),
            "title": "New article from a web page",
            "opts": self.opts,
            "form": form,
        }
        status = 422 if form.errors else 200
        return render(
            request, "admin/quiz/article/from_web.html", context, status=status
        )

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        initial = super().get_changeform_initial_data(request)
        if "from_web" in request.GET:
            initial.update(request.session.get(FROM_WEB_SESSION_KEY, {}))
        return initial

    @admin.display(description="questions", ordering="question_count")
    def question_count(self, article: Article) -> int:
        return article.question_count

    def response_add(
        self, request: HttpRequest, obj: Article, post_url_continue=None
    ) -> HttpResponse:
        # Saved: the page's reading is no longer needed, nor to be offered again.
        request.session.pop(FROM_WEB_SESSION_KEY, None)
        if "_generate" in request.POST:
            return self.generate_and_show(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request: HttpRequest, obj: Article) -> HttpResponse:
        if "_generate" in request.POST:
            return self.generate_and_show(request, obj)
        return super().response_change(request, obj)

    def generate_and_show(self, request: HttpRequest, article: Article) -> HttpResponse:
        """Generate, then show the article's generated drafts ready for review."""
        self.generate(request, article)
        url = reverse("admin:quiz_question_changelist")
        return redirect(
            f"{url}?article__id__exact={article.pk}&origin__exact=generated"
        )

    def generate(self, request: HttpRequest, article: Article) -> None:
        # Imported here: the generator loads spaCy, which every app server's start-up (and each
        # worker that gunicorn recycles) would otherwise pay for, generating or not.
        from quiz.generating import generate_for_article
        from quiz.generation import GenerationError

        try:
            report = generate_for_article(article)
        except GenerationError as error:
            self.message_user(
                request, f"{article}: no questions generated. {error}", messages.ERROR
            )
            return
        self.message_user(
            request,
            f"{article}: {report.created} new draft question(s) to review"
            f" ({report.unchanged} generated earlier were already there).",
            messages.SUCCESS,
        )

    @admin.action(
        description="Generate questions for the selected articles",
        permissions=["change"],
    )
    def generate_questions(self, request: HttpRequest, queryset: QuerySet) -> None:
        for article in queryset.editable_by(request.user):
            self.generate(request, article)


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


class AddToQuizForm(forms.Form):
    quiz = forms.ModelChoiceField(
        queryset=Quiz.objects.none(),
        help_text="Your own quizzes. The questions go at the end, each at most once.",
    )

    def __init__(self, *args, teacher, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only quizzes the teacher may change: the queryset also refuses a forged id.
        self.fields["quiz"].queryset = (
            Quiz.objects.editable_by(teacher).with_question_tally().order_by("title")
        )
        self.fields["quiz"].label_from_instance = quiz_choice_label


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


@dataclass(frozen=True)
class Chart:
    """A picture and the same numbers as a table, for those who cannot see the picture."""

    svg: str
    rows: list[tuple[str, str]]
    headings: tuple[str, str]


def choice_chart(number: int, item) -> Chart | None:
    if not item.choices:
        return None
    bars = choice_bars(item)
    return Chart(
        svg=bar_chart_svg(
            bars, title=f"Q{number}: choices picked", description=item.prompt
        ),
        rows=text_equivalent(bars),
        headings=("Choice", "Picked by"),
    )


def number_chart(number: int, item) -> Chart | None:
    if not item.numbers:
        return None
    bars = number_bars(item)
    return Chart(
        svg=bar_chart_svg(
            bars, title=f"Q{number}: numbers typed", description=item.prompt
        ),
        rows=text_equivalent(bars),
        headings=("Number typed", "Typed by"),
    )


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
        count = queryset.filter(closed_at__isnull=True).update(closed_at=timezone.now())
        self.message_user(request, f"Closed {count} assignment(s).", messages.SUCCESS)

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
        facility = facility_bars(report.items)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Results: {report.assignment.title}",
            "opts": self.opts,
            "report": report,
            "join_url": request.build_absolute_uri(
                report.assignment.get_absolute_url()
            ),
            "histogram": Chart(
                svg=histogram_svg(
                    report.distribution,
                    title="Scores of the class",
                    description="How many students finished with each score.",
                ),
                rows=text_equivalent(report.distribution),
                headings=("Score", "Students"),
            ),
            "facility": Chart(
                svg=bar_chart_svg(
                    facility,
                    title="Share right on each question",
                    description="Facility: the mean points on each question, from 0 to 100%.",
                ),
                rows=text_equivalent(facility),
                headings=("Question", "Facility"),
            ),
            "questions": [
                (number, item, choice_chart(number, item) or number_chart(number, item))
                for number, item in enumerate(report.items, start=1)
            ],
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

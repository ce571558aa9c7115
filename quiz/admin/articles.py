"""Articles: written or pasted by hand, or read from a web page, and the questions generated from them."""

import logging

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from quiz.admin.exports import EXPORT_ACTIONS, ExportActions
from quiz.admin.forms import ArticleFromWebForm
from quiz.admin.teacher_owned import RetireInsteadOfDelete, TeacherOwned
from quiz.models import (
    Article,
)

# The article last read from a web page, until the teacher saves it from the add form.
FROM_WEB_SESSION_KEY = "article_from_web"

logger = logging.getLogger(__name__)


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
        from quiz.exchange.generated import generate_for_article
        from quiz.generation import GenerationError

        try:
            report = generate_for_article(article)
        except GenerationError as error:
            self.message_user(
                request, f"{article}: no questions generated. {error}", messages.ERROR
            )
            return
        except Exception:
            # A fault of the generator on this text, not of the teacher's input: the article stays
            # saved and nothing is created; the traceback goes to the log for the administrator.
            logger.exception("Generating questions for article %s failed", article.pk)
            self.message_user(
                request,
                f"{article}: no questions generated. The generator failed on this text; the"
                " article is saved, and the fault is logged for your administrator.",
                messages.ERROR,
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

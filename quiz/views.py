"""The student's pages. One view per page; htmx asks the same URL for the fragment it swaps in."""

import secrets
from dataclasses import dataclass
from http import HTTPStatus
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from quiz.forms import StartForm, answer_form
from quiz.models import (
    AnswerRefused,
    Article,
    Attempt,
    Choice,
    Question,
    Quiz,
    Response,
)
from quiz.passages import paragraphs, parse_span


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


BROWSER_ID_KEY = "browser_id"


def browser_id(request: HttpRequest) -> str | None:
    return request.session.get(BROWSER_ID_KEY)


def ensure_browser_id(request: HttpRequest) -> str:
    """A random id for this browser, kept in its session: attempts belong to it."""
    if BROWSER_ID_KEY not in request.session:
        request.session[BROWSER_ID_KEY] = secrets.token_urlsafe(24)
    return request.session[BROWSER_ID_KEY]


def fragment_or_page(request: HtmxHttpRequest, template: str, fragment: str) -> str:
    """The partial htmx swaps in, or the whole page (also when htmx restores history)."""
    if request.htmx and not request.htmx.history_restore_request:
        return f"{template}#{fragment}"
    return template


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    quizzes = (
        Quiz.objects.published().with_question_count().filter(question_count__gt=0)
    )
    return render(request, "quiz/home.html", {"quizzes": quizzes})


@require_http_methods(["GET", "POST"])
@never_cache
def quiz_detail(request: HttpRequest, slug: str) -> HttpResponse:
    quiz = get_object_or_404(Quiz.objects.published().with_question_count(), slug=slug)
    form = StartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if quiz.question_count == 0:
            form.add_error(
                None, "This quiz has no questions yet, so it cannot be started."
            )
        else:
            attempt = quiz.start_attempt(
                browser_id=ensure_browser_id(request),
                display_name=form.cleaned_data["display_name"],
            )
            return redirect(attempt.question_url(1))
    context = {
        "quiz": quiz,
        "articles": quiz.articles(),
        "form": form,
        "attempts": Attempt.objects.owned_by(browser_id(request)).filter(quiz=quiz)[:5],
    }
    status = HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else HTTPStatus.OK
    return render(request, "quiz/quiz.html", context, status=status)


@dataclass(frozen=True)
class ShownChoice:
    """A choice as the page shows it. `correct` is None until the question is answered, so the
    page has no answer key to give away."""

    id: int
    text: str
    chosen: bool = False
    correct: bool | None = None


def shown_choices(
    choices: list[Choice], response: Response | None
) -> list[ShownChoice]:
    if response is None:
        return [ShownChoice(id=choice.pk, text=choice.text) for choice in choices]
    chosen_ids = {choice.pk for choice in response.chosen.all()}
    return [
        ShownChoice(
            id=choice.pk,
            text=choice.text,
            chosen=choice.pk in chosen_ids,
            correct=choice.is_correct,
        )
        for choice in choices
    ]


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@never_cache
def question(request: HtmxHttpRequest, attempt_id: UUID, position: int) -> HttpResponse:
    attempt = get_object_or_404(
        Attempt.objects.owned_by(browser_id(request)).select_related("quiz"),
        pk=attempt_id,
    )
    try:
        question = attempt.question_at(position)
    except Question.DoesNotExist:
        raise Http404("No such question in this attempt.") from None
    choices = attempt.display_order(question)
    response = (
        attempt.responses.filter(question=question).prefetch_related("chosen").first()
    )
    form = answer_form(question, choices)
    message, status = "", HTTPStatus.OK

    if request.method == "POST":
        if response is not None:
            message = (
                "You have already answered this question: your first answer counts."
            )
        elif attempt.is_finished:
            message = "This attempt is finished, so answers can no longer change."
            status = HTTPStatus.CONFLICT
        else:
            form = answer_form(question, choices, request.POST)
            if form.is_valid():
                try:
                    response = attempt.record_answer(question, **form.answer())
                except AnswerRefused as refusal:
                    message, status = str(refusal), HTTPStatus.CONFLICT
            else:
                status = HTTPStatus.UNPROCESSABLE_ENTITY
        if status == HTTPStatus.OK and not request.htmx:
            return redirect(request.path)

    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "question": question,
        "position": position,
        "page_title": f"Question {position} of {attempt.question_count} – {attempt.quiz.title}",
        "choices": shown_choices(choices, response),
        "response": response,
        "form": form,
        "message": message,
        "next_url": attempt.question_url(position + 1)
        if position < attempt.question_count
        else None,
    }
    if response is not None:
        context["right_answers"] = question.correct_choices()
        context["citation"] = question.citation_context()
    template = fragment_or_page(request, "quiz/question.html", "question-card")
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@never_cache
def results(request: HttpRequest, attempt_id: UUID) -> HttpResponse:
    attempt = get_object_or_404(
        Attempt.objects.owned_by(browser_id(request)).select_related("quiz"),
        pk=attempt_id,
    )
    if request.method == "POST":
        attempt.finish()
        return redirect(attempt.get_absolute_url())
    questions = Question.objects.filter(pk__in=attempt.question_ids).select_related(
        "article"
    )
    questions = {
        question.pk: question for question in questions.prefetch_related("choices")
    }
    responses = {
        response.question_id: response
        for response in attempt.responses.prefetch_related("chosen")
    }
    rows, next_position = [], None
    for position, question_id in enumerate(attempt.question_ids, start=1):
        question = questions.get(question_id)
        if question is None:  # deleted since the attempt started
            continue
        response = responses.get(question_id)
        if response is None and next_position is None:
            next_position = position
        rows.append(
            {
                "position": position,
                "question": question,
                "response": response,
                "chosen": list(response.chosen.all()) if response else [],
                "right_answers": question.correct_choices(),
                "citation": question.citation_context(),
                "url": attempt.question_url(position),
            }
        )
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "rows": rows,
        "next_url": attempt.question_url(next_position)
        if next_position and not attempt.is_finished
        else None,
    }
    return render(request, "quiz/results.html", context)


@require_GET
def article(request: HttpRequest, slug: str) -> HttpResponse:
    # Teachers may read any article, including those whose questions are still drafts.
    articles = (
        Article.objects.all() if request.user.is_staff else Article.objects.public()
    )
    article = get_object_or_404(articles, slug=slug)
    highlight = parse_span(request.GET.get("cite"), length=len(article.text))
    context = {
        "article": article,
        "paragraphs": paragraphs(article.text, highlight=highlight),
        "highlight": highlight,
    }
    return render(request, "quiz/article.html", context)

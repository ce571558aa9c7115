"""The student's pages. One view per page; htmx asks the same URL for the fragment it swaps in."""

import json
import sys
from dataclasses import dataclass, replace
from http import HTTPStatus
from uuid import UUID

from django import forms
from django.contrib.admin.views.decorators import staff_member_required
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from django.views.decorators.vary import vary_on_headers

from quiz.forms import JoinForm, StartForm, answer_form
from quiz.limits import (
    ANSWERS_PER_BROWSER,
    JOIN_FAILURES_PER_BROWSER,
    client_address,
    join_code_allowed,
    join_code_was_right,
    start_allowed,
)
from quiz.middleware import (
    QuizHttpRequest,
    busy_response,
    ensure_browser_id,
    is_transient,
)
from quiz.models import (
    ALREADY_ANSWERED,
    AnswerOutcome,
    Article,
    Assignment,
    Attempt,
    Choice,
    ContentVersion,
    Question,
    Quiz,
    StartRefused,
)
from quiz.models.attempts import clock
from quiz.passages import paragraphs, parse_span


def fragment_or_page(request: QuizHttpRequest, template: str, fragment: str) -> str:
    """The partial htmx swaps in, or the whole page (also when htmx restores history)."""
    if request.htmx and not request.htmx.history_restore_request:
        return f"{template}#{fragment}"
    return template


def own_attempt(request: QuizHttpRequest, attempt_id: UUID) -> Attempt:
    attempt = Attempt.objects.owned(attempt_id, request.browser_id)
    if attempt is None:
        raise Http404("No such attempt in this browser.")
    return attempt


@require_safe
def home(request: QuizHttpRequest) -> HttpResponse:
    quizzes = (
        Quiz.objects.published().with_question_count().filter(question_count__gt=0)
    )
    return render(request, "quiz/home.html", {"quizzes": quizzes})


def quiz_json_ld(
    quiz: Quiz, articles: list[Article], question_count: int, request: QuizHttpRequest
) -> str:
    """schema.org Quiz markup: what the quiz is about, never its answers."""
    data = {
        "@context": "https://schema.org",
        "@type": "Quiz",
        "name": quiz.title,
        "description": quiz.description,
        "url": request.build_absolute_uri(quiz.get_absolute_url()),
        "numberOfQuestions": question_count,
        "educationalUse": "fact-checking practice",
        "about": [
            without_empty(article_json_ld(article, request)) for article in articles
        ],
        "hasPart": [
            {"@type": "Question", "position": position}
            for position in range(1, question_count + 1)
        ],
    }
    # Escaped for a <script> element: "</" and "<!--" inside a title cannot end it early.
    return json.dumps(without_empty(data), ensure_ascii=False).replace("<", "\\u003c")


def article_json_ld(article: Article, request: QuizHttpRequest) -> dict:
    return {
        "@type": "NewsArticle",
        "headline": article.title,
        "publisher": {"@type": "Organization", "name": article.publisher}
        if article.publisher
        else None,
        "datePublished": article.published_on.isoformat()
        if article.published_on
        else None,
        "url": article.url or request.build_absolute_uri(article.get_absolute_url()),
    }


def without_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [])}


@require_http_methods(["GET", "POST"])
@never_cache
def quiz_detail(request: QuizHttpRequest, slug: str) -> HttpResponse:
    quiz = get_object_or_404(Quiz.objects.published().with_question_count(), slug=slug)
    form = StartForm(request.POST if request.method == "POST" else None)
    status = HTTPStatus.OK
    if request.method == "POST" and not start_allowed(
        ensure_browser_id(request), client_address(request)
    ):
        form.add_error(None, TOO_MANY_STARTS)
        status = HTTPStatus.TOO_MANY_REQUESTS
    elif request.method == "POST" and form.is_valid():
        try:
            attempt = Attempt.objects.start(
                quiz,
                browser_id=ensure_browser_id(request),
                display_name=form.cleaned_data["display_name"],
            )
        except StartRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect(attempt.question_url(1))
    articles = list(quiz.articles())
    context = {
        "quiz": quiz,
        "articles": articles,
        "form": form,
        "attempts": Attempt.objects.owned_by(request.browser_id).filter(quiz=quiz)[:5],
        "json_ld": quiz_json_ld(quiz, articles, quiz.question_count, request),
    }
    if form.errors and status == HTTPStatus.OK:
        status = HTTPStatus.UNPROCESSABLE_ENTITY
    return render(request, "quiz/quiz.html", context, status=status)


@require_POST
@staff_member_required
def preview_quiz(request: QuizHttpRequest, slug: str) -> HttpResponse:
    """A teacher takes the quiz as a student would, published or not; the attempt never counts."""
    quiz = get_object_or_404(Quiz.objects.visible_to(request.user), slug=slug)
    try:
        attempt = Attempt.objects.start(
            quiz, browser_id=ensure_browser_id(request), preview=True
        )
    except StartRefused as refusal:
        return render(
            request,
            "quiz/preview_refused.html",
            {"quiz": quiz, "message": str(refusal)},
        )
    return redirect(attempt.question_url(1))


TOO_MANY_STARTS = (
    "Too many quizzes were started from here in the last few minutes: wait a moment, then try "
    "again."
)
WRONG_CODE = "No open quiz has that code. Check it with your teacher."
TOO_MANY_CODES = (
    f"Too many wrong codes from here: wait {JOIN_FAILURES_PER_BROWSER.minutes} minutes, then "
    "check the code with your teacher."
)


def join_page(
    request: QuizHttpRequest,
    form: JoinForm,
    assignment: Assignment | None = None,
    *,
    status: HTTPStatus | None = None,
) -> HttpResponse:
    """The join form, with the assignment once its code is known to be right."""
    if status is None:
        status = HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else HTTPStatus.OK
    context = {"form": form, "assignment": assignment}
    return render(request, "quiz/join.html", context, status=status)


def join_refused(
    request: QuizHttpRequest, form: JoinForm, *, message: str, status: HTTPStatus
) -> HttpResponse:
    """The join form as it was typed and why it was refused, without a word about any
    assignment: the same page for every wrong code, however it was asked."""
    context = {"form": form.as_typed(), "message": message}
    return render(request, "quiz/join.html", context, status=status)


@require_http_methods(["GET", "POST"])
@never_cache
def join(request: QuizHttpRequest, code: str = "") -> HttpResponse:
    """Students join a class assignment with its code and their name.

    A code asked about in the address (/join/CODE/) or the form is counted before it is looked up,
    and only a right one is uncounted, so guessing is bounded however it asks. A wrong or closed
    code gets one answer either way, which says nothing about which codes exist."""
    form = JoinForm(request.POST if request.method == "POST" else None, code=code)
    if not form.typed_code.strip():  # the empty form, or a form sent without a code
        return join_page(request, form)
    browser, address = ensure_browser_id(request), client_address(request)
    if not join_code_allowed(browser, address):
        return join_refused(
            request,
            form,
            message=TOO_MANY_CODES,
            status=HTTPStatus.TOO_MANY_REQUESTS,
        )
    assignment = form.open_assignment()
    if assignment is None:
        return join_refused(
            request, form, message=WRONG_CODE, status=HTTPStatus.NOT_FOUND
        )
    join_code_was_right(browser, address)

    if form.is_valid():  # never for the address's code alone: that form is not sent
        name = form.cleaned_data["name"]
        earlier = list(assignment.attempts.of_student(name))
        if earlier and not any(attempt.browser_id == browser for attempt in earlier):
            return rejoin(request, form, assignment, earlier, browser=browser)
        if earlier and earlier[0].refusal(timezone.now()) is None:
            # Joining again in the same browser continues the attempt under way.
            return redirect(earlier[0].continue_url())
        if not start_allowed(browser, address):
            form.add_error(None, TOO_MANY_STARTS)
            return join_page(
                request, form, assignment, status=HTTPStatus.TOO_MANY_REQUESTS
            )
        try:
            attempt = Attempt.objects.start(
                assignment.quiz,
                browser_id=browser,
                display_name=name,
                assignment=assignment,
            )
        except StartRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect(attempt.question_url(1))
    return join_page(request, form, assignment)


NAME_TAKEN = (
    "Someone has already joined as “{name}”. If that was you on another device, type the "
    "personal code shown there under your questions. If not, add your surname or its first "
    "letter to your name."
)
WRONG_PERSONAL_CODE = (
    "That is not the personal code of “{name}”. Check it on the device where you started, or "
    "ask your teacher: it is on their results page."
)
TOO_MANY_PERSONAL_CODES = (
    f"Too many wrong codes from here: wait {JOIN_FAILURES_PER_BROWSER.minutes} minutes, or ask "
    "your teacher for your personal code."
)


def rejoin(
    request: QuizHttpRequest,
    form: JoinForm,
    assignment: Assignment,
    earlier: list[Attempt],
    *,
    browser: str,
) -> HttpResponse:
    """A name that joined from another browser: its personal code moves the student's attempts
    to this browser and continues the latest. Without the code, a second student of that name
    would become a second row under it; a wrong code is counted like a wrong join code, before
    it is checked, so guessing it is bounded as guessing join codes is."""
    name, typed = form.cleaned_data["name"], form.cleaned_data["personal_code"]
    context = {"form": form, "assignment": assignment, "asks_personal_code": True}
    if not typed:
        context["notice"] = NAME_TAKEN.format(name=name)
        return render(request, "quiz/join.html", context)
    address = client_address(request)
    if not join_code_allowed(browser, address):
        context["message"] = TOO_MANY_PERSONAL_CODES
        return render(
            request, "quiz/join.html", context, status=HTTPStatus.TOO_MANY_REQUESTS
        )
    if not any(attempt.has_personal_code(typed) for attempt in earlier):
        form.add_error("personal_code", WRONG_PERSONAL_CODE.format(name=name))
        return render(
            request,
            "quiz/join.html",
            context,
            status=HTTPStatus.UNPROCESSABLE_ENTITY,
        )
    join_code_was_right(browser, address)
    latest = Attempt.objects.move_to_browser(earlier, browser)
    return redirect(latest.continue_url())


@dataclass(frozen=True)
class ShownChoice:
    """A choice as the page shows it. `correct` is None until feedback may be shown, so the page
    has no answer key to give away."""

    id: int
    text: str
    chosen: bool = False
    correct: bool | None = None


def shown_choices(
    choices: list[Choice], *, chosen_ids: frozenset[int], reveal: bool
) -> tuple[ShownChoice, ...]:
    # A tuple of frozen dataclasses, so the template can key the cached choices on it.
    return tuple(
        ShownChoice(
            id=choice.pk,
            text=choice.text,
            chosen=choice.pk in chosen_ids,
            correct=choice.is_correct if reveal else None,
        )
        for choice in choices
    )


def question_card(
    *,
    question: Question,
    choices: list[Choice],
    outcome: AnswerOutcome,
    reveal: bool,
    form: forms.Form | None,
    form_url: str,
) -> dict:
    """What the question card shows, the same for a student's attempt and a teacher's preview."""
    shown = shown_choices(choices, chosen_ids=outcome.chosen_ids, reveal=reveal)
    response = outcome.response
    return {
        "question": question,
        "choices": shown,
        "your_answer": response.answer_texts(c for c in shown if c.chosen)
        if response
        else [],
        "response": response,
        "reveal": reveal,
        "message": outcome.message,
        "form": form,
        "form_url": form_url,
    }


TOO_FAST = "You are answering faster than a person can: wait a minute."


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@never_cache
def question(request: QuizHttpRequest, attempt_id: UUID, position: int) -> HttpResponse:
    attempt = own_attempt(request, attempt_id)
    try:
        question = attempt.question_at(position)
    except Question.DoesNotExist:
        raise Http404("No such question in this attempt.") from None
    choices = attempt.display_order(question)
    # Only an answer needs the form: the template writes the inputs itself.
    form, status = None, HTTPStatus.OK
    if request.method != "POST":
        outcome = attempt.answer_shown(question)
    elif ANSWERS_PER_BROWSER.hit(attempt.browser_id) > ANSWERS_PER_BROWSER.count:
        outcome, status = AnswerOutcome(message=TOO_FAST), HTTPStatus.TOO_MANY_REQUESTS
    else:
        form = answer_form(question, choices, request.POST)
        if form.is_valid():
            outcome = attempt.answer(question, **form.answer())
            if outcome.refused:
                status = HTTPStatus.CONFLICT
            elif not request.htmx:
                return redirect(request.path)  # Post/Redirect/Get without JavaScript
        else:
            outcome = attempt.answer_shown(question)
            if outcome.response is None:
                status = HTTPStatus.UNPROCESSABLE_ENTITY
            else:  # answered already, from another tab: that answer stands
                form, outcome = None, replace(outcome, message=ALREADY_ANSWERED)

    reveal = outcome.response is not None and attempt.shows_feedback
    now = timezone.now()
    seconds_left = attempt.seconds_left(now)
    context = {
        **question_card(
            question=question,
            choices=choices,
            outcome=outcome,
            reveal=reveal,
            form=form,
            form_url=request.path,
        ),
        "attempt": attempt,  # for its personal code, outside the question card
        "quiz": attempt.quiz,
        "position": position,
        "question_count": attempt.question_count,
        "answered_count": attempt.answered_count,
        "score": attempt.score if attempt.quiz.feedback_after_each else None,
        # The clock only while it runs: once time is up, the notice says so instead.
        "expires_at": attempt.expires_at if seconds_left else None,
        "seconds_left": seconds_left,
        "time_left": clock(seconds_left) if seconds_left else "",
        "page_title": f"Question {position} of {attempt.question_count} – {attempt.quiz.title}",
        "reveal_on_answer": attempt.quiz.feedback_after_each,
        "content_version": attempt.content_version,
        "closed": attempt.refusal(now) if outcome.response is None else None,
        "results_url": attempt.get_absolute_url(),
        "citation_url": attempt.citation_url(question, position) if reveal else "",
        "next_url": attempt.question_url(position + 1)
        if position < attempt.question_count
        else None,
    }
    template = fragment_or_page(request, "quiz/question.html", "question-card")
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@never_cache
@staff_member_required
def preview_question(request: QuizHttpRequest, question_id: int) -> HttpResponse:
    """A teacher sees and answers one question exactly as a student would; nothing is stored."""
    content_version = ContentVersion.current()  # before the question: see its docstring
    questions = (
        Question.objects.visible_to(request.user)
        .select_related("article")
        .prefetch_related("choices")
    )
    question = get_object_or_404(questions, pk=question_id)
    choices = Attempt(quiz=Quiz()).display_order(question)
    form = answer_form(
        question, choices, request.POST if request.method == "POST" else None
    )
    outcome, status = AnswerOutcome(), HTTPStatus.OK
    if request.method == "POST":
        if form.is_valid():
            outcome = AnswerOutcome.scored_only(question, **form.answer())
        else:
            status = HTTPStatus.UNPROCESSABLE_ENTITY
    answered = outcome.response is not None
    context = {
        **question_card(
            question=question,
            choices=choices,
            outcome=outcome,
            reveal=answered,
            form=form,
            form_url=request.path,
        ),
        "preview": True,
        "position": 1,
        "question_count": 1,
        "answered_count": 1 if answered else 0,
        "score": None,
        "page_title": f"Preview: {question}",
        "reveal_on_answer": True,
        "content_version": content_version,
    }
    template = fragment_or_page(request, "quiz/question.html", "question-card")
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@never_cache
def results(request: QuizHttpRequest, attempt_id: UUID) -> HttpResponse:
    attempt = own_attempt(request, attempt_id)
    if request.method == "POST":
        attempt.finish()
        return redirect(attempt.get_absolute_url())
    questions = attempt.questions()
    stored = attempt.stored_responses()
    rows, next_position = [], None
    for position, question_id in enumerate(attempt.question_ids, start=1):
        question = questions.get(question_id)
        if question is None:
            # Only in an attempt finished before its questions were protected from deletion
            # (migration 0005): its recorded result stands, the deleted question is not shown.
            continue
        response, chosen_ids = stored.get(question_id, (None, set()))
        if response is None and next_position is None:
            next_position = position
        row = {
            "position": position,
            "question": question,
            "response": response,
            "url": attempt.question_url(position),
        }
        if attempt.shows_feedback and (response or attempt.is_finished):
            row["reveal"] = True
            chosen = [c for c in question.choices.all() if c.pk in chosen_ids]
            row["your_answer"] = response.answer_texts(chosen) if response else []
            row["citation_url"] = attempt.citation_url(question, position)
        rows.append(row)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "content_version": attempt.content_version,
        "rows": rows,
        "passed": attempt.quiz.pass_mark_met(attempt.percentage)
        if attempt.is_finished
        else None,
        "next_url": attempt.question_url(next_position)
        if next_position and not attempt.is_finished
        else None,
    }
    return render(request, "quiz/results.html", context)


@require_safe
@never_cache
def finish(request: QuizHttpRequest, attempt_id: UUID) -> HttpResponse:
    """Asks before finishing early, without JavaScript: what happens to the unanswered questions,
    then Finish (a form posting to the results page, which finishes the attempt) or Keep going."""
    attempt = own_attempt(request, attempt_id)
    if attempt.is_finished:
        return redirect(attempt.get_absolute_url())
    answered = set(attempt.stored_responses())
    next_position = next(
        (
            position
            for position, question_id in enumerate(attempt.question_ids, start=1)
            if question_id not in answered
        ),
        1,
    )
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "unanswered": attempt.question_count - attempt.answered_count,
        "continue_url": attempt.question_url(next_position),
    }
    return render(request, "quiz/finish.html", context)


@require_safe
def article(request: QuizHttpRequest, slug: str) -> HttpResponse:
    # Teachers may read any article they can see, including those whose questions are drafts.
    articles = (
        Article.objects.visible_to(request.user)
        if request.user.is_staff
        else Article.objects.public()
    )
    article = get_object_or_404(articles, slug=slug)
    highlight = parse_span(request.GET.get("cite"), length=len(article.text))
    back = question_to_return_to(request, article)
    context = {
        "article": article,
        "paragraphs": paragraphs(article.text, highlight=highlight),
        "highlight": highlight,
        "back_position": back[0] if back else None,
        "back_url": back[1] if back else None,
    }
    response = render(request, "quiz/article.html", context)
    if back:
        # The link leads into this browser's own attempt: no shared cache may keep it.
        patch_cache_control(response, private=True)
    return response


def question_to_return_to(
    request: QuizHttpRequest, article: Article
) -> tuple[int, str] | None:
    """The position and address of the question whose citation link led here (`?attempt=` and
    `?question=`, see `Attempt.citation_url`), if the attempt is this browser's own and the
    question there cites this article; otherwise None and no way back is offered. The address is
    always built here, never taken from the request: no redirect to anywhere else."""
    position = request.GET.get("question", "")
    if not (position.isascii() and position.isdigit() and len(position) <= 6):
        return None
    attempt = Attempt.objects.owned(request.GET.get("attempt"), request.browser_id)
    if attempt is None:
        return None
    try:
        question = attempt.question_at(int(position))
    except Question.DoesNotExist:
        return None
    if question.article_id != article.pk:
        return None
    return int(position), attempt.question_url(int(position))


def server_error(request: QuizHttpRequest) -> HttpResponse:
    """Django's last resort for an error outside a view (a session saved on the way out, say): a
    database that is briefly unavailable still gets "try again" rather than an error page."""
    if is_transient(sys.exc_info()[1]):
        return busy_response(request)
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request: QuizHttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token: most often a page left open too long."""
    return render(request, "403_csrf.html", status=HTTPStatus.FORBIDDEN)


@require_safe
@never_cache
def healthz(request: QuizHttpRequest) -> HttpResponse:
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse(
            "database unavailable\n",
            status=HTTPStatus.SERVICE_UNAVAILABLE,
            content_type="text/plain",
        )
    return HttpResponse("ok\n", content_type="text/plain")

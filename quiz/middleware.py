"""Request plumbing: who the student's browser is, and a clear "try again" when the database is
briefly unavailable, never a bare 500."""

import logging
import secrets
from http import HTTPStatus

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails

logger = logging.getLogger(__name__)

# SQLite says "database is locked" when a writer held the lock longer than the busy timeout, and
# "database or disk is full" when the disk is; PostgreSQL drops connections while it restarts.
TRANSIENT = (
    "database is locked",
    "disk is full",
    "could not connect",
    "connection",
    "terminat",
)


def is_transient(exception: BaseException | None) -> bool:
    """A database error that goes away by itself: worth "try again", not an error page."""
    return isinstance(exception, OperationalError) and any(
        sign in str(exception).lower() for sign in TRANSIENT
    )


def busy_response(request: HttpRequest) -> HttpResponse:
    response = render(request, "503.html", status=HTTPStatus.SERVICE_UNAVAILABLE)
    response["Retry-After"] = "5"
    return response


class DatabaseBusyMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not is_transient(exception):
            return None
        logger.warning(
            "Database unavailable for %s %s: %s",
            request.method,
            request.path,
            exception,
        )
        return busy_response(request)


BROWSER_COOKIE = "quiz_browser"
BROWSER_COOKIE_SALT = "quiz.browser-id"
BROWSER_COOKIE_AGE = 365 * 24 * 60 * 60


class QuizHttpRequest(HttpRequest):
    """A request as the quiz's views receive it, for type annotations (as django-htmx does with
    `HtmxHttpRequest`): `BrowserIdMiddleware` sets the browser id, django-htmx the htmx details."""

    browser_id: str | None
    browser_id_is_new: bool
    htmx: HtmxDetails


class BrowserIdMiddleware:
    """Attempts belong to the browser that started them: a random id in a signed cookie.

    Students need no account and no server-side session, so a student's request costs no session
    query; the signature stops anyone from claiming another browser's id.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: QuizHttpRequest) -> HttpResponse:
        request.browser_id = request.get_signed_cookie(
            BROWSER_COOKIE, default=None, salt=BROWSER_COOKIE_SALT
        )
        request.browser_id_is_new = False
        response = self.get_response(request)
        if request.browser_id_is_new and request.browser_id:
            set_browser_cookie(response, request.browser_id)
        return response


def set_browser_cookie(
    response: HttpResponse, browser_id: str, *, cross_site: bool = False
) -> None:
    """The signed browser-id cookie. `Lax` keeps it out of other sites' requests; `cross_site`
    (only over HTTPS, as browsers require Secure with it) is for a browser launched inside an LMS
    page, where every request of the frame is cross-site."""
    response.set_signed_cookie(
        BROWSER_COOKIE,
        browser_id,
        salt=BROWSER_COOKIE_SALT,
        max_age=BROWSER_COOKIE_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE or cross_site,
        samesite="None" if cross_site else "Lax",
    )


def ensure_browser_id(request: QuizHttpRequest) -> str:
    """This browser's id, made (and sent as a cookie with the response) if it has none yet."""
    if not request.browser_id:
        request.browser_id = secrets.token_urlsafe(24)
        request.browser_id_is_new = True
    return request.browser_id

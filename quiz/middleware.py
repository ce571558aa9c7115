"""Turning a database that is briefly unavailable into a clear "try again", never a bare 500."""

import logging
from http import HTTPStatus

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

# SQLite says "database is locked" when a writer held the lock longer than the busy timeout, and
# "database or disk is full" when the disk is; PostgreSQL drops connections while it restarts.
TRANSIENT = ("database is locked", "disk is full", "could not connect", "connection", "terminat")


class DatabaseBusyMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError):
            return None
        if not any(sign in str(exception).lower() for sign in TRANSIENT):
            return None
        logger.warning("Database unavailable for %s %s: %s", request.method, request.path, exception)
        response = render(request, "503.html", status=HTTPStatus.SERVICE_UNAVAILABLE)
        response["Retry-After"] = "5"
        return response

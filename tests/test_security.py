"""Headers, rate limits and bad input: each gets a clear, safe answer and changes nothing."""

import io
import logging
import re
from http import HTTPStatus
from unittest import mock

from django.contrib import admin
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import DatabaseError, OperationalError
from django.test import Client, TestCase, override_settings
from django.urls import path, reverse

from quiz.models import Attempt, Response
from tests.factories import choice_id, make_quiz, start_attempt

HTMX = {"HX-Request": "true"}

# The admin mounted elsewhere, for the test that its sign-in is throttled there too.
urlpatterns = [path("staff/", admin.site.urls)]


class LimitTestCase(TestCase):
    def setUp(self):
        cache.clear()


class HeaderTests(LimitTestCase):
    def test_student_pages_forbid_inline_scripts_and_styles(self):
        quiz = make_quiz()
        attempt = start_attempt(client=self.client, quiz=quiz)
        for url in [
            reverse("quiz:home"),
            quiz.get_absolute_url(),
            attempt.question_url(1),
            attempt.get_absolute_url(),
        ]:
            response = self.client.get(url)
            policy = response["Content-Security-Policy"]
            assert "script-src 'self'" in policy and "unsafe" not in policy
            assert "style-src 'self'" in policy
            assert response["X-Frame-Options"] == "DENY"
            assert response["Referrer-Policy"] == "same-origin"
            assert response["X-Content-Type-Options"] == "nosniff"
            for tag in re.findall(r"<script\b[^>]*>", response.text):
                assert "src=" in tag or 'type="application/ld+json"' in tag, tag
            assert " style=" not in response.text
            assert " hx-on" not in response.text

    def test_healthz_checks_the_database(self):
        assert self.client.get("/healthz").content == b"ok\n"
        with mock.patch(
            "django.db.backends.utils.CursorWrapper.execute",
            side_effect=DatabaseError("gone"),
        ):
            response = self.client.get("/healthz")
        assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE


class LoginThrottleTests(LimitTestCase):
    def setUp(self):
        super().setUp()
        self.teacher = User.objects.create_user(
            "teacher", password="right-passphrase-123", is_staff=True
        )
        User.objects.create_user(
            "colleague", password="another-passphrase-456", is_staff=True
        )

    def sign_in(self, username: str, password: str, client: Client | None = None):
        return (client or self.client).post(
            reverse("admin:login"), {"username": username, "password": password}
        )

    def test_an_account_is_locked_after_five_wrong_passwords(self):
        for _ in range(5):
            assert self.sign_in("teacher", "wrong").status_code == HTTPStatus.OK
        refused = self.sign_in("teacher", "right-passphrase-123")
        assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert "Too many failed sign-ins" in refused.text
        assert "_auth_user_id" not in self.client.session

    def test_a_classroom_behind_one_address_is_not_locked_out(self):
        for _ in range(5):
            self.sign_in("teacher", "wrong")
        assert (
            self.sign_in(
                "colleague", "another-passphrase-456", client=Client()
            ).status_code
            == HTTPStatus.FOUND
        )

    @override_settings(ROOT_URLCONF="tests.test_security")
    def test_the_admin_site_itself_throttles_wherever_it_is_mounted(self):
        # The throttle is the admin site's own login(), not a URL placed in front of it.
        for _ in range(5):
            self.sign_in("teacher", "wrong")
        assert reverse("admin:login") == "/staff/login/"
        refused = self.sign_in("teacher", "right-passphrase-123")
        assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS

    def test_signing_in_resets_the_count(self):
        for _ in range(4):
            self.sign_in("teacher", "wrong")
        assert (
            self.sign_in("teacher", "right-passphrase-123").status_code
            == HTTPStatus.FOUND
        )
        self.client.logout()
        for _ in range(4):
            self.sign_in("teacher", "wrong")
        assert (
            self.sign_in("teacher", "right-passphrase-123").status_code
            == HTTPStatus.FOUND
        )


class JoinCodeGuessingTests(LimitTestCase):
    def test_guessing_codes_is_stopped_and_starts_nothing(self):
        from quiz.models import Assignment

        assignment = Assignment.objects.create(
            quiz=make_quiz(published=False),
            title="Class",
            owner=User.objects.create_user("t"),
        )
        for guess in range(10):
            response = self.client.post(
                reverse("quiz:join"), {"code": f"AAAA{guess:02d}", "name": "Bot"}
            )
            assert response.status_code == HTTPStatus.NOT_FOUND
        refused = self.client.post(
            reverse("quiz:join"), {"code": assignment.code, "name": "Bot"}
        )
        assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert "Too many wrong codes" in refused.text
        assert not Attempt.objects.exists()
        # Another student at the same school address is not affected.
        other = Client()
        assert (
            other.post(
                reverse("quiz:join"), {"code": assignment.code, "name": "Ada"}
            ).status_code
            == HTTPStatus.FOUND
        )


class AnswerHammeringTests(LimitTestCase):
    def test_a_script_posting_answers_is_slowed_down(self):
        quiz = make_quiz()
        attempt = start_attempt(client=self.client, quiz=quiz)
        url = attempt.question_url(1)
        for _ in range(120):
            self.client.post(url, {"choice": "not a number"}, headers=HTMX)
        response = self.client.post(
            url, {"choice": choice_id(attempt.question_at(1), "12")}, headers=HTMX
        )
        assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert "faster than a person" in response.text
        assert not Response.objects.exists()


class BadInputTests(LimitTestCase):
    def setUp(self):
        super().setUp()
        self.quiz = make_quiz()
        self.attempt = start_attempt(client=self.client, quiz=self.quiz)
        self.url = self.attempt.question_url(1)

    def test_missing_csrf_token_gets_a_page_that_says_what_to_do(self):
        strict = Client(enforce_csrf_checks=True)
        strict.cookies = self.client.cookies
        response = strict.post(
            self.url, {"choice": choice_id(self.attempt.question_at(1), "12")}
        )
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert "Please reload the page" in response.text
        assert not Response.objects.exists()

    def test_an_oversized_request_is_refused(self):
        response = self.client.post(self.url, {"choice": "1" * 1_100_000})
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert not Response.objects.exists()

    def test_too_many_fields_are_refused(self):
        response = self.client.post(self.url, {f"field{n}": "x" for n in range(300)})
        assert response.status_code == HTTPStatus.BAD_REQUEST

    def test_script_in_a_name_is_shown_as_text_everywhere(self):
        name = '<script>alert("x")</script>'
        attempt = start_attempt(client=self.client, quiz=self.quiz, display_name=name)
        page = self.client.get(attempt.get_absolute_url())
        assert name not in page.text and "&lt;script&gt;" in page.text
        teacher = User.objects.create_superuser("admin", "a@example.com", "pw")
        admin = Client()
        admin.force_login(teacher)
        listing = admin.get(reverse("admin:quiz_attempt_changelist"))
        assert name not in listing.text

    def test_a_locked_database_gets_try_again_not_a_500(self):
        question = self.attempt.question_at(1)
        with mock.patch(
            "quiz.models.Attempt.record_answer",
            side_effect=OperationalError("database is locked"),
        ):
            response = self.client.post(self.url, {"choice": choice_id(question, "12")})
        assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
        assert response["Retry-After"] == "5"
        assert "try again" in response.text
        assert not Response.objects.exists()


class OddRequestTests(LimitTestCase):
    def test_head_requests_for_monitors(self):
        assert self.client.head("/healthz").status_code == HTTPStatus.OK
        assert self.client.head(reverse("quiz:home")).status_code == HTTPStatus.OK

    def test_a_wrong_host_is_refused_and_logged_in_one_line(self):
        handler = next(
            handler
            for handler in logging.getLogger("django.security.DisallowedHost").handlers
            if isinstance(handler, logging.StreamHandler) and handler.filters
        )
        stream = io.StringIO()
        previous = handler.setStream(stream)
        try:
            response = self.client.get(
                reverse("quiz:home"), headers={"Host": "evil.example"}
            )
        finally:
            handler.setStream(previous)
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert stream.getvalue().count("\n") == 1
        assert "Invalid HTTP_HOST header: 'evil.example'" in stream.getvalue()
        assert "Traceback" not in stream.getvalue()

    def test_a_transient_database_error_outside_a_view_is_try_again(self):
        from quiz.views import server_error

        request = self.client.get(reverse("quiz:home")).wsgi_request
        try:
            raise OperationalError("database is locked")
        except OperationalError:
            response = server_error(request)
        assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
        try:
            raise ValueError("a real bug")
        except ValueError:
            response = server_error(request)
        assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
        assert b"Something went wrong" in response.content

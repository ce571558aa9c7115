"""Deep linking, the teacher's view of an LMS activity, grades sent back and the course roster."""

import base64
import json
import re
import time
from datetime import timedelta
from http import HTTPStatus
from io import StringIO
from unittest import mock

import jwt
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.signals import request_finished
from django.db import OperationalError, close_old_connections
from django.http.response import HttpResponseBase
from django.test import Client
from django.utils import timezone
from jwt.algorithms import RSAAlgorithm
from lti_tool.models import LtiMembership

from quiz.lti.models import LtiLink, LtiScore
from quiz.models import Assignment, Attempt, Question
from tests.factories import choice_id, make_quiz
from tests.lti_platform import INSTRUCTOR, ISSUER
from tests.test_lti_launch import LtiTestCase


class DeepLinkingTests(LtiTestCase):
    def choose(self, client: Client, **post):
        response = self.platform.launch(
            client,
            message_type="LtiDeepLinkingRequest",
            roles=(INSTRUCTOR,),
            sub="teacher-1",
        )
        assert response.status_code == HTTPStatus.OK, response.content
        return response, client.post(
            "/lti/deep-link/", {"token": response.context["token"], **post}
        )

    def returned_claims(self, response) -> dict:
        token = re.search(r'name="JWT" value="([^"]+)"', response.text).group(1)
        public_keys = self.client.get("/lti/jwks/").json()["keys"]
        key = RSAAlgorithm.from_jwk(public_keys[0])
        return jwt.decode(token, key, algorithms=["RS256"], audience=ISSUER)

    def test_teacher_picks_a_quiz_and_the_lms_gets_a_signed_activity(self):
        page, response = self.choose(Client(), quiz=self.quiz.pk, score_maximum="20")
        assert self.quiz.title in page.text
        assert response.status_code == HTTPStatus.OK
        assert 'action="https://lms.example/deep-link-return"' in response.text
        claims = self.returned_claims(response)
        (item,) = claims["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"]
        assert item["type"] == "ltiResourceLink"
        assert item["lineItem"]["scoreMaximum"] == 20
        assert (
            claims["https://purl.imsglobal.org/spec/lti-dl/claim/data"]
            == "opaque-platform-data"
        )
        link = LtiLink.objects.get(key=item["custom"]["quiz_link"])
        assert link.assignment.quiz == self.quiz
        assert link.assignment.owner.lti_users.get().sub == "teacher-1"
        assert (
            "form-action 'self' https://lms.example"
            in response["Content-Security-Policy"]
        )

        # The LMS then launches the new activity: it is bound to its resource link, once.
        student = Client()
        launched = self.platform.launch(
            student, link=link, resource_link_id="new-activity"
        )
        self.enter(student, launched)
        link.refresh_from_db()
        assert link.resource_link_id == "new-activity"
        assert Attempt.objects.get().assignment == link.assignment

    def test_a_copied_activity_in_the_same_course_gets_its_own_assignment(self):
        self.platform.launch(Client(), link=self.link, resource_link_id="original")
        self.platform.launch(
            Client(), link=self.link, sub="s2", resource_link_id="copy"
        )
        assert LtiLink.objects.count() == 2
        assert Attempt.objects.values("assignment").distinct().count() == 2

    def test_only_quizzes_the_teacher_may_assign(self):
        someone_else = User.objects.create(username="someone-else")
        private = make_quiz(owner=someone_else, title="Private quiz")
        page, response = self.choose(Client(), quiz=private.pk, score_maximum="10")
        assert "Private quiz" not in page.text
        assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        assert "Choose one of the quizzes" in response.text
        assert LtiLink.objects.count() == 1

    def test_bad_maximum_grade_changes_nothing(self):
        for value in ["-1", "0", "lots", "1e9", "NaN"]:
            with self.subTest(value):
                _, response = self.choose(
                    Client(), quiz=self.quiz.pk, score_maximum=value
                )
                assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
                assert "maximum grade" in response.text
        assert LtiLink.objects.count() == 1

    def test_students_cannot_add_activities(self):
        response = self.platform.launch(Client(), message_type="LtiDeepLinkingRequest")
        assert response.status_code == HTTPStatus.FORBIDDEN

    def test_forged_choice_token_is_refused(self):
        response = Client().post(
            "/lti/deep-link/", {"token": "forged", "quiz": self.quiz.pk}
        )
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert LtiLink.objects.count() == 1


class GradesAndRosterTests(LtiTestCase):
    def setUp(self):
        self.platform.settle()  # before the shared set-up empties what the platform received
        super().setUp()
        self.platform.token_requests = 0
        delivered.clear()

    def finish_attempt(self, client: Client) -> Attempt:
        """Launch as a student and answer every question right."""
        self.enter(client, self.platform.launch(client, link=self.link))
        attempt = Attempt.objects.get()
        for position, question_id in enumerate(attempt.question_ids, start=1):
            question = Question.objects.get(pk=question_id)
            client.post(
                attempt.question_url(position), {"choice": choice_id(question, "12")}
            )
        attempt.refresh_from_db()
        assert attempt.is_finished
        return attempt

    def test_score_is_posted_when_the_attempt_finishes(self):
        self.finish_attempt(Client())
        (score,) = self.platform.scores
        assert score["scoreGiven"] == 10
        assert score["scoreMaximum"] == 10
        assert score["activityProgress"] == "Completed"
        assert score["gradingProgress"] == "FullyGraded"
        assert score["userId"] == "student-1"
        assert LtiScore.objects.get().is_sent

    def test_the_last_answer_only_queues_the_score_which_is_sent_after_the_page(self):
        with mock.patch.object(HttpResponseBase, "close", deliver_later):
            self.finish_attempt(Client())
        assert self.platform.token_requests == 0
        assert not self.platform.scores
        score = LtiScore.objects.get()
        assert not score.is_sent
        assert score.tries == 0

        close_as_the_server_does()
        assert LtiScore.objects.get().is_sent
        assert len(self.platform.scores) == 1

    def test_a_platform_that_hangs_does_not_slow_the_last_answer(self):
        self.platform.hang_seconds = 3
        self.addCleanup(setattr, self.platform, "hang_seconds", 0)
        with mock.patch.object(HttpResponseBase, "close", deliver_later):
            started = time.monotonic()
            self.finish_attempt(Client())
            assert time.monotonic() - started < 2
        with mock.patch("quiz.lti.grades.PLATFORM_TIMEOUT_SECONDS", 0.5):
            close_as_the_server_does()  # the try after the page gives up after the timeout
        score = LtiScore.objects.get()
        assert not score.is_sent
        assert "could not be reached" in score.last_error

        self.platform.hang_seconds = 0
        LtiScore.objects.update(next_try_at=timezone.now())
        call_command("lti_send_scores", stdout=StringIO())
        assert LtiScore.objects.get().is_sent

    def test_a_score_being_sent_is_not_posted_again_by_another_sender(self):
        self.platform.down = True
        self.finish_attempt(Client())
        self.platform.down = False
        now = timezone.now()
        LtiScore.objects.update(next_try_at=now)
        # Two senders (cron and a launch, say) both read it as due; one claims it first.
        first_sender, second_sender = LtiScore.objects.get(), LtiScore.objects.get()
        assert first_sender.claim(now)
        assert not second_sender.claim(now)
        out = StringIO()
        call_command("lti_send_scores", stdout=out)  # a second cron run meanwhile
        assert "Sent 0, failed 0" in out.getvalue()
        assert not self.platform.scores

    def test_platform_down_loses_nothing_and_cron_retries_with_back_off(self):
        self.platform.down = True
        self.finish_attempt(Client())
        score = LtiScore.objects.get()
        assert not score.is_sent
        assert score.next_try_at > timezone.now() + timedelta(seconds=50)
        assert (
            "could not be reached" in score.last_error or "refused" in score.last_error
        )

        out = StringIO()
        call_command("lti_send_scores", stdout=out)  # not due yet: nothing tried
        assert "Sent 0" in out.getvalue()

        LtiScore.objects.update(next_try_at=timezone.now())
        call_command("lti_send_scores", stdout=StringIO())  # still down: waits longer
        score.refresh_from_db()
        assert score.tries == 2
        assert score.next_try_at > timezone.now() + timedelta(seconds=110)

        self.platform.down = False
        LtiScore.objects.update(next_try_at=timezone.now())
        out = StringIO()
        call_command("lti_send_scores", stdout=out)
        assert "Sent 1, failed 0, still waiting 0" in out.getvalue()
        assert len(self.platform.scores) == 1

    def test_a_waiting_score_is_retried_on_the_next_launch(self):
        self.platform.down = True
        self.finish_attempt(Client())
        self.platform.down = False
        LtiScore.objects.update(next_try_at=timezone.now())
        self.platform.launch(Client(), link=self.link, sub="student-2")
        assert LtiScore.objects.get().is_sent
        assert len(self.platform.scores) == 1

    def test_a_launch_retries_waiting_scores_only_after_its_page(self):
        self.platform.down = True
        self.finish_attempt(Client())
        self.platform.down = False
        LtiScore.objects.update(next_try_at=timezone.now())
        self.platform.token_requests = 0
        with mock.patch.object(HttpResponseBase, "close", deliver_later):
            response = self.platform.launch(Client(), link=self.link, sub="student-2")
        assert response.status_code == HTTPStatus.OK
        assert self.platform.token_requests == 0
        assert not LtiScore.objects.get().is_sent
        close_as_the_server_does()
        assert LtiScore.objects.get().is_sent

    def test_a_roster_service_that_hangs_does_not_hang_the_teachers_launch(self):
        self.platform.hang_seconds = 3
        self.addCleanup(setattr, self.platform, "hang_seconds", 0)
        teacher = Client()
        with mock.patch("quiz.lti.grades.PLATFORM_TIMEOUT_SECONDS", 0.5):
            started = time.monotonic()
            response = self.platform.launch(
                teacher, link=self.link, roles=(INSTRUCTOR,), sub="teacher-1"
            )
            assert time.monotonic() - started < 2.5
        assert response.status_code == HTTPStatus.FOUND
        page = teacher.get(response["Location"])
        assert page.status_code == HTTPStatus.OK
        assert "did not share its roster" in page.text

    def test_teacher_launch_shows_results_with_grade_status_and_roster(self):
        self.platform.down = True
        self.finish_attempt(Client())
        self.platform.down = False
        LtiScore.objects.update(next_try_at=timezone.now())
        self.platform.members = [
            {
                "user_id": "student-1",
                "name": "Student student-1",
                "roles": ["Learner"],
                "status": "Active",
            },
            {
                "user_id": "student-9",
                "name": "Nia Late",
                "roles": ["Learner"],
                "status": "Active",
            },
            {
                "user_id": "teacher-1",
                "name": "Ms Teacher",
                "roles": ["Instructor"],
                "status": "Active",
            },
        ]
        teacher = Client()
        response = self.platform.launch(
            teacher, link=self.link, roles=(INSTRUCTOR,), sub="teacher-1"
        )
        assert response.status_code == HTTPStatus.FOUND
        page = teacher.get(response["Location"])
        assert page.status_code == HTTPStatus.OK
        assert "Student student-1" in page.text
        assert "sent (10)" in page.text  # retried on this launch
        not_started = page.text.split("Not started yet")[1]
        assert "Nia Late" in not_started
        assert "Student student-1" not in not_started
        assert "Ms Teacher" not in not_started

    def test_waiting_scores_show_as_waiting(self):
        self.platform.down = True
        self.finish_attempt(Client())
        teacher = Client()
        response = self.platform.launch(
            teacher, link=self.link, roles=(INSTRUCTOR,), sub="teacher-1"
        )
        assert "waiting" in teacher.get(response["Location"]).text

    def test_lms_teachers_get_no_admin_and_no_other_results(self):
        other_link = LtiLink.objects.create(
            context=self.link.context, assignment=make_other_assignment(self.link)
        )
        teacher = Client()
        response = self.platform.launch(
            teacher, link=self.link, roles=(INSTRUCTOR,), sub="teacher-1"
        )
        token = response["Location"].rstrip("/").rsplit("/", 1)[1]
        assert (
            teacher.get("/admin/").status_code == HTTPStatus.FOUND
        )  # to the login page
        # The same signature on a payload naming the other activity.
        payload, signature = token.split(":", 1)
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        other = {**data, "link": other_link.pk}
        forged_payload = base64.urlsafe_b64encode(
            json.dumps(other, separators=(",", ":")).encode()
        ).rstrip(b"=")
        forged = f"{forged_payload.decode()}:{signature}"
        assert forged != token
        assert (
            teacher.get(f"/lti/results/{forged}/").status_code == HTTPStatus.FORBIDDEN
        )
        assert not User.objects.get(lti_users__sub="teacher-1").is_staff

    def test_students_get_no_results_page(self):
        student = Client()
        response = self.platform.launch(student, link=self.link)
        assert response.status_code == HTTPStatus.OK
        assert "/lti/results/" not in response.text


# Responses handed to the "server" by the test client, whose close() the server calls later.
delivered: list[HttpResponseBase] = []


def deliver_later(response: HttpResponseBase) -> None:
    """Stands in for HttpResponse.close, which the test client calls at once."""
    delivered.append(response)


def close_as_the_server_does() -> None:
    """What a WSGI server does once it has sent a response: call its close(). As the test client
    does, without request_finished closing the database connection of the test's transaction."""
    request_finished.disconnect(close_old_connections)
    try:
        while delivered:
            delivered.pop(0).close()
    finally:
        request_finished.connect(close_old_connections)


def make_other_assignment(link):
    return Assignment.objects.create(
        quiz=link.assignment.quiz, owner=link.assignment.owner, title="Other"
    )


class TimeLimitAndRoleChangeTests(LtiTestCase):
    def test_an_attempt_whose_time_ran_out_is_graded_with_what_it_has(self):
        self.quiz.time_limit_minutes = 5
        self.quiz.save()
        student = Client()
        self.enter(student, self.platform.launch(student, link=self.link))
        attempt = Attempt.objects.get()
        question = Question.objects.get(pk=attempt.question_ids[0])
        student.post(attempt.question_url(1), {"choice": choice_id(question, "12")})
        Attempt.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
        call_command("lti_send_scores", stdout=StringIO())
        (score,) = self.platform.scores
        assert score["scoreGiven"] == 5
        assert score["scoreMaximum"] == 10

    def test_a_teacher_removed_from_the_course_loses_the_results_page(self):
        teacher = Client()
        response = self.platform.launch(
            teacher, link=self.link, roles=(INSTRUCTOR,), sub="teacher-1"
        )
        LtiMembership.objects.filter(user__sub="teacher-1").update(is_instructor=False)
        assert teacher.get(response["Location"]).status_code == HTTPStatus.FORBIDDEN


class BusyDatabaseTests(LtiTestCase):
    def test_a_busy_database_while_queueing_never_fails_the_last_answer(self):
        student = Client()
        self.enter(student, self.platform.launch(student, link=self.link))
        attempt = Attempt.objects.get()
        with mock.patch(
            "quiz.lti.grades.queue_finished_scores",
            autospec=True,
            side_effect=OperationalError("database is locked"),
        ):
            for position, question_id in enumerate(attempt.question_ids, start=1):
                question = Question.objects.get(pk=question_id)
                response = student.post(
                    attempt.question_url(position),
                    {"choice": choice_id(question, "12")},
                )
                assert response.status_code == HTTPStatus.FOUND
        call_command("lti_send_scores", stdout=StringIO())
        assert len(self.platform.scores) == 1

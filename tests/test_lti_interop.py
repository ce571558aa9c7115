"""The tool against an LMS we did not write: lti1p3platform's platform code (tests/interop_platform.py)
signs the launches, takes the deep-linking answer, issues the service tokens, receives the score
and serves the roster. Our own fake platform (tests/lti_platform.py) cannot catch a mistake we
made on both sides; this one can."""

import re
from http import HTTPStatus

from django.test import Client, TestCase

from quiz.lti.models import LtiLink, LtiScore
from quiz.models import Attempt, Question
from tests.factories import choice_id, make_quiz
from tests.interop_platform import (
    INSTRUCTOR,
    ISSUER,
    LEARNER,
    TOOL,
    InteropPlatform,
)

TEACHER = {"id": "teacher-7", "name": "Ms Okafor", "roles": [INSTRUCTOR]}
STUDENT = {"id": "student-7", "name": "Ada Lovelace", "roles": [LEARNER]}
RETURN_URL = f"{ISSUER}/course/7/deep-link-return"


class InteropTestCase(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.platform = InteropPlatform.start()

    @classmethod
    def tearDownClass(cls):
        cls.platform.stop()
        super().tearDownClass()

    def setUp(self):
        self.platform.scores.clear()
        self.platform.line_items.clear()
        self.platform.members.clear()
        self.platform.register(Client())
        self.quiz = make_quiz(question_count=2, title="Volcanoes")

    def add_activity(self, score_maximum: str = "20") -> dict:
        """The teacher adds the quiz to the course through deep linking; the LMS accepts the
        tool's answer and makes the activity, with a grade column, from its content item."""

        def deep_linking(launch) -> None:
            launch.set_dl(
                RETURN_URL,
                title="Add an activity",
                accept_types={"ltiResourceLink"},
                extra_data={"section": "3"},
            )

        teacher = Client()
        chooser = self.platform.launch(teacher, user=TEACHER, prepare=deep_linking)
        assert chooser.status_code == HTTPStatus.OK, chooser.content
        assert "Volcanoes" in chooser.text
        answer = teacher.post(
            "/lti/deep-link/",
            {
                "token": chooser.context["token"],
                "quiz": self.quiz.pk,
                "score_maximum": score_maximum,
            },
        )
        assert answer.status_code == HTTPStatus.OK
        assert f'action="{RETURN_URL}"' in answer.text
        token = re.search(r'name="JWT" value="([^"]+)"', answer.text).group(1)
        (item,) = self.platform.accept_deep_link(token)
        self.platform.line_items["1"] = {**item["lineItem"], "id": "1"}
        return item

    def activity(self, item: dict):
        """What the LMS puts in every launch of the activity it made from the content item."""

        def prepare(launch) -> None:
            launch.set_resource_link_claim("activity-1", title=item["title"])
            launch.set_custom_parameters_claim(item["custom"])
            launch.set_ags(
                f"{self.platform.url}/lineitems", self.platform.line_item_url("1")
            )
            launch.set_nrps(f"{self.platform.url}/memberships")

        return prepare


class InteropTests(InteropTestCase):
    def test_the_lms_accepts_the_deep_linking_answer(self):
        item = self.add_activity(score_maximum="20")
        assert item["type"] == "ltiResourceLink"
        assert item["url"] == f"{TOOL}/lti/launch/"
        assert item["title"] == "Volcanoes"
        assert item["lineItem"]["scoreMaximum"] == 20
        link = LtiLink.objects.get(key=item["custom"]["quiz_link"])
        assert link.assignment.quiz == self.quiz
        assert link.context.title == "Science 7"

    def test_a_student_launches_straight_into_the_attempt_and_the_lms_gets_the_score(
        self,
    ):
        item = self.add_activity(score_maximum="20")
        student = Client()
        launched = self.platform.launch(
            student, user=STUDENT, prepare=self.activity(item)
        )
        assert launched.status_code == HTTPStatus.OK, launched.content
        assert "Start the quiz" in launched.text
        entered = student.get(launched.context["enter_url"])
        attempt = Attempt.objects.get()
        assert entered["Location"] == attempt.question_url(1)
        assert attempt.display_name == "Ada Lovelace"
        assert (
            str(attempt.assignment.lti_links.get().key) == item["custom"]["quiz_link"]
        )

        for position, question_id in enumerate(attempt.question_ids, start=1):
            question = Question.objects.get(pk=question_id)
            answered = student.post(
                attempt.question_url(position), {"choice": choice_id(question, "12")}
            )
            assert answered.status_code == HTTPStatus.FOUND

        # The library's score service took it, for the activity's line item and the student.
        (score,) = self.platform.scores
        assert score["line_item"] == "1"
        assert score["userId"] == "student-7"
        assert score["scoreGiven"] == 20
        assert score["scoreMaximum"] == 20
        assert score["activityProgress"] == "Completed"
        assert score["gradingProgress"] == "FullyGraded"
        assert LtiScore.objects.get().is_sent

    def test_the_teacher_sees_who_has_not_started_from_the_lms_roster(self):
        item = self.add_activity()
        self.platform.members.extend(
            [
                {"user_id": "student-7", "name": "Ada Lovelace", "roles": [LEARNER]},
                {"user_id": "student-8", "name": "Alan Turing", "roles": [LEARNER]},
                {"user_id": "teacher-7", "name": "Ms Okafor", "roles": [INSTRUCTOR]},
            ]
        )
        student = Client()
        student.get(
            self.platform.launch(
                student, user=STUDENT, prepare=self.activity(item)
            ).context["enter_url"]
        )
        teacher = Client()
        launched = self.platform.launch(
            teacher, user=TEACHER, prepare=self.activity(item)
        )
        assert launched.status_code == HTTPStatus.FOUND, launched.content
        results = teacher.get(launched["Location"])
        assert results.status_code == HTTPStatus.OK
        not_started = results.text.split("Not started yet")[1]
        assert "Alan Turing" in not_started
        assert "Ada Lovelace" not in not_started
        assert "Ms Okafor" not in not_started

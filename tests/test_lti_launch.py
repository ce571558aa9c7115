"""LTI launches from a fake platform: students into their attempt, and every refusal a clear page."""

import json
import time
from html.parser import HTMLParser
from http import HTTPStatus
from io import StringIO
from urllib.parse import parse_qs, urlsplit

from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, TestCase
from django.urls import resolve, reverse
from lti_tool.models import LtiContext, LtiDeployment

from quiz.lti.framing import FRAMEABLE_PAGES
from quiz.lti.models import LtiLink
from quiz.models import Article, Attempt, Question
from tests.factories import choice_id, make_quiz, start_attempt
from tests.lti_platform import (
    CLIENT_ID,
    ISSUER,
    FakePlatform,
    new_rsa_key,
    other_nonce,
)


def make_link(*, quiz, score_maximum=10) -> LtiLink:
    deployment = LtiDeployment.objects.get()
    context, _ = LtiContext.objects.get_or_create(
        deployment=deployment,
        id_on_platform="course-1",
        defaults={"title": "History 9B"},
    )
    teacher = User.objects.create(username=f"teacher-{quiz.pk}")
    return LtiLink.create_for(
        quiz=quiz, context=context, teacher=teacher, score_maximum=score_maximum
    )


class LtiTestCase(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.platform = FakePlatform.start()

    @classmethod
    def tearDownClass(cls):
        cls.platform.stop()
        super().tearDownClass()

    def setUp(self):
        self.platform.scores.clear()
        self.platform.down = False
        self.registration = self.platform.register()
        self.quiz = make_quiz(question_count=2)
        self.link = make_link(quiz=self.quiz)

    def enter(self, client: Client, response) -> str:
        """Follow the launch page's "open the quiz" link; returns where it leads."""
        assert response.status_code == HTTPStatus.OK, response.content
        enter_url = response.context["enter_url"]
        entered = client.get(enter_url)
        assert entered.status_code == HTTPStatus.FOUND
        return entered["Location"]


class StudentLaunchTests(LtiTestCase):
    def test_student_launches_into_a_new_attempt_without_a_join_code(self):
        client = Client()
        response = self.platform.launch(client, link=self.link)
        assert "Start the quiz" in response.text
        question_url = self.enter(client, response)
        attempt = Attempt.objects.get()
        assert attempt.assignment == self.link.assignment
        assert attempt.display_name == "Student student-1"
        assert question_url == attempt.question_url(1)
        assert client.get(question_url).status_code == HTTPStatus.OK

    def test_the_same_lms_user_resumes_from_another_browser(self):
        first_device, second_device = Client(), Client()
        self.enter(first_device, self.platform.launch(first_device, link=self.link))
        attempt = Attempt.objects.get()
        question = Question.objects.get(pk=attempt.question_ids[0])
        first_device.post(
            attempt.question_url(1), {"choice": choice_id(question, "12")}
        )

        response = self.platform.launch(second_device, link=self.link)
        assert "Continue the quiz" in response.text
        resumed_url = self.enter(second_device, response)
        assert Attempt.objects.count() == 1
        assert resumed_url == attempt.question_url(2)
        assert second_device.get(resumed_url).status_code == HTTPStatus.OK

    def test_another_lms_user_gets_their_own_attempt(self):
        self.enter(Client(), self.platform.launch(Client(), link=self.link))
        other = Client()
        self.enter(other, self.platform.launch(other, link=self.link, sub="student-2"))
        assert Attempt.objects.count() == 2
        assert len(set(Attempt.objects.values_list("browser_id", flat=True))) == 2

    def test_launch_in_a_new_window_goes_straight_to_the_attempt(self):
        client = Client()
        response = self.platform.launch(
            client,
            link=self.link,
            **{
                "https://purl.imsglobal.org/spec/lti/claim/launch_presentation": {
                    "document_target": "window"
                }
            },
        )
        assert response.status_code == HTTPStatus.FOUND
        assert client.get(response["Location"])[
            "Location"
        ] == Attempt.objects.get().question_url(1)

    def test_launch_page_may_be_framed_by_the_lms_only(self):
        response = self.platform.launch(Client(), link=self.link)
        assert "X-Frame-Options" not in response.headers
        policy = dict(
            directive.strip().split(" ", 1)
            for directive in response["Content-Security-Policy"].split(";")
        )
        assert set(policy["frame-ancestors"].split()) == {
            "https://lms.example",
            self.platform.url,  # where the LMS's login page is
        }

    def test_closed_assignment_says_so(self):
        self.link.assignment.close()
        response = self.platform.launch(Client(), link=self.link)
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert "closed" in response.text
        assert not Attempt.objects.exists()

    def test_attempt_limit_holds_for_the_lms_user_across_devices(self):
        self.quiz.max_attempts = 1
        self.quiz.save()
        client = Client()
        self.enter(client, self.platform.launch(client, link=self.link))
        attempt = Attempt.objects.get()
        attempt.finish()
        again = Client()
        response = self.platform.launch(again, link=self.link)
        assert "You have finished this quiz" in response.text
        assert Attempt.objects.count() == 1

    def test_unlinked_activity_asks_for_a_quiz_to_be_chosen(self):
        response = self.platform.launch(Client(), resource_link_id="unlinked")
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "no quiz chosen yet" in response.text

    def test_inactive_deployment_is_refused(self):
        LtiDeployment.objects.update(is_active=False)
        response = self.platform.launch(Client(), link=self.link)
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert "not activated" in response.text


class RefusedLaunchTests(LtiTestCase):
    def assert_refused(self, response, status=HTTPStatus.FORBIDDEN):
        assert response.status_code == status
        assert "could not be opened" in response.text
        assert not Attempt.objects.exists()

    def test_forged_signature(self):
        self.assert_refused(
            self.platform.launch(Client(), link=self.link, key=new_rsa_key())
        )

    def test_wrong_nonce(self):
        client = Client()
        state, _ = self.platform.login(client)
        token = self.platform.sign(
            self.platform.claims(nonce=other_nonce(), link=self.link)
        )
        self.assert_refused(
            client.post("/lti/launch/", {"id_token": token, "state": state})
        )

    def test_replayed_token(self):
        client = Client()
        state, nonce = self.platform.login(client)
        token = self.platform.sign(self.platform.claims(nonce=nonce, link=self.link))
        first = client.post("/lti/launch/", {"id_token": token, "state": state})
        assert first.status_code == HTTPStatus.OK
        replay = client.post("/lti/launch/", {"id_token": token, "state": state})
        assert replay.status_code == HTTPStatus.FORBIDDEN
        assert "already used" in replay.text

    def test_expired_token(self):
        response = self.platform.launch(Client(), link=self.link, now=time.time() - 120)
        self.assert_refused(response)
        assert "expired" in response.text

    def test_clock_beyond_the_leeway(self):
        response = self.platform.launch(Client(), link=self.link, now=time.time() + 60)
        self.assert_refused(response)

    def test_a_few_seconds_early_or_late_is_accepted(self):
        early = self.platform.launch(Client(), link=self.link, now=time.time() + 5)
        assert early.status_code == HTTPStatus.OK, early.content
        late = self.platform.launch(
            Client(), link=self.link, sub="student-2", now=time.time() - 65
        )
        assert late.status_code == HTTPStatus.OK, late.content

    def test_missing_state(self):
        client = Client()
        _, nonce = self.platform.login(client)
        token = self.platform.sign(self.platform.claims(nonce=nonce, link=self.link))
        self.assert_refused(
            client.post("/lti/launch/", {"id_token": token}), HTTPStatus.BAD_REQUEST
        )

    def test_state_cookie_lost_offers_a_new_window(self):
        client = Client()
        state, nonce = self.platform.login(client)
        token = self.platform.sign(self.platform.claims(nonce=nonce, link=self.link))
        blocked = Client()  # a browser that dropped the third-party state cookie
        response = blocked.post("/lti/launch/", {"id_token": token, "state": state})
        self.assert_refused(response)
        assert "Open the activity in a new window" in response.text
        assert "lti1p3_new_window=1" in response.text

    def test_missing_token_and_garbage(self):
        self.assert_refused(Client().post("/lti/launch/", {}), HTTPStatus.BAD_REQUEST)
        client = Client()
        state, _ = self.platform.login(client)
        self.assert_refused(
            client.post("/lti/launch/", {"id_token": "not.a.jwt", "state": state})
        )

    def test_unknown_platform_login(self):
        response = Client().get(
            "/lti/login/", {"iss": "https://evil.example", "login_hint": "x"}
        )
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "not registered" in response.text

    def test_expired_enter_link(self):
        response = Client().get("/lti/enter/forged-token/")
        assert response.status_code == HTTPStatus.FORBIDDEN


class KeysAndCommandsTests(TestCase):
    def test_add_platform_is_idempotent(self):
        arguments = [
            "lti_add_platform",
            "--issuer=https://moodle.school.example",
            "--client-id=abc123",
            "--deployment-id=1",
            "--auth-url=https://moodle.school.example/mod/lti/auth.php",
            "--token-url=https://moodle.school.example/mod/lti/token.php",
            "--keyset-url=https://moodle.school.example/mod/lti/certs.php",
        ]
        call_command(*arguments, stdout=StringIO())
        out = StringIO()
        call_command(*arguments, stdout=out)
        assert "Updated" in out.getvalue()
        deployment = LtiDeployment.objects.get()
        assert deployment.is_active
        assert deployment.registration.client_id == "abc123"

    def test_add_platform_refuses_bad_urls(self):
        with self.assertRaisesMessage(CommandError, "--auth-url"):
            call_command(
                "lti_add_platform",
                "--issuer=https://lms.example",
                "--client-id=a",
                "--deployment-id=1",
                "--auth-url=javascript:alert(1)",
                "--token-url=https://lms.example/t",
                "--keyset-url=https://lms.example/k",
                stdout=StringIO(),
            )
        assert not LtiDeployment.objects.exists()

    def test_config_prints_what_the_lms_admin_pastes(self):
        out = StringIO()
        call_command(
            "lti_config",
            "--base-url=https://quiz.school.example",
            "--format=json",
            stdout=out,
        )
        config = json.loads(out.getvalue())
        assert config["login_url"] == "https://quiz.school.example/lti/login/"
        assert config["launch_url"] == "https://quiz.school.example/lti/launch/"
        assert config["keyset_url"] == "https://quiz.school.example/lti/jwks/"
        assert config["redirect_uris"] == [config["launch_url"]]
        assert config["public_key_pem"].startswith("-----BEGIN PUBLIC KEY-----")

    def test_key_is_made_once_and_rotation_keeps_the_old_public_key(self):
        first = self.client.get("/lti/jwks/").json()["keys"]
        assert self.client.get("/lti/jwks/").json()["keys"] == first
        call_command("rotate_keys", stdout=StringIO())
        after = self.client.get("/lti/jwks/").json()["keys"]
        assert len(after) == 2
        assert first[0] in after


class HttpsCookieTests(LtiTestCase):
    """Inside an LMS iframe the tool is a third party: its cookies must be SameSite=None; Secure."""

    def test_launch_over_https_sets_cross_site_cookies(self):
        client = Client()
        login = client.get(
            "/lti/login/",
            {
                "iss": "https://lms.example",
                "client_id": "quiz-client",
                "login_hint": "h",
            },
            secure=True,
        )
        assert login.status_code == HTTPStatus.FOUND
        for cookie in login.cookies.values():
            assert cookie["samesite"] == "None"
            assert cookie["secure"]
        state = login["Location"].split("state=")[1].split("&")[0]
        nonce = login["Location"].split("nonce=")[1].split("&")[0]
        token = self.platform.sign(self.platform.claims(nonce=nonce, link=self.link))
        response = client.post(
            "/lti/launch/", {"id_token": token, "state": state}, secure=True
        )
        assert response.status_code == HTTPStatus.OK, response.content
        with self.settings(SESSION_COOKIE_SECURE=True):
            entered = client.get(response.context["enter_url"], secure=True)
        browser_cookie = entered.cookies["quiz_browser"]
        assert browser_cookie["samesite"] == "None"
        assert browser_cookie["secure"]
        assert browser_cookie["httponly"]

    def assert_cross_site(self, cookie) -> None:
        assert cookie["samesite"] == "None"
        assert cookie["secure"]
        assert cookie["httponly"]

    def test_a_framed_launch_over_https_sends_cookies_the_frame_keeps(self):
        """The launch page itself sets the student's cookie and the CSRF cookie inside the
        frame, and every quiz page renews the CSRF cookie the same way (else the answer form's
        cross-site POST would go without it and be refused)."""
        client = Client()
        with self.settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True):
            login = client.get(
                "/lti/login/",
                {"iss": ISSUER, "client_id": CLIENT_ID, "login_hint": "h"},
                secure=True,
            )
            query = parse_qs(urlsplit(login["Location"]).query)
            state, nonce = query["state"][0], query["nonce"][0]
            token = self.platform.sign(
                self.platform.claims(nonce=nonce, link=self.link)
            )
            launched = client.post(
                "/lti/launch/", {"id_token": token, "state": state}, secure=True
            )
            assert launched.status_code == HTTPStatus.OK, launched.content
            self.assert_cross_site(launched.cookies["quiz_browser"])
            self.assert_cross_site(launched.cookies["csrftoken"])
            question = client.get(Attempt.objects.get().question_url(1), secure=True)
            assert question.status_code == HTTPStatus.OK
            self.assert_cross_site(question.cookies["csrftoken"])

    def test_everyone_else_keeps_same_site_cookies_over_https(self):
        visitor = Client()
        with self.settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True):
            started = visitor.post(
                self.quiz.get_absolute_url(), {"display_name": "Ada"}, secure=True
            )
            assert started.cookies["quiz_browser"]["samesite"] == "Lax"
            question = visitor.get(started["Location"], secure=True)
        assert question.cookies["csrftoken"]["samesite"] == "Lax"


def frame_ancestors(response) -> set[str]:
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    return set(policy["frame-ancestors"].split())


class FramedQuizTests(LtiTestCase):
    """Inside the course page: the launched student's quiz pages may be framed by that LMS, and
    nothing else may be framed by anyone."""

    def student_pages(self, attempt: Attempt) -> list[str]:
        question = attempt.question_at(1)
        return [
            attempt.question_url(1),
            attempt.get_absolute_url(),
            attempt.finish_url(),
            attempt.citation_url(question, 1),
        ]

    def test_launched_students_quiz_pages_may_be_framed_by_their_lms_only(self):
        client = Client()
        response = self.platform.launch(client, link=self.link)
        assert response.status_code == HTTPStatus.OK, response.content
        attempt = Attempt.objects.get()
        for url in self.student_pages(attempt):
            with self.subTest(url):
                page = client.get(url, follow=True)
                assert page.status_code == HTTPStatus.OK
                assert "X-Frame-Options" not in page.headers
                assert frame_ancestors(page) == {
                    "https://lms.example",
                    self.platform.url,
                }
                assert "Cookie" in page["Vary"]

    def test_the_course_page_host_from_the_launch_may_frame_but_nothing_smuggled_in(
        self,
    ):
        """Canvas shows courses on the school's own host, known from the launch's return
        address; a return address that is not a plain origin adds nothing to the header."""
        presentation = "https://purl.imsglobal.org/spec/lti/claim/launch_presentation"
        cases = {
            "https://school.instructure.com/courses/1/return": {
                "https://school.instructure.com"
            },
            "https://evil.example; script-src *": set(),
            "https://evil.example\r\nSet-Cookie: x=1": set(),
            "https://[::1/": set(),
            "javascript:alert(1)": set(),
        }
        for number, (return_url, added) in enumerate(cases.items()):
            with self.subTest(return_url):
                client = Client()
                launched = self.platform.launch(
                    client,
                    link=self.link,
                    sub=f"student-{number}",
                    **{presentation: {"return_url": return_url}},
                )
                assert launched.status_code == HTTPStatus.OK, launched.content
                attempt = Attempt.objects.get(display_name=f"Student student-{number}")
                page = client.get(attempt.question_url(1))
                for response in (launched, page):
                    assert frame_ancestors(response) == {
                        "https://lms.example",
                        self.platform.url,
                        *added,
                    }
                    assert "script-src 'self'" in response["Content-Security-Policy"]

    def test_other_browsers_and_other_pages_still_refuse_framing(self):
        launched = Client()
        self.platform.launch(launched, link=self.link)
        visitor = Client()
        attempt = start_attempt(client=visitor, quiz=self.quiz)
        for client, url in [
            *((visitor, url) for url in self.student_pages(attempt)),
            (launched, "/"),
            (launched, self.quiz.get_absolute_url()),
            (launched, "/join/"),
        ]:
            with self.subTest(url):
                page = client.get(url, follow=True)
                assert page["X-Frame-Options"] == "DENY"
                assert frame_ancestors(page) == {"'none'"}

    def test_a_student_launched_in_a_window_gets_no_framing(self):
        client = Client()
        response = self.platform.launch(
            client,
            link=self.link,
            **{
                "https://purl.imsglobal.org/spec/lti/claim/launch_presentation": {
                    "document_target": "window"
                }
            },
        )
        page = client.get(response["Location"], follow=True)
        assert page.status_code == HTTPStatus.OK
        assert page["X-Frame-Options"] == "DENY"
        assert frame_ancestors(page) == {"'none'"}

    def test_the_cookie_check_says_whether_the_launch_cookie_came_back(self):
        client = Client()
        response = self.platform.launch(client, link=self.link)
        attempt = Attempt.objects.get()
        check_url = f"/lti/cookie-check/{attempt.pk}/"
        assert check_url in response.text
        assert client.get(check_url).json() == {"cookie": True}
        # A browser that kept no cookie in the frame, and another student's browser.
        assert Client().get(check_url).json() == {"cookie": False}
        other = Client()
        self.platform.launch(other, link=self.link, sub="student-2")
        assert other.get(check_url).json() == {"cookie": False}
        assert Client().get("/lti/cookie-check/not-an-id/").status_code == 404

    def test_launch_page_offers_the_new_window_until_the_check_says_otherwise(self):
        """Without JavaScript only the new-window link shows; the in-frame one waits, hidden."""
        response = self.platform.launch(Client(), link=self.link)
        attempt = Attempt.objects.get()
        assert (
            f'<p id="open-here" hidden><a class="button primary" '
            f'href="{attempt.question_url(1)}">Start the quiz</a></p>'
        ) in response.text
        assert 'target="_blank"' in response.text
        assert "Start the quiz (opens a new window)" in response.text
        assert "js/lti_launch.js" in response.text


class MalformedLaunchTests(LtiTestCase):
    """Correctly signed launches whose claims are not the shape the specification gives them."""

    def test_unreadable_claims_get_a_clear_page_not_an_error(self):
        claim = "https://purl.imsglobal.org/spec/lti/claim/"
        cases = {
            "context": {claim + "context": "course-1"},
            "custom": {claim + "custom": "quiz_link"},
            "roles": {claim + "roles": "Learner"},
            "resource link": {claim + "resource_link": {"id": 7}},
            "grade service": {
                "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": []
            },
            "name": {"name": "x" * 1000},
        }
        for case, claims in cases.items():
            with self.subTest(case):
                response = self.platform.launch(Client(), link=self.link, **claims)
                assert response.status_code == HTTPStatus.BAD_REQUEST, response.content
                assert "cannot read" in response.text
        assert not Attempt.objects.exists()

    def test_deep_linking_without_a_return_address(self):
        response = self.platform.launch(
            Client(),
            message_type="LtiDeepLinkingRequest",
            roles=("http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",),
            **{
                "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings": {
                    "accept_types": ["ltiResourceLink"],
                    "accept_presentation_document_targets": ["iframe"],
                }
            },
        )
        assert response.status_code == HTTPStatus.BAD_REQUEST


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "a":
            self._open = {**dict(attrs), "text": ""}
            self.links.append(self._open)

    def handle_data(self, data) -> None:
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag) -> None:
        if tag == "a":
            self._open = None


def links_in(html: str) -> list[dict]:
    collector = LinkCollector()
    collector.feed(html)
    return collector.links


def stays_in_the_frame(href: str) -> bool:
    """A link to this page opens inside the LMS's frame: a place on the same page, or a page the
    LMS may frame (the tool's own, a launched student's quiz pages)."""
    if href.startswith("#"):
        return True
    parts = urlsplit(href)
    if parts.netloc not in ("", "testserver"):
        return False
    match = resolve(parts.path)
    return match.namespace == "lti" or match.view_name in FRAMEABLE_PAGES


class LinksInsideTheLmsTests(LtiTestCase):
    """Inside the LMS's frame the rest of the site refuses to be framed (the home page, joining
    a class, a quiz's page, the admin): a launched student's pages link only to pages that open
    there, and a link to another site says it opens a new window."""

    def page(self, client: Client, url: str) -> str:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        return response.text

    def framed_pages(self) -> dict[str, str]:
        Article.objects.update(url="https://news.example/bridges")
        client = Client()
        launch = self.platform.launch(client, link=self.link)
        question_url = self.enter(client, launch)
        attempt = Attempt.objects.get()
        pages = {
            "launch": launch.text,
            "question": self.page(client, question_url),
            "finish": self.page(client, attempt.finish_url()),
        }
        question = Question.objects.get(pk=attempt.question_ids[0])
        client.post(question_url, {"choice": choice_id(question, "12")})
        pages["feedback"] = self.page(client, question_url)
        citation = next(
            link["href"]
            for link in links_in(pages["feedback"])
            if "Read these words" in link["text"]
        )
        pages["article"] = self.page(client, citation)
        pages["results"] = self.page(client, attempt.get_absolute_url())
        return pages

    def test_every_link_opens_in_the_frame_or_says_it_opens_a_window(self):
        for name, html in self.framed_pages().items():
            with self.subTest(name):
                for link in links_in(html):
                    if link.get("target") == "_blank":
                        assert "opens a new window" in link["text"], link
                    else:
                        assert stays_in_the_frame(link["href"]), link
                assert "Join a class" not in html

    def test_the_original_article_opens_in_a_new_window(self):
        (original,) = (
            link
            for link in links_in(self.framed_pages()["article"])
            if link["href"] == "https://news.example/bridges"
        )
        assert original["target"] == "_blank"
        assert original["text"] == "Original article (opens a new window)"

    def test_outside_the_lms_the_header_still_links_to_the_site(self):
        visitor = Client()
        attempt = start_attempt(client=visitor, quiz=self.quiz)
        page = visitor.get(attempt.question_url(1)).text
        hrefs = {link["href"] for link in links_in(page)}
        assert reverse("quiz:home") in hrefs
        assert reverse("quiz:join") in hrefs
        assert self.quiz.get_absolute_url() in hrefs

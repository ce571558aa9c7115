"""A launch from the fake LMS in headless Chromium: the course page frames the launch page; the
quiz runs inside the frame where the browser keeps the tool's cookies there (over HTTPS, with
SameSite=None; Secure) and opens in its own window where it does not; it works without JavaScript,
and the pages pass axe, inside the frame too."""

import json
import os
import ssl
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.contrib.auth.models import User
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler
from lti_tool.models import LtiContext, LtiDeployment, LtiRegistration
from playwright.sync_api import (
    Browser,
    BrowserContext,
    FrameLocator,
    Page,
    expect,
)

from quiz.lti.models import LtiLink, LtiScore
from quiz.models import Attempt
from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import make_quiz
from tests.lti_platform import FakePlatform

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_RULES = {"runOnly": ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]}


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for localhost, which the browser contexts below are told to accept."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    certificate_path, key_path = directory / "cert.pem", directory / "key.pem"
    certificate_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return certificate_path, key_path


class HttpsRequestHandler(QuietWSGIRequestHandler):
    def get_environ(self) -> dict:
        # What a TLS-terminating server tells the application: request.is_secure() is true.
        return {**super().get_environ(), "HTTPS": "on"}


class HttpsLiveServerThread(LiveServerThread):
    """Django's live test server behind TLS, as the tool runs in production (DJANGO_HTTPS)."""

    def __init__(self, *args, tls: ssl.SSLContext, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tls = tls

    def _create_server(self, connections_override=None) -> ThreadedWSGIServer:
        tls = self.tls

        class HttpsServer(ThreadedWSGIServer):
            def finish_request(self, request, client_address) -> None:
                # The handshake happens in the request's own thread, never in the accept loop.
                super().finish_request(
                    tls.wrap_socket(request, server_side=True), client_address
                )

            def handle_error(self, request, client_address) -> None:
                # Chromium's first look at a certificate it was told to accept.
                if not isinstance(sys.exc_info()[1], ssl.SSLError):
                    super().handle_error(request, client_address)

        return HttpsServer(
            (self.host, self.port),
            HttpsRequestHandler,
            allow_reuse_address=False,
            connections_override=connections_override,
        )


@pytest.fixture
def https_tool_url(transactional_db, settings, tmp_path) -> Iterator[str]:
    """The tool on https://localhost (another site than the LMS on 127.0.0.1), with the
    production cookie settings of DJANGO_HTTPS."""
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(*self_signed_certificate(tmp_path))
    shared = {
        connection.alias: connection
        for connection in connections.all()
        if connection.vendor == "sqlite" and connection.is_in_memory_db()
    }
    for connection in shared.values():
        connection.inc_thread_sharing()
    server = HttpsLiveServerThread(
        "localhost", StaticFilesHandler, connections_override=shared, tls=tls
    )
    server.daemon = True
    server.start()
    server.is_ready.wait()
    assert server.error is None, server.error
    yield f"https://localhost:{server.port}"
    server.terminate()
    for connection in shared.values():
        connection.dec_thread_sharing()


@pytest.fixture
def platform(live_server) -> Iterator[FakePlatform]:
    platform = FakePlatform.start()
    platform.tool_url = live_server.url
    platform.register()
    yield platform
    platform.stop()


@pytest.fixture
def https_platform(https_tool_url) -> Iterator[FakePlatform]:
    platform = FakePlatform.start()
    platform.tool_url = https_tool_url
    platform.register()
    yield platform
    platform.stop()


@pytest.fixture
def https_link(https_platform) -> LtiLink:
    return make_link()


def lms_browser(
    browser: Browser, profile: Path, *, third_party_cookies: bool
) -> BrowserContext:
    """A browser profile whose cookie setting is stated, not left to Chromium's default (which
    differs between ordinary and private windows): allow cookies inside other sites' pages, or
    block them as Safari and Firefox's strict mode do and Chrome may."""
    (profile / "Default").mkdir(parents=True)
    (profile / "Default" / "Preferences").write_text(
        json.dumps(
            {
                "profile": {
                    "cookie_controls_mode": 0 if third_party_cookies else 1,
                    "block_third_party_cookies": not third_party_cookies,
                }
            }
        )
    )
    return browser.browser_type.launch_persistent_context(
        profile,
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        ignore_https_errors=True,
        viewport={"width": 1024, "height": 760},
    )


@pytest.fixture
def cookies_allowed(browser, https_tool_url, tmp_path) -> Iterator[BrowserContext]:
    lms = lms_browser(browser, tmp_path / "allowed", third_party_cookies=True)
    yield lms
    lms.close()  # before the server stops: its keep-alive connections end with it


@pytest.fixture
def cookies_blocked(browser, https_tool_url, tmp_path) -> Iterator[BrowserContext]:
    lms = lms_browser(browser, tmp_path / "blocked", third_party_cookies=False)
    yield lms
    lms.close()


@pytest.fixture
def link(platform) -> LtiLink:
    return make_link()


def make_link() -> LtiLink:
    context = LtiContext.objects.create(
        deployment=LtiDeployment.objects.get(),
        id_on_platform="course-1",
        title="History 9B",
    )
    quiz = make_quiz(question_count=2, title="Bridges over the river")
    return LtiLink.create_for(
        quiz=quiz,
        context=context,
        teacher=User.objects.create(username="teacher"),
        score_maximum=10,
    )


def test_launch_in_the_course_iframe_then_the_quiz_without_javascript(
    browser: Browser, platform: FakePlatform, link: LtiLink, tmp_path: Path
):
    # Over plain HTTP a browser keeps the tool's cookies inside the iframe only when the course
    # page and the tool are the same site: both on localhost here (HTTPS uses SameSite=None).
    course_url = platform.url.replace("127.0.0.1", "localhost")
    LtiRegistration.objects.update(auth_url=course_url + "/auth")
    platform.next_launch = {"link": link}
    lms = browser.new_context(viewport={"width": 1024, "height": 760})
    course = lms.new_page()
    course.goto(course_url + "/course")
    frame = course.frame_locator("iframe")
    expect(frame.get_by_role("heading", name="Bridges over the river")).to_be_visible()
    expect(frame.get_by_role("link", name="Start the quiz", exact=True)).to_be_visible()
    # LTI_SCREENSHOT_DIR=docs/screenshots refreshes the screenshot in docs/lti.md.
    screenshots = Path(os.environ.get("LTI_SCREENSHOT_DIR", tmp_path))
    course.screenshot(path=screenshots / "lti-launch-desktop.png")
    assert Axe().run(course.frames[1], options=AXE_RULES).generate_snapshot() == ""
    lms.close()

    # Without JavaScript (the LMS's own launch form needs a click then), the launch page offers
    # the quiz in a window of its own, where it is answered, resuming the same attempt.
    platform.next_launch = {"link": link}
    student = browser.new_context(java_script_enabled=False)
    course = student.new_page()
    course.goto(course_url + "/course")
    frame = course.frame_locator("iframe")
    frame.get_by_role("button", name="Continue to the activity").click()
    expect(
        frame.get_by_role("link", name="Continue the quiz", exact=True)
    ).to_be_hidden()
    with student.expect_page() as opened:
        frame.get_by_role("link", name="Continue the quiz (opens a new window)").click()
    page = opened.value
    attempt = Attempt.objects.get()
    assert attempt.assignment == link.assignment
    answer_correctly(page, attempt, 1)
    page.get_by_role("link", name="Next question").click()
    answer_correctly(page, attempt, 2)
    student.close()
    wait_until_sent()
    assert platform.scores[0]["scoreGiven"] == 10


def test_blocked_cookies_in_the_iframe_get_the_new_window_fallback(
    browser: Browser, platform: FakePlatform, link: LtiLink
):
    """The course page on another site than the tool: the iframe's state cookie is not sent,
    and the refusal page's link opens the activity in a window of its own, where it works."""
    platform.next_launch = {"link": link}
    lms = browser.new_context()
    course = lms.new_page()
    course.goto(platform.url + "/course")
    frame = course.frame_locator("iframe")
    fallback = frame.get_by_role("link", name="Open the activity in a new window")
    expect(fallback).to_be_visible()
    with lms.expect_page() as opened:
        fallback.click()
    window = opened.value
    expect(window.get_by_role("heading", name="Bridges over the river")).to_be_visible()
    lms.close()


def wait_until_sent() -> None:
    """The score is sent just after the last answer's page, which the browser may show first."""
    deadline = time.monotonic() + 10
    while not LtiScore.objects.get().is_sent:
        assert time.monotonic() < deadline, "the score was not sent"
        time.sleep(0.1)


def answer_correctly(
    page: FrameLocator | Page, attempt: Attempt, position: int
) -> None:
    for choice in attempt.question_at(position).correct_choices():
        page.locator(f'input[name="choice"][value="{choice.pk}"]').check()
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".verdict")).to_have_text("Correct")


def course_with_the_activity(
    lms: BrowserContext, platform: FakePlatform, link: LtiLink
):
    platform.next_launch = {"link": link}
    course = lms.new_page()
    course.goto(platform.url + "/course")
    return course


def test_over_https_the_student_answers_inside_the_course_frame(
    cookies_allowed: BrowserContext, https_platform: FakePlatform, https_link: LtiLink
):
    """The LMS on another site, the tool over HTTPS: the launch's cookies are SameSite=None;
    Secure, the browser keeps them in the frame, and the whole quiz (answer forms with their CSRF
    cookie included) runs there."""
    lms = cookies_allowed
    course = course_with_the_activity(lms, https_platform, https_link)
    frame = course.frame_locator("iframe")
    start_here = frame.get_by_role("link", name="Start the quiz", exact=True)
    expect(start_here).to_be_visible()
    expect(
        frame.get_by_role("link", name="Start the quiz (opens a new window)")
    ).to_be_hidden()
    assert Axe().run(course.frames[1], options=AXE_RULES).generate_snapshot() == ""
    cookies = {cookie["name"]: cookie for cookie in lms.cookies()}
    for name in ("quiz_browser", "csrftoken"):
        assert cookies[name]["sameSite"] == "None", name
        assert cookies[name]["secure"], name

    start_here.click()
    expect(frame.get_by_role("button", name="Check answer")).to_be_visible()
    assert Axe().run(course.frames[1], options=AXE_RULES).generate_snapshot() == ""
    attempt = Attempt.objects.get()
    answer_correctly(frame, attempt, 1)
    frame.get_by_role("link", name="Next question").click()
    answer_correctly(frame, attempt, 2)
    assert course.frames[1].url.startswith(https_platform.tool_url + "/attempts/")
    wait_until_sent()
    assert https_platform.scores[0]["scoreGiven"] == 10

    # The results inside the frame: nothing there leads to a page that refuses to be framed.
    frame.get_by_role("link", name="See your results").first.click()
    expect(frame.get_by_role("heading", name="Your results")).to_be_visible()
    assert Axe().run(course.frames[1], options=AXE_RULES).generate_snapshot() == ""
    for leaving in ("Fact-check quiz", "Join a class", "Bridges over the river"):
        expect(frame.get_by_role("link", name=leaving, exact=True)).to_have_count(0)


def test_with_third_party_cookies_blocked_the_quiz_opens_in_a_new_window(
    cookies_blocked: BrowserContext, https_platform: FakePlatform, https_link: LtiLink
):
    """A browser that keeps no cookies inside another site's page: the launch in the frame is
    refused for its lost state cookie, with a link that repeats it in a window of its own, where
    the quiz runs."""
    course = course_with_the_activity(cookies_blocked, https_platform, https_link)
    fallback = course.frame_locator("iframe").get_by_role(
        "link", name="Open the activity in a new window"
    )
    expect(fallback).to_be_visible()
    assert not Attempt.objects.exists()
    with cookies_blocked.expect_page() as opened:
        fallback.click()
    window = opened.value
    window.get_by_role("link", name="Start the quiz", exact=True).click()
    expect(window.get_by_role("button", name="Check answer")).to_be_visible()
    answer_correctly(window, Attempt.objects.get(), 1)


def test_a_cookie_the_frame_did_not_keep_leaves_the_new_window_link(
    cookies_allowed: BrowserContext, https_platform: FakePlatform, https_link: LtiLink
):
    """The launch page's own check: when the launch's cookie does not come back from inside
    the frame (dropped here just before the check), the page says so and keeps the new-window
    link, which works."""
    lms = cookies_allowed

    def drop_the_browser_cookie(route) -> None:
        lms.clear_cookies(name="quiz_browser")
        route.continue_()

    lms.route("**/lti/cookie-check/**", drop_the_browser_cookie)
    course = course_with_the_activity(lms, https_platform, https_link)
    frame = course.frame_locator("iframe")
    expect(frame.get_by_text("Your browser keeps no cookies")).to_be_visible()
    expect(frame.get_by_role("link", name="Start the quiz", exact=True)).to_be_hidden()
    with lms.expect_page() as opened:
        frame.get_by_role("link", name="Start the quiz (opens a new window)").click()
    expect(opened.value.get_by_role("button", name="Check answer")).to_be_visible()

"""A launch from the fake LMS in headless Chromium: the course page frames the launch page, the
quiz opens in its own window, works without JavaScript, and the pages pass axe."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from lti_tool.models import LtiContext, LtiDeployment, LtiRegistration
from playwright.sync_api import Browser, expect

from quiz.lti.models import LtiLink, LtiScore
from quiz.models import Attempt
from tests.factories import make_quiz
from tests.lti_platform import FakePlatform

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_RULES = {"runOnly": ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]}


@pytest.fixture
def platform(live_server) -> Iterator[FakePlatform]:
    platform = FakePlatform.start()
    platform.tool_url = live_server.url
    platform.register()
    yield platform
    platform.stop()


@pytest.fixture
def link(platform) -> LtiLink:
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
    # LTI_SCREENSHOT_DIR=docs/screenshots refreshes the screenshot in docs/lti.md.
    screenshots = Path(os.environ.get("LTI_SCREENSHOT_DIR", tmp_path))
    course.screenshot(path=screenshots / "lti-launch-desktop.png")
    launch_page = course.frames[1]
    assert Axe().run(launch_page, options=AXE_RULES).generate_snapshot() == ""
    enter_url = frame.get_by_role(
        "link", name="Start the quiz (opens a new window)"
    ).get_attribute("href")
    # The quiz window the link opens, checked with axe (which needs JavaScript)...
    window = lms.new_page()
    window.goto(platform.tool_url + enter_url)
    expect(window.get_by_role("button", name="Check answer")).to_be_visible()
    assert Axe().run(window, options=AXE_RULES).generate_snapshot() == ""
    lms.close()

    # ...and answered without JavaScript, resuming the same attempt (same LMS user).
    student = browser.new_context(java_script_enabled=False)
    page = student.new_page()
    page.goto(platform.tool_url + enter_url)
    attempt = Attempt.objects.get()
    assert attempt.assignment == link.assignment
    for position in (1, 2):
        question = attempt.question_at(position)
        for choice in question.correct_choices():
            page.locator(f'input[name="choice"][value="{choice.pk}"]').check()
        page.get_by_role("button", name="Check answer").click()
        expect(page.locator(".verdict")).to_have_text("Correct")
        if position == 1:
            page.get_by_role("link", name="Next question").click()
    student.close()
    score = LtiScore.objects.get()
    assert score.is_sent
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

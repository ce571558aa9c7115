"""What only a browser shows on the student's side: a question fits a phone's first screen, no
page scrolls sideways (nor the teacher's class results), the article leads back to the question,
and a time limit counts down and is announced once at one minute left, not every second."""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from quiz.models import Assignment, Attempt, Quiz
from quiz.teachers import ensure_teachers_group
from tests.factories import make_question, make_quiz

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def long_question_quiz(**fields) -> Quiz:
    """As long as the seed's longer questions: a two-line prompt and four two-line choices."""
    question = make_question(
        prompt="Why did the river council decide to build new bridges before 2030, "
        "according to the mayor's office?",
        choices=[
            ("Because the old bridges were closed after the spring floods", False),
            ("Because twelve new bridges were promised to the cyclists' union", True),
            ("In response to a petition signed by twenty thousand residents", False),
            ("Because the port authority asked for a second river crossing", False),
        ],
    )
    return make_quiz(questions=[question], **fields)


def assert_no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_phone_the_answer_button_is_on_the_first_screen_and_nothing_is_too_wide(
    live_server, browser: Browser
):
    quiz = long_question_quiz()
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + quiz.get_absolute_url())
    page.get_by_role("button", name="Start the quiz").click()
    button = page.get_by_role("button", name="Check answer")
    expect(button).to_be_in_viewport(ratio=1)
    assert_no_sideways_scroll(page)

    page.locator("#question-card label").nth(1).click()
    button.click()
    expect(page.locator(".verdict")).to_be_visible()
    assert_no_sideways_scroll(page)

    page.get_by_role("link", name=re.compile("Read these words in the article")).click()
    back = page.get_by_role("link", name="Back to question 1")
    expect(page.locator("mark#cited")).to_be_in_viewport()
    expect(back).to_be_in_viewport()  # kept in view while the article scrolls
    assert_no_sideways_scroll(page)
    back.click()
    attempt = Attempt.objects.get()
    expect(page).to_have_url(live_server.url + attempt.question_url(1))

    page.get_by_role("link", name="Results so far").click()
    expect(page.locator(".score-line")).to_be_visible()
    assert_no_sideways_scroll(page)
    context.close()


def test_a_class_results_page_on_a_phone_scrolls_its_tables_not_the_page(
    live_server, browser: Browser
):
    teacher = User.objects.create_user("ms-okafor", password="a-long-passphrase")
    teacher.is_staff = True
    teacher.save()
    teacher.groups.add(ensure_teachers_group())
    quiz = make_quiz(question_count=12, owner=teacher)
    assignment = Assignment.objects.create(quiz=quiz, title="Class 9B", owner=teacher)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Username").fill("ms-okafor")
    page.get_by_label("Password").fill("a-long-passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Site administration")).to_be_visible()
    page.goto(
        live_server.url + reverse("admin:quiz_assignment_results", args=[assignment.pk])
    )
    expect(page.locator(".item-table")).to_be_attached()
    assert_no_sideways_scroll(page)
    context.close()


def test_a_time_limit_counts_down_and_is_announced_once_at_one_minute_left(
    live_server, page: Page
):
    quiz = make_quiz(question_count=2)
    Quiz.objects.filter(pk=quiz.pk).update(time_limit_minutes=10)
    page.clock.install()
    page.goto(live_server.url + quiz.get_absolute_url())
    page.get_by_role("button", name="Start the quiz").click()
    # The attempt exists once the first question has loaded; changing it or reloading any
    # earlier races the start's own navigation.
    expect(page.get_by_role("timer")).to_be_visible()
    assert (
        Attempt.objects.update(expires_at=timezone.now() + timedelta(seconds=65)) == 1
    )
    page.reload()

    timer = page.get_by_role("timer")
    expect(timer).to_have_attribute("aria-live", "off")
    expect(timer).to_have_text(re.compile(r"^1:0[0-5]$"))
    announcer = page.locator("#announcer")
    expect(announcer).to_have_text("")
    page.clock.run_for(2000)
    expect(timer).to_have_text(re.compile(r"^1:0[0-3]$"))  # counting, silently
    expect(announcer).to_have_text("")

    page.clock.run_for(6000)
    expect(announcer).to_have_text("One minute left.")
    # Answering swaps in a new clock for the same attempt: the minute is not announced again.
    page.locator("#question-card label").first.click()
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".verdict")).to_be_focused()
    verdict = page.locator(".verdict").inner_text()
    page.clock.run_for(5000)
    expect(announcer).to_have_text(verdict)

    page.clock.run_for(60_000)
    expect(page.get_by_role("timer")).to_have_text("0:00")
    expect(announcer).to_have_text("Time is up: answers are no longer accepted.")


def test_the_new_pages_have_no_accessibility_violations(live_server, page: Page):
    quiz = make_quiz(question_count=2)
    Quiz.objects.filter(pk=quiz.pk).update(time_limit_minutes=10)
    axe, checked = Axe(), {}

    def check(name: str) -> None:
        results = axe.run(
            page,
            options={"runOnly": ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]},
        )
        checked[name] = results.generate_snapshot()

    page.goto(live_server.url + quiz.get_absolute_url())
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("timer")).to_be_visible()
    check("question with a time limit")
    page.locator("#question-card label").first.click()
    page.get_by_role("button", name="Check answer").click()
    page.get_by_role("link", name=re.compile("Read these words in the article")).click()
    expect(page.get_by_role("link", name="Back to question 1")).to_be_visible()
    check("article with a way back")
    page.goto(live_server.url + Attempt.objects.get().finish_url())
    check("finish now?")
    assert checked == dict.fromkeys(checked, ""), checked

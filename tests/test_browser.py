"""What only a browser shows: the whole seed quiz taken with htmx, in Debian's Chromium."""

import re
from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from quiz.models import Attempt, Quiz

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seed_quiz(live_server) -> Quiz:
    call_command("load_seeds", stdout=StringIO())
    return Quiz.objects.published().get()


def test_whole_seed_quiz_with_htmx(live_server, page: Page, seed_quiz: Quiz):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=seed_quiz.title).click()
    page.get_by_label("Your name (optional)").fill("Robin")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_text(re.compile(r"Question 1 of \d+"))).to_be_visible()

    attempt = Attempt.objects.get()
    total = attempt.question_count
    assert total >= 15
    # A full page load would wipe this marker; htmx swaps keep it.
    page.evaluate("window.loadedOnce = true")
    expected_score = 0
    for position in range(1, total + 1):
        expect(page.get_by_text(f"Question {position} of {total}")).to_be_visible()
        question = attempt.question_at(position)
        right = [choice for choice in question.choices.all() if choice.is_correct]
        wrong = [choice for choice in question.choices.all() if not choice.is_correct]
        # Every third answer is wrong, so the score has to be counted, not assumed.
        picks = wrong[:1] if position % 3 == 0 else right
        expected_score += 0 if position % 3 == 0 else 1
        if question.kind == "numeric":
            typed = question.numeric_answer + (1 if position % 3 == 0 else 0)
            page.get_by_label("Your answer (a number)").fill(f"{typed:f}")
        for choice in picks:
            page.locator(f'input[name="choice"][value="{choice.pk}"]').check()
        page.get_by_role("button", name="Check answer").click()
        verdict = page.locator(".verdict")
        expect(verdict).to_have_text("Incorrect" if position % 3 == 0 else "Correct")
        expect(verdict).to_be_focused()
        expect(page.locator("#announcer")).to_have_text(verdict.inner_text())
        # The article's words are highlighted once: in the explanation when it quotes them,
        # else in the citation under it.
        expect(page.locator(".feedback mark")).to_have_text(question.citation_quote)
        assert page.evaluate("window.loadedOnce") is True, (
            f"full page load at question {position}"
        )
        if position < total:
            page.get_by_role("link", name="Next question").click()
            expect(page).to_have_url(
                live_server.url + attempt.question_url(position + 1)
            )
            expect(page.locator("#question-heading")).to_be_focused()

    page.get_by_role("link", name="See your results").click()
    expect(page.locator(".score-line")).to_contain_text(f"{expected_score} / {total}")
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.score == expected_score


def test_citation_link_lands_on_the_highlighted_words(
    live_server, page: Page, seed_quiz: Quiz
):
    page.goto(live_server.url + seed_quiz.get_absolute_url())
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_text(re.compile(r"Question 1 of \d+"))).to_be_visible()
    question = Attempt.objects.get().question_at(1)
    page.locator("#question-card label").first.click()
    page.get_by_role("button", name="Check answer").click()
    page.get_by_role("link", name=re.compile("Read these words in the article")).click()
    cited = page.locator("mark#cited")
    expect(cited).to_have_text(question.citation_quote)
    expect(cited).to_be_in_viewport()
    assert page.url.endswith("#cited")


def test_back_button_never_replays_an_answer(live_server, page: Page, seed_quiz: Quiz):
    page.goto(live_server.url + seed_quiz.get_absolute_url())
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_text(re.compile(r"Question 1 of \d+"))).to_be_visible()
    attempt = Attempt.objects.get()
    question = attempt.question_at(1)
    right = (
        question.choices.get(is_correct=True)
        if question.kind != "multiple_select"
        else None
    )
    page.locator(f'input[name="choice"][value="{right.pk}"]').check()
    page.get_by_role("button", name="Check answer").click()
    page.get_by_role("link", name="Next question").click()
    expect(page.get_by_text("Question 2 of")).to_be_visible()
    page.go_back()
    expect(page.locator(".verdict")).to_have_text("Correct")
    expect(page.get_by_role("button", name="Check answer")).to_have_count(0)
    attempt.refresh_from_db()
    assert (attempt.score, attempt.responses.count()) == (1, 1)


def test_quiz_works_without_javascript(live_server, browser: Browser, seed_quiz: Quiz):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + seed_quiz.get_absolute_url())
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_text(re.compile(r"Question 1 of \d+"))).to_be_visible()
    attempt = Attempt.objects.get()
    for position in (1, 2):
        question = attempt.question_at(position)
        for choice in question.correct_choices():
            page.locator(f'input[name="choice"][value="{choice.pk}"]').check()
        page.get_by_role("button", name="Check answer").click()
        expect(page.locator(".verdict")).to_have_text("Correct")
        expect(page).to_have_url(live_server.url + attempt.question_url(position))
        page.get_by_role("link", name="Next question").click()
    expect(page.get_by_text(f"Question 3 of {attempt.question_count}")).to_be_visible()
    page.get_by_role("link", name="Results so far").click()
    expect(page.locator(".score-line")).to_contain_text(f"2 / {attempt.question_count}")
    context.close()


def test_student_pages_have_no_accessibility_violations(
    live_server, page: Page, seed_quiz: Quiz
):
    axe = Axe()
    checked = {}

    def check(name: str) -> None:
        results = axe.run(
            page,
            options={"runOnly": ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]},
        )
        checked[name] = results.generate_snapshot()

    page.goto(live_server.url + "/")
    check("home")
    page.get_by_role("link", name=seed_quiz.title).click()
    expect(page.get_by_role("button", name="Start the quiz")).to_be_visible()
    check("quiz")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_text(re.compile(r"Question 1 of \d+"))).to_be_visible()
    check("question")
    page.locator("#question-card label").first.click()
    page.get_by_role("button", name="Check answer").click()
    page.locator(".verdict").wait_for()
    check("feedback")
    page.get_by_role("link", name="Results so far").click()
    check("results")
    page.get_by_role(
        "link", name=re.compile("Read these words in the article")
    ).first.click()
    check("article")
    assert checked == dict.fromkeys(checked, ""), checked

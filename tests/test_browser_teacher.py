"""A class in the browser: a teacher sets an assignment, two students join it with the code in
their own browsers, and the teacher's live results show both without reloading."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from quiz.models import Article, Assignment, Attempt, Question
from tests.conftest import log_in, select_words
from tests.factories import make_question, make_quiz

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def join_and_answer(
    browser: Browser, live_server, code: str, name: str, answers: int
) -> None:
    context = browser.new_context()
    student = context.new_page()
    student.goto(live_server.url + "/join/")
    student.get_by_label("Join code").fill(code.lower())
    student.get_by_label("Your name").fill(name)
    student.get_by_role("button", name="Join and start").click()
    for number in range(answers):
        student.locator("#question-card label").first.click()
        student.get_by_role("button", name="Check answer").click()
        expect(student.locator(".verdict")).to_be_visible()
        if number < answers - 1:
            student.get_by_role("link", name="Next question").click()
            expect(student.get_by_role("button", name="Check answer")).to_be_visible()
    context.close()


def test_the_admin_works_under_the_content_security_policy(
    live_server, page: Page, teacher
):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    article = Article.objects.create(
        title="Bridges",
        slug="bridges",
        text="The council met on Monday.",
        owner=teacher,
    )
    question = make_question(
        article=article,
        quote="The council met on Monday.",
        prompt="When did the council meet?",
    )
    log_in(page, live_server, teacher)
    for path in [
        "/admin/",
        "/admin/quiz/question/",
        f"/admin/quiz/question/{question.pk}/change/",
        "/admin/quiz/quiz/add/",
        "/admin/quiz/assignment/add/",
        "/admin/quiz/question/import/",
    ]:
        response = page.goto(live_server.url + path)
        assert response.ok, path
        assert "content-security-policy" in response.headers
    assert violations == []


def test_teacher_sees_two_students_join_and_answer_live(
    live_server, browser: Browser, page: Page, teacher
):
    quiz = make_quiz(question_count=3, published=False, owner=teacher)
    log_in(page, live_server, teacher)
    page.goto(live_server.url + "/admin/quiz/assignment/add/")
    page.get_by_label("Quiz").select_option(str(quiz.pk))
    page.get_by_label("Title").fill("Class 9B")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.get_by_text(re.compile("was added successfully"))).to_be_visible()
    assignment = Assignment.objects.get()
    expect(page.get_by_text(assignment.code).first).to_be_visible()
    page.get_by_role("link", name="Results").first.click()
    expect(page.get_by_text("Students (0)")).to_be_visible()
    page.evaluate("window.loadedOnce = true")

    join_and_answer(browser, live_server, assignment.code, "Ada", answers=2)
    join_and_answer(browser, live_server, assignment.code, "Grace", answers=1)

    live = page.locator("#live-results")
    expect(live.get_by_text("Students (2)")).to_be_visible(timeout=15_000)
    expect(live.get_by_role("link", name="Ada")).to_be_visible()
    expect(live.get_by_role("link", name="Grace")).to_be_visible()
    assert page.evaluate("window.loadedOnce") is True, (
        "the results page reloaded instead of updating"
    )
    assert Attempt.objects.filter(assignment=assignment).count() == 2


def test_teacher_picks_a_citation_by_selecting_words(live_server, page: Page, teacher):
    # An emoji before the words: JavaScript counts it as two units, Python as one character.
    text = "🎉 Festival news.\nMayor Ana Ruiz said the first bridge would open in the spring."
    article = Article.objects.create(
        title="Bridges", slug="bridges", text=text, owner=teacher
    )
    question = make_question(
        article=article,
        quote="Festival news.",
        prompt="When will the first bridge open?",
    )
    log_in(page, live_server, teacher)
    page.goto(live_server.url + f"/admin/quiz/question/{question.pk}/change/")
    select_words(page, "the first bridge would open in the spring")
    expect(page.locator("[data-citation-status]")).to_contain_text(
        "Citation set to characters"
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text(re.compile("was changed successfully"))).to_be_visible()
    question = Question.objects.get(pk=question.pk)
    assert question.citation_quote == "the first bridge would open in the spring"
    assert (
        text[question.citation_start : question.citation_end] == question.citation_quote
    )

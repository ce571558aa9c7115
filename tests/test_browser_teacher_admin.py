"""The teacher's admin in Chromium at a laptop's 1280 px: what only a browser shows (column widths,
the sign of work while questions are generated, the quiz builder's search, a clean console)."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from quiz.models import Article, Question
from tests.conftest import log_in
from tests.factories import ARTICLE_TEXT, make_question, make_quiz

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Long words in every column, as the seed article's generated questions have.
LONG_SENTENCE = (
    "The State Department's spokesman Matthew Miller said it was the first time the US had "
    "provided anti-personnel mines to Ukraine, and that the mines would be used on Ukrainian "
    "territory only, far from populated areas."
)
LONG_TITLE = "US to supply Ukraine with anti-personnel landmines, officials say"


def long_article(owner: User) -> Article:
    return Article.objects.create(
        title=LONG_TITLE, slug="landmines", text=LONG_SENTENCE, owner=owner
    )


def test_every_column_of_the_question_list_fits_at_1280_px(
    live_server, laptop: Page, teacher
):
    article = long_article(teacher)
    for number in range(3):
        make_question(
            article=article,
            kind=Question.Kind.MULTIPLE_SELECT,
            quote=LONG_SENTENCE,
            prompt=f"{number}. According to the article: {LONG_SENTENCE} Which of these "
            "does it name? Select all that apply.",
            status=Question.Status.DRAFT,
            review_notes="Distractors are other names from the article: check that none "
            "also belongs in this list in reality.",
        )
    log_in(laptop, live_server, teacher)
    laptop.goto(live_server.url + "/admin/quiz/question/")

    results = laptop.locator("#changelist-form .results")
    scroll_width, visible_width = results.evaluate(
        "element => [element.scrollWidth, element.clientWidth]"
    )
    assert scroll_width <= visible_width, "later columns are cut off"
    for column, narrowest in [("prompt", 200), ("cited_words", 190), ("article", 100)]:
        width = laptop.locator(f"th.column-{column}").bounding_box()["width"]
        assert width >= narrowest, f"{column} is {width} px wide"
    expect(laptop.locator("td.field-review_notes_shown").first).to_contain_text(
        "check that none also belongs"
    )


def test_generating_questions_shows_a_sign_of_work_and_sends_one_request(
    live_server, laptop: Page, teacher
):
    article = Article.objects.create(
        title="Bridges", slug="bridges", text=ARTICLE_TEXT, owner=teacher
    )
    log_in(laptop, live_server, teacher)
    laptop.goto(live_server.url + f"/admin/quiz/article/{article.pk}/change/")
    # Generating takes seconds on the server: hold the submission back to see the page as the
    # teacher sees it meanwhile, and keep what the form would send.
    laptop.evaluate(
        """() => window.addEventListener("submit", (event) => {
            event.preventDefault();
            window.heldSubmission = [...new FormData(event.target)].map(([name]) => name);
        })"""
    )
    button = laptop.get_by_role("button", name="Save and generate questions")
    button.click()

    expect(laptop.locator("[data-generate-progress]")).to_have_text(
        "Generating questions… this takes a few seconds."
    )
    expect(button).to_be_disabled()
    sent = laptop.evaluate("window.heldSubmission")
    assert sent.count("_generate") == 1, "the disabled button's name must still be sent"

    laptop.locator("#article_form").evaluate("form => form.submit()")
    expect(laptop).to_have_url(re.compile(r"origin__exact=generated"), timeout=60_000)
    assert article.questions.filter(origin=Question.Origin.GENERATED).exists()


def test_the_quiz_builder_finds_an_articles_questions_with_their_status(
    live_server, laptop: Page, teacher
):
    article = long_article(teacher)
    make_question(
        article=article,
        quote=LONG_SENTENCE,
        prompt="Who said the mines would be used on Ukrainian territory only?",
        status=Question.Status.DRAFT,
    )
    quiz = make_quiz(owner=teacher, questions=[], published=False, title="Week 3")
    log_in(laptop, live_server, teacher)
    laptop.goto(live_server.url + f"/admin/quiz/quiz/{quiz.pk}/change/")
    laptop.get_by_text("Add another Question in quiz").click()
    laptop.locator("#entries-group .select2-selection").last.click()
    laptop.locator(".select2-search__field").fill("Ukraine with")
    expect(laptop.locator(".select2-results__option").first).to_have_text(
        f"[Draft] {LONG_TITLE} — Who said the mines would be used on Ukrainian territory "
        "only?"
    )


def test_the_teachers_pages_load_without_a_console_error(
    live_server, laptop: Page, teacher
):
    # A missing favicon, a blocked inline script or style: each shows up in the console.
    problems = []
    laptop.on(
        "console",
        lambda message: (
            problems.append(message.text) if message.type == "error" else None
        ),
    )
    article = long_article(teacher)
    question = make_question(article=article, quote=LONG_SENTENCE, prompt="Who spoke?")
    quiz = make_quiz(owner=teacher, questions=[question], published=False)
    log_in(laptop, live_server, teacher)
    for path in [
        "/admin/quiz/question/",
        f"/admin/quiz/question/{question.pk}/change/",
        f"/admin/quiz/article/{article.pk}/change/",
        f"/admin/quiz/quiz/{quiz.pk}/change/",
        "/admin/quiz/quiz/",
        "/admin/quiz/assignment/add/",
    ]:
        laptop.goto(live_server.url + path)
        laptop.wait_for_load_state("networkidle")
        # Headless Chromium reports no favicon request: ask for the icon the page names.
        icon_status = laptop.evaluate(
            """async () => {
                const icon = document.querySelector("link[rel~='icon']");
                return icon ? (await fetch(icon.href)).status : "no icon named";
            }"""
        )
        assert icon_status == 200, path
    favicon_ico = laptop.evaluate("async () => (await fetch('/favicon.ico')).status")
    assert favicon_ico == 200
    assert problems == []

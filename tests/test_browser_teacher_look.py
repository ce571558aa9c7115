"""The teacher's pages as a teacher sees them in Chromium at 1280 px: every main page runs under the
Content Security Policy without a violation, passes axe, and speaks one typeface with buttons that
look alike (the citation box once came up in a serif font inside a sans-serif form)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from quiz.models import Article, Assignment, Question
from tests.conftest import log_in
from tests.factories import make_question, make_quiz

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "The river council said on Monday it will build 12 new bridges before 2030.\n"
    "The mayor said the first bridge would open in spring."
)
AXE_RULES = {"runOnly": ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]}


@pytest.fixture
def class_with_results(browser: Browser, live_server, teacher) -> Assignment:
    """An assignment of the teacher's, with a number question, that one student has answered."""
    article = Article.objects.create(
        title="Bridges", slug="bridges", text=TEXT, owner=teacher
    )
    number = make_question(
        article=article,
        kind=Question.Kind.NUMERIC,
        prompt="How many new bridges will the council build?",
        choices=[],
        numeric_answer=12,
    )
    choice = make_question(article=article, prompt="When did the council speak?")
    quiz = make_quiz(questions=[number, choice], published=False, owner=teacher)
    assignment = Assignment.objects.create(quiz=quiz, title="Class 9B", owner=teacher)
    context = browser.new_context()
    student = context.new_page()
    student.goto(live_server.url + f"/join/{assignment.code}/")
    student.get_by_label("Your name").fill("Amira")
    student.get_by_role("button", name="Join and start").click()
    student.get_by_label("Your answer (a number)").fill("12")
    student.get_by_role("button", name="Check answer").click()
    expect(student.locator(".verdict")).to_be_visible()
    context.close()
    return assignment


def teacher_pages(assignment: Assignment) -> dict[str, str]:
    question = assignment.quiz.questions.first()
    attempt = assignment.attempts.get()
    return {
        "question list": "/admin/quiz/question/",
        "question form with the citation picker": f"/admin/quiz/question/{question.pk}/change/",
        "new article": "/admin/quiz/article/add/",
        "article from a web page": "/admin/quiz/article/from-web/",
        "quiz form": f"/admin/quiz/quiz/{assignment.quiz.pk}/change/",
        "quiz list": "/admin/quiz/quiz/",
        "new assignment": "/admin/quiz/assignment/add/",
        "question import": "/admin/quiz/question/import/",
        "class results": f"/admin/quiz/assignment/{assignment.pk}/results/",
        "a student's answers": f"/admin/quiz/assignment/{assignment.pk}/results/{attempt.pk}/",
    }


def test_the_teachers_main_pages_have_no_csp_or_accessibility_violation(
    live_server, laptop: Page, teacher, class_with_results: Assignment
):
    # Each page records what the policy blocked, with where it came from (a listener of the page's
    # own, so that axe's probes, run afterwards, are not counted against the page).
    laptop.add_init_script(
        """document.addEventListener("securitypolicyviolation", event => {
            (window.cspViolations ||= []).push(
                `${event.violatedDirective} ${event.sourceFile}:${event.lineNumber} ${event.sample}`);
        });"""
    )
    log_in(laptop, live_server, teacher)
    axe = Axe()
    found = {}
    for name, path in teacher_pages(class_with_results).items():
        response = laptop.goto(live_server.url + path)
        assert response.ok, f"{name}: {response.status}"
        laptop.wait_for_load_state("networkidle")
        assert laptop.evaluate("window.cspViolations || []") == [], name
        found[name] = axe.run(laptop, options=AXE_RULES).generate_snapshot()
    assert found == dict.fromkeys(found, ""), found


def test_the_add_to_quiz_page_has_no_accessibility_violation(
    live_server, laptop: Page, teacher, class_with_results: Assignment
):
    log_in(laptop, live_server, teacher)
    laptop.goto(live_server.url + "/admin/quiz/question/")
    laptop.locator("#action-toggle").check()
    laptop.locator("select[name=action]").select_option(
        label="Add selected questions to a quiz"
    )
    laptop.get_by_role("button", name="Go", exact=True).click()
    expect(laptop.get_by_role("button", name="Add to the quiz")).to_be_visible()
    assert Axe().run(laptop, options=AXE_RULES).generate_snapshot() == ""


def type_of(page: Page, selector: str) -> tuple[str, str]:
    return tuple(
        page.locator(selector).first.evaluate(
            "element => [getComputedStyle(element).fontFamily,"
            " getComputedStyle(element).fontSize]"
        )
    )


def test_the_citation_reads_in_the_forms_type(
    live_server, laptop: Page, teacher, class_with_results: Assignment
):
    question = class_with_results.quiz.questions.first()
    log_in(laptop, live_server, teacher)
    laptop.goto(live_server.url + f"/admin/quiz/question/{question.pk}/change/")
    form_type = type_of(laptop, "#id_prompt")
    assert "serif" not in form_type[0].replace("sans-serif", "")
    # The quote, the passage it is cut from and the article to pick it in: one text, one type.
    for selector in ["#id_citation_quote", ".cited-passage", "[data-citation-source]"]:
        assert type_of(laptop, selector) == form_type, selector


def test_the_teachers_buttons_look_alike(
    live_server, laptop: Page, teacher, class_with_results: Assignment
):
    def look(button) -> tuple:
        return button.evaluate(
            """element => {
                const style = getComputedStyle(element);
                return [style.fontFamily, style.fontSize, style.fontWeight, style.color,
                        style.backgroundColor, style.borderRadius, style.textTransform,
                        style.paddingTop];
            }"""
        )

    log_in(laptop, live_server, teacher)
    laptop.goto(live_server.url + "/admin/quiz/article/add/")
    # Django marks only the default "SAVE" out (upper case); the other ways to save look alike.
    save_and_continue = look(laptop.locator("input[name=_continue]"))
    generate = look(laptop.get_by_role("button", name="Save and generate questions"))
    assert generate == save_and_continue
    laptop.goto(
        live_server.url + f"/admin/quiz/quiz/{class_with_results.quiz.pk}/change/"
    )
    preview = look(laptop.get_by_role("button", name="Preview as a student"))
    add_questions = look(
        laptop.get_by_role("link", name="Add questions from the question list")
    )
    assert preview == add_questions
    laptop.goto(
        live_server.url + f"/admin/quiz/assignment/{class_with_results.pk}/results/"
    )
    download = look(
        laptop.get_by_role("link", name="Download as CSV (one row per student)")
    )
    assert download == add_questions

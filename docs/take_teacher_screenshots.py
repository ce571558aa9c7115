"""Screenshots of the teacher's whole path, for docs/teacher-guide.md: paste an article, generate,
review, edit and pick a citation, publish, build a quiz, assign it, two students take it (one moves
to another device with the personal code), watch the results, export.

Run from the repository root:  .venv/bin/python docs/take_teacher_screenshots.py
It starts its own development server on a free port with a throw-away SQLite database (the seed
article loaded, a teacher created), so it touches no database of yours. Writes
docs/screenshots/teacher-<step>.png at a laptop's 1280 px. Uses Debian's Chromium; never
downloads a browser.
"""

import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import closing, contextmanager
from decimal import Decimal
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).parent / "screenshots"
ARTICLE = ROOT / "tests" / "articles" / "science_dart_asteroid.txt"
SAVED_PAGE = ROOT / "tests" / "pages" / "harbour_ferry.html"
TEACHER, PASSWORD = "ms-okafor", "a-long-classroom-passphrase"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]
LAPTOP = {"width": 1280, "height": 900}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def development_server(folder: Path):
    """A server of this checkout on a database of its own, with the seeds and one teacher."""
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "SCREENSHOT_TEACHER_PASSWORD": PASSWORD,
    }
    manage = [sys.executable, str(ROOT / "manage.py")]

    def run(*arguments: str) -> None:
        subprocess.run([*manage, *arguments], env=env, cwd=ROOT, check=True)

    run("migrate", "--verbosity", "0")
    run("load_seeds")
    run("create_teacher", TEACHER, "--password-from-env", "SCREENSHOT_TEACHER_PASSWORD")
    port = free_port()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, cwd=ROOT
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base_url + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=10)


def shoot(page: Page, name: str, *, full_page: bool = False) -> None:
    # The admin's date and time shortcuts and the select boxes are drawn once the page has loaded.
    page.wait_for_load_state("load")
    page.screenshot(path=OUT / f"teacher-{name}.png", full_page=full_page)


def log_in(page: Page, base_url: str) -> None:
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(TEACHER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Site administration")).to_be_visible()


def choose_action(page: Page, action: str) -> None:
    page.locator("select[name=action]").select_option(label=action)
    page.get_by_role("button", name="Go", exact=True).click()


def choose_option(select: Locator, words: str) -> None:
    select.select_option(
        select.locator("option", has_text=words).get_attribute("value")
    )


def prepare_questions(page: Page, base_url: str) -> str:
    """Add the article, generate drafts, review and edit one, publish."""
    page.goto(base_url + "/admin/quiz/article/")
    page.get_by_role("link", name="New article from a web page").click()
    page.get_by_label("Or a saved web page").set_input_files(SAVED_PAGE)
    shoot(page, "article-from-web")
    page.get_by_role("button", name="Read the article").click()
    expect(page.locator("#id_text")).not_to_be_empty()
    shoot(page, "article-from-web-read")
    page.get_by_role("link", name="Articles").click()

    page.get_by_role("link", name="Add article").click()
    page.locator("#id_title").fill("Nasa's Dart spacecraft moved an asteroid")
    page.locator("#id_text").fill(ARTICLE.read_text().strip())
    page.locator("#id_publisher").fill("Science Desk")
    shoot(page, "article-add")
    page.get_by_role("button", name="Save and generate questions").click()
    expect(page.locator(".messagelist")).to_contain_text("new draft question")
    shoot(page, "review")
    article_questions = page.url

    page.locator("#result_list tbody th a").first.click()
    source = page.locator("[data-citation-source]")
    source.scroll_into_view_if_needed()
    # Select the words with the mouse, as a teacher does: drag across the first sentence.
    box = source.bounding_box()
    page.mouse.move(box["x"] + 10, box["y"] + 14)
    page.mouse.down()
    page.mouse.move(box["x"] + 420, box["y"] + 14)
    page.mouse.up()
    expect(page.locator("[data-citation-status]")).to_contain_text("Citation set")
    # Taller than a laptop for this one: the quote, its positions and the picker in one picture.
    page.set_viewport_size({"width": LAPTOP["width"], "height": 1250})
    page.locator(".field-citation_quote").scroll_into_view_if_needed()
    shoot(page, "question-citation")
    page.set_viewport_size(LAPTOP)
    page.goto(article_questions)
    for row in page.locator("#result_list tbody tr").all()[:6]:
        row.locator("input.action-select").check()
    choose_action(page, "Publish selected questions")
    shoot(page, "published")
    return article_questions


def build_and_assign(page: Page, base_url: str, article_questions: str) -> str:
    """A quiz of the published questions, by article, and an assignment for a class."""
    page.goto(base_url + "/admin/quiz/quiz/add/")
    page.locator("#id_title").fill("DART: what the article says")
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_role("link", name="Add questions from the question list").click()
    page.goto(article_questions + "&status__exact=published")
    page.locator("#action-toggle").check()
    choose_action(page, "Add selected questions to a quiz")
    choose_option(page.locator("#id_quiz"), "DART")
    shoot(page, "add-to-quiz", full_page=True)
    page.get_by_role("button", name="Add to the quiz").click()
    shoot(page, "added-to-quiz")
    page.goto(base_url + "/admin/quiz/quiz/")
    page.get_by_role("link", name="DART: what the article says").click()
    shoot(page, "quiz-form", full_page=True)

    page.goto(base_url + "/admin/quiz/assignment/add/")
    choose_option(page.locator("#id_quiz"), "DART")
    page.locator("#id_title").fill("Class 9B, week 3")
    shoot(page, "assignment-add")
    page.get_by_role("button", name="Save and continue editing").click()
    shoot(page, "assignment")
    return page.locator(".field-code .readonly").inner_text().strip()


class AnswerKey:
    """The right answers, read from the server's database, so that each student can be made to
    answer right or wrong on purpose: results worth looking at, not a row of crosses."""

    def __init__(self, database: Path) -> None:
        self.database = database

    def right_answers(self, prompt: str) -> tuple[str, list[str]]:
        with closing(sqlite3.connect(self.database)) as connection:
            question_id, kind, number = connection.execute(
                "SELECT id, kind, numeric_answer FROM quiz_question WHERE prompt = ?",
                [prompt],
            ).fetchone()
            choices = connection.execute(
                "SELECT text FROM quiz_choice WHERE question_id = ? AND is_correct",
                [question_id],
            ).fetchall()
        return kind, [str(number)] if number is not None else [
            text for (text,) in choices
        ]


def answer(student: Page, key: AnswerKey, rights: str) -> None:
    """Answer the questions in turn, right where `rights` has "R" and wrong where it has "W"."""
    for number, outcome in enumerate(rights):
        expect(student.get_by_role("button", name="Check answer")).to_be_visible()
        prompt = student.locator("#question-heading").inner_text()
        kind, right = key.right_answers(prompt)
        if kind == "numeric":
            typed = (
                Decimal(right[0]) if outcome == "R" else Decimal(right[0]) + number + 1
            )
            student.locator("#answer-number").fill(str(typed.normalize()))
        elif outcome == "R":
            for text in right:
                student.locator("#question-card label", has_text=text).first.click()
        else:
            student.locator("#question-card label").filter(
                has_not_text=right[0]
            ).first.click()
        student.get_by_role("button", name="Check answer").click()
        expect(student.locator(".verdict")).to_be_visible()
        next_link = student.get_by_role("link", name="Next question")
        if next_link.count():
            next_link.click()


def students_take_it(
    browser: Browser, base_url: str, code: str, key: AnswerKey
) -> None:
    amira = browser.new_context(viewport=LAPTOP).new_page()
    amira.goto(base_url + "/join/")
    amira.get_by_label("Join code").fill(code)
    amira.get_by_label("Your name").fill("Amira")
    amira.get_by_role("button", name="Join and start").click()
    answer(amira, key, "RRRRWR")
    amira.context.close()

    # Ben starts on a phone, then moves to a laptop with his personal code.
    ben_phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    ben_phone.goto(base_url + f"/join/{code}/")
    ben_phone.get_by_label("Your name").fill("Ben")
    ben_phone.get_by_role("button", name=re.compile("Join")).click()
    answer(ben_phone, key, "RW")
    personal_code = re.search(
        r"personal code\W+([A-Z0-9]{6})", ben_phone.locator("body").inner_text()
    ).group(1)
    ben_phone.context.close()

    ben_laptop = browser.new_context(viewport=LAPTOP).new_page()
    ben_laptop.goto(base_url + f"/join/{code}/")
    ben_laptop.get_by_label("Your name").fill("Ben")
    ben_laptop.get_by_role("button", name=re.compile("Join")).click()
    shoot(ben_laptop, "student-asked-for-code")
    ben_laptop.get_by_label("Your personal code").fill(personal_code)
    ben_laptop.get_by_role("button", name=re.compile("Continue|Join")).click()
    answer(ben_laptop, key, "WRWR")
    ben_laptop.context.close()


def watch_results(page: Page, base_url: str) -> None:
    page.goto(base_url + "/admin/quiz/assignment/")
    page.get_by_role("link", name="Class 9B, week 3").click()
    page.get_by_role("link", name="Results").first.click()
    shoot(page, "results", full_page=True)
    page.get_by_role("link", name="Ben").click()
    shoot(page, "student-answers", full_page=True)
    page.go_back()
    number_chart = page.locator("details.choice-chart", has_text="numbers typed")
    if number_chart.count():
        number_chart.first.locator(":scope > summary").click()
        number_chart.first.scroll_into_view_if_needed()
        shoot(page, "number-chart")


def export(page: Page, base_url: str) -> None:
    """The quiz for Moodle; the class's results as CSV are a link on the results page."""
    page.goto(base_url + "/admin/quiz/quiz/")
    page.locator("#result_list tr", has_text="DART").locator(
        "input.action-select"
    ).check()
    page.locator("select[name=action]").select_option(
        label="Export selected for Moodle (XML)"
    )
    shoot(page, "export")
    with page.expect_download() as download:
        page.get_by_role("button", name="Go", exact=True).click()
    assert download.value.suggested_filename.endswith(".xml")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as folder,
        development_server(Path(folder)) as base_url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_context(viewport=LAPTOP).new_page()
        page.set_default_timeout(10_000)
        log_in(page, base_url)
        shoot(page, "home")
        article_questions = prepare_questions(page, base_url)
        code = build_and_assign(page, base_url, article_questions)
        students_take_it(
            browser, base_url, code, AnswerKey(Path(folder) / "db.sqlite3")
        )
        watch_results(page, base_url)
        export(page, base_url)
        browser.close()


if __name__ == "__main__":
    main()

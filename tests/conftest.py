"""Shared fixtures: headless Debian Chromium for the browser tests (never a downloaded browser)."""

import os
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect, sync_playwright

from quiz.admin.teachers_group import ensure_teachers_group

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are still synchronous, so Django's async-safety guard does not apply to them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]


# The password of the teacher the browser tests sign in as.
PASSWORD = "a-long-classroom-passphrase"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert os.path.exists(CHROMIUM), (
        f"{CHROMIUM} is missing: install Debian's chromium package"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def clear_caches():
    """The answer speed limit, the rendered fragments and the question cache live in memory: each
    test starts with none (the other rate limits count in the database, which each test rolls
    back)."""
    from django.core.cache import caches

    from quiz.models.question_cache import question_cache

    for cache in caches.all(initialized_only=True):
        cache.clear()
    question_cache.clear()


@pytest.fixture
def teacher() -> User:
    """A teacher who signs in through the admin's login page with PASSWORD."""
    user = User.objects.create_user("ms-okafor", password=PASSWORD, is_staff=True)
    user.groups.add(ensure_teachers_group())
    return user


@pytest.fixture
def laptop(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def log_in(page: Page, live_server, user: User) -> None:
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Site administration")).to_be_visible()


def select_words(page: Page, words: str) -> None:
    """Select the words in the citation picker as a teacher's mouse does, and let go."""
    page.locator("[data-citation-source]").evaluate(
        """(element, words) => {
            const node = element.firstChild;
            const start = node.textContent.indexOf(words);
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, start + words.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            element.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        }""",
        words,
    )

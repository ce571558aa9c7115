"""The citation picker in Chromium: words selected on the page become offsets the server accepts,
whatever came before them: line breaks as a browser submits them ("\r\n"), an emoji (two
JavaScript units, one Python character) and combining accents (one character each in both)."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from quiz.models import Article, Question
from quiz.teachers import ensure_teachers_group
from tests.factories import make_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-classroom-passphrase"
PASTED = (
    "🎉 Festival news from the café\u0301 district.\r\n"
    "The mayor, Zoë Ruiz, said the first bridge would open in the spring.\r\n"
    "\r\n"
    "Critics 👩\u200d👩\u200d👧 called the plan “too slow” and asked for 20 bridges."
)


def select_words(page: Page, words: str) -> None:
    """Select the words in the picker as a teacher's mouse does, and let go."""
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


@pytest.mark.parametrize(
    "words",
    [
        "asked for 20 bridges",  # after every kind of character, two paragraphs down
        "said the first bridge would open in the spring.\n\nCritics 👩\u200d👩",
    ],
)
def test_words_picked_after_line_breaks_emoji_and_accents_are_the_stored_words(
    live_server, page: Page, words: str
):
    teacher = User.objects.create_user("ms-okafor", password=PASSWORD, is_staff=True)
    teacher.groups.add(ensure_teachers_group())
    article = Article.objects.create(
        title="Bridges", slug="bridges", text=PASTED, owner=teacher
    )
    question = make_question(
        article=article,
        quote="Festival news",
        prompt="How many bridges did critics ask for?",
    )
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(teacher.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + f"/admin/quiz/question/{question.pk}/change/")

    select_words(page, words)
    expect(page.locator("[data-citation-status]")).to_contain_text(
        "Citation set to characters"
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text(re.compile("was changed successfully"))).to_be_visible()
    question = Question.objects.select_related("article").get(pk=question.pk)
    assert question.citation_quote == words
    assert question.citation_is_valid()

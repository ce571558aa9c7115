"""The citation picker in Chromium: words selected on the page become offsets the server accepts,
whatever came before them: line breaks as a browser submits them ("\r\n"), an emoji (two
JavaScript units, one Python character) and combining accents (one character each in both)."""

import re

import pytest
from playwright.sync_api import Page, expect

from quiz.models import Article, Question
from tests.conftest import log_in, select_words
from tests.factories import make_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASTED = (
    "🎉 Festival news from the café\u0301 district.\r\n"
    "The mayor, Zoë Ruiz, said the first bridge would open in the spring.\r\n"
    "\r\n"
    "Critics 👩\u200d👩\u200d👧 called the plan “too slow” and asked for 20 bridges."
)


@pytest.mark.parametrize(
    "words",
    [
        "asked for 20 bridges",  # after every kind of character, two paragraphs down
        "said the first bridge would open in the spring.\n\nCritics 👩\u200d👩",
    ],
)
def test_words_picked_after_line_breaks_emoji_and_accents_are_the_stored_words(
    live_server, page: Page, teacher, words: str
):
    article = Article.objects.create(
        title="Bridges", slug="bridges", text=PASTED, owner=teacher
    )
    question = make_question(
        article=article,
        quote="Festival news",
        prompt="How many bridges did critics ask for?",
    )
    log_in(page, live_server, teacher)
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

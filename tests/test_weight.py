"""What a student's phone downloads: sizes are asserted (timings never are; see bench/)."""

import gzip
import re

from django.contrib.staticfiles import finders
from django.test import TestCase

from tests.factories import choice_id, make_quiz, start_attempt

GZIP = {"Accept-Encoding": "gzip"}


def compressed_static(path: str) -> int:
    """The file as whitenoise serves it to a browser that accepts gzip."""
    with open(finders.find(path), "rb") as file:
        return len(gzip.compress(file.read(), compresslevel=9))


class PageWeightTests(TestCase):
    def setUp(self):
        self.attempt = start_attempt(
            client=self.client, quiz=make_quiz(question_count=10)
        )

    def test_first_question_page_with_everything_it_loads_is_under_25_kb(self):
        page = self.client.get(self.attempt.question_url(1), headers=GZIP)
        assert page["Content-Encoding"] == "gzip"
        html = page.content
        assets = re.findall(
            r'(?:src|href)="/static/([^"]+)"', gzip.decompress(html).decode()
        )
        assert {"css/quiz.css", "js/quiz.js", "django_htmx/htmx-2.min.js"} <= set(
            assets
        )
        total = len(html) + sum(compressed_static(asset) for asset in assets)
        assert total <= 25_000, f"{total} bytes"

    def test_feedback_fragment_is_under_3_kb(self):
        question = self.attempt.question_at(1)
        fragment = self.client.post(
            self.attempt.question_url(1),
            {"choice": choice_id(question, "8")},
            headers={"HX-Request": "true", **GZIP},
        )
        assert b"<mark>" in gzip.decompress(fragment.content)
        assert len(fragment.content) <= 3_000, f"{len(fragment.content)} bytes"

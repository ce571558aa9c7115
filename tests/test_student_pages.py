"""The student's pages as issue 13 left them: finishing early asks first, the article offers a way
back to the question, time limits count down in the school's time zone, and the small text
faults (a quote shown twice, "0 out of 0", a notice twice, "Right answers: 1,500")."""

import html
import re
from datetime import timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

from django.test import Client, TestCase, override_settings
from django.utils import timezone

from quiz.models import Attempt, Question, Quiz, Response
from quiz.results.reports import column_title
from tests.factories import (
    choice_id,
    make_article,
    make_question,
    make_quiz,
    start_attempt,
)

HTMX = {"HX-Request": "true"}


def answer(client: Client, attempt: Attempt, position: int, text: str, **kwargs):
    question = attempt.question_at(position)
    return client.post(
        attempt.question_url(position), {"choice": choice_id(question, text)}, **kwargs
    )


class FinishNowTests(TestCase):
    def setUp(self):
        self.quiz = make_quiz(question_count=3)
        self.attempt = start_attempt(client=self.client, quiz=self.quiz)
        answer(self.client, self.attempt, 1, "12")

    def test_results_link_to_a_confirmation_instead_of_finishing_at_once(self):
        page = self.client.get(self.attempt.get_absolute_url()).text
        assert f'href="{self.attempt.finish_url()}">Finish now…</a>' in page
        assert (
            "Retake the quiz" not in page
        )  # not beside Finish now: only once finished

    def test_confirmation_says_what_unanswered_questions_score_and_changes_nothing(
        self,
    ):
        page = self.client.get(self.attempt.finish_url())
        assert page.status_code == HTTPStatus.OK
        assert "Finish now?" in page.text
        assert "2 unanswered questions will score 0." in page.text
        assert f'<form method="post" action="{self.attempt.get_absolute_url()}"' in (
            page.text
        )
        assert f'href="{self.attempt.question_url(2)}">Keep going</a>' in page.text
        self.attempt.refresh_from_db()
        assert not self.attempt.is_finished

    def test_finish_on_the_confirmation_finishes_and_offers_a_retake(self):
        response = self.client.post(self.attempt.get_absolute_url())
        assert response["Location"] == self.attempt.get_absolute_url()
        self.attempt.refresh_from_db()
        assert self.attempt.is_finished
        page = self.client.get(self.attempt.get_absolute_url()).text
        assert "Retake the quiz" in page and "Finish now" not in page
        confirmation = self.client.get(self.attempt.finish_url())
        assert confirmation["Location"] == self.attempt.get_absolute_url()

    def test_another_browser_gets_404_and_the_page_takes_no_post(self):
        assert Client().get(self.attempt.finish_url()).status_code == 404
        post = self.client.post(self.attempt.finish_url())
        assert post.status_code == HTTPStatus.METHOD_NOT_ALLOWED
        self.attempt.refresh_from_db()
        assert not self.attempt.is_finished


class BackToQuestionTests(TestCase):
    def setUp(self):
        self.article = make_article()
        self.quiz = make_quiz(question_count=2, article=self.article)
        self.attempt = start_attempt(client=self.client, quiz=self.quiz)
        answer(self.client, self.attempt, 1, "12")
        self.feedback = self.client.get(self.attempt.question_url(1)).text

    def citation_link(self) -> str:
        match = re.search(
            r'<p class="citation-link">\s*<a href="([^"]+)"', self.feedback
        )
        return html.unescape(match[1])

    def test_the_citation_link_leads_to_an_article_page_with_a_way_back(self):
        link = self.citation_link()
        assert f"attempt={self.attempt.pk}&question=1#cited" in link
        page = self.client.get(link)
        assert page.status_code == HTTPStatus.OK
        back = f'<a class="button primary" href="{self.attempt.question_url(1)}">Back to question 1</a>'
        assert back in page.text
        assert '<mark id="cited"' in page.text
        assert "private" in page["Cache-Control"]

    def test_the_results_page_links_back_to_each_question(self):
        page = self.client.get(self.attempt.get_absolute_url()).text
        assert f"attempt={self.attempt.pk}&amp;question=1#cited" in page

    def test_no_way_back_into_another_browser_or_a_question_not_about_this_article(
        self,
    ):
        other_article_quiz = make_quiz(question_count=1)
        elsewhere = start_attempt(client=self.client, quiz=other_article_quiz)
        url = self.article.get_absolute_url()
        cases = [(Client(), {"attempt": self.attempt.pk, "question": "1"})] + [
            (self.client, params)
            for params in [
                {"attempt": self.attempt.pk, "question": "3"},  # no such position
                {"attempt": self.attempt.pk, "question": "0"},
                {"attempt": self.attempt.pk, "question": "-1"},
                {"attempt": self.attempt.pk, "question": "1" * 40},
                {"attempt": self.attempt.pk, "question": "１"},  # a full-width digit
                {"attempt": elsewhere.pk, "question": "1"},  # cites another article
                {"attempt": "https://evil.example/", "question": "1"},
                {"attempt": "not-a-uuid", "question": "x"},
            ]
        ]
        for client, params in cases:
            with self.subTest(params):
                page = client.get(url, params)
                assert page.status_code == HTTPStatus.OK
                assert "Back to question" not in page.text
                assert "evil.example" not in page.text


class TimeLimitTests(TestCase):
    def setUp(self):
        self.quiz = make_quiz(question_count=2)
        Quiz.objects.filter(pk=self.quiz.pk).update(time_limit_minutes=10)
        self.attempt = start_attempt(client=self.client, quiz=self.quiz)

    @override_settings(TIME_ZONE="Europe/Paris")
    def test_the_deadline_is_in_the_schools_time_zone_with_the_time_left(self):
        page = self.client.get(self.attempt.question_url(1)).text
        local = self.attempt.expires_at.astimezone(ZoneInfo("Europe/Paris"))
        assert f"{local:%H:%M} {local.tzname()}</time>" in page
        timer = re.search(r'<strong role="timer" aria-live="off"[^>]*>([^<]*)<', page)
        assert timer[1] in {"10:00", "9:59"}
        assert 'data-seconds-left="' in timer[0]
        assert "js/countdown.js" in page

    def test_time_up_is_said_once_and_the_clock_goes(self):
        Attempt.objects.filter(pk=self.attempt.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
        for headers in [{}, HTMX]:
            with self.subTest(headers=headers):
                response = answer(self.client, self.attempt, 1, "12", headers=headers)
                assert response.status_code == HTTPStatus.CONFLICT
                assert response.text.count("Time is up") == 1
                assert 'role="timer"' not in response.text
        page = self.client.get(self.attempt.question_url(1)).text
        assert page.count("Time is up") == 1
        assert not Response.objects.exists()

    def test_a_quiz_without_a_time_limit_shows_no_clock(self):
        quiz = make_quiz(question_count=1)
        attempt = start_attempt(client=self.client, quiz=quiz)
        page = self.client.get(attempt.question_url(1)).text
        assert 'role="timer"' not in page and "countdown.js" not in page


class FeedbackTextTests(TestCase):
    def test_an_explanation_that_only_quotes_the_citation_is_not_shown_twice(self):
        quote = "Mayor Ana Ruiz said the first bridge would open in the spring."
        question = make_question(
            quote=quote, explanation=f"The article says: “{quote}”"
        )
        quiz = make_quiz(questions=[question])
        attempt = start_attempt(client=self.client, quiz=quiz)
        response = answer(self.client, attempt, 1, "12", headers=HTMX)
        assert html.unescape(response.text).count(quote) == 1
        assert "<mark>" + quote + "</mark>" in html.unescape(response.text)

    def test_an_explanation_that_quotes_the_citation_among_more_words_shows_it_once(
        self,
    ):
        # As the generator writes a false claim's explanation: the quote after what it corrects.
        quote = "Mayor Ana Ruiz said the first bridge would open in the spring."
        question = make_question(
            quote=quote,
            explanation=f"False. The article says the mayor, not the council: “{quote}”",
        )
        attempt = start_attempt(
            client=self.client, quiz=make_quiz(questions=[question])
        )
        page = html.unescape(answer(self.client, attempt, 1, "12", headers=HTMX).text)
        assert page.count(quote) == 1
        assert (
            f"False. The article says the mayor, not the council: “<mark>{quote}</mark>”"
            in page
        )
        assert "Read these words in the article" in page
        # The results page shows no explanation: there the quote stands in its sentence.
        results = html.unescape(self.client.get(attempt.get_absolute_url()).text)
        assert f"<mark>{quote}</mark>" in results

    def test_an_explanation_that_says_more_is_shown(self):
        question = make_question(explanation="The council said it will build 12.")
        attempt = start_attempt(
            client=self.client, quiz=make_quiz(questions=[question])
        )
        response = answer(self.client, attempt, 1, "12", headers=HTMX)
        assert "The council said it will build 12." in response.text

    def test_no_score_line_before_the_first_answer(self):
        quiz = make_quiz(question_count=2)
        attempt = start_attempt(client=self.client, quiz=quiz)
        first = self.client.get(attempt.question_url(1)).text
        assert "Score so far" not in first and "0 answered" not in first
        answer(self.client, attempt, 1, "12")
        second = self.client.get(attempt.question_url(2)).text
        assert "Score so far: <strong>1</strong> out of 1 answered" in second

    def test_a_saved_answer_lists_the_choices_picked_without_a_trailing_separator(self):
        question = make_question(kind=Question.Kind.MULTIPLE_SELECT)
        # Two questions, so that the attempt is still under way and shows no verdict yet.
        quiz = make_quiz(
            questions=[question, make_question()], feedback=Quiz.Feedback.AT_END
        )
        attempt = start_attempt(client=self.client, quiz=quiz)
        first, second, *_ = attempt.display_order(question)
        page = self.client.post(
            attempt.question_url(1), {"choice": [first.pk, second.pk]}, headers=HTMX
        ).text
        assert "Answer saved" in page
        assert (
            f"Your answer: {html.escape(first.text)}; {html.escape(second.text)}</p>"
            in page
        )

    def test_one_right_number_is_one_right_answer(self):
        question = make_question(kind=Question.Kind.NUMERIC, numeric_answer=1500)
        attempt = start_attempt(
            client=self.client, quiz=make_quiz(questions=[question])
        )
        self.client.post(attempt.question_url(1), {"number": "12"})
        page = self.client.get(attempt.get_absolute_url()).text
        assert "Right answer: 1,500</p>" in page
        assert "Right answers" not in page


class CsvColumnTitleTests(TestCase):
    def test_long_prompts_are_cut_after_a_whole_word(self):
        prompt = "What did the US say on Wednesday it would give Ukraine to slow Russia's advances?"
        assert column_title(prompt) == (
            "What did the US say on Wednesday it would give Ukraine to…"
        )
        assert column_title("How many\nbridges?") == "How many bridges?"

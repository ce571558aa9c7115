import html
import re
from http import HTTPStatus
from uuid import uuid4

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quiz.models import Article, Attempt, Question, Response
from tests.factories import (
    choice_id,
    make_article,
    make_question,
    make_quiz,
    start_attempt,
)

HTMX = {"HX-Request": "true"}


class HomePageTests(TestCase):
    def test_lists_published_quizzes_with_questions_only(self):
        shown = make_quiz(title="Bridges quiz")
        make_quiz(title="Secret draft quiz", published=False)
        make_quiz(title="Empty quiz", questions=[])
        page = self.client.get(reverse("quiz:home"))
        assert page.status_code == HTTPStatus.OK
        assert "Bridges quiz" in page.text
        assert shown.get_absolute_url() in page.text
        assert "Secret draft quiz" not in page.text
        assert "Empty quiz" not in page.text


class QuizPageTests(TestCase):
    def test_shows_the_article_source_and_question_count(self):
        article = make_article(
            publisher="The Harbour Times",
            date_is_approximate=True,
            published_on="2024-11-20",
        )
        quiz = make_quiz(article=article, question_count=3)
        page = self.client.get(quiz.get_absolute_url())
        assert page.status_code == HTTPStatus.OK
        assert "The Harbour Times" in page.text
        assert "around" in page.text and "approximate date" in page.text
        assert "3 questions, one at a time" in page.text
        assert article.get_absolute_url() in page.text

    def test_start_creates_an_attempt_and_opens_the_first_question(self):
        quiz = make_quiz()
        response = self.client.post(quiz.get_absolute_url(), {"display_name": "Sam"})
        attempt = Attempt.objects.get()
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == attempt.question_url(1)
        assert attempt.display_name == "Sam"

    def test_too_long_name_gets_a_message_and_starts_nothing(self):
        quiz = make_quiz()
        response = self.client.post(quiz.get_absolute_url(), {"display_name": "x" * 81})
        assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        assert "at most 80 characters" in response.text
        assert not Attempt.objects.exists()

    def test_unknown_or_unpublished_quiz_is_a_404_page(self):
        hidden = make_quiz(published=False)
        for url in [
            reverse("quiz:quiz", kwargs={"slug": "no-such-quiz"}),
            hidden.get_absolute_url(),
        ]:
            response = self.client.get(url)
            assert response.status_code == HTTPStatus.NOT_FOUND
            assert "Page not found" in response.text


class QuestionPageTests(TestCase):
    def setUp(self):
        self.quiz = make_quiz(question_count=2)
        self.attempt = start_attempt(client=self.client, quiz=self.quiz)
        self.question = self.attempt.question_at(1)
        self.url = self.attempt.question_url(1)

    def answer(self, *texts, htmx=True, client=None):
        data = {"choice": [choice_id(self.question, text) for text in texts]}
        return (client or self.client).post(
            self.url, data, headers=HTMX if htmx else {}
        )

    def test_full_page(self):
        page = self.client.get(self.url)
        assert page.status_code == HTTPStatus.OK
        assert "<html" in page.text
        assert "Question 1 of 2" in page.text
        assert self.question.prompt in page.text
        assert 'hx-post="' + self.url in page.text
        assert 'action="' + self.url in page.text
        assert "HX-Request" in page["Vary"]
        assert "no-cache" in page["Cache-Control"]

    def test_fragment_for_htmx(self):
        fragment = self.client.get(self.url, headers=HTMX)
        assert fragment.status_code == HTTPStatus.OK
        assert "<html" not in fragment.text
        assert fragment.text.lstrip().startswith('<section id="question-card"')
        assert "HX-Request" in fragment["Vary"]

    def test_history_restore_gets_the_full_page(self):
        page = self.client.get(
            self.url, headers={**HTMX, "HX-History-Restore-Request": "true"}
        )
        assert "<html" in page.text

    def test_htmx_answer_swaps_in_verdict_explanation_and_citation(self):
        response = self.answer("12")
        assert response.status_code == HTTPStatus.OK
        assert "<html" not in response.text
        assert "Correct" in response.text
        assert self.question.explanation in response.text
        assert (
            "<mark>The river council said on Monday it will build 12 new bridges before 2030.</mark>"
            in response.text
        )
        assert (
            f"{self.question.article.get_absolute_url()}?cite=0-74#cited"
            in response.text
        )
        assert "Score so far: <strong>1</strong>" in response.text
        assert Response.objects.get().correctness == Response.Correctness.CORRECT

    def test_answer_without_javascript_posts_redirects_and_shows_the_feedback(self):
        response = self.answer("8", htmx=False)
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == self.url
        page = self.client.get(self.url)
        assert "Incorrect" in page.text
        assert "Right answer" in page.text
        assert 'href="' + self.attempt.question_url(2) in page.text

    def page_without_csrf_tokens(self):
        page = self.client.get(self.url).text
        return re.sub(
            r'(csrfmiddlewaretoken" value=|"x-csrftoken": )"[^"]+"', "TOKEN", page
        )

    def test_page_before_answering_does_not_depend_on_which_choice_is_right(self):
        before = self.page_without_csrf_tokens()
        self.question.choices.update(is_correct=False)
        self.question.choices.filter(text="30").update(is_correct=True)
        after = self.page_without_csrf_tokens()
        assert before == after
        assert self.question.explanation not in before
        assert "<mark>" not in before

    def test_choices_are_not_shown_in_the_order_they_were_written(self):
        words = make_question(
            choices=[("Ana", True), ("Bob", False), ("Cy", False), ("Dee", False)]
        )
        quiz = make_quiz(questions=[words])
        orders = set()
        for _ in range(8):
            attempt = start_attempt(client=self.client, quiz=quiz)
            page = self.client.get(attempt.question_url(1)).text
            orders.add(tuple(re.findall(r'<label for="choice-\d">(\w+)</label>', page)))
        assert len(orders) > 1

    def test_an_answer_counts_once(self):
        self.answer("8")
        second = self.answer("12")
        assert second.status_code == HTTPStatus.OK
        assert "already answered" in second.text
        assert "Incorrect" in second.text
        assert Response.objects.count() == 1
        self.attempt.refresh_from_db()
        assert self.attempt.score == 0

    def test_repeating_a_no_js_post_changes_nothing(self):
        self.answer("12", htmx=False)
        self.answer("8", htmx=False)
        self.attempt.refresh_from_db()
        assert (self.attempt.score, Response.objects.count()) == (1, 1)

    def test_another_browser_gets_404_and_cannot_answer(self):
        other = Client()
        assert other.get(self.url).status_code == HTTPStatus.NOT_FOUND
        assert (
            other.get(self.attempt.get_absolute_url()).status_code
            == HTTPStatus.NOT_FOUND
        )
        assert self.answer("12", client=other).status_code == HTTPStatus.NOT_FOUND
        assert not Response.objects.exists()

    def test_bad_answers_get_a_message_in_the_fragment_and_store_nothing(self):
        other_question = make_question()
        cases = {
            "missing choice": {},
            "unknown id": {"choice": "123456789"},
            "not a number": {"choice": "twelve"},
            "choice of another question": {"choice": other_question.choices.first().pk},
            "two choices on a single-choice question": {
                "choice": [
                    choice_id(self.question, "12"),
                    choice_id(self.question, "8"),
                ]
            },
        }
        for case, data in cases.items():
            with self.subTest(case):
                response = self.client.post(self.url, data, headers=HTMX)
                assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
                assert "<html" not in response.text
                assert 'role="alert"' in response.text
                assert re.search(
                    r"Choose an answer first|not one of this question|Choose only one",
                    response.text,
                )
        assert not Response.objects.exists()

    def test_bad_answer_without_javascript_shows_the_message_in_the_page(self):
        response = self.client.post(self.url, {})
        assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        assert "<html" in response.text
        assert "Choose an answer first." in response.text

    def test_answering_a_finished_attempt_is_refused_with_a_message(self):
        self.attempt.finish()
        response = self.answer("12")
        assert response.status_code == HTTPStatus.CONFLICT
        assert "attempt is finished" in response.text
        assert not Response.objects.exists()

    def test_positions_outside_the_attempt_and_unknown_attempts_are_404(self):
        for url in [
            self.attempt.question_url(0),
            self.attempt.question_url(3),
            reverse("quiz:question", kwargs={"attempt_id": uuid4(), "position": 1}),
        ]:
            assert self.client.get(url).status_code == HTTPStatus.NOT_FOUND

    def test_wrong_method_is_refused(self):
        assert self.client.put(self.url).status_code == HTTPStatus.METHOD_NOT_ALLOWED

    def test_multiple_select_gives_partial_credit_and_says_so(self):
        question = make_question(
            kind=Question.Kind.MULTIPLE_SELECT,
            prompt="Who criticised or backed it? Select all that apply.",
        )
        quiz = make_quiz(questions=[question])
        attempt = start_attempt(client=self.client, quiz=quiz)
        response = self.client.post(
            attempt.question_url(1),
            {"choice": [choice_id(question, "Ana Ruiz")]},
            headers=HTMX,
        )
        assert "Partly correct: 0.5 of 1 point" in response.text
        page = self.client.get(attempt.question_url(1))
        assert "Partly correct" in page.text


class NumberQuestionPageTests(TestCase):
    def setUp(self):
        self.quiz = make_quiz(
            questions=[make_question(kind=Question.Kind.NUMERIC, numeric_answer=12)]
        )
        self.attempt = start_attempt(client=self.client, quiz=self.quiz)
        self.url = self.attempt.question_url(1)

    def test_page_asks_for_a_typed_number(self):
        page = self.client.get(self.url)
        assert 'inputmode="decimal"' in page.text
        assert '<label for="answer-number">Your answer (a number)</label>' in page.text

    def test_a_typed_number_is_scored_and_the_right_number_shown(self):
        response = self.client.post(self.url, {"number": "1,300"}, headers=HTMX)
        assert "Incorrect" in response.text
        assert (
            '<span class="choice-text">1,300</span> <span class="tag">Your answer</span>'
            in response.text
        )
        assert (
            '<span class="choice-text">12</span> <span class="tag tag-right">Right answer</span>'
            in response.text
        )
        assert Response.objects.get().number == 1300

    def test_the_right_number_typed_with_a_decimal_point_is_correct(self):
        response = self.client.post(self.url, {"number": "12.0"}, headers=HTMX)
        assert "Correct" in response.text
        self.attempt.refresh_from_db()
        assert self.attempt.score == 1

    def test_bad_numbers_get_a_message_and_store_nothing(self):
        for typed, message in [
            ("", "Type a number first."),
            ("twelve", "Type a number, such as 133 or 2.5."),
            ("1e30", "too large"),
            ("0.0000001", "too many decimal places"),
        ]:
            with self.subTest(typed):
                response = self.client.post(self.url, {"number": typed}, headers=HTMX)
                assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
                assert message in response.text
        assert not Response.objects.exists()


class ResultsPageTests(TestCase):
    def setUp(self):
        self.quiz = make_quiz(question_count=3)
        self.attempt = start_attempt(
            client=self.client, quiz=self.quiz, display_name="Sam"
        )
        for position, text in [(1, "12"), (2, "8")]:
            question = self.attempt.question_at(position)
            self.client.post(
                self.attempt.question_url(position),
                {"choice": choice_id(question, text)},
            )

    def test_shows_score_answers_right_answers_and_citations(self):
        page = self.client.get(self.attempt.get_absolute_url())
        assert page.status_code == HTTPStatus.OK
        assert "1 / 3" in page.text
        assert "(33%)" in page.text
        assert "Your answer: 8" in page.text
        assert "Right answer: 12" in page.text
        assert page.text.count("<mark>") == 2
        assert "Continue the quiz" in page.text

    def test_shows_every_choice_of_a_multiple_select_answer(self):
        question = make_question(kind=Question.Kind.MULTIPLE_SELECT)
        quiz = make_quiz(questions=[question])
        attempt = start_attempt(client=self.client, quiz=quiz)
        chosen = [choice_id(question, "Bob Lee"), choice_id(question, "Ana Ruiz")]
        self.client.post(attempt.question_url(1), {"choice": chosen})
        page = html.unescape(self.client.get(attempt.get_absolute_url()).text)
        assert "Your answer: Ana Ruiz; Bob Lee</p>" in page
        assert "Right answers: Ana Ruiz; Cyclists' Union</p>" in page

    def test_unanswered_question_keeps_its_answer_secret_until_finished(self):
        third = self.attempt.question_at(3)
        page = self.client.get(self.attempt.get_absolute_url())
        assert "Not answered yet" in page.text
        assert page.text.count("Right answer") == 2
        self.client.post(self.attempt.get_absolute_url())
        page = self.client.get(self.attempt.get_absolute_url())
        assert "Not answered" in page.text
        assert page.text.count("Right answer") == 3
        assert third.prompt in page.text

    def test_finish_then_retake_starts_a_new_attempt(self):
        self.client.post(self.attempt.get_absolute_url())
        self.attempt.refresh_from_db()
        assert self.attempt.is_finished
        retake = self.client.post(self.quiz.get_absolute_url(), {"display_name": "Sam"})
        new_attempt = Attempt.objects.exclude(pk=self.attempt.pk).get()
        assert retake["Location"] == new_attempt.question_url(1)
        assert new_attempt.score == 0


class ArticlePageTests(TestCase):
    def setUp(self):
        self.article = make_article()
        make_quiz(article=self.article)

    def test_shows_every_paragraph(self):
        page = self.client.get(self.article.get_absolute_url())
        assert page.status_code == HTTPStatus.OK
        for paragraph in self.article.text.split("\n"):
            assert paragraph.replace("'", "&#x27;") in page.text
        assert page.text.count('<p id="p') == 3

    def test_cited_words_are_highlighted_at_their_anchor(self):
        start = self.article.text.index("“too slow”")
        page = self.client.get(
            f"{self.article.get_absolute_url()}?cite={start}-{start + 10}"
        )
        assert '<mark id="cited" tabindex="-1">“too slow”</mark>' in page.text

    def test_bad_cite_values_are_ignored(self):
        for value in ["abc", "5-2", "0-99999", "-1-4", "1-2-3", "²-5"]:
            page = self.client.get(self.article.get_absolute_url(), {"cite": value})
            assert page.status_code == HTTPStatus.OK
            assert "<mark" not in page.text

    def test_article_text_is_escaped(self):
        article = make_article(
            text="A <script>alert(1)</script> test said the council will act."
        )
        make_quiz(
            questions=[make_question(article=article, quote="the council will act.")]
        )
        page = self.client.get(f"{article.get_absolute_url()}?cite=2-10")
        assert "<script>alert" not in page.text
        assert '<mark id="cited" tabindex="-1">&lt;script&gt;</mark>' in page.text

    def test_article_without_a_published_quiz_is_404(self):
        assert (
            self.client.get(make_article().get_absolute_url()).status_code
            == HTTPStatus.NOT_FOUND
        )


@pytest.mark.django_db
@pytest.mark.parametrize("question_count", [5, 100])
def test_query_counts_do_not_grow_with_the_quiz(
    client, django_assert_max_num_queries, question_count
):
    quiz = make_quiz(question_count=question_count)
    attempt = start_attempt(client=client, quiz=quiz)
    answer = {"choice": choice_id(attempt.question_at(1), "12")}
    with django_assert_max_num_queries(4):
        client.get(attempt.question_url(1))
    with django_assert_max_num_queries(8):
        client.post(attempt.question_url(1), answer, headers=HTMX)
    with django_assert_max_num_queries(6):
        client.get(attempt.get_absolute_url())


@pytest.mark.django_db
def test_the_results_page_costs_the_same_queries_for_5_and_100_answers():
    counts = []
    for question_count in (5, 100):
        student = Client()
        quiz = make_quiz(question_count=question_count)
        attempt = start_attempt(client=student, quiz=quiz)
        for position in range(1, question_count + 1):
            question = attempt.question_at(position)
            answer = {"choice": choice_id(question, "12")}
            student.post(attempt.question_url(position), answer, headers=HTMX)
        student.get(attempt.get_absolute_url())  # every question now in memory
        with CaptureQueriesContext(connection) as queries:
            page = student.get(attempt.get_absolute_url())
        assert page.text.count("<mark>") == question_count
        counts.append(len(queries))
    assert counts == [2, 2]  # the attempt; every stored answer with its choices


@pytest.mark.django_db
def test_a_warm_question_page_costs_two_queries_whatever_was_read_before(
    client, django_assert_num_queries
):
    quiz = make_quiz(question_count=2)
    attempt = start_attempt(client=client, quiz=quiz)
    client.get(attempt.question_url(1))
    article = attempt.question_at(1).article
    for other_page in [
        "/",
        quiz.get_absolute_url(),
        article.get_absolute_url(),
        attempt.get_absolute_url(),
        attempt.question_url(2),
    ]:
        client.get(other_page)
        with django_assert_num_queries(2):  # the attempt, and any stored answer
            client.get(attempt.question_url(1))


class ContentCacheTests(TestCase):
    """Questions are kept in memory between requests, but never past a change to them."""

    def test_a_corrected_answer_key_applies_to_the_next_answer(self):
        quiz = make_quiz(question_count=1)
        attempt = start_attempt(client=self.client, quiz=quiz)
        question = attempt.question_at(1)
        self.client.get(attempt.question_url(1))  # now in memory
        eight = question.choices.get(text="8")
        question.choices.update(is_correct=False)
        eight.is_correct = True
        eight.save()
        response = self.client.post(
            attempt.question_url(1), {"choice": eight.pk}, headers=HTMX
        )
        assert "Correct" in response.text and "Incorrect" not in response.text

    def test_a_teachers_preview_shows_a_corrected_explanation_at_once(self):
        self.client.force_login(User.objects.create_superuser("teacher"))
        question = make_question()
        url = reverse("quiz:preview_question", kwargs={"question_id": question.pk})
        right = {"choice": choice_id(question, "12")}
        assert question.explanation in self.client.post(url, right, headers=HTMX).text
        question.explanation = "Corrected: the report counts twelve."
        question.save()
        page = self.client.post(url, right, headers=HTMX).text
        assert "Corrected: the report counts twelve." in page

    def test_a_changed_kind_of_question_shows_at_once(self):
        quiz = make_quiz(question_count=1)
        attempt = start_attempt(client=self.client, quiz=quiz)
        assert "Choose one answer" in self.client.get(attempt.question_url(1)).text
        Question.objects.filter(pk=attempt.question_ids[0]).update(
            kind=Question.Kind.MULTIPLE_SELECT
        )
        page = self.client.get(attempt.question_url(1)).text
        assert "Select all that apply" in page and 'type="checkbox"' in page

    def test_a_corrected_source_shows_at_once(self):
        quiz = make_quiz(question_count=1)
        attempt = start_attempt(client=self.client, quiz=quiz)
        question = attempt.question_at(1)
        self.client.post(attempt.question_url(1), {"choice": choice_id(question, "12")})
        assert "The Daily Test" in self.client.get(attempt.question_url(1)).text
        Article.objects.filter(pk=question.article_id).update(
            publisher="The Evening Test"
        )
        page = self.client.get(attempt.question_url(1)).text
        assert "The Evening Test" in page and "The Daily Test" not in page

    def test_each_attempt_sees_its_own_order_of_choices(self):
        question = make_question(kind=Question.Kind.MULTIPLE_SELECT)
        quiz = make_quiz(questions=[question])
        orders = {}
        for _ in range(12):  # 24 orders of 4 choices: 12 attempts all alike is 24**-11
            attempt = start_attempt(client=self.client, quiz=quiz)
            expected = [c.text for c in attempt.display_order(attempt.question_at(1))]
            page = self.client.get(attempt.question_url(1)).text
            shown = re.findall(r'<label for="choice-\d+">([^<]*)</label>', page)
            assert [html.unescape(text) for text in shown] == expected
            orders[tuple(expected)] = True
        assert len(orders) > 1

    def test_each_student_sees_the_feedback_on_their_own_answer(self):
        choice_question = make_question()
        number_question = make_question(kind=Question.Kind.NUMERIC)
        quiz = make_quiz(questions=[choice_question, number_question])
        for chosen, typed, verdict in [
            ("12", "12", "Correct"),
            ("8", "13", "Incorrect"),
            ("12", "14", "Correct"),
        ]:
            student = Client()
            attempt = start_attempt(client=student, quiz=quiz)
            answer = {"choice": choice_id(choice_question, chosen)}
            page = student.post(attempt.question_url(1), answer, headers=HTMX).text
            assert f">{verdict}</h2>" in page
            mine = re.search(
                r'class="[^"]*is-chosen">\s*<span class="choice-text">(\w+)', page
            )
            assert mine.group(1) == chosen
            page = student.post(
                attempt.question_url(2), {"number": typed}, headers=HTMX
            ).text
            assert (
                f'<span class="choice-text">{typed}</span> <span class="tag">Your answer'
                in page
            )

    def test_a_reworded_prompt_shows_at_once(self):
        quiz = make_quiz(question_count=1)
        attempt = start_attempt(client=self.client, quiz=quiz)
        self.client.get(attempt.question_url(1))
        Question.objects.filter(pk=attempt.question_ids[0]).update(
            prompt="How many bridges, really?"
        )
        assert (
            "How many bridges, really?" in self.client.get(attempt.question_url(1)).text
        )

"""Bad input beyond tests/test_security.py: odd answers, ids, numbers, names, cookies and
citations. Each gets a clear answer (never a 500) and stores nothing it should not.

What the wire itself can carry (malformed HTTP, huge headers, bad Host) is tried against a real
gunicorn in tests/test_servers.py; docs/reliability.md lists all of it.
"""

from http import HTTPStatus

from django.core.cache import cache
from django.test import Client, TestCase
from django.urls import reverse

from quiz.models import Attempt, Question, Response
from tests.factories import make_question, make_quiz, start_attempt

HTMX = {"HX-Request": "true"}


class AbuseTestCase(TestCase):
    def setUp(self):
        cache.clear()

    def answer(self, quiz, data, **kwargs):
        """A new student (so that no rate limit interferes) answers question 1 with `data`."""
        client = Client()
        attempt = start_attempt(client=client, quiz=quiz)
        return attempt, client.post(attempt.question_url(1), data, **kwargs)


class OddAnswerTests(AbuseTestCase):
    def test_odd_choice_ids_are_refused_in_words_and_store_nothing(self):
        quiz = make_quiz(question_count=1)
        for value in [
            "",
            "-1",
            "0",
            "1.5",
            "1e3",
            "0x10",
            "99999999999999999999999999999",
            "９９９９９９９",  # full-width digits: read as 9999999, no such choice
            "\x00",
            "<script>alert(1)</script>",
        ]:
            with self.subTest(value=value):
                _, response = self.answer(quiz, {"choice": value}, headers=HTMX)
                assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
                assert "<script>alert(1)" not in response.text
        assert not Response.objects.exists()

    def test_odd_numbers_are_refused_in_words_and_store_nothing(self):
        question = make_question(kind=Question.Kind.NUMERIC)
        quiz = make_quiz(questions=[question])
        for value in [
            "NaN",
            "-Infinity",
            "1e999999",
            "1e-999999",
            "0.0000001",
            "1" * 40,
            "12\x00",
            "twelve",
            "1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9,0",
        ]:
            with self.subTest(value=value):
                _, response = self.answer(quiz, {"number": value}, headers=HTMX)
                assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        assert not Response.objects.exists()

    def test_an_answer_sent_as_json_or_a_file_is_refused(self):
        quiz = make_quiz(question_count=1)
        attempt, as_json = self.answer(
            quiz, '{"choice": 1}', content_type="application/json", headers=HTMX
        )
        assert as_json.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        client = Client()
        attempt = start_attempt(client=client, quiz=quiz)
        with open(__file__, "rb") as upload:
            as_file = client.post(
                attempt.question_url(1), {"choice": upload}, headers=HTMX
            )
        assert as_file.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        assert not Response.objects.exists()

    def test_wrong_methods_on_student_pages_are_refused(self):
        quiz = make_quiz(question_count=1)
        client = Client()
        attempt = start_attempt(client=client, quiz=quiz)
        for method in ("put", "patch", "delete"):
            for url in (attempt.question_url(1), quiz.get_absolute_url()):
                with self.subTest(method=method, url=url):
                    response = getattr(client, method)(url)
                    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
        assert client.post(reverse("quiz:home")).status_code == 405
        assert not Response.objects.exists()


class OddAddressTests(AbuseTestCase):
    def test_positions_out_of_range_are_not_found(self):
        quiz = make_quiz(question_count=2)
        client = Client()
        attempt = start_attempt(client=client, quiz=quiz)
        base = attempt.question_url(1).removesuffix("1/")
        for position in ["0", "3", "99999999999999999999999999"]:
            with self.subTest(position=position):
                assert client.get(f"{base}{position}/").status_code == 404
                assert (
                    client.post(f"{base}{position}/", {"choice": "1"}).status_code
                    == 404
                )
        assert not Response.objects.exists()

    def test_a_forged_or_unsigned_browser_cookie_owns_nothing(self):
        quiz = make_quiz(question_count=1)
        owner = Client()
        attempt = start_attempt(client=owner, quiz=quiz)
        browser_cookie = next(
            name for name in owner.cookies if name not in {"csrftoken", "sessionid"}
        )
        for forged in [
            attempt.browser_id,
            owner.cookies[browser_cookie].value + "x",
            "",
        ]:
            with self.subTest(forged=forged):
                other = Client()
                other.cookies[browser_cookie] = forged
                assert other.get(attempt.question_url(1)).status_code == 404
                assert (
                    other.post(attempt.question_url(1), {"choice": "1"}).status_code
                    == 404
                )
        assert not Response.objects.exists()

    def test_odd_join_codes_in_the_address_are_not_found_and_not_echoed(self):
        for code in ["<script>x</script>", "A" * 5000, "%00", "../../admin", "ÄÖÜ"]:
            with self.subTest(code=code[:20]):
                response = Client().get(f"/join/{code}/")
                assert response.status_code == 404
                assert "<script>x" not in response.text

    def test_odd_citation_spans_show_the_article_without_a_highlight(self):
        question = make_question()
        make_quiz(questions=[question])  # an article students may read
        url = question.article.get_absolute_url()
        for cite in [
            "abc",
            "-5-10",
            "10-5",
            "0-99999999999999999999999",
            "5-5",
            "1-2-3",
            "<b>1-2</b>",
            "\x00",
        ]:
            with self.subTest(cite=cite):
                response = Client().get(url, {"cite": cite})
                assert response.status_code == 200
                assert 'id="cited"' not in response.text
                assert "<b>1-2" not in response.text


class OddNameTests(AbuseTestCase):
    def test_names_too_long_or_with_nul_are_refused(self):
        quiz = make_quiz(question_count=1)
        for name in ["x" * 81, "Ada\x00", "\x00"]:
            with self.subTest(name=name[:10]):
                response = Client().post(
                    quiz.get_absolute_url(), {"display_name": name}
                )
                assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        assert not Attempt.objects.exists()

    def test_invisible_and_right_to_left_characters_are_kept_as_text(self):
        quiz = make_quiz(question_count=1)
        name = "Ada\u202e<i>evil</i>\u200b"
        client = Client()
        attempt = start_attempt(client=client, quiz=quiz, display_name=name)
        assert attempt.display_name == name
        page = client.get(attempt.get_absolute_url())
        assert "<i>evil</i>" not in page.text

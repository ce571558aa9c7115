"""The security issue's "Held (keep it so)" list: each property has a test here, so that none of
them stops holding unnoticed. Parts already held by tests elsewhere are not repeated:

- answer races: tests/test_servers.py (50 simultaneous answers to real gunicorn servers store one
  response, and every reply shows the stored score);
- a time limit, a closed or expired assignment and a finished attempt refusing answers sent in a
  fresh request: tests/test_classes.py and tests/test_views.py;
- another browser (or a forged cookie) getting 404 on an attempt's question and results pages:
  tests/test_views.py and tests/test_abuse.py;
- GIFT and Moodle XML exports escaping special characters: tests/test_exchange.py; the SVG charts
  escaping their texts: tests/test_charts.py.
"""

import ast
import csv
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser
from http import HTTPStatus
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from quiz.exchange import ImportProblems, export_bank, import_bank
from quiz.exchange.moodle import plain_text
from quiz.limits import ANSWERS_PER_BROWSER
from quiz.middleware import BROWSER_COOKIE
from quiz.models import (
    AnswerRefused,
    Article,
    Assignment,
    Attempt,
    Question,
    Response,
)
from tests.factories import (
    choice_id,
    make_article,
    make_question,
    make_quiz,
    make_teacher,
)

HTMX = {"HX-Request": "true"}

# Closes a script element, opens one, breaks out of a quoted attribute into an element with an
# event handler, and opens a comment: whatever a page, a fragment or a JSON block does with it, it
# must arrive as the text it is. 69 characters, so that it fits a student's name (80).
PAYLOAD = "</script><script>alert(1)</script>\"><img src=x onerror=alert(2)>'<!--"
# Article texts with three tags or more are refused as HTML (quiz.generation.sentences): two here.
TEXT_PAYLOAD = '"><img src=x onerror=alert(3)></script><!--'
# Scripts that are data, not code: JSON-LD and Django's json_script.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


class PageMarkup(HTMLParser):
    """A page as a browser's parser splits it: elements with their attributes, text, and what is
    inside each script element (where a stray "</script>" would end it early)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._open_script: tuple[dict[str, str | None], list[str]] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag == "script":
            self._open_script = (attributes, [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open_script is not None:
            attributes, content = self._open_script
            self.scripts.append((attributes, "".join(content)))
            self._open_script = None

    def handle_data(self, data: str) -> None:
        if self._open_script is not None:
            self._open_script[1].append(data)
        else:
            self.text.append(data)

    @property
    def shown(self) -> str:
        """All text and attribute values, as the reader (or a tooltip) gets them."""
        values = [
            value for _, attrs in self.elements for value in attrs.values() if value
        ]
        return "".join(self.text) + "\n".join(values)


def assert_inert(html: str, *texts: str) -> PageMarkup:
    """Nothing in the page runs script of its own, and each of `texts` is in it as plain text."""
    markup = PageMarkup(html)
    for tag, attrs in markup.elements:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert not (tag == "img" and attrs.get("src") == "x"), attrs
    for attrs, content in markup.scripts:
        assert "src" in attrs or attrs.get("type") in DATA_SCRIPT_TYPES, content
        if "src" not in attrs:
            json.loads(content)  # still whole: nothing ended the element early
    for text in texts:
        assert text in markup.shown, text
    return markup


class StoredXssTests(TestCase):
    """Everything a teacher types (or imports) and a student's name, shown everywhere it appears."""

    def setUp(self):
        self.teacher = make_teacher()
        self.cited = f"Sentence {TEXT_PAYLOAD} said the council."
        article = make_article(
            title=f"Article {PAYLOAD}",
            publisher=f"Publisher {PAYLOAD}",
            text=f"The council met on Monday.\n{self.cited}\nIt will build 12 bridges.",
            owner=self.teacher,
        )
        self.question = make_question(
            article=article,
            prompt=f"Prompt {PAYLOAD}",
            choices=[(f"Right {PAYLOAD}", True), (f"Wrong {PAYLOAD}", False)],
            quote=self.cited,
            explanation=f"Explanation {PAYLOAD}",
        )
        self.quiz = make_quiz(
            questions=[self.question],
            title=f"Quiz {PAYLOAD}",
            description=f"Description {PAYLOAD}",
            pass_mark=50,
            pass_message=f"Passed {PAYLOAD}",
            owner=self.teacher,
        )
        self.assignment = Assignment.objects.create(
            quiz=self.quiz, title=f"Class {PAYLOAD}", owner=self.teacher
        )
        self.name = f"Name {PAYLOAD}"
        self.student = Client()
        response = self.student.post(
            reverse("quiz:join"), {"code": self.assignment.code, "name": self.name}
        )
        assert response.status_code == HTTPStatus.FOUND, response.content
        self.attempt = Attempt.objects.get()
        self.right = choice_id(self.question, f"Right {PAYLOAD}")

    def answer(self, **kwargs):
        return self.student.post(
            self.attempt.question_url(1), {"choice": self.right}, **kwargs
        )

    def test_home_and_quiz_pages(self):
        home = self.client.get(reverse("quiz:home"))
        assert_inert(home.text, f"Quiz {PAYLOAD}", f"Description {PAYLOAD}")
        page = self.client.get(self.quiz.get_absolute_url())
        markup = assert_inert(
            page.text,
            f"Quiz {PAYLOAD}",
            f"Description {PAYLOAD}",
            f"Article {PAYLOAD}",
            f"Publisher {PAYLOAD}",
        )
        [json_ld] = [content for attrs, content in markup.scripts if "src" not in attrs]
        # Not even "<" inside the block: neither "</script" nor "<!--" can change how it parses.
        assert "<" not in json_ld
        data = json.loads(json_ld)
        assert data["name"] == f"Quiz {PAYLOAD}"
        assert data["description"] == f"Description {PAYLOAD}"
        assert data["about"][0]["publisher"]["name"] == f"Publisher {PAYLOAD}"

    def test_question_page_and_its_fragment(self):
        url = self.attempt.question_url(1)
        for response in [
            self.student.get(url),
            self.student.get(url, headers=HTMX),
        ]:
            assert_inert(
                response.text,
                f"Prompt {PAYLOAD}",
                f"Right {PAYLOAD}",
                f"Wrong {PAYLOAD}",
                f"Quiz {PAYLOAD}",  # in the fragment, the title htmx gives the page
            )

    def test_feedback_fragment_and_page(self):
        fragment = self.answer(headers=HTMX)
        assert "<html" not in fragment.text
        page = self.student.get(self.attempt.question_url(1))
        for response in [fragment, page]:
            assert_inert(
                response.text,
                f"Explanation {PAYLOAD}",
                self.cited,
                f"Article {PAYLOAD}",
                f"Publisher {PAYLOAD}",
                f"Right {PAYLOAD}",
            )

    def test_results_page(self):
        self.answer()  # the only question: the attempt is finished
        page = self.student.get(self.attempt.get_absolute_url())
        assert_inert(
            page.text,
            self.name,
            f"Class {PAYLOAD}",
            f"Quiz {PAYLOAD}",
            f"Passed {PAYLOAD}",
            f"Prompt {PAYLOAD}",
            f"Right {PAYLOAD}",
            self.cited,
        )

    def test_article_page_with_the_citation_highlighted(self):
        url = self.question.citation_url()
        page = self.client.get(url)
        markup = assert_inert(
            page.text, f"Article {PAYLOAD}", f"Publisher {PAYLOAD}", self.cited
        )
        assert ("mark", {"id": "cited", "tabindex": "-1"}) in markup.elements

    def test_join_page(self):
        page = Client().get(self.assignment.get_absolute_url())
        assert_inert(page.text, f"Class {PAYLOAD}", f"Quiz {PAYLOAD}")

    def test_teachers_results_page_its_live_fragment_and_its_charts(self):
        self.answer()
        self.client.force_login(self.teacher)
        url = reverse("admin:quiz_assignment_results", args=[self.assignment.pk])
        page = self.client.get(url)
        fragment = self.client.get(url, headers=HTMX)
        for response in [page, fragment]:
            assert_inert(response.text, self.name, f"Prompt {PAYLOAD}")
            charts = re.findall(r'<svg\b[^>]*role="img".*?</svg>', response.text, re.S)
            assert len(charts) == 3  # scores, facility, and the question's choices
            for chart in charts:
                ET.fromstring(chart)  # escaped text cannot break the markup
            assert any(
                f"Right {PAYLOAD}" in "".join(ET.fromstring(chart).itertext())
                for chart in charts
            )
        assert_inert(page.text, f"Class {PAYLOAD}", f"Quiz {PAYLOAD}")

    def test_teachers_question_page_and_preview(self):
        self.client.force_login(self.teacher)
        change = self.client.get(
            reverse("admin:quiz_question_change", args=[self.question.pk])
        )
        assert_inert(change.text, self.cited, f"Prompt {PAYLOAD}")
        preview_url = reverse(
            "quiz:preview_question", kwargs={"question_id": self.question.pk}
        )
        preview = self.client.post(preview_url, {"choice": self.right}, headers=HTMX)
        assert_inert(
            preview.text, f"Prompt {PAYLOAD}", f"Explanation {PAYLOAD}", self.cited
        )

    def test_an_imported_article_link_cannot_be_a_script(self):
        """The "Original article" link on student pages takes the article's URL as it is."""
        bank = json.loads(export_bank(questions=[self.question], format="json"))
        bank["articles"][0]["slug"] = "another-article"
        for url in ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>"]:
            bank["articles"][0]["url"] = url
            with pytest.raises(ImportProblems) as refused:
                import_bank(json.dumps(bank))
            assert refused.value.problems == ["articles[0]: url: Enter a valid URL."]
        assert not Article.objects.filter(slug="another-article").exists()

    def test_exports_are_downloads_that_carry_the_text_exactly(self):
        """A browser never shows an export as a page, and each format keeps the text as text."""
        self.client.force_login(self.teacher)
        changelist = reverse("admin:quiz_quiz_changelist")
        downloads = {}
        for action in ["export_json", "export_gift", "export_moodle_xml"]:
            response = self.client.post(
                changelist, {"action": action, "_selected_action": [self.quiz.pk]}
            )
            assert response.status_code == HTTPStatus.OK
            assert response["Content-Disposition"].startswith("attachment;")
            assert not response["Content-Type"].startswith("text/html")
            assert response["X-Content-Type-Options"] == "nosniff"
            downloads[action] = response.content.decode()
        bank = json.loads(downloads["export_json"])
        [article] = bank["articles"]
        assert article["title"] == f"Article {PAYLOAD}"
        assert article["questions"][0]["prompt"] == f"Prompt {PAYLOAD}"
        assert bank["quizzes"][0]["title"] == f"Quiz {PAYLOAD}"
        root = ET.fromstring(downloads["export_moodle_xml"])
        [question] = root.findall("question[@type='multichoice']")
        assert plain_text(question.findtext("questiontext/text")) == f"Prompt {PAYLOAD}"
        assert "<script" not in downloads["export_moodle_xml"]
        # GIFT: Moodle ignores comment lines (the article's title, on one line); everything else
        # is escaped.
        gift = [
            line
            for line in downloads["export_gift"].splitlines()
            if not line.startswith("//")
        ]
        assert f"Prompt {PAYLOAD}" not in "\n".join(gift)
        assert not re.search(r"<(script|img)", "\n".join(gift))
        csv_response = self.client.get(
            reverse("admin:quiz_assignment_results_csv", args=[self.assignment.pk])
        )
        assert csv_response["Content-Disposition"].startswith("attachment;")
        assert csv_response["Content-Type"] == "text/csv; charset=utf-8"


def script_sources(response) -> list[str]:
    """What the response's Content-Security-Policy lets run as script."""
    directives = {
        name: values
        for name, *values in (
            part.split() for part in response["Content-Security-Policy"].split(";")
        )
    }
    assert directives["default-src"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert not directives.keys() & {"script-src-elem", "script-src-attr"}
    return directives["script-src"]


class ContentSecurityPolicyTests(TestCase):
    """Every kind of response carries a policy that runs only the site's own script files (the
    student pages themselves: tests/test_security.py), and no HTML page needs more."""

    def setUp(self):
        self.quiz = make_quiz(question_count=1)
        self.student = Client()
        self.student.post(self.quiz.get_absolute_url(), {"display_name": "Ada"})
        self.attempt = Attempt.objects.get()
        self.question = self.attempt.question_at(1)
        self.teacher = make_teacher()
        self.admin = Client()
        self.admin.force_login(self.teacher)

    def responses(self) -> dict:
        url = self.attempt.question_url(1)
        right = {"choice": choice_id(self.question, "12")}
        kinds = {
            "fragment": self.student.get(url, headers=HTMX),
            "invalid answer (422)": self.student.post(
                url, {"choice": "x"}, headers=HTMX
            ),
            "feedback fragment": self.student.post(url, right, headers=HTMX),
            "article": self.student.get(self.question.citation_url()),
            "join page": self.student.get(reverse("quiz:join")),
            "not found (404)": self.student.get("/no-such-page/"),
            "another browser's attempt (404)": Client().get(url),
            "admin sign-in": Client().get(reverse("admin:login")),
            "admin": self.admin.get(reverse("admin:quiz_question_changelist")),
            "admin 404": self.admin.get("/admin/quiz/no-such-model/"),
            "oversized request (400)": self.student.post(
                url, {"choice": "1" * 1_100_000}
            ),
            "health check": self.student.get("/healthz"),
        }
        strict = Client(enforce_csrf_checks=True)
        kinds["csrf failure (403)"] = strict.post(self.quiz.get_absolute_url(), {})
        assignment = Assignment.objects.create(
            quiz=self.quiz, title="9B", owner=self.teacher
        )
        results = reverse("admin:quiz_assignment_results", args=[assignment.pk])
        kinds["admin results"] = self.admin.get(results)
        kinds["admin results fragment"] = self.admin.get(results, headers=HTMX)
        kinds["admin csv"] = self.admin.get(
            reverse("admin:quiz_assignment_results_csv", args=[assignment.pk])
        )
        guesser = Client()
        for guess in range(11):
            kinds["join codes (429)"] = guesser.post(
                reverse("quiz:join"), {"code": f"ZZZZ{guess:02d}", "name": "Bot"}
            )
        for _ in range(6):
            kinds["sign-in (429)"] = guesser.post(
                reverse("admin:login"), {"username": "teacher", "password": "wrong"}
            )
        return kinds

    def test_every_kind_of_response_runs_only_the_sites_own_scripts(self):
        kinds = self.responses()
        expected = {
            "join codes (429)": HTTPStatus.TOO_MANY_REQUESTS,
            "sign-in (429)": HTTPStatus.TOO_MANY_REQUESTS,
            "csrf failure (403)": HTTPStatus.FORBIDDEN,
            "not found (404)": HTTPStatus.NOT_FOUND,
            "another browser's attempt (404)": HTTPStatus.NOT_FOUND,
            "admin 404": HTTPStatus.NOT_FOUND,
            "invalid answer (422)": HTTPStatus.UNPROCESSABLE_ENTITY,
            "oversized request (400)": HTTPStatus.BAD_REQUEST,
        }
        for kind, response in kinds.items():
            with self.subTest(kind):
                if kind in expected:
                    assert response.status_code == expected[kind]
                assert script_sources(response) == ["'self'"]
                if response["Content-Type"].startswith("text/html"):
                    assert_inert(response.text)

    def test_answers_refused_as_too_fast_busy_or_failing_keep_the_policy(self):
        url = self.attempt.question_url(1)
        right = {"choice": choice_id(self.question, "12")}
        with mock.patch(
            "quiz.models.Attempt.record_answer",
            side_effect=OperationalError("database is locked"),
        ):
            busy = self.student.post(url, right, headers=HTMX)
        failing = Client(raise_request_exception=False)
        failing.cookies = self.student.cookies
        with mock.patch(
            "quiz.models.Attempt.record_answer", side_effect=ValueError("a bug")
        ):
            error = failing.post(url, right)
        for _ in range(ANSWERS_PER_BROWSER.count):
            ANSWERS_PER_BROWSER.hit(self.attempt.browser_id)
        too_fast = self.student.post(url, right, headers=HTMX)
        for response, status in [
            (busy, HTTPStatus.SERVICE_UNAVAILABLE),
            (error, HTTPStatus.INTERNAL_SERVER_ERROR),
            (too_fast, HTTPStatus.TOO_MANY_REQUESTS),
        ]:
            assert response.status_code == status
            assert script_sources(response) == ["'self'"]
            assert_inert(response.text)
        assert not Response.objects.exists()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetFormulaTests(TestCase):
    """A class's results as CSV: no cell a spreadsheet opens may start a formula, whatever the
    students called themselves or the teacher wrote in a question."""

    def setUp(self):
        self.teacher = make_teacher()
        question = make_question(prompt="Who said it;=cmd|' /C calc'!A0;?")
        self.assignment = Assignment.objects.create(
            quiz=make_quiz(questions=[question]), title="9B", owner=self.teacher
        )
        self.client.force_login(self.teacher)

    def export(self, names: list[str]) -> str:
        for name in names:
            response = Client().post(
                reverse("quiz:join"), {"code": self.assignment.code, "name": name}
            )
            assert response.status_code == HTTPStatus.FOUND, response.content
        url = reverse("admin:quiz_assignment_results_csv", args=[self.assignment.pk])
        return self.client.get(url).content.decode("utf-8-sig")

    def test_names_starting_a_formula_are_defused(self):
        names = ["=1+1", "+1+1", "-1+1", "@SUM(1)", "\t=2+2", "  =3+3"]
        text = self.export(names)
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
        shown = {"'=1+1", "'+1+1", "'-1+1", "'@SUM(1)", "'=2+2", "'=3+3"}
        assert shown <= set(cells)

    def test_formulas_after_a_semicolon_are_defused_for_spreadsheets_that_split_on_it(
        self,
    ):
        text = self.export(["Ada;=cmd|' /C calc'!A0;", "Bob;@SUM(1);"])
        cells = [
            cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row
        ]
        assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]


ROOT = Path(__file__).resolve().parent.parent
SQL_HOSTILE = "Robert'); DROP TABLE quiz_attempt;--"
# Names of the calls that send SQL written by hand rather than built by the ORM.
RAW_SQL_CALLS = {"execute", "executemany", "raw", "extra", "RawSQL"}


def functions_sending_sql(tree: ast.AST, scope: tuple[str, ...] = ()) -> Iterator[str]:
    """The qualified names of the functions in `tree` that make one of RAW_SQL_CALLS."""
    for child in ast.iter_child_nodes(tree):
        if isinstance(child, ast.Call):
            name = getattr(child.func, "attr", getattr(child.func, "id", ""))
            if name in RAW_SQL_CALLS:
                yield ".".join(scope) or "<module>"
        named = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        yield from functions_sending_sql(
            child, (*scope, child.name) if named else scope
        )


def hand_written_sql_sites() -> set[tuple[str, str]]:
    """(file, function) of every place in the app's code that sends SQL of its own."""
    return {
        (str(path.relative_to(ROOT)), function)
        for path in [*ROOT.glob("quiz/**/*.py"), *ROOT.glob("config/**/*.py")]
        if "migrations" not in path.parts
        for function in functions_sending_sql(ast.parse(path.read_text()))
    }


class SqlRecorder:
    """Every statement sent to the database, as SQL text apart from its parameters, and the app
    function that sent it by hand (ORM queries are sent from Django's own code)."""

    def __init__(self) -> None:
        self.statements: list[str] = []
        self.sites: set[tuple[str, str]] = set()

    def __call__(self, execute, sql, params, many, context):
        self.statements.append(sql)
        frame = sys._getframe(1)
        while frame.f_code.co_filename.endswith(
            os.path.join("django", "db", "backends", "utils.py")
        ):
            frame = frame.f_back
        path = Path(frame.f_code.co_filename)
        if path.is_relative_to(ROOT / "quiz") or path.is_relative_to(ROOT / "config"):
            self.sites.add((str(path.relative_to(ROOT)), frame.f_code.co_qualname))
        return execute(sql, params, many, context)


class HandWrittenSqlTests(TestCase):
    def test_every_hand_written_statement_takes_values_only_as_parameters(self):
        """Quotes and SQL in a name or a browser id go through every hand-written statement as
        values; and every hand-written statement in the app is among those run here, so a new one
        fails this test until it is exercised too."""
        quiz = make_quiz(question_count=2)
        student = Client()
        recorder = SqlRecorder()
        with connection.execute_wrapper(recorder):
            start = student.post(quiz.get_absolute_url(), {"display_name": SQL_HOSTILE})
            attempt = Attempt.objects.get()
            question = attempt.question_at(1)
            student.post(start.url, {"choice": choice_id(question, "12")})
            page = student.get(attempt.get_absolute_url())
            assert student.get("/healthz").status_code == HTTPStatus.OK
            # A browser id is signed, so nobody can send one of their choosing; here it is one.
            Attempt.objects.filter(pk=attempt.pk).update(browser_id=SQL_HOSTILE)
            assert Attempt.objects.owned(attempt.pk, SQL_HOSTILE) == attempt
            assert Attempt.objects.owned(attempt.pk, "x' OR '1'='1") is None
            assert Attempt.objects.owned(attempt.pk, "%") is None
        assert recorder.statements
        # Not the values, nor the values with their quotes doubled.
        assert not [
            sql
            for sql in recorder.statements
            if re.search(r"DROP TABLE|'+1'+\s*=", sql)
        ]
        assert recorder.sites == hand_written_sql_sites()
        attempt.refresh_from_db()
        assert (attempt.display_name, attempt.score, attempt.answered_count) == (
            SQL_HOSTILE,
            1,
            1,
        )
        assert SQL_HOSTILE in PageMarkup(page.text).shown


BILLION_LAUGHS = (
    '<!DOCTYPE quiz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)
HOSTILE_PROLOGS = {
    "external entity": '<!DOCTYPE quiz [<!ENTITY name SYSTEM "file:///etc/passwd">]>',
    "billion laughs": BILLION_LAUGHS,
    "external DTD": '<!DOCTYPE quiz SYSTEM "http://127.0.0.1:9/quiz.dtd">',
    "parameter entity": '<!DOCTYPE quiz [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x">'
    "%remote;]>",
    "lower case, after a comment": '<!-- bank --><!doctype quiz [<!entity name "x">]>',
}


class HostileXmlImportTests(TestCase):
    """Moodle XML never needs a DOCTYPE: a file declaring one (to read the server's files, reach
    its network, or expand entities until memory runs out) is refused with a message, and nothing
    of it is imported."""

    def setUp(self):
        self.teacher = make_teacher()
        self.client.force_login(self.teacher)
        # Her own article: only administrators add questions to the shared library.
        article = make_article(owner=self.teacher)
        question = make_question(article=article, prompt="Name the bridges")
        self.exported = export_bank(questions=[question], format="moodle-xml")
        # Moodle XML carries no article text: its questions cite an article already here.
        question.delete()

    def upload(self, data: bytes):
        return self.client.post(
            reverse("admin:quiz_question_import"),
            {"file": SimpleUploadedFile("bank.xml", data)},
        )

    def test_declarations_are_refused_and_nothing_is_imported(self):
        declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'
        assert self.exported.startswith(declaration)
        body = self.exported.removeprefix(declaration)
        for kind, prolog in HOSTILE_PROLOGS.items():
            entity = "&lol9;" if kind == "billion laughs" else "&name;"
            hostile = declaration + prolog + body.replace("Name the bridges", entity)
            with self.subTest(kind):
                response = self.upload(hostile.encode())
                assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
                assert "declares a DOCTYPE or entities" in response.text
                assert "root:" not in response.text
                assert not Question.objects.exists()
        # The same file without the declaration imports: it was refused for nothing else.
        assert self.upload(self.exported.encode()).status_code == HTTPStatus.FOUND
        assert Question.objects.get().prompt == "Name the bridges"

    def test_a_declaration_in_another_encoding_is_refused(self):
        utf7 = (
            '<?xml version="1.0" encoding="UTF-7"?>'
            '+ADw-!DOCTYPE quiz +AFs-+ADw-!ENTITY name SYSTEM "file:///etc/passwd"+AD4-+AF0-+AD4-'
            + self.exported.split("?>", 1)[1]
        )
        utf16 = HOSTILE_PROLOGS["external entity"] + self.exported.split("?>", 1)[1]
        for data in [utf7.encode(), utf16.encode("utf-16")]:
            response = self.upload(data)
            assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
            assert "Nothing was imported" in response.text
            assert "root:" not in response.text
        assert not Question.objects.exists()

    def test_a_json_bank_with_a_huge_number_gets_a_message(self):
        response = self.upload(
            b'{"format": "factquiz", "version": ' + b"1" * 5000 + b"}"
        )
        assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY


class AnswerWindowTests(TestCase):
    """A time limit, a closed assignment and a finished attempt refuse answers even when they take
    effect between a request reading the attempt and storing its answer (a request that starts
    after them is refused earlier: tests/test_classes.py). The refused answer leaves nothing."""

    def setUp(self):
        quiz = make_quiz(question_count=2)
        self.assignment = Assignment.objects.create(
            quiz=quiz, title="9B", owner=make_teacher()
        )
        self.student = Client()
        self.student.post(
            reverse("quiz:join"), {"code": self.assignment.code, "name": "Ada"}
        )
        started = Attempt.objects.get()
        # As a request reads it, before it stores the answer.
        self.attempt = Attempt.objects.owned(started.pk, started.browser_id)
        self.question = self.attempt.question_at(1)

    def assert_refused(self, message: str) -> None:
        with pytest.raises(AnswerRefused, match=message):
            self.attempt.record_answer(
                self.question, chosen=[self.question.choices.get(text="12")]
            )
        assert not Response.objects.exists()
        stored = Attempt.objects.get()
        assert (stored.score, stored.answered_count) == (0, 0)

    def test_the_time_limit_running_out_meanwhile(self):
        Attempt.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        self.assert_refused("Time is up")

    def test_the_teacher_closing_the_assignment_meanwhile(self):
        self.assignment.close()
        self.assert_refused("closed this assignment")

    def test_the_closing_time_passing_meanwhile(self):
        Assignment.objects.update(closes_at=timezone.now() - timedelta(seconds=1))
        self.assert_refused("closed this assignment")

    def test_another_tab_finishing_the_attempt_meanwhile(self):
        Attempt.objects.get().finish()
        self.assert_refused("finished")

    def test_without_javascript_a_late_answer_is_refused_and_the_form_is_gone(self):
        Attempt.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        url = self.attempt.question_url(1)
        late = self.student.post(url, {"choice": choice_id(self.question, "12")})
        assert late.status_code == HTTPStatus.CONFLICT
        assert "Time is up" in late.text
        page = self.student.get(url)
        assert "Time is up" in page.text and "<form" not in page.text
        assert not Response.objects.exists()


class OtherBrowserTests(TestCase):
    """An attempt belongs to the browser that started it (its pages are 404 anywhere else:
    tests/test_views.py); nothing else about it reaches another browser either."""

    def setUp(self):
        self.quiz = make_quiz(question_count=2)
        self.owner = Client()
        self.owner.post(self.quiz.get_absolute_url(), {"display_name": "Ada"})
        self.attempt = Attempt.objects.get()

    def test_another_browser_cannot_finish_it_nor_find_it(self):
        other = Client()
        other.post(self.quiz.get_absolute_url(), {"display_name": "Grace"})
        own = Attempt.objects.exclude(pk=self.attempt.pk).get()
        finish = other.post(self.attempt.get_absolute_url())
        assert finish.status_code == HTTPStatus.NOT_FOUND
        fragment = other.get(self.attempt.question_url(1), headers=HTMX)
        assert fragment.status_code == HTTPStatus.NOT_FOUND
        listed = other.get(self.quiz.get_absolute_url()).text
        assert str(own.pk) in listed and str(self.attempt.pk) not in listed
        self.attempt.refresh_from_db()
        assert not self.attempt.is_finished

    def test_a_signed_in_administrator_is_another_browser_too(self):
        """Teachers see attempts in the admin, never as the student's own pages."""
        admin = Client()
        admin.force_login(User.objects.create_superuser("root", "r@example.com", "pw"))
        for url in [self.attempt.question_url(1), self.attempt.get_absolute_url()]:
            assert admin.get(url).status_code == HTTPStatus.NOT_FOUND
        answer = admin.post(self.attempt.question_url(1), {"choice": "1"})
        assert answer.status_code == HTTPStatus.NOT_FOUND
        assert not Response.objects.exists()


# What config/settings.py decides from DJANGO_HTTPS, for cookies and transport security.
TRANSPORT_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
]


def transport_settings(**env: str) -> dict:
    """The settings config/settings.py makes from this environment, read in a fresh process (the
    module reads the environment once, when it is imported)."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    script = (
        "import json, config.settings as s; "
        f"print(json.dumps({{name: getattr(s, name, None) for name in {TRANSPORT_SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={
            **clean,
            "DJANGO_SECRET_KEY": "held-" + "0123456789abcdefghijklmnopqrstuvwxyz" * 2,
            **env,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    if values["SECURE_PROXY_SSL_HEADER"]:
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


class ProductionTransportTests(TestCase):
    """With DJANGO_HTTPS=true: cookies only over HTTPS, out of scripts' reach and not sent with
    other sites' requests; HSTS on every response; plain HTTP redirected."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.production = transport_settings(DJANGO_HTTPS="true")

    def setUp(self):
        self.quiz = make_quiz(question_count=1)
        User.objects.create_user("teacher", password="a-long-passphrase", is_staff=True)

    def assert_cookie(self, response, name: str) -> None:
        """Sent only over HTTPS, and not with requests other sites start."""
        cookie = response.cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["samesite"] == "Lax", name

    def test_cookies_are_secure_http_only_and_same_site(self):
        with self.settings(**self.production):
            start = Client().post(
                self.quiz.get_absolute_url(), {"display_name": "Ada"}, secure=True
            )
            assert start.status_code == HTTPStatus.FOUND
            self.assert_cookie(start, BROWSER_COOKIE)
            assert start.cookies[BROWSER_COOKIE]["httponly"] is True
            sign_in = Client()
            form = sign_in.get(reverse("admin:login"), secure=True)
            self.assert_cookie(form, "csrftoken")
            signed_in = sign_in.post(
                reverse("admin:login"),
                {"username": "teacher", "password": "a-long-passphrase"},
                secure=True,
            )
            assert signed_in.status_code == HTTPStatus.FOUND
            self.assert_cookie(signed_in, "sessionid")
            assert signed_in.cookies["sessionid"]["httponly"] is True

    def test_hsts_on_https_and_plain_http_redirected(self):
        assert self.production["SECURE_HSTS_SECONDS"] >= 31536000
        with self.settings(**self.production):
            for response in [
                Client().get(reverse("quiz:home"), secure=True),
                # Behind the TLS proxy, which says so in X-Forwarded-Proto.
                Client().get(
                    self.quiz.get_absolute_url(), headers={"X-Forwarded-Proto": "https"}
                ),
                Client().get("/no-such-page/", secure=True),
            ]:
                assert response["Strict-Transport-Security"].startswith(
                    f"max-age={self.production['SECURE_HSTS_SECONDS']}; includeSubDomains"
                )
            plain = Client().get(self.quiz.get_absolute_url())
            assert plain.status_code == HTTPStatus.MOVED_PERMANENTLY
            assert plain["Location"].startswith("https://")

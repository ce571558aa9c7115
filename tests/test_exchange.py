import json
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase

from quiz.exchange import ImportProblems, export_bank, import_bank
from quiz.exchange.bank import exchange_keys
from quiz.exchange.moodle import plain_text
from quiz.models import Article, Question, Quiz
from tests.exchange_factories import make_special_bank
from tests.factories import make_article

# What a bank does not carry: database ids, timestamps, and who owns or changed what.
NOT_CARRIED = {
    "id",
    "created_at",
    "updated_at",
    "status_changed_at",
    "status_changed_by",
    "owner",
}


def fields(obj, *, skip: set[str] = frozenset()) -> dict:
    return {
        field.name: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if field.name not in NOT_CARRIED | skip
    }


def canonical() -> list:
    """Every carried field of every article, question, choice and quiz, in a stable order."""
    keys = {}
    for article in Article.objects.all():
        keys |= {q.pk: key for key, q in exchange_keys(article.questions.all()).items()}
    questions = [
        fields(question, skip={"article", "key"})
        | {
            "article": question.article.slug,
            "key": keys[question.pk],
            "choices": [
                (choice.text, choice.is_correct, choice.position)
                for choice in question.choices.order_by("position", "text")
            ],
        }
        for question in Question.objects.select_related("article")
    ]
    quizzes = [
        fields(quiz)
        | {
            "questions": [
                (entry.question.article.slug, keys[entry.question_id])
                for entry in quiz.entries.order_by("position", "pk")
            ]
        }
        for quiz in Quiz.objects.order_by("slug")
    ]
    return [
        [fields(article) for article in Article.objects.order_by("slug")],
        sorted(questions, key=lambda q: (q["article"], q["key"])),
        quizzes,
    ]


def empty_database() -> None:
    Quiz.objects.all().delete()
    Article.objects.all().delete()
    assert not Question.objects.exists()


def load_seeds() -> None:
    call_command("load_seeds", stdout=StringIO())


def problems_of(text: str) -> list[str]:
    with pytest.raises(ImportProblems) as raised:
        import_bank(text)
    return raised.value.problems


def unescaped(text: str, char: str) -> int:
    """How many times `char` occurs in GIFT without a backslash escaping it."""
    return len(re.findall(rf"(?<!\\)(?:\\\\)*{re.escape(char)}", text))


def gift_block(gift: str, key: str) -> str:
    """The question whose ID number (Moodle's "[id:…]" comment) is `key`."""
    return next(block for block in gift.split("\n\n") if f"[id:{key}]" in block)


def xml_question(root: ET.Element, key: str) -> ET.Element:
    return next(q for q in root.iter("question") if q.findtext("idnumber") == key)


class JsonTests(TestCase):
    def assert_round_trip(self) -> None:
        before = canonical()
        text = export_bank(format="json")
        empty_database()
        report = import_bank(text)
        assert canonical() == before
        assert export_bank(format="json") == text
        assert len(report.questions) == Question.objects.count()
        assert not report.skipped

    def test_seed_round_trips_into_an_empty_database(self):
        load_seeds()
        assert Question.objects.filter(origin=Question.Origin.GENERATED).exists()
        self.assert_round_trip()

    def test_every_kind_and_special_characters_round_trip(self):
        make_special_bank()
        self.assert_round_trip()

    def test_question_without_a_key_gets_a_stable_one(self):
        article, _ = make_special_bank()
        first = json.loads(export_bank(articles=[article], format="json"))
        second = json.loads(export_bank(articles=[article], format="json"))
        keys = [q["key"] for q in first["articles"][0]["questions"]]
        assert all(keys) and keys == [
            q["key"] for q in second["articles"][0]["questions"]
        ]
        assert article.questions.filter(key="").count() == 1

    def test_reimporting_changes_nothing_and_says_so(self):
        make_special_bank()
        before = canonical()
        report = import_bank(export_bank(format="json"))
        assert (report.articles, report.questions, report.quizzes) == ([], [], [])
        assert len(report.skipped) == 1 + 5 + 1
        assert any("odd-costs: already present" in item for item in report.skipped)
        assert canonical() == before

    def test_one_bad_citation_among_good_ones_imports_nothing(self):
        load_seeds()
        data = json.loads(export_bank(format="json"))
        data["articles"][0]["questions"][3]["citation"]["start"] += 1
        empty_database()
        problems = problems_of(json.dumps(data))
        assert len(problems) == 1
        assert problems[0].startswith(
            "articles[0].questions[3]: citation: The quoted text is not"
        )
        assert not Article.objects.exists()

    def test_every_problem_is_listed_by_item(self):
        make_special_bank()
        data = json.loads(export_bank(format="json"))
        questions = data["articles"][0]["questions"]
        questions[0]["choices"][1]["correct"] = True
        questions[1]["kind"] = "essay"
        questions[2]["citation"]["quote"] = "51% of riders agreed"
        questions[3]["numeric_answer"] = "twelve"
        questions[4]["colour"] = "red"
        data["quizzes"][0]["questions"].append(["nowhere", "nothing"])
        empty_database()
        problems = problems_of(json.dumps(data))
        for where, words in [
            ("articles[0].questions[0]: ", "Mark exactly one choice as correct"),
            ("articles[0].questions[1]: kind: ", "not a valid choice"),
            ("articles[0].questions[2]: citation: ", "not the article's text"),
            ("articles[0].questions[3]: numeric_answer: ", "must be a decimal number"),
            ("articles[0].questions[4]: ", "unknown field “colour”"),
            ("quizzes[0]: ", "“nothing” of the article “nowhere”"),
        ]:
            assert any(p.startswith(where) and words in p for p in problems), (
                where,
                problems,
            )
        assert len(problems) == 6
        assert not Article.objects.exists()

    def test_an_article_with_the_same_slug_and_another_text_is_refused(self):
        article, _ = make_special_bank()
        data = json.loads(export_bank(articles=[article], format="json"))
        data["articles"][0]["text"] += " Corrected."
        problems = problems_of(json.dumps(data))
        assert problems == [
            f"articles[0]: the database already has an article with the slug “{article.slug}” "
            "and a different text; its questions' citations would not match. Give the article "
            "in the file another slug, or import into a database without it."
        ]

    def test_malformed_structures_are_problems_not_errors(self):
        head = '{"format": "factquiz", "version": 1, '
        question = (
            '{"kind": "numeric", "prompt": "p", "explanation": "e", "numeric_answer": 12, '
            '"citation": {"start": -1, "quote": "x"}, "choices": [{"text": 3}]}'
        )
        cases = {
            '"articles": {}}': [
                "the file: “articles” should be a list, not an object."
            ],
            '"articles": ["text"]}': [
                "articles[0]: expected an object, found a string."
            ],
            '"articles": [{"slug": "a", "title": "A", "text": "x", "questions": ['
            + question
            + "]}]}": [
                "articles[0].questions[0]: “numeric_answer” should be a string or null, "
                "not a whole number.",
                "articles[0].questions[0].citation: “start” should be from 0 to 2147483647, "
                "not -1.",
                "articles[0].questions[0].choices[0]: “text” should be a string, not a whole "
                "number.",
                "articles[0].questions[0].choices[0]: “correct” is missing.",
            ],
            '"quizzes": [{"slug": "q", "title": "Q", "questions": [["a"]]}]}': [
                "quizzes[0]: each question is listed as [article slug, question key]."
            ],
        }
        for rest, expected in cases.items():
            with self.subTest(rest):
                assert problems_of(head + rest) == expected
        assert (
            "nested too deeply" in problems_of(head + '"articles": ' + "[" * 100_000)[0]
        )

    def test_files_that_are_not_banks_are_refused_with_the_reason(self):
        assert problems_of('{"articles": []') == [
            "line 1, column 16: not valid JSON (Expecting ',' delimiter)."
        ]
        assert "not a FactQuiz question bank" in problems_of('{"format": "other"}')[0]
        assert "version 2" in problems_of('{"format": "factquiz", "version": 2}')[0]
        assert problems_of("  \n") == ["The file is empty."]


class GiftTests(TestCase):
    def test_special_characters_are_escaped_everywhere(self):
        make_special_bank()
        gift = export_bank(format="gift")
        block = gift_block(gift, "odd-costs")
        assert (
            '[html]What costs $5 \\\\ 10, says "a \\~ b \\= \\{c\\} \\# d"? {' in block
        )
        assert "=&lt;script&gt;alert(1)&lt;/script&gt;" in block
        assert "~]]&gt; &amp; \\{braces\\}" in block
        assert "~50% \\~ \\= \\# \\: \\\\" in block
        assert "~%0%%20% off" in block
        assert "~[html][sic] a trap" in block
        # Structure only: the ID number's and the title's colons, one pair of braces, the
        # general feedback's ####.
        assert [unescaped(block, char) for char in ":{}#=~"] == [5, 1, 1, 4, 1, 4]
        assert "\n\n" not in block.strip()

    def test_kinds_become_gift_questions_with_moodle_grades(self):
        make_special_bank()
        gift = export_bank(format="gift")
        grades = [
            Decimal(g)
            for g in re.findall(r"~%(-?[\d.]+)%", gift_block(gift, "who-spoke"))
        ]
        # Moodle's own grade for a third, which it accepts as summing to 100%.
        assert round(sum(g for g in grades if g > 0)) == 100
        assert grades == [
            Decimal("33.33333"),
            Decimal("-33.33333"),
            Decimal("33.33333"),
            Decimal("33.33333"),
            Decimal("-33.33333"),
        ]
        assert "\n\t=" not in gift_block(gift, "who-spoke")
        assert "\tTRUE\n" in gift
        assert "\tFALSE\n" in gift_block(gift, "gen-critics")
        assert "\t#12\n" in gift_block(gift, "bridges")
        assert "$CATEGORY: $course$/top/FactQuiz/test-article-" in gift

    def test_feedback_carries_the_explanation_and_the_citation(self):
        make_special_bank()
        feedback = gift_block(export_bank(format="gift"), "bridges").split("####")[1]
        assert feedback.startswith(
            "The council said it will build 12 new bridges.<br><br>"
        )
        assert (
            "From the article\\: “12 bridges”<br>— The \\#1 Daily\\: News" in feedback
        )
        assert '“Bridges\\: "\\{new\\}" \\~ plans \\= \\#1”' in feedback

    def test_gift_import_refuses_a_quote_not_in_the_article_and_an_unknown_article(
        self,
    ):
        article, _ = make_special_bank()
        gift = export_bank(format="gift").replace("“12 bridges”", "“13 bridges”")
        Question.objects.all().delete()
        problems = problems_of(gift)
        # The block starts at its comment line, just above the title (0-based index → 1-based).
        line = gift.split("\n").index(
            "::How many bridges\\: \\#?::[html]How many bridges\\: \\#? {"
        )
        assert problems == [
            f"line {line} (question 4): citation: These words do not occur in the article. "
            "Copy them exactly, including punctuation and curly quotes."
        ]
        elsewhere = gift.replace(f"FactQuiz/{article.slug}", "FactQuiz/elsewhere")
        assert (
            "“elsewhere”, which is not among the articles you can add questions to"
            in problems_of(elsewhere)[0]
        )
        assert not Question.objects.exists()

    def test_hand_written_gift_imports_as_drafts_with_a_key(self):
        make_article(slug="bridges")
        gift = (
            "$CATEGORY: bridges\n\n"
            "// a question without a title\n"
            "How many new bridges? {#12:0####Twelve.\\n\\nFrom the article\\: "
            "“build 12 new bridges”}\n"
        )
        report = import_bank(gift)
        question = Question.objects.get()
        assert report.questions == [f"bridges/{question.key}"]
        assert question.key.startswith("q-")
        assert (question.numeric_answer, question.status) == (12, Question.Status.DRAFT)
        assert question.citation_quote == "build 12 new bridges"
        assert import_bank(gift).skipped == [
            f"question bridges/{question.key}: already present"
        ]


class MoodleXmlTests(TestCase):
    def test_output_parses_and_follows_moodle_xml(self):
        make_special_bank()
        text = export_bank(format="moodle-xml")
        root = ET.fromstring(text)
        assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
        first = root.find("question")
        assert first.get("type") == "category"
        assert first.findtext("category/text") == "$course$/top/FactQuiz"
        single = xml_question(root, "odd-costs")
        assert (single.get("type"), single.findtext("single")) == (
            "multichoice",
            "true",
        )
        assert [a.get("fraction") for a in single.findall("answer")] == [
            "100",
            "0",
            "0",
            "0",
            "0",
        ]
        several = xml_question(root, "who-spoke")
        fractions = [Decimal(a.get("fraction")) for a in several.findall("answer")]
        assert several.findtext("single") == "false"
        assert round(sum(f for f in fractions if f > 0)) == 100
        assert [f < 0 for f in fractions] == [False, True, False, False, True]
        number = xml_question(root, "bridges")
        assert number.get("type") == "numerical"
        assert (
            number.findtext("answer/text"),
            number.findtext("answer/tolerance"),
        ) == ("12", "0")
        false = xml_question(root, "gen-critics")
        assert [
            (a.findtext("text"), a.get("fraction")) for a in false.findall("answer")
        ] == [
            ("true", "0"),
            ("false", "100"),
        ]
        feedback = plain_text(number.findtext("generalfeedback/text"))
        assert (
            "From the article: “12 bridges”\n— The #1 Daily: News, “Bridges" in feedback
        )

    def test_special_characters_cannot_break_the_xml_or_become_markup(self):
        make_special_bank()
        text = export_bank(format="moodle-xml")
        assert "]]>" not in text and "<script>" not in text
        root = ET.fromstring(text)
        single = xml_question(root, "odd-costs")
        assert plain_text(single.findtext("questiontext/text")) == (
            'What costs $5 \\ 10, says "a ~ b = {c} # d"?'
        )
        assert [plain_text(a.findtext("text")) for a in single.findall("answer")][
            :2
        ] == [
            "<script>alert(1)</script>",
            "]]> & {braces}",
        ]

    def test_refuses_xml_with_entities_and_reports_where_it_is_broken(self):
        assert (
            "DOCTYPE or entities"
            in problems_of('<?xml version="1.0"?><!DOCTYPE quiz>')[0]
        )
        assert "not well-formed XML" in problems_of("<quiz><question></quiz>")[0]
        assert "line 1, column" in problems_of("<quiz><question></quiz>")[0]


class MoodleRoundTripTests(TestCase):
    """Our GIFT and XML read back into the same questions (as drafts: Moodle has no status)."""

    def test_gift_and_xml_round_trip_our_questions(self):
        make_special_bank()
        carried = ["key", "kind", "prompt", "explanation", "numeric_answer"]
        carried += ["citation_start", "citation_end", "citation_quote"]

        def questions() -> list:
            rows = []
            for question in Question.objects.order_by("key"):
                row = [getattr(question, name) for name in carried]
                choices = question.choices.order_by("position")
                rows.append((row, [(c.text, c.is_correct) for c in choices]))
            return rows

        keyless = Question.objects.get(key="")
        keyless.key = next(
            k for k, q in exchange_keys(Question.objects.all()).items() if q == keyless
        )
        keyless.save()
        before = questions()
        for name in ("gift", "moodle-xml"):
            with self.subTest(name):
                text = export_bank(format=name)
                Question.objects.all().delete()
                report = import_bank(text)
                assert len(report.questions) == 5
                assert questions() == before
                assert set(Question.objects.values_list("status", flat=True)) == {
                    "draft"
                }


class CommandTests(TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)

    def call(self, *args) -> str:
        out = StringIO()
        call_command(*args, stdout=out)
        return out.getvalue()

    def test_export_and_import_a_quiz(self):
        load_seeds()
        quiz = Quiz.objects.get(slug="landmines-missiles-ottawa-convention")
        gift = self.call("export_questions", "--quiz", quiz.slug, "--format", "gift")
        assert gift.count("\n::") == quiz.entries.count() == 21
        path = self.folder / "bank.json"
        written = self.call(
            "export_questions", "--quiz", quiz.slug, "--output", str(path)
        )
        assert (
            written
            == f"Wrote 21 question(s) from 1 article(s) and 1 quiz(zes) to {path}.\n"
        )
        empty_database()
        created = self.call("import_questions", str(path))
        assert created.startswith(
            "Created 1 article(s), 21 question(s) and 1 quiz(zes); 0 item(s) already present"
        )
        again = self.call("import_questions", str(path))
        assert again.startswith(
            "Created 0 article(s), 0 question(s) and 0 quiz(zes); 23 item(s) already present"
        )
        assert Quiz.objects.get().entries.count() == 21

    def test_export_of_an_article_in_moodle_xml(self):
        article, _ = make_special_bank()
        xml = self.call(
            "export_questions", "--article", article.slug, "--format", "moodle-xml"
        )
        assert len(ET.fromstring(xml).findall("question[@type='multichoice']")) == 2

    def test_unknown_slugs_are_command_errors(self):
        with pytest.raises(
            CommandError, match="There is no quiz with the slug “nope”."
        ):
            self.call("export_questions", "--quiz", "nope")
        with pytest.raises(
            CommandError, match="There is no article with the slug “nope”."
        ):
            self.call("export_questions", "--article", "nope")

    def test_bad_files_give_a_clear_command_error(self):
        cases = {
            "missing.json": (None, "Cannot read .*: No such file or directory."),
            "latin1.gift": ("Caf\xe9 {T}".encode("latin-1"), "not UTF-8 text"),
            "broken.json": (b'{"format": "factquiz",', "not valid JSON"),
            "broken.xml": (
                b"<?xml version='1.0'?><quiz><question>",
                "not well-formed XML",
            ),
            "other.json": (b'{"name": "not ours"}', "not a FactQuiz question bank"),
            "words.txt": (
                b"Just some words.",
                "line 1 \\(question 1\\): no answers between",
            ),
            "essay.gift": (b"::e:: Tell me. {}", "have no equivalent here"),
        }
        for name, (content, message) in cases.items():
            path = self.folder / name
            if content is not None:
                path.write_bytes(content)
            with self.subTest(name):
                with pytest.raises(CommandError, match=message) as raised:
                    self.call("import_questions", str(path))
                assert str(raised.value).startswith(
                    ("Nothing was imported", "Cannot read")
                )
        huge = self.folder / "huge.json"
        with huge.open("wb") as file:
            file.truncate(21 * 1024 * 1024)
        with pytest.raises(CommandError, match="files up to 5 MB can be imported"):
            self.call("import_questions", str(huge))
        with pytest.raises(CommandError, match="Cannot read"):
            self.call("import_questions", str(self.folder))
        assert not Question.objects.exists()

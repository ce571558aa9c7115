"""What Moodle 4.5's own importers refuse, and what makes its question bank readable.

Moodle refuses a whole file for one grade that is not on its list, or for one character XML 1.0
forbids; these tests check every file we write against the same rules, and that what Moodle keeps
(ID numbers, grades from its list, the feedback) reads back into the same questions.
"""

import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from io import StringIO
from itertools import combinations

from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from quiz.admin.teachers_group import ensure_teachers_group
from quiz.exchange import export_bank, import_bank
from quiz.exchange.moodle import plain_text
from quiz.models import Article, Choice, Question
from tests.factories import make_article, make_question

# Moodle's grades (question_bank::fraction_options_full), as fractions.
MOODLE_FRACTIONS = [
    Decimal(value)
    for value in [
        "1.0",
        "0.9",
        "0.8333333",
        "0.8",
        "0.75",
        "0.7",
        "0.6666667",
        "0.6",
        "0.5",
        "0.4",
        "0.3333333",
        "0.3",
        "0.25",
        "0.2",
        "0.1666667",
        "0.1428571",
        "0.125",
        "0.1111111",
        "0.1",
        "0.05",
        "0.0",
    ]
]
MOODLE_FRACTIONS += [-value for value in MOODLE_FRACTIONS if value]

NAMES = [f"Person {letter}" for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
LIST_TEXT = "The council named " + ", ".join(NAMES[:20]) + " to the board."


def moodle_grade(percent: Decimal) -> Decimal | None:
    """The grade Moodle's importer stores for a percentage in a file, or None when it refuses it
    (match_grade_options: within 0.00001 of one on its list)."""
    fraction = percent / 100
    return next(
        (
            value
            for value in MOODLE_FRACTIONS
            if abs(fraction - value) < Decimal("0.00001")
        ),
        None,
    )


def assert_moodle_accepts(percents: list[Decimal]) -> list[Decimal]:
    """Every grade is on Moodle's list and the positive ones add up to 100% as Moodle rounds
    them (qtype_multichoice: round(total, 2) == 1); Moodle's stored grades."""
    grades = [moodle_grade(percent) for percent in percents]
    assert None not in grades, percents
    assert round(sum(grade for grade in grades if grade > 0), 2) == 1
    return grades


def make_list_question(*, right: int, wrong: int = 2, key: str = "") -> Question:
    """A multiple-select question with `right` right answers among the article's names."""
    article = Article.objects.filter(text=LIST_TEXT).first() or make_article(
        text=LIST_TEXT, slug="board"
    )
    return make_question(
        article=article,
        key=key or f"board-{right}",
        kind=Question.Kind.MULTIPLE_SELECT,
        prompt=f"Which {right} people did the council name to the board? Select all that apply.",
        choices=[
            (name, index < right) for index, name in enumerate(NAMES[: right + wrong])
        ],
        quote=LIST_TEXT,
        explanation=f"It named {right} people.",
    )


def gift_grades(gift: str, key: str) -> list[Decimal]:
    block = next(block for block in gift.split("\n\n") if f"[id:{key}]" in block)
    return [Decimal(grade) for grade in re.findall(r"~%(-?[\d.]+)%", block)]


def xml_question(text: str, key: str) -> ET.Element:
    root = ET.fromstring(text)
    return next(q for q in root.iter("question") if q.findtext("idnumber") == key)


def xml_grades(text: str, key: str) -> list[Decimal]:
    return [
        Decimal(answer.get("fraction"))
        for answer in xml_question(text, key).findall("answer")
    ]


def choices_of(question: Question) -> list[tuple[str, bool]]:
    return [(c.text, c.is_correct) for c in question.choices.order_by("position")]


class GradeTests(TestCase):
    def test_shares_moodle_lists_are_exported_and_read_back(self):
        for right in [*range(1, 11), 20]:
            question = make_list_question(right=right)
            before = choices_of(question)
            for format, grades_of in (
                ("gift", gift_grades),
                ("moodle-xml", xml_grades),
            ):
                with self.subTest(right=right, format=format):
                    text = export_bank(questions=[question], format=format)
                    grades = assert_moodle_accepts(grades_of(text, question.key))
                    share = Decimal(1) / right
                    assert all(
                        abs(abs(grade) - share) < Decimal("0.00001") for grade in grades
                    )
                    assert [grade > 0 for grade in grades] == [c for _, c in before]
                    Question.objects.filter(pk=question.pk).delete()
                    import_bank(text)
                    question = Question.objects.get(key=question.key)
                    assert choices_of(question) == before

    def test_moodle_scores_every_pick_as_we_do(self):
        question = make_list_question(right=7, wrong=3)
        grades = assert_moodle_accepts(
            xml_grades(
                export_bank(questions=[question], format="moodle-xml"), "board-7"
            )
        )
        choices = list(question.choices.order_by("position"))
        for size in (1, 3, 7, 10):
            for picked in list(combinations(range(10), size))[:40]:
                # Moodle's multichoice: the chosen grades added up, kept between 0 and 1.
                moodle = min(
                    max(sum(grades[i] for i in picked), Decimal(0)), Decimal(1)
                )
                _, ours = question.score(chosen=[choices[i] for i in picked])
                assert abs(float(moodle) - ours) < 0.00001, picked

    def test_eleven_twelve_and_thirteen_right_answers_are_left_out_with_the_reason(
        self,
    ):
        make_question(article=make_article(slug="bridges"), key="bridges-count")
        for right in (11, 12, 13):
            make_list_question(right=right)
        # Its name goes into an XML comment, where "--" is not allowed.
        Question.objects.filter(key="board-12").update(prompt="Who -- of all --- them?")
        for format in ("gift", "moodle-xml"):
            with self.subTest(format):
                text = export_bank(format=format)
                for right in (11, 12, 13):
                    assert f"[id:board-{right}]" not in text
                    assert f"<idnumber>board-{right}</idnumber>" not in text
                    assert (
                        f"(board/board-{right}): it has {right} right answers, and Moodle's "
                        "list of grades has no equal share of 100%" in text
                    )
                assert "bridges-count" in text
                if format == "moodle-xml":
                    ET.fromstring(text)
        saved = json.loads(export_bank(format="json"))
        keys = {q["key"] for article in saved["articles"] for q in article["questions"]}
        assert {"board-11", "board-12", "board-13", "bridges-count"} <= keys

    def test_the_admin_and_the_command_say_what_was_left_out(self):
        question = make_list_question(right=11)
        make_list_question(right=3)
        teacher = User.objects.create_user("teacher", is_staff=True)
        teacher.groups.add(ensure_teachers_group())
        Article.objects.update(owner=teacher)
        self.client.force_login(teacher)
        response = self.client.post(
            reverse("admin:quiz_article_changelist"),
            {
                "action": "export_moodle_xml",
                "_selected_action": [question.article.pk],
            },
        )
        assert b"<idnumber>board-3</idnumber>" in response.content
        assert b"<idnumber>board-11</idnumber>" not in response.content
        [message] = [str(m) for m in get_messages(response.wsgi_request)]
        assert message.startswith(
            "Left out of the Moodle file: “Which 11 people did the council name to the "
            "board? Select all that…” (board/board-11): it has 11 right answers"
        )
        assert "Split it into questions with at most 10 right answers" in message
        errors = StringIO()
        call_command(
            "export_questions", "--format", "gift", stdout=StringIO(), stderr=errors
        )
        assert "(board/board-11): it has 11 right answers" in errors.getvalue()

    def test_what_moodle_writes_back_reads_as_the_same_question(self):
        question = make_list_question(right=7, key="seven")
        Question.objects.all().delete()
        # Moodle's own XML export of it: its stored grades, its ID number, no comments.
        answers = "".join(
            f'<answer fraction="{"14.28571" if right else "-14.28571"}" format="html">'
            f"<text>{name}</text></answer>"
            for name, right in [
                (name, index < 7) for index, name in enumerate(NAMES[:9])
            ]
        )
        feedback = (
            "It named 7 people.&lt;br&gt;&lt;br&gt;From the article: “"
            f"{LIST_TEXT}”&lt;br&gt;— The Daily Test, “x”"
        )
        import_bank(
            '<?xml version="1.0" encoding="UTF-8"?><quiz>'
            '<question type="category"><category><text>$course$/top/FactQuiz/board'
            "</text></category></question>"
            '<question type="multichoice"><name><text>Which 7 people</text></name>'
            '<questiontext format="html"><text>Which 7?</text></questiontext>'
            f'<generalfeedback format="html"><text>{feedback}</text></generalfeedback>'
            f"<idnumber>seven</idnumber><single>false</single>{answers}</question></quiz>"
        )
        imported = Question.objects.get(key="seven")
        assert choices_of(imported) == [(n, i < 7) for i, n in enumerate(NAMES[:9])]
        assert imported.citation_start == question.citation_start


TEACHER_TEXT = (
    "The river council said on Monday it will build 12 new bridges\x0bbefore 2030.\n"
    "The mayor said the first would open in the spring.\x0cCritics disagreed."
)


class XmlInvalidCharacterTests(TestCase):
    def setUp(self):
        self.teacher = User.objects.create_user("teacher", is_staff=True)
        self.teacher.groups.add(ensure_teachers_group())
        self.client.force_login(self.teacher)

    def test_the_admin_saves_words_pasted_from_word_with_line_breaks(self):
        response = self.client.post(
            reverse("admin:quiz_article_add"),
            {"title": "Bridges", "slug": "bridges", "text": TEACHER_TEXT},
        )
        assert response.status_code == 302, response.text
        article = Article.objects.get()
        assert article.text == TEACHER_TEXT.replace("\x0b", "\n").replace("\x0c", "\n")
        response = self.client.post(
            reverse("admin:quiz_question_add"),
            {
                "article": article.pk,
                "kind": "single_choice",
                "prompt": "How many new\x0bbridges?",
                "explanation": "Twelve.\x01",
                "status": "draft",
                "citation_quote": "12 new bridges\x0bbefore 2030",
                "origin": "hand_written",
                "choices-TOTAL_FORMS": 2,
                "choices-INITIAL_FORMS": 0,
                "choices-MIN_NUM_FORMS": 0,
                "choices-MAX_NUM_FORMS": 1000,
                "choices-0-text": "12",
                "choices-0-is_correct": "on",
                "choices-0-position": 0,
                "choices-1-text": "8\x02 or so",
                "choices-1-position": 1,
            },
        )
        assert response.status_code == 302, response.text
        question = Question.objects.get()
        assert (question.prompt, question.explanation) == (
            "How many new\nbridges?",
            "Twelve. ",
        )
        assert question.citation_quote == "12 new bridges\nbefore 2030"
        assert question.citation_is_valid()
        assert sorted(Choice.objects.values_list("text", flat=True)) == [
            "12",
            "8  or so",
        ]

    def test_an_import_replaces_them_and_the_citation_still_holds(self):
        quote = "12 new bridges\x0bbefore 2030"
        start = TEACHER_TEXT.index(quote)
        bank = {
            "format": "factquiz",
            "version": 1,
            "articles": [
                {
                    "slug": "bridges",
                    "title": "Bridges \ud800\ufffe",
                    "text": TEACHER_TEXT,
                    "questions": [
                        {
                            "key": "how-many",
                            "kind": "single_choice",
                            "prompt": "How many\x0b new bridges?\x00",
                            "explanation": "Twelve.",
                            "citation": {
                                "start": start,
                                "end": start + len(quote),
                                "quote": quote,
                            },
                            "choices": [
                                {"text": "12\x1f", "correct": True},
                                {"text": "8", "correct": False},
                            ],
                        }
                    ],
                }
            ],
        }
        import_bank(json.dumps(bank), user=self.teacher)
        article = Article.objects.get()
        question = article.questions.get()
        assert "\x0b" not in article.text and "\x0c" not in article.text
        assert article.title == "Bridges \ufffd\ufffd"
        assert question.prompt == "How many\n new bridges? "
        assert (question.citation_start, question.citation_quote) == (
            start,
            "12 new bridges\nbefore 2030",
        )
        assert question.citation_is_valid()
        assert sorted(question.choices.values_list("text", flat=True)) == ["12 ", "8"]

    def test_a_gift_quote_with_one_matches_the_cleaned_article(self):
        article = make_article(
            text=TEACHER_TEXT.replace("\x0b", "\n").replace("\x0c", "\n")
        )
        article.owner = self.teacher
        article.save()
        gift = (
            f"$CATEGORY: {article.slug}\n\n"
            "How many new bridges? {#12####Twelve.\\n\\nFrom the article\\: "
            "“12 new bridges\x0bbefore 2030”}\n"
        )
        import_bank(gift, user=self.teacher)
        assert Question.objects.get().citation_quote == "12 new bridges\nbefore 2030"

    def test_exports_are_well_formed_even_for_text_stored_before(self):
        question = make_question(prompt="How many new bridges?")
        # As rows saved before characters were replaced: written past the model's cleaning (not
        # NUL, which PostgreSQL refuses to store at all).
        Question.objects.filter(pk=question.pk).update(
            prompt="How many\x0b new\x01 bridges?\ufffe", explanation="Twelve.\x1b"
        )
        Choice.objects.filter(question=question, is_correct=True).update(text="12\x08")
        xml = export_bank(format="moodle-xml")
        root = ET.fromstring(xml)  # "not well-formed (invalid token)" before
        prompt = root.find("question[@type='multichoice']/questiontext/text").text
        assert plain_text(prompt) == "How many\n new  bridges?\ufffd"
        gift = export_bank(format="gift")
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", gift + xml)


class NameAndFeedbackTests(TestCase):
    def test_questions_are_named_by_their_prompt_and_keep_their_key(self):
        article = make_article()
        short = make_question(article=article, key="gen-ee7b1c2d")
        long = make_question(
            article=article,
            key="gen-0a1b",
            kind=Question.Kind.TRUE_FALSE,
            prompt="According to the article: the river council said on Monday that it "
            "will build twelve new bridges before the year 2030.",
        )
        gift = export_bank(format="gift")
        assert (
            "// [id:gen-ee7b1c2d] citing characters 0-74\n"
            "::How many new bridges will the council build?::" in gift
        )
        name = "The river council said on Monday that it will build twelve new…"
        assert f"// [id:gen-0a1b] citing characters 0-74\n::{name}::" in gift
        xml = export_bank(format="moodle-xml")
        element = xml_question(xml, "gen-0a1b")
        assert element.findtext("name/text") == name
        assert len(name) <= 70
        for text in (gift, xml):
            Question.objects.all().delete()
            import_bank(text)
            assert set(Question.objects.values_list("key", flat=True)) == {
                short.key,
                long.key,
            }

    def test_a_file_exported_before_names_were_readable_still_imports(self):
        article = make_article()
        gift = (
            f"$CATEGORY: $course$/top/FactQuiz/{article.slug}\n\n"
            "// citing characters 0-74\n"
            "::gen-ee7b::[html]How many? {#12####Twelve.<br><br>From the article\\: “"
            "The river council said on Monday it will build 12 new bridges before 2030.”"
            "<br>— The Daily Test, “x”}\n"
        )
        import_bank(gift)
        assert Question.objects.get().key == "gen-ee7b"

    def test_a_quote_in_the_explanation_is_highlighted_there_not_repeated(self):
        quote = "Mayor Ana Ruiz said the first bridge would open in the spring."
        question = make_question(
            kind=Question.Kind.TRUE_FALSE,
            key="spring",
            prompt="The first bridge opens in the spring.",
            quote=quote,
            explanation=f"True. {quote} It is the first of 12.",
        )
        for format in ("gift", "moodle-xml"):
            with self.subTest(format):
                text = export_bank(format=format)
                assert text.count("Mayor Ana Ruiz said") == 1
                feedback = (
                    xml_question(text, "spring").findtext("generalfeedback/text")
                    if format == "moodle-xml"
                    else text.split("####")[1].replace("\\", "")
                )
                assert feedback.startswith(
                    f"True. <mark>{quote}</mark> It is the first of 12.<br><br>"
                    "The highlighted words are from The Daily Test, “Test article"
                )
                Question.objects.all().delete()
                import_bank(text)
                imported = Question.objects.get()
                assert (imported.explanation, imported.citation_quote) == (
                    question.explanation,
                    quote,
                )
                assert imported.citation_start == question.citation_start

    def test_a_short_quote_is_quoted_after_the_explanation(self):
        make_question(
            kind=Question.Kind.NUMERIC,
            key="count",
            quote="12 new bridges",
            explanation="The council will build 12 new bridges, it said.",
        )
        make_question(key="one-word", quote="spring", explanation="In spring.")
        xml = export_bank(format="moodle-xml")
        feedback = xml_question(xml, "one-word").findtext("generalfeedback/text")
        assert "<mark>" not in feedback
        assert plain_text(feedback).startswith(
            "In spring.\n\nFrom the article: “spring”"
        )
        assert "<mark>12 new bridges</mark>" in xml_question(xml, "count").findtext(
            "generalfeedback/text"
        )

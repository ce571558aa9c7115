"""Articles and quotes keep one kind of line break, "\n", however they arrive: pasted into a form
(browsers send "\r\n"), imported, or already stored before this rule (moved by a migration with
every citation that counts characters in them)."""

import json

from django.forms import modelform_factory
from django.test import TestCase

from quiz.exchange import ImportProblems, export_bank, import_bank
from quiz.models import Article, Question
from tests.factories import make_article, make_question
from tests.migrating import MigrationTestCase

PASTED = "First paragraph.\r\nSecond: 🎉 “e\u0301lan” said Ana.\r\rThird, after a lone break."
STORED = (
    "First paragraph.\nSecond: 🎉 “e\u0301lan” said Ana.\n\nThird, after a lone break."
)


class LineBreakTests(TestCase):
    def test_text_pasted_into_the_admins_form_is_stored_with_newlines(self):
        form_class = modelform_factory(Article, fields=["title", "slug", "text"])
        form = form_class({"title": "Pasted", "slug": "pasted", "text": PASTED})
        assert form.is_valid(), form.errors
        assert Article.objects.get(pk=form.save().pk).text == STORED

    def test_text_saved_without_a_form_is_stored_with_newlines(self):
        article = make_article(text=PASTED)
        article.refresh_from_db()
        assert article.text == STORED
        # Sentences are counted in the stored text: the third starts where its words do.
        assert any(STORED[start:].startswith("Third") for start, _ in article.sentences)

    def test_a_pasted_quote_across_a_line_break_is_found_in_the_stored_text(self):
        article = make_article(text=PASTED)
        question = make_question(article=article, quote="Third, after a lone break.")
        question.citation_quote = "paragraph.\r\nSecond"
        question.citation_start = question.citation_end = None
        question.full_clean()
        assert (question.citation_start, question.citation_end) == (6, 23)
        assert question.citation_quote == "paragraph.\nSecond"

    def test_an_imported_article_is_stored_with_newlines_and_its_citations_hold(self):
        article = make_article(text=STORED, slug="imported")
        make_question(article=article, quote="Third, after a lone break.", key="third")
        bank = json.loads(export_bank(articles=[article], format="json"))
        Article.objects.all().delete()
        bank["articles"][0]["text"] = PASTED
        citation = bank["articles"][0]["questions"][0]["citation"]
        del citation["start"], citation["end"]
        import_bank(json.dumps(bank))
        question = Question.objects.get()
        assert question.article.text == STORED
        assert question.citation_is_valid()

    def test_an_import_whose_offsets_count_carriage_returns_is_refused_clearly(self):
        article = make_article(text=STORED, slug="imported")
        make_question(article=article, quote="Third, after a lone break.", key="third")
        bank = json.loads(export_bank(articles=[article], format="json"))
        Article.objects.all().delete()
        bank["articles"][0]["text"] = PASTED
        citation = bank["articles"][0]["questions"][0]["citation"]
        # Where the words are in the text with "\r": one "\r\n" before them.
        citation["start"] += 1
        citation["end"] += 1
        with self.assertRaises(ImportProblems) as refused:
            import_bank(json.dumps(bank))
        assert "The quote occurs at" in refused.exception.problems[0]
        assert not Article.objects.exists()


class LineBreakMigrationTests(MigrationTestCase):
    def test_stored_carriage_returns_go_and_every_citation_moves_with_its_words(self):
        old = self.migrate("0007_attempt_personal_code")
        article = old.get_model("quiz", "Article").objects.create(
            title="Old", slug="old", text=PASTED, sentences=[[0, 16], [18, 49]]
        )
        quotes = [
            "Third, after a lone break.",
            "🎉 “e\u0301lan”",
            "paragraph.\r\nSecond",
        ]
        for quote in quotes:
            start = PASTED.index(quote)
            old.get_model("quiz", "Question").objects.create(
                article=article,
                prompt="?",
                explanation="!",
                citation_start=start,
                citation_end=start + len(quote),
                citation_quote=quote,
            )

        self.migrate("0008_line_breaks_as_newlines")
        article = Article.objects.get(pk=article.pk)
        assert article.text == STORED
        assert article.sentences == [[0, 16], [17, 48]]
        moved = [
            question.citation_quote
            for question in Question.objects.order_by("pk")
            if question.citation_is_valid()
        ]
        assert moved == [
            "Third, after a lone break.",
            "🎉 “e\u0301lan”",
            "paragraph.\nSecond",
        ]

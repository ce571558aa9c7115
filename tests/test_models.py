from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Q
from django.test import TestCase
from django.urls import reverse, set_script_prefix
from django.utils import timezone

from quiz.models import (
    ALREADY_ANSWERED,
    AnswerRefused,
    Assignment,
    Attempt,
    Choice,
    ContentVersion,
    Question,
    Response,
    numeric_value,
)
from quiz.models.conditions import holds
from tests.factories import make_article, make_question, make_quiz


class CitationTests(TestCase):
    def test_quote_matching_the_text_at_its_offsets_is_valid(self):
        question = make_question()
        question.full_clean()
        assert question.citation_is_valid()

    def test_quote_that_differs_from_the_text_at_its_offsets_is_refused_with_a_readable_message(
        self,
    ):
        question = make_question()
        question.citation_quote = question.citation_quote.replace("12", "13")
        with pytest.raises(ValidationError) as error:
            question.full_clean()
        message = " ".join(error.value.message_dict["citation_quote"])
        assert "is not the article's text at characters 0–74" in message
        assert "12 new bridges" in message

    def test_a_quote_running_past_the_end_of_the_text_is_refused(self):
        question = make_question(quote="20 bridges.")
        question.citation_end += 5
        question.citation_quote = question.article.text[question.citation_start :]
        assert not question.citation_is_valid()
        with pytest.raises(ValidationError):
            question.full_clean()

    def test_offsets_are_found_from_a_quote_that_occurs_once(self):
        article = make_article()
        question = Question(
            article=article,
            prompt="Who is the mayor?",
            explanation="Ana Ruiz.",
            citation_quote="Mayor Ana Ruiz said the first bridge would open in the spring.",
        )
        question.full_clean()
        assert (
            article.text[question.citation_start : question.citation_end]
            == question.citation_quote
        )

    def test_a_quote_not_in_the_article_is_refused(self):
        question = Question(
            article=make_article(),
            prompt="?",
            explanation=".",
            citation_quote="Mayor Bob Lee said",
        )
        with pytest.raises(ValidationError, match="do not occur in the article"):
            question.full_clean()

    def test_an_ambiguous_quote_without_offsets_is_refused(self):
        question = Question(
            article=make_article(), prompt="?", explanation=".", citation_quote="said"
        )
        with pytest.raises(ValidationError, match="more than once"):
            question.full_clean()

    def test_database_refuses_offsets_that_do_not_span_the_quote(self):
        question = make_question()
        with pytest.raises(IntegrityError):
            Question.objects.filter(pk=question.pk).update(
                citation_end=question.citation_end + 3
            )

    def test_citation_context_is_the_whole_sentence_around_the_quote(self):
        article = make_article()
        question = make_question(article=article, quote="first bridge would open")
        before, quote, after = question.citation_context()
        assert before == "Mayor Ana Ruiz said the "
        assert quote == "first bridge would open"
        assert after == " in the spring."


class ChoiceRulesTests(TestCase):
    def check(self, kind, choices):
        question = Question(kind=kind)
        return question.choice_problems(
            [Choice(text=text, is_correct=correct) for text, correct in choices]
        )

    def test_single_choice_needs_exactly_one_right_answer(self):
        assert (
            self.check(Question.Kind.SINGLE_CHOICE, [("a", True), ("b", False)]) == []
        )
        assert self.check(Question.Kind.SINGLE_CHOICE, [("a", True), ("b", True)]) == [
            "Mark exactly one choice as correct."
        ]

    def test_multiple_select_needs_a_right_answer(self):
        assert (
            self.check(
                Question.Kind.MULTIPLE_SELECT, [("a", True), ("b", True), ("c", False)]
            )
            == []
        )
        assert self.check(
            Question.Kind.MULTIPLE_SELECT, [("a", False), ("b", False)]
        ) == ["Mark at least one choice as correct."]

    def test_true_false_has_exactly_true_and_false(self):
        assert (
            self.check(Question.Kind.TRUE_FALSE, [("True", False), ("False", True)])
            == []
        )
        assert (
            self.check(Question.Kind.TRUE_FALSE, [("Yes", True), ("No", False)]) != []
        )

    def test_duplicate_choices_are_refused(self):
        assert "Two choices have the same text." in self.check(
            Question.Kind.SINGLE_CHOICE, [("Paris", True), (" paris", False)]
        )


class ScoringTests(TestCase):
    def setUp(self):
        self.question = make_question(
            kind=Question.Kind.MULTIPLE_SELECT,
            choices=[("A", True), ("B", True), ("C", False), ("D", False)],
        )
        self.by_text = {choice.text: choice for choice in self.question.choices.all()}

    def score(self, *texts):
        return self.question.score(chosen=[self.by_text[text] for text in texts])

    def test_multiple_select_partial_credit(self):
        assert self.score("A", "B") == (Response.Correctness.CORRECT, 1.0)
        assert self.score("A") == (Response.Correctness.PARTLY_CORRECT, 0.5)
        assert self.score("A", "B", "C") == (Response.Correctness.PARTLY_CORRECT, 0.5)
        assert self.score("A", "C") == (Response.Correctness.INCORRECT, 0.0)
        assert self.score("C", "D") == (Response.Correctness.INCORRECT, 0.0)

    def test_single_choice(self):
        question = make_question()
        right = question.choices.get(is_correct=True)
        wrong = question.choices.filter(is_correct=False).first()
        assert question.score(chosen=[right]) == (Response.Correctness.CORRECT, 1.0)
        assert question.score(chosen=[wrong]) == (Response.Correctness.INCORRECT, 0.0)


class NumericQuestionTests(TestCase):
    def test_number_questions_score_by_value(self):
        question = make_question(kind=Question.Kind.NUMERIC, numeric_answer=1500)
        assert question.score(number=Decimal("1500.0")) == (
            Response.Correctness.CORRECT,
            1.0,
        )
        assert question.score(number=Decimal("150")) == (
            Response.Correctness.INCORRECT,
            0.0,
        )
        assert question.numeric_answer_display() == "1,500"

    def test_typed_numbers_are_read_as_people_mean_them(self):
        assert numeric_value("1,500") == Decimal(1500)
        assert numeric_value(" $275 ") == Decimal(275)
        assert numeric_value("2.5") == Decimal("2.5")
        assert numeric_value("twelve") is None
        assert numeric_value("NaN") is None
        assert numeric_value("Infinity") is None

    def test_database_requires_the_number_of_a_number_question(self):
        with pytest.raises(IntegrityError):
            make_question(kind=Question.Kind.NUMERIC, numeric_answer=None)

    def test_number_questions_have_no_choices(self):
        question = Question(kind=Question.Kind.NUMERIC)
        assert question.choice_problems([]) == []
        assert question.choice_problems([Choice(text="12", is_correct=True)]) != []


class AttemptTests(TestCase):
    def setUp(self):
        self.quiz = make_quiz(question_count=2)
        self.attempt = Attempt.objects.start(self.quiz, browser_id="browser-1")
        self.first, self.second = self.quiz.published_questions()

    def right(self, question):
        return [question.choices.get(is_correct=True)]

    def wrong(self, question):
        return [question.choices.filter(is_correct=False).first()]

    def test_attempt_snapshots_the_published_questions_in_order(self):
        make_question(status=Question.Status.DRAFT)
        assert self.attempt.question_ids == [self.first.pk, self.second.pk]

    def test_an_answer_counts_once(self):
        self.attempt.record_answer(self.first, chosen=self.wrong(self.first))
        again, created = self.attempt.record_answer(
            self.first, chosen=self.right(self.first)
        )
        assert not created
        assert again.correctness == Response.Correctness.INCORRECT
        assert Response.objects.filter(attempt=self.attempt).count() == 1
        self.attempt.refresh_from_db()
        assert (self.attempt.score, self.attempt.answered_count) == (0, 1)

    def test_a_second_answer_shows_the_first_with_the_reason(self):
        wrong = self.wrong(self.first)
        self.attempt.answer(self.first, chosen=wrong)
        outcome = self.attempt.answer(self.first, chosen=self.right(self.first))
        assert outcome.response.correctness == Response.Correctness.INCORRECT
        assert outcome.chosen_ids == {wrong[0].pk}
        assert outcome.message == ALREADY_ANSWERED
        assert not outcome.refused

    def test_an_answer_to_a_finished_attempt_is_refused_with_the_reason(self):
        self.attempt.finish()
        outcome = self.attempt.answer(self.first, chosen=self.right(self.first))
        assert outcome.refused
        assert outcome.response is None
        assert "finished" in outcome.message
        assert not Response.objects.filter(attempt=self.attempt).exists()

    def test_database_refuses_a_second_response_to_the_same_question(self):
        self.attempt.record_answer(self.first, chosen=self.right(self.first))
        with pytest.raises(IntegrityError):
            Response.objects.create(
                attempt=self.attempt,
                question=self.first,
                correctness="correct",
                points=1,
            )

    def test_answering_every_question_finishes_the_attempt(self):
        self.attempt.record_answer(self.first, chosen=self.right(self.first))
        assert not self.attempt.is_finished
        self.attempt.record_answer(self.second, chosen=self.right(self.second))
        assert self.attempt.is_finished
        assert self.attempt.score == 2
        assert self.attempt.percentage == 100

    def test_a_finished_attempt_refuses_answers_and_stores_nothing(self):
        self.attempt.finish()
        with pytest.raises(AnswerRefused, match="finished"):
            self.attempt.record_answer(self.first, chosen=self.right(self.first))
        assert not Response.objects.exists()
        self.attempt.refresh_from_db()
        assert self.attempt.score == 0

    def test_owned_by_matches_only_the_starting_browser(self):
        assert list(Attempt.objects.owned_by("browser-1")) == [self.attempt]
        assert not Attempt.objects.owned_by("browser-2").exists()
        assert not Attempt.objects.owned_by(None).exists()

    def test_attempt_urls_are_those_reverse_gives(self):
        for prefix in ["/", "/school/quiz/"]:
            set_script_prefix(prefix)
            try:
                assert self.attempt.question_url(12) == reverse(
                    "quiz:question",
                    kwargs={"attempt_id": self.attempt.pk, "position": 12},
                )
                assert self.attempt.get_absolute_url() == reverse(
                    "quiz:results", kwargs={"attempt_id": self.attempt.pk}
                )
                assert self.attempt.get_absolute_url().startswith(prefix)
            finally:
                set_script_prefix("/")

    def test_owned_reads_the_attempt_only_for_its_own_browser(self):
        found = Attempt.objects.owned(self.attempt.pk, "browser-1")
        assert found == self.attempt
        assert Attempt.objects.owned(self.attempt.pk, "browser-2") is None
        assert Attempt.objects.owned(self.attempt.pk, None) is None
        assert Attempt.objects.owned("not-a-uuid", "browser-1") is None

    def test_owned_builds_the_same_objects_as_the_orm(self):
        teacher = User.objects.create_user("teacher")
        closes_at = timezone.now() + timedelta(hours=1)
        assignment = Assignment.objects.create(
            quiz=self.quiz, title="Class 9B", owner=teacher, closes_at=closes_at
        )
        attempt = Attempt.objects.start(
            self.quiz, browser_id="b", assignment=assignment
        )
        attempt.record_answer(self.first, chosen=self.right(self.first))
        found = Attempt.objects.owned(attempt.pk, "b")
        expected = Attempt.objects.select_related("quiz", "assignment").get(
            pk=attempt.pk
        )
        for model_object, orm_object in [
            (found, expected),
            (found.quiz, expected.quiz),
            (found.assignment, expected.assignment),
        ]:
            for field in type(orm_object)._meta.concrete_fields:
                assert getattr(model_object, field.attname) == getattr(
                    orm_object, field.attname
                ), field.name
        assert found.content_version == ContentVersion.objects.get().number
        assert found.started_at.tzinfo is not None

    def test_stored_response_has_the_chosen_choices(self):
        assert self.attempt.stored_response(self.first) == (None, set())
        question = make_question(
            kind=Question.Kind.MULTIPLE_SELECT,
            choices=[("Ana", True), ("Bob", True), ("Cy", False)],
        )
        chosen = list(question.choices.filter(is_correct=True))
        stored, _ = self.attempt.record_answer(question, chosen=chosen)
        response, chosen_ids = self.attempt.stored_response(question)
        assert response == stored and response.points == stored.points
        assert chosen_ids == {choice.pk for choice in chosen}

    def test_display_order_is_stable_per_attempt_and_true_comes_before_false(self):
        question = make_question(
            kind=Question.Kind.TRUE_FALSE, choices=[("False", False), ("True", True)]
        )
        assert [c.text for c in self.attempt.display_order(question)] == [
            "True",
            "False",
        ]
        words = make_question(
            choices=[
                ("Ana", True),
                ("Bob", False),
                ("Cy", False),
                ("Dee", False),
                ("Eve", False),
            ]
        )
        first = [c.pk for c in self.attempt.display_order(words)]
        assert first == [c.pk for c in self.attempt.display_order(words)]

    def test_numeric_choices_are_shown_in_ascending_order(self):
        question = make_question(
            choices=[("20", False), ("12", True), ("1,500", False), ("8", False)]
        )
        assert [c.text for c in self.attempt.display_order(question)] == [
            "8",
            "12",
            "20",
            "1,500",
        ]


class AssignmentOpenRuleTests(TestCase):
    """ "Is this assignment open" is asked in three places: joining (`Assignment.objects.open()`),
    starting and answering (`is_open_at`), and the statement that counts an answer (hand-written
    SQL). They must never disagree, or a student could join and then be refused every answer."""

    def setUp(self):
        self.now = timezone.now()
        self.quiz = make_quiz(question_count=1)
        self.teacher = User.objects.create_user("teacher")

    def answers_in_three_places(self, **fields) -> tuple[bool, bool, bool]:
        assignment = Assignment.objects.create(
            quiz=self.quiz, title="Class 9B", owner=self.teacher, **fields
        )
        attempt = Attempt.objects.create(
            quiz=self.quiz,
            assignment=assignment,
            browser_id="b",
            question_ids=[question.pk for question in self.quiz.questions.all()],
        )
        with mock.patch("django.utils.timezone.now", return_value=self.now):
            listed = Assignment.objects.open().filter(pk=assignment.pk).exists()
        counted = attempt.count_answer(1.0, self.now) is not None
        return listed, assignment.is_open_at(self.now), counted

    def test_an_assignment_without_a_closing_time_is_open_everywhere(self):
        assert self.answers_in_three_places() == (True, True, True)

    def test_closing_by_hand_closes_it_everywhere(self):
        closed = self.answers_in_three_places(closed_at=self.now - timedelta(seconds=1))
        assert closed == (False, False, False)

    def test_a_closing_time_passed_closes_it_everywhere(self):
        past = self.answers_in_three_places(closes_at=self.now - timedelta(seconds=1))
        assert past == (False, False, False)

    def test_a_closing_time_at_this_very_moment_closes_it_everywhere(self):
        assert self.answers_in_three_places(closes_at=self.now) == (False, False, False)

    def test_a_closing_time_ahead_leaves_it_open_everywhere(self):
        ahead = self.answers_in_three_places(closes_at=self.now + timedelta(hours=1))
        assert ahead == (True, True, True)

    def test_a_rule_one_instance_cannot_answer_as_the_database_would_is_refused(self):
        assignment = Assignment(quiz=self.quiz, title="Class 9B", owner=self.teacher)
        for rule in (~Q(closed_at__isnull=True), Q(quiz__published=True)):
            with pytest.raises(ValueError):
                holds(rule, assignment)

"""Test data for question-bank exchange: every kind of question, with the characters that GIFT and
XML treat specially in the article, the questions, the choices and the explanations."""

from datetime import date
from decimal import Decimal

from quiz.models import Article, Question, Quiz
from tests.factories import make_article, make_question, make_quiz

SPECIAL_TEXT = (
    'Officials said: "a ~ b = {c} # d" costs $5 \\ 10 <script>alert(1)</script> ]]> & more.\n'
    "The mayor added 12 bridges, or “{twelve}”, on Monday: 3 of them ~ new.\n"
    "[sic] 50% of riders agreed; critics disagreed."
)


def make_special_bank() -> tuple[Article, Quiz]:
    """An article and a quiz holding one question of each kind, and one question without a key."""
    article = make_article(
        text=SPECIAL_TEXT,
        title='Bridges: "{new}" ~ plans = #1',
        publisher="The #1 Daily: News",
        url="https://example.com/bridges?plan=1#top",
        published_on=date(2024, 11, 20),
        date_is_approximate=True,
        title_is_added=True,
    )
    questions = [
        make_question(
            article=article,
            key="odd-costs",
            prompt='What costs $5 \\ 10, says "a ~ b = {c} # d"?',
            choices=[
                ("<script>alert(1)</script>", True),
                ("]]> & {braces}", False),
                ("50% ~ = # : \\", False),
                ("%20% off", False),
                ("[sic] a trap", False),
            ],
            quote='"a ~ b = {c} # d" costs $5 \\ 10 <script>alert(1)</script> ]]> & more.',
            explanation="Line one: {x} = y\nLine two ~ #3, “quoted”.",
        ),
        make_question(
            article=article,
            key="who-spoke",
            kind=Question.Kind.MULTIPLE_SELECT,
            prompt="Who spoke: {pick} ~ all = right?",
            choices=[
                ("Officials", True),
                ("Bob ~ Lee", False),
                ("The mayor", True),
                ("Critics: #2", True),
                ("Nobody {at all}", False),
            ],
            quote="The mayor added 12 bridges, or “{twelve}”, on Monday: 3 of them ~ new.",
        ),
        make_question(
            article=article,
            key="",
            kind=Question.Kind.TRUE_FALSE,
            prompt="True or false: 50% of riders agreed = {yes}?",
            choices=[("True", True), ("False", False)],
            quote="50% of riders agreed",
        ),
        make_question(
            article=article,
            key="bridges",
            kind=Question.Kind.NUMERIC,
            prompt="How many bridges: #?",
            numeric_answer=Decimal("12"),
            quote="12 bridges",
        ),
        make_question(
            article=article,
            key="gen-critics",
            kind=Question.Kind.TRUE_FALSE,
            prompt="Critics agreed.",
            choices=[("True", False), ("False", True)],
            quote="critics disagreed",
            status=Question.Status.RETIRED,
            origin=Question.Origin.GENERATED,
            rule="claim-negation",
            review_notes="Check the negation.\nSecond note: {x}.",
        ),
    ]
    quiz = make_quiz(
        questions=[questions[3], questions[0], questions[2]],
        published=False,
        title="Bridges {quiz}: “special”",
        shuffle_questions=True,
        pass_mark=60,
        pass_message="Well done ~ #1!",
        time_limit_minutes=15,
    )
    return article, quiz

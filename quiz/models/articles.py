"""Articles and the questions that cite them.

The rule the whole product rests on lives here: a question's citation is valid only if its quoted
text is exactly the article text at its offsets (checked in `clean()` and by a database constraint).
"""

import secrets
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import slugify

from quiz.models.content import (
    AnyUser,
    ContentModel,
    ContentQuerySet,
    TeacherOwnedQuerySet,
)
from quiz.passages import sentence_spans

# --- Line breaks ----------------------------------------------------------------------------------


def normalise_line_breaks(text: str) -> str:
    """Every line break as "\n". Browsers submit a textarea's line breaks as "\r\n" and Windows
    files carry them; but a page's HTML turns them into "\n", so the citation picker (which counts
    the words a teacher selects on the page) and the article page would count one character fewer
    per earlier break than offsets into the stored text."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class PlainTextField(models.TextField):
    """A TextField whose validated value has one kind of line break: the admin's forms and
    question-bank imports (which validate fields) store it as the article page shows it."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return normalise_line_breaks(value) if isinstance(value, str) else value


# --- Articles -------------------------------------------------------------------------------------


def validate_article_text(text: str) -> None:
    """Refuse, with the sentence splitter's own message, a text it cannot split (HTML markup,
    control characters): `Article.save()` splits every text. A field validator, so that the
    admin's form and a question-bank import (which checks fields) both report it."""
    # Imported here, as in `sentence_spans`: the generation package loads spaCy.
    from quiz.generation import GenerationError
    from quiz.generation.sentences import validate_text

    try:
        validate_text(text=text)
    except GenerationError as error:
        raise ValidationError(str(error), code="unusable_text") from None


class ArticleQuerySet(TeacherOwnedQuerySet):
    def unused_slug(self, title: str) -> str:
        """A slug for `title` that no article has yet ("title", "title-2", …)."""
        base = slugify(title)[:90] or "article"
        taken = set(self.filter(slug__startswith=base).values_list("slug", flat=True))
        return next(
            slug
            for slug in (base, *(f"{base}-{n}" for n in range(2, len(taken) + 3)))
            if slug not in taken
        )

    def public(self) -> "ArticleQuerySet":
        """Articles that students are asked about (in a published or assigned quiz): those they may
        read in full."""
        asked = Q(questions__quiz_entries__quiz__published=True) | Q(
            questions__quiz_entries__quiz__assignments__isnull=False
        )
        return self.filter(
            asked, questions__status=Question.Status.PUBLISHED
        ).distinct()


class Article(ContentModel):
    title = models.CharField(
        max_length=300,
        help_text="The headline. If the publisher's headline is unknown, write a neutral one and tick "
        "“title added by us”.",
    )
    title_is_added = models.BooleanField(
        "title added by us",
        default=False,
        help_text="Tick when the title is ours, not the publisher's; students see it marked as added.",
    )
    slug = models.SlugField(
        max_length=100, unique=True, help_text="Short name used in web addresses."
    )
    publisher = models.CharField(
        max_length=200, blank=True, help_text="Who published the article."
    )
    url = models.URLField(
        "original address",
        blank=True,
        help_text="Where the article was published, if known.",
    )
    published_on = models.DateField(
        null=True, blank=True, help_text="The day the article was published, if known."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        help_text="The teacher who added it. Articles without an owner form the shared library: "
        "every teacher can read and use them, only administrators can change them.",
    )
    date_is_approximate = models.BooleanField(
        default=False,
        help_text="Tick when the date is inferred (for example from the events reported) and not stated.",
    )
    text = PlainTextField(
        validators=[validate_article_text],
        help_text="The article text exactly as published, one paragraph per line. Citations are "
        "character positions in this text: editing it can invalidate them.",
    )
    # Derived from `text` on save, so a citation can be shown in its sentence without re-parsing.
    sentences = models.JSONField(default=list, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    # django-stubs takes the abstract ContentModel's manager for a class variable and this one for
    # an instance variable (typeddjango/django-stubs#1713): both are managers, as Django makes them.
    objects = ArticleQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-published_on", "title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Also here, for texts saved without validation (seeds, the generate_questions command):
        # their questions are made from the saved text, after this.
        self.text = normalise_line_breaks(self.text)
        self.sentences = [list(span) for span in sentence_spans(self.text)]
        if not self.slug:
            self.slug = slugify(self.title)[:100]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("quiz:article", kwargs={"slug": self.slug})

    def citation_url(
        self, start: int, end: int, *, came_from: dict[str, str] | None = None
    ) -> str:
        """The article page with the cited words highlighted and scrolled into view; `came_from`
        (an attempt and a position) lets the page offer a way back to the question."""
        query = urlencode({"cite": f"{start}-{end}", **(came_from or {})})
        return f"{self.get_absolute_url()}?{query}#cited"

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        """The start of the first and the end of the last sentence that the span touches."""
        touching = [(s, e) for s, e in self.sentences if s < end and e > start]
        if not touching:
            return start, end
        return min(start, touching[0][0]), max(end, touching[-1][1])

    def clean(self) -> None:
        # After the field validators, which count control characters as a sign of binary data.
        replace_xml_invalid_characters(self)


# --- Questions ------------------------------------------------------------------------------------


class Correctness(models.TextChoices):
    """How well an answer did; the result of `Question.score`."""

    CORRECT = "correct", "Correct"
    PARTLY_CORRECT = "partly_correct", "Partly correct"
    INCORRECT = "incorrect", "Incorrect"


# A quote shorter than this can occur in an explanation by chance ("12"): it is not highlighted
# there, and the feedback (and a Moodle export's) shows it again in its sentence.
MIN_MARKED_WORDS = 3


class QuestionQuerySet(ContentQuerySet):
    def published(self) -> "QuestionQuerySet":
        return self.filter(status=Question.Status.PUBLISHED)

    def visible_to(self, user: AnyUser) -> "QuestionQuerySet":
        """Questions on the articles this teacher can see."""
        return self.filter(article__in=Article.objects.visible_to(user))

    def editable_by(self, user: AnyUser) -> "QuestionQuerySet":
        return self if user.is_superuser else self.filter(article__owner=user)

    def set_status(self, status: str, *, by: AbstractUser) -> int:
        """Publish, retire or return to draft, recording who did it and when."""
        return self.exclude(status=status).update(
            status=status, status_changed_at=timezone.now(), status_changed_by=by
        )


class Question(ContentModel):
    class Kind(models.TextChoices):
        SINGLE_CHOICE = "single_choice", "Single choice"
        MULTIPLE_SELECT = "multiple_select", "Multiple select"
        TRUE_FALSE = "true_false", "True or false"
        NUMERIC = "numeric", "Number"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    class Origin(models.TextChoices):
        HAND_WRITTEN = "hand_written", "Hand-written"
        GENERATED = "generated", "Generated"

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="questions",
        help_text="The article whose words settle this question.",
    )
    key = models.SlugField(
        max_length=100,
        blank=True,
        help_text="Optional stable name, unique within the article (used by seed and import files).",
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind,
        default=Kind.SINGLE_CHOICE,
        help_text="Single choice: one right answer. Multiple select: one or more, with partial credit. "
        "True or false: a claim to check against the article. Number: the student types a number.",
    )
    prompt = PlainTextField(help_text="The question as the student reads it.")
    explanation = PlainTextField(
        help_text="Shown after answering: what the article actually says, in a sentence or two."
    )
    numeric_answer = models.DecimalField(
        max_digits=24,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="For number questions only: the right number (the student's answer must equal it).",
    )
    citation_start = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Position of the first quoted character in the article text (counting from 0). "
        "Leave empty to have it found from the quote.",
    )
    citation_end = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Position just after the last quoted character. Leave empty to have it found.",
    )
    citation_quote = PlainTextField(
        "quoted text",
        help_text="The exact words of the article that settle the answer, copied character for character.",
    )
    status = models.CharField(
        max_length=20,
        choices=Status,
        default=Status.DRAFT,
        help_text="Only published questions are asked in quizzes.",
    )
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    origin = models.CharField(
        max_length=20,
        choices=Origin,
        default=Origin.HAND_WRITTEN,
        help_text="Whether a person wrote this question or the generator proposed it.",
    )
    rule = models.CharField(
        max_length=60,
        blank=True,
        help_text="For generated questions: the rule that made it.",
    )
    review_notes = models.TextField(
        blank=True,
        help_text="Concerns to check before publishing (set by the generator or a teacher).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()  # type: ignore[misc]  # as Article's

    class Meta:
        ordering = ["article", "pk"]
        constraints = [
            models.CheckConstraint(
                name="citation_offsets_match_quote",
                condition=Q(citation_start__isnull=False)
                & Q(citation_end=F("citation_start") + Length("citation_quote"))
                & Q(citation_end__gt=F("citation_start")),
                violation_error_message="The citation's offsets do not match the length of the quote.",
            ),
            models.CheckConstraint(
                name="numeric_answer_only_for_numbers",
                condition=Q(kind="numeric", numeric_answer__isnull=False)
                | (~Q(kind="numeric") & Q(numeric_answer__isnull=True)),
                violation_error_message="A number question needs its right number, and only "
                "number questions have one.",
            ),
            models.UniqueConstraint(
                fields=["article", "key"],
                condition=~Q(key=""),
                name="unique_question_key_per_article",
            ),
        ]

    def __str__(self) -> str:
        return self.prompt if len(self.prompt) <= 80 else self.prompt[:79] + "…"

    def clean(self) -> None:
        # First, so that a quote pasted with the same stray character as the article matches it.
        replace_xml_invalid_characters(self)
        if self.article_id is None or not self.citation_quote:
            return
        if self.citation_start is None or self.citation_end is None:
            self.locate_citation()
        if not self.citation_is_valid():
            raise ValidationError({"citation_quote": self.citation_problem()})

    def locate_citation(self) -> None:
        """Fill in the offsets from the quote, when the quote occurs exactly once in the article."""
        text, quote = self.article.text, self.citation_quote
        first = text.find(quote)
        if first == -1:
            raise ValidationError(
                {
                    "citation_quote": "These words do not occur in the article. Copy them exactly, "
                    "including punctuation and curly quotes."
                }
            )
        if text.find(quote, first + 1) != -1:
            raise ValidationError(
                {
                    "citation_quote": "These words occur more than once in the article: give the "
                    "start and end positions of the one you mean."
                }
            )
        self.citation_start, self.citation_end = first, first + len(quote)

    def citation_problem(self) -> str:
        text = self.article.text
        actual = text[self.citation_start : self.citation_end]
        message = (
            f"The quoted text is not the article's text at characters "
            f"{self.citation_start}–{self.citation_end}, which reads “{actual}”."
        )
        elsewhere = text.find(self.citation_quote)
        if elsewhere != -1:
            message += f" The quote occurs at {elsewhere}–{elsewhere + len(self.citation_quote)}."
        return message

    def citation_is_valid(self) -> bool:
        """The quote is the article's text at the offsets (and so ends where `citation_end` says:
        a slice past the end of the text would otherwise look like a match)."""
        return (
            self.citation_start is not None
            and self.citation_end == self.citation_start + len(self.citation_quote)
            and self.article.text[self.citation_start : self.citation_end]
            == self.citation_quote
        )

    def is_in_an_attempt(self) -> bool:
        """Some student's attempt holds this question: it and its choices can no longer be
        deleted; it can be retired (see `AttemptQuestion`)."""
        return self.attempt_entries.exists()

    @property
    def is_numeric(self) -> bool:
        return self.kind == self.Kind.NUMERIC

    @property
    def allows_several_choices(self) -> bool:
        return self.kind == self.Kind.MULTIPLE_SELECT

    def choice_problems(self, choices: Sequence["Choice"]) -> list[str]:
        """What is wrong with a set of choices for this question; empty when they are fine."""
        if self.kind == self.Kind.NUMERIC:
            return (
                ["A number question has no choices: the student types the number."]
                if choices
                else []
            )
        correct = [choice for choice in choices if choice.is_correct]
        texts = [" ".join(choice.text.split()).casefold() for choice in choices]
        problems = []
        if len(choices) < 2:
            problems.append("A question needs at least two choices.")
        if len(set(texts)) != len(texts):
            problems.append("Two choices have the same text.")
        if self.kind == self.Kind.MULTIPLE_SELECT:
            if not correct:
                problems.append("Mark at least one choice as correct.")
        elif len(correct) != 1:
            problems.append("Mark exactly one choice as correct.")
        if self.kind == self.Kind.TRUE_FALSE and sorted(texts) != ["false", "true"]:
            problems.append(
                "A true-or-false question has exactly the choices “True” and “False”."
            )
        return problems

    def score(
        self, *, chosen: Iterable["Choice"] = (), number: Decimal | None = None
    ) -> tuple[str, float]:
        """Correctness and points for an answer: chosen choices (of this question) or a number.

        Multiple select earns partial credit: each right pick +1/k and each wrong pick -1/k, where k is
        the number of right choices, never below zero.
        """
        if self.kind == self.Kind.NUMERIC:
            points = (
                1.0 if number is not None and number == self.numeric_answer else 0.0
            )
        elif self.kind == self.Kind.MULTIPLE_SELECT:
            chosen_ids = {choice.pk for choice in chosen}
            right_ids = {choice.pk for choice in self.correct_choices()}
            right_picks, wrong_picks = (
                len(chosen_ids & right_ids),
                len(chosen_ids - right_ids),
            )
            points = max(0.0, (right_picks - wrong_picks) / len(right_ids))
        else:
            points = (
                1.0
                if {choice.pk for choice in chosen}
                == {c.pk for c in self.correct_choices()}
                else 0.0
            )
        if points == 1.0:
            return Correctness.CORRECT, points
        if points > 0:
            return Correctness.PARTLY_CORRECT, points
        return Correctness.INCORRECT, points

    def numeric_answer_display(self) -> str:
        return (
            format_number(self.numeric_answer)
            if self.numeric_answer is not None
            else ""
        )

    @cached_property
    def natural_choice_order(self) -> tuple[list["Choice"], bool]:
        """The choices in the order a reader expects, and whether that order must be kept: True
        before False, numbers ascending; other choices are shuffled per attempt. Worked out
        once per instance, so once per content version for the questions students read."""
        choices = list(self.choices.all())
        if self.kind == self.Kind.TRUE_FALSE:
            return sorted(choices, key=lambda c: c.text.casefold() != "true"), True
        numbered = [(numeric_value(choice.text), choice) for choice in choices]
        numbers = [
            (number, choice) for number, choice in numbered if number is not None
        ]
        if len(numbers) == len(choices):
            return [choice for _, choice in sorted(numbers, key=lambda p: p[0])], True
        return choices, False

    def correct_choices(self) -> list["Choice"]:
        return [choice for choice in self.choices.all() if choice.is_correct]

    def right_answers(self) -> list[str]:
        """The right answer as students and teachers are shown it: the number, or the texts of
        the right choices."""
        if self.is_numeric:
            return [self.numeric_answer_display()]
        return [choice.text for choice in self.correct_choices()]

    @property
    def citation_offsets(self) -> tuple[int, int]:
        """Where the cited words start and end: known for every saved question (a database
        constraint), found from the quote by `clean()` before that."""
        if self.citation_start is None or self.citation_end is None:
            raise ValueError(f"The citation of “{self}” has not been located yet.")
        return self.citation_start, self.citation_end

    def citation_context(self) -> tuple[str, str, str]:
        """The cited words with the rest of their sentence(s) before and after them."""
        start, end = self.citation_offsets
        sentence_start, sentence_end = self.article.sentence_bounds(start, end)
        text = self.article.text
        return text[sentence_start:start], text[start:end], text[end:sentence_end]

    def citation_url(self, came_from: dict[str, str] | None = None) -> str:
        return self.article.citation_url(*self.citation_offsets, came_from=came_from)

    @property
    def explanation_repeats_citation(self) -> bool:
        """The explanation only quotes the cited words ("The article says: “…”", as the generator
        writes it): the feedback shows them with their sentence already, so not twice."""
        rest = self.explanation.replace(self.citation_quote, "", 1)
        rest = rest.strip().removeprefix("The article says:")
        return not rest.strip(" “”\"'.:")

    @property
    def explanation_around_quote(self) -> tuple[str, str, str] | None:
        """The explanation split around the cited words when it quotes them among more words
        ("False. The article says Nasa, not …: “…”", as the generator writes it), so that they
        are highlighted there rather than shown a second time; None when it does not quote them
        or the quote is shorter than `MIN_MARKED_WORDS`."""
        before, quote, after = self.explanation.partition(self.citation_quote)
        if quote and len(quote.split()) >= MIN_MARKED_WORDS:
            return before, quote, after
        return None

    @property
    def explanation_highlights_quote(self) -> bool:
        """The feedback shows the explanation with the cited words highlighted in it, so the
        citation under it gives only the link to them (an explanation that is nothing but the
        quote is left out instead, and the citation shows the words in their sentence)."""
        return (
            self.explanation_around_quote is not None
            and not self.explanation_repeats_citation
        )


def random_choice_id() -> int:
    """Choice ids are random, so their order can never hint at which choice is right."""
    return secrets.randbelow(2**53 - 1) + 1


class Choice(ContentModel):
    id = models.BigIntegerField(
        primary_key=True, default=random_choice_id, editable=False
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices"
    )
    text = models.CharField(
        max_length=500, help_text="The answer as the student reads it."
    )
    is_correct = models.BooleanField(
        "correct", default=False, help_text="Tick every right answer."
    )
    position = models.PositiveSmallIntegerField(
        default=0,
        help_text="Order in which teachers see the choices (students see them shuffled).",
    )

    class Meta:
        ordering = ["question", "position", "text"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        replace_xml_invalid_characters(self)


def numeric_value(text: str) -> Decimal | None:
    """The number a person typed or a choice shows ("1,500", "$275", "12%"), or None."""
    cleaned = text.strip().replace(",", "").replace(" ", "").lstrip("$£€").rstrip("%")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def format_number(value: Decimal) -> str:
    """1500 → "1,500"; 2.50 → "2.5"."""
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# Characters XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF, lone surrogates), each replaced by
# one character it allows: one for one, so offsets into a cleaned text still point at the same
# words. Word's line and page breaks (vertical tab, form feed) become line breaks.
XML_SAFE = str.maketrans(
    dict.fromkeys([*range(0x00, 0x09), *range(0x0E, 0x20)], " ")
    | dict.fromkeys([0x0B, 0x0C], "\n")
    | dict.fromkeys([*range(0xD800, 0xE000), 0xFFFE, 0xFFFF], "\ufffd")
)


def xml_safe_text(text: str) -> str:
    """The text with every character that XML 1.0 forbids replaced (see `XML_SAFE`): one of
    them in a Moodle XML file, and Moodle imports nothing from it."""
    return text.translate(XML_SAFE)


def replace_xml_invalid_characters(obj: models.Model) -> None:
    """Clean every text field of `obj` with `xml_safe_text` (a teacher pasting from Word
    expects a line break, not a refusal)."""
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(value, str):
            setattr(obj, field.attname, xml_safe_text(value))

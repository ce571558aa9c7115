"""The value types the generator hands out.

They are frozen dataclasses so that a generated set can be compared, hashed and dumped to JSON byte for
byte; the Django side turns them into draft questions without knowing how they were made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SINGLE_CHOICE = "single_choice"
MULTIPLE_SELECT = "multiple_select"
TRUE_FALSE = "true_false"
NUMERIC = "numeric"
KINDS = (SINGLE_CHOICE, MULTIPLE_SELECT, TRUE_FALSE, NUMERIC)


def words(text: str) -> frozenset[str]:
    """A word set written as one string, so that long vocabularies stay readable."""
    return frozenset(text.split())


class GenerationError(ValueError):
    """The text cannot be turned into questions; the message says why, for a teacher to read."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the article: offsets are Python string indices into the full text."""

    start: int
    end: int
    text: str
    paragraph: int
    index: int


@dataclass(frozen=True, slots=True)
class Citation:
    """The words that prove a question, `text[start:end] == quote`: whole sentences, or the clause
    of one that settles it where the sentence would show another question's answer."""

    start: int
    end: int
    quote: str


@dataclass(frozen=True, slots=True)
class GeneratedChoice:
    text: str
    correct: bool


@dataclass(frozen=True, slots=True)
class GeneratedQuestion:
    """A draft question with the rule that made it and the soft concerns a reviewer should look at."""

    kind: str
    prompt: str
    choices: tuple[GeneratedChoice, ...]
    answer: str | None
    explanation: str
    citation: Citation
    rule: str
    review: tuple[str, ...] = ()
    # The selection looks questions up in caches hundreds of thousands of times; hashing every
    # field and choice each time cost more than the look-ups saved, so the hash is kept once made.
    _hash: int | None = field(default=None, init=False, repr=False, compare=False)

    def __hash__(self) -> int:
        if self._hash is not None:
            return self._hash
        made = hash(
            (
                self.kind,
                self.prompt,
                self.choices,
                self.answer,
                self.explanation,
                self.citation,
                self.rule,
                self.review,
            )
        )
        object.__setattr__(self, "_hash", made)
        return made

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "prompt": self.prompt,
            "choices": [{"text": c.text, "correct": c.correct} for c in self.choices],
            "answer": self.answer,
            "explanation": self.explanation,
            "citation": {
                "start": self.citation.start,
                "end": self.citation.end,
                "quote": self.citation.quote,
            },
            "rule": self.rule,
            "review": list(self.review),
        }


@dataclass(frozen=True, slots=True)
class Option:
    """A choice's text with what the set needs to swap a wrong one for a spare.

    `stated`: the article states it (a wrong option the article writes keeps the answer from being
    the only option found in the text). `order`: where it stands among options shown in value order
    (None when the options are shuffled).
    """

    text: str
    stated: bool
    order: float | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A question before the gates, with what the gates need to judge it.

    `answer_forms`: ways the correct answer may stand in the cited text (a full name or its surname).
    `distractors`: the wrong options as values to test against the text (for numbers, their values).
    `frames`: words around the answer in its sentence; a distractor found elsewhere in the article
    inside the same frame would be a true statement, so it is rejected.
    `keys`: facts the question tests; two questions sharing a key are siblings and only one is kept.
    `shows`: names (and people's roles) the student reads in the prompt or the correct choice before
    answering; a question whose `keys` hold one of them is a sibling (one answers the other), while
    two questions that both only show a name may both stay.
    `options` and `spares`: every choice offered, and wrong options of the same kind it may offer
    instead (best first), for the set to replace a wrong option another kept question answers.
    `named`: the prompt with the names a role stood in for set back ("the President" -> "President
    Joe Biden"); the set shows it instead where no other kept question asks for one of those names.
    """

    question: GeneratedQuestion
    sentences: tuple[int, ...]
    answer_forms: tuple[str, ...] = ()
    distractors: tuple[str, ...] = ()
    numeric: bool = False
    frames: tuple[str, ...] = ()
    keys: tuple[tuple[object, ...], ...] = ()
    score: float = 0.0
    claim: str = ""
    shows: tuple[tuple[object, ...], ...] = ()
    options: tuple[Option, ...] = ()
    spares: tuple[Option, ...] = ()
    named: str = ""

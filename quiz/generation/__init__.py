"""Question generation: article text in, cited draft questions out.

A pure package (no Django, no I/O) so that it can be tested and benchmarked on its own and called from
a management command, the admin or a script alike. The pipeline is text -> sentences -> facts ->
candidate questions -> hard gates -> ranked, deduplicated set. The same text and seed always give the
same questions, byte for byte: all randomness comes from one `random.Random(seed)`.
"""

from __future__ import annotations

import random

from .checks import failed_gate, soft_concerns
from .facts import build_article
from .questions import all_candidates
from .rank import MAX_QUESTIONS, select
from .records import (
    KINDS,
    Citation,
    GeneratedChoice,
    GeneratedQuestion,
    GenerationError,
    Sentence,
)
from .sentences import parse_sentences, split_sentences, validate_text

__all__ = [
    "KINDS",
    "Citation",
    "GeneratedChoice",
    "GeneratedQuestion",
    "GenerationError",
    "Sentence",
    "generate_questions",
    "split_sentences",
]


def generate_questions(
    *, text: str, seed: int = 0, limit: int = MAX_QUESTIONS
) -> list[GeneratedQuestion]:
    """Cited questions for a teacher to review, best-covered order by position in the article.

    Raises GenerationError with a readable message when the text cannot be an article (empty, binary,
    HTML, too long). Text without usable sentences (a list of words, an emoji) gives an empty list.
    """
    validate_text(text=text)
    rng = random.Random(seed)
    parsed = parse_sentences(text=text)
    if not parsed:
        raise GenerationError("No sentences found in the text.")
    article = build_article(text=text, parsed=parsed)
    if not any(article.usable):
        raise GenerationError(
            "No complete English sentences found: the generator needs sentences that end with a full stop "
            "and have a verb (it reads English text only)."
        )
    candidates = [
        c
        for c in all_candidates(article=article, rng=rng)
        if failed_gate(candidate=c, article=article) is None
    ]
    chosen = select(candidates=candidates, limit=limit)
    return [_with_review(c.question, soft_concerns(candidate=c)) for c in chosen]


def _with_review(
    question: GeneratedQuestion, review: tuple[str, ...]
) -> GeneratedQuestion:
    return GeneratedQuestion(
        question.kind,
        question.prompt,
        question.choices,
        question.answer,
        question.explanation,
        question.citation,
        question.rule,
        review,
    )

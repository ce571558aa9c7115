"""Question generation: article text in, cited draft questions out.

A pure package (no Django, no I/O) so that it can be tested and benchmarked on its own and called from
a management command, the admin or a script alike. The pipeline is text -> sentences -> facts ->
candidate questions -> hard gates -> ranked, deduplicated set. The same text and seed always give the
same questions, byte for byte: all randomness comes from one `random.Random(seed)`.
"""

from __future__ import annotations

import gc
import math
import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from . import leaks
from .checks import failed_gate, soft_concerns
from .facts import Article, build_article
from .pipeline import DEFAULT_PIPELINE, load_pipeline
from .questions import all_candidates
from .rank import MAX_QUESTIONS, narrowed_citations, select
from .records import (
    KINDS,
    Citation,
    GeneratedChoice,
    GeneratedQuestion,
    GenerationError,
    Sentence,
)
from .sentences import parse_sentences, split_sentences, validate_text

# A teacher needs questions to choose from: below this many per 1,000 characters, questions that give
# another away are added, flagged for review, rather than leaving a short article with too few.
MIN_PER_1000_CHARS = 9

__all__ = [
    "DEFAULT_PIPELINE",
    "KINDS",
    "Citation",
    "GeneratedChoice",
    "GeneratedQuestion",
    "GenerationError",
    "Sentence",
    "generate_questions",
    "read_article",
    "split_sentences",
]


def generate_questions(
    *,
    text: str,
    seed: int = 0,
    limit: int = MAX_QUESTIONS,
    pipeline: str = DEFAULT_PIPELINE,
) -> list[GeneratedQuestion]:
    """Cited questions for a teacher to review, best-covered order by position in the article.

    `pipeline` names the installed spaCy English pipeline to read the text with (loaded once per
    process). Raises GenerationError with a readable message when the text cannot be an article
    (empty, binary, HTML, too long, no English sentences) or the pipeline is not installed.
    """
    with _without_cyclic_gc():
        article = read_article(text=text, pipeline=pipeline)
        rng = random.Random(seed)
        candidates = [
            c
            for c in all_candidates(article=article, rng=rng)
            if failed_gate(candidate=c, article=article) is None
        ]
        at_least = math.ceil(MIN_PER_1000_CHARS * len(text) / 1000)
        try:
            chosen = select(candidates=candidates, limit=limit, at_least=at_least)
            chosen = narrowed_citations(chosen, article=article)
        finally:
            leaks.forget()
        return [_with_review(c.question, soft_concerns(candidate=c)) for c in chosen]


# The cyclic garbage collector is paused while questions are generated: a generation makes
# millions of short-lived objects, so the collector ran some 1,700 times on 100 KB and walked the
# pipeline's and the caches' objects each full time (0.4-0.8 s CPU of about 11), while what it
# found to free was some 60 objects (reference counting frees the rest as it goes). Threads
# generating at once share one pause: the first to start pauses it, the last to end resumes it
# (if it was running), and whatever cycles were made are collected as usual from then on.
_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_was_enabled = False


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    global _gc_pausers, _gc_was_enabled
    with _gc_lock:
        if _gc_pausers == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pausers += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0 and _gc_was_enabled:
                gc.enable()


def read_article(*, text: str, pipeline: str = DEFAULT_PIPELINE) -> Article:
    """The text checked, split and read once: every fact the question rules draw on."""
    validate_text(text=text)
    parsed = parse_sentences(text=text, nlp=load_pipeline(pipeline))
    if not parsed:
        raise GenerationError("No sentences found in the text.")
    article = build_article(text=text, parsed=parsed)
    if not any(article.usable):
        raise GenerationError(
            "No complete English sentences found: the generator needs sentences that end with a full stop "
            "and have a verb (it reads English text only)."
        )
    return article


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

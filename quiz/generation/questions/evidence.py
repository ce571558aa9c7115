""" "Which sentence supports this claim": the claim and whole sentences of the article as options."""

from __future__ import annotations

import random
from collections.abc import Iterator

from ..claims import Claim, citation, short_claim
from ..facts import Article, content_words
from ..records import SINGLE_CHOICE, Candidate
from ..roles import hide_names
from .common import MAX_CHOICE_CHARS, draft, fact_keys, name_shows, ordered_choices


def evidence_questions(
    article: Article, index: int, claim: Claim, rng: random.Random
) -> Iterator[Candidate]:
    """Find the evidence: given a claim, pick the sentence that supports it among others of the article."""
    cite = citation(article, claim.sentences)
    if len(cite.quote) > MAX_CHOICE_CHARS or len(claim.text.split()) < 6:
        return
    stated, _ = hide_names(
        claim.text, [r for i in claim.sentences for r in article.roles[i]]
    )
    short = short_claim(stated)
    if short == stated:
        return
    words = content_words(short)
    scores: dict[int, int] = {}
    for word in sorted(
        set(words), key=lambda w: (len(article.word_sentences.get(w, ())), w)
    )[:6]:
        for other in article.word_sentences.get(word, ())[:40]:
            scores[other] = scores.get(other, 0) + 1
    near = list(range(max(0, index - 6), min(len(article.parsed), index + 7)))
    ranked = sorted(scores, key=lambda i: (-scores[i], abs(i - index), i)) + near
    others: list[str] = []
    for other in ranked:
        text = article.sentence_text(other)
        if (
            other in claim.sentences
            or not article.usable[other]
            or len(text) > MAX_CHOICE_CHARS
            or text in others
        ):
            continue
        if text == cite.quote or len(text.split()) < 6:
            continue
        others.append(text)
        if len(others) == 5:
            break
    if len(others) < 3:
        return
    distractors = rng.sample(others, 3)
    prompt = f"Claim: {short} Which sentence of the article supports it?"
    yield Candidate(
        draft(
            SINGLE_CHOICE,
            prompt,
            ordered_choices([cite.quote], distractors, rng),
            f"This is the sentence that says so: “{cite.quote}”",
            cite,
            "evidence",
        ),
        claim.sentences,
        answer_forms=(cite.quote,),
        distractors=tuple(distractors),
        keys=fact_keys(
            article,
            claim.sentences,
            f"{prompt}\n{cite.quote}",
            extra=(("evidence", index),),
        ),
        score=2.1,
        claim=short,
        # Its claim restates the sentence and its answer shows it whole: a supported claim on
        # the same sentence would be answered by it.
        shows=(
            *name_shows(article, claim.sentences, f"{prompt}\n{cite.quote}"),
            ("supported", index),
        ),
    )

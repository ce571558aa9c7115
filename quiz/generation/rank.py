"""Gated candidates -> the ranked, deduplicated, balanced set a teacher reviews.

Overgenerate, gate, rank (Heilman & Smith): the ranking first gives every fact-stating sentence its
best question, then fills up by score. Siblings (two questions on one fact, or the supported and the
refuted version of one claim) share a key and only one is kept; near-duplicate prompts are found with
rapidfuzz within small buckets, so the cost stays linear. Then true/false claims are balanced and no
kind may exceed half of the set.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from rapidfuzz import fuzz

from .records import TRUE_FALSE, Candidate

MAX_QUESTIONS = 400
PER_SENTENCE = 4
NEAR_DUPLICATE = 92
BUCKET_LIMIT = 40
MIN_TO_BALANCE = 4


def _normal(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _bucket(candidate: Candidate) -> str:
    q = candidate.question
    correct = [c.text for c in q.choices if c.correct] or [q.answer or ""]
    return q.rule.split("_")[0] + "|" + _normal(" ".join(correct))[:60]


def _sort_key(candidate: Candidate) -> tuple[float, int, str, str]:
    q = candidate.question
    return (-candidate.score, candidate.sentences[-1], q.rule, q.prompt)


def _refuted(candidate: Candidate) -> bool:
    return (
        candidate.question.kind == TRUE_FALSE and candidate.question.choices[1].correct
    )


def select(
    *, candidates: list[Candidate], limit: int = MAX_QUESTIONS
) -> list[Candidate]:
    """Pick the set: coverage first, then score; siblings and near-duplicates out; balance kinds."""
    ordered = sorted(candidates, key=_sort_key)
    kept: list[Candidate] = []
    used_keys: set[tuple[object, ...]] = set()
    seen_prompts: set[str] = set()
    buckets: dict[str, list[str]] = defaultdict(list)
    per_sentence: Counter[int] = Counter()
    taken: set[int] = set()

    def take(candidate: Candidate) -> bool:
        prompt = _normal(candidate.question.prompt)
        if (
            id(candidate) in taken
            or used_keys.intersection(candidate.keys)
            or prompt in seen_prompts
        ):
            return False
        if per_sentence[candidate.sentences[-1]] >= PER_SENTENCE:
            return False
        bucket = buckets[_bucket(candidate)]
        if any(
            fuzz.ratio(prompt, other) >= NEAR_DUPLICATE
            for other in bucket[-BUCKET_LIMIT:]
        ):
            return False
        kept.append(candidate)
        taken.add(id(candidate))
        used_keys.update(candidate.keys)
        seen_prompts.add(prompt)
        bucket.append(prompt)
        per_sentence[candidate.sentences[-1]] += 1
        return True

    for candidate in ordered:
        if candidate.sentences[-1] not in per_sentence:
            take(candidate)
    for candidate in ordered:
        take(candidate)
    kept = _balance_claims(kept)
    kept = _cap_kinds(kept)
    kept = sorted(kept, key=_sort_key)[:limit]
    return sorted(
        kept,
        key=lambda c: (
            c.question.citation.start,
            c.question.citation.end,
            c.question.rule,
            c.question.prompt,
        ),
    )


def _drop_order(kept: list[Candidate]) -> list[Candidate]:
    """Weakest first, and those whose sentence another question still covers before the rest."""
    cover = Counter(c.sentences[-1] for c in kept)
    return sorted(
        kept,
        key=lambda c: (
            cover[c.sentences[-1]] == 1,
            c.score,
            -c.sentences[-1],
            c.question.prompt,
        ),
    )


def _balance_claims(kept: list[Candidate]) -> list[Candidate]:
    """Keep refuted claims between a third and two thirds of the true/false set."""
    refuted = [c for c in kept if _refuted(c)]
    supported = [c for c in kept if c.question.kind == TRUE_FALSE and not _refuted(c)]
    if len(refuted) + len(supported) < MIN_TO_BALANCE:
        return kept
    drop: set[int] = set()
    if len(supported) > 2 * len(refuted):
        drop.update(
            id(c) for c in _drop_order(supported)[: len(supported) - 2 * len(refuted)]
        )
    elif len(refuted) > 2 * len(supported):
        drop.update(
            id(c) for c in _drop_order(refuted)[: len(refuted) - 2 * len(supported)]
        )
    return [c for c in kept if id(c) not in drop]


def _cap_kinds(kept: list[Candidate]) -> list[Candidate]:
    """No kind more than half of the set: drop the weakest of the largest kind until it is not."""
    while kept:
        counts = Counter(c.question.kind for c in kept)
        kind, count = counts.most_common(1)[0]
        if count <= len(kept) - count or len(counts) == 1:
            return kept
        weakest = _drop_order([c for c in kept if c.question.kind == kind])[0]
        kept = [c for c in kept if c is not weakest]
    return kept

"""Gated candidates -> the ranked, deduplicated, balanced set a teacher reviews.

Overgenerate, gate, rank (Heilman & Smith): the ranking gives every fact-stating sentence a question
before any gets a second. Siblings (questions that test or show one fact: a value, or one answer of a
sentence) share a key and only one is kept; near-duplicate prompts are found with rapidfuzz within
small buckets, so the cost stays linear. Then true/false claims are balanced and no kind may exceed
half of the set. Which sibling stays is chosen by a few preferences; the set with most kinds, then
most questions, wins.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable

from rapidfuzz import fuzz

from .records import TRUE_FALSE, Candidate

MAX_QUESTIONS = 400
PER_SENTENCE = 4
NEAR_DUPLICATE = 92
BUCKET_LIMIT = 40
MIN_TO_BALANCE = 4
SCORE_MARGIN = 0.8


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


def _category(candidate: Candidate) -> str:
    """What the set is balanced over: the kind, with refuted and supported claims apart."""
    if candidate.question.kind == TRUE_FALSE:
        return "refuted" if _refuted(candidate) else "supported"
    return candidate.question.kind


def _by_category(
    share: dict[str, float],
) -> Callable[[Candidate, Counter[str]], tuple[float, ...]]:
    """Prefer the category least used for its share, then the question that blocks fewest facts."""

    def order(candidate: Candidate, usage: Counter[str]) -> tuple[float, ...]:
        category = _category(candidate)
        return (usage[category] / share[category], len(candidate.keys))

    return order


def _fewest_keys(candidate: Candidate, usage: Counter[str]) -> tuple[float, ...]:
    """Prefer the question that tests or shows the fewest facts, so more of its siblings can stay."""
    return (len(candidate.keys), usage[_category(candidate)])


# Where one fact could give several questions, only one of which may stay, which one stays decides
# how many others can stay and how balanced the set is. Refuted claims and numeric or multiple select
# questions come from fewer facts than single choice (every name and quote gives one), so the first
# preferences put the scarce kinds first; the last one keeps the most questions. The set that keeps
# most kinds, then most questions after balancing wins (the first on a tie).
PREFERENCES = (
    _by_category(
        {
            "refuted": 0.3,
            "supported": 0.2,
            "numeric": 0.12,
            "multiple_select": 0.12,
            "single_choice": 0.1,
        }
    ),
    _by_category(
        {
            "refuted": 0.2,
            "supported": 0.1,
            "numeric": 0.2,
            "multiple_select": 0.2,
            "single_choice": 0.2,
        }
    ),
    _fewest_keys,
)


def select(
    *, candidates: list[Candidate], limit: int = MAX_QUESTIONS
) -> list[Candidate]:
    """Pick the set: siblings and near-duplicates out, claims and kinds balanced; the largest of the
    sets the preferences give."""
    ordered = sorted(candidates, key=_sort_key)
    best: list[Candidate] = []
    for preference in PREFERENCES:
        kept = _cap_kinds(_balance_claims(_pick(ordered, preference)))
        if _variety(kept) > _variety(best):
            best = kept
    best = sorted(best, key=_sort_key)[:limit]
    return sorted(
        best,
        key=lambda c: (
            c.question.citation.start,
            c.question.citation.end,
            c.question.rule,
            c.question.prompt,
        ),
    )


def _variety(kept: list[Candidate]) -> tuple[int, int]:
    """How many kinds, then how many questions: what a teacher gains from a set."""
    return len({c.question.kind for c in kept}), len(kept)


def _pick(
    ordered: list[Candidate],
    preference: Callable[[Candidate, Counter[str]], tuple[float, ...]],
) -> list[Candidate]:
    """Sentence by sentence, in rounds, so that every fact-stating sentence gets a question before any
    gets a second; within a sentence, among the near-best by score, the preferred one first. Each
    sentence's group is bounded, so the cost stays linear."""
    groups: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in ordered:
        groups[candidate.sentences[-1]].append(candidate)
    kept: list[Candidate] = []
    used_keys: set[tuple[object, ...]] = set()
    seen_prompts: set[str] = set()
    buckets: dict[str, list[str]] = defaultdict(list)
    usage: Counter[str] = Counter()

    def take(candidate: Candidate) -> bool:
        prompt = _normal(candidate.question.prompt)
        if used_keys.intersection(candidate.keys) or prompt in seen_prompts:
            return False
        bucket = buckets[_bucket(candidate)]
        if any(
            fuzz.ratio(prompt, other) >= NEAR_DUPLICATE
            for other in bucket[-BUCKET_LIMIT:]
        ):
            return False
        kept.append(candidate)
        used_keys.update(candidate.keys)
        seen_prompts.add(prompt)
        bucket.append(prompt)
        usage[_category(candidate)] += 1
        return True

    for _ in range(PER_SENTENCE):
        progress = False
        for index in sorted(groups):
            group = [c for c in groups[index] if not used_keys.intersection(c.keys)]
            if not group:
                continue
            near_best = group[0].score - SCORE_MARGIN
            order = sorted(
                range(len(group)),
                key=lambda i: (
                    group[i].score < near_best,
                    *preference(group[i], usage),
                    i,
                ),
            )
            groups[index] = group
            for i in order:
                if take(group[i]):
                    groups[index] = group[:i] + group[i + 1 :]
                    progress = True
                    break
            else:
                groups[index] = []
        if not progress:
            break
    return kept


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

"""Gated candidates -> the ranked, deduplicated, balanced set a teacher reviews.

Overgenerate, gate, rank (Heilman & Smith): the ranking gives every fact-stating sentence a question
before any gets a second. Siblings are never both kept: questions that test one fact (a value, a
name a sentence gives, a person's role) share a key, and a question that shows a name or role to the
student (`shows`) is a sibling of one that asks for it. Near-duplicate prompts are found with
rapidfuzz within small buckets. Then true/false claims are balanced and no kind may exceed half of
the set: where a category has too many, one of its questions is swapped for a sibling of a scarcer
category on the same sentence, and questions the balancing freed are added back. Several pickers
(preferences, or the most valuable questions per sentence) are tried; the set with most kinds, then
most questions, wins. All work is per sentence and bounded, so the cost stays linear.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache, partial

from rapidfuzz import fuzz, process

from .checks import failed_gate
from .facts import NUMBER_WORDS, Article
from .leaks import (
    WEEKDAYS,
    LeakGuard,
    LeakPartners,
    ShownAnswers,
    answer_variants,
    answers,
    claim_of,
    count_leaks,
    find,
    has_number,
    is_true_claim,
    occurs,
    question_runs,
    runs_of,
    tokens,
    watched_answers,
)
from .questions.common import RESERVE, held, narrowings
from .questions.details import CALENDAR_DATE_RULE
from .questions.quotes import SPEAKER_SWAPPED
from .records import (
    MULTIPLE_SELECT,
    NUMERIC,
    SINGLE_CHOICE,
    TRUE_FALSE,
    Candidate,
    GeneratedChoice,
    GeneratedQuestion,
)

MAX_QUESTIONS = 400
PER_SENTENCE = 4
NEAR_DUPLICATE = 92
BUCKET_LIMIT = 40
MIN_TO_BALANCE = 4
SCORE_MARGIN = 0.8


# Bounded, so a long-lived process keeps a few MB at most; large enough for a 100 KB article's prompts,
# which every picker's set normalises again on each take and removal.
@lru_cache(maxsize=1 << 13)
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


Preference = Callable[[Candidate, Counter[str], int], tuple[float, ...]]


def _by_category(share: dict[str, float], *, crowd_first: bool = False) -> Preference:
    """Prefer the category least used for its share, then the question that blocks fewest others of
    its sentence (`crowd`), then the one that tests fewest facts; or `crowd_first`."""

    def order(
        candidate: Candidate, usage: Counter[str], crowd: int
    ) -> tuple[float, ...]:
        category = _category(candidate)
        used = usage[category] / share[category]
        if crowd_first:
            return (crowd, used, len(candidate.keys))
        return (used, crowd, len(candidate.keys))

    return order


def _fewest_keys(
    candidate: Candidate, usage: Counter[str], crowd: int
) -> tuple[float, ...]:
    """Prefer the question that blocks fewest others of its sentence, then the one that tests or
    shows the fewest facts, so more of its siblings can stay."""
    return (crowd, len(candidate.keys), usage[_category(candidate)])


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
    _by_category(
        {
            "refuted": 0.2,
            "supported": 0.15,
            "numeric": 0.2,
            "multiple_select": 0.2,
            "single_choice": 0.1,
        },
        crowd_first=True,
    ),
)


def select(
    *, candidates: list[Candidate], limit: int = MAX_QUESTIONS, at_least: int = 0
) -> list[Candidate]:
    """Pick the set: siblings, near-duplicates and questions giving each other away out, claims and
    kinds balanced; the largest of the sets the preferences give. When that set has fewer than
    `at_least` questions, it is topped up with questions that give another away, each flagged."""
    try:
        return _select(candidates, limit, at_least)
    finally:
        _asks_weekday.cache_clear()
        _detail_of.cache_clear()
        _WATCHED.clear()


# The share of the fill's target (9 questions per 1,000 characters) a set may not fall under to
# spare a held view: the floor of 8 per 1,000.
SPARED = 8 / 9


def _select(candidates: list[Candidate], limit: int, at_least: int) -> list[Candidate]:
    reserve = {id(c) for c in candidates if c.score <= RESERVE}
    weighed = _weighed(candidates)
    everything = sorted(weighed, key=_sort_key)
    ordered = [
        w for c, w in zip(candidates, weighed, strict=True) if id(c) not in reserve
    ]
    ordered.sort(key=_sort_key)
    ranks = _detail_ranks(weighed)
    crowd = _crowds(ordered)
    best: list[Candidate] = []
    sets: list[list[Candidate]] = []
    pickers: list[Callable[[list[Candidate]], _Set]] = [
        partial(_pick, preference=p, ranks=ranks, crowd=crowd) for p in PREFERENCES
    ]
    for picker in (*pickers, _pick_by_sentence, _pick_least_entangled):
        # One set goes through every step, each holding what the last one kept.
        chosen = picker(ordered)
        kept = _swap(chosen, chosen.kept, ordered, _too_many_supported)
        kept = _swap(chosen, kept, ordered, _too_many_choices)
        kept = _swap(chosen, kept, ordered, _claims_told_apart, _claim_looks)
        kept = _cap_kinds(_balance_claims(kept))
        kept = _cap_kinds(_balance_claims(_refill(chosen, kept, ordered)))
        kept = _cap_kinds(
            _balance_claims(_ask_main_details(chosen, kept, ordered, ranks))
        )
        sets.append(kept)
        if _variety(kept, ranks, at_least) > _variety(best, ranks, at_least):
            best = kept
    if len(best) < at_least:
        # An article too long to reach its floor (more than `limit`) fills only the best set: the
        # others could not close the gap either, and filling each costs a pass over the text; one
        # filled set needs no weighing (counting its leaks alone costs as much as filling it).
        # A held view (`held`) fills only a set that cannot spare it (short of `SPARED` without)
        # or one that would lose a main detail of its sentence (`_detail_bonus`) without it.
        def filled(among: list[Candidate]) -> list[Candidate]:
            if at_least > limit:
                return _top_up(best, among, at_least, avoid_pairs=False)
            return max(
                (_top_up(kept, among, at_least) for kept in sets),
                key=lambda filled: _variety_when_filled(filled, ranks, at_least),
            )

        spare = [c for c in everything if not held(c) or _detail_bonus(c, ranks)]
        best = filled(spare)
        floor = min(math.ceil(SPARED * at_least), limit)
        if len(best) < floor and len(spare) < len(everything):
            best = filled(everything)
    best = _named(_without_ruled_out_options(sorted(best, key=_sort_key)[:limit]))
    return sorted(
        best,
        key=lambda c: (
            c.question.citation.start,
            c.question.citation.end,
            c.question.rule,
            c.question.prompt,
        ),
    )


# What a question loses for each other sentence of the article that shows its answer: asking for a
# name the article repeats would keep every question that mentions it out of the set.
EXPOSURE_COST = 0.3
MAX_EXPOSURE = 4


def _weighed(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates with their scores lowered by how many other cited sentences show their
    answer, so the selection asks for what the rest of the quiz does not give away."""
    sentences: dict[str, frozenset[tuple[str, ...]]] = {}
    for candidate in candidates:
        quote = candidate.question.citation.quote
        if quote not in sentences:
            sentences[quote] = runs_of(quote)
    shown_in: Counter[tuple[str, ...]] = Counter()
    for runs in sentences.values():
        shown_in.update(runs)
    weighed = []
    for candidate in candidates:
        exposure = max(
            (shown_in[v] - 1 for v in answer_variants(candidate.question)), default=0
        )
        penalty = EXPOSURE_COST * min(max(exposure, 0), MAX_EXPOSURE)
        score = candidate.score - penalty - WEEKDAY_COST * _answers_weekday(candidate)
        weighed.append(replace(candidate, score=score))
    return weighed


# Importance (issue 11): a sentence states its main figure, person or name first ("won 411 of
# the 650 seats", "followed 17,604 adults in 41 countries"), and an article its main facts in its
# first sentences. What asking a sentence's first and second detail of each class is worth;
# people are what most news is about. Within a sentence the most important detail is asked
# first, and of two sets as large the one asking more of what matters wins. A name the sentence
# introduces by its sort ("its Hera mission", "a satellite called LiciaCube") is what the sentence
# is about, nearly as a person is: worth more than a year or a count beside it.
DETAIL_BONUS = {
    "figure": (0.9, 0.4),
    "person": (1.3, 0.6),
    "described": (1.1, 0.4),
    "name": (0.6, 0.2),
}
LEAD_SENTENCES = 2
LEAD_BONUS = 1.5
# "For the first time", "its first cut": an ordinal that rarely is the fact a sentence reports.
MINOR_DETAILS = frozenset({"first", "last"})
# A day of the week is rarely what an article is about: asked only when little else is left.
WEEKDAY_COST = 1.0
# Rules that ask for a person: who did or said it, the name a sentence gives, or a claim that
# gives a deed to another doer.
PERSON_RULES = frozenset(
    {"who_did", "who_said", "person_cloze", "described_person", "claim_refuted_doer"}
)
# The rule that asks for a name of another sort by what the sentence says it is.
DESCRIBED_NAME_RULE = "described_name"

Detail = tuple[str, int]


def _detail(candidate: Candidate) -> Detail | None:
    """What the question asks for, as (its class, where it stands in the article): a figure, a
    person or another name. None for a question that asks no such detail (a supported claim, a
    flipped verb, a purpose, a role, a day of the week)."""
    if not candidate.answer_forms:
        return None
    return _detail_of(
        candidate.question, candidate.answer_forms[0], numeric=candidate.numeric
    )


@lru_cache(maxsize=1 << 16)
def _detail_of(q: GeneratedQuestion, form: str, *, numeric: bool) -> Detail | None:
    """`_detail`, cached for one selection, which asks it of each question many times; `select`
    empties it."""
    if q.kind == TRUE_FALSE and not q.choices[1].correct:
        return None
    if form.lower() in MINOR_DETAILS or _asks_weekday(q):
        return None
    if numeric or any(c.isdigit() for c in form):
        kind = "figure"  # a number, a score, a date with its month
    elif form[:1].isupper():
        kind = (
            "person"
            if q.rule in PERSON_RULES
            else "described"
            if q.rule == DESCRIBED_NAME_RULE
            else "name"
        )
    else:
        return None
    at = q.citation.quote.find(form)
    return None if at < 0 else (kind, q.citation.start + at)


def _detail_ranks(candidates: list[Candidate]) -> dict[Detail, int]:
    """For each sentence and class of detail, the details its questions ask in reading order:
    each detail to its rank there (0 for the sentence's first figure, first person, first name).
    A count written in words comes after the figures written in digits: news writes small counts
    so ("The two winners will share … 11 million Swedish kronor"), and they seldom are the figure
    the sentence reports."""
    details: dict[tuple[int, str], set[Detail]] = defaultdict(set)
    in_words: set[Detail] = set()
    for candidate in candidates:
        detail = _detail(candidate)
        if detail is not None:
            details[candidate.sentences[-1], detail[0]].add(detail)
            if candidate.answer_forms[0].lower() in NUMBER_WORDS:
                in_words.add(detail)
    return {
        detail: rank
        for found in details.values()
        for rank, detail in enumerate(sorted(found, key=lambda d: (d in in_words, d)))
    }


def _detail_bonus(candidate: Candidate, ranks: dict[Detail, int]) -> float:
    """What asking the first (or second) figure, person or name its sentence states is worth."""
    detail = _detail(candidate)
    if detail is None or detail not in ranks:
        return 0.0
    bonuses = DETAIL_BONUS[detail[0]]
    return bonuses[ranks[detail]] if ranks[detail] < len(bonuses) else 0.0


def _importance(candidate: Candidate, ranks: dict[Detail, int]) -> float:
    """What a question is worth for asking what matters: its sentence's main details, and any
    detail of the lead."""
    bonus = _detail_bonus(candidate, ranks)
    if _detail(candidate) and candidate.sentences[-1] < LEAD_SENTENCES:
        bonus += LEAD_BONUS
    return bonus


def _variety(
    kept: list[Candidate], ranks: dict[Detail, int], enough: int
) -> tuple[float, ...]:
    """What a teacher gains from a set: how many kinds, then enough questions, then how much of
    what matters they ask (the main details of sentences, those of the lead), then how many."""
    asked = sum(_importance(c, ranks) for c in kept)
    kinds = len({c.question.kind for c in kept})
    return kinds, min(len(kept), enough), round(asked, 6), len(kept)


def _variety_when_filled(
    filled: list[Candidate], ranks: dict[Detail, int], enough: int
) -> tuple[float, ...]:
    """`_variety` of a set topped up to `enough`, with fewest leaks, then fewest questions flagged
    as giving another away, right after enough questions: two sets that both reach the floor
    differ most to a teacher in how many pairs a reviewer must settle (a fill-in that gives away
    two questions is two). Then the fewer claims "false if it has a number" gets right
    (`_told_by_number`): a short set's fill-ins are often true claims, which a number tells."""
    kinds, count, asked, size = _variety(filled, ranks, enough)
    flagged = sum(map(_flagged, filled))
    return (
        kinds,
        count,
        -_leak_count(filled),
        -flagged,
        -_told_by_number(filled),
        asked,
        size,
    )


def _conflict(a: Candidate, b: Candidate) -> bool:
    return bool(
        set(a.keys).intersection(b.keys)
        or set(a.keys).intersection(b.shows)
        or set(a.shows).intersection(b.keys)
    )


# Rules whose answer is a name: a name asked for twice in one set ("Earth", three times) is a guess
# the second time, and the first question tells which name the set likes.
NAME_RULES = frozenset(
    [
        "person_cloze",
        "organisation_cloze",
        "place_cloze",
        "who_did",
        "which_organisation",
        "described_person",
        "described_name",
    ]
)


def _asked_name(candidate: Candidate) -> str:
    """The name a name question asks for, "" for any other question."""
    if candidate.question.rule not in NAME_RULES:
        return ""
    return next(c.text for c in candidate.question.choices if c.correct)


# The answers a set's leak guard watches, per list of questions it may take: a selection builds
# some forty sets from the same two lists. `select` empties it.
_WATCHED: dict[tuple[int, ...], frozenset[tuple[str, ...]]] = {}


def _watched(among: list[Candidate]) -> frozenset[tuple[str, ...]]:
    key = tuple(id(c) for c in among)
    if key not in _WATCHED:
        _WATCHED[key] = watched_answers([c.question for c in among])
    return _WATCHED[key]


def _answers_weekday(candidate: Candidate) -> bool:
    return _asks_weekday(candidate.question)


@lru_cache(maxsize=1 << 16)
def _asks_weekday(question: GeneratedQuestion) -> bool:
    """The question asks for a day of the week: a choice, or the cited words a false claim changed
    (by the leak rule's reading of a question's answers, which the benchmark counts by too).
    Cached for one selection, which asks it of each question many times; `select` empties it."""
    return any(WEEKDAYS.intersection(answer) for answer in answers(question))


# Questions per article whose answer is a date with its month: its wrong options never stand in
# the article, so a student could pick the only option it writes; a few key dates are worth it.
MAX_CALENDAR_DATES = 2


def _asks_calendar_date(candidate: Candidate) -> bool:
    return candidate.question.rule == CALENDAR_DATE_RULE


def _crowds(ordered: list[Candidate]) -> dict[int, int]:
    """For each question, how many others of its sentence (the first few) it would block."""
    groups: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in ordered:
        groups[candidate.sentences[-1]].append(candidate)
    return {
        id(c): sum(
            _conflict(c, other) for other in group[:BUCKET_LIMIT] if other is not c
        )
        for group in groups.values()
        for c in group
    }


class _Set:
    """The questions kept so far, with what they test, show and say, to tell a sibling, a near
    duplicate or a question that would give one of them away (or be given away) in constant time;
    a question can be taken out again."""

    def __init__(self, among: list[Candidate], *, refuse_leaks: bool = True) -> None:
        """`among`: every question that may be taken (their answers are what a leak can show)."""
        self.refuse_leaks = refuse_leaks
        self.kept: list[Candidate] = []
        self.used_keys: Counter[tuple[object, ...]] = Counter()
        self.used_shows: Counter[tuple[object, ...]] = Counter()
        # Those whose count is not 0, as sets, so that `blocked` tests a candidate's keys in C: the
        # selection asks it some 100,000 times on 100 KB.
        self.live_keys: set[tuple[object, ...]] = set()
        self.live_shows: set[tuple[object, ...]] = set()
        self.seen_prompts: set[str] = set()
        self.buckets: dict[str, list[str]] = defaultdict(list)
        self.usage: Counter[str] = Counter()
        self.weekdays = 0
        self.calendar_dates = 0
        self.leaks = LeakGuard(answers_to_watch=_watched(among))
        # Whether a name question may ask for a name another one asks for (filling a short set),
        # never on a sentence the other cites: its options would show the answer.
        self.repeat_names = False
        self.names: Counter[str] = Counter()
        self.names_at: Counter[tuple[str, int]] = Counter()
        # While a short set is filled (`_fill`, with `avoid_pairs`), a claim and a question of its
        # sentence that give each other away are refused and put by, to come last; a claim that
        # gave way to such a question is not taken again (`_claims_give_way`).
        self.avoid_pairs = False
        self.refuse_pairs = False
        self.put_by: dict[int, Candidate] = {}
        self.gave_way: dict[int, Candidate] = {}
        self.took_place: set[int] = set()  # the questions they gave way to, which stay

    def blocked(self, candidate: Candidate) -> bool:
        """A sibling of a kept question: they test one fact, or one shows what the other asks for.
        A day of the week is asked at most once: it is rarely what an article is about; a date with
        its month at most twice. A question whose prompt or sentence choices show a kept
        question's answer, or whose answer a kept one shows, would let a student answer one by
        reading the other. A name is asked for once."""
        return (
            not self.live_keys.isdisjoint(candidate.keys)
            or not self.live_shows.isdisjoint(candidate.keys)
            or not self.live_keys.isdisjoint(candidate.shows)
            or (self.weekdays > 0 and _answers_weekday(candidate))
            or (
                self.calendar_dates >= MAX_CALENDAR_DATES
                and _asks_calendar_date(candidate)
            )
            or self._repeats_name(candidate)
            or (self.refuse_leaks and self.leaks.leaks_with_kept(candidate.question))
            or self._pairs(candidate)
        )

    def _pairs(self, candidate: Candidate) -> bool:
        """Whether a candidate nothing else keeps out is put by, as it and a kept question of its
        sentence, one a claim, give each other away (`refuse_pairs`), or gave way before."""
        if id(candidate) in self.gave_way:
            return True
        if not self.refuse_pairs or not self.leaks.pairs_with_kept(candidate.question):
            return False
        self.put_by[id(candidate)] = candidate
        return True

    def _repeats_name(self, candidate: Candidate) -> bool:
        name = _asked_name(candidate)
        if not name or not self.names[name]:
            return False
        return not self.repeat_names or any(
            self.names_at[name, s] for s in candidate.sentences
        )

    def take(self, candidate: Candidate) -> bool:
        prompt = _normal(candidate.question.prompt)
        if self.blocked(candidate) or prompt in self.seen_prompts:
            return False
        bucket = self.buckets[_bucket(candidate)]
        if _near_duplicate(prompt, bucket):
            return False
        self.kept.append(candidate)
        _count(self.used_keys, self.live_keys, candidate.keys, 1)
        _count(self.used_shows, self.live_shows, candidate.shows, 1)
        self.weekdays += _answers_weekday(candidate)
        self.calendar_dates += _asks_calendar_date(candidate)
        self.leaks.add(candidate.question)
        if name := _asked_name(candidate):
            self.names[name] += 1
            self.names_at.update((name, s) for s in candidate.sentences)
        self.seen_prompts.add(prompt)
        bucket.append(prompt)
        self.usage[_category(candidate)] += 1
        if candidate.question.kind == TRUE_FALSE:
            self.usage[_claim_looks(candidate)] += 1
        return True

    def settle(self, kept: list[Candidate]) -> None:
        """Hold `kept` (the set holds them all) as a new set taking them best first would: the rest
        taken out, then, best first, each such a set would refuse as a near duplicate of a prompt
        before it (only a bucket's last prompts are compared, so the order counts). Nothing else
        would refuse one: the rest of `blocked` holds for two questions whichever came first, and
        these were held together. Taking them all again was a fifth of the selection's takes."""
        keep = {id(c) for c in kept}
        for candidate in [c for c in self.kept if id(c) not in keep]:
            self.remove(candidate)
        held = sorted(self.kept, key=_sort_key)
        self.kept, self.buckets = [], defaultdict(list)
        for candidate in held:
            prompt = _normal(candidate.question.prompt)
            bucket = self.buckets[_bucket(candidate)]
            self.kept.append(candidate)
            if _near_duplicate(prompt, bucket):
                self.remove(candidate)
            else:
                bucket.append(prompt)

    def remove(self, candidate: Candidate) -> None:
        prompt = _normal(candidate.question.prompt)
        self.kept = [c for c in self.kept if c is not candidate]
        _count(self.used_keys, self.live_keys, candidate.keys, -1)
        _count(self.used_shows, self.live_shows, candidate.shows, -1)
        self.weekdays -= _answers_weekday(candidate)
        self.calendar_dates -= _asks_calendar_date(candidate)
        self.leaks.remove(candidate.question)
        if name := _asked_name(candidate):
            self.names[name] -= 1
            self.names_at.subtract((name, s) for s in candidate.sentences)
        self.seen_prompts.discard(prompt)
        bucket = self.buckets[_bucket(candidate)]
        if prompt in bucket:
            bucket.remove(prompt)
        self.usage[_category(candidate)] -= 1
        if candidate.question.kind == TRUE_FALSE:
            self.usage[_claim_looks(candidate)] -= 1


def _near_duplicate(prompt: str, bucket: list[str]) -> bool:
    """Whether one of the bucket's last prompts is a near duplicate: one call for them all (the
    selection asks it some 50,000 times on 100 KB), which stops at the first whose ratio reaches
    NEAR_DUPLICATE."""
    return (
        process.extractOne(
            prompt,
            bucket[-BUCKET_LIMIT:],
            scorer=fuzz.ratio,
            score_cutoff=NEAR_DUPLICATE,
        )
        is not None
    )


def _count(
    counts: Counter[tuple[object, ...]],
    live: set[tuple[object, ...]],
    items: tuple[tuple[object, ...], ...],
    step: int,
) -> None:
    """Each item counted `step` more times; `live` kept to the items whose count is not 0."""
    for item in items:
        counts[item] += step
        if counts[item]:
            live.add(item)
        else:
            live.discard(item)


def _pick(
    ordered: list[Candidate],
    *,
    preference: Preference,
    ranks: dict[Detail, int],
    crowd: dict[int, int],
) -> _Set:
    """Sentence by sentence, in rounds, so that every fact-stating sentence gets a question before any
    gets a second; within a sentence, among the near-best by score, the one asking the sentence's
    main detail, then the preferred one first (`crowd`: `_crowds`, the same for every preference).
    Each sentence's group is bounded, so the cost stays linear."""
    groups: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in ordered:
        groups[candidate.sentences[-1]].append(candidate)
    chosen = _Set(ordered)
    for _ in range(PER_SENTENCE):
        progress = False
        for index in sorted(groups):
            group = [c for c in groups[index] if not chosen.blocked(c)]
            if not group:
                continue
            near_best = group[0].score - SCORE_MARGIN
            order = sorted(
                range(len(group)),
                key=lambda i: (
                    group[i].score < near_best,
                    -_detail_bonus(group[i], ranks),
                    *preference(group[i], chosen.usage, crowd[id(group[i])]),
                    i,
                ),
            )
            groups[index] = group
            for i in order:
                if chosen.take(group[i]):
                    groups[index] = group[:i] + group[i + 1 :]
                    progress = True
                    break
            else:
                groups[index] = []
        if not progress:
            break
    return chosen


# What a question of each category is worth when several of one sentence could stay: the scarce
# categories (refuted claims, numbers, lists) above single choice, which every name gives.
WEIGHTS = {
    "refuted": 1.4,
    "numeric": 1.3,
    "multiple_select": 1.5,
    "supported": 1.0,
    "single_choice": 0.9,
}
BLOCK_COST = 0.6


def _worth(candidate: Candidate, group: list[Candidate]) -> tuple[float, float]:
    blocks = sum(_conflict(candidate, o) for o in group if o is not candidate)
    return (WEIGHTS[_category(candidate)] - BLOCK_COST * blocks, candidate.score)


# What may give way to a sentence's main detail: not a claim (claims are balanced apart) nor a
# multiple select (lists are few).
REPLACEABLE = frozenset({SINGLE_CHOICE, NUMERIC})


def _ask_main_details(
    chosen: _Set,
    kept: list[Candidate],
    ordered: list[Candidate],
    ranks: dict[Detail, int],
) -> list[Candidate]:
    """Each sentence's main detail (and every detail of the lead) that no kept question asks,
    asked: added when nothing keeps it out; or in place of a single-choice or number question of
    its sentence that keeps it out, which is then asked again in another view that does not (its
    clause cut short of the other figures), or dropped if it asks something less important.
    Claims and lists are never replaced (they are balanced apart). The lead's details first, then
    the rest in reading order. Each detail is tried against its sentence's few questions, so the
    cost stays linear. `chosen` holds `kept` (and maybe more) and is settled to it."""
    chosen.settle(kept)
    views: dict[Detail, list[Candidate]] = defaultdict(list)
    for candidate in ordered:
        detail = _detail(candidate)
        if detail and candidate.question.kind != TRUE_FALSE:
            views[detail].append(candidate)
    wanted = [
        d
        for d, found in views.items()
        if d in ranks and (ranks[d] == 0 or found[0].sentences[-1] < LEAD_SENTENCES)
    ]
    asked = {_detail(c) for c in chosen.kept}
    for detail in sorted(
        wanted, key=lambda d: (views[d][0].sentences[-1] >= LEAD_SENTENCES, d[1])
    ):
        if detail in asked:
            continue
        if _take_any(chosen, views[detail]):
            asked.add(detail)
            continue
        sentence = views[detail][0].sentences[-1]
        worth = _detail_bonus(views[detail][0], ranks)
        replaceable = [
            c
            for c in chosen.kept
            if c.sentences[-1] == sentence and c.question.kind in REPLACEABLE
        ]
        for out in _drop_order(replaceable):
            chosen.remove(out)
            again = views.get(_detail(out) or ("", -1), [])
            if _take_both(chosen, views[detail], again) or (
                _detail_bonus(out, ranks) < worth and _take_any(chosen, views[detail])
            ):
                asked.add(detail)
                break
            chosen.take(out)
        else:
            lesser = [c for c in replaceable if _detail_bonus(c, ranks) < worth]
            if _in_place_of_all(chosen, views[detail], lesser, views) or (
                sentence < LEAD_SENTENCES
                and _in_place_of_blockers(chosen, views[detail], ranks, views)
            ):
                asked.add(detail)
    return chosen.kept


# Views of a main detail tried against the questions that keep it out wherever they stand, and
# how many such questions may give way to it.
BLOCKER_VIEWS = 4
MAX_BLOCKERS = 2


def _in_place_of_blockers(
    chosen: _Set,
    wanted: list[Candidate],
    ranks: dict[Detail, int],
    views: dict[Detail, list[Candidate]],
) -> bool:
    """Whether the wanted detail (one of the lead's: looking through the whole set costs too much
    to do for every sentence) is taken in place of the few kept questions, of any sentence, that
    keep its least entangled view out (a sibling, a stem showing its answer or whose answer its
    stem shows), when each is a single-choice or number question that asks something less
    important: "Leicester became champions for the first time in their ____-year history" is
    kept out by "for the ____ time" there and by another sentence's "for the ____ time", both
    answered "first", which the stem shows. Each is then asked again in a view that does not keep
    it out, if it has one. Taken back as they were if the detail still does not fit."""
    worth = _importance(wanted[0], ranks)
    best: tuple[tuple[int, float], Candidate, list[Candidate]] | None = None
    for view in wanted[:BLOCKER_VIEWS]:
        blockers = [
            k
            for k in chosen.kept
            if _conflict(view, k) or count_leaks(view.question, [k.question])
        ]
        if (
            not blockers
            or len(blockers) > MAX_BLOCKERS
            or any(
                not (k.question.kind in REPLACEABLE or _changes_minor_detail(k))
                or _importance(k, ranks) >= worth
                for k in blockers
            )
        ):
            continue
        cost = (len(blockers), sum(_importance(k, ranks) for k in blockers))
        if best is None or cost < best[0]:
            best = (cost, view, blockers)
    if best is None:
        return False
    _, view, blockers = best
    for out in blockers:
        chosen.remove(out)
    if chosen.take(view):
        for out in blockers:
            _take_any(chosen, [out, *views.get(_detail(out) or ("", -1), [])])
        return True
    for out in blockers:
        chosen.take(out)
    return False


def _in_place_of_all(
    chosen: _Set,
    wanted: list[Candidate],
    lesser: list[Candidate],
    views: dict[Detail, list[Candidate]],
) -> bool:
    """Whether the wanted detail is taken in place of all of its sentence's questions that ask
    something less important, where no one of them alone keeps it out ("The ____ winners …" and
    "… about $____ million" both show the prize money "11 million Swedish kronor" that their
    sentence reports); each is then asked again in a view that does not keep it out, if it has
    one. Taken back as they were if the detail still does not fit."""
    if len(lesser) < 2:
        return False
    for out in lesser:
        chosen.remove(out)
    if _take_any(chosen, wanted):
        for out in lesser:
            _take_any(chosen, [out, *views.get(_detail(out) or ("", -1), [])])
        return True
    for out in lesser:
        chosen.take(out)
    return False


def _changes_minor_detail(candidate: Candidate) -> bool:
    """A false claim that only changes an ordinal rarely the fact ("for the second time" for
    "first"): claims are balanced apart, but this one asks less than a sentence's main detail."""
    if candidate.question.kind != TRUE_FALSE or not _refuted(candidate):
        return False
    changed = answers(candidate.question)
    return bool(changed) and all(set(answer) <= MINOR_DETAILS for answer in changed)


def _take_both(chosen: _Set, first: list[Candidate], second: list[Candidate]) -> bool:
    """Whether some view of one detail and some view of another can both be taken (taken if so);
    each detail has a few views, so the work is bounded."""
    for candidate in first[:BUCKET_LIMIT]:
        if chosen.take(candidate):
            if _take_any(chosen, second):
                return True
            chosen.remove(candidate)
    return False


def _take_any(chosen: _Set, candidates: list[Candidate]) -> Candidate | None:
    """The first of these questions the set takes (the best view of one detail), if any."""
    return next((c for c in candidates[:BUCKET_LIMIT] if chosen.take(c)), None)


def _pick_by_sentence(ordered: list[Candidate]) -> _Set:
    """Sentence by sentence, the questions that together are worth most: each time the one whose
    worth, less what it blocks among the sentence's other questions, is highest. The work per
    sentence is bounded by its (capped) number of questions, so the cost stays linear."""
    groups: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in ordered:
        if len(groups[candidate.sentences[-1]]) < BUCKET_LIMIT:
            groups[candidate.sentences[-1]].append(candidate)
    chosen = _Set(ordered)
    for index in sorted(groups):
        group = [c for c in groups[index] if not chosen.blocked(c)]
        taken = 0
        while group and taken < PER_SENTENCE:
            best = max(group, key=lambda c: _worth(c, group))
            group = [c for c in group if c is not best]
            if chosen.take(best):
                taken += 1
                group = [c for c in group if not chosen.blocked(c)]
    return chosen


def _pick_least_entangled(ordered: list[Candidate]) -> _Set:
    """The questions that give away, or are given away by, fewest others first, then by score: a
    question asking for a name most sentences mention would keep all their questions out."""
    texts: Counter[tuple[str, ...]] = Counter()
    shown: Counter[tuple[str, ...]] = Counter()
    keys: Counter[tuple[object, ...]] = Counter()
    for candidate in ordered:
        shown.update(set(answer_variants(candidate.question)))
        keys.update(set(candidate.keys))
    # Only the runs of a question's texts that are some question's answer count, so only those are
    # counted and looked up: a question has hundreds of runs, the article few answers.
    answer_runs = frozenset(shown)
    for candidate in ordered:
        texts.update(question_runs(candidate.question) & answer_runs)

    def entangled(candidate: Candidate) -> int:
        q = candidate.question
        return (
            sum(texts[v] for v in set(answer_variants(q)))
            + sum(shown[r] for r in question_runs(q) & answer_runs)
            + sum(keys[k] - 1 for k in set(candidate.keys))
        )

    chosen = _Set(ordered)
    for candidate in sorted(ordered, key=lambda c: (entangled(c), _sort_key(c))):
        chosen.take(candidate)
    return chosen


def _swap(
    chosen: _Set,
    kept: list[Candidate],
    ordered: list[Candidate],
    surplus: Callable[[Counter[str]], tuple[str, set[str]] | None],
    category: Callable[[Candidate], str] = _category,
) -> list[Candidate]:
    """While one category has too many questions for the balance (`surplus` names it and the
    categories that may replace it), replace one of them, weakest first, by a question of such a
    category on the same sentence that is no sibling of the rest. Each sentence's alternatives are
    few, so the cost stays linear. `chosen` holds `kept` (and maybe more) and is settled to it."""
    chosen.settle(kept)
    alternatives: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in ordered:
        if len(alternatives[candidate.sentences[-1]]) < BUCKET_LIMIT:
            alternatives[candidate.sentences[-1]].append(candidate)
    looks: dict[int, str] = {}

    def category_of(candidate: Candidate) -> str:
        if id(candidate) not in looks:
            looks[id(candidate)] = category(candidate)
        return looks[id(candidate)]

    usage = Counter(category_of(c) for c in chosen.kept)
    # The weakest first, per category, ordered once: the work stays linear in the set's size.
    queues: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in reversed(_drop_order(chosen.kept)):
        queues[category_of(candidate)].append(candidate)
    while (need := surplus(usage)) is not None:
        surplus_category, wanted = need
        queue = queues[surplus_category]
        if not queue:
            break
        out = queue.pop()
        chosen.remove(out)
        usage[surplus_category] -= 1
        for other in alternatives[out.sentences[-1]]:
            if category_of(other) in wanted and chosen.take(other):
                usage[category_of(other)] += 1
                break
        else:
            chosen.take(out)
            usage[surplus_category] += 1
    return chosen.kept


def _too_many_supported(usage: Counter[str]) -> tuple[str, set[str]] | None:
    if usage["supported"] <= 2 * usage["refuted"]:
        return None
    return "supported", {"refuted", "numeric", "multiple_select"}


# The share of true/false claims a rule that never reads the article may get right: "false if it
# has a number", "true if it stands word for word in the article".
GUESSABLE = 0.6
# The share "false if it has a number" may get right while a short set is filled: as with true and
# false claims (a third to two thirds, a quarter to three quarters when filling), a filled set may
# stray a little; held to `GUESSABLE`, the seed fell short of its floor (28 questions).
FILLED_GUESSABLE = 0.75


def _claim_looks(candidate: Candidate) -> str:
    """What a student can see of a claim without reading: true or false, with a number or not,
    copied from the article or not ("F num", "T plain copied"); other questions: their category."""
    q = candidate.question
    if q.kind != TRUE_FALSE:
        return _category(candidate)
    truth = "F" if _refuted(candidate) else "T"
    number = "num" if has_number(q.prompt) else "plain"
    copied = " copied" if candidate.score <= RESERVE else ""
    return f"{truth} {number}{copied}"


def _claims_told_apart(usage: Counter[str]) -> tuple[str, set[str]] | None:
    """When "false if it has a number" or "true if copied" would get too many claims right, the
    claim that feeds it most is to be replaced, on its sentence, by one that feeds neither."""
    claims = {k: v for k, v in usage.items() if k[0] in "TF" and k[1] == " "}
    total = sum(claims.values())
    if total < MIN_TO_BALANCE:
        return None
    f_num = usage["F num"]
    t_plain = usage["T plain"] + usage["T plain copied"]
    copied = usage["T plain copied"] + usage["T num copied"]
    falses = usage["F num"] + usage["F plain"]
    by_number = f_num + t_plain > GUESSABLE * total
    by_copy = falses + copied > GUESSABLE * total
    if not (by_number or by_copy):
        return None
    if usage["T plain copied"]:
        return "T plain copied", {"T num", "F plain"}
    if by_number and f_num >= t_plain:
        return "F num", {"T num", "F plain"}
    if by_number:
        return "T plain", {"T num", "F plain"}
    return "F num", {"T num"}


def _too_many_choices(usage: Counter[str]) -> tuple[str, set[str]] | None:
    if 2 * usage["single_choice"] <= sum(usage.values()):
        return None
    wanted = {"refuted", "numeric", "multiple_select"}
    if usage["supported"] + 1 <= 2 * usage["refuted"]:
        wanted.add("supported")
    return "single_choice", wanted


def _refill(
    chosen: _Set, kept: list[Candidate], ordered: list[Candidate]
) -> list[Candidate]:
    """After balancing dropped some questions, their siblings may stay: add those that are neither
    siblings of a kept question nor of the kind that is already half of the set. `chosen` holds
    `kept` (and maybe more) and is settled to it."""
    chosen.settle(kept)
    kinds = Counter(c.question.kind for c in chosen.kept)
    for candidate in ordered:
        kind = candidate.question.kind
        if 2 * (kinds[kind] + 1) > len(chosen.kept) + 1:
            continue
        if chosen.take(candidate):
            kinds[kind] += 1
    return chosen.kept


GIVES_AWAY = (
    "Gives away, or is given away by, another question of this set (its stem shows the other's "
    "answer): keep one of them, or reword one."
)


REPEATS_NAME = (
    "Asks for the same name as another question of this set: a student may guess it from the "
    "other; keep one of them."
)


def _top_up(
    kept: list[Candidate],
    ordered: list[Candidate],
    at_least: int,
    *,
    avoid_pairs: bool = True,
) -> list[Candidate]:
    """Add the best questions that are no siblings of the set, though they give one of its questions
    away, until it has `at_least`; each says so for the reviewer. A short article with few facts
    would otherwise give too few questions to choose from. When none fits, a question that keeps
    others of its sentences out gives way to them if the set then grows (`_give_way`), and the set
    is filled again. The set is filled twice, taking the fill-ins by rank and taking first those
    that leak with fewest of the set (`_partners`); the larger, then the one with fewer leaks,
    is kept: neither order leaks less on every article. In each, a question that leaks is then
    traded for a view of it that leaks less (`_trade_for_views`). With `avoid_pairs`, a claim and a
    question of its sentence that give each other away come last (`_fill`)."""
    views = _views_by_ask(ordered)
    fill = partial(_topped, kept, ordered, at_least, views, avoid_pairs=avoid_pairs)
    by_rank = fill(by_partners=False)
    by_partners = fill(by_partners=True)
    if len(by_rank) != len(by_partners):
        return max(by_rank, by_partners, key=len)
    return min(by_rank, by_partners, key=_leak_count)


def _flagged(candidate: Candidate) -> bool:
    """Whether a fill-in is flagged for the reviewer (it gives another away or repeats a name)."""
    review = candidate.question.review
    return GIVES_AWAY in review or REPEATS_NAME in review


def _leak_count(filled: list[Candidate]) -> int:
    """How many pairs of a set's questions give one another away: a reviewer settles each. Only a
    flagged fill-in can be one of a pair, so only those are asked for their partners (each pair of
    two flagged ones once), from an index of the set: the set may hold hundreds of each."""
    index = LeakPartners(answers_to_watch=watched_answers([c.question for c in filled]))
    for candidate in filled:
        index.add(candidate.question)
    flagged = {at for at, candidate in enumerate(filled) if _flagged(candidate)}
    return sum(
        1
        for at in sorted(flagged)
        for other in index.partners(filled[at].question)
        if other < at or (other > at and other not in flagged)
    )


def _topped(
    kept: list[Candidate],
    ordered: list[Candidate],
    at_least: int,
    views: dict[_Ask, list[Candidate]],
    *,
    by_partners: bool,
    avoid_pairs: bool,
) -> list[Candidate]:
    chosen = _Set(ordered, refuse_leaks=False)
    chosen.avoid_pairs = avoid_pairs
    for candidate in sorted(kept, key=_sort_key):
        chosen.take(candidate)
    notes: dict[int, tuple[str, ...]] = {}
    _fill(chosen, ordered, at_least, notes, by_partners=by_partners)
    while len(chosen.kept) < at_least and _give_way(chosen, ordered, at_least):
        _fill(chosen, ordered, at_least, notes, by_partners=by_partners)
    _claims_return(chosen, at_least, notes)
    _trade_for_views(chosen, views, notes)
    _trade_for_sentence_mates(chosen, ordered, notes)
    return [
        replace(
            c,
            question=replace(c.question, review=(*c.question.review, *notes[id(c)])),
        )
        if id(c) in notes
        else c
        for c in chosen.kept
    ]


# What a question asks, told apart from how it shows it: its rule, its sentences and its right
# answer. Questions asking the same are views of one another ("Who said the closure was needed to
# protect walkers?" and "Who said the closure was needed?"; a figure in its sentence or its clause).
_Ask = tuple[str, int, int, str, tuple[str, ...]]


def _ask(candidate: Candidate) -> _Ask:
    q = candidate.question
    right = tuple(c.text for c in q.choices if c.correct)
    return (q.rule, q.citation.start, q.citation.end, q.answer or "", right)


def _views_by_ask(ordered: list[Candidate]) -> dict[_Ask, list[Candidate]]:
    """The questions that are no claim, by what they ask: a claim is its own words, and another
    claim of its sentence says something else; but claims that a quote was said by another person
    than its speaker say one false thing, whoever they name."""
    views: dict[_Ask, list[Candidate]] = defaultdict(list)
    for candidate in ordered:
        q = candidate.question
        if q.kind != TRUE_FALSE or q.rule == SPEAKER_SWAPPED:
            views[_ask(candidate)].append(candidate)
    return views


def _trade_for_views(
    chosen: _Set, views: dict[_Ask, list[Candidate]], notes: dict[int, tuple[str, ...]]
) -> None:
    """Each question of a filled set that gives another away, or is given away, traded for the view
    of it (the same ask, a sibling) that leaks with fewest of the set, when that is fewer: the
    whole "Who said … to counter changing tactics?" beside a question asking for that purpose
    becomes "Who said … was needed?". Then a fill-in that no longer leaks with any question loses
    its flag. Only a flagged fill-in leaks, so pairs are counted among the flagged fill-ins and the
    questions they leak with (`involved`); a view must give none of the rest away, which one leak
    guard of the rest tells at once."""
    flagged = {id(c) for c in chosen.kept if GIVES_AWAY in notes.get(id(c), ())}
    if not flagged:
        return
    of_flagged = LeakGuard()
    for candidate in chosen.kept:
        if id(candidate) in flagged:
            of_flagged.add(candidate.question)
    involved = [
        c
        for c in chosen.kept
        if id(c) in flagged or of_flagged.leaks_with_kept(c.question)
    ]
    rest: LeakGuard | None = None
    # Which of `involved` a question leaks with, read from an index of them (built again after a
    # trade): counted pair by pair against all the others, this was quadratic in their number.
    watch = watched_answers(
        [c.question for c in involved]
        + [view.question for found in views.values() for view in found]
    )
    index: LeakPartners | None = None
    for at, candidate in enumerate(list(involved)):
        alternatives = [
            view
            for view in views.get(_ask(candidate), ())
            if view is not candidate and set(view.keys) & set(candidate.keys)
        ]
        if not alternatives:
            continue
        if rest is None:
            rest = LeakGuard()
            read = {id(c) for c in involved}
            for kept in chosen.kept:
                if id(kept) not in read:
                    rest.add(kept.question)
        if index is None:
            index = LeakPartners(answers_to_watch=watch)
            for other in involved:
                index.add(other.question)
        fewest = len(index.partners(candidate.question) - {at})
        trade = None
        for view in alternatives:
            if rest.leaks_with_kept(view.question):
                continue
            count = len(index.partners(view.question) - {at})
            if count < fewest:
                trade, fewest = view, count
        if trade is None:
            continue
        # Taken as the fill-ins were, though it may still give one away (fewer than before).
        chosen.refuse_leaks = False
        chosen.repeat_names = True
        chosen.remove(candidate)
        if chosen.take(trade):
            notes[id(trade)] = notes.pop(id(candidate), ())
            involved[at] = trade
            index = None
        else:
            chosen.take(candidate)
    for candidate in chosen.kept:
        flags = notes.get(id(candidate), ())
        if GIVES_AWAY in flags and not _leaks_with_rest(candidate, chosen):
            notes[id(candidate)] = tuple(f for f in flags if f != GIVES_AWAY)


def _trade_for_sentence_mates(
    chosen: _Set, ordered: list[Candidate], notes: dict[int, tuple[str, ...]]
) -> None:
    """Each fill-in that still gives another away after `_trade_for_views`, traded for the best
    question of another rule on one of its sentences that the set takes without any leak or pair
    (one kept in reserve too): the false claim "The win also means that the Chelsea will play in
    the Champions League …" beside "Which club …?" (Chelsea) gives way to the true claim of its
    sentence, which names no club asked. When nothing on its sentences fits, the one question it
    leaks with gives way so, if no fill-in itself: the false claim "The Johns Hopkins Applied
    Physics Laboratory said on Tuesday that its … Dart …" beside a fill-in that shows "Nasa" becomes
    the false claim of its sentence on "the fourth time". The set's size is unchanged; a fill-in
    neither trade mends stays, flagged."""
    leaking = [
        c
        for c in chosen.kept
        if GIVES_AWAY in notes.get(id(c), ()) and _leaks_with_rest(c, chosen)
    ]
    if not leaking:
        return
    by_sentence: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in ordered:
        for sentence in candidate.sentences:
            by_sentence[sentence].append(candidate)
    kept = {id(c) for c in chosen.kept}
    out: set[int] = set()

    def traded(question: Candidate) -> Candidate | None:
        """`question` out and the best clean question of another rule on its sentences in (the
        set's kinds and truths kept in balance, `_fits`), or None (and `question` back in)."""
        mates = sorted(
            {
                id(c): c
                for sentence in question.sentences
                for c in by_sentence[sentence]
                if id(c) not in kept
                and id(c) not in out
                and c.question.rule != question.question.rule
            }.values(),
            key=_sort_key,
        )
        if not mates:
            return None
        state = chosen.refuse_leaks, chosen.repeat_names, chosen.refuse_pairs
        chosen.refuse_leaks, chosen.repeat_names, chosen.refuse_pairs = (
            True,
            False,
            True,
        )
        chosen.remove(question)
        trade = next((mate for mate in mates if _trades_in(mate, chosen)), None)
        # Put back as the fill took it, leak and all, when no question of its sentences fits.
        chosen.refuse_leaks, chosen.repeat_names, chosen.refuse_pairs = state
        if trade is None:
            chosen.take(question)
        else:
            kept.add(id(trade))
            kept.discard(id(question))
            out.add(id(question))
        return trade

    read = list(chosen.kept)
    index: LeakPartners | None = None
    for candidate in leaking:
        if traded(candidate):
            del notes[id(candidate)]
            continue
        # Else the question it leaks with gives way, when that is its only partner.
        if index is None:
            # Built once: a trade only brings in a question that leaks with none of the set, so
            # the index errs only on questions traded out, which are no longer kept.
            index = LeakPartners(
                answers_to_watch=watched_answers([c.question for c in read])
            )
            for c in read:
                index.add(c.question)
        partners = [
            read[k]
            for k in index.partners(candidate.question)
            if read[k] is not candidate and id(read[k]) in kept
        ]
        if len(partners) == 1 and id(partners[0]) not in notes and traded(partners[0]):
            notes[id(candidate)] = tuple(
                f for f in notes[id(candidate)] if f != GIVES_AWAY
            )


def _trades_in(mate: Candidate, chosen: _Set) -> bool:
    """Whether the set takes `mate` in the place of a question just taken out, its kinds and its
    claims' truths still in balance: a claim given up for another kind of question must leave
    neither truth more than three times the other (`_unbalances`, as a fill keeps them)."""
    if not _fits(mate, chosen) or not chosen.take(mate):
        return False
    supported, refuted = chosen.usage["supported"], chosen.usage["refuted"]
    if supported > 3 * refuted or refuted > 3 * supported:
        chosen.remove(mate)
        return False
    return True


def _leaks_with_rest(candidate: Candidate, chosen: _Set) -> bool:
    """Whether a kept question leaks with any other of the set (the set's own guard, without it)."""
    chosen.leaks.remove(candidate.question)
    leaking = chosen.leaks.leaks_with_kept(candidate.question)
    chosen.leaks.add(candidate.question)
    return leaking


def _fits(candidate: Candidate, chosen: _Set) -> bool:
    """Whether the set may take one more question of its kind (no kind over half of it) and, for a
    claim, of its truth. The set counts its categories as it goes, so this takes constant time."""
    usage = chosen.usage
    if candidate.question.kind == TRUE_FALSE:
        same = usage["supported"] + usage["refuted"]
    else:
        same = usage[candidate.question.kind]
    return 2 * (same + 1) <= len(chosen.kept) + 1 and not _unbalances(
        candidate, chosen.usage
    )


def _fill(
    chosen: _Set,
    ordered: list[Candidate],
    at_least: int,
    notes: dict[int, tuple[str, ...]],
    *,
    by_partners: bool,
) -> None:
    """Questions that give none away first (those held in reserve), then those that do or that
    ask for a name another question asks for, each noted for the reviewer: by rank, or (with
    `by_partners`) of the best few, first the one that leaks with fewest kept questions. A claim
    and a question of its sentence that give each other away are put by in both and come last,
    read once in rank order: first each such question takes the place of the one kept claim it
    pairs with (`_claims_give_way`), then those still fitting are taken as before. Nothing taken
    out is taken in again, so the fill stays a bounded number of passes."""
    chosen.put_by.clear()
    _fill_steps(chosen, ordered, at_least, notes, by_partners=by_partners)
    chosen.refuse_pairs = False
    if len(chosen.kept) >= at_least or not chosen.put_by:
        return
    put_by = sorted(chosen.put_by.values(), key=_sort_key)
    _claims_give_way(chosen, put_by, notes)
    _take_flagged(chosen, put_by, at_least, notes)


def _take_flagged(
    chosen: _Set,
    candidates: list[Candidate],
    at_least: int,
    notes: dict[int, tuple[str, ...]],
) -> None:
    """Candidates taken in order, each with its reviewer's flags, until the set holds `at_least`."""
    for candidate in candidates:
        if len(chosen.kept) >= at_least:
            return
        if _fits(candidate, chosen):
            flags = _fill_flags(candidate, chosen)
            if chosen.take(candidate):
                notes[id(candidate)] = flags


def _claims_return(
    chosen: _Set, at_least: int, notes: dict[int, tuple[str, ...]]
) -> None:
    """A set still short of `at_least` once filled takes back the claims that gave way, each
    flagged, once and in the order they left: a pair a reviewer settles is better than a set below
    its floor."""
    returning = list(chosen.gave_way.values())
    chosen.gave_way.clear()
    chosen.refuse_leaks, chosen.repeat_names = False, True
    _take_flagged(chosen, returning, at_least, notes)


def _claims_give_way(
    chosen: _Set, put_by: list[Candidate], notes: dict[int, tuple[str, ...]]
) -> None:
    """Each question put by that is no claim taken in place of the kept claim it pairs with, if it
    can (`_claim_gives_way`)."""
    for candidate in put_by:
        if candidate.question.kind != TRUE_FALSE and candidate not in chosen.kept:
            _claim_gives_way(chosen, candidate, notes)


def _claim_gives_way(
    chosen: _Set, candidate: Candidate, notes: dict[int, tuple[str, ...]]
) -> bool:
    """A question that is no claim, kept out only because it and one kept claim of its sentence
    give each other away, taken in that claim's place when it then gives none of the set away:
    graders keep "Who replied that the foreman had done his duty?" and drop "The President
    replied that the foreman had done his duty …". The set's size is unchanged; the claim is not
    taken again. Whether it was."""
    paired = chosen.leaks.pairs_with_kept(candidate.question)
    if len(paired) != 1:
        return False
    claim = next(c for c in chosen.kept if c.question is paired[0])
    refuse_leaks, repeat_names = chosen.refuse_leaks, chosen.repeat_names
    chosen.refuse_leaks, chosen.repeat_names = True, True
    refuse_pairs, chosen.refuse_pairs = chosen.refuse_pairs, False
    chosen.remove(claim)
    flags = (REPEATS_NAME,) if chosen.names[_asked_name(candidate)] else ()
    swapped = _fits(candidate, chosen) and chosen.take(candidate)
    if swapped:
        chosen.gave_way[id(claim)] = claim
        chosen.took_place.add(id(candidate))
        notes.pop(id(claim), None)
        if flags:
            notes[id(candidate)] = flags
    else:
        chosen.refuse_leaks = False
        chosen.take(claim)
    chosen.refuse_leaks, chosen.repeat_names = refuse_leaks, repeat_names
    chosen.refuse_pairs = refuse_pairs
    return swapped


def _fill_steps(
    chosen: _Set,
    ordered: list[Candidate],
    at_least: int,
    notes: dict[int, tuple[str, ...]],
    *,
    by_partners: bool,
) -> None:
    """`_fill` but for the pairs it puts by."""
    for refuse_leaks in (True, False):
        chosen.refuse_leaks = refuse_leaks
        chosen.repeat_names = not refuse_leaks
        chosen.refuse_pairs = chosen.avoid_pairs
        if by_partners and not refuse_leaks:
            _fill_by_partners(chosen, ordered, at_least, notes)
            return
        for candidate in ordered:
            if len(chosen.kept) >= at_least:
                return
            if not _fits(candidate, chosen):
                continue
            flags = _fill_flags(candidate, chosen)
            if chosen.take(candidate):
                if not refuse_leaks:
                    notes[id(candidate)] = flags
            elif (
                not refuse_leaks
                and id(candidate) in chosen.put_by
                and candidate.question.kind != TRUE_FALSE
            ):
                _claim_gives_way(chosen, candidate, notes)


def _fill_by_partners(
    chosen: _Set,
    ordered: list[Candidate],
    at_least: int,
    notes: dict[int, tuple[str, ...]],
) -> None:
    """Of the next few questions by rank that fit, the one that leaks with fewest kept questions,
    until the set has `at_least` or none fits. Like the fill by rank, it reads the candidates once:
    a question that does not fit when it comes up is passed over; and each question's count of
    leaks is updated as questions come in, not counted again."""
    upcoming = iter(ordered)
    pool: dict[int, tuple[Candidate, int]] = {}
    kept = LeakPartners(answers_to_watch=_watched(ordered))
    for candidate in chosen.kept:
        kept.add(candidate.question)
    while len(chosen.kept) < at_least:
        pool = {
            key: entry
            for key, entry in pool.items()
            if _fits(entry[0], chosen) and not chosen.blocked(entry[0])
        }
        for candidate in upcoming:
            if not _fits(candidate, chosen):
                continue
            if not chosen.blocked(candidate):
                pool[id(candidate)] = (candidate, _partners(candidate, chosen, kept))
                if len(pool) >= FILL_TRIES:
                    break
            elif (
                id(candidate) in chosen.put_by
                and candidate.question.kind != TRUE_FALSE
                and _claim_gives_way(chosen, candidate, notes)
            ):
                # A claim left: the index and the pool's counts are made again (rare).
                kept = LeakPartners(answers_to_watch=_watched(ordered))
                for other in chosen.kept:
                    kept.add(other.question)
                pool = {
                    key: (other, _partners(other, chosen, kept))
                    for key, (other, _) in pool.items()
                    if _fits(other, chosen) and not chosen.blocked(other)
                }
        if not pool:
            return
        # The fewest leaks, then the best rank (the pool keeps the order it was read in).
        candidate, _ = min(pool.values(), key=lambda entry: entry[1])
        del pool[id(candidate)]
        flags = _fill_flags(candidate, chosen)
        if chosen.take(candidate):
            kept.add(candidate.question)
            notes[id(candidate)] = flags
            pool = {
                key: (other, count + _partners_added(other, candidate, chosen))
                for key, (other, count) in pool.items()
            }


def _fill_flags(candidate: Candidate, chosen: _Set) -> tuple[str, ...]:
    """What a fill-in is flagged for, read before it is taken: asking for a name a kept question
    asks for, giving a kept question away, or both (a "Who replied …?" beside the true claim "The
    President replied …" does both, and the reviewer must see the second)."""
    repeats = chosen.names[_asked_name(candidate)] > 0
    gives_away = not repeats or chosen.leaks.leaks_with_kept(candidate.question)
    return (
        *((GIVES_AWAY,) if gives_away else ()),
        *((REPEATS_NAME,) if repeats else ()),
    )


# How many of the next questions by rank that would give another away a short set weighs against
# each other for its next fill-in.
FILL_TRIES = 12


def _partners(candidate: Candidate, chosen: _Set, kept: LeakPartners) -> int:
    """How many kept questions (`kept` indexes them) a fill-in would give away or be given away
    by, pair by pair (a fill-in that leaks with two kept questions costs the reviewer two pairs to
    settle), and one more if it asks for a name a kept question asks for (a student may guess it
    from the other)."""
    repeats = chosen.names[_asked_name(candidate)] > 0
    return repeats + len(kept.partners(candidate.question))


def _partners_added(candidate: Candidate, taken: Candidate, chosen: _Set) -> int:
    """What `taken`, just kept, adds to `candidate`'s `_partners`: a leak, or a first repeat of the
    name it asks for."""
    name = _asked_name(candidate)
    first_repeat = bool(name) and name == _asked_name(taken) and chosen.names[name] == 1
    return first_repeat + _leaks_with(candidate, [taken])


def _leaks_with(candidate: Candidate, others: list[Candidate]) -> int:
    """With how many of `others` `candidate` leaks, one by one."""
    return count_leaks(candidate.question, [other.question for other in others])


# How many of a short set's questions are each tried in place of others (weakest first): each try
# reads the candidates once, so the cost stays linear.
GIVE_WAY_TRIES = BUCKET_LIMIT

# Claims "false if it has a number" gets wrong (a false one without a figure, a true one with one):
# they are scarce, and a short set keeps them.
HARD_TO_TELL = frozenset({"F plain", "T num", "T num copied"})


def _give_way(chosen: _Set, ordered: list[Candidate], at_least: int) -> bool:
    """A question that keeps out others of its sentences replaced by them, when the set then holds
    more questions that give none away: "Who said it was the first time …?" keeps out both "Which
    word completes … the ____ time …?" and "What is Matthew Miller's role?"; a false claim about a
    figure keeps out the question asking for it, and with one claim fewer where claims were half
    of the set, two more may come. Of the replacements that add most, the one whose claims tell
    least by a number whether they are false (`_claims_told_apart`); claims that tell nothing so
    (`HARD_TO_TELL`) stay."""
    alternatives: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in ordered:
        for index in candidate.sentences:
            if len(alternatives[index]) < BUCKET_LIMIT:
                alternatives[index].append(candidate)

    def near(out: Candidate) -> list[Candidate]:
        return [c for index in out.sentences for c in alternatives[index]]

    best: tuple[int, int] = (0, 0)
    best_out: Candidate | None = None
    outs = [
        c
        for c in _drop_order(chosen.kept)
        if _claim_looks(c) not in HARD_TO_TELL and id(c) not in chosen.took_place
    ]
    for out in outs[:GIVE_WAY_TRIES]:
        taken = _replace(chosen, out, near(out), ordered, at_least)
        gain = (len(taken) - 1, -_told_by_number(chosen.kept))
        _restore(chosen, out, taken)
        if gain[0] > 0 and (best_out is None or gain > best):
            best, best_out = gain, out
    if best_out is None:
        return False
    _replace(chosen, best_out, near(best_out), ordered, at_least)
    return True


def _replace(
    chosen: _Set,
    out: Candidate,
    alternatives: list[Candidate],
    ordered: list[Candidate],
    at_least: int,
) -> list[Candidate]:
    """`out` taken out, and what then fits taken in, giving none away: first of its sentences',
    then, when one came in, of all; what came in."""
    chosen.remove(out)
    chosen.refuse_leaks = True
    chosen.repeat_names = False
    taken = [
        c for c in alternatives if c is not out and _fits(c, chosen) and chosen.take(c)
    ]
    for candidate in ordered if taken else ():
        if len(chosen.kept) >= at_least:
            break
        if _fits(candidate, chosen) and chosen.take(candidate):
            taken.append(candidate)
    return taken


def _restore(chosen: _Set, out: Candidate, taken: list[Candidate]) -> None:
    for candidate in taken:
        chosen.remove(candidate)
    # Back as it was, though it may give another away (it may have been taken so).
    chosen.refuse_leaks = False
    chosen.repeat_names = True
    chosen.take(out)


# How claims look to "false if it has a number" when it gets them right.
TOLD_BY_NUMBER = frozenset({"F num", "T plain", "T plain copied"})


def _told_by_number(kept: list[Candidate]) -> int:
    """How many of the claims "false if it has a number" gets right."""
    looks = Counter(_claim_looks(c) for c in kept)
    return sum(looks[look] for look in TOLD_BY_NUMBER)


def _unbalances(candidate: Candidate, usage: Counter[str]) -> bool:
    """Whether adding the claim would leave refuted claims outside a quarter to three quarters (a
    set being filled up may stray a little from the third to two thirds it is balanced to), or
    let "false if it has a number" get more than `FILLED_GUESSABLE` of the claims right: a short
    set filled with true claims without a figure (most of them held in reserve, as copies of the
    article's words) was told apart by that rule again after the balancing."""
    category = _category(candidate)
    if category not in {"supported", "refuted"}:
        return False
    other = "refuted" if category == "supported" else "supported"
    if usage[category] + 1 > 3 * usage[other]:
        return True
    claims = usage["supported"] + usage["refuted"] + 1
    if claims < MIN_TO_BALANCE or _claim_looks(candidate) not in TOLD_BY_NUMBER:
        return False
    told = sum(usage[look] for look in TOLD_BY_NUMBER) + 1
    return told > FILLED_GUESSABLE * claims


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


# Fewest options a choice question keeps when a ruled-out wrong one has no spare: the answer and
# two wrong ones.
FEWEST_OPTIONS = 3
FEWEST_WRONG = 2
DATED_LIST_RULE = "dated_list_select"


def _without_ruled_out_options(kept: list[Candidate]) -> list[Candidate]:
    """The set with each choice's wrong options that the rest of the quiz rules out replaced: an
    option another kept question answers ("2018" beside "Which year did he share the 2018
    award?"), or a figure another stem shows as something else ("compared with 8% on placebo"),
    is ruled out by reading the quiz, not the article. Replaced by a spare of the same kind (`_mend`),
    else dropped while three options remain, else kept."""
    told = Counter(text for c in kept for text in _answered(c))
    stems = [_shown_stem(c) for c in kept]
    every_stem = "\n\n".join(stems)
    # How often the whole set shows a text, counted once per text: options repeat across choices.
    in_set: dict[str, int] = {}
    mended = []
    for candidate, own_stem in zip(kept, stems, strict=True):
        kind = candidate.question.kind
        if not candidate.options or kind not in {SINGLE_CHOICE, MULTIPLE_SELECT}:
            mended.append(candidate)
            continue
        own = _answered(candidate)

        def ruled_out(
            text: str,
            own: frozenset[str] = own,
            own_stem: str = own_stem,
            dated: bool = candidate.question.rule == DATED_LIST_RULE,
        ) -> bool:
            # A figure is one fact, so a stem showing it shows it as something else; a dated
            # list's wrong options are names listed under other dates, so a stem showing one
            # shows it under its own.
            if told[_normal(text)] > (_normal(text) in own):
                return True
            if not dated and not any(ch.isdigit() for ch in text):
                return False
            if text not in in_set:
                in_set[text] = _shown(every_stem, text)
            return in_set[text] > _shown(own_stem, text)

        mended.append(_mend(candidate, ruled_out))
    return mended


def _named(kept: list[Candidate]) -> list[Candidate]:
    """The set with each claim that names a person by a role shown with the article's name instead
    (`Candidate.named`), unless the name gives away another kept question's answer: the role stood
    in only to keep that answer hidden."""
    questions = [c.question for c in kept]
    claims = [q for q in questions if q.kind == TRUE_FALSE]
    # Putting the name back can make a reworded true claim the article's words again: named only
    # while "true if it stands word for word" still gets at most `GUESSABLE` of the claims right
    # (as in `_claims_told_apart`, a set of fewer than `MIN_TO_BALANCE` claims is not balanced).
    told_by_copy = sum(_copied(q) == is_true_claim(q) for q in claims)
    result = []
    for at, candidate in enumerate(kept):
        if not candidate.named:
            result.append(candidate)
            continue
        others = questions[:at] + questions[at + 1 :]
        named = replace(candidate.question, prompt=candidate.named)
        newly_told = (_copied(named) == is_true_claim(named)) - (
            _copied(candidate.question) == is_true_claim(candidate.question)
        )
        if (
            any(
                occurs(variant, candidate.named)
                and not occurs(variant, candidate.question.prompt)
                for other in others
                for variant in answer_variants(other)
            )
            or count_leaks(named, others) > count_leaks(candidate.question, others)
            or (
                len(claims) >= MIN_TO_BALANCE
                and told_by_copy + newly_told > GUESSABLE * len(claims)
            )
        ):
            result.append(candidate)
            continue
        told_by_copy += newly_told
        questions[at] = named
        result.append(replace(candidate, question=named))
    return result


def _copied(question: GeneratedQuestion) -> bool:
    """Whether a claim stands word for word in the words it cites, as a student who guesses "true
    if copied" sees it."""
    return find(claim_of(question.prompt), tokens(question.citation.quote)) >= 0


def _answered(candidate: Candidate) -> frozenset[str]:
    """The answers the question gives a student who answers it."""
    q = candidate.question
    found = set(candidate.answer_forms)
    if q.kind != TRUE_FALSE:
        found.update(c.text for c in q.choices if c.correct)
    if q.answer:
        found.add(q.answer)
    return frozenset(_normal(text) for text in found)


def _shown_stem(candidate: Candidate) -> str:
    """The question's prompt as the quiz shows it by the end: a false claim's with the detail it
    changed set back (the explanation gives it: "The article says 12, not 6")."""
    prompt = candidate.question.prompt
    if candidate.question.kind == TRUE_FALSE and candidate.answer_forms:
        for changed in candidate.distractors:
            prompt = re.sub(
                rf"(?<![\w.,]){re.escape(changed)}(?!\w|[.,]\d)",
                lambda _: candidate.answer_forms[0],
                prompt,
                count=1,
            )
    return prompt


_OPENS_FIGURE = re.compile(r"[\w.,]")
_GOES_ON = re.compile(r"\w|[.,]\d")


def _shown(stems: str, text: str) -> int:
    r"""How often the stems show the text as a whole ("8%" is not in "18%" or "8.5%").

    `re.findall(rf"(?<![\w.,]){re.escape(text)}(?!\w|[.,]\d)", stems)` counted, but found by the
    text's letters: a pattern that opens with a look-behind is tried at every character of the
    set's stems (60 KB on 100 KB, for some 400 options)."""
    if not text:
        return len(re.findall(r"(?<![\w.,])(?!\w|[.,]\d)", stems))
    count, at = 0, stems.find(text)
    while at >= 0:
        end = at + len(text)
        if not (at and _OPENS_FIGURE.match(stems, at - 1)) and not _GOES_ON.match(
            stems, end
        ):
            count += 1
            at = stems.find(text, end)
        else:
            at = stems.find(text, at + 1)
    return count


def _mend(candidate: Candidate, ruled_out: Callable[[str], bool]) -> Candidate:
    """The choice with its ruled-out wrong options replaced or dropped (`_without_ruled_out_options`).
    An option the article states gives way only to another it states: a made-up one, or none,
    would raise the share of questions whose answer is the option a student finds in the text."""
    by_text = {o.text: o for o in candidate.options}
    if by_text.keys() != {c.text for c in candidate.question.choices}:
        # Options that describe other choices (a question made from another by `replace`)
        # cannot tell which of these the article states.
        return candidate
    options = [by_text[c.text] for c in candidate.question.choices]
    correct = {c.text for c in candidate.question.choices if c.correct}
    if not any(o.text not in correct and ruled_out(o.text) for o in options):
        return candidate
    spares = [
        s for s in candidate.spares if not ruled_out(s.text) and s.text not in by_text
    ]
    changed = False
    for option in list(options):
        if option.text in correct or not ruled_out(option.text):
            continue
        spare = next((s for s in spares if s.stated or not option.stated), None)
        at = options.index(option)
        if spare is not None:
            spares.remove(spare)
            options[at] = spare
        elif (
            not option.stated
            and len(options) > FEWEST_OPTIONS
            and len(options) - len(correct) > FEWEST_WRONG
        ):
            del options[at]
        else:
            continue
        changed = True
    if not changed:
        return candidate
    if all(o.order is not None for o in options):
        options.sort(key=lambda o: o.order or 0.0)
    return replace(
        candidate,
        question=replace(
            candidate.question,
            choices=tuple(GeneratedChoice(o.text, o.text in correct) for o in options),
        ),
        options=tuple(options),
        distractors=tuple(o.text for o in options if o.text not in correct),
    )


def narrowed_citations(kept: list[Candidate], *, article: Article) -> list[Candidate]:
    """The chosen set with each question whose cited sentence shows another kept question's answer
    citing only a clause that settles it (`narrowings`, the widest that shows none and passes the
    hard gates): a student reads the explanation after answering, and the whole sentence would
    answer the other question. Kept as it was when no such clause does, or when the clause would
    change which questions it leaks with (some leaks are read from where two citations stand:
    the set was chosen, and is counted, with its sentences)."""
    questions = [c.question for c in kept]
    index = LeakPartners(answers_to_watch=watched_answers(questions))
    for q in questions:
        index.add(q)

    answers = ShownAnswers(questions)

    def quotes_answer(quote: str, at: int) -> bool:
        return answers.shows_another(quote, at)

    # The questions narrowed so far, by position: the index holds them as they were.
    changed: dict[int, GeneratedQuestion] = {}

    def partners(q: GeneratedQuestion, at: int) -> set[int]:
        found = index.partners(q) - {at} - changed.keys()
        return found | {j for j, other in changed.items() if count_leaks(q, [other])}

    result = []
    for at, candidate in enumerate(kept):
        if not quotes_answer(candidate.question.citation.quote, at):
            result.append(candidate)
            continue
        was = index.partners(candidate.question) - {at}
        narrow = next(
            (
                narrow
                for narrow in narrowings(candidate, article)
                if not quotes_answer(narrow.question.citation.quote, at)
                and failed_gate(candidate=narrow, article=article) is None
                and partners(narrow.question, at) == was
            ),
            candidate,
        )
        if narrow is not candidate:
            changed[at] = narrow.question
        result.append(narrow)
    return result

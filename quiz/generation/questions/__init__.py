"""Facts -> candidate questions, many per sentence, before the gates and the ranking.

Every stem is built from the article's own sentence (a blank where the answer was, the subject
replaced by "Who"/"Which ...", the sentence as a claim), so it is grammatical without a parser.
Distractors are of the answer's type and format and come from the same article; a number choice's
are the article's other figures of its kind and unit, made-up ones (never a number the article
states) only to fill up. A refuted claim changes one number only.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from functools import partial

from ..claims import (
    Claim,
    back_reference,
    clause_claims,
    event_sentence,
    make_claim,
    reduced_claims,
    ruled_claim,
)
from ..facts import Article
from ..records import Candidate
from .common import CHOICE_RULE
from .dated_lists import dated_list_questions
from .details import detail_questions, written_details
from .entities import entity_questions, passive_doer_questions
from .lists import list_questions
from .numbers import number_questions
from .purposes import purpose_questions
from .quotes import quote_questions
from .roles import role_questions
from .statements import (
    claim_questions,
    flipped_claims,
    moved_claims,
    swapped_actor_claims,
    swapped_agent_claims,
    with_full_names,
    with_names,
)

ORDINAL_RULE = f"{CHOICE_RULE['ordinal']}_choice"

# A rule run on each usable sentence (or clause): the questions it makes from one claim.
SentenceRule = Callable[[Article, int, Claim, random.Random], Iterator[Candidate]]


def all_candidates(*, article: Article, rng: random.Random) -> list[Candidate]:
    """Overgenerate: every rule on every usable sentence; the gates and the ranking choose."""
    candidates: list[Candidate] = []
    claims: dict[int, Claim] = {}
    details = partial(detail_questions, written=written_details(article))
    for parsed in article.parsed:
        index = parsed.sentence.index
        if not article.usable[index]:
            continue
        claim = make_claim(article, index)
        every: tuple[SentenceRule, ...] = (
            claim_questions,
            swapped_actor_claims,
            swapped_agent_claims,
            flipped_claims,
            moved_claims,
            number_questions,
            details,
            entity_questions,
        )
        # A sentence that cannot stand alone may have a clause that can; a long one gives
        # questions on each clause that do not show the other clause's names.
        whole = claim is not None and not back_reference(claim.text)
        for clause in clause_claims(article, index, whole=whole):
            for rule in every:
                candidates.extend(rule(article, index, clause, rng))
        if claim is None:
            # "It was the first dissent … since 2005": its figures asked in the sentence's words,
            # not its ordinal ("It is the ____ time that …" reads as "first" without the article).
            event = event_sentence(article, index)
            if event is not None:
                for rule in (number_questions, details):
                    found = rule(article, index, event, rng)
                    candidates.extend(
                        c for c in found if c.question.rule != ORDINAL_RULE
                    )
            continue
        claims[index] = claim
        if not back_reference(claim.text):
            for reduced in reduced_claims(article, index, claim):
                candidates.extend(claim_questions(article, index, reduced, rng))
            ruled = ruled_claim(article, index, claim)
            if ruled is not None:
                # Drawn from a copy of the generator: the claim states no figure (the variants
                # drawn for the sentence's figures go unused), and every other question of the
                # article keeps the options it had.
                spare = random.Random()
                spare.setstate(rng.getstate())
                candidates.extend(claim_questions(article, index, ruled, spare))
            candidates.extend(passive_doer_questions(article, index, claim, rng))
        rules = every
        if back_reference(claim.text):
            rules = (number_questions, details, entity_questions)
        for rule in rules:
            candidates.extend(rule(article, index, claim, rng))
    candidates.extend(quote_questions(article, rng))
    candidates.extend(role_questions(article, rng))
    candidates.extend(list_questions(article, rng, claims))
    candidates.extend(dated_list_questions(article, rng))
    candidates.extend(purpose_questions(article, rng, claims))
    return [with_full_names(article, with_names(article, c)) for c in candidates]

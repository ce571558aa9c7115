""" "Who said ...": a quote and its one speaker, with other people of the article as wrong options;
and the false claim that another of them said it."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator

from ..claims import citation, name_forms, says
from ..distractors import holds_role, people_sides, pick_names
from ..facts import Article, Quote
from ..names import PERSON
from ..records import SINGLE_CHOICE, TRUE_FALSE, Candidate
from .common import (
    FALSE_CLAIM,
    OPENING_CONJUNCTION,
    RESERVE,
    draft,
    fact_keys,
    name_key,
    name_shows,
    ordered_choices,
)


def quote_questions(article: Article, rng: random.Random) -> Iterator[Candidate]:
    """Who said it: an attributed quote, the other speakers (or names) of the same type as choices.

    A quote continued in the next sentence ("“...,” Mr Lee said. “And ...”") is attributed by the
    same words as the first one: the two questions would test one fact, so only the continuation's
    (which cites both sentences) is made when it can be."""
    made = list(_quote_questions(article, rng))
    continued = {
        (c.sentences[0], c.answer_forms[0]) for c in made if len(c.sentences) > 1
    }
    for candidate in made:
        if (candidate.sentences[-1], candidate.answer_forms[0]) not in continued:
            yield candidate
    yield from _speaker_swapped_claims(article, rng)


# The rule of a false claim that another person said a quote.
SPEAKER_SWAPPED = "claim_refuted_speaker"
# How many other people of the article are weighed as a quote's wrong speaker.
WRONG_SPEAKERS_WEIGHED = 3
# Words of a quote a false claim repeats: enough to say which quote, few enough to read.
MAX_CLAIMED_QUOTE_WORDS = 30


def _speaker_swapped_claims(
    article: Article, rng: random.Random
) -> Iterator[Candidate]:
    """False claims that another person of the article said a quote: a quote has one speaker, a
    detail the article makes single-valued. No number is changed, so "false if it has a number"
    fails on them. Only people: which organisation "said" words is seldom single-valued."""
    named: Counter[str] = Counter()
    # Where the article has sides (two teams), a wrong speaker is of the speaker's own where it
    # has one: a loser given the winner's "I can't ask for anything more" is false without reading.
    # A speaker the article gives a role (a coach, a committee's chair) is swapped only for another
    # who holds one: an office-holder speaks of those the story is about ("These players are
    # unbelievable", "The laureates' work"), and one of them given those words is false to anyone
    # who reads the quote alone. The words of one who holds none may go to anyone ("I knew that
    # God was going to give it to me" read as the coach's is false only by the article).
    sides = people_sides(article)
    for quote in article.quotes:
        speaker = quote.speaker
        if (
            speaker.kind != PERSON
            or len(quote.body.split()) > MAX_CLAIMED_QUOTE_WORDS
            or not quote.body[:1].isupper()
        ):
            continue
        cite = citation(article, quote.sentences)
        side = sides.get(speaker.name)
        allies = frozenset(
            n for n, s in sides.items() if s == side and n != speaker.name
        )
        # As many other people as the article has, up to the number weighed: of the speaker's
        # side first, else anyone.
        others = next(
            (
                found
                for only in ((allies, None) if allies else (None,))
                for count in range(WRONG_SPEAKERS_WEIGHED, 0, -1)
                if (
                    found := pick_names(
                        article,
                        kind=PERSON,
                        answer=speaker.name,
                        cited=cite.quote,
                        index=quote.sentence,
                        rng=rng,
                        count=count,
                        only=only,
                        same_sort=holds_role(article, speaker.name),
                    )
                )
            ),
            [],
        )
        if not others:
            continue
        # A wrong speaker named once is no pattern to spot: "Joe Biden said" twice is false to
        # anyone who skims. The least used, nearest first among equals.
        others.sort(key=lambda name: named[name])
        body = quote.body.rstrip(".,;:")
        opening = re.match(OPENING_CONJUNCTION, body)
        if opening:
            body = "…" + body[opening.end() :]
        named[others[0]] += 1
        # The other people weighed come too, kept in reserve: a set that asks for the first one
        # elsewhere trades the claim naming them for one naming another (`rank._trade_for_views`).
        for at, other in enumerate(others):
            claim = f"{other} said: “{body}”."
            prompt = f"According to the article: {claim}"
            yield Candidate(
                draft(
                    TRUE_FALSE,
                    prompt,
                    FALSE_CLAIM,
                    f"False. The article says {speaker.name} said it, not {other}: "
                    f"{cite.quote}",
                    cite,
                    SPEAKER_SWAPPED,
                ),
                quote.sentences,
                answer_forms=_speaker_forms(article, quote),
                distractors=(other,),
                frames=(body[:40],),
                keys=_quote_keys(article, quote, prompt),
                score=RESERVE if at else 2.6,
                claim=claim,
                shows=name_shows(article, quote.sentences, prompt),
            )


def _speaker_forms(article: Article, quote: Quote) -> tuple[str, ...]:
    """How the answer to "who said it" may stand in the text: the speaker's name forms, and the
    words the article names them by there."""
    speaker = quote.speaker
    return (*name_forms(article, speaker.name), speaker.surface)


def _quote_keys(
    article: Article, quote: Quote, prompt: str
) -> tuple[tuple[object, ...], ...]:
    """The facts a question on who said a quote tests: the speaker in each cited sentence, and
    the quote itself, so no second question asks who said it."""
    return fact_keys(
        article,
        quote.sentences,
        prompt,
        tested=tuple(name_key(i, quote.speaker.name) for i in quote.sentences),
        extra=(("quote", quote.start),),
    )


def _quote_questions(article: Article, rng: random.Random) -> Iterator[Candidate]:
    for quote in article.quotes:
        if len(quote.body.split()) > 45:
            continue
        cite = citation(article, quote.sentences)
        speaker = quote.speaker
        # Three other speakers when the article has them; two when it has fewer (an interview
        # quoting two people): three options beat no question on who said it.
        for count in (3, 2):
            distractors = pick_names(
                article,
                kind=speaker.kind,
                answer=speaker.name,
                cited=cite.quote,
                index=quote.sentence,
                rng=rng,
                count=count,
            )
            if distractors:
                break
        else:
            continue
        body = quote.body.rstrip(".,;:")
        who = "Who" if speaker.kind == PERSON else "Which organisation"
        opening = re.match(OPENING_CONJUNCTION, body)
        if opening:
            body = body[opening.end() :]
            prompt = f"{who} said: “…{body}”?"
        elif body[0].isupper():
            prompt = f"{who} said: “{body}”?"
        else:
            prompt = f"{who} used the words “{body}”?"
        yield Candidate(
            draft(
                SINGLE_CHOICE,
                prompt,
                ordered_choices([speaker.name], distractors, rng),
                says(cite.quote),
                cite,
                "who_said",
            ),
            quote.sentences,
            answer_forms=_speaker_forms(article, quote),
            distractors=tuple(distractors),
            frames=(body[:40],),
            keys=_quote_keys(article, quote, prompt),
            score=3.0,
            shows=name_shows(article, quote.sentences, prompt),
        )

"""Multiple select from the article's lists ("includes A, B and C") and contrasts ("but not A or B")."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from ..claims import Claim, citation
from ..distractors import other_items, pick_names, place_review
from ..facts import Article, ItemList
from ..gazetteer import CONTINENT_OF_ADJECTIVE, CONTINENTS
from ..names import PLACE
from ..records import MULTIPLE_SELECT, Candidate, Option
from ..sentences import Token
from .common import draft, fact_keys, name_key, name_shows, ordered_choices

# "European countries", "African nations": an adjective that puts a list's countries on one
# continent.
_QUALIFIED = re.compile(
    r"\b(?P<adjective>"
    + "|".join(sorted(CONTINENT_OF_ADJECTIVE, key=len, reverse=True))
    + r") (?:countries|nations|states|members|neighbours)\b"
)


def _qualifier(words: str) -> frozenset[str] | None:
    """The countries of the continent the words put a list's countries on ("Several European
    countries stayed out …", "… and other European countries"), or None if they put them on
    none."""
    m = _QUALIFIED.search(words)
    if m is None:
        return None
    return CONTINENTS[CONTINENT_OF_ADJECTIVE[m.group("adjective")]]


def _off_tail(item_list: ItemList, countries: bool) -> frozenset[str] | None:
    """The names an "other …" tail leaves as wrong options: every name of the list's kind may be
    one of "and other countries", so none; "and other European countries" names that continent's
    countries, so only countries off it. None for a list without a tail."""
    if not item_list.generic:
        return None
    continent = _qualifier(item_list.generic) if countries else None
    if continent is None:
        return frozenset()
    return frozenset(c for other in CONTINENTS.values() for c in other) - continent


def _words_of(article: Article, phrase: str) -> list[Token]:
    """The phrase's words as the pipeline read them where the article first writes it."""
    for parsed in article.parsed:
        at = parsed.sentence.text.find(phrase)
        if at >= 0:
            start = parsed.sentence.start + at
            return [t for t in parsed.tokens if start <= t.start < start + len(phrase)]
    return []


def _is_plural(article: Article, phrase: str) -> bool:
    """Whether the phrase ends on a plural noun, as the tagger reads it ("drones", not
    "ammunition" or "blood sugar")."""
    words = _words_of(article, phrase)
    return bool(words) and words[-1].tag in {"NNS", "NNPS"}


def list_questions(
    article: Article, rng: random.Random, claims: dict[int, Claim]
) -> Iterator[Candidate]:
    """Multiple select: which of these does the article name in this list (or after "but not")?"""
    for item_list in article.lists:
        claim = claims.get(item_list.sentence)
        if claim is None:
            continue
        cite = citation(article, claim.sentences)
        at = claim.position(article=article, offset=item_list.start)
        if at < 0:
            continue
        context = claim.text[:at].rstrip()
        words = context.split()
        context = ("… " if len(words) > 14 else "") + " ".join(words[-14:])
        kinds = {
            article.name_kinds.get(i.removeprefix("the ")) for i in item_list.items
        }
        kind = next(iter(kinds)) if len(kinds) == 1 else None
        if kind is None and (item_list.contrast or kinds != {None}):
            # Names mixed with things (or of several kinds) have no one sort to take options of.
            continue
        if kind is not None:
            # A list of names takes other names of its kind ("Austria, Cyprus and Malta":
            # countries, never "military alliances").
            countries = kind == PLACE and (
                all(
                    i.removeprefix("the ") in article.countries for i in item_list.items
                )
                or re.search(r"\b(?:nations|countries)\b", claim.text) is not None
            )
            # "European countries" in the stem: no country of another continent is an option
            # (Canada beside Austria, Cyprus, Ireland and Malta is ruled out at sight).
            continent = _qualifier(context) if countries else None
            # "… and other European countries": a name the tail itself names (any European
            # country) may be one of them, so is no wrong option.
            off_tail = _off_tail(item_list, countries)
            if off_tail is not None:
                continent = off_tail if continent is None else continent & off_tail
                if not continent:
                    continue
            pool = pick_names(
                article,
                kind=kind,
                answer="",
                cited=cite.quote,
                index=item_list.sentence,
                rng=rng,
                count=2,
                countries=countries,
                only=continent,
            )
            review = (
                "Distractors are other names from the article: check that none also belongs in this list in reality.",
                *place_review(
                    article, countries=countries, options=[*item_list.items, *pool]
                ),
            )
            # Other names of its kind the article gives, in its order, for an option another
            # question of the set answers to give way to.
            spares: tuple[Option, ...] = tuple(
                Option(name, True)
                for name in article.pools.get(kind, [])
                if name not in item_list.items
                and name not in pool
                and name not in cite.quote
                and (not countries or name in article.countries)
                and (continent is None or name in continent)
            )
        else:
            # A list of things takes other things of the same grammatical number: beside
            # "blood pressure, inflammation or blood sugar" a plural ("heart attacks") is not a
            # thing of the list's sort, and common sense rules it out.
            plural = {_is_plural(article, i) for i in item_list.items}
            found = [
                item
                for item in other_items(
                    article, index=item_list.sentence, exclude=cite.quote
                )
                if article.name_kinds.get(item.removeprefix("the ")) is None
                # "mostly nausea": an item read with the adverb before it is no option.
                and [t.pos for t in _words_of(article, item)[:1]] != ["ADV"]
                and (len(plural) > 1 or _is_plural(article, item) in plural)
            ]
            pool = sorted(rng.sample(found, 2)) if len(found) >= 2 else []
            # Other things of the list's sort the article names, in the order found (nearest
            # lists first).
            spares = tuple(
                Option(item, True) for item in dict.fromkeys(found) if item not in pool
            )
            review = (
                "Distractors are other things the article mentions: check that none belongs in the list.",
            )
        if len(pool) < 2:
            continue
        items = list(item_list.items)
        prompt = f"The article says: “{context} …” Which of these does it name there? Select all that apply."
        rule = "contrast_select" if item_list.contrast else "list_select"
        yield Candidate(
            draft(
                MULTIPLE_SELECT,
                prompt,
                ordered_choices(items, pool, rng),
                f"It names {', '.join(items)}: “{cite.quote}”",
                cite,
                rule,
                review=review,
            ),
            claim.sentences,
            answer_forms=tuple(items),
            distractors=tuple(pool),
            keys=fact_keys(
                article,
                claim.sentences,
                prompt,
                tested=tuple(name_key(item_list.sentence, i) for i in items),
                extra=(("list", item_list.start),),
            ),
            score=2.7,
            shows=name_shows(article, claim.sentences, prompt),
            options=tuple(Option(item, True) for item in items + pool)
            if spares
            else (),
            spares=spares,
        )

"""Multiple select from the article's lists ("includes A, B and C") and contrasts ("but not A or B")."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from ..claims import Claim, citation
from ..distractors import other_items, pick_names, place_review
from ..facts import Article
from ..names import PLACE
from ..records import MULTIPLE_SELECT, Candidate, Option
from .common import draft, fact_keys, name_key, name_shows, ordered_choices


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
        if item_list.contrast:
            kinds = {
                article.name_kinds.get(i.removeprefix("the ")) for i in item_list.items
            }
            kind = next(iter(kinds)) if len(kinds) == 1 else None
            if kind is None:
                continue
            countries = kind == PLACE and (
                all(
                    i.removeprefix("the ") in article.countries for i in item_list.items
                )
                or re.search(r"\b(?:nations|countries)\b", claim.text) is not None
            )
            pool = pick_names(
                article,
                kind=kind,
                answer="",
                cited=cite.quote,
                index=item_list.sentence,
                rng=rng,
                count=2,
                countries=countries,
            )
            review = (
                "Distractors are other names from the article: check that none also belongs in this list in reality.",
                *place_review(
                    article, countries=countries, options=[*item_list.items, *pool]
                ),
            )
            spares: tuple[Option, ...] = ()
        else:
            found = other_items(article, index=item_list.sentence, exclude=cite.quote)
            pool = sorted(rng.sample(found, 2)) if len(found) >= 2 else []
            # Other things the article names, in the order found (nearest lists first).
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

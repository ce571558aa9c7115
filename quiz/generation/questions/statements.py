"""True or false: the article's statement (supported), or the statement with one detail changed
(refuted), with the explanation quoting what the article says.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from ..claims import Claim, citation, says
from ..distractors import number_variants
from ..facts import Article
from ..records import TRUE_FALSE, Candidate, GeneratedChoice
from ..roles import hide_names
from .common import REFUTED_RULE, draft, fact_keys, name_shows, value_key


def claim_questions(
    article: Article, index: int, claim: Claim, rng: random.Random
) -> Iterator[Candidate]:
    """True/false: the sentence itself (supported) or with one number changed (refuted). A person
    whose role the sentence states is named by the role ("The Defence Secretary said ..."), so the
    claim leaves the name to the question that asks for it."""
    cite = citation(article, claim.sentences)
    review = (f"Pronoun resolved: {claim.resolved}.",) if claim.resolved else ()
    truth = (GeneratedChoice("True", True), GeneratedChoice("False", False))
    lie = (GeneratedChoice("True", False), GeneratedChoice("False", True))
    key = ("claim", index)
    numbers = tuple(n.text for n in article.numbers[index])
    roles = [r for i in claim.sentences for r in article.roles[i]]
    stated, _ = hide_names(claim.text, roles)
    yield Candidate(
        draft(
            TRUE_FALSE,
            f"According to the article: {stated}",
            truth,
            f"True. {says(cite.quote)}",
            cite,
            "clause_supported" if claim.clause else "claim_supported",
            review=review,
        ),
        claim.sentences,
        answer_forms=numbers,
        keys=fact_keys(
            article, claim.sentences, stated, extra=(key, ("supported", index))
        ),
        score=2.0,
        claim=stated,
        shows=name_shows(article, claim.sentences, stated),
    )
    for number in article.numbers[index]:
        variants = number_variants(article, number, rng=rng, count=1)
        at = claim.position(article=article, offset=number.start)
        if claim.clause and claim.text[at : at + len(number.text)] != number.text:
            # A claim with an aside left out: the number, when it stands there once.
            spots = [
                m.start()
                for m in re.finditer(
                    rf"(?<![\w.,]){re.escape(number.text)}(?!\w|[.,]\d)", claim.text
                )
            ]
            at = spots[0] if len(spots) == 1 else -1
        if (
            not variants
            or at < 0
            or claim.text[at : at + len(number.text)] != number.text
        ):
            continue
        changed = variants[0][0]
        text = claim.text[:at] + changed + claim.text[at + len(number.text) :]
        text, _ = hide_names(text, roles)
        explanation = (
            f"False. The article says {number.text}, not {changed}: “{cite.quote}”"
        )
        yield Candidate(
            draft(
                TRUE_FALSE,
                f"According to the article: {text}",
                lie,
                explanation,
                cite,
                f"{'clause' if claim.clause else 'claim'}_refuted_{REFUTED_RULE[number.kind]}",
                review=review,
            ),
            claim.sentences,
            answer_forms=(number.text,),
            distractors=(changed,),
            numeric=True,
            keys=fact_keys(
                article,
                claim.sentences,
                text,
                tested=(value_key(number.sentence, number.value),),
                extra=(key,),
            ),
            score=2.7,
            claim=text,
            shows=name_shows(article, claim.sentences, text),
        )

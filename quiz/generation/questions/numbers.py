"""Numbers, years, amounts, percentages, days and ordinals: clozes, choices and typed answers, with
wrong options perturbed but never equal to a number the article states.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from ..claims import Claim, citation, says
from ..distractors import number_variants
from ..facts import Article, Number
from ..records import NUMERIC, SINGLE_CHOICE, Candidate
from ..roles import hide_names
from .common import (
    BLANK,
    CHOICE_RULE,
    KIND_LABEL,
    draft,
    fact_keys,
    fragment_review,
    frames_around,
    name_shows,
    ordered_choices,
    value_key,
)
from .details import figure_views, inside_detail


def number_questions(
    article: Article, index: int, claim: Claim, rng: random.Random
) -> Iterator[Candidate]:
    """A blank where a number was: typed (numeric) or picked among same-format values (single choice),
    in the whole sentence or, when the sentence states several numbers, in the number's own clause."""
    cite = citation(article, claim.sentences)
    explanation = says(cite.quote)
    roles = [r for i in claim.sentences for r in article.roles[i]]
    for number in article.numbers[index]:
        at = claim.position(article=article, offset=number.start)
        if at < 0 or claim.text[at : at + len(number.text)] != number.text:
            continue
        if inside_detail(article, index, number.start):
            continue
        key = ("number", index, number.start)
        tested = (value_key(index, number.value),)
        variants = number_variants(article, number, rng=rng, cited=claim.sentences)
        views = figure_views(article, index, claim, at, len(number.text))
        if len(article.numbers[index]) < 2:
            views = views[:1]
        for shown, where, view in views:
            if variants:
                yield _number_choice(
                    article, claim, number, variants, (shown, where, view), rng
                )
            if number.kind in {"day", "ordinal"}:
                continue
            digits_at = where + number.digits_start - number.start
            blanked = (
                shown[:digits_at] + BLANK + shown[digits_at + len(number.digits) :]
            )
            blanked, _ = hide_names(blanked, roles)
            answer = (
                str(int(number.value))
                if number.is_word
                else number.digits.replace(",", "")
            )
            prompt = (
                f"Fill in the blank with a number, as the article states: {blanked}"
            )
            yield Candidate(
                draft(
                    NUMERIC,
                    prompt,
                    (),
                    explanation,
                    cite,
                    "number_cloze",
                    answer=answer,
                    review=fragment_review(shown),
                ),
                claim.sentences,
                answer_forms=(number.text,),
                numeric=True,
                keys=fact_keys(
                    article,
                    claim.sentences,
                    prompt,
                    tested=tested,
                    extra=(key, ("number_cloze", index, view)),
                ),
                score=2.5 - 0.2 * bool(view),
                shows=name_shows(article, claim.sentences, prompt),
            )


def _number_choice(
    article: Article,
    claim: Claim,
    number: Number,
    variants: list[tuple[str, str, float]],
    view: tuple[str, int, str],
    rng: random.Random,
) -> Candidate:
    shown, where, part = view
    cite = citation(article, claim.sentences)
    order = {text: value for text, _, value in variants} | {number.text: number.value}
    blanked = shown[:where] + BLANK + shown[where + len(number.text) :]
    blanked, _ = hide_names(
        blanked, [r for i in claim.sentences for r in article.roles[i]]
    )
    where_from = (
        "these words of the article" if part else "the sentence from the article"
    )
    prompt = f"Which {KIND_LABEL[number.kind]} completes {where_from}? {blanked}"
    return Candidate(
        draft(
            SINGLE_CHOICE,
            prompt,
            ordered_choices(
                [number.text], [v[0] for v in variants], rng, sort_key=order
            ),
            says(cite.quote),
            cite,
            f"{CHOICE_RULE[number.kind]}_choice",
            review=fragment_review(shown),
        ),
        claim.sentences,
        answer_forms=(number.text,),
        distractors=tuple(v[0] for v in variants),
        numeric=True,
        frames=frames_around(shown, where, where + len(number.text)),
        keys=fact_keys(
            article,
            claim.sentences,
            prompt,
            tested=(value_key(number.sentence, number.value),),
            extra=(
                ("number", number.sentence, number.start),
                ("number_choice", number.sentence, part),
            ),
        ),
        score=(2.6 if number.kind != "count" else 2.4) - 0.2 * bool(part),
        shows=name_shows(article, claim.sentences, prompt),
    )

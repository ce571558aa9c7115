"""Numbers, years, amounts, percentages, days and ordinals: clozes, choices and typed answers, with
wrong options from the article's other figures of the same kind and unit, made-up ones (never a
number the article states) only to fill up.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from ..claims import Claim, citation, says
from ..distractors import number_variants, spare_figures
from ..facts import Article, Number
from ..leaks import series_at, series_counts
from ..names import PERSON
from ..records import NUMERIC, SINGLE_CHOICE, Candidate, Option, words
from ..roles import hide_names, without_roles
from .common import (
    BLANK,
    CHOICE_RULE,
    KIND_LABEL,
    RESERVE,
    draft,
    fact_keys,
    fragment_review,
    frames_around,
    held_back,
    in_reserve,
    measured_beside_comparison,
    name_shows,
    ordered_choices,
    set_phrase,
    shows_number,
    value_key,
    where_from,
)
from .details import figure_views, inside_detail, whole_clause


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
        if (
            inside_detail(article, index, number.start)
            or _range_bound(article, number)
            or _compound_part(article, number)
            or set_phrase(article, number)
            or _count_as_name(article, number)
            or counts_its_list(article, number)
        ):
            continue
        guessed = guessed_without_reading(article, number)
        if guessed == GUESSED_ALWAYS:
            continue
        key = ("number", index, number.start)
        tested = (value_key(index, number.value),)
        aged = _aged(article, index, number)
        if aged:
            yield _age_question(article, claim, number, aged, key)
            continue
        variants = number_variants(article, number, rng=rng, cited=claim.sentences)
        views = figure_views(article, index, claim, at, len(number.text))
        if len(article.numbers[index]) < 2:
            # One figure: the whole sentence asks it, and its clause too when that reads as a
            # whole one, so that it can be asked beside another question of the sentence
            # without showing that one's answer.
            views = views[:1] + [
                view
                for view in views[1:]
                if whole_clause(article, index, claim, view, at)
            ]
        if views and measured_beside_comparison(article, number, views[0][0]):
            # Cut short of the comparison, the stem no longer says what is measured ("At ____
            # metres long…"): not asked.
            views = []
        views = _short_of_result(article, claim, number, at, views)
        views = [v for v in views if not counted_beside(number, v[0])]
        if guessed == GUESSED_AGE and not plausible_ages(variants):
            variants = age_variants(number, variants)
        for shown, where, view in views:
            if variants and not held_back(view):
                yield _number_choice(
                    article, claim, number, variants, (shown, where, view), rng
                )
            if (
                number.kind in {"day", "ordinal"}
                or _too_exact_to_type(number)
                or guessed
            ):
                continue
            digits_at = where + number.digits_start - number.start
            blanked = (
                shown[:digits_at] + BLANK + shown[digits_at + len(number.digits) :]
            )
            answer = (
                str(int(number.value))
                if number.is_word
                else number.digits.replace(",", "")
            )
            roled, hidden = hide_names(blanked, roles)
            # A view naming the people without their roles ("before Donald Trump takes office"),
            # held in reserve: for a filled set asking one of those roles, which "the
            # president-elect" shows, to trade the view with the roles for.
            named = without_roles(blanked, roles) if hidden else ""
            whole_score = RESERVE if in_reserve(view) else 2.5 - 0.2 * bool(view)
            for worded, score in (
                (roled, whole_score),
                (named, RESERVE),
            ):
                if not worded:
                    continue
                adapted = " (its words adapted)" if worded != blanked else ""
                prompt = f"Fill in the blank with a number, as the article states{adapted}: {worded}"
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
                    score=score,
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
    blanked, hidden = hide_names(
        blanked, [r for i in claim.sentences for r in article.roles[i]]
    )
    prompt = f"Which {KIND_LABEL[number.kind]} completes {where_from(part, hidden)}? {blanked}"
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
        score=RESERVE
        if in_reserve(part)
        else (2.6 if number.kind != "count" else 2.4) - 0.2 * bool(part),
        shows=name_shows(article, claim.sentences, prompt),
        # A day or an ordinal is a word whose value says nothing of whether the article writes
        # it: such a choice carries no options to mend.
        options=tuple(
            Option(text, text == number.text or value in article.values, value)
            for text, value in order.items()
        )
        if number.kind not in {"day", "ordinal"}
        else (),
        spares=tuple(
            Option(text, stated, value)
            for text, value, stated in spare_figures(
                article, number, cited=claim.sentences, chosen=variants
            )
        ),
    )


# "the 33" standing for a group by its size, with no noun after it.
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)


# What a student can answer from the world, without reading (`guessed_without_reading`).
GUESSED_ALWAYS = (
    "always"  # "the ____ time humanity has ...": "first", whatever the options
)
GUESSED_AGE = "age"  # "riders under ____": 18, unless every option is an age limit too
# "the first time", "the first ever": a claim of a first, which "second" or "third" cannot make.
_FIRST_CLAIM = re.compile(r"\s+(?:time\b|ever\b)")
# "under 18", "over 65", "aged 16", "the age of 21": an age limit, what the law sets.
_AGE_LIMIT_BEFORE = re.compile(
    r"\b(?:(?:aged?|anyone|people|riders|children|users|those)\s+(?:under|over|below|above)"
    r"|(?:under|over)-?|aged|age\s+of|older\s+than|younger\s+than)\s+$",
    re.IGNORECASE,
)
# The age limits a law or a rule sets: options among these leave the limit to be read.
AGE_LIMITS = frozenset([12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 25, 60, 65, 67, 70])
_YEARS_OF_AGE = re.compile(r"\s+years?(?:\s+of\s+age|[\s-]+old)\b")
# Words after an age limit that are no noun of its own ("under 18 from the breakwater"); not
# "years": "over 12 years" is a time.
_AFTER_AN_AGE = words(
    "and or from to in on at who were are can could must will would may should had have was is"
)


def guessed_without_reading(article: Article, number: Number) -> str:
    """How a student answers the number from the world rather than the article: the ordinal of a
    "first time" claim always; an age limit ("riders under ____") unless its options are all age
    limits. "" when it must be read."""
    text = article.text
    if number.kind == "ordinal":
        first = number.digits.lower() == "first"
        return GUESSED_ALWAYS if first and _FIRST_CLAIM.match(text, number.end) else ""
    if number.kind != "count" or number.value != int(number.value):
        return ""
    before = text[max(0, number.start - 30) : number.start]
    if (
        number.value in AGE_LIMITS
        and _AGE_LIMIT_BEFORE.search(before)
        and (
            not number.noun
            or number.noun in _AFTER_AN_AGE
            or _YEARS_OF_AGE.match(text, number.end) is not None
        )
    ):
        return GUESSED_AGE
    return ""


# The age limits options are drawn from, nearest first: those laws and rules set most often.
USUAL_AGE_LIMITS = (12, 14, 16, 18, 21, 25, 60, 65, 67, 70)


def age_variants(
    number: Number, variants: list[tuple[str, str, float]]
) -> list[tuple[str, str, float]]:
    """Wrong options for an age limit that are age limits too: the article's own when they are
    ("under 16" beside "under 18"), then the usual limits nearest it ("16, 21, 14" for 18). None for
    a limit written in words."""
    if number.is_word:
        return []
    chosen = [v for v in variants if v[2] in AGE_LIMITS]
    for age in sorted(USUAL_AGE_LIMITS, key=lambda a: (abs(a - number.value), a)):
        if len(chosen) == len(variants) or not variants:
            break
        if age != number.value and all(age != v[2] for v in chosen):
            chosen.append((str(age), str(age), float(age)))
    return chosen


def counted_beside(number: Number, shown: str) -> bool:
    """Whether a view of a count lists what it counts: "The ____ operators, Lime, Dott and Tier" is
    answered by counting the names."""
    return number.kind == "count" and f"{number.value:g}" in series_counts(shown)


# A count's noun, then the names it counts: "three operators, Lime, Dott and Tier".
_NOUN_THEN_LIST = re.compile(r"(?: [a-z][\w-]*){1,2}, ")


def counts_its_list(article: Article, number: Number) -> bool:
    """Whether the article lists what a count counts right after it ("The three operators, Lime,
    Dott and Tier"): every view of the count is then answered by counting the names, or is a bare
    fragment cut short of them ("The ____ operators, Lime…") that any question on the sentence
    gives away (each shows the names). The names are the fact to ask."""
    if number.kind != "count" or number.value != int(number.value):
        return False
    noun = _NOUN_THEN_LIST.match(article.text, number.end)
    return noun is not None and series_at(article.text, noun.end()) == int(number.value)


def plausible_ages(variants: list[tuple[str, str, float]]) -> bool:
    """Whether every wrong option of an age limit is an age limit too: "14, 16, 21" beside 18
    leaves it to be read, "22, 36" do not."""
    return bool(variants) and all(value in AGE_LIMITS for _, _, value in variants)


def _count_as_name(article: Article, number: Number) -> bool:
    """Whether a count is the name of its group ("We are well in the shelter, the 33."; not "the
    93-metre spire"): its blank ("the ____") says nothing of what is counted, and the count is the
    one the article states of the group elsewhere, a fact another question asks."""
    text = article.text
    return (
        number.kind == "count"
        and not number.noun
        and _THE_BEFORE.search(text[max(0, number.start - 5) : number.start])
        is not None
        and not re.match(r"[\w-]", text[number.end : number.end + 1])
    )


# Significant digits past which a typed answer tests a memory no reader keeps (the crowd of
# "88,966"): such a figure is only picked among others.
MAX_TYPED_DIGITS = 4


def _too_exact_to_type(number: Number) -> bool:
    """Whether the number has more significant digits than a reader can be asked to type: "88,966"
    has five, "45,000" two."""
    significant = number.digits.replace(",", "").replace(".", "").strip("0")
    return not number.is_word and len(significant) > MAX_TYPED_DIGITS


# The oldest age a figure after a person's name can be.
MAX_AGE = 120


def _aged(article: Article, index: int, number: Number) -> str:
    """The person whose age the number gives in an aside ("Mr Hinton, 76, is a professor"), as
    the article names them there; "" when it is no such aside."""
    text = article.text
    if (
        number.kind != "count"
        or number.is_word
        or not 0 < number.value <= MAX_AGE
        or text[number.end : number.end + 1] != ","
    ):
        return ""
    for mention in article.mentions[index]:
        if mention.kind == PERSON and text[mention.end : number.start] == ", ":
            start = mention.prefix_start if mention.prefix_start >= 0 else mention.start
            return text[start : mention.end]
    return ""


def _age_question(
    article: Article, claim: Claim, number: Number, person: str, key: tuple[object, ...]
) -> Candidate:
    """ "How old is Mr Hinton?" rather than a blank in "Mr Hinton, ____, is a professor at …",
    whose words would answer the question asking where he teaches."""
    cite = citation(article, claim.sentences)
    prompt = f"How old is {person}, according to the article?"
    return Candidate(
        draft(
            NUMERIC,
            prompt,
            (),
            says(cite.quote),
            cite,
            "number_cloze",
            answer=number.digits.replace(",", ""),
        ),
        claim.sentences,
        answer_forms=(number.text,),
        numeric=True,
        keys=fact_keys(
            article,
            claim.sentences,
            prompt,
            tested=(value_key(number.sentence, number.value),),
            extra=(key, ("number_cloze", number.sentence, "age")),
        ),
        score=2.5,
        shows=name_shows(article, claim.sentences, prompt),
    )


# "11 hours and 55 minutes": one quantity written in two units.
_UNITS = (
    r"(?:hours?|minutes?|days?|weeks?|months?|years?|metres?|feet|foot|pounds?|stones?)"
)
_PART_BEFORE = re.compile(rf"^\s*{_UNITS}\s+and\s+\d")
_PART_AFTER = re.compile(rf"\d\s*{_UNITS}\s+and\s+$")


def _compound_part(article: Article, number: Number) -> bool:
    """Whether the number is one part of a quantity written in two units ("____ hours and 55
    minutes"): alone it tests nothing, and the whole is what the sentence states."""
    text = article.text
    return bool(
        _PART_BEFORE.match(text[number.end : number.end + 20])
        or _PART_AFTER.search(text[max(0, number.start - 20) : number.start])
    )


# "by 32 minutes, to 11 hours and 23 minutes": the amount of a change, then where it ended.
_BY_BEFORE = re.compile(
    r"\bby\s+(?:about |some |nearly |almost |roughly |more than |less than )?[$£€]?$"
)
_TO_BETWEEN = re.compile(
    r"^[^.;]{0,25}?,?\s+to\s+(?:about |some |nearly |almost )?[$£€]?$"
)


def _short_of_result(
    article: Article,
    claim: Claim,
    number: Number,
    at: int,
    views: list[tuple[str, int, str]],
) -> list[tuple[str, int, str]]:
    """The views of a change's amount that do not show where it ended: "shortened the orbit by
    ____ minutes, to 11 hours and 23 minutes" beside the figure it started from, which another
    stem may show, is a subtraction. When every view shows the end, the sentence up to it."""
    text = article.text
    if not _BY_BEFORE.search(text, max(0, number.start - 30), number.start):
        return views
    joins = (
        (other, _TO_BETWEEN.match(text[number.end : other.start]))
        for other in article.numbers[number.sentence]
        if other.start > number.end
    )
    result, joined = next(((o, j) for o, j in joins if j), (None, None))
    if result is None or joined is None:
        return views
    kept = [view for view in views if not shows_number(view[0], result.text)]
    if kept:
        return kept
    stop = claim.position(article=article, offset=number.end) + len(
        joined.group().rsplit(" to ", 1)[0].rstrip(" ,")
    )
    if at >= stop:
        return []
    return [(claim.text[:stop] + "…", at, f"@0:{stop}")]


# A number of a range or a score joined to the next by "to", "and" or a dash ("4.75% to 5%",
# "between 18 and 24", "2-1"); "from 3.4% to 4.2%" is a change, each end its own fact.
_JOINED_AFTER = re.compile(r"(?:\s*(?:%|per cent))?(?:\s+(?:to|and)\s+|[-–])[$£€]?\d")
_JOINED_BEFORE = re.compile(
    r"(?:\b(?P<lead>from|between)\s+)?[$£€]?\d[\d.,]*(?:\s*(?:%|per cent))?"
    r"(?P<join>\s+(?:to|and)\s+|[-–])$"
)


def _range_bound(article: Article, number: Number) -> bool:
    """Whether the number is one end of a range or one side of a score: asked alone, its blank
    fits the other end too ("a high of ____% to 5.5%") or leaves a coin toss ("lost 2-____")."""
    text = article.text
    if _JOINED_AFTER.match(text, number.end):
        lead = re.search(r"\b(from|between)\s+[$£€]?$", text[: number.start])
    else:
        joined = _JOINED_BEFORE.search(text[max(0, number.start - 40) : number.start])
        if joined is None:
            return False
        lead = joined
        if "and" in joined.group("join"):
            return joined.group("lead") == "between"
    return lead is None or lead.group(1) != "from"

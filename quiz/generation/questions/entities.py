"""Names: who did it, which organisation, which place; clozes on a person, place or organisation,
with wrong options of the same kind from the article.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from functools import partial

from ..claims import Claim, citation, is_verb, name_forms, says
from ..distractors import pick_names, place_review
from ..facts import Article
from ..names import ORG, PERSON, PLACE, ROLE_WORDS, TITLES
from ..records import SINGLE_CHOICE, Candidate
from ..roles import HONORIFICS, role_head
from .common import (
    BLANK,
    clause_views,
    draft,
    fact_keys,
    frames_around,
    name_key,
    name_shows,
    ordered_choices,
)


def _name_keys(index: int, name: str) -> tuple[tuple[str, int, str], ...]:
    """The name asked for, and each long word of it: "Commons" and "House of Commons" asked on
    one sentence are one fact asked twice."""
    return (
        name_key(index, name),
        *(("name_word", index, w.lower()) for w in name.split() if len(w) >= 4),
    )


def _holders_of_same_role(article: Article, role: str, answer: str) -> frozenset[str]:
    """The other people the article gives a role of the same kind ("Defence Minister" and
    "Interior Minister"): beside "Which Russian President …?" only they are sensible options."""
    head = role_head(role)
    return frozenset(
        held.name
        for roles in article.roles
        for held in roles
        if held.name != answer and role_head(held.role) == head
    )


def _options_beside_role(
    article: Article,
    role: str,
    answer: str,
    distractors: list[str],
    pick: Callable[..., list[str]],
) -> list[str]:
    """Wrong options for a person question whose stem shows the answer's `role`: `distractors` when
    each holds a role of the same kind, else three (or two) that do, else none."""
    holders = _holders_of_same_role(article, role, answer)
    if set(distractors) <= holders:
        return distractors
    for count in (3, 2):
        options = pick(count=count, only=holders)
        if options:
            return options
    return []


def _in_one_sentence(article: Article, words: str) -> bool:
    """Whether `words` point to one place in the article (a stem without its role still does)."""
    words = words.rstrip('”"')
    return (
        sum(words in article.sentence_text(i) for i in range(len(article.parsed))) == 1
    )


def entity_questions(
    article: Article, index: int, claim: Claim, rng: random.Random
) -> Iterator[Candidate]:
    """Who/which organisation did it (subject replaced), or which name completes the sentence."""
    cite = citation(article, claim.sentences)
    explanation = says(cite.quote)
    for mention in article.mentions[index]:
        if mention.kind not in {PERSON, ORG, PLACE}:
            continue
        at = claim.position(article=article, offset=mention.start)
        end = at + len(mention.surface)
        if at < 0 or claim.text[at:end] != mention.surface:
            continue
        if at > 0 and claim.text[:at].endswith("The "):
            # "to The National": "The" is part of a title the model cut off; the blank would not read.
            continue
        after_the = claim.text[:at].endswith(("the ", "The "))
        countries = mention.kind == PLACE and mention.name in article.countries
        # Three other names when the article has them, else two: three options beat none.
        pick = partial(
            pick_names,
            article,
            kind=mention.kind,
            answer=mention.name,
            cited=cite.quote,
            index=index,
            rng=rng,
            acronyms=after_the and mention.kind == PLACE,
            countries=countries,
        )
        for count in (3, 2):
            distractors = pick(count=count)
            if distractors:
                break
        if not distractors or place_review(
            article, countries=countries, options=[mention.name, *distractors]
        ):
            # A place the article does not type as a country (a capital standing for its
            # government, "____'s decision") beside countries confuses: no question.
            continue
        choices = ordered_choices([mention.name], distractors, rng)
        rest = claim.text[end:]
        forms = (*name_forms(article, mention.name), mention.surface)
        before = claim.text[:at]
        subject = before == "" or (
            re.fullmatch(r"(?:[A-Z][\w-]* )+(?:[a-z-]+ )?", before) is not None
            and before.split()[-1].lower() in ROLE_WORDS | TITLES
        )
        verb = re.match(
            r"(?:, (?:a|an|the) (?P<role>[^,“”\"]+), )?(?: on \w+day)? ?(?P<verb>[a-z]+)\b",
            rest,
        )
        if verb and not is_verb(verb.group("verb")):
            verb = None
        if (
            mention.kind in {PERSON, ORG}
            and subject
            and verb
            and rest.rstrip().endswith((".", ".”", '."'))
        ):
            tail = rest[verb.start("verb") :].rstrip()
            tail = (
                tail[:-1]
                if tail.endswith(".")
                else tail.replace(".”", "”").replace('."', '"')
            )
            options, who_choices = distractors, choices
            role = verb.group("role") or (
                before.strip()
                if before.strip() and before.split()[-1].lower() not in HONORIFICS
                else ""
            )
            if mention.kind == ORG:
                prompt = f"Which organisation {tail}?"
            elif role:
                # The role in the stem rules out every option that does not hold one like it:
                # only people the article gives such a role may stand beside the answer.
                options = _options_beside_role(
                    article, role, mention.name, options, pick
                )
                if options != distractors:
                    who_choices = ordered_choices([mention.name], options, rng)
                if options:
                    prompt = f"Which {role} {tail}?"
                elif _in_one_sentence(article, tail):
                    options, who_choices = distractors, choices
                    prompt = f"Who {tail}?"
                else:
                    continue
            else:
                prompt = f"Who {tail}?"
            frames = (" ".join(tail.split()[:3]),)
            keys = fact_keys(
                article,
                claim.sentences,
                prompt,
                tested=_name_keys(index, mention.name),
            )
            yield Candidate(
                draft(
                    SINGLE_CHOICE,
                    prompt,
                    who_choices,
                    explanation,
                    cite,
                    "who_did" if mention.kind == PERSON else "which_organisation",
                ),
                claim.sentences,
                answer_forms=forms,
                distractors=tuple(options),
                frames=frames,
                keys=keys,
                score=2.8,
                shows=name_shows(article, claim.sentences, prompt),
            )
            continue
        if mention.kind == PERSON and len(mention.surface.split()) < 2:
            continue
        label = {PERSON: "person", ORG: "organisation", PLACE: "place"}[mention.kind]
        roles = [r.role for r in article.roles[index] if r.name == mention.name]
        for blanked, view, review in clause_views(claim.text, at, end):
            options, cloze_choices = distractors, choices
            shown_role = next((r for r in roles if f"{r} {BLANK}" in blanked), "")
            if shown_role:
                # A title on the blank ("President ____") cannot be dropped from the article's
                # words: asked with options that hold a role like it, or not at all. An appositive
                # after the blank (", a planetary scientist at X,") is left: most such sentences
                # have no other question, and the title is what graders found answering itself.
                options = _options_beside_role(
                    article, shown_role, mention.name, distractors, pick
                )
                if not options:
                    continue
                if options != distractors:
                    cloze_choices = ordered_choices([mention.name], options, rng)
            where_from = (
                "these words of the article"
                if claim.clause or view
                else "the sentence from the article"
            )
            prompt = f"Which {label} completes {where_from}? {blanked}"
            keys = fact_keys(
                article,
                claim.sentences,
                prompt,
                tested=_name_keys(index, mention.name),
            )
            yield Candidate(
                draft(
                    SINGLE_CHOICE,
                    prompt,
                    cloze_choices,
                    explanation,
                    cite,
                    f"{label}_cloze",
                    review=review,
                ),
                claim.sentences,
                answer_forms=forms,
                distractors=tuple(options),
                frames=frames_around(claim.text, at, end),
                keys=keys,
                score=1.9 - 0.2 * bool(view),
                shows=name_shows(article, claim.sentences, prompt),
            )

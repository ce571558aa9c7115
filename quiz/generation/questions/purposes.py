"""Why something was done, as the article says: the phrase giving the purpose or reason ("to slow
Russia's advances", "because it stopped Parliament", "so that he could speak freely") left blank, with
the article's other purposes or reasons as the wrong options.

The parse finds the phrase: a clause of the main verb introduced by "to", "because" or "so that",
or the "to" clause after a verb that states a purpose ("was needed to", "was designed to"). The wrong
options are of the same form and said of something else in the article, so a student must know
which purpose goes with which act; they can still fit the act, so a reviewer is asked to check.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from ..claims import Claim, citation, has_form, says
from ..facts import Article
from ..records import SINGLE_CHOICE, Candidate, words
from ..sentences import Token
from .common import (
    BLANK,
    WINDOW_WORDS,
    clause_views,
    draft,
    fact_keys,
    fragment_review,
    name_shows,
    ordered_choices,
    subtree_span,
)

# Verbs whose "to" clause says what something is for ("was needed to counter"), unlike "want to",
# "plan to" or "try to", whose clause is the thing wanted.
PURPOSE_HEADS = words(
    "need design aim rush use intend mean work act move fight hire buy send deploy build spend "
    "set create launch"
)
MIN_PHRASE_WORDS = 3
MAX_PHRASE_WORDS = 10
WRONG_OPTIONS = 3
REVIEW = (
    "The wrong options are purposes or reasons the article gives for other things: check that "
    "none of them also fits here.",
)


@dataclass(frozen=True, slots=True)
class Purpose:
    sentence: int
    start: int  # offsets into the article text
    end: int
    text: str
    opener: str  # "to", "because" or "so that": options share it
    # Where the subject of the act it is the purpose of starts; -1 when the act has none.
    subject: int = -1


def _opener(tokens: tuple[Token, ...], verb: int) -> tuple[int, str] | None:
    """Where the clause of `verb` opens and with which words, if it gives a purpose or reason."""
    marks = [
        p
        for p in range(verb)
        if tokens[p].head == verb and tokens[p].dep in {"aux", "mark"}
    ]
    if not marks:
        return None
    first = marks[0]
    word = tokens[first].text.lower()
    head = tokens[tokens[verb].head]
    if word == "because" and tokens[verb].dep == "advcl":
        return first, "because"
    if (
        word == "so"
        and first + 1 < verb
        and tokens[first + 1].text.lower() == "that"
        and tokens[verb].dep == "advcl"
    ):
        return first, "so that"
    if word == "to" and (
        tokens[verb].dep == "advcl"
        or (tokens[verb].dep == "xcomp" and head.lemma in PURPOSE_HEADS)
    ):
        return first, "to"
    return None


def purposes(article: Article) -> list[Purpose]:
    """Every purpose or reason phrase of the article's usable sentences, in order."""
    found = []
    for parsed in article.parsed:
        if not article.usable[parsed.sentence.index]:
            continue
        for first, last, opener in purpose_spans(parsed.tokens):
            text = article.text[first:last]
            if not MIN_PHRASE_WORDS <= len(text.split()) <= MAX_PHRASE_WORDS or any(
                mark in text for mark in '“”",;()–—'
            ):
                continue
            found.append(
                Purpose(
                    parsed.sentence.index,
                    first,
                    last,
                    text,
                    opener,
                    _subject_of_the_act(parsed.tokens, first),
                )
            )
    return found


# Words a view may show before its blank when it starts at the subject of the act: a longer
# subject is left cut, as any window is.
MAX_SUBJECT_VIEW_WORDS = WINDOW_WORDS + 4


def _subject_of_the_act(tokens: tuple[Token, ...], first: int) -> int:
    """Where the subject of the act a purpose phrase (opening at offset `first`) is the purpose of
    starts ("the shift in landmine policy … was needed to counter …"): -1 when the act has none."""
    opener = next((k for k, t in enumerate(tokens) if t.start == first), None)
    if opener is None:
        return -1
    act = tokens[tokens[opener].head].head
    subjects = [
        k
        for k, t in enumerate(tokens)
        if t.head == act and t.dep in {"nsubj", "nsubjpass"} and k < act
    ]
    if not subjects:
        return -1
    start, _ = subtree_span(tokens, subjects[0])
    return tokens[start].start


def _with_subject(
    claim: Claim, article: Article, purpose: Purpose, at: int, blanked: str, view: str
) -> tuple[str, str, tuple[str, ...]]:
    """A view of the clause around the blank that starts inside the subject of the act ("…in
    landmine policy for Ukraine was needed ____…") started at that subject instead ("…the shift in
    landmine policy for Ukraine was needed ____…"), so that it says what the purpose is of."""
    if not view or purpose.subject < 0:
        return blanked, view, fragment_review(blanked)
    begins = claim.position(article=article, offset=purpose.subject)
    cut = int(view[1:])
    shown = claim.text[begins:at]
    if (
        not 0 <= begins < cut
        or len(shown.split()) > MAX_SUBJECT_VIEW_WORDS
        or any(mark in shown for mark in ",;:")
    ):
        return blanked, view, fragment_review(blanked)
    text = ("…" if begins else "") + shown + blanked[blanked.index(BLANK) :]
    return text, f"@{begins}", fragment_review(text)


def purpose_spans(tokens: tuple[Token, ...]) -> Iterator[tuple[int, int, str]]:
    """Where each purpose or reason phrase of a parsed sentence starts and ends (offsets into the
    article text), with the words that open it."""
    for verb, token in enumerate(tokens):
        if token.pos not in {"VERB", "AUX"} or token.dep not in {"advcl", "xcomp"}:
            continue
        opened = _opener(tokens, verb)
        if opened is None:
            continue
        first, opener = opened
        _, last = subtree_span(tokens, verb)
        yield tokens[first].start, tokens[last].end, opener


def purpose_questions(
    article: Article, rng: random.Random, claims: dict[int, Claim]
) -> Iterator[Candidate]:
    """Single choice: which purpose or reason completes the sentence?"""
    found = purposes(article)
    by_opener: dict[str, list[Purpose]] = {}
    for purpose in found:
        by_opener.setdefault(purpose.opener, []).append(purpose)
    for purpose in found:
        claim = claims.get(purpose.sentence)
        # A phrase the article uses twice ("to strike Russia") does not tell one act from another.
        if claim is None or article.text.count(purpose.text) > 1:
            continue
        at = claim.position(article=article, offset=purpose.start)
        if at < 0 or claim.text[at : at + len(purpose.text)] != purpose.text:
            continue
        cite = citation(article, claim.sentences)
        others = sorted(
            {
                p.text
                for p in by_opener[purpose.opener]
                if p.sentence != purpose.sentence
                and not has_form(cite.quote, p.text)
                and p.text.lower() != purpose.text.lower()
            }
        )
        if len(others) < WRONG_OPTIONS - 1:
            continue
        wrong = sorted(rng.sample(others, min(WRONG_OPTIONS, len(others))))
        for blanked, view, review in clause_views(
            claim.text, at, at + len(purpose.text)
        ):
            if view:
                blanked, view, review = _with_subject(
                    claim, article, purpose, at, blanked, view
                )
            where_from = "these words of" if view else "the sentence from"
            prompt = f"Which phrase completes {where_from} the article? {blanked}"
            yield Candidate(
                draft(
                    SINGLE_CHOICE,
                    prompt,
                    ordered_choices([purpose.text], wrong, rng),
                    says(cite.quote),
                    cite,
                    "purpose_choice",
                    review=(*REVIEW, *review),
                ),
                claim.sentences,
                answer_forms=(purpose.text,),
                distractors=tuple(wrong),
                keys=fact_keys(
                    article,
                    claim.sentences,
                    prompt,
                    tested=(("purpose", purpose.sentence, purpose.start),),
                ),
                score=2.3 - 0.2 * bool(view),
                shows=name_shows(article, claim.sentences, prompt),
            )

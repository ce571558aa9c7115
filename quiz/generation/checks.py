"""Quality gates: each hard gate returns the reason a candidate must be dropped, or None.

They are separate functions so that each can be tested with a crafted candidate, and so that a dropped
question can say which gate stopped it. They read the article through its indexes (names -> sentences,
the set of stated numbers), never by rescanning the text, to keep generation linear in its length.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from rapidfuzz import fuzz

from .claims import back_reference, has_form, unresolved_reference
from .distractors import mixed_kinds
from .facts import NUMBER_PATTERN, Article, Number, parse_number
from .leaks import counts_own_answer, is_short
from .questions.common import BLANK
from .questions.details import MONTH, date_shape
from .questions.details import RULE as SHAPED_RULES
from .records import MULTIPLE_SELECT, NUMERIC, SINGLE_CHOICE, TRUE_FALSE, Candidate

Gate = Callable[..., str | None]
_LEADING_PRONOUN = re.compile(
    r"^(?:According to the article: |Claim: )?(?:It|Its|They|Their|He|His|She|Her|This|These|Those)\b"
)
_FORMAT = re.compile(r"\d+")


def numbers_in(text: str) -> list[Number]:
    return [
        n for m in NUMBER_PATTERN.finditer(text) if (n := parse_number(m, 0, 0, text))
    ]


# Bounded: the gates read each cited sentence once per candidate on it, a few per sentence.
@lru_cache(maxsize=1 << 12)
def _values_in(text: str) -> frozenset[float]:
    values: set[float] = set()
    for n in numbers_in(text):
        values.update({n.value, float(n.digits.replace(",", ""))})
    return frozenset(values)


def _stands_in(form: str, text: str, *, numeric: bool) -> bool:
    """A number stands in text by value ("1,000" is "1000"); a word or name on word boundaries."""
    if numeric and _FORMAT.search(form):
        wanted = {n.value for n in numbers_in(form)} or {float(form.replace(",", ""))}
        return bool(wanted & _values_in(text))
    return has_form(text, form)


def quote_exact(*, candidate: Candidate, article: Article) -> str | None:
    c = candidate.question.citation
    if (
        not (0 <= c.start < c.end <= len(article.text))
        or article.text[c.start : c.end] != c.quote
    ):
        return "citation quote is not the text at its offsets"
    return None


def sentences_usable(*, candidate: Candidate, article: Article) -> str | None:
    for index in candidate.sentences:
        if not article.usable[index] and index not in article.dated_lines:
            return "cites a sentence that is cut off or has no verb"
    return None


def answer_in_citation(*, candidate: Candidate, article: Article) -> str | None:
    """The correct answer (or, for claims, every number the claim keeps) stands in the cited text."""
    quote = candidate.question.citation.quote
    if candidate.question.kind == TRUE_FALSE:
        refuted = candidate.question.choices[1].correct
        kept = _values_in(candidate.claim) - {
            v for d in candidate.distractors for v in _values_in(d)
        }
        if not kept <= _values_in(quote) and not refuted:
            return "a number in the claim is not in the cited text"
        if fuzz.token_set_ratio(candidate.claim, quote) < 70:
            return "the claim does not match the cited text"
        return None
    forms = candidate.answer_forms
    if not forms:
        return "no answer to check"
    if candidate.question.kind == MULTIPLE_SELECT:
        ok = all(_stands_in(f, quote, numeric=False) for f in forms)
    else:
        ok = any(_stands_in(f, quote, numeric=candidate.numeric) for f in forms)
    return None if ok else "the correct answer is not in the cited text"


def distractors_false(*, candidate: Candidate, article: Article) -> str | None:
    """No wrong option stands in the cited text, or is stated elsewhere in the same frame (true there)."""
    quote = candidate.question.citation.quote
    for distractor in candidate.distractors:
        if candidate.question.kind != TRUE_FALSE and distractor in quote:
            return f"distractor {distractor!r} is in the cited text"
        if candidate.numeric:
            if _said_of_this(candidate, article, _values_in(distractor)):
                return f"distractor {distractor!r} is a number the article states"
            if _stands_in(distractor, quote, numeric=True):
                return f"distractor {distractor!r} is in the cited text"
            continue
        if has_form(quote, distractor):
            return f"distractor {distractor!r} is in the cited text"
        for index in article.name_sentences.get(distractor, ())[:50]:
            sentence = article.sentence_text(index)
            if candidate.frames and all(
                f.lower() in sentence.lower() for f in candidate.frames
            ):
                return f"distractor {distractor!r} may be true: sentence {index} says the same of it"
    return None


def _said_of_this(
    candidate: Candidate, article: Article, values: frozenset[float]
) -> bool:
    """Whether the article states one of a wrong option's values where it may be true: anywhere,
    for a claim or a question without frames; for a choice, in a sentence with the words around
    the answer (a figure the article gives another event, another year or percentage, is wrong
    here, and leaves the answer no longer the only option the article writes)."""
    stated = values & article.values
    if not stated:
        return False
    if candidate.question.kind == TRUE_FALSE or not candidate.frames:
        return True
    return any(
        all(f.lower() in article.sentence_text(i).lower() for f in candidate.frames)
        for value in stated
        for i in article.value_sentences.get(value, ())[:50]
    )


def _normal(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).removeprefix("the ").strip()


def choices_distinct(*, candidate: Candidate, article: Article) -> str | None:
    choices = candidate.question.choices
    normal = {_normal(c.text) for c in choices}
    if len(normal) != len(choices) or "" in normal:
        return "choices are not distinct"
    return None


def options_one_kind(*, candidate: Candidate, article: Article) -> str | None:
    """All options of a choice question are of the answer's kind by the pipeline's reading of the
    whole article (people among people, years among years): an option of another kind is ruled
    out without reading. Sentences and phrases are not named things and are not judged, nor are
    scores and dates with their month, whose wrong options are made in the answer's own shape (the
    pipeline names "September 26" a date where the article writes it, and nothing where it does not)."""
    q = candidate.question
    options = [c.text for c in q.choices]
    if (
        q.kind not in {SINGLE_CHOICE, MULTIPLE_SELECT}
        or q.rule in SHAPED_RULES.values()
        or not all(map(is_short, options))
    ):
        return None
    kinds = mixed_kinds(article, options)
    if kinds:
        return "options of mixed kinds: " + ", ".join(
            f"{o} ({k})" for o, k in zip(options, kinds, strict=True)
        )
    return None


def choices_well_formed(*, candidate: Candidate, article: Article) -> str | None:
    """Right number of options and correct answers for the kind, all of one format."""
    q = candidate.question
    correct = sum(c.correct for c in q.choices)
    if q.kind == NUMERIC:
        return (
            None
            if not q.choices and q.answer and re.fullmatch(r"\d+(?:\.\d+)?", q.answer)
            else "numeric question needs a number answer and no choices"
        )
    if q.kind == TRUE_FALSE:
        labels = tuple(c.text for c in q.choices)
        return (
            None
            if labels == ("True", "False") and correct == 1
            else "true/false needs True then False, one correct"
        )
    if q.kind == SINGLE_CHOICE and (len(q.choices) not in {3, 4} or correct != 1):
        return "single choice needs three or four options, one correct"
    if q.kind == MULTIPLE_SELECT and not (
        1 <= correct < len(q.choices) and 4 <= len(q.choices) <= 7
    ):
        return "multiple select needs 4-7 options, some correct and some not"
    texts = [c.text for c in q.choices]
    shapes = {
        date_shape(t)
        if MONTH.search(t)
        else _FORMAT.sub("9", t).replace("9,9", "9").replace("9.9", "9")
        for t in texts
    }
    has_digits = {bool(_FORMAT.search(t)) for t in texts}
    if len(has_digits) > 1 or (True in has_digits and len(shapes) > 1):
        return "choices mix formats"
    lengths = [len(t.split()) for t in texts]
    # A purpose is a phrase, not a name: longer, and its options as long as the article has them.
    longest, spread = (10, 7) if q.rule == "purpose_choice" else (6, 3)
    if max(lengths) > longest or max(lengths) - min(lengths) > spread:
        return "choices differ too much in length"
    return None


def prompt_well_formed(*, candidate: Candidate, article: Article) -> str | None:
    """Ends with "?", is a claim or has a blank; does not give away its answer; no dangling pronoun."""
    q = candidate.question
    prompt = q.prompt
    is_claim = q.kind == TRUE_FALSE and prompt.startswith("According to the article: ")
    if not (
        prompt.endswith("?")
        or is_claim
        or BLANK in prompt
        or prompt.endswith("Select all that apply.")
    ):
        return "prompt is neither a question, a claim nor a blank to fill"
    if _LEADING_PRONOUN.match(prompt):
        return "prompt starts with an unresolved pronoun"
    if q.kind != TRUE_FALSE:
        for choice in q.choices:
            if choice.correct and (
                has_form(prompt, choice.text)
                or (candidate.numeric and _stands_in(choice.text, prompt, numeric=True))
            ):
                return "prompt contains its answer"
        if q.answer and _stands_in(q.answer, prompt.replace(BLANK, ""), numeric=True):
            return "prompt contains its answer"
        if q.kind == SINGLE_CHOICE and not candidate.numeric:
            for form in candidate.answer_forms:
                if has_form(prompt, form):
                    return "prompt contains its answer"
    if len(prompt) > 600:
        return "prompt is too long"
    return None


# A name standing in this share of the article's sentences (and at least TOPIC_MIN_SENTENCES) is
# what the article is about: asking for it can be answered without reading, and it would stand in
# most other questions' prompts, giving itself away.
TOPIC_SHARE = 0.25
TOPIC_MIN_SENTENCES = 4


def answer_not_the_topic(*, candidate: Candidate, article: Article) -> str | None:
    if candidate.question.kind in {MULTIPLE_SELECT, TRUE_FALSE}:
        # Which of several names a list holds and whether a claim has the right one are read,
        # not guessed. "Who said" is not exempt: an interview names its interviewee in most
        # sentences, so "the interviewee" is the guess, and every other question shows it.
        return None
    sentences = len(article.parsed)
    for key in candidate.keys:
        # A name key is ("name", sentence, name), as name_key builds it.
        if key[0] != "name" or not isinstance(key[2], str):
            continue
        mentioned = len(article.name_sentences.get(key[2], ()))
        if mentioned >= max(TOPIC_MIN_SENTENCES, TOPIC_SHARE * sentences):
            return (
                f"asks for {key[2]!r}, which the article names in {mentioned} sentences"
            )
    return None


def claim_stands_alone(*, candidate: Candidate, article: Article) -> str | None:
    """A true/false claim is read without the article beside it: every pronoun and "the move" in it
    points to something the claim itself names."""
    if candidate.question.kind != TRUE_FALSE or not candidate.claim:
        return None
    reference = unresolved_reference(article, candidate.sentences, candidate.claim)
    return (
        f"the claim refers back to something it does not name: {reference!r}"
        if reference
        else None
    )


def answer_not_counted_in_stem(*, candidate: Candidate, article: Article) -> str | None:
    """A figure question's own stem must not give its answer away by a count: "both", "pair" or a
    listed series beside the blank."""
    shown = counts_own_answer(candidate.question)
    return f"the stem itself lets a student count {shown!r}" if shown else None


HARD_GATES: tuple[Gate, ...] = (
    quote_exact,
    sentences_usable,
    answer_in_citation,
    distractors_false,
    choices_distinct,
    choices_well_formed,
    options_one_kind,
    prompt_well_formed,
    answer_not_the_topic,
    answer_not_counted_in_stem,
    claim_stands_alone,
)


def failed_gate(*, candidate: Candidate, article: Article) -> str | None:
    """The first hard gate the candidate fails, or None when it passes them all."""
    for gate in HARD_GATES:
        reason = gate(candidate=candidate, article=article)
        if reason:
            return f"{gate.__name__}: {reason}"
    return None


def soft_concerns(*, candidate: Candidate) -> tuple[str, ...]:
    """Reasons for a reviewer to look, added to the question's own (pronoun resolved, fixed lists)."""
    q = candidate.question
    notes = list(q.review)
    text = candidate.claim or q.prompt
    if q.kind == TRUE_FALSE and back_reference(candidate.claim or text, anywhere=True):
        notes.append(
            "The claim refers back to something earlier (“the move”, “this”): check it reads on its own."
        )
    if len(q.prompt) > 300:
        notes.append("Long prompt: consider shortening.")
    return tuple(dict.fromkeys(notes))

"""Facts -> candidate questions, many per sentence, before the gates and the ranking.

Every stem is built from the article's own sentence (a blank where the answer was, the subject
replaced by "Who"/"Which ...", the sentence as a claim), so it is grammatical without a parser.
Distractors are of the answer's type and format and come from the same article; numbers are perturbed
and never equal a number stated anywhere in the article. A refuted claim changes one number only.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from .claims import (
    Claim,
    back_reference,
    citation,
    clause_claims,
    has_form,
    is_verb,
    make_claim,
    name_forms,
    reduced_claims,
    says,
    short_claim,
)
from .distractors import number_variants, other_items, pick_names, place_review
from .facts import Article, Number, content_words
from .names import ORG, PERSON, PLACE, ROLE_WORDS, TITLES
from .records import (
    MULTIPLE_SELECT,
    NUMERIC,
    SINGLE_CHOICE,
    TRUE_FALSE,
    Candidate,
    Citation,
    GeneratedChoice,
    GeneratedQuestion,
)
from .roles import hide_names, unnamed_roles

BLANK = "____"
# A quote opening with one of these reads as a fragment: it is shown from the next word, after "…".
_OPENING_CONJUNCTION = r"(?:And|But|So|Yet|Or) (?=\w)"
MAX_CHOICE_CHARS = 320
_KIND_LABEL = {
    "count": "number",
    "year": "year",
    "money": "amount",
    "percent": "percentage",
    "day": "day",
    "ordinal": "word",
}
_CHOICE_RULE = {
    "count": "number",
    "year": "year",
    "money": "amount",
    "percent": "percent",
    "day": "date",
    "ordinal": "ordinal",
}
_REFUTED_RULE = _CHOICE_RULE | {"ordinal": "number"}


def value_key(sentence: int, value: float) -> tuple[str, int, float]:
    return ("value", sentence, value)


def name_key(sentence: int, name: str) -> tuple[str, int, str]:
    return ("name", sentence, name)


def _shows_number(text: str, number: str) -> bool:
    """A number's words in text, not as part of another number ("5%" is not in "5.5%")."""
    return re.search(rf"(?<![\w.,]){re.escape(number)}(?!\w|[.,]\d)", text) is not None


def fact_keys(
    article: Article,
    sentences: tuple[int, ...],
    shown: str,
    *,
    tested: tuple[tuple[Any, ...], ...] = (),
    extra: tuple[tuple[Any, ...], ...] = (),
) -> tuple[tuple[Any, ...], ...]:
    """The facts a question tests or shows as true, one key per (sentence, normalised value).

    `tested`: the value a cloze, choice or refuted claim is about, or the name a single choice asks
    for. `shown`: what the student reads before answering as the article's words (the prompt, the
    correct choice); every number of the cited sentences standing in it is a detail it reveals.
    Two questions sharing a key are siblings (one gives the other's answer away) and the ranking
    keeps only one. Constant work per question: only the cited sentences are read.
    """
    keys = set(tested) | set(extra)
    for index in sentences:
        for number in article.numbers[index]:
            if _shows_number(shown, number.text):
                keys.add(value_key(index, number.value))
    return tuple(sorted(keys, key=repr))


def name_shows(
    article: Article, sentences: tuple[int, ...], shown: str
) -> tuple[tuple[Any, ...], ...]:
    """The names of the cited sentences a student reads in `shown` (the prompt, the correct choice)
    before answering, one key per (sentence, name), and ("role", sentence, name) when a person's
    name and role both stand in it. A question asking for one of them is a sibling of this one.
    Constant work per question: only the cited sentences' names are read."""
    keys: set[tuple[Any, ...]] = set()
    for index in sentences:
        names = {m.name for m in article.mentions[index]}
        names.update(
            i for item_list in article.lists_in.get(index, ()) for i in item_list.items
        )
        for name in names:
            if any(has_form(shown, form) for form in name_forms(article, name)):
                keys.add(name_key(index, name))
        for mention in article.mentions[index]:
            if has_form(shown, mention.surface):
                keys.add(name_key(index, mention.name))
        for role in article.roles[index]:
            if has_form(shown, role.role) and name_key(index, role.name) in keys:
                keys.add(("role", index, role.name))
    return tuple(sorted(keys, key=repr))


def _choices(
    correct: list[str],
    wrong: list[str],
    rng: random.Random,
    *,
    sort_key: dict[str, float] | None = None,
) -> tuple[GeneratedChoice, ...]:
    items = [GeneratedChoice(t, True) for t in correct] + [
        GeneratedChoice(t, False) for t in wrong
    ]
    if sort_key is not None:
        items.sort(key=lambda c: sort_key[c.text])
    else:
        rng.shuffle(items)
    return tuple(items)


def _question(
    kind: str,
    prompt: str,
    choices: tuple[GeneratedChoice, ...],
    explanation: str,
    cite: Citation,
    rule: str,
    *,
    answer: str | None = None,
    review: tuple[str, ...] = (),
) -> GeneratedQuestion:
    return GeneratedQuestion(
        kind, prompt, choices, answer, explanation, cite, rule, review
    )


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
        _question(
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
            _question(
                TRUE_FALSE,
                f"According to the article: {text}",
                lie,
                explanation,
                cite,
                f"{'clause' if claim.clause else 'claim'}_refuted_{_REFUTED_RULE[number.kind]}",
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


_CLAUSE_BREAK = re.compile(r", |; | [–—] ")
MIN_FRAGMENT_WORDS = 4


def _fragment(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The clause around text[start:end] (between commas, semicolons or dashes), grown to at least a
    few words, or None when it would be the whole sentence."""
    cuts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(text)]
    stops = [m.start() for m in _CLAUSE_BREAK.finditer(text)] + [len(text)]
    pieces = list(zip(cuts, stops, strict=True))
    first = last = next(
        (k for k, (a, b) in enumerate(pieces) if a <= start and end <= b), -1
    )
    if first < 0:
        return None
    while len(text[pieces[first][0] : pieces[last][1]].split()) < MIN_FRAGMENT_WORDS:
        if first > 0:
            first -= 1
        elif last < len(pieces) - 1:
            last += 1
        else:
            return None
    a, b = pieces[first][0], pieces[last][1]
    b -= text[a:b].endswith(".")
    return None if (a, b) == (0, len(text) - text.endswith(".")) else (a, b)


def _number_views(claim: Claim, at: int, length: int) -> list[tuple[str, int, str]]:
    """The sentence with the number in it, and the clause around the number on its own (so that a
    question on one number of a sentence need not show the others): (shown text, where the number
    stands in it, the per-view part of its key)."""
    views = [(claim.text, at, "")]
    fragment = _fragment(claim.text, at, at + length)
    if fragment:
        a, b = fragment
        shown = ("…" if a else "") + claim.text[a:b] + "…"
        views.append((shown, at - a + (1 if a else 0), f"@{a}"))
    return views


def _fragment_review(shown: str) -> tuple[str, ...]:
    """A clause from the middle of a sentence may have lost its subject ("…slowed to ____ in August…")."""
    if not shown.startswith("…"):
        return ()
    return (
        "Shows a clause from the middle of a sentence: check that it says what it is about.",
    )


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
        key = ("number", index, number.start)
        tested = (value_key(index, number.value),)
        variants = number_variants(article, number, rng=rng)
        views = _number_views(claim, at, len(number.text))
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
                _question(
                    NUMERIC,
                    prompt,
                    (),
                    explanation,
                    cite,
                    "number_cloze",
                    answer=answer,
                    review=_fragment_review(shown),
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
    prompt = f"Which {_KIND_LABEL[number.kind]} completes {where_from}? {blanked}"
    return Candidate(
        _question(
            SINGLE_CHOICE,
            prompt,
            _choices([number.text], [v[0] for v in variants], rng, sort_key=order),
            says(cite.quote),
            cite,
            f"{_CHOICE_RULE[number.kind]}_choice",
            review=_fragment_review(shown),
        ),
        claim.sentences,
        answer_forms=(number.text,),
        distractors=tuple(v[0] for v in variants),
        numeric=True,
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


def _frames(text: str, start: int, end: int) -> tuple[str, ...]:
    left = " ".join(text[:start].split()[-2:])
    right = " ".join(text[end:].split()[:2])
    return tuple(f for f in (left, right) if len(f) > 3)


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
        after_the = claim.text[:at].endswith(("the ", "The "))
        countries = mention.kind == PLACE and mention.name in article.countries
        distractors = pick_names(
            article,
            kind=mention.kind,
            answer=mention.name,
            cited=cite.quote,
            index=index,
            rng=rng,
            acronyms=after_the and mention.kind == PLACE,
            countries=countries,
        )
        if not distractors or place_review(
            article, countries=countries, options=[mention.name, *distractors]
        ):
            # A place the article does not type as a country (a capital standing for its
            # government, "____'s decision") beside countries confuses: no question.
            continue
        choices = _choices([mention.name], distractors, rng)
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
            if mention.kind == ORG:
                prompt = f"Which organisation {tail}?"
            elif verb.group("role"):
                prompt = f"Which {verb.group('role')} {tail}?"
            elif before.strip() and before.split()[-1].lower() not in {
                "mr",
                "ms",
                "mrs",
                "dr",
            }:
                prompt = f"Which {before.strip()} {tail}?"
            else:
                prompt = f"Who {tail}?"
            frames = (" ".join(tail.split()[:3]),)
            keys = fact_keys(
                article,
                claim.sentences,
                prompt,
                tested=(name_key(index, mention.name),),
            )
            yield Candidate(
                _question(
                    SINGLE_CHOICE,
                    prompt,
                    choices,
                    explanation,
                    cite,
                    "who_did" if mention.kind == PERSON else "which_organisation",
                ),
                claim.sentences,
                answer_forms=forms,
                distractors=tuple(distractors),
                frames=frames,
                keys=keys,
                score=2.8,
                shows=name_shows(article, claim.sentences, prompt),
            )
            continue
        if mention.kind == PERSON and len(mention.surface.split()) < 2:
            continue
        label = {PERSON: "person", ORG: "organisation", PLACE: "place"}[mention.kind]
        blanked = claim.text[:at] + BLANK + claim.text[end:]
        where_from = (
            "these words of the article"
            if claim.clause
            else "the sentence from the article"
        )
        prompt = f"Which {label} completes {where_from}? {blanked}"
        keys = fact_keys(
            article,
            claim.sentences,
            prompt,
            tested=(name_key(index, mention.name),),
        )
        yield Candidate(
            _question(
                SINGLE_CHOICE,
                prompt,
                choices,
                explanation,
                cite,
                f"{label}_cloze",
            ),
            claim.sentences,
            answer_forms=forms,
            distractors=tuple(distractors),
            frames=_frames(claim.text, at, end),
            keys=keys,
            score=1.9,
            shows=name_shows(article, claim.sentences, prompt),
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


def _quote_questions(article: Article, rng: random.Random) -> Iterator[Candidate]:
    for quote in article.quotes:
        if len(quote.body.split()) > 45:
            continue
        cite = citation(article, quote.sentences)
        speaker = quote.speaker
        distractors = pick_names(
            article,
            kind=speaker.kind,
            answer=speaker.name,
            cited=cite.quote,
            index=quote.sentence,
            rng=rng,
        )
        if not distractors:
            continue
        body = quote.body.rstrip(".,;:")
        who = "Who" if speaker.kind == PERSON else "Which organisation"
        opening = re.match(_OPENING_CONJUNCTION, body)
        if opening:
            body = body[opening.end() :]
            prompt = f"{who} said: “…{body}”?"
        elif body[0].isupper():
            prompt = f"{who} said: “{body}”?"
        else:
            prompt = f"{who} used the words “{body}”?"
        yield Candidate(
            _question(
                SINGLE_CHOICE,
                prompt,
                _choices([speaker.name], distractors, rng),
                says(cite.quote),
                cite,
                "who_said",
            ),
            quote.sentences,
            answer_forms=(*name_forms(article, speaker.name), speaker.surface),
            distractors=tuple(distractors),
            frames=(body[:40],),
            keys=fact_keys(
                article,
                quote.sentences,
                prompt,
                tested=tuple(name_key(i, speaker.name) for i in quote.sentences),
                extra=(("quote", quote.start),),
            ),
            score=3.0,
            shows=name_shows(article, quote.sentences, prompt),
        )


def evidence_questions(
    article: Article, index: int, claim: Claim, rng: random.Random
) -> Iterator[Candidate]:
    """Find the evidence: given a claim, pick the sentence that supports it among others of the article."""
    cite = citation(article, claim.sentences)
    if len(cite.quote) > MAX_CHOICE_CHARS or len(claim.text.split()) < 6:
        return
    stated, _ = hide_names(
        claim.text, [r for i in claim.sentences for r in article.roles[i]]
    )
    short = short_claim(stated)
    if short == stated:
        return
    words = content_words(short)
    scores: dict[int, int] = {}
    for word in sorted(
        set(words), key=lambda w: (len(article.word_sentences.get(w, ())), w)
    )[:6]:
        for other in article.word_sentences.get(word, ())[:40]:
            scores[other] = scores.get(other, 0) + 1
    near = list(range(max(0, index - 6), min(len(article.parsed), index + 7)))
    ranked = sorted(scores, key=lambda i: (-scores[i], abs(i - index), i)) + near
    others: list[str] = []
    for other in ranked:
        text = article.sentence_text(other)
        if (
            other in claim.sentences
            or not article.usable[other]
            or len(text) > MAX_CHOICE_CHARS
            or text in others
        ):
            continue
        if text == cite.quote or len(text.split()) < 6:
            continue
        others.append(text)
        if len(others) == 5:
            break
    if len(others) < 3:
        return
    distractors = rng.sample(others, 3)
    prompt = f"Claim: {short} Which sentence of the article supports it?"
    yield Candidate(
        _question(
            SINGLE_CHOICE,
            prompt,
            _choices([cite.quote], distractors, rng),
            f"This is the sentence that says so: “{cite.quote}”",
            cite,
            "evidence",
        ),
        claim.sentences,
        answer_forms=(cite.quote,),
        distractors=tuple(distractors),
        keys=fact_keys(
            article,
            claim.sentences,
            f"{prompt}\n{cite.quote}",
            extra=(("evidence", index),),
        ),
        score=2.1,
        claim=short,
        # Its claim restates the sentence and its answer shows it whole: a supported claim on
        # the same sentence would be answered by it.
        shows=(
            *name_shows(article, claim.sentences, f"{prompt}\n{cite.quote}"),
            ("supported", index),
        ),
    )


MAX_ROLE_WORDS = 6
ROLE_POOL_LIMIT = 40


def _role_words(role: str) -> set[str]:
    return {w for w in re.split(r"[\s-]+", role.lower()) if w not in STOP_WORDS}


def role_questions(article: Article, rng: random.Random) -> Iterator[Candidate]:
    """Who is this person? "What is Ann Lee's role, according to the article?", with the roles of
    other people the article names (or of unnamed officials it quotes) as distractors. None that
    shares a word with the answer ("President" beside "Russian President") or that the article gives
    the same person elsewhere."""
    held: dict[str, set[str]] = {}
    pool: dict[str, None] = {}
    unnamed: set[str] = set()
    for index, roles in enumerate(article.roles):
        for role in roles:
            held.setdefault(role.name, set()).add(role.role.lower())
            pool.setdefault(role.role, None)
        if len(pool) < ROLE_POOL_LIMIT:
            for role in unnamed_roles(article.sentence_text(index)):
                if role not in pool:
                    unnamed.add(role)
                pool.setdefault(role, None)
    asked: set[str] = set()
    for index, roles in enumerate(article.roles):
        if not article.usable[index]:
            continue
        for role in roles:
            if role.name in asked or len(role.role.split()) > MAX_ROLE_WORDS:
                continue
            asked.add(role.name)
            cite = citation(article, (index,))
            answer_words = _role_words(role.role)
            size = len(role.role.split())
            # A bare title ("President") may make its holder one of the article's unnamed
            # officials too ("a White House official"): only named people's roles beside it.
            bare = size == 1 and role.role[0].isupper()
            options = [
                other
                for other in pool
                if other.lower() not in held[role.name]
                and not _role_words(other) & answer_words
                and other not in cite.quote
                and abs(len(other.split()) - size) <= 2
                and len(other.split()) <= MAX_ROLE_WORDS
                and not (bare and other in unnamed)
            ][:5]
            if len(options) < 3:
                continue
            wrong = sorted(rng.sample(options, 3))
            lengths = [len(o.split()) for o in (role.role, *wrong)]
            if max(lengths) - min(lengths) > 3:
                continue
            show = [o[0].upper() + o[1:] for o in (role.role, *wrong)]
            prompt = f"What is {role.name}’s role, according to the article?"
            yield Candidate(
                _question(
                    SINGLE_CHOICE,
                    prompt,
                    _choices(show[:1], show[1:], rng),
                    says(cite.quote),
                    cite,
                    "person_role",
                ),
                (index,),
                answer_forms=(role.role,),
                distractors=tuple(wrong),
                keys=fact_keys(
                    article,
                    (index,),
                    f"{prompt}\n{role.role}",
                    tested=(("role", index, role.name),),
                    extra=(("person_role", role.name),),
                ),
                score=2.2,
                shows=name_shows(article, (index,), f"{prompt}\n{role.role}"),
            )


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
        else:
            pool = other_items(article, index=item_list.sentence, exclude=cite.quote)
            pool = sorted(rng.sample(pool, 2)) if len(pool) >= 2 else []
            review = (
                "Distractors are other things the article mentions: check that none belongs in the list.",
            )
        if len(pool) < 2:
            continue
        items = list(item_list.items)
        prompt = f"The article says: “{context} …” Which of these does it name there? Select all that apply."
        rule = "contrast_select" if item_list.contrast else "list_select"
        yield Candidate(
            _question(
                MULTIPLE_SELECT,
                prompt,
                _choices(items, pool, rng),
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
            score=2.4,
            shows=name_shows(article, claim.sentences, prompt),
        )


def all_candidates(*, article: Article, rng: random.Random) -> list[Candidate]:
    """Overgenerate: every rule on every usable sentence; the gates and the ranking choose."""
    candidates: list[Candidate] = []
    claims: dict[int, Claim] = {}
    for parsed in article.parsed:
        index = parsed.sentence.index
        if not article.usable[index]:
            continue
        claim = make_claim(article, index)
        every = (
            claim_questions,
            number_questions,
            entity_questions,
            evidence_questions,
        )
        # A sentence that cannot stand alone may have a clause that can; a long one gives
        # questions on each clause that do not show the other clause's names.
        whole = claim is not None and not back_reference(claim.text)
        for clause in clause_claims(article, index, whole=whole):
            for rule in every:
                candidates.extend(rule(article, index, clause, rng))
        if claim is None:
            continue
        claims[index] = claim
        if not back_reference(claim.text):
            for reduced in reduced_claims(article, index, claim):
                candidates.extend(claim_questions(article, index, reduced, rng))
        rules = every
        if back_reference(claim.text):
            rules = (number_questions, entity_questions)
        for rule in rules:
            candidates.extend(rule(article, index, claim, rng))
    candidates.extend(quote_questions(article, rng))
    candidates.extend(role_questions(article, rng))
    candidates.extend(list_questions(article, rng, claims))
    return candidates

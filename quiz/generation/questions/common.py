"""What every question rule shares: the keys that tell the ranking which questions test the same
fact, what a question shows before it is answered, and how choices are ordered.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace

from ..claims import compiled, has_form, name_forms, quoted_part
from ..facts import NUMBER_PATTERN, NUMBER_WORDS, Article, Number, parse_number
from ..leaks import PLAIN_WORDS, claim_of, replaced_detail, tokens
from ..names import PERSON, Mention
from ..records import (
    TRUE_FALSE,
    Candidate,
    Citation,
    GeneratedChoice,
    GeneratedQuestion,
)
from ..sentences import SUBJECTS, Token, span_roots, subtree

BLANK = "____"
# The score of a question kept in reserve: chosen only to fill a set that is too small otherwise.
RESERVE = 0.5
# The mark of a view's key part for a view that cuts the verb of its blank's clause or that verb's
# subject (`details._with_its_clause`): its question is held in reserve, and taken only while the
# set cannot spare it (`held`).
HELD_BACK = "~"
# The mark of a view's key part for a view cut short of the names its clause shows after the blank
# (`details._short_of_names`): its question is kept in reserve (score RESERVE), for a set that asks
# one of those names elsewhere to trade the longer view for (`rank._trade_for_views`).
SHORT_OF_NAMES = "^"
# A quote opening with one of these reads as a fragment: it is shown from the next word, after "…".
OPENING_CONJUNCTION = r"(?:And|But|So|Yet|Or) (?=\w)"
KIND_LABEL = {
    "count": "number",
    "year": "year",
    "money": "amount",
    "percent": "percentage",
    "day": "day",
    "ordinal": "word",
}
CHOICE_RULE = {
    "count": "number",
    "year": "year",
    "money": "amount",
    "percent": "percent",
    "day": "date",
    "ordinal": "ordinal",
}
REFUTED_RULE = CHOICE_RULE | {"ordinal": "number"}


_CLAUSE_BREAK = re.compile(r", |; | [–—] ")
MIN_FRAGMENT_WORDS = 4


def clause_around(text: str, start: int, end: int) -> tuple[int, int] | None:
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


def held_back(part: str) -> bool:
    """Whether a view (its key part) is asked only by a set that cannot spare it."""
    return part.endswith(HELD_BACK)


def in_reserve(part: str) -> bool:
    """Whether a view (its key part) is asked only in reserve: held back, or cut short of names."""
    return held_back(part) or SHORT_OF_NAMES in part


def held(candidate: Candidate) -> bool:
    """Whether a question asks a figure in a view held back (`held_back`), its key saying so."""
    return any(
        len(key) == 3
        and isinstance(key[2], str)
        and key[2].startswith("@")
        and held_back(key[2])
        for key in candidate.keys
    )


def fragment_review(shown: str) -> tuple[str, ...]:
    """A clause from the middle of a sentence may have lost its subject ("…slowed to ____ in August…")."""
    if not shown.startswith("…"):
        return ()
    return (
        "Shows a clause from the middle of a sentence: check that it says what it is about.",
    )


def clause_views(
    text: str, start: int, end: int
) -> list[tuple[str, str, tuple[str, ...]]]:
    """The sentence with text[start:end] blank, and the clause around it on its own (so that a
    question on one detail of a sentence need not show the others): (prompt text with the blank,
    the per-view part of its key, the view's review notes)."""
    views: list[tuple[str, str, tuple[str, ...]]] = [
        (text[:start] + BLANK + text[end:], "", ())
    ]
    around = window_around(text, start, end)
    if around and len((text[around[0] : start] + text[end : around[1]]).split()) >= 4:
        # Fewer words than that ("…aimed ____…") do not say what the blank is about.
        a, b = around
        shown = ("…" if a else "") + text[a:start] + BLANK + text[end:b] + "…"
        views.append((shown, f"@{a}", fragment_review(shown)))
    return views


# Words a clause shown around a blank keeps on each side: enough to say what it is about, few
# enough that it need not show the sentence's other details.
WINDOW_WORDS = 7


def window_around(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The clause around text[start:end], narrowed to WINDOW_WORDS words on each side; None when
    that is the whole sentence."""
    a, b = clause_around(text, start, end) or (0, len(text))
    left = [m.start() for m in re.finditer(r"(?<!\S)\S", text[a:start])]
    right = [m.end() for m in re.finditer(r"\S(?!\S)", text[end:b])]
    if len(left) > WINDOW_WORDS:
        a += left[-WINDOW_WORDS]
        a = _name_start(text, a)
    if len(right) > WINDOW_WORDS:
        b = _name_end(text, end + right[WINDOW_WORDS - 1])
    b -= text[a:b].endswith(".")
    return None if (a, b) == (0, len(text) - text.endswith(".")) else (a, b)


# Small words inside a name ("Bank of England", "Ministry for Culture").
NAME_JOINERS = frozenset(["of", "for", "de"])


def _name_start(text: str, at: int) -> int:
    """`at`, or the start of the name it falls inside: a window starting "…of England held" starts
    at "Bank of England" instead."""
    while at > 0:
        first = text[at:].split(maxsplit=1)[0]
        previous = text[:at].rstrip().rsplit(maxsplit=1)
        if not previous or not previous[-1][:1].isupper() or previous[-1][-1:] in ",;:":
            return at
        if not (first[:1].isupper() or first in NAME_JOINERS):
            return at
        at = text.rindex(previous[-1], 0, at)
    return at


def _name_end(text: str, at: int) -> int:
    """`at`, or the end of the name it falls inside: "…the Taiwanese company Evergreen…" ends at
    "Evergreen Marine" instead."""
    while text[at - 1 : at].isalpha() and text[:at].split()[-1][:1].isupper():
        following = re.match(r" ((?:of |for |de )?[A-Z][\w’'-]*)", text[at:])
        if not following:
            return at
        at += following.end()
    return at


def where_from(part: str, hidden: tuple[str, ...]) -> str:
    """What a choice's stem calls the words it shows: the article's own words only when they are
    exactly the article's, "adapted" when a name was left out of them ("the Prime Minister's
    decision" for "Prime Minister Boris Johnson's decision")."""
    words = "these words" if part else "this sentence"
    if hidden:
        return f"{words}, adapted from the article"
    return "these words of the article" if part else "the sentence from the article"


# The choices of a claim the article states, and of one it refutes.
TRUE_CLAIM = (GeneratedChoice("True", True), GeneratedChoice("False", False))
FALSE_CLAIM = (GeneratedChoice("True", False), GeneratedChoice("False", True))


def value_key(sentence: int, value: float) -> tuple[str, int, float]:
    return ("value", sentence, value)


def name_key(sentence: int, name: str) -> tuple[str, int, str]:
    return ("name", sentence, name)


def shows_number(text: str, number: str) -> bool:
    """A number's words in text, not as part of another number ("5%" is not in "5.5%"). The plain
    substring test first: most numbers asked about are absent, and their patterns are many."""
    return (
        number in text
        and compiled(rf"(?<![\w.,]){re.escape(number)}(?!\w|[.,]\d)").search(text)
        is not None
    )


def fact_keys(
    article: Article,
    sentences: tuple[int, ...],
    shown: str,
    *,
    tested: tuple[tuple[object, ...], ...] = (),
    extra: tuple[tuple[object, ...], ...] = (),
) -> tuple[tuple[object, ...], ...]:
    """The facts a question tests or shows as true, one key per (sentence, normalised value).

    `tested`: the value a cloze, choice or refuted claim is about, or the name a single choice asks
    for. `shown`: what the student reads before answering as the article's words (the prompt, the
    correct choice); every number of the cited sentences standing in it is a detail it reveals.
    Two questions sharing a key are siblings (one gives the other's answer away) and the ranking
    keeps only one. Constant work per question: only the cited sentences are read.
    """
    keys = set(tested) | set(extra)
    values = {
        number.value
        for match in NUMBER_PATTERN.finditer(shown)
        if (number := parse_number(match, 0, -1, shown))
    }
    for index in sentences:
        for number in article.numbers[index]:
            if (
                index != sentences[-1]
                and number.is_word
                and not in_its_words(article, number, shown)
            ):
                # "Their first title came in 1978" after "It was Argentina's first world title
                # since 1986": a claim that borrows the earlier sentence's name for "their" shows
                # its own "first", not that one's.
                continue
            # By value too: a reworded claim writes "$275 million" as "$275m".
            if shows_number(shown, number.text) or number.value in values:
                keys.add(value_key(index, number.value))
    return tuple(sorted(keys, key=repr))


def in_its_words(article: Article, number: Number, shown: str) -> bool:
    """Whether `shown` holds a number written as a word with the words either side of it in its
    sentence ("Argentina's first world"): alone, "first" or "two" stands in too many places."""
    before = re.findall(r"\S+", article.text[max(0, number.start - 40) : number.start])
    after = re.findall(r"\S+", article.text[number.end : number.end + 40])
    phrase = " ".join([*before[-1:], number.text, *after[:1]])
    return phrase.lower() in shown.lower()


def name_shows(
    article: Article, sentences: tuple[int, ...], shown: str
) -> tuple[tuple[object, ...], ...]:
    """The names of the cited sentences a student reads in `shown` (the prompt, the correct choice)
    before answering, one key per (sentence, name), and ("role", sentence, name) when a person's
    name and role both stand in it. A question asking for one of them is a sibling of this one.
    Constant work per question: only the cited sentences' names are read."""
    keys: set[tuple[object, ...]] = set()
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


def ordered_choices(
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


def draft(
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


def frames_around(text: str, start: int, end: int) -> tuple[str, ...]:
    left = " ".join(text[:start].split()[-2:])
    right = " ".join(text[end:].split()[:2])
    return tuple(f for f in (left, right) if len(f) > 3)


# A whole counted in its parts: "less than ____ hours" is 24, "____ per cent of the votes" 100, to
# anyone who has not read the article.
_WHOLES = {
    24: ("hour", "hours"),
    60: ("minutes", "seconds"),
    7: ("days",),
    12: ("months",),
    52: ("weeks",),
    365: ("days",),
}


def set_phrase(article: Article, number: Number) -> bool:
    """Whether the number is the one a set phrase calls for, filled in without reading: a whole in
    its parts ("24 hours", "100%"), the two of "one of two", or the "first" of "one of the first
    cities to …" or of "the first player to … since 1966" (no other ordinal reads there)."""
    if number.kind == "percent":
        return number.value == 100
    if number.kind == "ordinal":
        sentence_end = article.text.find(".", number.end)
        return _ends_with(_ONE_OF_THE, article.text, number.start) or (
            number.text.lower() == "first"
            and re.search(r"\bsince\b", article.text[number.end : sentence_end])
            is not None
        )
    after = article.text[number.end : number.end + 12].split()
    if after and after[0].strip(".,;:").lower() in _WHOLES.get(int(number.value), ()):
        return number.value == int(number.value)
    return number.value == 2 and _ends_with(_ONE_OF, article.text, number.start)


_ONE_OF_THE = re.compile(r"\bone of the\s+$", re.IGNORECASE)
_ONE_OF = re.compile(r"\bone of\s+$", re.IGNORECASE)
# How far before a number `_ends_with` looks first: past the longest literal of its patterns.
_TAIL_REACH = 200
_TAIL_LITERAL = 20


def _ends_with(pattern: re.Pattern[str], text: str, end: int) -> bool:
    """`pattern.search(text[:end])`, for a pattern of a few words and white space up to `$`, read in
    the last few hundred characters before `end`: a pattern that opens with "\\b" is tried at every
    character, and the text before a number on 100 KB is 50 KB on average. The whole is read when
    the tail cannot tell: a match at the tail's first character (the character before it decides
    "\\b"), or a tail of white space that a match starting before it could span."""
    start = max(0, end - _TAIL_REACH)
    tail = text[start:end]
    match = pattern.search(tail)
    if start == 0 or (match and match.start() > 0):
        return match is not None
    if not match and tail[_TAIL_LITERAL:].strip():
        return False
    return pattern.search(text[:end]) is not None


_MEASURE = re.compile(
    r"\s*(?:metres|meters|feet|foot|kilometres|km|miles|yards|inches|tonnes|tons|kilograms|kg"
    r"|pounds|litres)\b"
)
# A stem that measures the answer against something the size of which everyone knows ("____
# metres long, as long as four football pitches") lets a student work it out without reading.
_COMPARED = re.compile(
    r"\b(?:as \w+ as|(?:the )?(?:size|length|height|width|weight) of|times (?:as|the))\s+"
    rf"(?:about |nearly |some |almost )?(?:\d|(?:{'|'.join(NUMBER_WORDS)})\b)",
    re.IGNORECASE,
)


def measured_beside_comparison(article: Article, number: Number, shown: str) -> bool:
    """Whether the number is a measure that `shown` also gives by a comparison: asked or changed
    there, a student works it out ("500 metres long, as long as four football pitches")."""
    return bool(_MEASURE.match(article.text, number.end) and _COMPARED.search(shown))


def subtree_span(tokens: tuple[Token, ...], root: int) -> tuple[int, int]:
    """The first and last positions of the tokens under `root` (`subtree`)."""
    under = subtree(tokens, root)
    return under[0], under[-1]


# What a verb needs after it to say what its subject did.
VERB_NEEDS = frozenset(
    ["dobj", "attr", "acomp", "oprd", "prt", "dative", "xcomp", "ccomp"]
)
# Dependents that are clauses or asides of their own ("…, when 12 countries signed …", "…, a former
# director of …"): a clause is quoted without them where they stand at its edge and hold no answer.
_ASIDES = frozenset(
    ["relcl", "advcl", "acl", "appos", "parataxis", "punct", "mark", "dep"]
)
# Joined to a verb, these join another clause; joined to a noun, the next item of a list.
_JOINS = frozenset(["conj", "cc", "preconj"])
# A subject that names nothing on its own ("which", "she", "both"): a clause quoted from it does
# not say what it is about, so the clause around it is quoted.
_STAND_INS = frozenset(["WDT", "WP", "PRP", "DT", "EX"])
# What a verb reports ("The court ruled that the decision was unlawful", "Nasa had said that a change
# would count"): quoted without the verb that reports it, it reads as a fact.
_REPORTED = frozenset(["ccomp", "xcomp"])
# What may follow a quoted clause to the sentence's end and still leave it the whole sentence.
_CLOSING = " .!?”’\"'"


def answer_clause(
    article: Article, index: int, anchors: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The smallest clause of sentence `index`, by the parse, that holds the words at `anchors`
    (text offsets): the verb whose clause holds them all (a verb: "making the capital one of the
    first cities" has no clause of "one"), its subject (`_subject`),
    what it needs after it to say what the subject did, and the phrase holding the words, each
    without the clauses and asides at its edges that hold none of them. Whole tokens, as
    (start, end) in the text; None when that is the whole sentence, when the words straddle two of
    the parser's sentences, or when no verb with a subject holds them."""
    parsed = article.parsed[index]
    tokens = parsed.tokens
    held = [
        i
        for i, t in enumerate(tokens)
        if t.pos != "PUNCT" and any(t.start < b and a < t.end for a, b in anchors)
    ]
    if not held:
        return None
    chains = [_heads_above(tokens, i) for i in held]
    common = set(chains[0]).intersection(*chains[1:])
    here = next((i for i in chains[0] if i in common), None)
    holding = frozenset().union(*chains)
    while here is not None and (
        tokens[here].pos not in {"VERB", "AUX"}
        or _subject(tokens, here) is None
        or tokens[here].dep in _REPORTED
        or _compares(tokens, here)
    ):
        here = None if tokens[here].head == here else tokens[here].head
    if here is None:
        return None
    children: dict[int, list[int]] = {}
    for j, t in enumerate(tokens):
        if t.head != j:
            children.setdefault(t.head, []).append(j)
    under = {here}
    for j in children.get(here, ()):
        if j in holding or tokens[j].dep in SUBJECTS or tokens[j].dep in VERB_NEEDS:
            under |= _core(tokens, children, j, holding)
    first, last = min(under), max(under)
    while first < last and tokens[first].pos == "PUNCT":
        first += 1
    while last > first and tokens[last].pos == "PUNCT":
        last -= 1
    start, end = tokens[first].start, tokens[last].end
    sentence = parsed.sentence
    if not article.text[end : sentence.end].strip(_CLOSING):
        end = sentence.end
    return None if (start, end) == (sentence.start, sentence.end) else (start, end)


def _compares(tokens: tuple[Token, ...], verb: int) -> bool:
    """Whether `verb`'s clause is the far side of a comparison ("1.6 points more than the party won
    in 2019"): quoted alone ("…the party won in 2019."), it does not say what was won."""
    return any(
        t.head == verb and t.dep == "mark" and t.text.lower() == "than" for t in tokens
    )


def _heads_above(tokens: tuple[Token, ...], at: int) -> list[int]:
    """`at` and the tokens above it up to its root, nearest first."""
    chain = [at]
    while tokens[chain[-1]].head != chain[-1] and len(chain) <= len(tokens):
        chain.append(tokens[chain[-1]].head)
    return chain


def _subject(tokens: tuple[Token, ...], verb: int) -> int | None:
    """The subject of `verb`'s clause that names what it is about (not one of `_STAND_INS`)."""
    return next(
        (
            j
            for j, t in enumerate(tokens)
            if t.head == verb
            and j != verb
            and t.dep in SUBJECTS
            and t.tag not in _STAND_INS
            and t.pos != "PRON"
        ),
        None,
    )


def _core(
    tokens: tuple[Token, ...],
    children: dict[int, list[int]],
    root: int,
    holding: frozenset[int],
) -> set[int]:
    """`root` and its dependents, without the asides (`_ASIDES`, a verb's `_JOINS`) that hold none
    of the words asked (`holding`: those words and every token above them)."""
    found = {root}
    verb = tokens[root].pos in {"VERB", "AUX"}
    for j in children.get(root, ()):
        dep = tokens[j].dep
        if j in holding or not (dep in _ASIDES or (verb and dep in _JOINS)):
            found |= _core(tokens, children, j, holding)
    return found


def _answer_anchors(candidate: Candidate) -> list[list[tuple[int, int]]]:
    """Where, in the text, the words a question turns on stand in its citation, widest first: for
    a claim, the cited words it restates (and what the article says instead of a false claim's
    detail); else its answer's forms with the words of the sentence its stem shows, then (for a
    blank) its answer's forms alone."""
    q = candidate.question
    cited = q.citation
    if q.kind == TRUE_FALSE:
        said = set(claim_of(q.prompt)) | {t for run in replaced_detail(q) for t in run}
        if q.choices[1].correct:
            # What the article says instead: the speaker of a quote, the figure, the role.
            said |= {t for form in candidate.answer_forms for t in tokens(form)}
        return [_words_at(cited, said - PLAIN_WORDS)]
    forms = {*candidate.answer_forms, *(c.text for c in q.choices if c.correct)}
    answer = [
        (cited.start + m.start(), cited.start + m.end())
        for form in sorted(forms)
        if form
        for m in compiled(rf"(?<!\w){re.escape(form)}(?!\w)").finditer(cited.quote)
    ]
    shown = answer + _words_at(cited, _stem_words(q.prompt))
    # A question asked in words of its own ("Who signed a decree lowering …?") is settled only by
    # the words its stem asks about; a blank, by the clause it stands in.
    return [shown, answer] if BLANK in q.prompt else [shown]


def _stem_words(prompt: str) -> frozenset[str]:
    """The words a stem shows of its sentence: after its lead-in ("Which date completes these
    words of the article?") when it has a blank, less the words that say nothing."""
    if BLANK in prompt:
        at = prompt.index(BLANK)
        lead = max(prompt.rfind("? ", 0, at), prompt.rfind(": ", 0, at))
        prompt = prompt[lead + 2 :] if lead >= 0 else prompt
    return frozenset(tokens(prompt)) - PLAIN_WORDS


def _words_at(
    cited: Citation, wanted: set[str] | frozenset[str]
) -> list[tuple[int, int]]:
    """Where the cited words made only of `wanted` tokens stand in the text."""
    return [
        (cited.start + m.start(), cited.start + m.end())
        for m in re.finditer(r"\S+", cited.quote)
        if (found := tokens(m.group())) and set(found) <= wanted
    ]


def narrowings(candidate: Candidate, article: Article) -> list[Candidate]:
    """The question citing only a clause of its sentence that settles it (`answer_clause` on the
    words it turns on, widest first), its explanation quoting that clause with "…" where it cuts
    the sentence; none when it cites more than one sentence, when no clause narrower than the
    sentence holds those words, or where the clause cuts a quotation in two."""
    q = candidate.question
    if len(candidate.sentences) != 1:
        return []
    found: list[Candidate] = []
    for anchors in _answer_anchors(candidate):
        span = answer_clause(article, candidate.sentences[0], anchors)
        if span is None or any(
            span == (c.question.citation.start, c.question.citation.end) for c in found
        ):
            continue
        start, end = span
        quote = article.text[start:end]
        head, cut, tail = q.explanation.rpartition(q.citation.quote)
        if (
            not cut
            or (quote.count("“") + quote.count("”") + quote.count('"')) % 2
            or start < q.citation.start
            or end > q.citation.end
        ):
            continue
        shown = quoted_part(article.text, q.citation, start, end)
        if not head.endswith("“") and "“" not in shown:
            shown = f"“{shown}”"
        found.append(
            replace(
                candidate,
                question=replace(
                    q,
                    explanation=head + shown + tail,
                    citation=Citation(start, end, quote),
                ),
            )
        )
    return found


@dataclass(frozen=True)
class Agent:
    """A person the article names as the doer of a passive deed ("a challenge brought by the
    campaigner Ann Lee"): the name, and where its phrase after "by" starts (`start`, at "the
    campaigner"), which a false claim replaces whole."""

    mention: Mention
    start: int


def agent_of(article: Article, mention: Mention) -> Agent | None:
    """The mention as the doer after "by" of a passive deed, alone or after a common noun that
    describes it ("by the architect X", "by the businesswoman and campaigner X"), with nothing
    after it in its phrase ("by X, who …" would keep words about X beside another name)."""
    if mention.kind != PERSON:
        return None
    tokens = article.parsed[mention.sentence].tokens
    roots = span_roots(tokens, mention.start, mention.end)
    if len(roots) != 1:
        return None
    at = tokens.index(roots[0])
    # The parser hangs the name on the noun before it ("the architect X": X in apposition, or
    # the noun and X joined): that noun is what stands after "by".
    while (
        tokens[at].dep in {"appos", "conj"} and tokens[tokens[at].head].text.islower()
    ):
        at = tokens[at].head
    head = tokens[tokens[at].head]
    if tokens[at].dep != "pobj" or head.dep != "agent" or head.text.lower() != "by":
        return None
    phrase = subtree(tokens, at)
    if tokens[phrase[-1]].end != mention.end:
        return None
    return Agent(mention, tokens[phrase[0]].start)

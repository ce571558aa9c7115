"""When one question gives another away: the rule tests/articles/README.md defines, in one place.

bench/bench_quality.py counts leaks with `leaks`; the selection refuses them with `LeakGuard`, so the
generator and its benchmark can never disagree about what a leak is. A question's answer (a numeric
answer, a short right choice, the detail a false claim replaced) must not be shown by another
question's prompt or by a choice of it that is a whole sentence; and a true claim must not be printed
by the stem of another question on its sentence, which asserts what the claim says (`settles`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from .names import PERSON, Mention
from .records import (
    MULTIPLE_SELECT,
    NUMERIC,
    SINGLE_CHOICE,
    TRUE_FALSE,
    GeneratedQuestion,
    words,
)
from .roles import find_roles

# A right choice longer than this is a sentence: it tests finding, not knowing.
SHORT_CHOICE_WORDS = 12
# Consecutive tokens shared by the right choice and the stem that give the right choice away.
STEM_ECHO_TOKENS = 8
WEEKDAYS = words("monday tuesday wednesday thursday friday saturday sunday")
MONTHS = words(
    "january february march april may june july august september october november december"
)
NUMBER_NAMES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
)
NUMBER_WORDS = {name: str(value) for value, name in enumerate(NUMBER_NAMES.split())}
# Short forms of the large numbers, read as the words: "$9.6bn" is "$9.6 billion".
NUMBER_WORDS |= {"bn": "billion", "tn": "trillion"}
# Words that carry no claim of their own: a stem holding only these of a claim's does not print it.
PLAIN_WORDS = words(
    "a an the of to in on at by for from with and or but as that this it its their his her he she "
    "they was were is are be been had has have would will could said says according article"
)
# A stem on a true claim's sentence that holds this share of the claim's other words prints it:
# "Who replied that the foreman had done his duty …?" beside "The President replied that the foreman
# had done his duty …" (all but the role), or a cloze of the whole sentence beside a claim that drops
# the blanked detail. A stem cut to another clause holds half of it at most (the corpus: none of the
# pairs a reader would call mere topic overlap above 0.5, all those graders flagged at 0.6 or more).
SETTLED_SHARE = 0.6
# A claim, true or false, holding this share of the words of its sentence a stem on it shows (4 at
# least) says what the stem asks: "The President replied that the foreman had done his duty …"
# beside "Who replied that the foreman had done his duty?" ("How old is Mr Hopfield?" shows two).
HELD_SHARE = 0.8
HELD_WORDS = 4
# Citations are bucketed by this many characters, to find the kept questions on a sentence quickly.
SPAN_BUCKET = 200

Tokens = tuple[str, ...]


@lru_cache(maxsize=1 << 16)
def tokens(text: str) -> Tokens:
    """The words and numbers of `text`: accents removed, lower case, thousands separators dropped,
    number words to twenty as digits, "bn" and "tn" as "billion" and "trillion"; everything else
    separates. Cached: the selection reads the
    same sentences and names many times."""
    plain = (
        text
        if text.isascii()
        else "".join(
            c
            for c in unicodedata.normalize("NFKD", text)
            if not unicodedata.combining(c)
        )
    )
    plain = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", plain.casefold())
    return tuple(
        NUMBER_WORDS.get(t, t) for t in re.findall(r"\d+(?:\.\d+)?|[^\W\d_]+", plain)
    )


LARGE_NUMBER_WORDS = words("hundred thousand million billion trillion")


def claim_of(prompt: str) -> Tokens:
    """A claim's tokens without a leading "According to the article:"-style lead-in."""
    head, colon, rest = prompt.partition(": ")
    return tokens(rest if colon and len(head) <= 40 else prompt)


@lru_cache(maxsize=1 << 16)
def has_number(prompt: str) -> bool:
    """Whether a claim has a number (a digit, a number word, hundred ... trillion): what "false if
    it has a number" reads. Cached: the selection weighs each claim's looks some ten times over."""
    return any(t[0].isdigit() or t in LARGE_NUMBER_WORDS for t in claim_of(prompt))


def find(needle: Tokens, haystack: Tokens) -> int:
    """Where `needle` starts in `haystack`, or -1. Only the places where its first token stands are
    compared (found by `tuple.index`): the selection calls this some 100,000 times on 100 KB."""
    if not needle:
        return -1
    size = len(needle)
    last_start = len(haystack) - size
    at = -1
    while True:
        try:
            at = haystack.index(needle[0], at + 1, last_start + 1)
        except ValueError:
            return -1
        if haystack[at : at + size] == needle:
            return at


def occurs(needle: str | Tokens, haystack: str | Tokens) -> bool:
    n = tokens(needle) if isinstance(needle, str) else needle
    h = tokens(haystack) if isinstance(haystack, str) else haystack
    return find(n, h) >= 0


@lru_cache(maxsize=4)
def _pairs(text: str) -> tuple[Tokens, dict[Tokens, list[int]]]:
    """The text's tokens, and where each pair of consecutive tokens starts."""
    found = tokens(text)
    starts: dict[Tokens, list[int]] = {}
    for i in range(len(found) - 1):
        starts.setdefault(found[i : i + 2], []).append(i)
    return found, starts


def stands_word_for_word(claim: str, text: str) -> bool:
    """Whether the claim's tokens stand together, in order, in the text: then "true if it is in the
    article word for word" answers it without reading. Fast on a long text (indexed once)."""
    wanted = tokens(claim)
    if len(wanted) < 2:
        return find(wanted, tokens(text)) >= 0
    found, starts = _pairs(text)
    return any(found[i : i + len(wanted)] == wanted for i in starts.get(wanted[:2], ()))


def longest_shared_run(a: Tokens, b: Tokens) -> int:
    match = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match()
    return match.size


def is_true_claim(q: GeneratedQuestion) -> bool:
    return any(c.correct and c.text == "True" for c in q.choices)


def right_choices(q: GeneratedQuestion) -> list[str]:
    return [c.text for c in q.choices if c.correct]


def is_short(text: str) -> bool:
    return len(text.split()) <= SHORT_CHOICE_WORDS


def replaced_detail(q: GeneratedQuestion) -> list[Tokens]:
    """The cited words a false claim replaced: what a student must know to refute it. Read without
    the lead-in ("According to the article:"), which otherwise stands against the opening of a
    citation of two sentences and made that whole first sentence a "replaced" detail."""
    claim, cited = claim_of(q.prompt), tokens(q.citation.quote)
    matcher = difflib.SequenceMatcher(None, claim, cited, autojunk=False)
    return [
        cited[j1:j2]
        for op, _i1, _i2, j1, j2 in matcher.get_opcodes()
        if op == "replace" and j2 > j1
    ]


def answers(q: GeneratedQuestion) -> list[Tokens]:
    """The question's answers as token runs; a single token of at most 2 characters is too common
    to compare."""
    return list(_answers(q))


@lru_cache(maxsize=1 << 16)
def _answers(q: GeneratedQuestion) -> tuple[Tokens, ...]:
    """`answers`, read once per selection: the selection asks for each candidate's many times, and a
    false claim's answer costs a sequence match."""
    if q.kind == NUMERIC:
        found = [tokens(q.answer or "")]
    elif q.kind == TRUE_FALSE:
        found = [] if is_true_claim(q) else replaced_detail(q)
    else:
        found = [tokens(text) for text in right_choices(q) if is_short(text)]
    return tuple(a for a in found if a and not (len(a) == 1 and len(a[0]) <= 2))


def is_name(word: Tokens, q: GeneratedQuestion) -> bool:
    """Whether a one-token answer is written capitalised in the question's citation (and is not a
    weekday or a month): a name gives itself away wherever it stands, a common word only in context."""
    if word[0] in WEEKDAYS | MONTHS:
        return False
    return any(
        w[:1].isupper()
        for w in re.findall(r"\w+", q.citation.quote)
        if tokens(w) == word
    )


def answer_variants(q: GeneratedQuestion) -> list[Tokens]:
    """What shows each answer in another question: a name or an answer of several tokens as it is
    (and a name's last word: "Powell" gives away "Jerome Powell"); a single common word or number
    only with a word beside it in the cited text ("first time", "2019 election")."""
    variants = []
    cited = tokens(q.citation.quote)
    for answer in answers(q):
        at = find(answer, cited)
        if len(answer) > 1 or is_name(answer, q) or at < 0:
            variants.append(answer)
            continue
        if at > 0:
            variants.append(cited[at - 1 : at + 1])
        if at + 1 < len(cited):
            variants.append(cited[at : at + 2])
    for text in right_choices(q) if q.kind in (SINGLE_CHOICE, MULTIPLE_SELECT) else []:
        names = text.split()
        if (
            is_short(text)
            and len(names) >= 2
            and all(w[:1].isupper() for w in names)
            and len(names[-1]) >= 4
        ):
            variants.append(tokens(names[-1]))
            variants.extend(role_variants(text, q.citation.quote))
    return variants


def role_variants(name: str, quote: str) -> list[Tokens]:
    """The role the cited sentence gives a person ("Donald Trump, the Republican candidate"): a claim
    naming "the Republican candidate" shows the answer "Donald Trump" as plainly as the name does.
    A one-word role only with its article ("the President"): the bare word is too common."""
    at = quote.find(name)
    if at < 0:
        return []
    mention = Mention(PERSON, name, name, at, at + len(name), 0)
    found = []
    for role in find_roles(quote, 0, [mention]):
        shown = tokens(role.role)
        found.append(shown if len(shown) > 1 else tokens(role.hidden))
    return found


def sentence_choices(q: GeneratedQuestion) -> list[Tokens]:
    """The choices that are whole sentences: they can quote another question's answer."""
    return [tokens(c.text) for c in q.choices if not is_short(c.text)]


def repeats_stem(q: GeneratedQuestion) -> bool:
    """A single-choice question whose right choice, alone among the choices, copies a long run of
    its prompt: the student matches words instead of reading."""
    prompt = tokens(q.prompt)
    right = [tokens(c.text) for c in q.choices if c.correct]
    wrong = [tokens(c.text) for c in q.choices if not c.correct]
    return (
        q.kind == SINGLE_CHOICE
        and any(longest_shared_run(r, prompt) >= STEM_ECHO_TOKENS for r in right)
        and all(longest_shared_run(w, prompt) < STEM_ECHO_TOKENS for w in wrong)
    )


def cites_same(a: GeneratedQuestion, b: GeneratedQuestion) -> bool:
    return a.citation.start < b.citation.end and b.citation.start < a.citation.end


def claim_words(q: GeneratedQuestion) -> frozenset[str]:
    """A true claim's words that say something (`PLAIN_WORDS` left out); none for any other
    question, which asserts nothing a stem could settle."""
    if q.kind != TRUE_FALSE or not is_true_claim(q):
        return frozenset()
    return frozenset(claim_of(q.prompt)) - PLAIN_WORDS


def _prints(said: frozenset[str], shown: frozenset[str]) -> bool:
    return bool(said) and len(said & shown) >= SETTLED_SHARE * len(said)


def told_words(q: GeneratedQuestion) -> frozenset[str]:
    """A claim's words that say something, true or false; none for any other question."""
    if q.kind != TRUE_FALSE:
        return frozenset()
    return frozenset(claim_of(q.prompt)) - PLAIN_WORDS


def asked_words(q: GeneratedQuestion) -> frozenset[str]:
    """The words of its sentence a question that is no claim shows in its stem; none for a claim."""
    if q.kind == TRUE_FALSE:
        return frozenset()
    return (
        frozenset(tokens(q.prompt)) & frozenset(tokens(q.citation.quote))
    ) - PLAIN_WORDS


def _holds(told: frozenset[str], asked: frozenset[str]) -> bool:
    return len(asked) >= HELD_WORDS and len(told & asked) >= HELD_SHARE * len(asked)


def settles(stem: GeneratedQuestion, claim: GeneratedQuestion) -> bool:
    """Whether `stem`, a question that is no claim, on the sentence a true `claim` cites, prints the
    claim: its stem asserts what the claim says, so "True" is given away."""
    return (
        stem.kind != TRUE_FALSE
        and cites_same(stem, claim)
        and _prints(claim_words(claim), frozenset(tokens(stem.prompt)))
    )


# --- What a stem lets a student count or compute (`figure_leaks`) ---------------------------------

# One item of a listed series: a name of capitalised words ("the United Kingdom", "Lime") or a blank.
_CAPITAL = r"(?:____|[A-Z][\w'’.\-]*)"
_ITEM = rf"(?:the )?{_CAPITAL}(?: (?:of |de |du |la )?{_CAPITAL})*"
# "Belgium, Canada, … the United Kingdom and the United States": a student counts its items.
_SERIES = re.compile(rf"{_ITEM}(?:, {_ITEM})+,? and {_ITEM}")
_SERIES_BREAK = re.compile(r",? and |, ")
# "74 years after the treaty was signed", "ten years later": with a year shown, the other one.
_YEARS_APART = re.compile(
    r"\b(?P<n>\d{1,3}|[a-z]+) years? (?P<way>after|later|before|earlier)\b(?P<rest>[^.;]{0,60})",
    re.IGNORECASE,
)
_A_YEAR = re.compile(r"(?<![\d,.])(?:1[5-9]\d\d|20\d\d)(?!\d|[,.]\d)")
# A date before its year ("4 April 2023"): its day and month stand with the computed year.
_DAY_MONTH_BEFORE = re.compile(r"(\d{1,2} [A-Z][a-z]+|[A-Z][a-z]+ \d{1,2},?) $")
# "heard both appeals together" shows a count of 2 wherever it stands: "The case reached the court
# from ____ directions" (two appeals) is given away. Not a 2 of time or measure ("over ____ weeks"),
# which no "both" counts.
PAIR_WORDS = words("both pair")
PAIR = "both"
# "the contracts of the three companies that run them" names a group the article comes back to,
# in other words too: "cut the number of operators to three" anywhere gives the count away. Such
# a count is asked under this mark, and each count of things a stem shows (no unit or figure
# beside it) is shown under it.
GROUP = "#"
UNITS = words(
    "second minute hour day night week weekend month year decade century season term "
    "metre meter kilometre mile foot inch tonne ton kilogram gram litre degree point percent "
    "cent penny pound dollar euro thousand million billion trillion"
)
# Citations this many characters apart or less are neighbours: a count one stem shows reads as the
# count the next sentence asks ("the three companies" beside "The three operators, Lime, …").
NEIGHBOURS = 2


def series_counts(prompt: str) -> set[str]:
    """How many items each listed series of names in a prompt holds, a blank counted as one: the
    founders listed but one show how many founded it."""
    return {str(_series_length(m)) for m in _SERIES.finditer(prompt)}


def series_at(text: str, at: int) -> int:
    """How many names the series starting at `at` of a text lists ("Lime, Dott and Tier": 3),
    0 when none starts there."""
    m = _SERIES.match(text, at)
    return _series_length(m) if m else 0


def _series_length(series: re.Match[str]) -> int:
    return len(_SERIES_BREAK.split(series.group()))


def computed_years(prompt: str) -> set[Tokens]:
    """The years a prompt lets a student compute: "joined on 4 April 2023, exactly 74 years after
    the treaty was signed" shows 1949 (and "4 april 1949"); "ten years after 1990" shows 2000."""
    found: set[Tokens] = set()
    for m in _YEARS_APART.finditer(prompt):
        apart = tokens(m.group("n"))
        if len(apart) != 1 or not apart[0].isdigit():
            continue
        n = int(apart[0])
        later = m.group("way").lower() in {"after", "later"}
        inside = _A_YEAR.search(m.group("rest"))
        if inside and m.group("way").lower() in {"after", "before"}:
            # The year stands in the phrase: the other year is the one the prompt is about.
            year = int(inside.group())
            found.add((str(year + n if later else year - n),))
            continue
        for shown in _A_YEAR.finditer(prompt, 0, m.start()):
            other = str(int(shown.group()) - n if later else int(shown.group()) + n)
            found.add((other,))
            day = _DAY_MONTH_BEFORE.search(prompt, 0, shown.start())
            if day and day.end() == shown.start():
                found.add((*tokens(day.group(1)), other))
    return found


def shown_counts(q: GeneratedQuestion) -> frozenset[str]:
    """The counts a question's prompt shows a student: its numbers as figures or words ("All
    eleven justices"), and the size of each series it lists."""
    prompt = tokens(q.prompt)
    return frozenset(
        {t for t in prompt if t.isdigit() and len(t) <= 3} | series_counts(q.prompt)
    )


def _single_figure(text: str) -> str:
    found = tokens(text)
    return found[0] if len(found) == 1 and found[0].isdigit() else ""


def asked_figures(q: GeneratedQuestion) -> tuple[frozenset[str], frozenset[str]]:
    """The counts (a number of up to three digits) and the years a question asks: the answer typed,
    or its right choice when that is a number, a year or a date."""
    answers = (
        [q.answer or ""]
        if q.kind == NUMERIC
        else right_choices(q)
        if q.kind == SINGLE_CHOICE
        else []
    )
    counts, years = set(), set()
    for text in answers:
        figure = _single_figure(text)
        if figure and len(figure) <= 3:
            counts.add(figure)
        if figure and _counts_things(q, figure):
            if figure == "2":
                years.add(PAIR)
            if _names_a_group(q, figure):
                years.add(GROUP + figure)
        found = tokens(text)
        if 1 <= len(found) <= 3 and _A_YEAR.fullmatch(found[-1]):
            years.add(found[-1])
    return frozenset(counts), frozenset(years)


def _is_unit(word: str) -> bool:
    return word in UNITS or word.removesuffix("s") in UNITS


def _cited_at(q: GeneratedQuestion, figure: str) -> tuple[Tokens, int]:
    """The cited sentence's tokens and where the asked figure first stands in them (-1: nowhere)."""
    cited = tokens(q.citation.quote)
    return cited, cited.index(figure) if figure in cited else -1


def _counts_things(q: GeneratedQuestion, figure: str) -> bool:
    """Whether the count a question asks counts things: the word after it in the cited sentence
    ("two directions") is no unit of time or measure ("two weeks")."""
    cited, at = _cited_at(q, figure)
    return 0 <= at < len(cited) - 1 and not _is_unit(cited[at + 1])


def _names_a_group(q: GeneratedQuestion, figure: str) -> bool:
    """Whether the cited sentence writes the asked count after "the": "the three companies"."""
    cited, at = _cited_at(q, figure)
    return at > 0 and cited[at - 1] == "the"


def counts_of_things(prompt: str) -> set[str]:
    """The counts a prompt shows with no unit or figure beside them: "cut the number of operators
    to three" shows 3; "400 metres long" and "led 2-0" show none."""
    found = tokens(prompt)
    return {
        t
        for at, t in enumerate(found)
        if t.isdigit()
        and len(t) <= 3
        and not any(
            _is_unit(w) or w[0].isdigit()
            for w in found[max(0, at - 1) : at] + found[at + 1 : at + 2]
        )
    }


def near(a: GeneratedQuestion, b: GeneratedQuestion) -> bool:
    """Whether two questions cite one sentence or neighbouring ones."""
    return (
        a.citation.start <= b.citation.end + NEIGHBOURS
        and b.citation.start <= a.citation.end + NEIGHBOURS
    )


def _figure_shown(
    asking: GeneratedQuestion,
    asked: tuple[frozenset[str], frozenset[str]],
    showing: GeneratedQuestion,
    shown: tuple[frozenset[str], frozenset[Tokens]],
) -> str:
    """The figure of `asking` that `showing`'s prompt lets a student count or compute, or "": a
    count near it, a year (with its date) anywhere."""
    counts, years = asked
    shown_counts_, shown_years = shown
    for year in shown_years:
        if year[-1] in years:
            return "2" if year == (PAIR,) else " ".join(year).removeprefix(GROUP)
    if counts & shown_counts_ and near(asking, showing):
        return min(counts & shown_counts_)
    return ""


def figures_of(
    q: GeneratedQuestion,
) -> tuple[
    tuple[frozenset[str], frozenset[str]], tuple[frozenset[str], frozenset[Tokens]]
]:
    """What a question asks and what its prompt shows, as `_figure_shown` compares them."""
    return asked_figures(q), (shown_counts(q), _computed_figures(q.prompt))


def _computed_figures(prompt: str) -> frozenset[Tokens]:
    """What a prompt lets a student compute or count beside its numbers: the years "N years
    after" gives, "both" (a pair), and each count of things it shows (under GROUP)."""
    computed = computed_years(prompt)
    if not PAIR_WORDS.isdisjoint(tokens(prompt)):
        computed.add((PAIR,))
    computed.update((GROUP + count,) for count in counts_of_things(prompt))
    return frozenset(computed)


def counts_own_answer(q: GeneratedQuestion) -> str:
    """The figure a question's own prompt lets a student count or compute, or "": "…towns where
    the ____ companies both have large stores" shows 2, "the ____ founders: Belgium, Canada and
    France" shows 3. The prompt's other numbers are not read: the blank took the asked one, and the
    same number elsewhere in a stem ("4 of the previous ____") says nothing of it."""
    asked = asked_figures(q)
    if not asked[0] and not asked[1]:
        # Most questions ask no figure: nothing of the stem to read.
        return ""
    return _figure_shown(
        q,
        asked,
        q,
        (frozenset(series_counts(q.prompt)), _computed_figures(q.prompt)),
    )


def figure_leaks(
    questions: list[GeneratedQuestion], *, named: set[frozenset[int]] | None = None
) -> list[str]:
    """The answers a prompt lets a student count or compute (`leaks` names them with the rest, each
    pair once: `named`, the pairs another leak names): a listed series of N names shows N, "N
    years after" beside a year shows the other year, a count restated in words on the same or the
    next sentence shows it."""
    found = []
    named = named or set()
    figures = [figures_of(q) for q in questions]
    for i, b in enumerate(questions):
        for j, a in enumerate(questions):
            if (
                i != j
                and frozenset((i, j)) not in named
                and (shown := _figure_shown(a, figures[j][0], b, figures[i][1]))
            ):
                found.append(
                    f"stem counts answer: Q{i + 1} lets a student count or compute {shown!r}, "
                    f"the answer of Q{j + 1}"
                )
    return found


def _figures_meet(
    q: GeneratedQuestion, parts: _Parts, kept: GeneratedQuestion, other: _Parts
) -> bool:
    """Whether one of two questions lets a student count or compute the other's answer."""
    return bool(
        (
            parts.asks
            and other.computes
            and _figure_shown(q, parts.asks, kept, other.computes)
        )
        or (
            other.asks
            and parts.computes
            and _figure_shown(kept, other.asks, q, parts.computes)
        )
    )


def leaks(questions: list[GeneratedQuestion]) -> list[str]:
    """Every leak in a set of questions, named for a reader (Q1 is the first question). A stem
    settling a claim is named last, and only for a pair no other leak names: a claim that shows
    the stem's answer is one leak, though the stem prints the claim too."""
    found = []
    paired: set[frozenset[int]] = set()
    for i, b in enumerate(questions):
        prompt = tokens(b.prompt)
        sentences = sentence_choices(b)
        for j, a in enumerate(questions):
            if i == j:
                continue
            for answer in answer_variants(a):
                shown = " ".join(answer)
                if find(answer, prompt) >= 0:
                    kind = (
                        "true claim restates"
                        if b.kind == TRUE_FALSE
                        and is_true_claim(b)
                        and cites_same(a, b)
                        else "stem shows answer"
                    )
                    found.append(
                        f"{kind}: Q{i + 1} shows {shown!r}, the answer of Q{j + 1}"
                    )
                    paired.add(frozenset((i, j)))
                    break
                if any(find(answer, s) >= 0 for s in sentences):
                    found.append(
                        f"choice quotes answer: a choice of Q{i + 1} holds {shown!r}, the answer of Q{j + 1}"
                    )
                    paired.add(frozenset((i, j)))
                    break
        if repeats_stem(b):
            found.append(f"right option repeats stem: Q{i + 1}")
    for i, b in enumerate(questions):
        for j, a in enumerate(questions):
            if i != j and frozenset((i, j)) not in paired and settles(b, a):
                found.append(
                    f"stem settles claim: Q{i + 1} prints the true claim of Q{j + 1}"
                )
                paired.add(frozenset((i, j)))
    return found + figure_leaks(questions, named=paired)


# Token runs of a question's texts are indexed up to this length; a longer answer (rare) is looked
# for in each kept text.
INDEXED_RUN = 12


@dataclass(frozen=True, slots=True)
class _Parts:
    texts: tuple[Tokens, ...]  # the prompt and the choices that are whole sentences
    runs: frozenset[Tokens]  # every run of up to INDEXED_RUN tokens of those texts
    variants: tuple[Tokens, ...]  # what shows the question's answer
    long_variants: tuple[
        Tokens, ...
    ]  # those longer than INDEXED_RUN, looked for text by text
    echoes: bool  # its right choice repeats its stem
    said: frozenset[str]  # a true claim's words that say something (`claim_words`)
    # a claim's words that say something, true or false (`told_words`)
    told: frozenset[str]
    asked: frozenset[str]  # the words of its sentence a stem shows (`asked_words`)
    # the words of a question that is no claim, which may print a claim
    stem: frozenset[str]
    buckets: range  # the SPAN_BUCKET buckets its citation touches
    # the counts and years it asks, and those its prompt shows (`figures_of`); None when none
    asks: tuple[frozenset[str], frozenset[str]] | None = None
    computes: tuple[frozenset[str], frozenset[Tokens]] | None = None


@lru_cache(maxsize=1 << 16)
def _parts(q: GeneratedQuestion) -> _Parts:
    """A question read once per process however many sets it is tried in."""
    texts = (tokens(q.prompt), *sentence_choices(q))
    runs = frozenset().union(*map(_runs, texts))
    citation = q.citation
    variants = tuple(answer_variants(q))
    return _Parts(
        texts,
        runs,
        variants,
        tuple(v for v in variants if len(v) > INDEXED_RUN),
        repeats_stem(q),
        claim_words(q),
        told_words(q),
        asked_words(q),
        frozenset() if q.kind == TRUE_FALSE else frozenset(texts[0]),
        range(
            citation.start // SPAN_BUCKET,
            max(citation.start, citation.end - 1) // SPAN_BUCKET + 1,
        ),
        *_figure_parts(q),
    )


def _figure_parts(
    q: GeneratedQuestion,
) -> tuple[
    tuple[frozenset[str], frozenset[str]] | None,
    tuple[frozenset[str], frozenset[Tokens]] | None,
]:
    """`figures_of`, each side None when it holds nothing."""
    asks, computes = figures_of(q)
    return (asks if any(asks) else None, computes if any(computes) else None)


def _runs(text: Tokens) -> frozenset[Tokens]:
    """Built by a set comprehension, not a generator: a 100 KB article's questions have a
    million runs, and a generator's step per run was half of reading them."""
    size = len(text)
    return frozenset(
        {
            text[i:end]
            for i in range(size)
            for end in range(i + 1, min(i + INDEXED_RUN, size) + 1)
        }
    )


def question_runs(q: GeneratedQuestion) -> frozenset[Tokens]:
    """Every run of up to INDEXED_RUN tokens of the question's prompt and sentence choices."""
    return _parts(q).runs


def runs_of(text: str) -> frozenset[Tokens]:
    """Every run of up to INDEXED_RUN tokens of `text`: what an answer shown in it can be."""
    return _runs(tokens(text))


def watched_answers(questions: list[GeneratedQuestion]) -> frozenset[Tokens]:
    """What shows the answer of any of these questions, as far as a LeakGuard indexes it."""
    return frozenset(
        v for q in questions for v in _parts(q).variants if len(v) <= INDEXED_RUN
    )


def count_leaks(q: GeneratedQuestion, others: list[GeneratedQuestion]) -> int:
    """With how many of `others` `q` leaks, each told as a LeakGuard holding that one alone would
    tell it (`q` giving itself away leaks with each), but read straight from the two questions'
    parts: the selection weighs a short set's fill-ins pair by pair, some 800,000 pairs on 100 KB,
    and a guard per pair cost most of the selection's time."""
    parts = _parts(q)
    if parts.echoes:
        return len(others)
    short = tuple(v for v in parts.variants if len(v) <= INDEXED_RUN)
    return sum(_pair_leaks(q, parts, short, kept) for kept in others)


def _pair_leaks(
    q: GeneratedQuestion,
    parts: _Parts,
    short: tuple[Tokens, ...],
    kept: GeneratedQuestion,
) -> bool:
    """`count_leaks` for one pair; `short`: `q`'s answer variants a guard indexes. The set tests
    run in C and the rare long answers are looked for only when there are some: this is asked
    hundreds of thousands of times."""
    other = _parts(kept)
    if not other.runs.isdisjoint(short) or not parts.runs.isdisjoint(other.variants):
        return True
    if (parts.long_variants or other.long_variants) and (
        any(find(v, t) >= 0 for v in parts.long_variants for t in other.texts)
        or any(find(v, t) >= 0 for v in other.long_variants for t in parts.texts)
    ):
        return True
    return _settles_either(q, parts, kept, other) or _figures_meet(
        q, parts, kept, other
    )


def _settles_either(
    q: GeneratedQuestion, parts: _Parts, kept: GeneratedQuestion, other: _Parts
) -> bool:
    """Whether one of two questions prints the other's true claim (a true claim has no stem, so
    only a claim and a stem on one sentence can settle each other)."""
    return bool(
        (
            (parts.said and other.stem and _prints(parts.said, other.stem))
            or (other.said and parts.stem and _prints(other.said, parts.stem))
        )
        and cites_same(q, kept)
    )


class _FigureIndex:
    """Kept questions by the counts and years they ask and their prompts show, so that whether a
    question and a kept one let a student count or compute each other's answer (`_figure_shown`) is
    told without trying every kept question. Keys are the callers' own."""

    def __init__(self) -> None:
        self.count_shown: defaultdict[str, dict[int, GeneratedQuestion]] = defaultdict(
            dict
        )
        self.year_shown: defaultdict[str, dict[int, GeneratedQuestion]] = defaultdict(
            dict
        )
        self.count_asked: defaultdict[str, dict[int, GeneratedQuestion]] = defaultdict(
            dict
        )
        self.year_asked: defaultdict[str, dict[int, GeneratedQuestion]] = defaultdict(
            dict
        )

    def _places(
        self, parts: _Parts
    ) -> list[tuple[defaultdict[str, dict[int, GeneratedQuestion]], str]]:
        places = []
        if parts.asks:
            places += [(self.count_asked, c) for c in parts.asks[0]]
            places += [(self.year_asked, y) for y in parts.asks[1]]
        if parts.computes:
            places += [(self.count_shown, c) for c in parts.computes[0]]
            places += [(self.year_shown, y[-1]) for y in parts.computes[1]]
        return places

    def add(self, key: int, q: GeneratedQuestion, parts: _Parts) -> None:
        for index, figure in self._places(parts):
            index[figure][key] = q

    def remove(self, key: int, parts: _Parts) -> None:
        for index, figure in self._places(parts):
            index[figure].pop(key, None)

    def meeting(self, q: GeneratedQuestion, parts: _Parts) -> set[int]:
        """The keys of the kept questions `q` counts or computes the answer of, or that do `q`'s."""
        found: set[int] = set()
        if parts.asks:
            counts, years = parts.asks
            found |= _near_counts(self.count_shown, counts, q)
            for year in years:
                found.update(self.year_shown.get(year, {}))
        if parts.computes:
            counts, shown_years = parts.computes
            found |= _near_counts(self.count_asked, counts, q)
            for shown in shown_years:
                found.update(self.year_asked.get(shown[-1], {}))
        return found


def _near_counts(
    index: defaultdict[str, dict[int, GeneratedQuestion]],
    counts: frozenset[str],
    q: GeneratedQuestion,
) -> set[int]:
    """The keys under `counts` in `index` whose question stands near `q` (`near`)."""
    return {
        key
        for count in counts
        for key, kept in index.get(count, {}).items()
        if near(q, kept)
    }


class LeakPartners:
    """Questions indexed so that which of them a question leaks with, each pair told as
    `count_leaks` tells it, is found from the question's own answers and runs instead of by trying
    every one: a long article's selection asks it of hundreds of fill-ins against hundreds of kept
    questions. Answers outside `answers_to_watch` are looked for question by question."""

    def __init__(self, *, answers_to_watch: frozenset[Tokens]) -> None:
        self.watch = answers_to_watch
        self.questions: list[GeneratedQuestion] = []
        self.parts: list[_Parts] = []
        self.showing: defaultdict[Tokens, list[int]] = defaultdict(list)  # watched runs
        self.answering: defaultdict[Tokens, list[int]] = defaultdict(list)
        self.long: list[int] = []  # those with an answer longer than INDEXED_RUN
        # True claims and stems by the buckets their citations touch, as in LeakGuard.
        self.by_bucket: defaultdict[int, list[int]] = defaultdict(list)
        self.figures = _FigureIndex()

    def add(self, q: GeneratedQuestion) -> None:
        at = len(self.questions)
        parts = _parts(q)
        self.figures.add(at, q, parts)
        self.questions.append(q)
        self.parts.append(parts)
        for run in parts.runs & self.watch:
            self.showing[run].append(at)
        for variant in set(parts.variants):
            self.answering[variant].append(at)
        if parts.long_variants:
            self.long.append(at)
        if parts.said or parts.stem:
            for bucket in parts.buckets:
                self.by_bucket[bucket].append(at)

    def partners(self, q: GeneratedQuestion) -> set[int]:
        """The positions, in the order added, of the questions `q` leaks with."""
        parts = _parts(q)
        if parts.echoes:
            return set(range(len(self.questions)))
        found: set[int] = set()
        for variant in parts.variants:
            if len(variant) > INDEXED_RUN or variant not in self.watch:
                found.update(
                    at
                    for at, other in enumerate(self.parts)
                    if any(find(variant, text) >= 0 for text in other.texts)
                )
            else:
                found.update(self.showing.get(variant, ()))
        for run in parts.runs.intersection(self.answering):
            found.update(self.answering[run])
        found.update(
            at
            for at in self.long
            for v in self.parts[at].long_variants
            if any(find(v, text) >= 0 for text in parts.texts)
        )
        if parts.said or parts.stem:
            found.update(
                at
                for bucket in parts.buckets
                for at in self.by_bucket.get(bucket, ())
                if _settles_either(q, parts, self.questions[at], self.parts[at])
            )
        found.update(self.figures.meeting(q, parts))
        return found


class ShownAnswers:
    """The answers of a set of questions, indexed so that whether a text shows the answer of any of
    them but one is told from the text's own runs, not question by question (the test `leaks`
    puts to a prompt or a sentence choice: one of `answer_variants` found in it): the set asks it
    of the citation of each of its hundreds of questions."""

    def __init__(self, questions: list[GeneratedQuestion]) -> None:
        self.own = [frozenset(_parts(q).variants) for q in questions]
        self.count = Counter(v for variants in self.own for v in variants)
        self.short = frozenset(v for v in self.count if len(v) <= INDEXED_RUN)
        self.long = [v for v in self.count if len(v) > INDEXED_RUN]

    def shows_another(self, text: str, at: int) -> bool:
        """Whether `text` shows the answer of a question of the set other than the `at`-th."""
        shown = list(runs_of(text) & self.short)
        if self.long:
            cited = tokens(text)
            shown += [v for v in self.long if find(v, cited) >= 0]
        return any(self.count[v] > (v in self.own[at]) for v in shown)


def forget() -> None:
    """Drop what was read of one article's questions: the caches only serve one selection, and a
    long-lived process must not keep them."""
    _parts.cache_clear()
    has_number.cache_clear()
    _answers.cache_clear()
    _pairs.cache_clear()
    tokens.cache_clear()


class LeakGuard:
    """The questions of a set being built, indexed so that whether a new question would leak with
    any of them (by `leaks`'s rule) is told in time linear in the new question's length. Questions
    can be taken out again."""

    def __init__(self, *, answers_to_watch: frozenset[Tokens] | None = None) -> None:
        # Only runs that are some question's answer need counting (`watched_answers`): the rest
        # of a text can never show one.
        self.watch = answers_to_watch
        self.shown: Counter[Tokens] = Counter()  # runs of the kept questions' texts
        self.answers: Counter[Tokens] = Counter()  # what shows a kept question's answer
        self.live_answers: set[Tokens] = set()  # those of answers kept at least once
        self.long_answers: Counter[Tokens] = Counter()  # those longer than INDEXED_RUN
        self.texts: dict[int, tuple[Tokens, ...]] = {}
        # Every run of those texts, by question: a text can hold a long answer only where it
        # holds the answer's first INDEXED_RUN tokens.
        self.runs: dict[int, frozenset[Tokens]] = {}
        # The kept claims and the kept questions that are no claim, by the buckets their
        # citations touch: only questions on one sentence can settle each other (`settles`).
        self.claims_at: defaultdict[int, dict[int, GeneratedQuestion]] = defaultdict(
            dict
        )
        self.stems_at: defaultdict[int, dict[int, GeneratedQuestion]] = defaultdict(
            dict
        )
        self.figures = _FigureIndex()

    def leaks_with_kept(self, q: GeneratedQuestion) -> bool:
        """Whether `q` shows a kept question's answer, a kept question shows `q`'s, or `q` gives
        itself away."""
        parts = _parts(q)
        for variant in parts.variants:
            if len(variant) <= INDEXED_RUN:
                if self.shown[variant]:
                    return True
            elif any(
                variant[:INDEXED_RUN] in self.runs[key]
                and any(find(variant, text) >= 0 for text in kept)
                for key, kept in self.texts.items()
            ):
                return True
        if not parts.runs.isdisjoint(self.live_answers):
            return True
        # A text holding a long answer holds its first INDEXED_RUN tokens as one of its runs: only
        # such texts are searched (a set of hundreds of questions is checked some 50,000 times).
        if any(
            count != 0
            and answer[:INDEXED_RUN] in parts.runs
            and any(find(answer, text) >= 0 for text in parts.texts)
            for answer, count in self.long_answers.items()
        ):
            return True
        return (
            parts.echoes
            or self._settles_or_settled(q, parts)
            or bool(self.figures.meeting(q, parts))
        )

    def _settles_or_settled(self, q: GeneratedQuestion, parts: _Parts) -> bool:
        """Whether `q`'s stem prints a kept true claim, or a kept stem prints `q`'s claim."""
        if parts.said:
            return any(
                _prints(parts.said, _parts(stem).stem) and cites_same(stem, q)
                for bucket in parts.buckets
                for stem in self.stems_at[bucket].values()
            )
        return any(
            _prints(_parts(claim).said, parts.stem) and cites_same(claim, q)
            for bucket in parts.buckets
            for claim in self.claims_at[bucket].values()
        )

    def pairs_with_kept(self, q: GeneratedQuestion) -> list[GeneratedQuestion]:
        """The kept questions on `q`'s sentence, claims if `q` is none and the reverse, that `q`
        gives away or is given away by, by any leak or as the claim holds what the stem shows
        (`_holds`): one fact asked twice, which graders mend by dropping the claim."""
        parts = _parts(q)
        short = tuple(v for v in parts.variants if len(v) <= INDEXED_RUN)
        index = self.stems_at if parts.told else self.claims_at
        found = {
            id(kept): kept
            for bucket in parts.buckets
            for kept in index[bucket].values()
            if cites_same(kept, q)
            and (
                _holds(parts.told, _parts(kept).asked)
                or _holds(_parts(kept).told, parts.asked)
                or _pair_leaks(q, parts, short, kept)
            )
        }
        return list(found.values())

    def _by_citation(
        self, parts: _Parts
    ) -> defaultdict[int, dict[int, GeneratedQuestion]] | None:
        """Where a question is indexed by its citation: a claim with the claims, a question that
        is no claim with the stems."""
        if parts.told:
            return self.claims_at
        return self.stems_at if parts.stem else None

    def _watched(self, runs: frozenset[Tokens]) -> frozenset[Tokens]:
        return runs if self.watch is None else runs & self.watch

    def add(self, q: GeneratedQuestion) -> None:
        parts = _parts(q)
        self.texts[id(q)] = parts.texts
        self.runs[id(q)] = parts.runs
        self.figures.add(id(q), q, parts)
        if (index := self._by_citation(parts)) is not None:
            for bucket in parts.buckets:
                index[bucket][id(q)] = q
        self.shown.update(self._watched(parts.runs))
        self.answers.update(parts.variants)
        self.live_answers.update(parts.variants)
        self.long_answers.update(v for v in parts.variants if len(v) > INDEXED_RUN)

    def remove(self, q: GeneratedQuestion) -> None:
        parts = _parts(q)
        del self.texts[id(q)]
        del self.runs[id(q)]
        self.figures.remove(id(q), parts)
        if (index := self._by_citation(parts)) is not None:
            for bucket in parts.buckets:
                del index[bucket][id(q)]
        self.shown.subtract(self._watched(parts.runs))
        self.answers.subtract(parts.variants)
        self.live_answers.difference_update(
            v for v in parts.variants if self.answers[v] <= 0
        )
        self.long_answers.subtract(v for v in parts.variants if len(v) > INDEXED_RUN)

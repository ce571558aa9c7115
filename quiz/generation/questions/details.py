"""Details made of two numbers that a question must ask whole: a score ("held to a 2-2 draw"), a
date with its month ("since March 2020", "on September 26") and a range ("a range of 4.75% to 5%").
Asked one number at a time they make nonsense ("a 2-____ draw", a bare "26", "____% to 5%", whose
blank either end fits); asked whole they are the sentence's main figure.

Wrong options keep the answer's format (a draw stays a draw, a day and month stay a day and month):
the article's other scores and dates of the same format first, in any month (those of other events,
outside the cited text, so that the answer is not the only option the article writes), then made-up
ones it never writes, in the answer's month, so that only the detail the article states tells them
apart. Options are in order (by goals, by date).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..claims import Claim, citation, compiled, says, unresolved_reference
from ..distractors import YEAR_SHIFTS, year_bounds
from ..facts import Article
from ..records import SINGLE_CHOICE, Candidate, Option, words
from ..roles import hide_names
from ..sentences import SUBJECTS, Token, series_of
from .common import (
    BLANK,
    HELD_BACK,
    RESERVE,
    SHORT_OF_NAMES,
    VERB_NEEDS,
    draft,
    fact_keys,
    fragment_review,
    held_back,
    in_reserve,
    name_shows,
    ordered_choices,
    subtree_span,
    value_key,
    where_from,
    window_around,
)

MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH = "|".join(MONTH_NAMES)
# A month's name: a date of one month has the format of a date of any other (`date_shape`).
MONTH = re.compile(rf"\b(?:{_MONTH})\b")
_DATE = re.compile(
    rf"\b(?:(?P<month>{_MONTH}) (?P<day>[1-9]|[12]\d|3[01])(?:, (?P<year>1\d{{3}}|20\d{{2}}))?"
    rf"|(?P<day2>[1-9]|[12]\d|3[01]) (?P<month2>{_MONTH})(?: (?P<year2>1\d{{3}}|20\d{{2}}))?"
    rf"|(?P<month3>{_MONTH}) (?P<year3>1\d{{3}}|20\d{{2}}))\b(?![,.]?\d)"
)
# Two small numbers joined by a hyphen or dash, not part of a longer number, date or range.
_SCORE = re.compile(r"(?<![\w.,/–-])(?P<a>\d{1,2})[-–](?P<b>\d{1,2})(?![\w/–-]|[.,]\d)")
# What tells a score from a range ("aged 18-24"): a result verb or noun beside it.
# A result verb may stand a few words before the score ("lost their opening match 2-1").
_SCORE_BEFORE = re.compile(
    r"(?:\b(?:a|an)\b(?: [A-Z][\w'’-]*){0,3}|\b(?:led|leading|won|winning|lost|losing|drew|"
    r"drawn|ended|finished|beat|beating|beaten|trailed|trailing|defeated|defeating)\b"
    r"(?: [\w'’-]+){0,6}) $"
)
_SCORE_AFTER = re.compile(
    r"^ (?:draw|win|victory|defeat|loss|lead|scoreline|on penalties|at half-time|after)\b"
)
# Two percentages joined by "to", not a change ("rose from 3.4% to 4.2%" asks each figure alone).
_RANGE = re.compile(
    r"(?<!\bfrom )(?<![\w.,$£€-])(?P<a>\d+(?:\.\d+)?)(?P<unit>%| per ?cent) to "
    r"(?P<b>\d+(?:\.\d+)?)(?P=unit)(?![\w.,]\d)"
)
# "Prices rose 0.4% to 3.2%": a change and the level it reached, no range.
_CHANGED_BY = re.compile(
    r"\b(?:by|rose|fell|grew|dropped|climbed|jumped|slipped|gained|lost|increased|decreased|"
    r"declined|rising|falling|edged|eased|slid|surged|sank|up|down)\s+$"
)
CHOICES = 4
# Characters on each side of a score read for the verb or noun that makes it one.
SCORE_CONTEXT = 60
# "date_choice" is the rule for a day of the week.
CALENDAR_DATE_RULE = "calendar_date_choice"
RULE = {"score": "score_choice", "date": CALENDAR_DATE_RULE, "range": "range_choice"}
# A date's wrong options are rarely in the article (few other dates have its month), so "pick the
# only option the article writes" often answers it: below the number rules, asked where it matters.
SCORE = {"score": 2.6, "date": 2.2, "range": 2.6}
GOAL_LIMIT = 30


@dataclass(frozen=True, slots=True)
class Detail:
    """A score or a date in a sentence: `text` as written, `order` what sorts options, `parts` the
    numbers it is made of (so a question on one of them alone is its sibling)."""

    kind: str
    text: str
    start: int
    end: int
    parts: tuple[float, ...]


def details_in(text: str, offset: int = 0) -> list[Detail]:
    """The scores and dates with their month in `text`, by position (`offset` added)."""
    found = []
    for m in _DATE.finditer(text):
        numbers = [m.group(g) for g in ("day", "year", "day2", "year2", "year3")]
        parts = tuple(float(n) for n in numbers if n)
        found.append(
            Detail("date", m.group(), offset + m.start(), offset + m.end(), parts)
        )
    for m in _SCORE.finditer(text):
        if not (
            _SCORE_BEFORE.search(text[max(0, m.start() - SCORE_CONTEXT) : m.start()])
            or _SCORE_AFTER.match(text[m.end() : m.end() + SCORE_CONTEXT])
        ):
            continue
        parts = (float(m.group("a")), float(m.group("b")))
        found.append(
            Detail("score", m.group(), offset + m.start(), offset + m.end(), parts)
        )
    for m in _RANGE.finditer(text):
        parts = (float(m.group("a")), float(m.group("b")))
        if parts[0] < parts[1] and not _CHANGED_BY.search(text, 0, m.start()):
            found.append(
                Detail("range", m.group(), offset + m.start(), offset + m.end(), parts)
            )
    return sorted(found, key=lambda d: d.start)


def written_in(article: Article) -> tuple[Detail, ...]:
    """Every score and date with its month the article writes, by position."""
    return _details_of_text(article.text)


@lru_cache(maxsize=1)
def _details_of_text(text: str) -> tuple[Detail, ...]:
    # Kept for the last article read: each score and date question looks through all of them, and
    # reading the whole text for each made the rule's cost grow with the square of its length.
    return tuple(details_in(text))


def inside_detail(article: Article, index: int, start: int) -> bool:
    """Whether the character at `start` of sentence `index` is part of a score or a date: a
    number there is asked with the rest of it, never alone."""
    return any(True for _ in _details_at(article, index, start))


def inside_date(article: Article, index: int, start: int) -> bool:
    """Whether the character at `start` of sentence `index` is part of a date ("21 October
    2019"): its day is no count to change, and a date is changed whole or not at all."""
    return any(d.kind == "date" for d in _details_at(article, index, start))


def _details_at(article: Article, index: int, start: int) -> Iterator[Detail]:
    """The scores and dates of sentence `index` that hold the character at `start`."""
    for d in details_in(article.sentence_text(index), _sentence_start(article, index)):
        if d.start <= start < d.end:
            yield d


def _options(ordered: list[tuple[str, float]], stated: set[str]) -> tuple[Option, ...]:
    return tuple(Option(text, text in stated, order) for text, order in ordered)


def _sentence_start(article: Article, index: int) -> int:
    return article.parsed[index].sentence.start


def _goals(text: str) -> tuple[int, int]:
    a, b = re.split(r"[-–]", text)
    return int(a), int(b)


# Words a view around a figure must keep besides the blank to say what it is about.
MIN_VIEW_WORDS = 4
# Words a view does not end on: they promise words it cut ("for the ____ time on…").
CUT_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "at",
        "to",
        "for",
        "by",
        "with",
        "and",
        "or",
        "but",
        "from",
        "as",
        "than",
        "since",
        "about",
        "after",
        "before",
        # A relative cut from its clause: "…before the date on which…".
        "which",
        "who",
        "whom",
        "whose",
        "that",
        "where",
        "when",
    ]
)
# Words a clause opens with that stand for a noun before it: "…that had been in place since ____"
# does not say what had ("…when 12 countries signed the treaty…" has its own subject).
RELATIVES = frozenset(["that", "which", "who", "whom", "whose"])
# Words that need a name the view may not show: "…time in their ____-year history" (whose?).
UNNAMED = words("it its he his him she her they their them")
# Pronouns that stand for a thing done or given, never for the subject of their own clause.
OBJECTS = words("it them him")


def view_start(part: str) -> int:
    """Where, in the claim, a view cut from it starts (its key part "@start" or "@start:end")."""
    return int(part[1:].split(":")[0].rstrip(HELD_BACK))


def figure_views(
    article: Article, index: int, claim: Claim, at: int, length: int
) -> list[tuple[str, int, str]]:
    """Where a figure at claim.text[at:at + length] can be asked (`_views`), leaving out the words
    before the sentence's verb when they lean on a pronoun the claim leaves unresolved ("Half of
    them were given ____ milligrams": of whom? "In November he scored in ____ matches": who?)."""
    views = _views(article, index, claim, at, length)
    others = _series_mates(article, index, claim, at)
    if others:
        # "Serious fires broke out in 1996, 2008 and 2015": "…broke out in ____…" reads as if one
        # year were true; a view shows the figure beside the rest of its series, or none.
        views = [v for v in views if all(other in v[0] for other in others)]
    unread = _unread_opening(article, index, claim)
    if unread < 0:
        return views
    return [
        (shown, where, part)
        for shown, where, part in views
        if shown.startswith("…") and view_start(part) >= unread
    ]


def _series_mates(article: Article, index: int, claim: Claim, at: int) -> list[str]:
    """The other figures of the series the figure at claim.text[at] stands in ("1996, 2008 and
    2015", joined by the parse), as written; [] when it stands alone."""
    tokens = article.parsed[index].tokens
    base = claim.position(article=article, offset=0)
    here = next((k for k, t in enumerate(tokens) if t.start + base == at), None)
    if here is None or tokens[here].pos != "NUM":
        return []
    return [
        tokens[k].text
        for k in series_of(tokens, here)
        if k != here and tokens[k].pos == "NUM"
    ]


# Where a clause ends: the view stops at one of these or at the sentence's end.
_CLAUSE_ENDS = frozenset(",;:.")
# The first words of a noun phrase: a clause shown from one says what it is about ("…a detour
# that adds roughly ____ weeks…"), one shown from a preposition does not ("…in place since ____…").
_NOUN_PHRASE_OPENINGS = frozenset(["DET", "NOUN", "PROPN"])


def whole_clause(
    article: Article, index: int, claim: Claim, view: tuple[str, int, str], at: int
) -> bool:
    """Whether a view cut from its sentence shows a whole clause: it ends where the sentence or a
    clause ends (not "…over ____ days the week…") and opens at the sentence's start, after its
    subject's words or on a noun phrase. A sentence stating one figure is asked in such a view
    only: the whole sentence asks the same figure without any cut."""
    shown, where, part = view
    start = view_start(part)
    lead = where - (at - start)
    end = start + len(shown) - len("…") - lead
    rest = claim.text[end:].lstrip()
    if rest and rest[0] not in _CLAUSE_ENDS:
        return False
    if start == 0 or shown[:lead] != "…":
        return True
    offset = start - claim.position(article=article, offset=0)
    first = next((t for t in article.parsed[index].tokens if t.start == offset), None)
    return first is not None and first.pos in _NOUN_PHRASE_OPENINGS


def _unread_opening(article: Article, index: int, claim: Claim) -> int:
    """Where, in the claim, the sentence's main verb stands when the words before it hold a
    pronoun the claim does not resolve; -1 when they read alone."""
    root = next(t for t in article.parsed[index].tokens if t.dep == "ROOT")
    verb_at = claim.position(article=article, offset=root.start)
    if verb_at <= 0:
        return -1
    unread = unresolved_reference(article, claim.sentences, claim.text[:verb_at])
    return verb_at if unread.lower() in UNNAMED else -1


def _views(
    article: Article, index: int, claim: Claim, at: int, length: int
) -> list[tuple[str, int, str]]:
    """Where a figure at claim.text[at:at + length] can be asked: the whole sentence; the clause
    around it (a few words each side); and that clause cut short of the sentence's other figures,
    so that each figure of a sentence can be asked without one stem showing another's answer
    ("…the asteroid Dimorphos on ____…" beside "…at about ____ miles per hour…"). Each as (shown
    text, where the figure stands in it, the per-view part of its key)."""
    text = claim.text
    if not claim.head and text.split(maxsplit=1)[0].lower() in POSSESSIVES:
        # "Their first title came in ____": whose? Not asked.
        return []
    views = [(text, at, "")]
    around = window_around(text, at, at + length)
    if not around:
        return views
    subject, verb = _subject_start(article, index, claim, at)
    sentence_start = _sentence_start(article, index)
    spans = [
        (claim.position(article=article, offset=n.start), n.end - n.start)
        for n in article.numbers[index]
    ] + [
        (claim.position(article=article, offset=d.start), d.end - d.start)
        for d in details_in(article.sentence_text(index), sentence_start)
    ]
    a, b = around
    # Widened back to its subject ("The trial … followed ____ adults"), unless that would show
    # another figure of the sentence, the answer of another question. A clause whose subject is a
    # pronoun ("…and it can carry ____ containers…") is widened to the sentence's own subject,
    # which it stands for, or not shown at all ("…where it won ____ of the 57 seats…").
    if subject is None:
        widest, verb = _main_subject_start(article, index, claim)
    else:
        widest = subject
    if verb is None and _describes_opening_noun(article, index, claim, a):
        # No verb of its own ("The Ottawa Convention, in place since ____…"): shown after the
        # noun phrase it describes, which the parser may not have hung it on.
        widest = 0
    # A clause cut off from its subject by another figure ("…has scored ____ league goals…": who?)
    # is shown after its subject's words ("Jamie Vardy … has scored ____ league goals…").
    named = ""
    if widest < a and not any(widest <= start < a for start, _ in spans):
        a = widest
    elif subject is None:
        return views
    elif widest < a:
        named = _subject_words(article, index, claim, widest)
        if named and any(widest <= start < widest + len(named) for start, _ in spans):
            named = ""
    if (a, b) == (0, len(text) - text.endswith(".")):
        return views

    def lead(start: int, name: str) -> str:
        # "…inflation … to reach": a subject in lower case is cut from within its sentence.
        cut = "…" if name[:1].islower() and widest else ""
        return f"{cut}{name} … " if name and start > widest else "…" if start else ""

    def after_conjunction(start: int, name: str) -> int:
        """Past an "and" that would join the subject shown to nothing ("Parliament … and did
        not return until ____…")."""
        joined = _CONJUNCTION.match(text, start)
        return joined.end() if name and start > widest and joined else start

    for start, size in spans:
        if start < a < start + size:
            # Not from the middle of another figure ("…May 2024 and did not return…").
            a = start + size
            while a < at and not text[a].isalnum():
                a += 1
    a = after_conjunction(a, named)
    if widest < a:
        joined = _joined_start(article, index, claim, verb, (a, at), spans, named=named)
        if joined is None and named and _opens_phrase(article, index, claim, a):
            # Nothing the subject did to show after its name: the words alone, when they open a
            # phrase of their own ("…barely ____ weeks before the date…").
            named = ""
            joined = _joined_start(
                article, index, claim, verb, (a, at), spans, named=""
            )
        if joined is None:
            return views
        a = joined
    # The subject's words alone, for the tighter view to add its own verb to.
    plain_named = named
    if named and widest < a:
        with_verb = _name_and_verb(
            article, index, claim, (named, widest), verb, a, spans
        )
        if with_verb is None:
            return views
        named = with_verb
    b = _through_relative(article, index, claim, _cut_end(text, at + length, b), spans)
    b = _through_alternatives(article, index, claim, (at + length, b), spans)
    b = _through_bare_verb(article, index, claim, b, spans)
    clean_b = _clean_end(article, index, claim, (a, b), at, length, named)
    views.append(
        (
            lead(a, named) + text[a:clean_b] + "…",
            at - a + len(lead(a, named)),
            f"@{a}",
        )
    )
    names = {f"@{a}": named}
    tight_a, tight_b = a, b
    for start, size in spans:
        if start + size <= at and start >= 0:
            tight_a = max(tight_a, start + size)
        elif start >= at + length:
            tight_b = min(tight_b, start)
    # Whole words only, and no dangling "on", "of the" at the cut ends.
    while tight_a < at and (_inside_word(text, tight_a) or not text[tight_a].isalpha()):
        tight_a += 1
    while tight_b > at + length and text[tight_b : tight_b + 1].isalnum():
        tight_b -= 1
    tight_named = plain_named
    own = "" if plain_named else _subject_words(article, index, claim, widest)
    if own and not any(widest <= start < widest + len(own) for start, _ in spans):
        if tight_a < widest and widest + len(own) <= at:
            # Cut short of a figure before the clause's own subject: from that subject, not
            # from the words the figure left ("…metres across and Didymos is about ____…").
            tight_a = widest
        elif widest < tight_a:
            # Cut off from its subject: shown after the subject's words ("The Dart spacecraft …
            # at about ____ miles per hour…", not "…at about ____ miles per hour…": what?).
            tight_named = own
    tight_a = after_conjunction(tight_a, tight_named)
    tight_joined: int | None = tight_a
    if widest < tight_a:
        tight_joined = _joined_start(
            article, index, claim, verb, (tight_a, at), spans, named=tight_named
        )
        if tight_joined is None and tight_named != plain_named:
            tight_named = plain_named
            tight_joined = _joined_start(
                article, index, claim, verb, (tight_a, at), spans, named=plain_named
            )
    tight_b = _through_relative(
        article, index, claim, _cut_end(text, at + length, tight_b), spans
    )
    tight_b = _through_alternatives(
        article, index, claim, (at + length, tight_b), spans
    )
    tight_b = _through_bare_verb(article, index, claim, tight_b, spans)
    if tight_joined is not None and tight_named and widest < tight_joined:
        with_verb = _name_and_verb(
            article, index, claim, (tight_named, widest), verb, tight_joined, spans
        )
        tight_joined = None if with_verb is None else tight_joined
        tight_named = with_verb or ""
    if tight_joined is not None:
        tight_a = tight_joined
        tight_b = _clean_end(
            article, index, claim, (tight_a, tight_b), at, length, tight_named
        )
        words = len((text[tight_a:at] + " " + text[at + length : tight_b]).split())
        if (tight_a, tight_b) != (a, clean_b) and words >= MIN_VIEW_WORDS:
            shown = lead(tight_a, tight_named) + text[tight_a:tight_b] + "…"
            part = f"@{tight_a}:{tight_b}"
            views.append((shown, at - tight_a + len(lead(tight_a, tight_named)), part))
            names[part] = tight_named
    kept = [views[0]]
    figure = (at, widest)
    wholes = [
        _with_its_clause(article, index, claim, view, figure, spans)
        for view in views[1:]
    ]
    pairs = list(zip(views[1:], wholes, strict=True))
    if pairs and not any(wholes):
        # No view shows the clause of the figure: a longer one that does is better than none (and
        # the view held back stays, for a set that cannot spare it).
        longer = _with_its_clause(
            article, index, claim, views[1], figure, spans, longer=True
        )
        pairs.insert(0, (views[1], longer))
    for view, whole in pairs:
        if whole is None:
            # Asked so only if the set cannot do without it (`held_back`).
            whole = (view[0], view[1], view[2] + HELD_BACK)
        if any(shown == whole[0] for shown, _, _ in kept):
            continue
        name = names[view[2]]
        names[whole[2]] = (
            name if name and whole[0].removeprefix("…").startswith(f"{name} … ") else ""
        )
        if _reads_alone(
            article, whole, names[whole[2]], length
        ) and not _half_comparison(article, index, claim, whole):
            kept.append(whole)
    return kept + _short_of_names(article, index, claim, kept, (at, length), names)


def _short_of_names(
    article: Article,
    index: int,
    claim: Claim,
    kept: list[tuple[str, int, str]],
    figure: tuple[int, int],
    names: dict[str, str],
) -> list[tuple[str, int, str]]:
    """Each clause view that shows a name after its figure, cut short of that name where the clause
    still ends whole (`_clean_end`: its verb and subject stay, as the view keeps its start): "…were
    held to a ____ draw…" beside "…a ____ draw by Chelsea…", for a set whose other question asks
    for Chelsea. Marked SHORT_OF_NAMES, so that only a set that needs it takes it."""
    at, length = figure
    text = claim.text
    figure_end = at + length
    starts = sorted(
        p
        for m in article.mentions[index]
        if (p := claim.position(article=article, offset=m.start)) >= figure_end
    )
    shorter: list[tuple[str, int, str]] = []
    for shown, where, part in kept[1:]:
        a = view_start(part)
        lead = shown[: where - (at - a)]
        b = a + len(shown) - len(lead) - shown.endswith("…")
        name_at = next((p for p in starts if p < b), None)
        if name_at is None:
            continue
        end = _whole_end(
            article,
            index,
            claim,
            (a, _trim_end(text, figure_end, name_at)),
            at,
            length,
            names[part],
        )
        if end is None or end <= figure_end:
            continue
        mark = SHORT_OF_NAMES + (HELD_BACK if held_back(part) else "")
        view = (lead + text[a:end] + "…", where, f"@{a}:{end}{mark}")
        if any(view[0] == other[0] for other in kept + shorter):
            continue
        if _reads_alone(article, view, names[part], length) and not _half_comparison(
            article, index, claim, view
        ):
            shorter.append(view)
    return shorter


# Verb forms a view after a subject's name may open on: what the subject did ("Vardy … has scored
# ____ league goals"), not a participle, whose doer the name need not be ("Labour … giving the
# party a majority of ____ seats").
_FINITE = frozenset(["VBD", "VBZ", "VBP", "MD"])


def _name_and_verb(
    article: Article,
    index: int,
    claim: Claim,
    name: tuple[str, int],
    verb: Token | None,
    start: int,
    spans: list[tuple[int, int]],
) -> str | None:
    """The subject's words `name` (shown from claim.text[name[1]]) to show before a view that
    opens at claim.text[start] after a middle "…": with what its verb says when the view opens past
    that verb on a phrase of its own ("Finland joined … exactly ____ years after…", "The trial
    followed … for an average of…", not "Finland … exactly ____ years after…", which never says
    what happened): the verb with its aux, and what it needs after it ("the Court of Session had
    reached the opposite conclusion … in a case brought by…") when that shows no figure. None when
    the view shows another subject of that verb: the parse took the name for a second subject of
    a verb it is no subject of ("Finland … exactly ____ years after the treaty was signed", cut
    from "Finland, which joined …, exactly 74 years after the treaty was signed")."""
    words, at = name
    if verb is None or verb.pos not in {"VERB", "AUX"}:
        return words
    tokens = article.parsed[index].tokens
    verb_at = tokens.index(verb)
    base = claim.position(article=article, offset=0)
    if any(
        t.head == verb_at and t.dep in SUBJECTS and t.start + base >= start
        for t in tokens
    ):
        return None
    first = next((t for t in tokens if t.start + base == start), None)
    if (
        verb.start + base >= start
        or first is None
        or (first.pos in {"VERB", "AUX"} and first.tag in _FINITE)
        or (first.dep in _VERB_WORDS and tokens[first.head].tag in _FINITE)
    ):
        return words
    opening = min(
        [verb.start]
        + [
            t.start
            for t in tokens[:verb_at]
            if t.head == verb_at and t.dep in _VERB_WORDS
        ]
    )
    if opening + base < at + len(words):
        return words

    def shows_figure(end: int) -> bool:
        return any(opening + base <= s < end + base for s, _ in spans)

    end = verb.end
    for t in tokens[verb_at + 1 :]:
        if t.head != verb_at or t.dep not in VERB_NEEDS:
            continue
        # The whole phrase, or its words up to its noun when a figure follows in it ("the
        # opposite conclusion", not "… on 11 September"); nothing when the figure is before
        # its noun ("The trial followed …", not "followed 17,604 adults").
        for stop in (_right_edge(tokens, t), t.end):
            if stop + base <= start and not shows_figure(stop):
                end = max(end, stop)
                break
    if shows_figure(end):
        return words
    return f"{words} {claim.text[opening + base : end + base].rstrip(' ,')}"


def _blank_clause(tokens: tuple[Token, ...], figure: int) -> tuple[int, int | None]:
    """The verb whose clause holds the word `figure` and that verb's subject: the first word up its
    heads that has a subject, a verb joined by "and" to one that has (its subject shared), or a
    participle ("…ending an ordeal of ____ days…"); else the sentence's root. A figure in the
    subject of a clause a verb before it reports as what would or could be ("Nasa had said … that a
    change of ____ seconds would count as a success") climbs on to the verb that reports it: cut
    from it, the clause reads as a fact."""
    here, came, seen = figure, figure, set[int]()
    while True:
        seen.add(here)
        token = tokens[here]
        subject = _subject_of(tokens, here)
        if subject is not None and tokens[subject].tag in {"WDT", "WP"}:
            # "…the canal, which opened in ____": the noun the relative stands for.
            subject = token.head if token.dep == "relcl" else None
        if token.dep == "ROOT" or token.head in seen:
            return here, subject
        if subject is None and token.pos in {"VERB", "AUX"}:
            if token.dep == "conj":
                shared = _subject_of(tokens, token.head)
                if shared is not None:
                    return here, shared
            if token.tag == "VBG" and token.dep in {"advcl", "conj", "prep"}:
                return here, None
            hung = _hung_subject(tokens, here)
            if hung is not None:
                return here, hung
        if subject is not None and not (came == subject and _reported(tokens, here)):
            return here, subject
        here, came = token.head, here


# Words that open a clause the parser may read as a preposition, its subject hung on it as the
# object ("…after one of the most dramatic finals … ended 3-3…").
_CLAUSE_OPENERS = words("after before until since once while when as because")


def _hung_subject(tokens: tuple[Token, ...], verb: int) -> int | None:
    """The subject of a finite clause the parser left without one, hung as the object of the word
    that opens the clause: the noun whose words end right before the verb."""
    token = tokens[verb]
    if token.dep != "advcl" or token.tag not in {"VBD", "VBZ", "VBP"}:
        return None
    return next(
        (
            j
            for j, t in enumerate(tokens[:verb])
            if t.dep == "pobj"
            and tokens[t.head].text.lower() in _CLAUSE_OPENERS
            and _right_edge(tokens, t) == tokens[verb - 1].end
        ),
        None,
    )


def _subject_of(tokens: tuple[Token, ...], head: int) -> int | None:
    return next(
        (
            j
            for j, t in enumerate(tokens)
            if t.head == head and j != head and t.dep in SUBJECTS
        ),
        None,
    )


def _reported(tokens: tuple[Token, ...], verb: int) -> bool:
    """Whether the clause of `verb` is one a verb before it reports, and says what would be, could
    be or is wanted rather than what was ("…that a change of ____ seconds would count…")."""
    token = tokens[verb]
    return (
        token.dep == "ccomp"
        and token.head < verb
        and any(t.head == verb and t.tag in {"MD", "TO"} for t in tokens)
    )


def _with_its_clause(
    article: Article,
    index: int,
    claim: Claim,
    view: tuple[str, int, str],
    figure: tuple[int, int],
    spans: list[tuple[int, int]],
    *,
    longer: bool = False,
) -> tuple[str, int, str] | None:
    """A view cut from its sentence as it shows the verb of the blank's clause and that verb's
    subject (shown, or named before a middle "…"): "The result … with only ____ games to play"
    and "Argentina … ended ____" cut the verb the name was the subject of, "…barely ____ weeks
    before…" shows neither. Such a view starts at the subject instead when that shows no other
    figure of the sentence and the view already shows the verb; else None (not asked so). With
    `longer`, it runs on to its verb and starts at its subject over the sentence's other figures
    too (a figure no view asks otherwise: "The trial followed 17,604 adults in ____ countries…")."""
    shown, where, part = view
    at, named_at = figure
    start = view_start(part)
    lead = where - (at - start)
    end = start + len(shown) - len("…") - lead
    tokens = article.parsed[index].tokens
    base = claim.position(article=article, offset=0)
    places = [t.start + base for t in tokens]
    here = next((i for i, t in enumerate(tokens) if t.start <= at - base < t.end), None)
    if here is None:
        return view
    verb, subject = _blank_clause(tokens, here)
    if places[verb] >= end:
        # "Within ____ days, pledges of money for the rebuilding…": on to the verb and what it
        # needs, when that shows no other figure.
        needs = [
            _right_edge(tokens, t) + base
            for t in tokens
            if tokens[t.head] is tokens[verb] and t.dep in VERB_NEEDS
        ]
        stop = max([tokens[verb].end + base, *needs])
        if not longer and any(end <= s < stop for s, _ in spans):
            # "Within ____ days, pledges of money for the rebuilding…": a figure set before the
            # subject it shows reads alone; else held.
            fronted = subject is not None and at < places[subject] < end
            return view if fronted and start == 0 else None
        end = stop
        if not start and not claim.text[end:].strip(" ."):
            return None  # the whole sentence
        view = (shown[:lead] + claim.text[start:end] + "…", where, f"@{start}:{end}")
    before = longer and subject is not None and places[subject] < places[verb] < start
    if not start <= places[verb] < end and not before:
        return None
    if subject is None or start <= places[subject] < end:
        return view
    if (
        not before
        and lead > len("…")
        and named_at <= places[subject] < named_at + lead - len(" … ")
    ):
        return view
    widest = max(0, _left_edge(tokens, tokens[subject]) + base)
    if widest >= start or (not longer and any(widest <= s < start for s, _ in spans)):
        return None
    if not widest and not claim.text[end:].strip(" ."):
        return None
    opening = "…" if widest else ""
    return (
        opening + claim.text[widest:end] + "…",
        at - widest + len(opening),
        f"@{widest}:{end}",
    )


def _inside_word(text: str, at: int) -> bool:
    """Whether a cut at `at` falls inside a word, a hyphenated one included: a view never starts on
    "…year history" cut from "132-year history"."""
    before, after = text[at - 1 : at], text[at : at + 1]
    return (before.isalnum() or before == "-") and (after.isalnum() or after == "-")


# The end of the words before a view that opens on the second half of a comparison: "…more than |
# the party won in ____…" (more than what? which party?) reads only with its first half.
_COMPARED_WITH = re.compile(r"\bthan\s*$")
# A "than" comparing with what a clause says, not with a figure ("less than 8%").
_THAN_A_CLAUSE = re.compile(r"\bthan (?![\d$£€]|about |around |nearly )")


def _half_comparison(
    article: Article, index: int, claim: Claim, view: tuple[str, int, str]
) -> bool:
    """Whether a view shows half of a comparison: it opens after its "than", or on the words after
    a figure cut from them, and shows their "than" ("…points more than the party won in ____…":
    more than what?)."""
    shown, _, part = view
    start = view_start(part)
    if _COMPARED_WITH.search(claim.text[:start]):
        return True
    return (
        start > 0
        and _THAN_A_CLAUSE.search(shown) is not None
        and not _opens_phrase(article, index, claim, start)
    )


def _describes_opening_noun(
    article: Article, index: int, claim: Claim, start: int
) -> bool:
    """Whether claim.text[start:] follows, after a comma, a noun phrase that opens the claim (the
    tokens before it hang on one noun among them): a phrase set off there describes that noun."""
    if claim.head or claim.text[:start].rstrip()[-1:] != ",":
        return False
    tokens = article.parsed[index].tokens
    end = claim.text[:start].rstrip()[:-1].rstrip()
    before = [
        t for t in tokens if claim.position(article=article, offset=t.start) < len(end)
    ]
    if not before or claim.position(article=article, offset=before[-1].end) != len(end):
        return False
    heads = [t for t in before if tokens[t.head] not in before or tokens[t.head] is t]
    return len(heads) == 1 and heads[0].pos in {"NOUN", "PROPN"}


def _reads_alone(
    article: Article, view: tuple[str, int, str], named: str, length: int
) -> bool:
    """Whether a view cut from its sentence says what it is about and fits one place only."""
    shown, where, _ = view
    rest = shown.split("… ", 1)[-1]
    return _says_what_about(shown, named) and _fits_once(
        article,
        rest.strip("…"),
        where - (len(shown) - len(rest.lstrip("…"))),
        length,
    )


# Relations of a word that only qualifies the next: a view opening on one has cut it from its
# noun ("…dramatic finals in the tournament's history…", "…second time after…").
_QUALIFIERS = frozenset(
    ["amod", "compound", "det", "nummod", "poss", "quantmod", "case"]
)


def _opens_phrase(article: Article, index: int, claim: Claim, start: int) -> bool:
    """Whether claim.text[start] opens a phrase of the sentence, not the middle of one (the
    largest phrase beginning there is no mere qualifier of a word after it)."""
    tokens = article.parsed[index].tokens
    offset = start - claim.position(article=article, offset=0)
    here = next((t for t in tokens if t.start == offset), None)
    if here is None or _left_edge(tokens, here) != offset:
        return False
    steps = 0
    while (
        tokens[here.head] is not here
        and _left_edge(tokens, tokens[here.head]) == offset
        and steps < len(tokens)
    ):
        here, steps = tokens[here.head], steps + 1
    return here.dep not in _QUALIFIERS


# Clauses that hang on a verb but do not say what its subject did on their own: "Mbappe … to
# score a hat-trick" (became what?).
_CLAUSES = frozenset(["xcomp", "ccomp", "advcl"])


def _own_clause(tokens: tuple[Token, ...], token: Token) -> bool:
    """Whether `token` heads an infinitive hanging on the verb, which needs the words it
    completes ("became the first player to score …"); a participle ("giving the party a
    majority") reads as what the subject did."""
    return token.dep in _CLAUSES and any(
        t.dep == "aux" and t.tag == "TO" and tokens[t.head] is token for t in tokens
    )


# Relations that make a word part of the phrase before it rather than a phrase of its own:
# "close to the Fed's target, and far below its peak", "about 60%, one of the lowest since".
_ALONGSIDE = frozenset(["conj", "appos"])
# Words of a verb that may stand before it, where what the subject did begins ("has scored").
_VERB_WORDS = frozenset(["aux", "auxpass", "neg"])


def _joined_start(
    article: Article,
    index: int,
    claim: Claim,
    verb: Token | None,
    cut: tuple[int, int],
    spans: list[tuple[int, int]],
    *,
    named: str,
) -> int | None:
    """Where a view cut off from its subject, meant to begin at claim.text[cut[0]] and show the
    figure at cut[1], may begin and still read as what that subject did: at the subject's verb or
    at the start of a phrase hanging on it, the phrase it begins in when that shows no other
    figure (`spans`), else the next ("The trial … for an average of more than ____ years", not
    "The trial … countries for an average of…"; "Inflation … far below its peak of ____%", not
    "Inflation … target and far below…"). Without the subject's words before it, only a phrase after the verb
    reads alone: one that begins after the verb ("…ending an ordeal of ____ days…", not "…Chile was
    lifted to the surface on ____…", the end of the subject with its verb). None when there is no
    such place; `start` when the parse gives no verb to judge by."""
    start, limit = cut
    if verb is None:
        return start
    if not named:
        # Past the verb, the view shows what was done, not whom to ("…about $____ million…").
        return (
            start
            if start > claim.position(article=article, offset=verb.start)
            else None
        )
    tokens = article.parsed[index].tokens
    verb_at = tokens.index(verb)
    verbs = {verb_at} | {
        i for i, t in enumerate(tokens) if t.dep == "conj" and t.head == verb_at
    }
    hanging = {i for i, t in enumerate(tokens) if i in verbs or t.head in verbs}
    while grown := {
        i
        for i, t in enumerate(tokens)
        if t.dep in _ALONGSIDE and t.head in hanging and i not in hanging
    }:
        hanging |= grown
    starts = set()
    for i in hanging:
        if _own_clause(tokens, tokens[i]):
            continue
        if i in verbs:
            starts.add(tokens[i].start)
            starts.update(
                t.start for t in tokens[:i] if t.head == i and t.dep in _VERB_WORDS
            )
        else:
            starts.add(_left_edge(tokens, tokens[i]))
    places = sorted(claim.position(article=article, offset=offset) for offset in starts)
    back = max((place for place in places if place <= start), default=-1)
    if back > claim.position(article=article, offset=verb.start) and not any(
        back <= place < start for place, _ in spans
    ):
        return back
    # Not at the figure itself: "Dimorphos … ____ minutes to orbit" has cut its "11 hours and".
    return next((place for place in places if start <= place < limit), None)


_CONJUNCTION = re.compile(r"(?:and|but|or|then)\s+")


def _through_relative(
    article: Article, index: int, claim: Claim, end: int, spans: list[tuple[int, int]]
) -> int:
    """`end`, or past the noun a view's last word qualifies ("…moved a celestial object…", not
    "…moved a celestial…") and the relative clause that says which thing it is, up to the next
    figure: "…barely ____ weeks before the date on which the UK was scheduled to leave the
    European Union…", not "…before the date…" (which date?)."""
    tokens = article.parsed[index].tokens
    base = claim.position(article=article, offset=0)
    noun = next((t for t in tokens if t.end == end - base), None)
    if (
        noun is not None
        and noun.dep in _QUALIFIERS
        and tokens[noun.head].start > noun.start
    ):
        head = tokens[noun.head]
        if not any(end <= start < head.end + base for start, _ in spans):
            end, noun = head.end + base, head
    if noun is None or not noun.tag.startswith("NN"):
        return end
    relative = next(
        (t for t in tokens if tokens[t.head] is noun and t.dep == "relcl"), None
    )
    if relative is None or relative.start < noun.end:
        return end
    stop = min(
        [_right_edge(tokens, relative) + base]
        + [start for start, _ in spans if start >= end]
    )
    stop = len(claim.text[:stop].rstrip(" ,;:"))
    return _cut_end(claim.text, end, stop) if stop > end else end


# Words that join alternatives: a figure said of one of them or another is said of them all.
_ALTERNATIVES = words("or nor")


def _through_alternatives(
    article: Article,
    index: int,
    claim: Claim,
    cut: tuple[int, int],
    spans: list[tuple[int, int]],
) -> int:
    """`cut[1]`, or past the alternatives a word the view shows after its figure is joined to by
    "or" after the cut, up to the next figure: a figure said of "a heart attack, a stroke or died
    of cardiovascular causes" is not said of "a heart attack" ("…____% of those taking semaglutide
    had a heart attack…" reads as a smaller outcome than the article's)."""
    figure_end, end = cut
    tokens = article.parsed[index].tokens
    base = claim.position(article=article, offset=0)
    joined = {
        t.head
        for t in tokens
        if t.dep == "cc" and t.text.lower() in _ALTERNATIVES and t.start + base >= end
    }
    stop = end
    for i in joined:
        if not figure_end <= tokens[i].start + base < end:
            continue
        others = [t for t in tokens if t.head == i and t.dep == "conj"]
        if all(t.pos == "PROPN" for t in others):
            # A name's other name ("the Double Asteroid Redirection Test, or Dart"), no
            # alternative.
            continue
        last = max(_right_edge(tokens, t) for t in others)
        stop = max(stop, last + base)
    if any(end <= start < stop for start, _ in spans):
        return end
    return stop


def _through_bare_verb(
    article: Article, index: int, claim: Claim, end: int, spans: list[tuple[int, int]]
) -> int:
    """`end`, or past the phrase after a view's last word when that word is a verb with nothing
    after it that it needs, and the phrase hangs on it, up to the next figure: "…the ____
    companies that run them come to an end…", not "…that run them come…" (come where?)."""
    tokens = article.parsed[index].tokens
    base = claim.position(article=article, offset=0)
    last = next((i for i, t in enumerate(tokens) if t.end + base == end), None)
    if last is None or tokens[last].pos != "VERB":
        return end
    if any(t.head == last and t.dep in VERB_NEEDS for t in tokens):
        return end
    phrase = next(
        (
            t
            for t in tokens
            if t.head == last and t.dep == "prep" and t.start + base >= end
        ),
        None,
    )
    if phrase is None:
        return end
    stop = _right_edge(tokens, phrase) + base
    return end if any(end <= start < stop for start, _ in spans) else stop


# What a view may leave out after its end without breaking off a phrase: additions to the word
# they hang on ("…the canal…" without ", which opened in 1869"; "…for the ____ time…" without "on
# Sunday"), but not the "of" a noun needs ("…for an average of…").
# A passive's "by" phrase ("held to a draw by Chelsea") too, which the parser may hang on the noun
# before it.
_DROPPABLE = frozenset(
    ["punct", "cc", "relcl", "appos", "acl", "parataxis", "prep", "agent"]
)
# What a verb may also leave out: the clauses and adverbials after what it says ("Egypt earns
# about $____ million a day…" without "from ships using the canal"), and what the parser could not
# place ("dep": "…, mostly nausea" after "stopped taking it").
_VERB_DROPPABLE = _DROPPABLE | {"advmod", "npadvmod", "agent", "conj", "advcl", "dep"}


def _clean_end(
    article: Article,
    index: int,
    claim: Claim,
    cut: tuple[int, int],
    at: int,
    length: int,
    named: str = "",
) -> int:
    """`cut[1]`, or moved back to where the view claim.text[cut[0]:cut[1]] after the figure at
    claim.text[at:at + length] stops without breaking off a phrase: no word it shows after the
    figure hangs on a word it cut, no relative clause it shows is cut back to its verb, and no word
    it shows lacks a word it needs (a preposition its noun, a verb its object, a noun the "of"
    holding a figure), except for the additions a word may do without (`_DROPPABLE`): "…from
    ships using the canal…", not "…the canal, which opened…"; "…in people who were overweight…",
    not "…who were overweight but did…". `cut[1]` as it was when no such end leaves MIN_VIEW_WORDS
    words (the subject's words `named` before the view count: "…adults in ____ countries for an
    average of more…" stays), or when the view stops before the verb of the figure's own clause
    ("Within ____ days, pledges of money for the rebuilding…" stays)."""
    end = _whole_end(article, index, claim, cut, at, length, named)
    return cut[1] if end is None else end


def _whole_end(
    article: Article,
    index: int,
    claim: Claim,
    cut: tuple[int, int],
    at: int,
    length: int,
    named: str = "",
) -> int | None:
    """Where the view ends without breaking off a phrase (`_clean_end`), or None when it cannot."""
    tokens = article.parsed[index].tokens
    places = [claim.position(article=article, offset=t.start) for t in tokens]
    ends = [claim.position(article=article, offset=t.end) for t in tokens]
    figure_end = at + length
    a, b = cut
    children: list[list[int]] = [[] for _ in tokens]
    for i, token in enumerate(tokens):
        if token.head != i:
            children[token.head].append(i)

    # The verb of the figure's own clause: a view shows it when it shows the figure.
    verb = next((i for i, p in enumerate(places) if p <= at < ends[i]), None)
    seen: set[int] = set()
    while verb is not None and tokens[verb].pos not in {"VERB", "AUX"}:
        seen.add(verb)
        verb = None if tokens[verb].head in seen else tokens[verb].head
    if verb is not None and places[verb] >= b:
        return None

    def clean(end: int) -> bool:
        if verb is not None and at < places[verb] and ends[verb] > end:
            return False
        for i, token in enumerate(tokens):
            if not a <= places[i] < end:
                continue
            if (
                places[i] >= figure_end
                and token.head != i
                and places[token.head] >= end
            ):
                return False
            if (
                token.dep == "relcl"
                and ends[subtree_span(tokens, i)[1]] > end
                and not any(j > i and places[j] < end for j in children[i])
            ):
                # A relative cut back to its verb: "…the canal, which opened…".
                return False
            droppable = _VERB_DROPPABLE if token.pos in {"VERB", "AUX"} else _DROPPABLE
            if any(
                places[j] >= end
                and (tokens[j].dep not in droppable or _counts_with_of(tokens, j))
                for j in children[i]
            ):
                return False
        return True

    end = b
    while not clean(end):
        shown = [p for p in places if figure_end <= p < end]
        if not shown:
            return None
        end = _trim_end(claim.text, figure_end, max(shown))
    words = f"{named} {claim.text[a:at]} {claim.text[figure_end:end]}"
    return end if len(words.split()) >= MIN_VIEW_WORDS else None


def _counts_with_of(tokens: tuple[Token, ...], at: int) -> bool:
    """Whether tokens[at] is an "of" that gives the noun before it its figure ("an average of
    more than three years", "a vote share of 33.7%", "one of the most dramatic finals"): the word
    says little without it, unlike "the western coast" without "of the country"."""
    if tokens[at].text.lower() != "of":
        return False
    if tokens[tokens[at].head].pos in {"NUM", "PRON", "DET"}:
        # "one of", "some of": nothing without what they are part of.
        return True
    first, last = subtree_span(tokens, at)
    return any(t.pos == "NUM" for t in tokens[first : last + 1])


def _trim_end(text: str, figure_end: int, end: int) -> int:
    """`end` moved back over the punctuation and the words a view does not end on."""
    kept = text[figure_end:end]
    while True:
        kept = kept.rstrip(" ,;:–—")
        last = kept.rsplit(maxsplit=1)[-1] if kept.strip() else ""
        if not last or last.lower() not in CUT_WORDS:
            return figure_end + len(kept)
        kept = kept[: len(kept) - len(last)]


def _right_edge(tokens: tuple[Token, ...], root: Token) -> int:
    """Where the phrase headed by `root` ends in the text."""
    _, last = subtree_span(tokens, tokens.index(root))
    return tokens[last].end


def _cut_end(text: str, figure_end: int, end: int) -> int:
    """`end` moved back over the words a view does not end on ("…before the date on which the")."""
    kept = text[figure_end:end].split()
    while kept and (kept[-1].lower() in CUT_WORDS or not kept[-1][-1].isalnum()):
        kept.pop()
    after = text[figure_end:end]
    return figure_end + (after.rindex(kept[-1]) + len(kept[-1]) if kept else 0)


def _says_what_about(shown: str, named: str) -> bool:
    """Whether a view cut from its sentence says what it is about: it opens on no relative ("…that
    had been in place since ____") and leans on no pronoun whose name it does not show. After the
    subject's words, an object pronoun stands for something the view cut ("Messi … after first
    winning it in ____": winning what?)."""
    if named:
        rest = shown.split("… ", 1)[-1].split()
        return not any(word.strip(",;:…").lower() in OBJECTS for word in rest)
    opening = shown.lstrip("…").split()
    if not opening or opening[0].lower() in RELATIVES:
        return False
    for position, word in enumerate(opening):
        if word.lower() in {"a", "an", "the"} or (position and word[:1].isupper()):
            # A noun the pronouns after it may stand for ("an Italian woman died after she…").
            return True
        if word.strip(",;:").lower() in UNNAMED:
            return False
    return True


# Words a subject is written with that name nothing on their own.
PRONOUNS = words("it its he she they them we i you this that these those")
# Words a sentence may open with that need what came before ("Their first title …").
POSSESSIVES = words("its their his her our my your")


def _subject_start(
    article: Article, index: int, claim: Claim, at: int
) -> tuple[int | None, Token | None]:
    """Where, in the claim, the subject of the clause holding claim.text[at] begins (the noun a
    relative "that" or "which" stands for), with that clause's verb; `at` when the parse finds no
    subject, and None when the subject is a pronoun the claim leaves unresolved."""
    tokens = article.parsed[index].tokens
    offset = at - claim.position(article=article, offset=0)
    here = next((t for t in tokens if t.start <= offset < t.end), None)
    seen: set[int] = set()
    while here is not None:
        position = tokens.index(here)
        seen.add(position)
        subject = next(
            (
                t
                for t in tokens
                if tokens[t.head] is here
                and t is not here
                and t.dep in {"nsubj", "nsubjpass"}
            ),
            None,
        )
        if subject is not None:
            if subject.tag in {"WDT", "WP"} and here.dep == "relcl":
                subject = tokens[here.head]
            elif subject.text.lower() in PRONOUNS:
                resolved = claim.position(article=article, offset=subject.start) < len(
                    claim.head
                )
                return (0 if resolved else None), here
            start = claim.position(article=article, offset=_left_edge(tokens, subject))
            return max(0, start), here
        if here.dep == "ROOT" or here.head in seen:
            return at, None
        here = tokens[here.head]
    return at, None


# Words a subject shown before a clause it was cut from may have: a name or a short noun phrase.
MAX_SUBJECT_WORDS = 5


def _subject_words(article: Article, index: int, claim: Claim, start: int) -> str:
    """The subject that begins at claim.text[start], up to its head word ("Jamie Vardy", "The
    Select trial"); "" when it is longer than a short phrase."""
    tokens = article.parsed[index].tokens
    offset = start - claim.position(article=article, offset=0)
    first = next((t for t in tokens if t.start == offset), None)
    here, steps = first, 0
    while here is not None and here.dep not in {"nsubj", "nsubjpass"}:
        if tokens[here.head] is here or steps > len(tokens):
            return ""
        here, steps = tokens[here.head], steps + 1
    if here is None or here.pos not in {"NOUN", "PROPN"}:
        # "The last … ending an ordeal": a subject named by a noun only.
        return ""
    end = claim.position(article=article, offset=here.end)
    if claim.text[end : end + 2].strip()[:1].isdigit():
        # Cut short of its own number: "The FTSE" of "The FTSE 100".
        return ""
    words = claim.text[start:end]
    return words if 0 < len(words.split()) <= MAX_SUBJECT_WORDS else ""


def _main_subject_start(
    article: Article, index: int, claim: Claim
) -> tuple[int, Token | None]:
    """Where, in the claim, the subject of the sentence's main verb begins (0 when it has none or it
    is a pronoun itself), with that verb."""
    tokens = article.parsed[index].tokens
    subject = next(
        (
            t
            for t in tokens
            if t.dep in {"nsubj", "nsubjpass"} and tokens[t.head].dep == "ROOT"
        ),
        None,
    )
    if subject is None or subject.text.lower() in PRONOUNS:
        return 0, None
    start = claim.position(article=article, offset=_left_edge(tokens, subject))
    return max(0, start), tokens[subject.head]


def _left_edge(tokens: tuple[Token, ...], root: Token) -> int:
    """Where the phrase headed by `root` begins in the text."""
    first, _ = subtree_span(tokens, tokens.index(root))
    return tokens[first].start


def _fits_once(article: Article, shown: str, where: int, length: int) -> bool:
    """The words around the blank stand only once in the article: "…promised ____ million euros…"
    fits 100 and 200 when two people promised, and a reader cannot tell which is asked."""
    before, after = shown[:where].strip(), shown[where + length :].strip()
    pattern = compiled(re.escape(before) + _BLANK + re.escape(after))
    if before or not after:
        return len(pattern.findall(article.text)) <= 1
    return _matches_at_most_once(pattern, article.text, after)


# What the blank stands for in `_fits_once`'s pattern, and the most characters it spans.
_BLANK = r"\s?.{1,40}?\s?"
_LONGEST_BLANK = 42


def _matches_at_most_once(pattern: re.Pattern[str], text: str, after: str) -> bool:
    """`len(pattern.findall(text)) <= 1` for a pattern that is the blank then `after`. Without
    words before the blank the regex engine tries the pattern at every character of the text (a
    third of a second on 100 KB); a match can only start within the blank's reach before a stand of
    `after`, so only those starts are tried, in the order findall tries them."""
    found, end_of_last = 0, 0
    stand = text.find(after)
    while stand >= 0:
        for start in range(max(end_of_last, stand - _LONGEST_BLANK), stand):
            if match := pattern.match(text, start):
                found, end_of_last = found + 1, match.end()
                if found > 1:
                    return False
                break
        stand = text.find(after, stand + 1)
    return True


def _score_options(text: str) -> list[tuple[str, float]]:
    """Other results of the same shape (a draw stays a draw, the higher score stays first), each
    with its sort value."""
    a, b = _goals(text)
    dash = "–" if "–" in text else "-"
    if a == b:
        pairs = [(a + 1, a + 1), (a - 1, a - 1), (a + 2, a + 2), (a + 3, a + 3)]
    elif a > b:
        pairs = [(a + 1, b), (a, b + 1), (a + 1, b + 1), (a + 2, b), (a - 1, b)]
    else:
        pairs = [(a, b + 1), (a + 1, b), (a + 1, b + 1), (a, b + 2), (a, b - 1)]
    return [
        (f"{x}{dash}{y}", _score_order(x, y))
        for x, y in pairs
        if min(x, y) >= 0
        and max(x, y) <= GOAL_LIMIT
        and (x == y) == (a == b)
        and (x > y) == (a > b)
    ]


def _scores_elsewhere(article: Article, detail: Detail, cited: str) -> list[str]:
    """The article's other results of the same shape (a draw for a draw), outside the cited text:
    wrong here, and no student can pick the answer as the only option the article writes."""
    a, b = _goals(detail.text)
    found = []
    for other in written_in(article):
        x, y = _goals(other.text) if other.kind == "score" else (-1, -1)
        if (
            other.kind == "score"
            and (x == y) == (a == b)
            and (x > y) == (a > b)
            and other.text != detail.text
            and other.text not in cited
            and other.text not in found
        ):
            found.append(other.text)
    return found[: CHOICES - 2]


def _score_order(a: int, b: int) -> float:
    return a * 100 + b


def _date_order(text: str) -> float:
    month = next((i for i, name in enumerate(MONTH_NAMES) if name in text), 0)
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    years = [n for n in numbers if n > 31]
    days = [n for n in numbers if n <= 31]
    return (years[0] if years else 0) * 10_000 + month * 100 + (days[0] if days else 0)


def date_shape(text: str) -> str:
    """A date's format with its day, year and month blanked ("# Month Year", "Month #", "Month
    Year"): its options share it, the month free, so that the article's dates of other months can
    be its options ("12 September 2001" for "4 April 1949"), never a day for a year."""
    return MONTH.sub("Month", re.sub(r"\d+", "#", re.sub(r"\b\d{4}\b", "Year", text)))


def _dates_elsewhere(article: Article, detail: Detail, cited: str) -> list[str]:
    """The article's other dates of the same format ("4 April 2023" for "4 April 1949", "3 June"
    for "10 September"), outside the cited text: dates of other events, wrong here, so that the
    answer is not the only option the article writes. All of them: a choice offers the first
    `CHOICES - 2` and keeps the rest as spares."""
    shape = date_shape(detail.text)
    year = re.search(r"\d{4}", detail.text)
    low, high = (
        year_bounds(article, int(year.group()), at=detail.start)
        if year
        else (0, math.inf)
    )
    found: list[str] = []
    for other in written_in(article):
        if (
            other.kind == "date"
            and date_shape(other.text) == shape
            and other.text != detail.text
            and other.text not in cited
            and other.text not in found
            # Within the years a made-up one may take: no later date for a founding.
            and all(low <= int(y) <= high for y in re.findall(r"\d{4}", other.text))
        ):
            found.append(other.text)
    return found


def _date_options(article: Article, detail: Detail) -> list[tuple[str, float]]:
    """Another year a few years off (the year is what a full date is remembered by: "4 April
    1949"), never next door to the answer or to another option and never after the latest year
    the article states; or for a day and month alone the same month with another day a few days
    or a week or two off, and for a month's first or last day that day of the months around it
    ("1 August", "1 October" for "1 September"): the format stays, only what the article states
    tells them apart."""
    text = detail.text
    year = re.search(r"\d{4}", text)
    day = re.search(r"(?<!\d)(?:[1-9]|[12]\d|3[01])(?!\d)", text)
    options = []
    if year:
        value = int(year.group())
        low, high = year_bounds(article, value, at=detail.start)
        taken: list[int] = []
        for shift in YEAR_SHIFTS:
            other = value + shift
            # None next door to another option either: "1946, 1947, 1949" leave the answer
            # apart from the bunch.
            if low <= other <= high and all(abs(other - t) > 1 for t in taken):
                taken.append(other)
                options.append(text[: year.start()] + str(other) + text[year.end() :])
    elif day and (month := MONTH.search(text)):
        value = int(day.group())
        at = MONTH_NAMES.index(month.group())
        if value == 1 or value == MONTH_DAYS[at] or (at == 1 and value == 29):
            # A month's first or last day, which a contract, a law or a term often ends on: the
            # same day of the months around it, not "4 September" beside "1 September", which
            # leaves the answer the one round day.
            for shift in (1, -1, 2, -2, 3, -3):
                other = (at + shift) % 12
                shown = str(1 if value == 1 else MONTH_DAYS[other])
                options.append(_with(text, ((day, shown), (month, MONTH_NAMES[other]))))
        else:
            for shift in (7, -7, 14, -14, 3, -3):
                other = value + shift
                if 1 <= other <= 28:
                    options.append(_with(text, ((day, str(other)),)))
    return [(o, _date_order(o)) for o in options]


# The days of each month, February's in a common year.
MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _with(text: str, changes: tuple[tuple[re.Match[str], str], ...]) -> str:
    """The text with each match's span replaced by its new words."""
    for found, new in sorted(changes, key=lambda c: -c[0].start()):
        text = text[: found.start()] + new + text[found.end() :]
    return text


# How far a wrong range lies from the answer, in widths of the answer's range: next to it first.
RANGE_SHIFTS = (-1, 1, -2, 2, -3, 3)


def _range_options(detail: Detail) -> list[tuple[str, float]]:
    """Ranges as wide as the answer, moved along by whole widths ("4.5% to 4.75%" and "5% to
    5.25%" for "4.75% to 5%"), in its unit, never below zero: only the range the article states
    tells them apart."""
    low, high = detail.parts
    width = high - low
    unit = next(u for u in ("%", " percent", " per cent") if u in detail.text)
    options = []
    for shift in RANGE_SHIFTS:
        a, b = low + shift * width, high + shift * width
        if a >= 0:
            options.append((f"{a:g}{unit} to {b:g}{unit}", a))
    return options


def _ranges_elsewhere(detail: Detail, article: Article, cited: str) -> list[Detail]:
    """The article's other ranges in the answer's unit, outside the cited text: wrong here."""
    percent = "%" in detail.text
    found: list[Detail] = []
    for other in written_in(article):
        if (
            other.kind == "range"
            and ("%" in other.text) == percent
            and other.text != detail.text
            and other.text not in cited
            and other.text not in {f.text for f in found}
        ):
            found.append(other)
    return found[: CHOICES - 2]


def written_details(article: Article) -> frozenset[str]:
    """Every score and date with its month the article writes: never a wrong option. Read once
    per article."""
    return frozenset(d.text for d in written_in(article))


def detail_questions(
    article: Article,
    index: int,
    claim: Claim,
    rng: random.Random,
    *,
    written: frozenset[str],
) -> Iterator[Candidate]:
    """Which score or date completes the sentence (or the detail's own clause), among others of
    its shape that the article never writes (`written`: `written_details`)."""
    sentence_start = _sentence_start(article, index)
    roles = [r for i in claim.sentences for r in article.roles[i]]
    cite = citation(article, claim.sentences)
    for detail in details_in(article.sentence_text(index), sentence_start):
        at = claim.position(article=article, offset=detail.start)
        if at < 0 or claim.text[at : at + len(detail.text)] != detail.text:
            continue
        further: list[tuple[str, float]] = []
        if detail.kind == "score":
            own = _score_order(*_goals(detail.text))
            wrong = [
                (other, _score_order(*_goals(other)))
                for other in _scores_elsewhere(article, detail, cite.quote)
            ]
            options = _score_options(detail.text)
        elif detail.kind == "range":
            own = detail.parts[0]
            wrong = [
                (other.text, other.parts[0])
                for other in _ranges_elsewhere(detail, article, cite.quote)
            ]
            options = _range_options(detail)
        else:
            own = _date_order(detail.text)
            wrong = [
                (other, _date_order(other))
                for other in _dates_elsewhere(article, detail, cite.quote)
            ]
            wrong, further = wrong[: CHOICES - 2], wrong[CHOICES - 2 :]
            options = _date_options(article, detail)
        stated = {text for text, _ in wrong + further}
        wrong += [
            (text, order)
            for text, order in dict(options).items()
            if text not in written
        ]
        # The ones left over are spares the set may offer in place of an option another
        # question rules out.
        wrong, spare = wrong[: CHOICES - 1], further + wrong[CHOICES - 1 :]
        if len(wrong) < 2:
            continue
        order = dict(wrong) | {detail.text: own}
        for shown, where, view in figure_views(
            article, index, claim, at, len(detail.text)
        ):
            blanked = shown[:where] + BLANK + shown[where + len(detail.text) :]
            blanked, hidden = hide_names(blanked, roles)
            prompt = (
                f"Which {detail.kind} completes {where_from(view, hidden)}? {blanked}"
            )
            yield Candidate(
                draft(
                    SINGLE_CHOICE,
                    prompt,
                    ordered_choices(
                        [detail.text], [w for w, _ in wrong], rng, sort_key=order
                    ),
                    says(cite.quote),
                    cite,
                    RULE[detail.kind],
                    review=fragment_review(shown),
                ),
                claim.sentences,
                answer_forms=(detail.text,),
                distractors=tuple(w for w, _ in wrong),
                keys=fact_keys(
                    article,
                    claim.sentences,
                    prompt,
                    tested=tuple(value_key(index, p) for p in detail.parts),
                    extra=(
                        (detail.kind, index, detail.start),
                        (f"{detail.kind}_choice", index, view),
                    ),
                ),
                score=RESERVE
                if in_reserve(view)
                else SCORE[detail.kind] - 0.2 * bool(view),
                shows=name_shows(article, claim.sentences, prompt),
                options=_options([(detail.text, own), *wrong], stated | {detail.text}),
                spares=_options(spare, stated),
            )

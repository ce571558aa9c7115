"""Sentences -> facts: names with a type, numbers with what they count, quotes with their speaker,
lists and "but not" contrasts, plus the indexes that later rules use to find distractors quickly.

The sentences come parsed by the trained English pipeline (`sentences.parse_sentences`: tags,
dependencies, named entities); the article's own words settle what the model leaves open (a title or
role before a name, "said" after it), and the short shipped list of places in `gazetteer` keeps a
model's slip from putting a city among people.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import TypeVar

from spacy.lang.en.stop_words import STOP_WORDS

from .gazetteer import COUNTRIES
from .names import (
    CALENDAR,
    ORG,
    PERSON,
    PLACE,
    SPEECH_VERBS,
    Mention,
    canonical,
    raw_mentions,
    type_names,
)
from .records import words
from .roles import Role, as_mid_sentence, find_roles
from .sentences import ParsedSentence, Token, is_complete

MONTHS = frozenset(w for w in CALENDAR if not w.endswith("day"))
NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
NUMBER_WORDS.update(
    {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}
)
SCALES = {"million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6}
YEAR_PREPOSITIONS = words(
    "in since until by from to of before after during early late mid year"
)

NUMBER_PATTERN = re.compile(
    r"(?<![\w.,:/])(?P<cur>[$£€])?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?"
    r"(?:[ ](?P<scale>million|billion|trillion|bn)\b|(?P<short>bn|m)\b)?"
    r"(?P<pct>%|[ ]per ?cent\b|[ ]percent\b)?(?![\w:/]|[.,-]\d)"
)
_NUMBER_WORD = re.compile(
    r"\b(?P<num>" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b"
)
WEEKDAYS = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
ORDINALS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
)
WORD_VALUES = {w: 1000.0 + i for i, w in enumerate(WEEKDAYS)} | {
    w: 2000.0 + i for i, w in enumerate(ORDINALS)
}
_WORD_DETAIL = re.compile(
    rf"\b(?:[Oo]n |[Ss]ince |[Ll]ast |[Nn]ext )(?P<day>{'|'.join(WEEKDAYS)})\b"
    rf"|\b(?:the|its|their|his|her|’s|'s) (?P<ordinal>{'|'.join(ORDINALS)})(?= [a-z])"
)
_QUOTE = re.compile(r"[“\"](?P<body>[^“”\"]{3,}?)[”\"]")
_ITEM = r"[^\W\d_][\w’'-]*(?: [^\W\d_][\w’'-]*){0,3}"
_LIST = re.compile(
    rf"(?P<items>{_ITEM}(?:, {_ITEM})+,? (?:and|or) {_ITEM})(?=[.,;:!?]| –| -|$)"
)
_CONTRAST = re.compile(
    rf"\bbut not (?P<items>(?:the )?{_ITEM}(?:, (?:the )?{_ITEM})*,? (?:or|and|nor) (?:the )?{_ITEM})"
    r"(?=[.,;:!?]|$)"
)
_LIST_STOP = words(
    "that which who whom whose when where while because although is are was were has have had will "
    "would said says rather than not but if"
)
_LIST_LEAD = words(
    "includes including include included such as like with of are were and the a an"
)


@dataclass(frozen=True, slots=True)
class Number:
    """A number with its format: `text` is the whole expression ("$40 million"), `digits` the part
    a question blanks out ("275"), `noun` the word after it (what it counts)."""

    kind: str
    text: str
    digits: str
    value: float
    start: int
    end: int
    digits_start: int
    sentence: int
    noun: str = ""
    is_word: bool = False


# "2004:", "4 April 2023:", "April 2023:" opening a line, then what stands under that date.
DATED_LINE = re.compile(
    r"(?P<date>(?:\d{1,2} [A-Z][a-z]+ )?(?:[A-Z][a-z]+ )?\d{4}): (?P<rest>\S.*)"
)


@dataclass(frozen=True, slots=True)
class Quote:
    body: str
    start: int
    end: int
    sentence: int
    speaker: Mention
    sentences: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ItemList:
    """Items named together ("apples, pears and other fruit"); `generic` is an "other ..." tail."""

    items: tuple[str, ...]
    start: int
    end: int
    sentence: int
    contrast: bool
    generic: str = ""


@dataclass
class Article:
    """Everything the rules read, with indexes so no rule rescans the text per question."""

    text: str
    parsed: list[ParsedSentence]
    usable: list[bool] = field(default_factory=list)
    mentions: list[list[Mention]] = field(default_factory=list)
    numbers: list[list[Number]] = field(default_factory=list)
    roles: list[list[Role]] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    lists: list[ItemList] = field(default_factory=list)
    lists_in: dict[int, list[ItemList]] = field(default_factory=dict)
    values: set[float] = field(default_factory=set)
    # Each stated value's sentences, to tell whether a figure from elsewhere was said of this fact.
    value_sentences: dict[float, list[int]] = field(default_factory=dict)
    # Every year the article states, alone or in a date, with whether it is told as a forecast
    # ("would fall … in 2025"): what bounds a made-up year.
    years: list[tuple[int, bool]] = field(default_factory=list)
    pools: dict[str, list[str]] = field(default_factory=dict)
    name_kinds: dict[str, str] = field(default_factory=dict)
    name_sentences: dict[str, list[int]] = field(default_factory=dict)
    surnames: dict[str, str] = field(default_factory=dict)
    countries: set[str] = field(default_factory=set)
    # Lines that list names under a date ("2004: Bulgaria and Estonia."): no verb, yet a statement
    # the line before introduces; sentence index -> the date.
    dated_lines: dict[int, str] = field(default_factory=dict)

    def sentence_text(self, index: int) -> str:
        return self.parsed[index].sentence.text


_Found = TypeVar("_Found")


def kept_for_last_article(
    compute: Callable[[Article], _Found],
) -> Callable[[Article], _Found]:
    """`compute`, its result kept for the last article it was asked of: every rule and gate asks
    about the same article many times, and holding one article (never more) keeps a long-lived
    process from growing. The pair is read and replaced whole, once per call, so a thread
    generating for another article at the same time (gunicorn runs threads) is never handed this
    one's. (An article is a mutable dataclass, unhashable: `lru_cache` cannot key on it.)"""
    last: tuple[Article, _Found] | None = None

    @wraps(compute)
    def kept(article: Article) -> _Found:
        nonlocal last
        found = last
        if found is not None and found[0] is article:
            return found[1]
        value = compute(article)
        last = (article, value)
        return value

    return kept


def parse_number(
    match: re.Match[str], offset: int, sentence: int, text: str
) -> Number | None:
    """One numeric expression with its kind (money, percent, year, count) and value."""
    cur, digits = match.group("cur") or "", match.group("num")
    decimal = match.group("dec") or ""
    scale_word = match.group("scale") or match.group("short") or ""
    value = float(digits.replace(",", "") + decimal) * SCALES.get(scale_word, 1)
    before = text[: match.start()].rstrip().rsplit(" ", 1)[-1].lower().strip(",")
    raw_before = text[: match.start()].rstrip().rsplit(" ", 1)[-1]
    # "Boeing 737", "type 2" name a thing; "Mr Hinton, 76," gives a figure (an age) after a comma.
    if before in MONTHS or (
        raw_before[:1].isupper()
        and not raw_before.endswith(",")
        and not match.group("cur")
        and before not in STOP_WORDS | YEAR_PREPOSITIONS
    ):
        return None
    tail = text[match.end() :]
    noun_match = re.match(r" ([a-z][a-z-]+)", tail)
    noun = noun_match.group(1) if noun_match else ""
    if match.group("pct"):
        kind = "percent"
    elif cur:
        kind = "money"
    elif (
        not decimal
        and not scale_word
        and "," not in digits
        and 1800 <= int(digits) <= 2100
        and (
            before in YEAR_PREPOSITIONS
            or not noun
            or noun in {"and", "when", "to", "that"}
        )
    ):
        kind, noun = "year", ""
    else:
        kind = "count"
    return Number(
        kind,
        match.group(),
        digits + decimal,
        value,
        offset + match.start(),
        offset + match.end(),
        offset + match.start("num"),
        sentence,
        noun,
    )


def _numbers(sentence_text: str, offset: int, index: int) -> list[Number]:
    found = [
        n
        for m in NUMBER_PATTERN.finditer(sentence_text)
        if (n := parse_number(m, offset, index, sentence_text))
    ]
    for m in _NUMBER_WORD.finditer(sentence_text.lower()):
        word = m.group("num")
        noun = re.match(r" ([a-z][a-z-]+s)\b", sentence_text[m.end() :])
        if (
            not noun
            or word in {"zero", "one"}
            or sentence_text[m.start() : m.end()] != word
        ):
            continue
        found.append(
            Number(
                "count",
                word,
                word,
                float(NUMBER_WORDS[word]),
                offset + m.start(),
                offset + m.end(),
                offset + m.start(),
                index,
                noun.group(1),
                True,
            )
        )
    for m in _WORD_DETAIL.finditer(sentence_text):
        kind = "day" if m.group("day") else "ordinal"
        word = m.group(kind)
        start = offset + m.start(kind)
        found.append(
            Number(
                kind,
                word,
                word,
                WORD_VALUES[word],
                start,
                start + len(word),
                start,
                index,
                "",
                True,
            )
        )
    return sorted(found, key=lambda n: n.start)


_YEAR = re.compile(
    rf"(?:\b(?:{'|'.join(sorted(MONTHS))}) (?:\d{{1,2}},? )?|(?<![\w$£€¥.,]))"
    r"(?P<year>1[89]\d{2}|20\d{2})(?![\w%]|[.,]\d)"
)


def _years(parsed: ParsedSentence) -> list[tuple[int, bool]]:
    """The years a sentence states, alone ("in 2019") or in a date ("March 2020"), each with
    whether its verb is a forecast (a modal or a base form: "would fall", "plans to open")."""
    found = []
    for m in _YEAR.finditer(parsed.sentence.text):
        start = parsed.sentence.start + m.start("year")
        found.append((int(m.group("year")), _forecast(parsed.tokens, start)))
    return found


def _forecast(tokens: tuple[Token, ...], start: int) -> bool:
    """The verb the parse hangs the year on is a modal's or a base form, or a modal comes before
    it in the sentence (the parse hangs "and by a point in 2025", after "would fall", on
    "projected")."""
    if any(t.tag == "MD" and t.start < start for t in tokens):
        return True
    here = next((t for t in tokens if t.start <= start < t.end), None)
    for _ in range(len(tokens)):
        if here is None:
            return False
        if here.tag.startswith("VB"):
            return here.tag == "VB" or any(
                t.tag == "MD" and tokens[t.head] is here for t in tokens
            )
        if tokens[here.head] is here:
            return False
        here = tokens[here.head]
    return False


def _lists(sentence_text: str, offset: int, index: int) -> list[ItemList]:
    found: list[ItemList] = []
    for pattern, contrast in ((_CONTRAST, True), (_LIST, False)):
        for m in pattern.finditer(sentence_text):
            body = m.group("items")
            parts = [
                p.strip()
                for p in re.split(r", (?:and |or |nor )?|,? (?:and|or|nor) ", body)
            ]
            parts = [re.sub(r"^(?:the|a|an) ", "", p) for p in parts if p]
            width = max(len(p.split()) for p in parts[1:])
            words = parts[0].split()
            while len(words) > 1 and (
                words[0].lower() in _LIST_LEAD or len(words) > width
            ):
                words = words[1:]
            parts[0] = " ".join(words)
            if len(parts) < (2 if contrast else 3) or any(
                set(p.lower().split()) & _LIST_STOP
                or (p.lower() in STOP_WORDS and not p.isupper())
                # "ten construction companies, five British and five French": counts, no items.
                or p.split()[0].lower() in NUMBER_WORDS
                for p in parts
            ):
                continue
            generic = parts.pop() if parts[-1].lower().startswith("other ") else ""
            if len(parts) < 2 or len({p.lower() for p in parts}) < len(parts):
                continue
            start = offset + m.start("items") + body.find(parts[0])
            found.append(
                ItemList(
                    tuple(parts),
                    start,
                    offset + m.end("items"),
                    index,
                    contrast,
                    generic,
                )
            )
        if found:
            break
    return found


def _subject_of_saying(
    parsed: ParsedSentence, outside: list[Mention]
) -> Mention | None:
    """The person or body the parse makes the subject of a verb of saying: "Professor Helen Carter
    of the University of Sydney, who led the study, said …" is Helen Carter's, though the
    university stands just before "said". None when that subject is no name ("she said")."""
    tokens = parsed.tokens
    for token in tokens:
        if token.dep not in {"nsubj", "nsubjpass"}:
            continue
        if tokens[token.head].text.lower() not in SPEECH_VERBS:
            continue
        found = next(
            (
                m
                for m in outside
                if m.kind in {PERSON, ORG} and m.start <= token.start < m.end
            ),
            None,
        )
        if found is not None:
            return found
    return None


def _quotes(article: Article, index: int, previous: Quote | None) -> list[Quote]:
    parsed = article.parsed[index]
    sentence = parsed.sentence
    spans = [
        (m.start(), m.end(), m.group("body")) for m in _QUOTE.finditer(sentence.text)
    ]
    if not spans:
        return []
    outside = [
        m
        for m in article.mentions[index]
        if not any(a <= m.start - sentence.start < b for a, b, _ in spans)
    ]
    speaker = _subject_of_saying(parsed, outside)
    words = [t.text.lower() for t in parsed.tokens]
    for mention in [] if speaker else outside:
        if mention.kind not in {PERSON, ORG}:
            continue
        k = next(
            (n for n, t in enumerate(parsed.tokens) if t.start >= mention.end),
            len(words),
        )
        near = (
            words[k : k + 2]
            + words[
                max(0, k - 2 - len(mention.surface.split())) : k
                - len(mention.surface.split())
            ]
        )
        if set(near) & SPEECH_VERBS or (k < len(words) and words[k] == ","):
            speaker = mention
            break
    sentences: tuple[int, ...] = (index,)
    if speaker is None:
        stripped = sentence.text.strip()
        continues = (
            stripped[0] in '“"' and stripped.rstrip(".")[-1] in '”"' and len(spans) == 1
        )
        if not (previous and continues and previous.sentence == index - 1):
            return []
        if article.parsed[index - 1].sentence.paragraph != sentence.paragraph:
            return []
        speaker, sentences = previous.speaker, (index - 1, index)
    found = []
    for a, b, body in spans:
        body = body.strip().rstrip(",")
        if len(body.split()) >= 4:
            found.append(
                Quote(
                    body,
                    sentence.start + a,
                    sentence.start + b,
                    index,
                    speaker,
                    sentences,
                )
            )
    return found


def _label_number(number: Number, parsed: ParsedSentence) -> bool:
    """A count that is part of a label, not an amount of anything: "type 2 diabetes", "phase 3"
    (right after a singular common noun, by the tagger). Changing it would make nonsense, not a
    false claim."""
    if number.kind != "count" or number.is_word:
        return False
    before = [t for t in parsed.tokens if t.end <= number.start]
    return (
        bool(before) and before[-1].tag == "NN" and before[-1].end + 1 >= number.start
    )


def build_article(*, text: str, parsed: list[ParsedSentence]) -> Article:
    """Extract every fact once and index it by type, value, name and word."""
    article = Article(text=text, parsed=parsed)
    raw = [raw_mentions(p, text) for p in parsed]
    article.name_kinds, article.surnames = type_names(raw, text)
    pools: dict[str, dict[str, None]] = defaultdict(dict)
    for p, sentence_mentions in zip(parsed, raw, strict=True):
        index = p.sentence.index
        article.usable.append(is_complete(p.sentence.text) and p.has_verb())
        line_start = text.rfind("\n", 0, p.sentence.start) + 1
        dated = DATED_LINE.fullmatch(p.sentence.text.rstrip("."))
        if dated and not text[line_start : p.sentence.start].strip():
            article.dated_lines[index] = dated.group("date")
        mentions = [
            m
            for raw_mention, _ in sentence_mentions
            if (m := canonical(article.name_kinds, article.surnames, raw_mention))
        ]
        article.mentions.append(mentions)
        article.roles.append(
            as_mid_sentence(
                find_roles(p.sentence.text, p.sentence.start, mentions),
                p.sentence.start,
                text,
            )
        )
        for m in mentions:
            pools[m.kind][m.name] = None
            for form in {m.name, m.surface}:
                bucket = article.name_sentences.setdefault(form, [])
                if not bucket or bucket[-1] != index:
                    bucket.append(index)
        numbers = [
            n
            for n in _numbers(p.sentence.text, p.sentence.start, index)
            if not _label_number(n, p)
        ]
        article.numbers.append(numbers)
        for n in numbers:
            for value in {n.value} | (
                set() if n.is_word else {float(n.digits.replace(",", ""))}
            ):
                article.values.add(value)
                article.value_sentences.setdefault(value, []).append(index)
        article.years.extend(_years(p))
        found_lists = _lists(p.sentence.text, p.sentence.start, index)
        article.lists.extend(found_lists)
        if found_lists:
            article.lists_in[index] = found_lists
    previous: Quote | None = None
    for p in parsed:
        quotes = _quotes(article, p.sentence.index, previous)
        article.quotes.extend(quotes)
        previous = quotes[-1] if quotes else None
    article.pools = {kind: list(names) for kind, names in pools.items()}
    article.countries = _countries(text, article.pools.get(PLACE, []))
    return article


_DEMONYM_ENDINGS = ("", "n", "an", "ian", "ese", "i", "ish", "ic")


def _has_demonym(place: str, adjectives: set[str]) -> bool:
    return any(
        stem + ending in adjectives and stem + ending != place
        for cut in range(5)
        if len(stem := place[: len(place) - cut]) >= 3
        for ending in _DEMONYM_ENDINGS
    )


def _countries(text: str, places: list[str]) -> set[str]:
    """The places the article treats as countries: a short acronym ("UK") or a name whose adjective
    the article uses ("Russian" for Russia, "British" for Britain). A city standing for its
    government ("the capital's decision") has no such adjective in news prose, so it stays out."""
    adjectives = set(re.findall(r"\b[A-Z][a-z]+(?=[ -][a-z])", text))
    found: set[str] = set()
    for place in places:
        acronym = 2 <= len(place) <= 3 and place.isupper()
        if (
            acronym
            or place in COUNTRIES
            or (" " not in place and _has_demonym(place, adjectives))
        ):
            found.add(place)
    return found


def leading_subject(sentence_text: str) -> str:
    """ "The Paris Agreement, signed in ..." -> "The Paris Agreement": the capitalised noun phrase a
    following "It" most likely refers to; empty when the sentence does not start with one."""
    m = re.match(
        r"(?:The |An? )?(?:[A-Z][\w’'-]+ )*[A-Z][\w’'-]+(?=[ ,])", sentence_text
    )
    if (
        not m
        or m.group().lower() in STOP_WORDS
        or " " not in m.group()
        and m.group().lower() in STOP_WORDS
    ):
        return ""
    return m.group()


# A subject longer than this is a clause of its own; replacing "It" with it would not read.
MAX_SUBJECT_WORDS = 6


def parsed_subject(parsed: ParsedSentence) -> str:
    """ "The spire that fell was not part of ..." -> "The spire that fell": the subject of the
    sentence's main verb by the parse, when it opens the sentence and is a noun phrase (not a
    pronoun); empty otherwise. What a following "It" refers to when the subject is not a name."""
    tokens = parsed.tokens
    root = next((i for i, t in enumerate(tokens) if t.dep == "ROOT"), -1)
    subject = next(
        (
            i
            for i, t in enumerate(tokens)
            if t.dep in {"nsubj", "nsubjpass"} and t.head == root and i != root
        ),
        -1,
    )
    if root < 0 or subject < 0 or tokens[subject].pos not in {"NOUN", "PROPN"}:
        return ""

    def under_subject(i: int) -> bool:
        while i != subject and tokens[i].head != i and i != root:
            i = tokens[i].head
        return i == subject

    last = max(i for i in range(len(tokens)) if under_subject(i))
    if (
        subject + 1 < last
        and tokens[subject + 1].text == ","
        and "," in [t.text for t in tokens[last : last + 2]]
    ):
        # "The drug, which has been sold since 1998, costs …": the noun phrase before the aside
        # set off by commas.
        last = subject
    span = tokens[: last + 1]
    if (
        not under_subject(0)
        or len(span) > MAX_SUBJECT_WORDS
        or not all(under_subject(i) for i in range(last + 1))
        or any(t.text in {",", "(", "“", '"'} for t in span)
    ):
        return ""
    return parsed.sentence.text[: span[-1].end - parsed.sentence.start]

"""Wrong options of the right type and format, found through the article's indexes.

Names come from the same article, nearest sentences first, and never one that stands in the cited
text; a number choice's wrong options are the article's other figures of its kind and unit, and
made-up values (in the answer's own format, never a number the article states) only fill up.
Every search is bounded (a window of sentences, the head of a pool) so the cost per question is
constant and generation stays linear in the article's length.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from .claims import has_form, name_forms
from .facts import (
    NUMBER_WORDS,
    ORDINALS,
    WEEKDAYS,
    WORD_VALUES,
    Article,
    Number,
    kept_for_last_article,
)
from .gazetteer import COUNTRIES, same_grain, same_place_as_any
from .leaks import WEEKDAYS as WEEKDAY_TOKENS
from .leaks import Tokens, tokens
from .names import ORG, ORG_SUFFIXES, PERSON, PLACE, TITLES, Mention, apposition_noun
from .records import words
from .roles import role_head
from .sentences import Token, span_roots

NEARBY = 12
# The least relative change that makes a wrong number a different fact rather than a slip.
NOTICEABLE = 0.1
POOL_LIMIT = 60
_WORD_FOR = {v: k for k, v in NUMBER_WORDS.items() if 2 <= v <= 12}
_PLURAL_AFTER = re.compile(
    r"\b(?:use|of|give|giving|provide|provided|supply|supplying|fired|send|sent|buy|bought|with|receive|receives)"
    r" (?:the |more |new |its |their )?(?P<np>(?:[a-z][a-z-]+ )?[a-z][a-z-]{3,}[^s\W]s)\b"
)


# The pipeline's entity labels, grouped into the kinds one question's options must share: a club the
# model calls a place half the time is no option beside clubs it calls organisations.
LABEL_KIND = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "TIME": "DATE"}
_LEADING_THE = re.compile(r"^the ", re.I)
_LEADING_TITLE = re.compile(r"^(?:mr|mrs|ms|miss|dr|sir|lady|lord) ", re.I)
_ORDINAL = re.compile(
    r"\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth",
    re.I,
)
OTHER = "OTHER"


@dataclass(frozen=True, slots=True)
class _Indexes:
    # Each entity's kinds, and its raw pipeline labels, over all its mentions, by its words
    # without "the".
    kinds: dict[Tokens, Counter[str]]
    labels: dict[Tokens, Counter[str]]
    # For each name, how many of its mentions follow "the" (True) and how many do not (False).
    the_use: dict[str, Counter[bool]]
    # The names written right after each common noun ("the architect X", "club X").
    after_noun: dict[str, frozenset[str]]
    # The people the article gives a role ("President X", "X, the Fed chair"), and the people it
    # names only beside a year long before its latest ("Hurst for England in 1966").
    role_holders: frozenset[str]
    of_the_past: frozenset[str]
    # "he" or "she" for each person the article marks as one ("Mr", "Ms", "she said" in a sentence
    # that names no one else).
    sexes: dict[str, str]
    # The people who act in the article: the subject of a verb ("Powell told reporters") or the
    # speaker of a quote, against those only mentioned ("built by the architect X").
    actors: frozenset[str]
    # The sides (teams, countries, bodies) the article ties each person to in its words:
    # "Chelsea's X", "City defender X", "X, the mayor of Paris", "X pulled one back for Chelsea".
    sides: dict[str, frozenset[str]]
    # Answers asked again and again of the same names while the rules build one article's
    # questions (every option is checked against every other), each costing a search of the whole
    # text or several regexes, so they are kept once found: whether the text introduces the second
    # name as another name for the first ("the X, known as Y", "X (Y)"), whether a name stands
    # right after "as" or "(", each option's kind, and whether two names are one (`same_thing`,
    # asked of every pair of options: some 60,000 times on 100 KB).
    introductions: dict[tuple[str, str], bool] = field(default_factory=dict)
    same_things: dict[tuple[str, str], bool] = field(default_factory=dict)
    after_as_or_bracket: dict[str, bool] = field(default_factory=dict)
    option_kinds: dict[str, str] = field(default_factory=dict)
    # Each organisation's sort (`org_sort`), all found at the first call; and whether one body is
    # part of another (`part_of`), asked of every pair of a body's options.
    org_sorts: dict[str, str] = field(default_factory=dict)
    parts: dict[tuple[str, str], bool] = field(default_factory=dict)
    # The article's organisations by their two leading words (`_leading_words`), in the pool's
    # order, built at the first `part_of`: a pair is related only through a name of its lead.
    org_leads: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    # Whether the text writes "the" before a name, in any case (`written_with_the`).
    with_the: dict[str, bool] = field(default_factory=dict)


@kept_for_last_article
def _indexes(article: Article) -> _Indexes:
    kinds: dict[Tokens, Counter[str]] = {}
    labels: dict[Tokens, Counter[str]] = {}
    for parsed in article.parsed:
        for entity in parsed.entities:
            key = tokens(_LEADING_THE.sub("", entity.text))
            kinds.setdefault(key, Counter())[
                LABEL_KIND.get(entity.label, entity.label)
            ] += 1
            labels.setdefault(key, Counter())[entity.label] += 1
    the_use: dict[str, Counter[bool]] = {}
    after_noun: dict[str, set[str]] = {}
    for sentence_mentions in article.mentions:
        for mention in sentence_mentions:
            before = article.text[max(0, mention.start - 4) : mention.start]
            the_use.setdefault(mention.name, Counter())[before.lower() == "the "] += 1
            for noun in (noun_before(article, mention), _noun_after(article, mention)):
                if noun:
                    after_noun.setdefault(noun, set()).add(mention.name)
    return _Indexes(
        kinds,
        labels,
        the_use,
        {noun: frozenset(names) for noun, names in after_noun.items()},
        frozenset(held.name for roles in article.roles for held in roles),
        _of_the_past(article),
        _sexes(article),
        _actors(article),
        _sides(article),
    )


# How many years before the article's latest stated year an event is another era: "Hurst for
# England in 1966" is no option for a goal in a final the article dates by its coach's 2018 start.
ANOTHER_ERA = 10


def _of_the_past(article: Article) -> frozenset[str]:
    """The people every one of whose sentences states a year, all of them more than ANOTHER_ERA
    years before the latest year the article states (forecasts aside): a reader rules them out of
    the article's present events without reading."""
    stated = [year for year, forecast in article.years if not forecast]
    if not stated:
        return frozenset()
    before = max(stated) - ANOTHER_ERA
    past = set()
    for name in article.pools.get(PERSON, []):
        dated = [
            [n.value for n in article.numbers[index] if n.kind == "year"]
            for index in article.name_sentences.get(name, ())
        ]
        if dated and all(dated) and max(max(years) for years in dated) < before:
            past.add(name)
    return frozenset(past)


def _actors(article: Article) -> frozenset[str]:
    """The people the parser reads as the subject of a verb in some sentence, and every quote's
    speaker."""
    found = {quote.speaker.name for quote in article.quotes}
    for index, sentence_mentions in enumerate(article.mentions):
        tokens = article.parsed[index].tokens
        for mention in sentence_mentions:
            if mention.kind == PERSON and any(
                t.dep in {"nsubj", "nsubjpass"}
                and mention.start <= t.start < mention.end
                and tokens[t.head].pos in {"VERB", "AUX"}
                for t in tokens
            ):
                found.add(mention.name)
    return frozenset(found)


# What stands between a side's name and a person's it owns, and between a person's name and the
# side they belong to or act for.
_SIDE_BEFORE = re.compile(
    r"(?:['’]s)?(?: (?!(?:and|or|but|with|to|by|from|against|of|as|in|on|at)\b)[a-z]+){0,2} "
)
_SIDE_AFTER = re.compile(
    r", (?:the|a|an) (?:[\w-]+ ){0,4}(?:of|at|for) (?:the )?|(?: [a-z]+){1,4} for (?:the )?"
)
# A short apposition that holds the side before its noun: "X, a Fed governor,", "X, the
# Democratic candidate,", "X, the Algerian winger who …", "X, the Fed's chair,".
_APPOSITION_OPENING = re.compile(r", (?:the|a|an) ")
_APPOSITION_CLOSING = re.compile(
    r"(?:['’]s)?(?: [a-z-]+){1,2}(?:[,.;]| who\b| whose\b|$)"
)


@dataclass(frozen=True, slots=True)
class _Side:
    name: str
    start: int
    end: int
    # A nationality or party word ("Russian", "Democratic"): it reads as a side right before a
    # title and name ("Russian President X"), where a country or body seldom stands so.
    adjective: bool


def _sides(article: Article) -> dict[str, frozenset[str]]:
    """Each person's sides: a team, country, body, nationality or party named right before them
    with at most a possessive and two lowercase words between ("Chelsea's X", "City defender X",
    "Russian President X"), right after an apposition or a clause that ends "of", "at" or "for"
    ("X, the mayor of Paris", "X, chair of the Y", "X pulled one back for Chelsea"), or inside a
    short apposition before its noun ("X, a Fed governor,", "X, the Democratic candidate,")."""
    found: dict[str, set[str]] = {}
    text = article.text
    for index, sentence_mentions in enumerate(article.mentions):
        sides = [
            _Side(m.name, m.start, m.end, False)
            for m in sentence_mentions
            if m.kind != PERSON
        ] + [
            _Side(e.text, e.start, e.end, True)
            for e in article.parsed[index].entities
            if e.label == "NORP"
        ]
        for person in (m for m in sentence_mentions if m.kind == PERSON):
            start = person.prefix_start if person.prefix else person.start
            for side in sides:
                if side.end <= start:
                    between = text[side.end : start]
                    tied = (between != " " or side.adjective) and bool(
                        _SIDE_BEFORE.fullmatch(between)
                    )
                elif side.start >= person.end:
                    between = text[person.end : side.start]
                    tied = bool(_SIDE_AFTER.fullmatch(between)) or (
                        _APPOSITION_OPENING.fullmatch(between) is not None
                        and _APPOSITION_CLOSING.match(text, side.end) is not None
                    )
                else:
                    continue
                if tied:
                    found.setdefault(person.name, set()).add(side.name)
    return {name: frozenset(sides) for name, sides in found.items()}


_SEX_WORDS = {
    **dict.fromkeys(["mr", "sir", "lord", "king", "prince", "he", "him", "his"], "he"),
    **dict.fromkeys(
        ["mrs", "ms", "miss", "lady", "dame", "queen", "princess", "she", "her"], "she"
    ),
}


def sex_word(text: str) -> str:
    """ "he" or "she" when the words hold pronouns (or titles) of one sex only, else ""."""
    found = {
        _SEX_WORDS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _SEX_WORDS
    }
    return found.pop() if len(found) == 1 else ""


def person_sex(article: Article, name: str) -> str:
    """ "he" or "she" as the article marks the person, "" when it does not."""
    return _indexes(article).sexes.get(name, "")


def _sexes(article: Article) -> dict[str, str]:
    """Each person's sex as the article marks it: a title ("Mr Lee", "Lady Hale"), or a pronoun in
    a sentence that names no other person, or opening the next one ("She said …"). Unknown when
    the marks disagree."""
    marks: dict[str, set[str]] = {}
    for index, sentence_mentions in enumerate(article.mentions):
        people = {m.name for m in sentence_mentions if m.kind == PERSON}
        for m in sentence_mentions:
            if m.kind == PERSON and m.prefix.lower() in _SEX_WORDS:
                marks.setdefault(m.name, set()).add(_SEX_WORDS[m.prefix.lower()])
        if len(people) != 1:
            continue
        (name,) = people
        text = article.sentence_text(index)
        for m in sentence_mentions:
            text = text.replace(m.surface, " ")
        if index + 1 < len(article.parsed):
            first = article.sentence_text(index + 1).split()[:1]
            text += " " + " ".join(w for w in first if w in {"He", "She"})
        if sex := sex_word(text):
            marks.setdefault(name, set()).add(sex)
    return {name: found.pop() for name, found in marks.items() if len(found) == 1}


def entity_labels(article: Article) -> dict[Tokens, Counter[str]]:
    """Each entity's kinds over all its mentions in the article, by its words without "the"."""
    return _indexes(article).kinds


def entity_label(article: Article, name: str) -> str:
    """The pipeline's most frequent label for the name ("GPE" for a country, "LOC" for a river or
    a planet), "" when it labels none of its mentions."""
    labels = _indexes(article).labels
    for key in (tokens(name), tokens(_LEADING_THE.sub("", name))):
        if key in labels:
            counts = labels[key]
            return min(counts, key=lambda label: (-counts[label], label))
    return ""


# Nouns that say the same of a name: "the Japanese firm X" and "the Taiwanese company Y" are both
# companies, fit options for each other.
COMPANY_NOUNS = frozenset(
    [
        "firm",
        "company",
        "subsidiary",
        "carrier",
        "group",
        "maker",
        "manufacturer",
        "operator",
    ]
)


def noun_before(article: Article, mention: Mention) -> str:
    """The common noun right before the name (or before its title), lowercase: "architect" of "the
    architect Ann Lee", "firm" of "the Japanese firm X"; "" when there is none."""
    start = mention.prefix_start if mention.prefix else mention.start
    previous = [t for t in article.parsed[mention.sentence].tokens if t.end <= start]
    if not previous or previous[-1].pos != "NOUN" or not previous[-1].text.islower():
        return ""
    noun = previous[-1].lemma or previous[-1].text
    return "company" if noun in COMPANY_NOUNS else noun


def _noun_after(article: Article, mention: Mention) -> str:
    """The noun of an apposition right after the name: "company" of "X, the Dutch company"."""
    tokens = article.parsed[mention.sentence].tokens
    following = [k for k, t in enumerate(tokens) if t.start >= mention.end]
    noun = apposition_noun(tokens, following[0]) if following else ""
    return "company" if noun in COMPANY_NOUNS else noun


def names_after(article: Article, noun: str) -> frozenset[str]:
    """The names the article writes right after the common noun ("the architect X"), or with it
    in an apposition ("X, an architect,")."""
    return _indexes(article).after_noun.get(noun, frozenset())


# The head noun of a short apposition after a name: "foreman" of "X, the shift foreman who …".
_APPOSITION_HEAD = re.compile(
    r", (?:the|a|an) (?:[\w-]+ ){0,3}?(?P<noun>[a-z-]+)(?= who\b| whose\b|[,.;])"
)
# A common noun the stem refers to someone by: "the foreman", "his chancellor".
_STEM_NOUN = re.compile(r"\b(?:the|his|her|their)\s+(?P<noun>[a-z-]+)")


@kept_for_last_article
def _person_nouns(article: Article) -> dict[str, frozenset[str]]:
    """Each person's common nouns in the article: the noun before the name ("the architect X"),
    an apposition's noun ("X, the shift foreman who …"), a role's head ("Health Minister X")."""
    found: dict[str, set[str]] = {}
    people = set(article.pools.get(PERSON, []))
    for sentence_mentions in article.mentions:
        for mention in sentence_mentions:
            if mention.name not in people:
                # (A person's name the model labels otherwise in one sentence is still theirs.)
                continue
            nouns = found.setdefault(mention.name, set())
            nouns.update({noun_before(article, mention), _noun_after(article, mention)})
            head = _APPOSITION_HEAD.match(article.text, mention.end)
            if head:
                nouns.add(head.group("noun"))
    for roles in article.roles:
        for held in roles:
            found.setdefault(held.name, set()).add(role_head(held.role))
    return {name: frozenset(nouns - {""}) for name, nouns in found.items()}


def referred_to(article: Article, words: str, answer: str) -> frozenset[str]:
    """The people other than the answer whom the words refer to by a noun the article gives them
    ("Who replied that the foreman had done his duty?" speaks of the foreman, so he is not the
    one who replied)."""
    nouns = set()
    for found in _STEM_NOUN.finditer(words):
        noun = found.group("noun")
        nouns |= {noun, noun[:-1]} if noun.endswith("s") and len(noun) > 3 else {noun}
    if not nouns:
        return frozenset()
    return frozenset(
        name
        for name, own in _person_nouns(article).items()
        if name != answer and own & nouns
    )


# Nouns that put names in one sort, so that each is a fit option for the others: a winger beside a
# striker and a goalkeeper, a satellite beside a spacecraft, an asteroid beside a moon.
SORTS = (
    words(
        "player striker forward winger midfielder defender goalkeeper keeper captain "
        "batsman bowler"
    ),
    words("manager coach"),
    words("spacecraft satellite probe mission craft rocket lander rover telescope"),
    words("asteroid comet moon moonlet planet"),
    words("team club side"),
)


def names_of_sort(article: Article, noun: str) -> frozenset[str]:
    """The names the article gives `noun` or a noun of its sort ("the striker X" and "X, the
    midfielder," beside "the winger Y")."""
    nouns = next((sort for sort in SORTS if noun in sort), frozenset({noun}))
    return frozenset(name for each in nouns for name in names_after(article, each))


def the_use(article: Article, name: str) -> Counter[bool]:
    """How many of the name's mentions follow "the" (True) and how many do not (False)."""
    return _indexes(article).the_use.get(name, Counter())


def option_kind(article: Article, option: str) -> str:
    """The kind most of the option's mentions in the article get from the pipeline ("the
    Netherlands" and "Mr Irback" as "Netherlands" and "Irback"); for an option the article does not
    name, the kind its form shows (a percentage, an amount, an ordinal, a year, a count), else OTHER."""
    known = _indexes(article).option_kinds
    if option not in known:
        known[option] = _option_kind(article, option)
    return known[option]


def _option_kind(article: Article, option: str) -> str:
    if option in article.pools.get(ORG, ()) and _called_a_body(article, option):
        # "the Dutch company Boskalis": the article's own words outweigh a label the model gives
        # it (a place, a person).
        return "ORG"
    labels = entity_labels(article)
    # A full name the model missed, found for a surname it only saw titled ("Mr Irback").
    surnames = [tokens(s) for s, full in article.surnames.items() if full == option]
    for key in (
        tokens(option),
        tokens(_LEADING_THE.sub("", option)),
        tokens(_LEADING_TITLE.sub("", option)),
        *surnames,
    ):
        if key in labels:
            return labels[key].most_common(1)[0][0]
    if re.fullmatch(r"[-\d.,]+\s*%|[-\d.,]+ per ?cent", option):
        return "PERCENT"
    if re.match(r"[$£€¥]|\d[\d.,]* (?:dollars|euros|pounds|kronor)\b", option):
        return "MONEY"
    if _ORDINAL.fullmatch(option):
        return "ORDINAL"
    if re.fullmatch(r"1\d{3}|20\d{2}", option) or WEEKDAY_TOKENS & set(tokens(option)):
        return "DATE"
    if re.fullmatch(r"[-\d.,]+", option):
        return "CARDINAL"
    return OTHER


def mixed_kinds(article: Article, options: list[str]) -> list[str]:
    """The options' kinds when they are not all one (names of one kind, or all plain phrases)."""
    kinds = [option_kind(article, o) for o in options]
    return kinds if len(set(kinds)) > 1 else []


def _names_nearby(article: Article, *, index: int, kind: str) -> Iterator[str]:
    """Each name once, where it first comes: `pick_names` would pass over it the second time
    anyway (it is then one of the options, or the same checks rule it out again), after a sixth
    of its per-option checks on 100 KB."""
    low, high = max(0, index - NEARBY), min(len(article.parsed), index + NEARBY + 1)
    seen: set[str] = set()
    for i in sorted(range(low, high), key=lambda i: (abs(i - index), i)):
        for mention in article.mentions[i]:
            if mention.kind == kind and mention.name not in seen:
                seen.add(mention.name)
                yield mention.name
    for name in article.pools.get(kind, [])[:POOL_LIMIT]:
        if name not in seen:
            seen.add(name)
            yield name


def pick_names(
    article: Article,
    *,
    kind: str,
    answer: str,
    cited: str,
    index: int,
    rng: random.Random,
    count: int = 3,
    acronyms: bool = False,
    countries: bool = False,
    only: frozenset[str] | None = None,
    after_the: bool | None = None,
    same_label: bool = False,
    same_form: bool = False,
    same_sort: bool = False,
    sex: str = "",
    sides: frozenset[str] = frozenset(),
    bodies: bool = False,
    rivals: frozenset[str] = frozenset(),
    leaders_apart: bool = False,
    teams: frozenset[str] = frozenset(),
    leaders_only: bool = False,
    referred: frozenset[str] = frozenset(),
    partisans_only: bool = False,
) -> list[str]:
    """Other names of the same type from the article, nearest first, none standing in the cited text.
    `acronyms`: only names like "UK" (the blank follows "the", where "the Washington" would not read).
    `countries`: only places the article treats as countries (the right answers are countries, and a
    capital standing for its government beside them would confuse). `only`: none but these names.
    `after_the`: whether the blank follows "the": then only names the article writes after "the",
    else none it always writes so ("a path beside the Lime" would not read, so neither would "by
    the Premier League" in a blank without "the"). `same_label`: only names the pipeline labels
    as the answer (a planet, a river or a region beside cities and countries is ruled out at once).
    No name is another name of one the sentence names. `same_form`: people written as the answer is, all by full name or all by title and surname
    ("Mr Lee" beside full names stands out, whichever of them is right). `same_sort`: people
    who hold a role the article gives if the answer does, else people who hold none; bodies of
    the answer's type by their head noun (courts beside a court, parties beside a party). `sex`:
    "he" or "she" in the stem: no person the article marks as the other, and beside "she" none
    it leaves unmarked. `sides`: the sides (teams, countries, bodies) the stem names; beside
    an answer the article ties to one of them, no one it ties only to others. `bodies`: for
    an organisation, only bodies whose sort fits the answer's (`sorts_fit`), none part of the
    answer or of another option (`part_of`). `rivals`: people the stem names; beside an answer
    of one side (`people_sides`), no one of the side of a rival of another ("goalkeeper X saved
    from ____" wants X's opponents, not his team-mates). `leaders_apart`: no manager or coach
    (`_leaders`) beside an answer who is none ("goals from ____"), and beside one who is, the
    others first. `teams`: the names the answer's sentence holds; where some are teams
    (`team_sides`) and the article gives the answer no side, only people it names in a sentence
    naming one of them ("Tottenham led 2-0 through goals from ____": no player of another club
    it names elsewhere). `leaders_only`: beside a manager or coach, only others (the stem says
    "his players", "her squad"). `referred`: people the stem speaks of by a noun
    (`referred_to`): none is an option. `partisans_only`: only people of a party
    (`party_members`; the stem says "his party"). A person
    named only beside a year long before the article's latest is never an option for one who is
    not, nor the reverse."""
    found: list[str] = []
    wanted = option_kind(article, answer) if answer else None
    label = entity_label(article, answer) if same_label else ""
    named_there = {m.name for m in article.mentions[index]} - {answer}
    # Beside one who acts (a speaker, a scorer), people only mentioned come last; beside one
    # who is acted on ("named ____ as chancellor") anyone fits.
    actors = _indexes(article).actors
    answer_acts = kind == PERSON and answer in actors
    # "… pulled one back for Chelsea": beside a person the article ties to a side the stem names,
    # no one it ties only to other sides (the other team's manager) is an option.
    ties = _indexes(article).sides
    own_sides = ties.get(answer, frozenset()) if kind == PERSON else frozenset()
    answer_sides = own_sides & sides
    # People the article ties to a side of the answer's ("Fed chair X" beside "Y, a Fed
    # governor"): the fairest options, taken first even when only mentioned.
    allies: list[str] = []
    mentioned: list[str] = []
    leaders = (
        _leaders(article)
        if kind == PERSON and (leaders_apart or leaders_only)
        else frozenset()
    )
    answer_leads = answer in leaders
    rival_sides: set[str] = set()
    of_side: dict[str, str] = {}
    if kind == PERSON and rivals:
        of_side = people_sides(article)
        if answer in of_side:
            rival_sides = {of_side.get(p, "") for p in rivals} - {"", of_side[answer]}
    # "Tottenham led 2-0 through goals from ____": beside an answer the article ties to none of
    # the teams the stem names, only people it names beside one of them (none of another team's).
    scene = (
        team_scene(article, teams, answer)
        if kind == PERSON and not own_sides
        else frozenset()
    )
    # "Mr Starmer named ____ as chancellor": one a leader appoints is of the leader's side (his
    # party, his government); beside it only people the article ties to that side, none where it
    # ties the leader to none (his rivals of other parties are ruled out without reading).
    appointer = _appointer(article, index, answer) if kind == PERSON else ""
    appointer_sides = ties.get(appointer, frozenset())
    for name in _names_nearby(article, index=index, kind=kind):
        if appointer and not ties.get(name, frozenset()) & appointer_sides:
            continue
        if (
            (acronyms and not name.isupper())
            # "Who replied that the foreman …?": not the foreman.
            or name in referred
            # "Who told his party's conference …?": not the Speaker.
            or (partisans_only and name not in party_members(article))
            or (countries and name not in article.countries)
            or (only is not None and name not in only)
        ):
            continue
        if wanted and option_kind(article, name) != wanted:
            # The pipeline reads it as another kind in most of its mentions ("Tottenham" as a
            # place where the answer is a club): a reader may too.
            continue
        if after_the is not None:
            use = the_use(article, name)
            if (after_the and not use[True]) or (
                not after_the and use[True] and not use[False]
            ):
                continue
        if same_label and entity_label(article, name) != label:
            continue
        if kind == PLACE and not same_grain(name, answer):
            # A state beside cities ("Ohio" for "Philadelphia"): the odd one out.
            continue
        if same_form and _title_only(name) != _title_only(answer):
            continue
        if kind == PERSON and not _same_era(article, name, answer):
            continue
        if leaders_only and answer_leads and name not in leaders:
            # "Who said his players had …?": one who leads players, not a player.
            continue
        if kind == PERSON and name in leaders and not answer_leads:
            # A manager among scorers: ruled out without reading.
            continue
        if same_sort and not _same_sort(article, kind, name, answer):
            continue
        if bodies and (
            # "Party" of "Party leader X": a sort, not a name.
            all(w.lower() in ORG_SORT_WORDS for w in name.split())
            or not sorts_fit(article, name, answer)
            or any(part_of(article, name, other) for other in (answer, *found))
        ):
            # A news outlet among rights groups, a court beside the European Union, or the
            # alliance a council belongs to: no reading needed, or two right answers.
            continue
        if sex and person_sex(article, name) not in _AGREEING[sex]:
            continue
        if rival_sides and of_side.get(name) in rival_sides:
            # "goalkeeper X saved from ____": none of X's team-mates.
            continue
        if scene and not scene & set(article.name_sentences.get(name, ())):
            # Named only where the stem's teams are not: one of another team's people.
            continue
        if answer_sides and not ties.get(name, frozenset()) & answer_sides:
            # The stem names the answer's side ("____ pulled one back for Chelsea", "____, the
            # Democratic candidate,"): only people of that side could be its answer.
            continue
        if (
            same_place_as_any(name, (answer, *allies, *found, *mentioned))
            or any(
                same_thing(article, name, other)
                for other in (answer, *allies, *found, *mentioned)
            )
            # "outside NATO although they belong to the ____": the North Atlantic Treaty
            # Organization beside it would be nonsense.
            or any(same_thing(article, name, other) for other in named_there)
            or name in cited
            or any(has_form(cited, f) for f in name_forms(article, name))
        ):
            continue
        if (
            kind == PERSON
            and len(name.split()) != len(answer.split())
            and len(found) >= count
        ):
            continue
        if (own_sides and ties.get(name, frozenset()) & own_sides) or (
            answer_leads and name in leaders
        ):
            # A coach beside a coach: the fairest option, taken first.
            allies.append(name)
            continue
        if answer_acts and name not in actors:
            mentioned.append(name)
            continue
        found.append(name)
        if len(found) >= count + 2 and not own_sides:
            break
    found = found[: count + 2]
    if len(allies) + len(found) < count and (
        len(allies) + len(found) < 2 or count == 1
    ):
        # People only mentioned in passing (an owner, a 19th-century architect) stand out beside
        # the people who act: only where fewer than two act, as three options beat a silly fourth
        # (the callers ask for two when three fail).
        found += mentioned[: count + 2 - len(allies) - len(found)]
    taken = allies[:count]
    if len(taken) + len(found) < count:
        return []
    return sorted(taken + rng.sample(found, count - len(taken)))


# Verbs by which one person gives another a post ("named X as chancellor", "appointed X").
_APPOINTING = words("name appoint choose pick nominate select promote hire")
# How an appointee hangs on the appointing verb.
_OBJECT_PATH = frozenset(["dobj", "conj", "pobj", "prep", "appos"])


def _appointer(article: Article, index: int, answer: str) -> str:
    """The person the sentence says gave the answer a post ("Mr Starmer named Rachel Reeves as
    chancellor": Keir Starmer), by the parse: the subject of an appointing verb whose object is
    the answer. Empty if none."""
    tokens = article.parsed[index].tokens
    mentions = [m for m in article.mentions[index] if m.kind == PERSON]
    for mention in mentions:
        if mention.name != answer:
            continue
        for root in span_roots(tokens, mention.start, mention.end):
            # Up through the object, its conjunctions and prepositions to the verb: "named X",
            # "named X as chancellor and Y as deputy prime minister" (the parse may hang Y on
            # "chancellor" or on the verb itself).
            node, verb = root, -1
            for _ in range(len(tokens)):
                if node.dep not in _OBJECT_PATH or tokens[node.head] is node:
                    break
                head = node.head
                if tokens[head].pos == "VERB":
                    verb = head
                    break
                node = tokens[head]
            if verb < 0 or tokens[verb].lemma.lower() not in _APPOINTING:
                continue
            for t in tokens:
                if t.head == verb and t.dep == "nsubj":
                    return next(
                        (
                            m.name
                            for m in mentions
                            if m.name != answer and m.start <= t.start < m.end
                        ),
                        "",
                    )
    return ""


@kept_for_last_article
def team_sides(article: Article) -> frozenset[str]:
    """The teams the article's people play or act for: a club (`org_sort`), or a name it ties a
    person to in its words ("pulled one back for Chelsea", "France coach X", "Northfield's
    goalkeeper X"), or a person's side in `people_sides`. Not a party or a nationality ("the
    Italian manager X")."""
    named = {k for kind, pool in article.pools.items() if kind != PERSON for k in pool}
    tied = {
        k
        for own in _indexes(article).sides.values()
        for k in own
        if k in COUNTRIES or k in named
    }
    clubs = {k for k in article.pools.get(ORG, []) if org_sort(article, k) == CLUB}
    parties = {k for k in tied if org_sort(article, k) == PARTY}
    return frozenset((tied | clubs | set(people_sides(article).values())) - parties)


def team_scene(article: Article, names: frozenset[str], answer: str) -> frozenset[int]:
    """Where the answer's sentence names teams (`team_sides`) and the article gives the answer no
    side of its own, the sentences that name one of those teams by any of its names
    ("Tottenham", "Tottenham Hotspur"): an option named in none of them is another team's
    person. Empty where the sentence names no team or the answer has a side."""
    teams = team_sides(article)
    wanted = {n for n in names if n in teams}
    if not wanted or answer in people_sides(article):
        return frozenset()
    wanted |= {t for t in teams if any(same_thing(article, t, n) for n in wanted)}
    return frozenset(i for n in wanted for i in article.name_sentences.get(n, ()))


@kept_for_last_article
def party_members(article: Article) -> frozenset[str]:
    """The people the article ties to a party: a party it names beside them ("X, the leader of
    the Labour Party"), or a role holding one ("the Scottish National Party MP X")."""
    parties = {k for k in article.pools.get(ORG, []) if org_sort(article, k) == PARTY}
    tied = {
        name
        for name, own in _indexes(article).sides.items()
        if any(k in parties or _body_type(k) == PARTY for k in own)
    }
    held = {
        h.name
        for roles in article.roles
        for h in roles
        if re.search(r"\bParty\b", h.role) or any(p in h.role for p in parties)
    }
    return frozenset(tied | held)


@kept_for_last_article
def people_sides(article: Article) -> dict[str, str]:
    """Where the article ties its people to two sides or more that play against each other (two
    countries, two clubs: not a party, a body or a nationality, whose people do not win or lose a
    match), each person's one side, where the article tells it: the side it ties them to in its
    words (`_sides`), else the side named most often in the sentences naming them ("Messi had put
    Argentina back in front"), if one is named more often than any other. Empty where the article
    has fewer than two such sides. One pass over the mentions."""
    all_ties = _indexes(article).sides
    ties = {
        name: frozenset(
            k
            for k in own
            if k in COUNTRIES or k in article.countries or org_sort(article, k) == CLUB
        )
        for name, own in all_ties.items()
    }
    known = sorted(frozenset().union(*ties.values()), key=lambda k: (-len(k), k))
    canonical: dict[str, str] = {}

    def side(name: str) -> str:
        if name not in canonical:
            canonical[name] = next(
                (k for k in known if k == name or same_thing(article, k, name)), ""
            )
        return canonical[name]

    if len({side(k) for k in known}) < 2:
        return {}
    counts: dict[str, Counter[str]] = {}
    for mentions in article.mentions:
        sides = {side(m.name) for m in mentions if m.kind != PERSON} - {""}
        for m in mentions:
            if m.kind == PERSON:
                counts.setdefault(m.name, Counter()).update(sides)
    found: dict[str, str] = {}
    for name, named in counts.items():
        own = {side(k) for k in ties.get(name, frozenset())}
        ranked = named.most_common(2)
        if len(own) == 1:
            found[name] = next(iter(own))
        elif not own and ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            found[name] = ranked[0][0]
    return found


# The marks a person needs to stand beside a "he" or "she" in the stem. News names men far more
# often than women and marks women where it marks anyone ("Ms", "she said"), so a name it leaves
# unmarked reads as a man's: beside "Who said she …?" only women the article marks are options,
# beside "he" anyone it does not mark as a woman.
_AGREEING = {"he": frozenset({"", "he"}), "she": frozenset({"she"})}


_CENTURY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th) century\b")


def dated_another_era(article: Article, index: int) -> bool:
    """Whether the sentence dates what it tells by a century of another era than the article's
    present ("added in the 19th century"), a century counted by its middle year, more than
    ANOTHER_ERA years before the latest year the article states (with none, before 1900). A
    person dated by a year is read by `_of_the_past` already."""
    stated = [year for year, forecast in article.years if not forecast]
    before = max(stated) - ANOTHER_ERA if stated else 1900
    return any(
        int(m.group(1)) * 100 - 50 < before
        for m in _CENTURY.finditer(article.sentence_text(index))
    )


def of_the_past(article: Article) -> frozenset[str]:
    """The people the article names only beside years of another era (`_of_the_past`)."""
    return _indexes(article).of_the_past


def _same_era(article: Article, name: str, answer: str) -> bool:
    """Whether both people belong to the article's present or both to its past: "Maradona in
    1986" among today's players is ruled out without reading."""
    past = _indexes(article).of_the_past
    return (name in past) == (answer in past)


# The roles of those who lead a side rather than play for it: one is no option for an answer
# the article gives no such role ("goals from ____" beside the manager).
LEADING_ROLES = words("manager coach")


@kept_for_last_article
def _leaders(article: Article) -> frozenset[str]:
    """The people the article gives a role of `LEADING_ROLES` ("the Italian manager who took
    over")."""
    return frozenset(
        held.name
        for roles in article.roles
        for held in roles
        if role_head(held.role) in LEADING_ROLES
    ) | frozenset(name for noun in LEADING_ROLES for name in names_after(article, noun))


def holds_role(article: Article, name: str) -> bool:
    """Whether the article gives the person a role ("France coach X", "X, chair of the committee")."""
    return name in _indexes(article).role_holders


def _same_sort(article: Article, kind: str, name: str, answer: str) -> bool:
    """Whether a reader would take the name for one who could have done what the answer did: a
    person who, like the answer, holds a role the article gives or holds none (a president among
    miners, or a miner among ministers, stands out); a body of the answer's type ("the High Court"
    beside "the Court of Session", not "the United Nations General Assembly")."""
    if kind == PERSON:
        holders = _indexes(article).role_holders
        return (name in holders) == (answer in holders)
    if kind == ORG:
        return _body_type(name) == _body_type(answer)
    return True


# Words a name may add or drop and still name the same body: "the US Federal Reserve" is "the
# Federal Reserve".
_NAME_FILLERS = frozenset({"the", "of", "and", "for", "us", "uk", "eu"})
# How an article introduces another name for what it just named: "the X, known as Y", "X (Y)".
_KNOWN_AS = r",? (?:also |widely |commonly |better |locally )?(?:known|referred to) as (?:the )?"


def same_thing(article: Article, name: str, other: str) -> bool:
    """Whether a reader takes the two names for one person or body, so that swapping one for the
    other gives a claim that is true and two options that are both right: one name holds all the
    other's distinctive words ("UK Supreme Court", "Supreme Court"), is its initials ("NATO",
    "North Atlantic Treaty Organization") or the start of one of its words ("Fed", "Federal
    Reserve"), or the article introduces one as the other ("the X, known as Y", "X (Y)")."""
    known = _indexes(article).same_things
    if (name, other) not in known:
        known[name, other] = _same_thing(article, name, other)
    return known[name, other]


def _same_thing(article: Article, name: str, other: str) -> bool:
    if name == other:
        return True
    short, long = sorted((name, other), key=len)
    short_words = [w for w in short.split() if w.lower() not in _NAME_FILLERS]
    long_words = [w for w in long.split() if w.lower() not in _NAME_FILLERS]
    if short_words and set(short_words) <= set(long_words):
        return True
    if len(short_words) == 1:
        word = short_words[0]
        initials = "".join(w[0] for w in long.split() if w[0].isupper())
        if len(word) >= 2 and word.isupper() and initials.endswith(word):
            return True
        if len(word) >= 3 and any(w.startswith(word) and w != word for w in long_words):
            return True
    return _introduces(article, name, other) or _introduces(article, other, name)


def _introduces(article: Article, first: str, second: str) -> bool:
    known = _indexes(article).introductions
    if (first, second) not in known:
        # The patterns are tried only where the second name stands right after "as" or "(" somewhere
        # in the text (a plain substring test, which they need to match).
        # Each pattern is compiled (a millisecond) only where the text holds words it needs.
        text = article.text
        known[first, second] = _stands_after_as_or_bracket(article, second) and (
            (
                (f"as {second}" in text or f"as the {second}" in text)
                and _known_as(text, first, second)
            )
            or (
                (f"{first} ({second})" in text or f"{first} (the {second})" in text)
                and _found_at_word_boundary(
                    re.compile(rf"{re.escape(first)} \((?:the )?{re.escape(second)}\)"),
                    text,
                )
            )
        )
    return known[first, second]


_KNOWN_AS_LEAD = re.compile(
    r",? (?:also |widely |commonly |better |locally )?(?:known|referred to) as "
)
_WORD_BOUNDARY = re.compile(r"\b")


def _known_as(text: str, first: str, second: str) -> bool:
    r"""`_found_at_word_boundary(re.compile(rf"{re.escape(first)}{_KNOWN_AS}{re.escape(second)}\b"),
    text)` without compiling a pattern per pair of names (a millisecond each, some 200 pairs on 100
    KB): at each stand of `first` on a word boundary, the words between as one fixed pattern (it
    can end in one place only), then `second` with or without "the " before it."""
    if not first or not second:
        return _found_at_word_boundary(
            re.compile(rf"{re.escape(first)}{_KNOWN_AS}{re.escape(second)}\b"), text
        )
    at = text.find(first)
    while at >= 0:
        if _is_word(text[at - 1 : at]) != _is_word(text[at : at + 1]) and (
            lead := _KNOWN_AS_LEAD.match(text, at + len(first))
        ):
            end = lead.end()
            for start in (end, end + 4) if text.startswith("the ", end) else (end,):
                if text.startswith(second, start) and _WORD_BOUNDARY.match(
                    text, start + len(second)
                ):
                    return True
        at = text.find(first, at + 1)
    return False


def written_with_the(article: Article, name: str) -> bool:
    r"""Whether the text writes "the" before the name, in any case
    (`re.search(rf"\bthe {re.escape(name)}\b", article.text, re.IGNORECASE)`), kept per article:
    the false claims that swap a name ask it of the same names again and again, and each search
    reads the whole text."""
    known = _indexes(article).with_the
    if name not in known:
        known[name] = (
            re.search(rf"\bthe {re.escape(name)}\b", article.text, re.IGNORECASE)
            is not None
        )
    return known[name]


def _found_at_word_boundary(pattern: re.Pattern[str], text: str) -> bool:
    r"""`re.search(r"\b" + pattern, text)`, fast: a pattern that opens with a name is looked for
    by the name's letters, one that opens with "\b" is tried at every character of the text (10 ms
    a pattern on 100 KB)."""
    match = pattern.search(text)
    while match:
        start = match.start()
        if _is_word(text[start - 1 : start]) != _is_word(text[start : start + 1]):
            return True
        match = pattern.search(text, start + 1)
    return False


def _is_word(character: str) -> bool:
    r"""What the re module's "\w" matches (an empty string, beyond the text's ends, is none)."""
    return character.isalnum() or character == "_"


def _stands_after_as_or_bracket(article: Article, name: str) -> bool:
    known = _indexes(article).after_as_or_bracket
    if name not in known:
        known[name] = any(
            f"{lead}{name}" in article.text for lead in ("as ", "as the ", "(", "(the ")
        )
    return known[name]


def _body_type(name: str) -> str:
    """The noun that says what sort of body a name is: "court" of "Court of Session" and "Supreme
    Court", "party" of "Scottish National Party"."""
    words = name.lower().split()
    return words[words.index("of") - 1] if "of" in words[1:] else words[-1]


def of_another_type(name: str, noun: str) -> bool:
    """Whether the name's own words say it is a body of another type than `noun` ("House of
    Commons" is no party; "Labour" says nothing)."""
    body = _body_type(name)
    return body in ORG_SUFFIXES and body != noun


# The sorts of organisation a reader tells apart at a glance, by the head word of a name (its
# last word, or the word before "of": "Court of Session") or by the noun the article gives it ("the
# shipping journal X", "X, the party that…"). A body of a STRICT sort stands only beside bodies of
# its sort: a news outlet among rights groups, or the European Union among courts, answers the
# question without reading. Firms, ministries, authorities and bodies of no known sort may stand
# beside one another (a firm and an authority both investigate, pay, announce).
NEWS, PARTY, COURT, LEGISLATURE = "news outlet", "party", "court", "legislature"
UNIVERSITY, CLUB, INTERNATIONAL = "university", "club", "international body"
COMPANY, GOVERNMENT = "company", "government body"
# Clubs are not strict: a sports article names most of its clubs with no word saying so.
STRICT_SORTS = frozenset([NEWS, PARTY, COURT, LEGISLATURE, UNIVERSITY, INTERNATIONAL])
ORG_SORT_WORDS = {
    **dict.fromkeys(
        words(
            "newspaper paper journal magazine broadcaster tabloid outlet times post news press "
            "herald gazette tribune telegraph guardian chronicle"
        ),
        NEWS,
    ),
    "party": PARTY,
    **dict.fromkeys(words("court tribunal"), COURT),
    **dict.fromkeys(
        words("parliament congress senate assembly commons lords legislature"),
        LEGISLATURE,
    ),
    **dict.fromkeys(words("university college"), UNIVERSITY),
    **dict.fromkeys(words("club team fc"), CLUB),
    **dict.fromkeys(
        words("alliance union nations bloc organization organisation"), INTERNATIONAL
    ),
    **dict.fromkeys(
        words(
            "company firm subsidiary carrier maker manufacturer operator corporation inc ltd "
            "plc airlines airline motors holdings insurer retailer startup conglomerate"
        ),
        COMPANY,
    ),
    **dict.fromkeys(
        words(
            "department ministry agency administration office authority commission service "
            "board committee council regulator reserve bank treasury"
        ),
        GOVERNMENT,
    ),
}
# The one word a stem says for a sort ("Which party …?"); the others are asked as "organisation".
SORT_LABELS = {
    NEWS: "news outlet",
    PARTY: "party",
    COURT: "court",
    UNIVERSITY: "university",
}
# Verbs whose object is a news outlet when it is a body: "an official told X".
_TOLD = frozenset(["tell"])
_SAID_TO = frozenset(
    ["say", "confirm", "tell", "explain", "reveal", "speak", "describe"]
)


def org_sort(article: Article, name: str) -> str:
    """The organisation's sort (one of the values of ORG_SORT_WORDS), "" when neither the article
    nor its name says: first the noun the article writes right before the name or in an
    apposition after it ("the shipping journal X", "X, the party that…"), then a body an official
    "told" (a news outlet), then the head word of its name ("Supreme Court", "House of Commons";
    "the White House", a house without "of", says nothing)."""
    known = _indexes(article).org_sorts
    if not known:
        # "" marks the article's sorts as found, when no body has one.
        known[""] = ""
        known.update(_org_sorts(article))
    return known.get(name, "") if name else ""


def _org_sorts(article: Article) -> dict[str, str]:
    found: dict[str, str] = {}
    for noun, names in sorted(_indexes(article).after_noun.items()):
        sort = ORG_SORT_WORDS.get(noun, "")
        for name in names:
            if sort and name not in found:
                found[name] = sort
    for index, sentence_mentions in enumerate(article.mentions):
        tokens = article.parsed[index].tokens
        for mention in sentence_mentions:
            if mention.kind != ORG or mention.name in found:
                continue
            if attributed_to(article, mention) or _reports(tokens, mention):
                found[mention.name] = NEWS
        for mention in sentence_mentions:
            # "X is a military alliance", "X became the largest party".
            if mention.kind == ORG and mention.name not in found:
                sort = _sort_said(tokens, mention)
                if sort:
                    found[mention.name] = sort
    bodies = article.pools.get(ORG, [])
    for name in bodies:
        if name in found:
            continue
        head = _body_type(name)
        if head == "house" and " of " in name:
            found[name] = LEGISLATURE
        elif head in ORG_SORT_WORDS:
            found[name] = ORG_SORT_WORDS[head]
    for name in bodies:
        # "NATO" is what "the North Atlantic Treaty Organization" is; "Labour" what "the Labour
        # Party" is.
        if name not in found:
            found[name] = next(
                (
                    found[other]
                    for other in bodies
                    if other in found and same_thing(article, name, other)
                ),
                "",
            )
    return found


def _called_a_body(article: Article, name: str) -> bool:
    """Whether the article writes a noun for a sort of body right before the name or in an
    apposition after it ("the Dutch company X", "X, the party that…")."""
    return any(
        name in names
        for noun, names in _indexes(article).after_noun.items()
        if noun in ORG_SORT_WORDS
    )


def _reports(tokens: tuple[Token, ...], mention: Mention) -> bool:
    """Whether the body "reported that …", as a news outlet does (the subject of "report" with a
    clause after it, as the parser reads it)."""
    return any(
        mention.start <= t.start < mention.end
        and t.dep == "nsubj"
        and tokens[t.head].lemma == "report"
        and any(c.dep == "ccomp" and c.head == t.head for c in tokens)
        for t in tokens
    )


def attributed_to(article: Article, mention: Mention) -> bool:
    """Whether the sentence is attributed to the body as to a news outlet: "an official told X",
    "confirmed the shift to X", "said in an interview with X"."""
    tokens = article.parsed[mention.sentence].tokens
    return any(
        mention.start <= t.start < mention.end and _told(tokens, t) for t in tokens
    )


def _told(tokens: tuple[Token, ...], token: Token) -> bool:
    """Whether the token is told something, as a news outlet is: the object of "told" ("an
    official told X"), or after "to" or "with" beside a verb of saying or an interview ("confirmed
    the shift to X", "said in an interview with X")."""
    head = tokens[token.head]
    if token.dep in {"dobj", "dative"}:
        return head.lemma in _TOLD
    if token.dep != "pobj" or head.text.lower() not in {"to", "with"}:
        return False
    held_by = tokens[head.head]
    if head.text.lower() == "with":
        return held_by.lemma == "interview"
    if held_by.dep == "dobj":
        # "confirmed the shift to X": the parser hangs "to X" on the object.
        held_by = tokens[held_by.head]
    return held_by.lemma in _SAID_TO


def _sort_said(tokens: tuple[Token, ...], mention: Mention) -> str:
    """The sort a sentence gives the body it is the subject of, as the parser reads it: "X is a
    military alliance" and "X became the largest party" say alliance and party ("" if none)."""
    for t in tokens:
        if not (mention.start <= t.start < mention.end and t.dep == "nsubj"):
            continue
        verb = t.head
        if tokens[verb].lemma not in {"be", "become", "remain"}:
            return ""
        for noun in tokens:
            if noun.dep == "attr" and noun.head == verb and noun.text.islower():
                return ORG_SORT_WORDS.get(noun.lemma or noun.text, "")
    return ""


def sorts_fit(article: Article, name: str, answer: str) -> bool:
    """Whether the body may stand beside the answer as an option: both of one strict sort, or
    neither of a strict sort."""
    mine, theirs = org_sort(article, name), org_sort(article, answer)
    if mine in STRICT_SORTS or theirs in STRICT_SORTS:
        return mine == theirs
    return True


def _leading_words(name: str) -> tuple[str, ...]:
    """The first two words of a name that are not "the" or "of" ("North Atlantic" of "North
    Atlantic Council")."""
    return tuple(w for w in name.split() if w.lower() not in {"the", "of"})[:2]


def part_of(article: Article, name: str, other: str) -> bool:
    """Whether one body is part of the other, so that both answer a question on either: they
    share their two leading words ("North Atlantic Council", "North Atlantic Treaty
    Organization"), directly or through another name of one of them ("NATO"), or the article
    writes one as the other's ("NATO's Council", "the Council of NATO")."""
    known = _indexes(article).parts
    if (name, other) not in known:
        known[name, other] = _part_of(article, name, other)
    return known[name, other]


def _part_of(article: Article, name: str, other: str) -> bool:
    text = article.text
    for a, b in ((name, other), (other, name)):
        if f"{a}'s {b}" in text or f"{a}’s {b}" in text or f"{b} of the {a}" in text:
            return True
    name_lead, other_lead = _leading_words(name), _leading_words(other)
    if len(name_lead) == 2 and name_lead == other_lead and name != other:
        return True
    # Another name related to one of the two (sharing its two leading words) that names the
    # other: only the organisations of either lead are read, not the whole pool.
    leads = _org_leads(article)
    return any(
        same_thing(article, alias, named)
        for lead, named in ((other_lead, name), (name_lead, other))
        if len(lead) == 2
        for alias in leads.get(lead, ())
        if alias not in {name, other}
    )


def _org_leads(article: Article) -> dict[tuple[str, ...], list[str]]:
    leads = _indexes(article).org_leads
    if not leads:
        for alias in article.pools.get(ORG, []):
            leads.setdefault(_leading_words(alias), []).append(alias)
    return leads


def _title_only(name: str) -> bool:
    """A person named by a title and surname only ("Mr Lee"): the article never gave the full name."""
    return name.split()[0].lower().rstrip(".") in TITLES


def place_review(
    article: Article, *, countries: bool, options: list[str]
) -> tuple[str, ...]:
    """A note when place options mix countries with places of unknown type: a city can stand for a
    country's government ("Washington" for the US), which is confusing beside countries."""
    if countries or not any(o in article.countries for o in options):
        return ()
    if all(o in article.countries for o in options):
        return ()
    return (
        "Place options mix countries with other places: check that none stands for one of the "
        "others (a capital for its government).",
    )


def _round_like(value: float, original: float) -> float:
    whole = int(original)
    step = 1
    for candidate in (1000, 100, 10, 5):
        if whole >= candidate * 2 and whole % candidate == 0:
            step = candidate
            break
    return round(value / step) * step


# Year shifts for a made-up year: never the next-door year, which tests rote memory, not reading.
YEAR_SHIFTS = (-2, 2, -3, 3, -5, 5, -4, 4, -10, 10)
# Further ones, only for options spread apart when the answer's other side is closed (the
# article's latest year): "2005, 2007, 2010" rather than "2007, 2008, 2010".
SPREAD_YEAR_SHIFTS = (-7, 7, -8, 8)


# Words before a year that make it the start of what they tell of: a founding, a birth. Nothing
# the article dates later is then its option: "12 September 2001" cannot be the founding date of
# an alliance the article has growing in 1952. (Not "created" or "built": an article dates other
# people's and things' later deeds beside those, and they stay good wrong options.)
_A_START = re.compile(
    r"\b(?:founded|established|formed|set up|born)"
    r"(?:\W+\w+){0,3}\W*$",
    re.I,
)


def year_bounds(
    article: Article, answer: int, *, cited: tuple[int, ...] = (), at: int = -1
) -> tuple[int, int]:
    """The years a made-up year may take: none after the latest year the article states of
    something done (its present; a forecast's year is later), and none before the earliest unless
    that is the answer itself (a start the article states, like "first allowed in 2018", rules out
    every year before it). When the `cited` sentences give someone's age, none before that
    person's birth either, unless the answer is earlier (then the year is not of their life):
    "1885" is no year for a 61-year-old to have become leader. When the year (or its date) at
    offset `at` is a start ("founded on", "born in"), none from the next year the article states
    on."""
    years = sorted(year for year, _ in article.years) or [answer]
    done = [year for year, forecast in article.years if not forecast] or years
    present = max(done)
    low = years[0] if years[0] < answer else 0
    for index in cited:
        for number in article.numbers[index]:
            born = present - int(number.value)
            if _is_age(article, number) and born <= answer:
                low = max(low, born)
    high = max(present, answer)
    later = [year for year in years if year > answer]
    if at >= 0 and later and _A_START.search(article.text[max(0, at - 40) : at]):
        high = min(high, min(later) - 1)
    return low, high


def _unit(number: Number) -> tuple[str, str, str, str]:
    """What a figure measures, as far as its words show: its kind, the words before and after its
    digits ("$", " billion"), and for a count the noun it counts."""
    offset = number.digits_start - number.start
    return (
        number.kind,
        number.text[:offset].lower(),
        number.text[offset + len(number.digits) :].lower(),
        number.noun if number.kind == "count" else "",
    )


# Pronouns a percentage may be "of" ("6.5% of those taking it") and the words for a level of
# any measure ("its peak of 9.1%", "a two-decade high of 5.25%"): they tell no measure.
_NO_MEASURE = words(
    "those these them it this that which who people all peak high low range level target "
    "record average decade year month"
)


def _nouns_of(tokens: tuple[Token, ...], index: int) -> set[str]:
    """A noun's lemma with its compounds' ("vote share": share, vote)."""
    found = {tokens[index].lemma.lower()}
    found |= {
        t.lemma.lower() for t in tokens if t.dep == "compound" and t.head == index
    }
    return {word for word in found if word not in _NO_MEASURE}


def percent_measure(article: Article, number: Number) -> frozenset[str]:
    """What a percentage measures, by the noun the parse hangs it on: "14% of the vote" (vote),
    "a vote share of 33.7%" (share, vote), "Turnout was about 60%" (turnout), "Inflation slowed
    to 2.5%" (inflation), "held its rate at 5%" (rate), "took 31% of the vote, down from 36%"
    (vote). Empty when the parse shows none."""
    tokens = article.parsed[number.sentence].tokens
    roots = span_roots(tokens, number.start, number.end)
    if not roots:
        return frozenset()
    root = next((t for t in roots if t.text.lower() in {"%", "percent"}), roots[-1])
    at = tokens.index(root)
    found = _of_noun(tokens, at)
    head = tokens[root.head]
    if root.dep == "pobj" and head.dep == "prep":
        if head.lemma.lower() == "of" and tokens[head.head].pos in {"NOUN", "ADJ"}:
            # "a turnout of 60%", "a vote share of 33.7%".
            return frozenset(found | _nouns_of(tokens, head.head))
        # "slowed to 2.5%", "down from 36%": up through the prepositions and adverbs to the verb.
        above = head.head
        for _ in range(4):
            if tokens[above].pos not in {"ADP", "ADV"} or tokens[above].head == above:
                break
            above = tokens[above].head
        if tokens[above].pos in {"VERB", "AUX"}:
            # "Inflation slowed to 2.5%", "cut the risk by 20%": the verb's object, else subject.
            found |= _clause_noun(article.text, tokens, above)
    elif root.dep in {"attr", "acomp"} and head.pos in {"VERB", "AUX"}:
        found |= _clause_noun(article.text, tokens, root.head)
    return frozenset(found)


def _of_noun(tokens: tuple[Token, ...], at: int) -> set[str]:
    """The noun of a token's "of" ("14% of the vote": vote)."""
    return {
        word
        for i, t in enumerate(tokens)
        if t.dep == "prep" and t.head == at and t.lemma.lower() == "of"
        for j, o in enumerate(tokens)
        if o.dep == "pobj" and o.head == i and o.pos == "NOUN"
        for word in _nouns_of(tokens, j)
    }


def _clause_noun(text: str, tokens: tuple[Token, ...], verb: int) -> set[str]:
    """The common noun a verb's figure is of: its object's ("took 31% of the vote": the noun of
    the percentage's "of"), else its subject's."""
    for deps in ({"dobj"}, {"nsubj", "nsubjpass"}):
        for j, t in enumerate(tokens):
            if t.head == verb and t.dep in deps and j != verb:
                if t.text.lower() in {"%", "percent"}:
                    return _of_noun(tokens, j)
                return _nouns_of(tokens, j) if _common(text, tokens, j) else set()
    return set()


def _common(text: str, tokens: tuple[Token, ...], index: int) -> bool:
    """Whether a token is a common noun: tagged so, or a lone capitalised word opening its
    sentence that the article writes nowhere else ("Turnout was about 60%", which the tagger
    takes for a name)."""
    token = tokens[index]
    return token.pos == "NOUN" or (
        token.pos == "PROPN"
        and index == 0
        and not any(t.head == 0 and t.dep == "compound" for t in tokens)
        and tokens[1].pos != "PROPN"
        and text.count(token.text) == 1
    )


@kept_for_last_article
def _percent_measures(article: Article) -> dict[int, frozenset[str]]:
    """Each percentage's `percent_measure`, by where it starts: read once per article, as every
    choice on a percentage asks it of the figures around."""
    return {
        n.start: percent_measure(article, n)
        for numbers in article.numbers
        for n in numbers
        if n.kind == "percent"
    }


def same_measure(article: Article, number: Number, other: Number) -> bool:
    """Whether another percentage of the article may measure what the number does: not when the
    parse shows what each measures (`percent_measure`) and they share no noun (a turnout is no
    option for a vote share, nor a vote share for a turnout); other figures always may."""
    if number.kind != "percent":
        return True
    measures = _percent_measures(article)
    measure, other_measure = (
        measures.get(number.start, frozenset()),
        measures.get(other.start, frozenset()),
    )
    return not measure or not other_measure or bool(measure & other_measure)


# The furthest a stated year may lie from the answer and still be an option: "1885" beside a
# party's vote in 2019 is another age, ruled out without reading.
A_LIFETIME = 50


def stated_figures(
    article: Article, number: Number, *, cited: tuple[int, ...], count: int
) -> list[tuple[str, str, float]]:
    """Up to `count` other figures of the number's kind and unit that the article states outside
    the cited sentences (other years, other percentages, other dollar billions, other counts of the
    same noun) within a window of sentences, closest in value first: wrong here, and no student
    can pick the answer as the only option the article writes. None a hair from the answer
    ("59.8%" beside "about 60%" may be the same fact), none the cited text states. As (full text,
    blanked part, value) triples."""
    unit = _unit(number)
    if number.is_word or (number.kind == "count" and not number.noun):
        return []
    cited_values = {n.value for i in cited for n in article.numbers[i]}
    low_year, high_year = (
        year_bounds(article, int(number.value), cited=cited, at=number.start)
        if number.kind == "year"
        else (0, 0)
    )
    found: list[tuple[str, str, float]] = []
    low, high = (
        max(0, number.sentence - NEARBY),
        min(len(article.numbers), number.sentence + NEARBY + 1),
    )
    for i in sorted(range(low, high), key=lambda i: (abs(i - number.sentence), i)):
        if i in cited:
            continue
        for other in article.numbers[i]:
            if (
                other.is_word
                or _unit(other) != unit
                or other.value in cited_values
                or not same_measure(article, number, other)
                or (
                    number.kind != "year"
                    and abs(other.value - number.value)
                    <= NOTICEABLE * abs(number.value)
                )
                or any(other.value == value for _, _, value in found)
                or (
                    number.kind == "year"
                    and not (
                        low_year <= other.value <= high_year
                        and abs(other.value - number.value) <= A_LIFETIME
                    )
                )
            ):
                continue
            found.append((other.text, other.digits, other.value))
    # The closest in value first: "2019" for a leader chosen in 2020, not "1885".
    return sorted(found, key=lambda f: _log_distance(f[2], number.value))[:count]


def _log_distance(value: float, other: float) -> float:
    """How many times apart two figures are, on a log scale; a zero ("led 2-0") or a negative
    figure is farthest from every other."""
    if value <= 0 or other <= 0:
        return math.inf
    return abs(math.log(value / other))


# A figure given as a bound: "less than 8%" holds of 10% too, so a choice's wrong options lie on
# the side that makes its sentence false, below an upper bound and above a lower one.
_UPPER_BOUND = re.compile(
    r"\b(?:less than|fewer than|under|below|up to|no more than|at most)\s+$",
    re.IGNORECASE,
)
_LOWER_BOUND = re.compile(
    r"\b(?:more than|over|at least|above|upwards of|in excess of)\s+$", re.IGNORECASE
)


def bound_side(article: Article, number: Number) -> int:
    """Which side of a bound's figure its wrong values must lie on for the sentence to be false:
    -1 below ("a turnout of less than 8%": 5%, 6%, 7%; 10% would hold too), 1 above ("more than
    200 people": 250, 300), 0 for a figure that is no bound (and for a year or a day)."""
    if number.kind in {"year", "day", "ordinal"}:
        return 0
    before = article.text[max(0, number.start - 20) : number.start]
    if _UPPER_BOUND.search(before):
        return -1
    if _LOWER_BOUND.search(before):
        return 1
    return 0


def number_variants(
    article: Article,
    number: Number,
    *,
    rng: random.Random,
    count: int = 3,
    cited: tuple[int, ...] | None = None,
) -> list[tuple[str, str, float]]:
    """Wrong values in the same format ("$50 million" for "$40 million"). With `cited` (a choice
    question's sentences) the article's own figures of the same kind and unit come first
    (`stated_figures`), made-up ones, stated nowhere in the article, only fill up. Returns (full
    text, blanked part, value) triples."""
    if number.kind in {"day", "ordinal"}:
        return _word_variants(article, number, rng=rng, count=count, cited=cited)
    side = bound_side(article, number) if cited is not None else 0
    plain = _plain_variants(article, number, rng=rng, count=count, cited=cited)
    if not side or cited is None:
        return plain
    # A bound's options, drawn after the plain ones were (whose random draws they replace), so
    # that the article's other questions keep theirs: its stated figures on the side that makes
    # the sentence false, then made-up ones there, nearest first.
    stated = _on_side(
        side, number, stated_figures(article, number, cited=cited, count=POOL_LIMIT)
    )[: count - 1]
    made_up = [
        m
        for m in _on_side(
            side,
            number,
            _within(
                article,
                number,
                _made_up_figures(article, number, cited=cited, side=side),
            ),
        )
        if all(m[2] != s[2] for s in stated)
    ]
    need = count - len(stated)
    return stated + made_up[:need] if len(made_up) >= need else []


def _plain_variants(
    article: Article,
    number: Number,
    *,
    rng: random.Random,
    count: int,
    cited: tuple[int, ...] | None,
) -> list[tuple[str, str, float]]:
    """`number_variants` for a figure that is no bound."""
    # One made-up option at least: with every option from the article, each question on its
    # years would offer the same four.
    stated = (
        stated_figures(article, number, cited=cited, count=count - 1)
        if cited is not None
        else []
    )
    made_up = _made_up_figures(article, number, cited=cited)
    made_up = [m for m in made_up if all(m[2] != s[2] for s in stated)]
    need = count - len(stated)
    if len(made_up) < need:
        return []
    # Drawn as many as a question with no stated figure would draw, so the random choices of
    # the article's other questions stay the ones they were.
    drawn = (
        rng.sample(made_up[: count + 2], count) if len(made_up) >= count else made_up
    )
    # Checked after the draw, so that the random draws of the article's other questions stay
    # the ones they were: a value the text rules out gives way to the next one it allows.
    kept = _within(article, number, drawn)
    if len(kept) < len(drawn):
        kept += [m for m in _within(article, number, made_up) if m not in drawn]
        drawn = kept[: len(drawn)]
        if len(drawn) < need:
            return []
    if number.kind == "year" and cited is not None:
        return stated + _spread_years(
            number.value,
            [value for _, _, value in stated],
            drawn + [m for m in made_up if m not in drawn],
            need,
        )
    return stated + drawn[:need]


def _on_side(
    side: int, number: Number, figures: list[tuple[str, str, float]]
) -> list[tuple[str, str, float]]:
    """The figures on the `side` of the number (`bound_side`): all of them for 0."""
    return [f for f in figures if _lies_on(side, number, f[2])]


def _lies_on(side: int, number: Number, value: float) -> bool:
    """Whether a value lies on the `side` of the number (`bound_side`); any does for 0."""
    return not side or (value - number.value) * side > 0


# Spare options a choice carries: enough to replace the two or three another question may rule out.
SPARES = 4


def spare_figures(
    article: Article,
    number: Number,
    *,
    cited: tuple[int, ...],
    chosen: list[tuple[str, str, float]],
) -> list[tuple[str, float, bool]]:
    """Wrong values a choice could offer instead of those `number_variants` chose: the article's
    other figures of the kind first, then made-up ones, none next door to a chosen year. Drawn
    without the random generator, so that every other question stays as it was. As (full text,
    value, stated) triples."""
    if number.kind in {"day", "ordinal"}:
        return []
    taken = [number.value] + [value for _, _, value in chosen]
    side = bound_side(article, number)

    def fits(value: float) -> bool:
        if number.kind == "year":
            return all(abs(value - other) > 1 for other in taken)
        return value not in taken and _lies_on(side, number, value)

    stated = [
        (text, value, True)
        for text, _, value in stated_figures(
            article, number, cited=cited, count=len(chosen) + SPARES
        )
        if fits(value)
    ]
    made_up = [
        (text, value, False)
        for text, _, value in _within(
            article,
            number,
            _made_up_figures(article, number, cited=cited, side=side),
        )
        if fits(value) and all(value != s[1] for s in stated)
    ]
    return (stated + made_up)[:SPARES]


def _spread_years(
    answer: float,
    stated: list[float],
    candidates: list[tuple[str, str, float]],
    need: int,
) -> list[tuple[str, str, float]]:
    """`need` of the made-up years, in the order given, none next door to another option
    ("2005, 2006, 2007" leave the answer 2010 the odd one out) and, when the candidates allow,
    not every option on one side of the answer; none at all when `need` do not fit."""
    picked: list[tuple[str, str, float]] = []

    def apart(value: float) -> bool:
        return all(abs(value - other) > 1 for other in stated + [p[2] for p in picked])

    for option in candidates:
        if len(picked) == need:
            break
        if not apart(option[2]):
            continue
        if len(picked) == need - 1:
            chosen = stated + [p[2] for p in picked] + [option[2]]
            one_side = len({value > answer for value in chosen}) == 1
            if one_side and any(
                (other[2] > answer) != (option[2] > answer) and apart(other[2])
                for other in candidates
            ):
                continue
        picked.append(option)
    return picked if len(picked) == need else []


# Ordinals the noun after them bounds: a year has four quarters and two halves.
_ORDINAL_CEILINGS = {"quarter": 4, "half": 2, "month": 12}
_IN_A_ROW = re.compile(r"^(?: [\w-]+){1,3} in a row\b")


def _ordinal_range(article: Article, number: Number) -> tuple[int, int]:
    """The ordinals that make sense where this one stands: "the sixth quarter" and "its first
    pause in a row" are false on their face, so a student needs no article to say so."""
    after = article.text[number.end : number.end + 40]
    noun = re.match(r" ([a-z]+)", after)
    highest = (
        _ORDINAL_CEILINGS.get(noun.group(1), len(ORDINALS)) if noun else len(ORDINALS)
    )
    return (2 if _IN_A_ROW.match(after) else 1), highest


def _word_variants(
    article: Article,
    number: Number,
    *,
    rng: random.Random,
    count: int,
    cited: tuple[int, ...] | None,
) -> list[tuple[str, str, float]]:
    words = WEEKDAYS if number.kind == "day" else ORDINALS
    here = words.index(number.text)
    near = sorted(
        (w for w in words if w != number.text),
        key=lambda w: (abs(words.index(w) - here), words.index(w)),
    )
    lowest, highest = (
        _ordinal_range(article, number) if number.kind == "ordinal" else (1, len(words))
    )

    def allowed(word: str) -> bool:
        return lowest <= words.index(word) + 1 <= highest

    if number.kind == "ordinal" and cited is not None:
        # The ordinals next to it, those the article writes of other things included ("for the
        # second time"), but none the cited text writes: "first" is offered with "second" and
        # "third", never with "fifth" and "sixth", which no reader would take for it.
        written = {
            n.text for i in cited for n in article.numbers[i] if n.kind == "ordinal"
        }
        nearest = [
            (w, w, WORD_VALUES[w]) for w in near if w not in written and allowed(w)
        ]
        wanted = count - 1 if here == 0 else count
        return nearest[:wanted] if len(nearest) >= wanted else []
    found = [
        (w, w, WORD_VALUES[w]) for w in near if WORD_VALUES[w] not in article.values
    ][: count + 2]
    if number.kind == "day":
        # Days the article gives other events first: a day it never names is the one option
        # a student can rule out without reading. One event has one day, and the gates
        # refuse a day the cited sentence names.
        stated = [
            (w, w, WORD_VALUES[w]) for w in near if WORD_VALUES[w] in article.values
        ]
        if stated:
            return sorted(
                stated[:count] + rng.sample(found, count - len(stated[:count])),
                key=lambda option: words.index(option[0]),
            )
    if len(found) < count:
        return []
    # Checked after the draw, so that the random draws of the article's other questions stay
    # the ones they were: a word the text rules out gives way to the next one it allows.
    drawn = rng.sample(found, count)
    kept = [option for option in drawn if allowed(option[0])]
    kept += [
        (w, w, WORD_VALUES[w])
        for w in near
        if allowed(w)
        and WORD_VALUES[w] not in article.values
        and all(w != option[0] for option in drawn)
    ]
    return kept[:count] if len(kept) >= count else []


def _made_up_figures(
    article: Article,
    number: Number,
    *,
    cited: tuple[int, ...] | None,
    side: int = 0,
) -> list[tuple[str, str, float]]:
    """Values the article states nowhere, in the number's format, a noticeable step from it. For a
    choice (`cited`: its sentences), years within sense (`year_bounds`) and never the next-door
    year. For a bound (`side`, see `bound_side`), further steps on its side, enough for three."""
    base = float(number.digits.replace(",", "")) if not number.is_word else number.value
    decimals = len(number.digits.split(".")[1]) if "." in number.digits else 0
    if number.kind == "year" and cited is not None:
        low, high = year_bounds(article, int(base), cited=cited, at=number.start)
        raw = [
            base + d
            for d in YEAR_SHIFTS + SPREAD_YEAR_SHIFTS
            if low <= base + d <= high
        ]
    elif number.kind == "year":
        raw = [base + d for d in (-1, 1, -2, 2, -3, 3, -5, 5)]
    elif number.is_word:
        raw = [base + d for d in (-1, 1, 2, -2, 3, 4)]
    elif decimals:
        step = 10**-decimals * (
            25 if decimals == 2 and round(base * 100) % 25 == 0 else 1
        )
        step = max(step, 0.5 if decimals == 1 and (base * 2).is_integer() else step)
        # A change of a hair ("$10.5m" for "$10.6m") tests memory, not reading: a tenth at least.
        step = max(step, round(base * NOTICEABLE, decimals))
        raw = [round(base + k * step, decimals) for k in (-1, 1, -2, 2, 3, -3)]
    elif base < 10:
        raw = [base + d for d in (-1, 1, 2, -2, 3, 4)]
    else:
        raw = [
            _round_like(base * f, base) for f in (0.75, 1.25, 0.5, 1.5, 2.0, 0.8, 1.2)
        ]
    if side and number.kind != "year":
        # The steps above give two or three values a side; a bound takes one side only.
        if decimals:
            raw += [round(base + side * k * step, decimals) for k in (4, 5)]
        elif base < 10 or number.is_word:
            raw += [base + side * d for d in (3, 4, 5)]
        else:
            raw += [
                _round_like(base * f, base)
                for f in ((0.6, 0.4, 0.25) if side < 0 else (1.75, 2.5, 3.0))
            ]
    scale = number.value / base if base else 1
    seen: set[float] = {base}
    options: list[tuple[str, str, float]] = []
    age = _is_age(article, number)
    for value in raw:
        if value <= 0 or value in seen or (number.kind == "percent" and value > 100):
            continue
        # "His 120-year-old mother" or a 10-year-old for a 21-year-old driver is false on its
        # face: an age stays a human one, and an adult's stays an adult's.
        if age and (value > MAX_AGE or (base >= ADULT and value < ADULT)):
            continue
        if number.is_word and int(value) not in _WORD_FOR:
            continue
        seen.add(value)
        if value in article.values or value * scale in article.values:
            continue
        if number.is_word:
            digits = _WORD_FOR[int(value)]
        elif decimals:
            digits = f"{value:.{decimals}f}"
        else:
            digits = f"{int(value):,}" if "," in number.digits else str(int(value))
        prefix = number.text[: number.digits_start - number.start]
        suffix = number.text[number.digits_start - number.start + len(number.digits) :]
        options.append((prefix + digits + suffix, digits, value * scale))
    return options


MAX_AGE = 110
ADULT = 18

# A unit after a larger one ("11 hours and 55 minutes") is less than one of the larger.
_SMALLER_UNIT = (
    (re.compile(r"\bhours? and\s*$"), re.compile(r"^\s*minutes?\b"), 59),
    (re.compile(r"\bminutes? and\s*$"), re.compile(r"^\s*seconds?\b"), 59),
    (re.compile(r"\bdays? and\s*$"), re.compile(r"^\s*hours?\b"), 23),
    (re.compile(r"\byears? and\s*$"), re.compile(r"^\s*months?\b"), 11),
)
_PART_OF = re.compile(
    r"^ of (?:the |its |their )?(?:previous |last |first )?(?P<whole>\d+|[a-z]+)\b"
)
_WHOLE_OF = re.compile(
    r"\b(?P<part>\d+|[a-z]+) of (?:the |its |their )?(?:previous |last |first )?$"
)


def _within(
    article: Article, number: Number, options: list[tuple[str, str, float]]
) -> list[tuple[str, str, float]]:
    """The made-up options the text allows: "11 hours and 70 minutes" and "eight of the previous
    seven" are false on their face (`_part_bounds`)."""
    lowest, highest = _part_bounds(article, number)
    return [option for option in options if lowest <= option[2] <= highest]


def _part_bounds(article: Article, number: Number) -> tuple[float, float]:
    """The values a made-up figure may take where the text bounds it: a part of a larger unit
    ("… hours and ____ minutes") stays under one of it, and in "four of the previous seven" the
    part stays at most the whole and the whole at least the part."""
    before = article.text[max(0, number.start - 30) : number.start]
    after = article.text[number.end : number.end + 40]
    for larger, unit, most in _SMALLER_UNIT:
        if larger.search(before) and unit.match(after):
            return 0, most
    if number.kind != "count":
        return 0, math.inf
    whole = _PART_OF.match(after)
    if whole and (value := _plain_value(whole.group("whole"))) is not None:
        return 0, value
    part = _WHOLE_OF.search(before)
    if part and (value := _plain_value(part.group("part"))) is not None:
        return value, math.inf
    return 0, math.inf


def _plain_value(word: str) -> float | None:
    """A count written in digits or as a word ("seven"), else None."""
    if word.isdigit():
        return float(word)
    found = NUMBER_WORDS.get(word)
    return None if found is None else float(found)


def _is_age(article: Article, number: Number) -> bool:
    """ "a 76-year-old", "76 years old", "aged 76", "Mr Hinton, 76,": a person's age."""
    if number.kind != "count" or number.value > 200:
        return False
    before = article.text[max(0, number.start - 12) : number.start]
    after = article.text[number.end : number.end + 12]
    if re.match(r"(?:-| )years?(?:-| )old\b", after) or re.search(
        r"\b(?:aged|age)\s*$", before, re.IGNORECASE
    ):
        return True
    # "Mr Hinton, 76, said": a bare number between commas after a name.
    return before.rstrip().endswith(",") and after.startswith(",") and not number.noun


def other_items(article: Article, *, index: int, exclude: str) -> list[str]:
    """Things of the same sort named elsewhere: other lists' items, then plural noun phrases."""
    found: list[str] = []
    for item_list in article.lists:
        if item_list.sentence != index and not item_list.contrast:
            found.extend(i for i in item_list.items if not has_form(exclude, i))
    low, high = max(0, index - NEARBY), min(len(article.parsed), index + NEARBY + 1)
    for i in sorted(range(low, high), key=lambda i: (abs(i - index), i)):
        if i == index:
            continue
        for m in _PLURAL_AFTER.finditer(article.sentence_text(i)):
            phrase = m.group("np")
            if (
                not has_form(exclude, phrase)
                and not has_form(exclude, phrase.split()[-1])
                and phrase not in found
            ):
                found.append(phrase)
    return found

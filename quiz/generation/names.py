"""Names in sentences, typed by the trained pipeline's named entities and the article's own words.

The pipeline's entity label decides a name's kind (PERSON, ORG, GPE/LOC/FAC, LAW...), summed over all
its mentions so that one wrong label is outvoted; the words around a mention weigh in too, where news
prose is explicit (a title before a name, "said" after it, "Department" at the end of an
organisation, "in" before a place). A surname alone ("Mr Smith") is mapped to the full name the
article gave earlier.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .gazetteer import PLACES
from .records import words
from .sentences import Entity, ParsedSentence, Token

PERSON, ORG, PLACE, NAME = "person", "org", "place", "name"

CALENDAR = words(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december"
)
TITLES = words(
    "mr mrs ms miss dr prof professor sir dame lord lady president vice prime minister secretary "
    "chancellor governor senator sen rep representative general gen colonel captain coach judge "
    "justice king queen prince princess pope chairman chairwoman chair director ambassador "
    "commissioner mayor speaker deputy chief foreign defence defense home health finance interior "
    "treasury economy energy administrator manager chancellor-elect president-elect"
)
ROLE_WORDS = words(
    "spokesman spokeswoman spokesperson director minister secretary president chief official "
    "professor coach captain striker midfielder defender goalkeeper governor chair chairman "
    "chairwoman economist analyst scientist researcher administrator manager ceo leader senator "
    "author engineer astronaut astronomer physicist chemist biologist journalist editor founder "
    "winner champion candidate lawmaker mp premier mayor ambassador elect head player forward keeper "
    "deputy commander general spokesperson colleague"
)
SPEECH_VERBS = words(
    "said says told tells added adds wrote writes asked explained noted warned argued insisted "
    "stressed confirmed announced called saying adding declared recalled admitted"
)
ORG_SUFFIXES = words(
    "department ministry agency administration international watch bank reserve committee commission "
    "council union party association federation league institute university office organisation "
    "organization corporation company group fund service court parliament congress senate house board "
    "authority times post news press laboratory lab club fc foundation nations institution "
    "observatory society network inc ltd airlines motors"
)
# The last word of a name that says it is a place, or a document, whatever the model's label.
PLACE_SUFFIXES = words(
    "base river airport stadium island islands sea ocean lake bay valley strait desert mountains"
)
DOCUMENT_SUFFIXES = words("treaty convention accord protocol charter")
# Common nouns that, right before a name ("the Japanese firm X", "club X") or in an apposition
# after it ("X, the only team that…"), say what kind of name it is.
ORG_NOUNS = words(
    "firm company club subsidiary team side carrier group bank airline insurer maker "
    "manufacturer operator broadcaster newspaper charity agency publisher retailer startup "
    "conglomerate party"
)
PLACE_NOUNS = words(
    "river city town village port region province island airport stadium district county capital"
)
PLACE_PREPOSITIONS = words(
    "in to from against into across at near throughout within inside"
)
DIRECTIONS = words("northern southern eastern western central north south east west")


@dataclass(frozen=True, slots=True)
class Mention:
    """A name in a sentence. `name` is the canonical form (a person's full name), `surface` the words."""

    kind: str
    name: str
    surface: str
    start: int
    end: int
    sentence: int
    prefix: str = ""
    prefix_start: int = -1


# The pipeline's entity labels, as the kinds of name the question rules ask about. NORP (nationalities,
# "Russian") is not a name a question asks for; dates and numbers are read as numbers.
ENTITY_KINDS = {
    "PERSON": PERSON,
    "ORG": ORG,
    "GPE": PLACE,
    "LOC": PLACE,
    "FAC": PLACE,
    "LAW": "document",
    "EVENT": NAME,
    "PRODUCT": NAME,
    "WORK_OF_ART": NAME,
}
# How much the words around a mention weigh beside the pipeline's label (1 a mention).
TITLE_WEIGHT, CONTEXT_WEIGHT, SUFFIX_WEIGHT = 2, 1, 2


def _appositive_role(tokens: tuple[Token, ...], j: int) -> bool:
    """ "Ann Lee, a deputy director at X," or "Ann Lee, chair of X,": a role word right after the
    name's comma (at most a determiner and two words before it) marks a person."""
    if j >= len(tokens) or tokens[j].text != ",":
        return False
    following = [t.text for t in tokens[j + 1 : j + 5]]
    if following and following[0].lower() in {"a", "an", "the"}:
        following = following[1:]
    for word in following[:3]:
        if word == ",":
            return False
        if word.islower() and word in ROLE_WORDS:
            return True
    return False


def apposition_noun(tokens: tuple[Token, ...], j: int) -> str:
    """ "X, the only team that…": the first lowercase noun of an apposition right after the name
    (after at most a determiner and two words), "" when there is none."""
    if j >= len(tokens) or tokens[j].text != ",":
        return ""
    following = tokens[j + 1 : j + 5]
    if following and following[0].text.lower() in {"a", "an", "the"}:
        following = following[1:]
    for token in following[:3]:
        if token.text == "," or token.pos in {"VERB", "AUX"}:
            # ", told reporters": the sentence goes on, no apposition.
            return ""
        if token.pos == "NOUN" and token.text.islower():
            return token.text
    return ""


def _qualifies_a_noun(tokens: tuple[Token, ...], i: int, j: int) -> bool:
    """Whether the words tokens[i:j] qualify the common noun after them ("Telescope observations",
    "the Falcon 9 rocket"): then they name no person, body or place on their own."""
    after = j
    while after < len(tokens) and tokens[after].text.isdigit():
        after += 1
    return (
        after < len(tokens)
        and tokens[after].pos == "NOUN"
        and tokens[after].text.islower()
        and any(tokens[k].head == after for k in range(i, after))
    )


def _is_title(token: Token) -> bool:
    return token.text[:1].isupper() and token.text.lower().rstrip(".") in TITLES


def _title_the(tokens: tuple[Token, ...], k: int) -> bool:
    """Whether tokens[k] is a "The" that is part of a name: written with a capital inside the
    sentence, after a word ("told The National", "in The Hague"), not at its start or after a
    quote mark."""
    return (
        tokens[k].text == "The"
        and k > 0
        and tokens[k - 1].pos != "PUNCT"
        and k + 1 < len(tokens)
        and tokens[k + 1].text[:1].isupper()
    )


def _mention(
    parsed: ParsedSentence, entity: Entity, text: str
) -> tuple[Mention, dict[str, float]] | None:
    tokens = parsed.tokens
    i, j = entity.first_token, entity.last_token + 1
    while i < j and tokens[i].text.lower() in {"the", "a", "an"} | CALENDAR:
        if _title_the(tokens, i):
            break
        i += 1
    if i > 0 and _title_the(tokens, i - 1):
        i -= 1
    # "Arsenal 2-1": a score or count the entity swallowed is not part of the name.
    while j > i and (
        tokens[j - 1].text in {"'s", "’s", "'", "’"}
        or any(c.isdigit() for c in tokens[j - 1].text)
    ):
        j -= 1
    if i >= j or all(t.text.lower().rstrip(".") in TITLES for t in tokens[i:j]):
        return None
    if not any(c.isupper() for t in tokens[i:j] for c in t.text):
        # "The drug, called telmisartan, …": a word the article writes in lower case is no name,
        # though the model may label it one (an organisation among the options of "who said").
        return None
    kind = ENTITY_KINDS[entity.label]
    # A title inside the entity ("Ms Lee") or right before it ("Health Secretary Ann Lee")
    # is kept apart as the name's prefix.
    title_end = i
    # Not "King" of "King's College London": a title is no possessive.
    while (
        title_end < j - 1
        and _is_title(tokens[title_end])
        and tokens[title_end + 1].text not in {"'s", "’s"}
    ):
        title_end += 1
    title_start = i
    while title_start > 0 and _is_title(tokens[title_start - 1]):
        title_start -= 1
    prefix, prefix_start = "", -1
    if title_start < title_end or title_start < i:
        prefix_start = tokens[title_start].start
        prefix = text[prefix_start : tokens[max(title_end, i) - 1].end]
        i = max(title_end, i)
    start, end = tokens[i].start, tokens[j - 1].end
    before = tokens[i - 1].text.lower() if i > 0 else ""
    if prefix:
        before = ""
    before2 = tokens[i - 2].text.lower() if i > 1 else ""
    after = tokens[j].text.lower() if j < len(tokens) else ""
    last = tokens[j - 1].text.lower()
    votes: dict[str, float] = defaultdict(float)
    votes[kind] += 1
    if prefix:
        votes[PERSON] += TITLE_WEIGHT
    if (
        before in ROLE_WORDS
        or (before2 in ROLE_WORDS and before == "-")
        or _appositive_role(tokens, j)
        or after in SPEECH_VERBS
        or before in {"said", "says"}
    ):
        votes[PERSON] += CONTEXT_WEIGHT
    if before in PLACE_PREPOSITIONS or (
        before in DIRECTIONS and before2 in PLACE_PREPOSITIONS
    ):
        votes[PLACE] += CONTEXT_WEIGHT
    if last in ORG_SUFFIXES:
        votes[ORG] += SUFFIX_WEIGHT
    if last in PLACE_SUFFIXES:
        votes[PLACE] += SUFFIX_WEIGHT
    if last in DOCUMENT_SUFFIXES:
        votes["document"] += SUFFIX_WEIGHT
    # A common noun before the name is part of its noun phrase ("the Japanese firm X"); a title
    # before it was taken as the prefix above.
    noun_before = tokens[i - 1] if i > 0 and not prefix else None
    for noun in (
        noun_before.text if noun_before and noun_before.pos == "NOUN" else "",
        apposition_noun(tokens, j),
    ):
        if noun in ORG_NOUNS:
            votes[ORG] += TITLE_WEIGHT
        elif noun in PLACE_NOUNS:
            votes[PLACE] += TITLE_WEIGHT
    if _qualifies_a_noun(tokens, i, j):
        # "name" wins a tie: one such mention outweighs one label, not a name's other mentions.
        votes[NAME] += CONTEXT_WEIGHT
    surface = text[start:end]
    return (
        Mention(
            kind,
            surface,
            surface,
            start,
            end,
            parsed.sentence.index,
            prefix,
            prefix_start,
        ),
        votes,
    )


def raw_mentions(
    parsed: ParsedSentence, text: str
) -> list[tuple[Mention, dict[str, float]]]:
    """The sentence's named entities as mentions, each with its votes for a kind."""
    return [
        found
        for entity in parsed.entities
        if entity.label in ENTITY_KINDS and (found := _mention(parsed, entity, text))
    ]


# Capitalised words that open a sentence or a phrase, not a first name ("The Smiths", "In Lee's").
_NOT_FIRST_NAMES = words(
    "the a an and but or so yet in on at by for of to with from as if when while after before "
    "this that these those his her their its our my your we they he she it"
)


def _full_name(text: str, surname: str) -> str | None:
    """The one "Firstname Surname" the text writes for a surname only ever titled ("Mr Irback"),
    found in the text itself: the model may miss the one mention that gives the first name."""
    found = {
        m.group("first")
        for m in re.finditer(
            rf"(?<![\w’'-])(?P<first>[A-Z][a-z’'-]+) {re.escape(surname)}(?![\w’'-])",
            text,
        )
        if m.group("first").lower() not in TITLES | _NOT_FIRST_NAMES
    }
    return f"{found.pop()} {surname}" if len(found) == 1 else None


def type_names(
    raw: list[list[tuple[Mention, dict[str, float]]]], text: str
) -> tuple[dict[str, str], dict[str, str]]:
    """Each name's one kind, by its votes over all its mentions; and surnames mapped to full names,
    from the names found or, for a surname only written with a title, from `text`."""
    votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    titled: set[str] = set()
    for sentence_mentions in raw:
        for mention, mention_votes in sentence_mentions:
            for kind, weight in mention_votes.items():
                votes[mention.surface][kind] += weight
            if mention.prefix:
                titled.add(mention.surface)
    name_kinds: dict[str, str] = {}
    surnames: dict[str, str] = {}
    for surface, kind_votes in votes.items():
        kind = max(sorted(kind_votes), key=lambda k: kind_votes[k])
        if surface.removeprefix("the ") in PLACES:
            kind = PLACE
        name_kinds[surface] = kind
        if kind == PERSON and len(surface.split()) >= 2:
            surnames.setdefault(surface.split()[-1], surface)
        if kind == PERSON and len(surface.split()) >= 3:
            # "Di Maria" after "Angel Di Maria": the full name, as every other option is written.
            surnames.setdefault(" ".join(surface.split()[-2:]), surface)
    for surface in sorted(titled):
        if surface in surnames or name_kinds[surface] != PERSON or " " in surface:
            continue
        full = _full_name(text, surface)
        if full is not None:
            surnames[surface] = full
            name_kinds.setdefault(full, PERSON)
    for surface, kind in list(name_kinds.items()):
        if surface in surnames:
            name_kinds[surface] = PERSON
        elif kind == PERSON and " " not in surface and surface not in titled:
            # One word the model calls a person, never with a first name or a title (a missile's
            # or a city's name): too likely a slip to offer beside people.
            name_kinds[surface] = NAME
    return name_kinds, surnames


def canonical(
    name_kinds: dict[str, str], surnames: dict[str, str], mention: Mention
) -> Mention | None:
    kind = name_kinds.get(mention.surface)
    if kind is None:
        return None
    name = mention.surface
    if kind != PERSON and f"The {name}" in name_kinds:
        # "The National" at a sentence's start, where its "The" cannot be told from the article's:
        # the name as the article writes it inside a sentence.
        name = f"The {name}"
    if kind == PERSON:
        words = name.split()
        name = surnames.get(words[-1] if len(words) == 1 else name, name)
        if len(name.split()) == 1 and mention.prefix:
            name = f"{mention.prefix.split()[-1]} {name}"
    return Mention(
        kind,
        name,
        mention.surface,
        mention.start,
        mention.end,
        mention.sentence,
        mention.prefix,
        mention.prefix_start,
    )

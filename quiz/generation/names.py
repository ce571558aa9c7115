"""Names in sentences, typed from the article's own words.

There is no trained model and no gazetteer: a title or role before a name or "said" after it makes a
person, "Department" or "International" at the end an organisation, "in"/"to" before it or "'s" after
it a place. A surname alone ("Mr Smith") is mapped to the full name the article gave earlier.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.lang.en.stop_words import STOP_WORDS

from .records import words
from .sentences import ParsedSentence, Token

if TYPE_CHECKING:
    from .facts import Article

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
DOCUMENT_SUFFIXES = words(
    "convention treaty act accord agreement protocol bill charter"
)
PLACE_SUFFIXES = words(
    "stadium street square river sea ocean island islands mountain mountains region province city "
    "county park airport bay gulf valley strait arena desert coast"
)
PLACE_PREPOSITIONS = words(
    "in to from against into across at near throughout within inside"
)
DIRECTIONS = words("northern southern eastern western central north south east west")
CONNECTORS = words("of for de la du van von der al bin")


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


def _is_cap(token: Token) -> bool:
    first = token.text[0]
    return (
        first.isupper()
        and any(c.isalpha() for c in token.text)
        and token.text not in "“‘"
    )


def _runs(tokens: tuple[Token, ...]) -> list[tuple[int, int]]:
    """Index ranges of capitalised word runs, joined by connectors like "of" ("Bank of England")."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not _is_cap(tokens[i]):
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and tokens[j - 1].space_after:
            if _is_cap(tokens[j]):
                j += 1
            elif (
                tokens[j].text in CONNECTORS
                and j + 1 < len(tokens)
                and tokens[j].space_after
                and _is_cap(tokens[j + 1])
            ):
                j += 2
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _first_word_index(tokens: tuple[Token, ...]) -> int:
    i = 0
    while i < len(tokens) and not any(c.isalnum() for c in tokens[i].text):
        i += 1
    return i


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


def raw_mentions(
    parsed: ParsedSentence, text: str
) -> list[tuple[Mention, dict[str, bool]]]:
    tokens = parsed.tokens
    first = _first_word_index(tokens)
    found: list[tuple[Mention, dict[str, bool]]] = []
    for i, j in _runs(tokens):
        while i < j and (
            tokens[i].text.lower() in {"the", "a", "an"} | CALENDAR
            or (
                i == first
                and tokens[i].text.lower() in STOP_WORDS
                and not tokens[i].text.isupper()
            )
        ):
            first += i == first
            i += 1
        while j > i and tokens[j - 1].text.lower() in CALENDAR:
            j -= 1
        if i >= j:
            continue
        words = [t.text for t in tokens[i:j]]
        lowered = [w.lower().rstrip(".") for w in words]
        title_end = max(
            (k + 1 for k, w in enumerate(lowered) if w in TITLES), default=0
        )
        prefix, prefix_start = "", -1
        kind = NAME
        if (
            title_end
            and 1 <= j - (i + title_end) <= 3
            and lowered[-1] not in ORG_SUFFIXES
        ):
            prefix_start = tokens[i].start
            prefix = text[prefix_start : tokens[i + title_end - 1].end]
            i += title_end
            kind = PERSON
        elif title_end == len(words):
            continue
        words = [t.text for t in tokens[i:j]]
        last = words[-1].lower()
        if kind == NAME:
            if last in ORG_SUFFIXES or (
                len(last) >= 3 and words[-1].isupper() and len(words) == 1
            ):
                kind = ORG
            elif last in DOCUMENT_SUFFIXES:
                kind = "document"
            elif last in PLACE_SUFFIXES:
                kind = PLACE
        start, end = tokens[i].start, tokens[j - 1].end
        surface = text[start:end]
        before = tokens[i - 1].text.lower() if i > 0 else ""
        before2 = tokens[i - 2].text.lower() if i > 1 else ""
        after = tokens[j].text.lower() if j < len(tokens) else ""
        signals = {
            "initial": i == first and kind == NAME,
            "role": before in ROLE_WORDS
            or before2 in ROLE_WORDS
            and before == "-"
            or _appositive_role(tokens, j),
            "speech": after in SPEECH_VERBS or before in {"said", "says"},
            "place": before in PLACE_PREPOSITIONS
            or (before in DIRECTIONS and before2 in PLACE_PREPOSITIONS)
            or after in {"'s", "’s"},
            "modifier": bool(after)
            and after.isalpha()
            and after.islower()
            and after not in SPEECH_VERBS,
        }
        found.append(
            (
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
                signals,
            )
        )
    return found


def type_names(
    article: Article, raw: list[list[tuple[Mention, dict[str, bool]]]]
) -> None:
    """Give each name one type from all its mentions, and map surnames to full names."""
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    non_initial: set[str] = set()
    for sentence_mentions in raw:
        for mention, signals in sentence_mentions:
            v = votes[mention.surface]
            v[mention.kind] += 1
            for key, on in signals.items():
                v[key] += on
            if not signals["initial"]:
                non_initial.add(mention.surface)
    singles = {s for s in votes if " " not in s}
    for surface, v in votes.items():
        words = surface.split()
        if v[PERSON] or (
            v[NAME]
            and 2 <= len(words) <= 3
            and (v["role"] or v["speech"] or words[-1] in singles)
        ):
            article.name_kinds[surface] = PERSON
            if len(words) >= 2:
                article.surnames.setdefault(words[-1], surface)
        elif v[ORG]:
            article.name_kinds[surface] = ORG
        elif v[PLACE] or (
            v[NAME] and (v["place"] or (len(surface) == 2 and surface.isupper()))
        ):
            article.name_kinds[surface] = PLACE
        elif v["document"]:
            article.name_kinds[surface] = "document"
        elif surface in non_initial or len(words) > 1:
            article.name_kinds[surface] = NAME
    for surface, kind in list(article.name_kinds.items()):
        if kind != PERSON and surface in article.surnames:
            article.name_kinds[surface] = PERSON


def canonical(article: Article, mention: Mention) -> Mention | None:
    kind = article.name_kinds.get(mention.surface)
    if kind is None:
        return None
    name = mention.surface
    if kind == PERSON:
        words = name.split()
        name = article.surnames.get(words[-1], name) if len(words) == 1 else name
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

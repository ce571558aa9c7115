"""Names: who did it, which organisation, which place; clozes on a person, place or organisation,
with wrong options of the same kind from the article.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from ..claims import (
    Claim,
    citation,
    has_form,
    is_verb,
    name_forms,
    says,
    unresolved_reference,
)
from ..distractors import (
    SORT_LABELS,
    attributed_to,
    dated_another_era,
    names_after,
    names_of_sort,
    noun_before,
    of_another_type,
    of_the_past,
    org_sort,
    party_members,
    person_sex,
    pick_names,
    place_review,
    referred_to,
    sex_word,
)
from ..facts import Article
from ..names import (
    ORG,
    ORG_SUFFIXES,
    PERSON,
    PLACE,
    ROLE_WORDS,
    TITLES,
    Mention,
    apposition_noun,
)
from ..records import SINGLE_CHOICE, Candidate
from ..records import words as word_set
from ..roles import HONORIFICS, role_head
from ..sentences import SUBJECTS, Token, series_of, subtree
from .common import (
    BLANK,
    RESERVE,
    agent_of,
    clause_views,
    draft,
    fact_keys,
    frames_around,
    name_key,
    name_shows,
    ordered_choices,
    subtree_span,
    window_around,
)
from .details import MONTH_NAMES
from .purposes import purpose_spans
from .statements import doer_claim


def _name_keys(index: int, name: str) -> tuple[tuple[str, int, str], ...]:
    """The name asked for, and each long word of it: "Commons" and "House of Commons" asked on
    one sentence are one fact asked twice."""
    return (
        name_key(index, name),
        *(("name_word", index, w.lower()) for w in name.split() if len(w) >= 4),
    )


def _modifies_a_noun(article: Article, mention: Mention) -> bool:
    """Whether the name stands before a common noun it qualifies ("the Boltzmann machine", "the
    Chelsea game"), as the parser reads it."""
    tokens = article.parsed[mention.sentence].tokens
    inside = [k for k, t in enumerate(tokens) if mention.start <= t.start < mention.end]
    if not inside or inside[-1] + 1 >= len(tokens):
        return False
    following = tokens[inside[-1] + 1]
    return (
        following.pos == "NOUN"
        and following.text.islower()
        and tokens[inside[-1]].head == inside[-1] + 1
    )


# The ends of a clause shown around a blank that cut a date or an abbreviation in two: "… on
# 11…" (with the preposition before the number) and "…D.C. " (the end of the sentence before).
_CUT_DATE = re.compile(r"(?: (?:on|in|at|by|since|from|until|to))? \d[\d,.]*…$")
_CUT_ABBREVIATION = re.compile(r"^…\S*\.\s+(?=[A-Z])")


_MONTHS = "|".join(MONTH_NAMES)
# A date written out from its first number: "11 September", "11 September 2019", "11th of May".
_DATE_FROM_DAY = re.compile(
    rf"\d{{1,2}}(?:st|nd|rd|th)?(?: of)? (?:{_MONTHS})(?: \d{{4}})?\b"
)


def _whole_date(shown: str, text: str, end: int) -> str:
    """ "…the ____ had reached the opposite conclusion on 11…" (a view of `text` whose blank ends
    at `end`) grown to the end of the date it cut ("on 11 September…"): the date tells the court
    that ruled then from the one that ruled later. Unchanged when the view cuts no day of a date."""
    if not _CUT_DATE.search(shown) or BLANK not in shown:
        return shown
    tail = shown.rsplit(BLANK, 1)[1].removesuffix("…")
    cut = end + len(tail)
    if text[end:cut] != tail:
        return shown
    number = re.search(r"\d[\d,.]*$", tail)
    if number is None:
        return shown
    date = _DATE_FROM_DAY.match(text, cut - len(number.group()))
    if date is None or date.end() <= cut:
        return shown
    return shown.removesuffix("…") + text[cut : date.end()] + "…"


def _mended_view(shown: str) -> str:
    """ "…the ____ had reached the opposite conclusion on 11…" ends before "on 11", and "…D.C. The
    founding members were ____…" starts at "The": no half of a date or an abbreviation shown."""
    return _CUT_ABBREVIATION.sub("", _CUT_DATE.sub("…", shown))


# Nouns for a part of a place: "the southern tip of ____", "the east coast of ____".
_PARTS_OF_A_PLACE = frozenset(
    [
        "tip",
        "coast",
        "shore",
        "edge",
        "border",
        "north",
        "south",
        "east",
        "west",
        "heart",
    ]
)


def _given_by_the_world(article: Article, mention: Mention) -> bool:
    """Whether general knowledge fills in the place or body from the stem's other names, as the
    parser reads it: a name inside another name's phrase ("the Lusail Stadium in ____", "____'s
    Lothar Matthaus", "Jens Stoltenberg of ____"), a place and the named body or event someone was
    there for, each the other's seat ("was in ____ for the United Nations General Assembly", "was
    in New York for the ____"), the part of a place that locates a place named before it ("the
    Cape of Good Hope at the southern tip of ____"), or the place someone went back to (home:
    "flew back to ____"). A cloze there asks no reading."""
    tokens = article.parsed[mention.sentence].tokens
    inside = {k for k, t in enumerate(tokens) if mention.start <= t.start < mention.end}
    root = next((k for k in sorted(inside) if tokens[k].head not in inside), None)
    if root is None:
        return False
    holder = tokens[tokens[root].head]
    if tokens[root].dep in {"poss", "compound"}:
        return holder.pos == "PROPN"
    if tokens[root].dep != "pobj" or holder.dep != "prep":
        return False
    preposition, held_by = holder.text.lower(), tokens[holder.head]
    if held_by.pos == "PROPN":
        return True
    if preposition == "to" and held_by.pos == "NOUN":
        # "her return to the ____" (where someone returns is where they belong), "the policy
        # shift to ____" (read as where it shifts, whoever it was confirmed to).
        return True
    seat, purpose = {"in", "at"}, {"for"}
    if mention.kind == PLACE:
        if held_by.text.lower() == "back":
            return True
        if preposition == "of" and held_by.text.lower() in _PARTS_OF_A_PLACE:
            return any(
                m.kind == PLACE and m.end <= held_by.start
                for m in article.mentions[mention.sentence]
            )
        own, other = seat, purpose
    else:
        own, other = purpose, seat
    beside = {
        k
        for k, t in enumerate(tokens)
        if t.dep == "prep" and t.head == holder.head and t.text.lower() in other
    }
    return preposition in own and any(
        t.dep == "pobj" and t.pos == "PROPN" and t.head in beside for t in tokens
    )


# What stands between two names of one list: ", ", " and ", ", or ", each maybe with "the".
_LIST_JOIN = re.compile(r"(?:,? (?:and|or) |, )(?:the )?")


def _alphabetical_key(name: str) -> str:
    """A name as an alphabetical list orders it: "the Netherlands" under N."""
    return name.casefold().removeprefix("the ")


def _alphabetical_neighbours(
    article: Article, mention: Mention
) -> tuple[str, str] | None:
    """The names either side of the name (as keys; "" and "\uffff" at the list's ends) when it
    stands in a list of three or more names in alphabetical order ("____, Cyprus, Ireland and
    Malta"): a reader sees the order, so only an option that sorts between them fits the
    blank. None when the name is in no such list."""
    mentions = sorted(article.mentions[mention.sentence], key=lambda m: m.start)
    if mention not in mentions:
        return None

    def joined(left: Mention, right: Mention) -> bool:
        return _LIST_JOIN.fullmatch(article.text[left.end : right.start]) is not None

    at = first = last = mentions.index(mention)
    while first > 0 and joined(mentions[first - 1], mentions[first]):
        first -= 1
    while last + 1 < len(mentions) and joined(mentions[last], mentions[last + 1]):
        last += 1
    keys = [_alphabetical_key(m.surface) for m in mentions[first : last + 1]]
    if len(keys) < 3 or keys != sorted(keys):
        return None
    at -= first
    return (
        keys[at - 1] if at else "",
        keys[at + 1] if at + 1 < len(keys) else "\uffff",
    )


PRONOUNS = frozenset(
    [
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "it",
        "its",
        "they",
        "them",
        "their",
        "theirs",
    ]
)
RELATIVE_PRONOUNS = frozenset(["who", "which", "that", "whom", "whose"])
# Pronouns for what a sentence's subject acts on, never the subject a "Who …?" stem asks for.
OBJECTS = frozenset(["it", "them"])


def _keeps_subject(
    article: Article, claim: Claim, mention: Mention, shown: tuple[int, int]
) -> bool:
    """Whether the claim's words `shown` hold a verb and its subject ("…the head of the ____…" and
    "…and the family of ____…" do not: they never say who did what)."""
    tokens = article.parsed[mention.sentence].tokens
    at = [claim.position(article=article, offset=t.start) for t in tokens]

    def is_shown(k: int) -> bool:
        return shown[0] <= at[k] < shown[1]

    return any(
        t.dep in SUBJECTS
        and t.text.lower() not in RELATIVE_PRONOUNS
        and is_shown(k)
        and is_shown(t.head)
        and tokens[t.head].pos in {"VERB", "AUX"}
        for k, t in enumerate(tokens)
    )


def _clause_reach(
    article: Article, claim: Claim, mention: Mention, shown: tuple[int, int]
) -> int | None:
    """Where, in the claim, a window `shown` around the name must end to show the name's own
    clause, as the parser reads it: the verb it is the subject or object of ("…was "very bad",
    while ____…" stops before what the person did) and every item of a list it is one of ("The
    founding members were ____…" reads as if there were one). None when the verb stands before
    the window: a window does not grow leftwards past the subject it was given."""
    tokens = article.parsed[mention.sentence].tokens
    inside = {k for k, t in enumerate(tokens) if mention.start <= t.start < mention.end}
    root = next((k for k in sorted(inside) if tokens[k].head not in inside), None)
    if root is None:
        return shown[1]

    def at(offset: int) -> int:
        return claim.position(article=article, offset=offset)

    def right_edge(k: int) -> int:
        _, last = subtree_span(tokens, k)
        while last > k and tokens[last].pos == "PUNCT":
            last -= 1
        return at(tokens[last].end)

    reach = shown[1]
    verb, steps = root, 0
    while tokens[verb].pos not in {"VERB", "AUX"} and steps <= len(tokens):
        verb, steps = tokens[verb].head, steps + 1
    if tokens[verb].pos in {"VERB", "AUX"}:
        if at(tokens[verb].start) < shown[0]:
            return None
        if at(tokens[verb].end) > shown[1]:
            reach = max(reach, right_edge(verb))
    items = series_of(tokens, root)
    if len(items) > 1:
        reach = max(reach, right_edge(items[-1]))
    return min(reach, len(claim.text) - claim.text.endswith("."))


# Items of a long list a view shows after its blank: enough that the blank reads as one of a list.
LISTED_AFTER_BLANK = 2


def _list_shown_to(
    article: Article, claim: Claim, mention: Mention, shown: tuple[int, int]
) -> int | None:
    """Where, in the claim, a view of a name in a long list after its verb ends when it shows only
    the items after the blank that `LISTED_AFTER_BLANK` allows, never the last ("The founding
    members were ____, Canada, Denmark…"): the whole series ("…, the United Kingdom and the United
    States") lets a student count its items, and a count asked beside it is given away. None when
    the name is in no such list, or no item follows it that is not the last."""
    tokens = article.parsed[mention.sentence].tokens
    inside = {k for k, t in enumerate(tokens) if mention.start <= t.start < mention.end}
    root = next((k for k in sorted(inside) if tokens[k].head not in inside), None)
    if root is None:
        return None
    ordered = series_of(tokens, root)
    first = ordered[0]
    verb = tokens[first].head
    if (
        len(ordered) <= LISTED_AFTER_BLANK + 1
        or tokens[verb].pos not in {"VERB", "AUX"}
        or verb > first
    ):
        return None
    following = [
        k
        for k in ordered[ordered.index(root) + 1 :][:LISTED_AFTER_BLANK]
        if k != ordered[-1]
    ]
    if not following:
        return None
    # The last item shown ends where the next one's words start ("the Netherlands" before ", Norway").
    stop = subtree_span(tokens, ordered[ordered.index(following[-1]) + 1])[0]
    last = max(
        k for k in range(following[-1], stop) if tokens[k].pos not in {"PUNCT", "CCONJ"}
    )
    end = claim.position(article=article, offset=tokens[last].end)
    return end if end > shown[0] else None


def _fitting_names(
    article: Article, mention: Mention, noun: str
) -> frozenset[str] | None:
    """The names a cloze on `mention` may offer, or None for any: only names the article gives
    the noun before the blank ("the architect ____"), and only names that sort between the
    blank's neighbours in an alphabetical list ("____, Cyprus, Ireland": Austria, not Sweden)."""
    fitting = names_after(article, noun) if noun else None
    bounds = _alphabetical_neighbours(article, mention)
    if bounds is not None:
        low, high = bounds
        between = frozenset(
            name
            for name in article.pools.get(mention.kind, [])
            if low < _alphabetical_key(name) < high
        )
        fitting = between if fitting is None else fitting & between
    return fitting


def _plural_subject_before(article: Article, index: int) -> str:
    """The subject of the sentence before, when it is a few words naming a group ("The miners
    were taken to hospital"), in lower case: the "them" of the next sentence most likely means
    it. "" when there is no such subject."""
    if index == 0:
        return ""
    tokens = article.parsed[index - 1].tokens
    subject = next(
        (
            k
            for k, t in enumerate(tokens)
            if t.dep in {"nsubj", "nsubjpass"}
            and tokens[t.head].dep == "ROOT"
            and t.tag == "NNS"
        ),
        None,
    )
    if subject is None:
        return ""
    first, last = subtree_span(tokens, subject)
    words = [t.text for t in tokens[first : last + 1]]
    if last != subject or len(words) > 3 or words[0].lower() != "the":
        return ""
    return " ".join(["the", *words[1:]])


def _holders_of_same_role(article: Article, role: str, answer: str) -> frozenset[str]:
    """The other people the article gives a role of the same kind ("Defence Minister" and
    "Interior Minister"): beside "Which Russian President …?" only they are sensible options."""
    head = role_head(role)
    return frozenset(
        held.name
        for roles in article.roles
        for held in roles
        if held.name != answer and role_head(held.role) == head
    )


def _options_beside_role(
    article: Article,
    role: str,
    answer: str,
    distractors: list[str],
    pick: Callable[..., list[str]],
) -> list[str]:
    """Wrong options for a person question whose stem shows the answer's `role`: `distractors` when
    each holds a role of the same kind, else three (or two) that do, else none."""
    holders = _holders_of_same_role(article, role, answer)
    if set(distractors) <= holders:
        return distractors
    for count in (3, 2):
        options = pick(count=count, only=holders)
        if options:
            return options
    return []


def _in_one_sentence(article: Article, words: str) -> bool:
    """Whether `words` point to one place in the article (a stem without its role still does)."""
    words = words.rstrip('”"')
    return (
        sum(words in article.sentence_text(i) for i in range(len(article.parsed))) == 1
    )


def _described(article: Article, index: int, claim: Claim) -> tuple[Mention, ...]:
    """The body a claim opens on by the last words of its name ("The canal authority said …" after
    "the Suez Canal Authority"), when it is the one body of the article so named: "Which
    organisation said …?" asks for it, and the sentence's own words stand for the answer."""
    words = claim.text.split()
    if claim.head or claim.cut or len(words) < 3 or words[0] != "The":
        return ()
    for size in (1, 2, 3):
        described = words[1 : 1 + size]
        if not all(w.isalpha() and w.islower() for w in described):
            return ()
        if len(words) <= 1 + size or not is_verb(words[1 + size]):
            continue
        named = [
            name
            for name in article.pools.get(ORG, [])
            if len(name.split()) >= size
            and [w.lower() for w in name.split()[-size:]] == described
        ]
        if len(named) != 1:
            return ()
        start = article.parsed[index].sentence.start
        surface = " ".join(words[: 1 + size])
        return (Mention(ORG, named[0], surface, start, start + len(surface), index),)
    return ()


_JOINED_CLAUSE = re.compile(r", (?:and|but|while) ")


def _without_other_clause(
    article: Article, claim: Claim, tail: str, tail_at: int
) -> str:
    """The words of "Who/Which organisation …?" (`tail`, standing at `tail_at` in the claim) without
    a last clause that has a subject of its own ("…, and officials said Egypt could seek
    compensation"), as the parser reads it: it is another fact, it does not fit the question, and
    its subject often points to the answer."""
    tokens = article.parsed[claim.sentences[-1]].tokens
    shift = claim.position(article=article, offset=0)
    for joined in _JOINED_CLAUSE.finditer(tail):
        before = tail[: joined.start()]
        if before.count("“") != before.count("”") or before.count('"') % 2:
            continue
        opens = tail_at + joined.end() - shift
        for token in (t for t in tokens if t.start >= opens):
            if token.dep in SUBJECTS:
                return before
            if token.pos in {"VERB", "AUX"}:
                break
    return tail


# A "Who …?" stem cut short of its last phrase ranks below the whole one: it is asked only where
# the whole one would show another question's answer or print another's claim.
TRIMMED_WHO_SCORE = 2.6
# Words from the verb on that a stem cut short keeps at least: fewer do not say what was done.
MIN_TRIMMED_WORDS = 4


def _without_trailing_modifier(
    article: Article, claim: Claim, tail: str, tail_at: int
) -> str:
    """The words of "Who …?" (`tail`, standing at `tail_at` in the claim) without the phrase they
    end on when the parse reads it as one the verb does not need: a purpose or reason ("…was
    needed to counter changing tactics": `purpose_spans`) or a second reported clause ("replied
    that the foreman had done his duty and that Chile would never be the same"). "" when they
    end on neither, or when what is left is too short or fits another sentence too. The stem
    without that phrase is asked beside a question whose answer the phrase is, or a claim the
    whole stem would print."""
    tokens = article.parsed[claim.sentences[-1]].tokens
    tail_end = tail_at + len(tail.rstrip('”"'))
    starts = [start for start, _, _ in purpose_spans(tokens)]
    for second in tokens:
        head = tokens[second.head]
        if second.dep == "conj" and head.dep == "ccomp" and head is not second:
            marked = any(
                t.dep == "mark"
                and t.text.lower() == "that"
                and tokens[t.head] is second
                for t in tokens
            )
            joiner = next(
                (
                    t
                    for t in tokens
                    if t.dep == "cc"
                    and tokens[t.head] is head
                    and t.start < second.start
                ),
                None,
            )
            if marked and joiner is not None:
                starts.append(joiner.start)
    for start in sorted(starts):
        at = claim.position(article=article, offset=start)
        if at <= tail_at or not _ends_phrase_at(article, claim, start, tail_end):
            continue
        kept = tail[: at - tail_at].rstrip(" ,")
        if len(kept.split()) >= MIN_TRIMMED_WORDS and _in_one_sentence(article, kept):
            return kept
    return ""


def _second_deed(article: Article, claim: Claim, tail: str, tail_at: int) -> str:
    """The words of "Who …?" (`tail`, standing at `tail_at` in the claim) from the second of two
    deeds its subject did, joined by "and" ("said Ukraine's use … would contravene the treaty, and
    questioned the safety of the ageing stocks"): "questioned the safety …" alone. "" when the
    stem tells of one deed. A claim on the first deed ("… would contravene the treaty, it was
    said") is then neither shown nor settled by the stem, which a short set takes beside it. The
    parser often hangs the second deed on the reported clause ("would contravene … and
    questioned"); it is read as the subject's own when it has no subject and the tense of the
    stem's verb, not that of the clause it hangs on."""
    tokens = article.parsed[claim.sentences[-1]].tokens
    at = partial(claim.position, article=article)
    stem_verb = next(
        (
            k
            for k, t in enumerate(tokens)
            if t.pos in {"VERB", "AUX"} and at(offset=t.start) == tail_at
        ),
        None,
    )
    if stem_verb is None:
        return ""
    tense = tokens[stem_verb].tag
    for k, second in enumerate(tokens):
        head = tokens[second.head]
        if (
            second.dep != "conj"
            or second.pos != "VERB"
            or second.tag != tense
            or not (
                second.head == stem_verb
                or (
                    head.head == stem_verb and head.tag != tense and head.dep == "ccomp"
                )
            )
            or any(t.head == k and t.dep in SUBJECTS for t in tokens)
            or not any(
                t.dep == "cc"
                and t.text.lower() == "and"
                and t.head == second.head
                and t.start < second.start
                for t in tokens
            )
        ):
            continue
        offset = at(offset=second.start) - tail_at
        if not 0 < offset < len(tail):
            continue
        kept = tail[offset:]
        if len(kept.split()) >= MIN_TRIMMED_WORDS and _in_one_sentence(article, kept):
            return kept
    return ""


def _ends_phrase_at(article: Article, claim: Claim, start: int, tail_end: int) -> bool:
    """Whether the phrase of the sentence starting at `start` (an article offset) runs to the
    stem's end: only a phrase the stem ends on can be left out whole."""
    tokens = article.parsed[claim.sentences[-1]].tokens
    first = next((k for k, t in enumerate(tokens) if t.start == start), None)
    if first is None:
        return False
    words_after = [t for t in tokens if t.start >= start and t.pos != "PUNCT"]
    last_word = words_after[-1] if words_after else tokens[first]
    return claim.position(article=article, offset=last_word.end) == tail_end


_BECAME_A_BODY = re.compile(
    r"(?:became|becomes|is|was|remained|remains) (?:the|a|an) (?P<words>(?:[a-z-]+ ?){1,3})"
)


# How a place's adjective ends ("Scottish", "Canadian", "Maltese").
_PLACE_ADJECTIVE = re.compile(r"\b[A-Z][a-z]+(?:ish|ian|ese)\b")


def _without_other_regions(
    article: Article, mention: Mention, stem: str, only: frozenset[str] | None
) -> frozenset[str] | None:
    """The bodies a question on a body may offer (`only`, None for any) less those whose name
    holds a place's adjective ("Scottish National Party") when the stem names a place other than
    a country and no such adjective is in the stem or the answer: "the largest party among Northern Ireland's seats"
    rules a Scottish party out without reading."""
    if mention.kind != ORG or not any(
        m.kind == PLACE and m.surface in stem and m.name not in article.countries
        for m in article.mentions[mention.sentence]
    ):
        # A country holds its regions: "Britain's election" does not rule out a Scottish party.
        return only
    said = set(_PLACE_ADJECTIVE.findall(stem)) | set(
        _PLACE_ADJECTIVE.findall(mention.name)
    )
    pool = only if only is not None else frozenset(article.pools.get(ORG, []))
    kept = frozenset(
        name for name in pool if set(_PLACE_ADJECTIVE.findall(name)) <= said
    )
    return only if kept == pool else kept


def _body_label(article: Article, name: str) -> str:
    """What "Which … ?" calls the body: its sort where the article or its name says one a reader
    knows ("party", "court", "news outlet", "university"), else "organisation"."""
    return SORT_LABELS.get(org_sort(article, name), "organisation")


def _body_noun(tail: str) -> str:
    """The type of body "Which organisation …?" says the answer is ("became the largest party":
    party), when its words name one; "" otherwise."""
    said = _BECAME_A_BODY.match(tail)
    if said is None:
        return ""
    return next((w for w in said.group("words").split() if w in ORG_SUFFIXES), "")


# What "he" or "she" becomes as "they": its verb agrees, and a modal or a past tense ("would",
# "said") stays as it is.
_AGREEING_WITH_THEY = {"is": "are", "was": "were", "has": "have", "does": "do"}
_SUBJECT_PRONOUN = re.compile(r"\b(?:he|she) (?P<verb>[a-z]+)\b")
_SAYS_SEX = re.compile(
    r"\b(?:he|she|him|her|his|hers|himself|herself|mr|mrs|ms|miss|sir|lady)\b", re.I
)


def _with_they(words: str) -> str:
    """The words with each subject "he" or "she" as "they" ("said she would" → "said they
    would", "she was" → "they were"), or "" when that cannot be done: a "her" or "his" (whose
    "their" may read as someone else's), a verb in the present ("she thinks")."""

    def they(found: re.Match[str]) -> str:
        verb = found.group("verb")
        return "they " + _AGREEING_WITH_THEY.get(verb, verb)

    def fits(verb: str) -> bool:
        return (
            verb in _AGREEING_WITH_THEY
            or verb
            in {"would", "could", "will", "can", "should", "might", "must", "had"}
            or verb.endswith("ed")
            or verb in {"said", "told", "thought", "felt", "knew", "made", "took"}
        )

    if not all(fits(found.group("verb")) for found in _SUBJECT_PRONOUN.finditer(words)):
        return ""
    rewritten = _SUBJECT_PRONOUN.sub(they, words)
    return "" if _SAYS_SEX.search(rewritten) or rewritten == words else rewritten


# Words that say the person asked for leads a team: a player among the options is ruled out.
LEADS_SOME = re.compile(r"\b(?:his|her|their) (?:players|squad|team|side|men|women)\b")
# Words that say the person asked for belongs to a party: one of none is ruled out.
OF_A_PARTY = re.compile(r"\b(?:his|her|their) party\b")


def entity_questions(
    article: Article, index: int, claim: Claim, rng: random.Random
) -> Iterator[Candidate]:
    """Who/which organisation did it (subject replaced); what the named asteroid, team or winger is
    called; or, where the sentence does not say what sort of name it is, which name completes it."""
    cite = citation(article, claim.sentences)
    explanation = says(cite.quote)
    described = _described(article, index, claim)
    for mention in (*article.mentions[index], *described):
        # "What is the name of the asteroid?" where the sentence says what sort of thing the
        # name is: a whole question, asked instead of a cloze on the name.
        asked = (
            None
            if mention in described
            else _what_name(article, index, claim, mention, rng)
        )
        if asked is not None:
            yield asked
        if mention.kind not in {PERSON, ORG, PLACE}:
            continue
        if mention in described:
            at, end = 0, len(mention.surface)
        else:
            at = claim.position(article=article, offset=mention.start)
            end = at + len(mention.surface)
            if at < 0 or claim.text[at:end] != mention.surface:
                continue
        if at > 0 and claim.text[:at].endswith("The "):
            # "to The National": "The" is part of a title the model cut off; the blank would not read.
            continue
        if _modifies_a_noun(article, mention):
            # "the Boltzmann machine", "the Chelsea game": the name only says which thing, and
            # another name before that noun ("the Google machine") reads as nonsense.
            continue
        rest = claim.text[end:]
        before = claim.text[:at]
        noun = noun_before(article, mention)
        subject = (
            before == ""
            or (
                re.fullmatch(r"(?:[A-Z][\w-]* )+(?:[a-z-]+ )?", before) is not None
                and before.split()[-1].lower() in ROLE_WORDS | TITLES
            )
            # "The Authority said …": a body's name with its "the".
            or (mention.kind == ORG and before == "The ")
            # "The shipping journal X estimated …": a body named after what it is.
            or (
                mention.kind == ORG
                and bool(noun)
                and re.fullmatch(r"(?:The|A|An) (?:[a-z-]+ ){1,3}", before) is not None
            )
        )
        verb = re.match(
            r"(?:, (?:a|an|the) (?P<role>[^,“”\"]+), )?(?: on \w+day)? ?(?P<verb>[a-z]+)\b",
            rest,
        )
        if verb and not is_verb(verb.group("verb")):
            verb = None
        asks_who = bool(
            mention.kind in {PERSON, ORG}
            and subject
            and verb
            and rest.rstrip().endswith((".", ".”", '."'))
        )
        after_the = before.endswith(("the ", "The "))
        countries = mention.kind == PLACE and mention.name in article.countries
        stem_sex = (
            sex_word(claim.text.replace(mention.surface, " "))
            if mention.kind == PERSON
            else ""
        )
        stem_words = rest[verb.start("verb") :] if asks_who and verb else claim.text
        teams = frozenset(m.name for m in article.mentions[index] if m.kind != PERSON)
        # Three other names when the article has them, else two: three options beat none.
        pick = partial(
            pick_names,
            article,
            kind=mention.kind,
            answer=mention.name,
            cited=cite.quote,
            index=index,
            rng=rng,
            acronyms=after_the and mention.kind == PLACE,
            countries=countries,
            # A "Who …?" stem drops the words before the name; a cloze keeps them, and only
            # names that fit them are options.
            after_the=None if asks_who else after_the,
            same_label=mention.kind == PLACE,
            same_form=mention.kind == PERSON,
            only=_without_other_regions(
                article,
                mention,
                stem_words,
                None if asks_who else _fitting_names(article, mention, noun),
            ),
            # "Who said he would stay …?" rules out every woman among the options (unless the
            # answer is one, and "he" is someone else).
            sex=stem_sex if person_sex(article, mention.name) in {"", stem_sex} else "",
            # The teams, countries and bodies the stem names: a "Who …?" stem keeps only the
            # words from the verb on ("X, the head of the Authority, told …" names none).
            sides=frozenset(
                m.name
                for m in article.mentions[index]
                if m.kind != PERSON and m.surface in stem_words
            )
            # A nationality or party ("____, the Democratic candidate,").
            | frozenset(
                e.text
                for e in article.parsed[index].entities
                if e.label == "NORP" and e.text in stem_words
            ),
            bodies=mention.kind == ORG,
            rivals=frozenset(
                m.name
                for m in article.mentions[index]
                if m.kind == PERSON
                and m.name != mention.name
                and m.surface in stem_words
            ),
            leaders_apart=True,
            teams=teams,
            # "Who said his players had shown great character?" asks for one who leads players;
            # "Who told his party's conference …?" for one of a party.
            leaders_only=LEADS_SOME.search(stem_words) is not None,
            partisans_only=mention.kind == PERSON
            and OF_A_PARTY.search(stem_words) is not None
            and mention.name in party_members(article),
            referred=referred_to(article, stem_words, mention.name)
            if mention.kind == PERSON
            else frozenset(),
        )
        # Three or two names of the answer's sort (no president among miners, no assembly among
        # courts) when the article has them; else any three or two, as a question beats none on
        # a thin article.
        for count, sort in ((3, True), (2, True), (3, False), (2, False)):
            distractors = pick(count=count, same_sort=sort)
            if distractors:
                break
        # "Who dissented and said she would …?" where the article marks no other woman: asked
        # with "they", which every option fits, rather than not at all.
        neutral = bool(asks_who and stem_sex and not distractors and _with_they(rest))
        if neutral:
            pick = partial(pick, sex="")
            for count, sort in ((3, True), (2, True), (3, False), (2, False)):
                distractors = pick(count=count, same_sort=sort)
                if distractors:
                    break
        if not distractors or place_review(
            article, countries=countries, options=[mention.name, *distractors]
        ):
            # A place the article does not type as a country (a capital standing for its
            # government, "____'s decision") beside countries confuses: no question.
            continue
        choices = ordered_choices([mention.name], distractors, rng)
        forms = (*name_forms(article, mention.name), mention.surface)
        if asks_who and verb:
            tail = rest[verb.start("verb") :].rstrip()
            tail = (
                tail[:-1]
                if tail.endswith(".")
                else tail.replace(".”", "”").replace('."', '"')
            )
            whole = _without_other_clause(
                article, claim, tail, end + verb.start("verb")
            )
            # The whole stem first; then, when it ends on a purpose or a second "that" clause, the
            # stem without it, which a set may take beside a question asking for that phrase.
            trimmed = _without_trailing_modifier(
                article, claim, whole, end + verb.start("verb")
            )
            # And the stem on the second of two deeds, held in reserve: it is taken as the view
            # the whole stem is traded for beside a claim on the first deed (taken early, it
            # changed which claims a short set balances).
            second = _second_deed(article, claim, whole, end + verb.start("verb"))
            for tail, score in (
                (whole, 2.8),
                (trimmed, TRIMMED_WHO_SCORE),
                (second, RESERVE),
            ):
                if not tail:
                    continue
                unnamed = unresolved_reference(article, claim.sentences, tail).lower()
                # The article's words (to find them in it), and the stem's: "they" for "she".
                article_words = tail
                if neutral:
                    tail = _with_they(tail)
                    if not tail:
                        continue
                if unnamed in OBJECTS:
                    # "Who said most of them were …?": "them" stands for people the stem does
                    # not name, and never for the one it asks for: named as the sentence before
                    # names them ("most of the miners"), or not asked.
                    named = (
                        _plural_subject_before(article, index)
                        if unnamed == "them"
                        else ""
                    )
                    if not named or re.search('[“”"]', tail):
                        continue
                    tail = re.sub(r"\bthem\b", named, tail)
                options, who_choices = distractors, choices
                role = verb.group("role") or (
                    before.strip()
                    if before.strip() and before.split()[-1].lower() not in HONORIFICS
                    else ""
                )
                if mention.kind == ORG:
                    noun = _body_noun(tail)
                    if noun and not of_another_type(mention.name, noun):
                        # "… became the largest party …": no option that names itself another
                        # type of body ("House of Commons").
                        fitting = frozenset(
                            name
                            for name in article.pools.get(ORG, [])
                            if not of_another_type(name, noun)
                        )
                        options = next(
                            (
                                found
                                for c in (3, 2)
                                if (found := pick(count=c, only=fitting))
                            ),
                            [],
                        )
                        if not options:
                            continue
                        if options != distractors:
                            who_choices = ordered_choices([mention.name], options, rng)
                    prompt = f"Which {_body_label(article, mention.name)} {tail}?"
                elif role:
                    # The role in the stem rules out every option that does not hold one like it:
                    # only people the article gives such a role may stand beside the answer.
                    options = _options_beside_role(
                        article, role, mention.name, options, pick
                    )
                    if options != distractors:
                        who_choices = ordered_choices([mention.name], options, rng)
                    if options:
                        prompt = f"Which {role} {tail}?"
                    elif _in_one_sentence(article, article_words):
                        options, who_choices = distractors, choices
                        prompt = f"Who {tail}?"
                    else:
                        continue
                else:
                    prompt = f"Who {tail}?"
                frames = (" ".join(tail.split()[:3]),)
                keys = fact_keys(
                    article,
                    claim.sentences,
                    prompt,
                    tested=_name_keys(index, mention.name),
                )
                yield Candidate(
                    draft(
                        SINGLE_CHOICE,
                        prompt,
                        who_choices,
                        explanation,
                        cite,
                        "who_did" if mention.kind == PERSON else "which_organisation",
                        review=(
                            f"The sentence calls it “{mention.surface}”: check that it means "
                            f"{mention.name}.",
                        )
                        if mention in described
                        else (),
                    ),
                    claim.sentences,
                    answer_forms=forms,
                    distractors=tuple(options),
                    frames=frames,
                    keys=keys,
                    score=score,
                    shows=name_shows(article, claim.sentences, prompt),
                )
            continue
        if (
            asked is not None
            or mention in described
            or (mention.kind == PERSON and len(mention.surface.split()) < 2)
        ):
            # A body the sentence only describes has no name in it to blank.
            continue
        if mention.kind in {PLACE, ORG} and _given_by_the_world(article, mention):
            continue
        label = {PERSON: "person", ORG: "organisation", PLACE: "place"}[mention.kind]
        asked_as = _body_label(article, mention.name) if mention.kind == ORG else label
        roles = [r.role for r in article.roles[index] if r.name == mention.name]
        around = window_around(claim.text, at, end)
        told = mention.kind == ORG and attributed_to(article, mention)
        for blanked, view, review in clause_views(claim.text, at, end):
            if view and told:
                # "…an official told ____…": what the outlet was told is the fact, and without it
                # any outlet an official spoke to fits; the whole sentence is asked instead.
                continue
            if view:
                blanked = _mended_view(_whole_date(blanked, claim.text, end))
            shown = around
            if view and around and not _keeps_subject(article, claim, mention, around):
                # "…the head of the ____…" never says whose head: shown from the sentence's
                # start instead, which holds its subject, and still without its last clauses.
                shown = (0, around[1])
                if not _keeps_subject(article, claim, mention, shown):
                    continue
                blanked = claim.text[:at] + BLANK + claim.text[end : around[1]] + "…"
                review = ()
            list_end = None
            if view and shown:
                reach = _clause_reach(article, claim, mention, shown)
                list_end = _list_shown_to(article, claim, mention, shown)
                sentence_end = len(claim.text) - claim.text.endswith(".")
                if reach is None or (shown[0], reach) == (0, sentence_end):
                    # Cut from its verb on the left, or grown into the whole sentence, which
                    # the first view asks.
                    continue
                if reach > shown[1]:
                    blanked = _mended_view(
                        ("…" if shown[0] else "")
                        + claim.text[shown[0] : at]
                        + BLANK
                        + claim.text[end:reach]
                        + "…"
                    )
            reference = unresolved_reference(
                article, claim.sentences, blanked.replace(BLANK, mention.surface)
            )
            if blanked[:1].islower() or reference.lower() in PRONOUNS:
                # "said ____, the chief executive…" or "The last of them, ____, came back…":
                # the stem does not say who spoke, or whom "them" means. ("The official said"
                # is left to the reviewer: most such sentences have no other question.)
                continue
            options, cloze_choices = distractors, choices
            shown_role = next((r for r in roles if f"{r} {BLANK}" in blanked), "")
            if shown_role:
                # A title on the blank ("President ____") cannot be dropped from the article's
                # words: asked with options that hold a role like it, or not at all. An appositive
                # after the blank (", a planetary scientist at X,") is left: most such sentences
                # have no other question, and the title is what graders found answering itself.
                options = _options_beside_role(
                    article, shown_role, mention.name, distractors, pick
                )
                if not options:
                    continue
                if options != distractors:
                    cloze_choices = ordered_choices([mention.name], options, rng)
            where_from = (
                "these words of the article"
                if claim.clause or view
                else "the sentence from the article"
            )
            nationality = _nationality_before_blank(article, index, blanked)
            if nationality:
                # "the Japanese firm ____": no option the article does not call Japanese, which
                # the adjective alone rules out; with fewer than two such names, the stem
                # without the adjective ("the firm ____"), its words adapted.
                tied = [name for name in options if _called(article, name, nationality)]
                if len(tied) >= 2 and tied != options:
                    options = tied
                    cloze_choices = ordered_choices([mention.name], options, rng)
                elif len(tied) < 2:
                    blanked = _without_nationality(blanked, nationality)
                    where_from = (
                        "these words" if claim.clause or view else "this sentence"
                    ) + ", adapted from the article"
            stems = [(blanked, 1.9 - 0.2 * bool(view))]
            if list_end is not None:
                # The view of a long list shown only to the items beside the blank, in reserve:
                # taken when the whole list gives a count away (`_list_shown_to`).
                before_blank = blanked[: blanked.index(BLANK) + len(BLANK)]
                cut = _mended_view(before_blank + claim.text[end:list_end] + "…")
                stems.append((cut, RESERVE))
            for stem, score in stems:
                prompt = f"Which {asked_as} completes {where_from}? {stem}"
                keys = fact_keys(
                    article,
                    claim.sentences,
                    prompt,
                    tested=_name_keys(index, mention.name),
                )
                yield Candidate(
                    draft(
                        SINGLE_CHOICE,
                        prompt,
                        cloze_choices,
                        explanation,
                        cite,
                        f"{label}_cloze",
                        review=review,
                    ),
                    claim.sentences,
                    answer_forms=forms,
                    distractors=tuple(options),
                    frames=frames_around(claim.text, at, end),
                    keys=keys,
                    score=score,
                    shows=name_shows(article, claim.sentences, prompt),
                )


def _nationality_before_blank(article: Article, index: int, blanked: str) -> str:
    """The nationality or party word that describes the blank ("the Japanese firm ____", "the
    Dutch port of ____"), as the sentence's named entities give it; "" when none does."""
    for entity in article.parsed[index].entities:
        if entity.label == "NORP" and _describing_blank(entity.text).search(blanked):
            return entity.text
    return ""


def _without_nationality(blanked: str, nationality: str) -> str:
    """The stem without the nationality word that describes its blank: "the firm ____"."""
    return _describing_blank(nationality).sub(r"\1", blanked, count=1)


def _describing_blank(nationality: str) -> re.Pattern[str]:
    """The nationality word, then up to three words and the blank (those kept as group 1)."""
    return re.compile(
        rf"\b{re.escape(nationality)} ((?:[a-z-]+ ){{1,3}}{re.escape(BLANK)})"
    )


def _called(article: Article, name: str, nationality: str) -> bool:
    """Whether the article gives the name that nationality: "the Japanese firm X", "Japanese X",
    "X, the Japanese company"."""
    for form in name_forms(article, name):
        named = re.escape(form)
        adjective = re.escape(nationality)
        if re.search(
            rf"\b{adjective} (?:[a-z-]+ ){{0,3}}{named}\b"
            rf"|\b{named}, (?:the |a |an )?{adjective}\b",
            article.text,
        ):
            return True
    return False


# Words that introduce a name after the noun saying what it is ("a satellite called X").
NAMING_WORDS = frozenset({"called", "named", "dubbed"})
# Words that open a noun phrase and give way to "a"/"an" once the name is taken out of it.
NOUN_PHRASE_OPENERS = frozenset(
    {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that"}
)


@dataclass(frozen=True, slots=True)
class _SortOf:
    """A name with the common noun its sentence gives it ("the asteroid X": asteroid), and the
    cuts that take the name out of the sentence: each (start, end, words) puts the words in place
    of the text from start to end ("the asteroid X" becomes "an asteroid")."""

    noun: str
    cuts: tuple[tuple[int, int, str], ...]


def _with_article(words: str) -> str:
    return ("an " if words[:1].lower() in "aeiou" else "a ") + words


def _phrase_start(tokens: tuple[Token, ...], noun: int) -> tuple[int, bool]:
    """Where the noun phrase ending at `noun` starts (its adjectives, "Italian" too, and lowercase
    nouns kept), and
    whether it opens on a determiner or possessive that gives way to "a"/"an"."""
    first = noun
    while first > 0 and (
        tokens[first - 1].pos == "ADJ"
        or (tokens[first - 1].pos == "NOUN" and tokens[first - 1].text.islower())
    ):
        first -= 1
    opens = first > 0 and tokens[first - 1].text.lower() in NOUN_PHRASE_OPENERS
    return (first - 1 if opens else first), opens


def _sort_of(article: Article, mention: Mention) -> _SortOf | None:
    """What the sentence calls the name, when it says so around it: "the asteroid X", "a satellite
    called X", "its X mission" (for any name but a person's, whose noun is a role the who-questions
    ask about), or "X, the only team that…," (any name). None when it does not."""
    tokens = article.parsed[mention.sentence].tokens
    text = article.text
    inside = [k for k, t in enumerate(tokens) if mention.start <= t.start < mention.end]
    if not inside or mention.prefix:
        return None
    first, last = inside[0], inside[-1]

    def noun_at(k: int) -> bool:
        return (
            0 <= k < len(tokens)
            and tokens[k].pos == "NOUN"
            and tokens[k].text.isalpha()
            and tokens[k].text.islower()
        )

    if mention.kind != PERSON:
        # "the asteroid X" → "an asteroid"; "a satellite called X" → "a satellite". The noun
        # must go with the name by the parse: in "the stocks X would supply" X is a subject.
        noun = -1
        if noun_at(first - 1) and (
            tokens[first - 1].head in inside or tokens[first].head == first - 1
        ):
            noun = first - 1
        elif (
            first >= 2
            and tokens[first - 1].text in NAMING_WORDS
            and noun_at(first - 2)
            and tokens[first - 1].head == first - 2
        ):
            noun = first - 2
        if noun >= 0:
            start, opens = _phrase_start(tokens, noun)
            words = text[tokens[start + opens].start : tokens[noun].end]
            phrase = _with_article(words) if opens else words
            return _SortOf(
                tokens[noun].lemma or tokens[noun].text,
                ((tokens[start].start, mention.end, phrase),),
            )
        if noun_at(last + 1) and tokens[last].head == last + 1 and first > 0:
            # "its X mission" → "a mission".
            if tokens[first - 1].text.lower() not in NOUN_PHRASE_OPENERS:
                return None
            return _SortOf(
                tokens[last + 1].lemma or tokens[last + 1].text,
                (
                    (
                        tokens[first - 1].start,
                        tokens[last + 1].end,
                        _with_article(tokens[last + 1].text),
                    ),
                ),
            )
    apposed = apposition_noun(tokens, last + 1)
    # The noun must be the name's apposition by the parse: in "between London, Paris and
    # Brussels, shuttle trains for cars, …" the comma goes on with a list, and "shuttle" says
    # nothing of Brussels.
    if not apposed or not any(
        t.text == apposed and t.dep == "appos" and t.head in inside
        for t in tokens[last + 1 : last + 6]
    ):
        return None
    # "X, the only team that could catch them, were held…" → "the only team that could catch
    # them were held…": the name and its comma go, and the comma closing the apposition too when
    # the sentence's verb follows it (not when a clause of the apposition does: ", which built…").
    closing = next(
        (k for k in range(last + 3, len(tokens)) if tokens[k].text == ","), None
    )
    if closing is None:
        return None
    name_cut = (mention.start, tokens[last + 2].start, "")
    if closing + 1 < len(tokens) and tokens[closing + 1].pos in {"VERB", "AUX"}:
        return _SortOf(
            apposed, (name_cut, (tokens[closing].start, tokens[closing].end, ""))
        )
    return _SortOf(apposed, (name_cut,))


def _figure_modifiers(
    tokens: tuple[Token, ...], keep: tuple[int, int]
) -> list[tuple[int, int]]:
    """The text spans of a verb's modifiers that hold a figure ("on September 26", "at about 14,000
    miles per hour", "for about 400,000 pounds"), none overlapping `keep` (the name's phrase): a
    stem showing them would give away the questions on those figures, and the sentence reads
    without them. A day or a place without a number ("on Sunday", "in Washington") stays."""
    spans = []
    for k, token in enumerate(tokens):
        if token.dep not in {"prep", "npadvmod"} or tokens[token.head].pos not in {
            "VERB",
            "AUX",
        }:
            continue
        first, last = subtree_span(tokens, k)
        start, end = tokens[first].start, tokens[last].end
        if start < keep[1] and keep[0] < end:
            continue
        if any(
            t.pos == "NUM" or any(c.isdigit() for c in t.text)
            for t in tokens[first : last + 1]
        ):
            spans.append((start, end))
    return spans


def _tidied(stem: str) -> str:
    """The stem once modifiers are taken out: no space before a comma or the full stop, no comma
    left before the full stop or at the start, one space between words, a capital first."""
    stem = re.sub(r" {2,}", " ", stem)
    stem = re.sub(r" ([,.])", r"\1", stem)
    stem = re.sub(r",([,.])", r"\1", stem).lstrip(", ")
    return stem[:1].upper() + stem[1:]


def _what_name(
    article: Article, index: int, claim: Claim, mention: Mention, rng: random.Random
) -> Candidate | None:
    """ "… an asteroid … What is the name of the asteroid?": the sentence whole, the name taken out
    of the noun phrase that says what it is, and the name asked for among names of its sort. The
    stem keeps the subject, the time and the place, so it reads without the article; the sort noun
    says what is asked, so no other kind of name could answer."""
    cite = citation(article, claim.sentences)
    found = _sort_of(article, mention)
    if found is None:
        return None
    cuts = [
        *found.cuts,
        *(
            (start, end, "")
            for start, end in _figure_modifiers(
                article.parsed[index].tokens, (mention.start, mention.end)
            )
        ),
    ]
    in_claim = []
    for start, end, words in cuts:
        at = claim.position(article=article, offset=start)
        if at >= 0 and claim.text[at:].startswith(article.text[start:end]):
            in_claim.append((at, at + end - start, words))
    if len(in_claim) < len(found.cuts):
        # The claim does not hold the name's phrase as the sentence has it.
        return None
    stem, shown = "", 0
    for at, end, words in sorted(in_claim):
        if at < shown:
            return None
        stem += claim.text[shown:at] + words
        shown = end
    stem = _tidied(stem + claim.text[shown:])
    forms = (*name_forms(article, mention.name), mention.surface)
    if any(has_form(stem, form) for form in forms):
        # The name stands elsewhere in the sentence: the question answers itself.
        return None
    if unresolved_reference(article, claim.sentences, stem):
        return None
    pick = partial(
        pick_names,
        article,
        kind=mention.kind,
        answer=mention.name,
        cited=cite.quote,
        index=index,
        rng=rng,
        same_label=mention.kind != PERSON,
        same_form=mention.kind == PERSON,
    )
    # Names the article gives a noun of the same sort first (satellites beside a satellite),
    # then, but for people (a manager among players stands out), names of its kind and
    # label; three options are fine where a fourth would be silly.
    sort = names_of_sort(article, found.noun)
    sorts = (sort,) if mention.kind == PERSON else (sort, None)
    distractors = next(
        (
            options
            for only in sorts
            for count in (3, 2)
            if (options := pick(count=count, only=only, same_sort=True))
        ),
        [],
    )
    if not distractors:
        return None
    prompt = f"{stem.rstrip()} What is the name of the {found.noun}?"
    choices = ordered_choices([mention.name], distractors, rng)
    return Candidate(
        draft(
            SINGLE_CHOICE,
            prompt,
            choices,
            says(cite.quote),
            cite,
            "described_person" if mention.kind == PERSON else "described_name",
        ),
        claim.sentences,
        answer_forms=forms,
        distractors=tuple(distractors),
        frames=frames_around(claim.text, *in_claim[0][:2]),
        keys=fact_keys(
            article,
            claim.sentences,
            prompt,
            tested=_name_keys(index, mention.name),
        ),
        score=3.5,
        shows=name_shows(article, claim.sentences, prompt),
    )


# Past participles whose simple past differs, for turning "was written by X" into "Who wrote …?";
# any other participle is its own simple past ("added", "brought", "led") or is not asked.
_SIMPLE_PAST = {
    "written": "wrote",
    "taken": "took",
    "given": "gave",
    "seen": "saw",
    "done": "did",
    "shown": "showed",
    "chosen": "chose",
    "drawn": "drew",
    "driven": "drove",
    "thrown": "threw",
    "broken": "broke",
    "begun": "began",
    "sung": "sang",
    "flown": "flew",
    "grown": "grew",
    "known": "knew",
    "beaten": "beat",
    "stolen": "stole",
    "sunk": "sank",
    "spoken": "spoke",
}
# Subjects that stand for someone the stem would not name.
_PRONOUNS = word_set("it he she they this that these those we i you")
# Participles that are their own simple past without ending in -ed.
_SAME_PAST = word_set(
    "brought bought built caught found held kept led left lost made met paid sent sold spent "
    "taught told won heard hit put set cut shut read laid struck fought"
)


def passive_doer_questions(
    article: Article, index: int, claim: Claim, rng: random.Random
) -> Iterator[Candidate]:
    """ "Who added the spire that fell?" of "The spire that fell was added … by the architect X …":
    a sentence that reports a deed in the passive names its doer last, where the subject rules
    never look. Only a sentence whose main verb is that passive deed, with nothing joined to it,
    its subject standing in the claim (a pronoun read as the sentence before's subject); the words
    describing the doer ("the architect") go with the name. Wrong options are people of the
    article as for any "Who …?" (`pick_names`)."""
    tokens = article.parsed[index].tokens
    root = next((k for k, t in enumerate(tokens) if t.dep == "ROOT"), None)
    if root is None or tokens[root].tag != "VBN" or claim.sentences[-1] != index:
        return
    children = [k for k, t in enumerate(tokens) if t.head == root and k != root]
    deps = {tokens[k].dep for k in children}
    if (
        "auxpass" not in deps
        or "nsubjpass" not in deps
        or deps & {"conj", "cc", "neg", "ccomp"}
    ):
        return
    if any(
        tokens[k].tag not in {"VBD", "VBN"}
        for k in children
        if tokens[k].dep in {"aux", "auxpass"}
    ):
        # "will be built by X", "has been built by X": "Who built …?" would change its time.
        return
    participle = tokens[root].text.lower()
    past = _SIMPLE_PAST.get(participle) or (
        participle if participle.endswith("ed") or participle in _SAME_PAST else ""
    )
    if not past:
        return
    agent = next(
        (
            found
            for m in article.mentions[index]
            if (found := agent_of(article, m)) is not None
            and tokens[
                next(k for k, t in enumerate(tokens) if t.start == found.start) - 1
            ].head
            == root
        ),
        None,
    )
    if agent is None:
        return
    # "had been designed": the subject ends at the first auxiliary.
    auxiliary = min(k for k in children if tokens[k].dep in {"aux", "auxpass"})
    subject_at = claim.position(article=article, offset=tokens[auxiliary].start)
    verb_end = claim.position(article=article, offset=tokens[root].end)
    by_at = claim.position(article=article, offset=agent.start) - len("by ")
    name_end = claim.position(article=article, offset=agent.mention.end)
    if not (
        0 < subject_at < verb_end <= by_at
        and claim.text[by_at:name_end].startswith("by ")
        and claim.text.endswith(".")
    ):
        return
    subject = claim.text[:subject_at].strip()
    if not subject:
        return
    if subject.split()[0] in {"The", "A", "An"}:
        subject = subject[0].lower() + subject[1:]
    elif not subject[:1].isupper() or subject.split()[0].lower() in _PRONOUNS:
        return
    # A time the deed is dated by ("in the 19th century") is left out: it is a question of its
    # own, and beside it the article's people of today are ruled out without reading.
    left_out: set[int] = set()
    for k, t in enumerate(tokens):
        under = subtree(tokens, k) if t.dep == "prep" and t.head == root else []
        if any(tokens[j].entity == "DATE" for j in under):
            left_out.update(
                range(
                    claim.position(article=article, offset=tokens[under[0]].start),
                    claim.position(article=article, offset=tokens[under[-1]].end),
                )
            )
    # What follows the doer ("… during a long restoration") says how or when they did it, often
    # what the sentence before tells too ("The spire … was not part of the medieval building"):
    # the question is whole without it, and with it may settle a claim on that sentence.
    tail = "".join(
        claim.text[k] for k in range(verb_end, by_at) if k not in left_out
    ).strip()
    if re.search(r"\b(?:that|which|who)\b", subject):
        # After a relative clause ("the spire that fell"), what follows reads as part of it.
        tail = ""
    prompt = " ".join(f"Who {past} {subject} {tail}".split()) + "?"
    if re.search(r"[“”\"]", prompt):
        return
    mention = agent.mention
    cite = citation(article, claim.sentences)
    # Drawn from a copy of the generator: every other question of the article keeps its options.
    spare = random.Random()
    spare.setstate(rng.getstate())
    for count, sort in ((3, True), (2, True), (3, False), (2, False)):
        options = pick_names(
            article,
            kind=PERSON,
            answer=mention.name,
            cited=cite.quote,
            index=index,
            rng=spare,
            count=count,
            same_form=True,
            same_sort=sort,
            leaders_apart=True,
        )
        if dated_another_era(article, index):
            # "It was added in the 19th century by …": only people of that past are options;
            # the President and the mayor of today are ruled out without reading.
            options = [o for o in options if o in of_the_past(article)]
        if len(options) >= 2:
            break
    else:
        # No fair options (a deed of another era and no two people of that past, or too few
        # people): who did it is asked as a true claim in the deed's own words, undated and
        # without what follows the doer, so that it does not settle a claim on the sentence
        # before ("The spire that fell was added by the architect X." beside "The spire that
        # fell was part of the medieval building", false; "in the 19th century" would settle it).
        deed = claim.text[subject_at:verb_end].strip()
        doer = claim.text[by_at:name_end]
        stated = " ".join(f"{subject[:1].upper()}{subject[1:]} {deed} {doer}".split())
        yield doer_claim(article, index, claim, f"{stated}.")
        return
    yield Candidate(
        draft(
            SINGLE_CHOICE,
            prompt,
            ordered_choices([mention.name], options, spare),
            says(cite.quote),
            cite,
            "who_did",
        ),
        claim.sentences,
        answer_forms=(*name_forms(article, mention.name), mention.surface),
        distractors=tuple(options),
        frames=(" ".join(prompt.split()[1:4]),),
        keys=fact_keys(
            article, claim.sentences, prompt, tested=_name_keys(index, mention.name)
        ),
        score=2.8,
        shows=name_shows(article, claim.sentences, prompt),
    )

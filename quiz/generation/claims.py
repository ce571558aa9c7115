"""Sentences made to stand alone as claims, and the citations that prove them.

A claim keeps the article's words and attribution ("said", "according to"); only a leading "And" is
dropped and a leading pronoun replaced by its antecedent, in which case the citation covers both
sentences. Evidence questions use the claim in other words ("X said Y" -> "According to X, Y").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .facts import (
    MONTHS,
    NUMBER_WORDS,
    Article,
    kept_for_last_article,
    leading_subject,
    parsed_subject,
)
from .names import PERSON, ROLE_WORDS, SPEECH_VERBS, Mention
from .records import Citation, words
from .roles import MODIFIERS
from .sentences import VERB_WORDS, ParsedSentence, Token, span_roots, subtree

_PRONOUNS = {
    "he": PERSON,
    "she": PERSON,
    "his": PERSON,
    "her": PERSON,
    "it": "thing",
    "its": "thing",
}
# Words that join a sentence to the one before ("Instead, the company will …": instead of what?):
# a claim stands alone without them, and stays true.
_CONJUNCTIONS = (
    "And ",
    "But ",
    "So ",
    "Yet ",
    "Then ",
    "Instead, ",
    "However, ",
    "Meanwhile, ",
    "Still, ",
    "Also, ",
    "In addition, ",
)
# Nouns that, after "the"/"this", point back to something said before ("the move", "the official").
BACK_NOUNS = words(
    "move change decision shift step measure announcement development incident plan deal proposal "
    "policy action"
) | (ROLE_WORDS - words("president minister secretary"))
_DETERMINER = re.compile(r"\b(?:the|this|that|these|those|such) ", re.IGNORECASE)
_SUBJECT_END = re.compile(r"\b[a-z][a-z’'-]*\b")


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence made to stand alone: leading "And" dropped, a leading pronoun replaced by its
    antecedent. `head` replaced the sentence's first `cut` characters."""

    text: str
    sentences: tuple[int, ...]
    head: str
    cut: int
    resolved: str = ""
    clause: bool = False

    def position(self, *, article: Article, offset: int) -> int:
        """Where the article's character at `offset` (in the claim's last sentence) stands in the claim."""
        return (
            offset
            - article.parsed[self.sentences[-1]].sentence.start
            - self.cut
            + len(self.head)
        )


@lru_cache(maxsize=1 << 11)
def compiled(regex: str) -> re.Pattern[str]:
    """The regex compiled once: the rules build patterns from the article's own words (names,
    numbers, the words around a blank), several hundred of them each asked many times, and the `re`
    module's own cache (512 patterns) let them be compiled again and again."""
    return re.compile(regex)


def has_form(text: str, form: str) -> bool:
    """A name or phrase in text on word boundaries, case-sensitive ("US" is not in "use").

    The plain substring test first: most forms asked about are absent."""
    return (
        bool(form)
        and form in text
        and compiled(rf"(?<!\w){re.escape(form)}(?!\w)").search(text) is not None
    )


def back_reference(text: str, *, anywhere: bool = False) -> str:
    """The words that point back to something earlier ("the move", "the official", "this"), in the
    claim's subject (before its first verb) or, with `anywhere`, in the whole claim; "" when none.
    A noun the sentence itself specifies ("the shift in policy", "the official at the embassy") or
    names ("the spokesman, Ann Lee,") is not a reference back.
    A claim must read on its own: one whose subject is such a reference is not made at all."""
    end = len(text)
    if not anywhere:
        for m in _SUBJECT_END.finditer(text, 1):
            word = m.group()
            if (
                word in VERB_WORDS
                or word in SPEECH_VERBS
                or (len(word) > 4 and word.endswith("ed"))
            ):
                end = m.start()
                break
        # "Those who took the drug …" says whom it means; "Those figures …" points back.
        first = re.match(r"(?:This|That|These|Those)\b(?! who\b)", text)
        if first:
            return first.group()
    for m in _DETERMINER.finditer(text, 0, end):
        phrase = re.match(r"(?:[a-z-]+ ?){1,3}", text[m.end() : end])
        for noun in re.finditer(r"[a-z-]+", phrase.group() if phrase else ""):
            after = text[m.end() + noun.end() :].lstrip(", ")
            specified = re.match(r"(?:in|of|on|for|to|at) ", after)
            if noun.group() in BACK_NOUNS and not after[:1].isupper() and not specified:
                return text[m.start() : m.end() + noun.end()]
    return ""


_HE = words("he him his himself she her hers herself")
_THEY = words("they them their theirs themselves")
# Entity labels that are no antecedent: "for 13 days nobody knew whether they were alive".
_NOT_ANTECEDENT = frozenset(
    {"DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"}
)
_PRONOUN_TAG = re.compile(
    rf", (?:it|he|she|they) (?:{'|'.join(sorted(SPEECH_VERBS))})\b[^,]*\.$"
)
_UNQUOTED = re.compile(r"“[^”]*”?|\"[^\"]*\"?")
_BOTH = re.compile(r"\bboth (?:the )?[a-z]+s\b")


def unresolved_reference(
    article: Article, sentences: tuple[int, ...], text: str
) -> str:
    """A pronoun or phrase in the claim that points back to something the claim does not name ("None
    of them had diabetes.", "…, it said.", "The court rejected both arguments.", "the larger move"),
    by the parse of its sentences; "" when the claim reads on its own. A pronoun reads on its own
    after a noun it can stand for: "he" after a person or a role, "they" after a plural noun or an
    organisation, "its" or an object "it" after a singular noun. Quoted words are left alone."""
    tag = _PRONOUN_TAG.search(text)
    if tag:
        return tag.group().strip(", .")
    parsed = {
        token.text: token
        for index in sentences
        for token in article.parsed[index].tokens
    }
    back = back_reference(text, anywhere=True)
    if back:
        # A noun by the parse, the head of its phrase: not "the general election", nor the verb
        # of "the findings could change".
        noun = parsed.get(back.split()[-1])
        after = re.match(r" ([\w’'-]+)", text[text.find(back) + len(back) :])
        following = parsed.get(after.group(1)) if after else None
        if (
            noun is not None
            and noun.tag.startswith("NN")
            and not (following is not None and following.tag.startswith("NN"))
        ):
            return back
    plain = _UNQUOTED.sub(" ", text)
    both = _BOTH.search(plain)
    if both and " and " not in plain[: both.start()]:
        return both.group()
    other_than = _ELSE.search(plain)
    if other_than:
        return other_than.group()
    pointing = _pointing_phrase(article, sentences, plain)
    if pointing:
        return pointing
    people = {
        word
        for index in sentences
        for mention in article.mentions[index]
        if mention.kind == PERSON
        for word in mention.surface.split()
    }
    person = plural = singular = False
    previous = ""
    for m in re.finditer(r"[A-Za-z][\w’'-]*", plain):
        word = m.group()
        lower = word.lower()
        if lower in _HE and not person:
            return word
        if lower in _THEY and not plural:
            return word
        if (
            lower == "its" or (lower == "it" and previous in _TAKES_OBJECT)
        ) and not singular:
            return word
        token = parsed.get(word)
        previous = lower
        if lower in ROLE_WORDS or lower in _PERSON_NOUNS or word in people:
            person = singular = True
        if token is None and word[0].isupper() and m.start() > 0:
            # A name the claim brings in (a swapped actor): it may stand for anyone.
            person = plural = singular = True
        # "Salvage teams": a noun that qualifies another is no antecedent of its own.
        if token is None or token.entity in _NOT_ANTECEDENT or token.dep == "compound":
            continue
        if token.entity == "PERSON":
            person = True
        # A team or a country is "they" as often as "it": "Argentina lost their opening match".
        if token.entity in {"ORG", "NORP", "GPE"} or token.tag in {"NNS", "NNPS"}:
            plural = True
        if token.entity in {"ORG", "GPE"} or token.tag in {"NN", "NNP"}:
            singular = True
    return ""


# "No one else was hurt": else than whom, the claim does not say.
_ELSE = re.compile(
    r"\b(?:no one|nobody|nothing|anyone|anybody|anything|everyone|everybody|everything|"
    r"someone|somebody|something) else\b",
    re.IGNORECASE,
)
_POINTING = words("that those these")
# Prepositions whose phrase says which one a noun is ("that work on networks"); "that work with
# the machine" is the work done with it, which the parser may hang on the noun all the same.
_SPECIFYING = words("of on in at for about from by")


def _pointing_phrase(article: Article, sentences: tuple[int, ...], plain: str) -> str:
    """ "built on that work", "Until that moment": a noun that "that", "those" or "these" (a
    determiner, by the parse) points back with, unless a phrase or clause of the noun (by the
    parse) says which ("that work on networks", "those who voted")."""
    for index in sentences:
        tokens = article.parsed[index].tokens
        for token in tokens:
            noun = tokens[token.head]
            if (
                token.text.lower() not in _POINTING
                or token.dep != "det"
                or not noun.tag.startswith("NN")
                or noun.start < token.start
            ):
                continue
            phrase = article.text[token.start : noun.end]
            specified = any(
                tokens[t.head] is noun
                and (
                    t.dep in {"relcl", "acl"}
                    or (t.dep == "prep" and t.text.lower() in _SPECIFYING)
                )
                for t in tokens
            )
            if not specified and has_form(plain, phrase):
                return phrase
    return ""


_PERSON_NOUNS = words(
    "man woman boy girl mother father son daughter wife husband person child patient mr mrs ms dr "
    "sir lord lady"
)
# Words after which "it" is an object, pointing back ("to free it", "for it"); a subject "it" may be
# the empty one of "it was clear that".
_TAKES_OBJECT = words(
    "free save stop hold keep move sell buy use for to with into from about against"
)


def name_forms(article: Article, name: str) -> tuple[str, ...]:
    words = name.split()
    forms = [name]
    if len(words) > 1 and article.surnames.get(words[-1]) == name:
        forms.append(words[-1])
    return tuple(forms)


def is_verb(word: str) -> bool:
    """A word that can follow a subject as its verb: "said", "signed", "has", "leads"."""
    return word in VERB_WORDS or (
        len(word) > 3
        and (word.endswith("ed") or (word.endswith("s") and not word.endswith("ss")))
    )


def citation(article: Article, sentences: tuple[int, ...]) -> Citation:
    start = article.parsed[sentences[0]].sentence.start
    end = article.parsed[sentences[-1]].sentence.end
    return Citation(start, end, article.text[start:end])


def says(quote: str) -> str:
    return (
        f"The article says: “{quote}”"
        if "“" not in quote
        else f"The article says: {quote}"
    )


def quoted_part(text: str, cited: Citation, start: int, end: int) -> str:
    """text[start:end], a part of the citation `cited`, as an explanation quotes it: with "…"
    where it cuts the cited words, none before a part that opens a sentence of its own."""
    before, after = text[cited.start : start].rstrip(), text[end : cited.end]
    opens = not before or (before[-1] in ".!?" and text[start].isupper())
    return ("" if opens else "…") + text[start:end] + ("…" if after.strip() else "")


# "The official said ..." refers to the official a sentence or two before introduced ("a White
# House official confirmed ..."): the claim names them so, and cites from that sentence.
_DEFINITE_ROLE = re.compile(r"The (?P<noun>[a-z]+)\b")
ROLE_LOOKBACK = 2


def _named_role(article: Article, index: int) -> Claim | None:
    text = article.sentence_text(index)
    definite = _DEFINITE_ROLE.match(text)
    if definite is None or definite.group("noun") not in ROLE_WORDS:
        return None
    introduced = re.compile(
        rf"\b[Aa]n? (?P<who>(?:[A-Z][\w-]* )+{definite.group('noun')})\b"
    )
    for previous in range(index - 1, max(-1, index - 1 - ROLE_LOOKBACK), -1):
        found = introduced.findall(article.sentence_text(previous))
        if len(found) != 1:
            continue
        antecedent = f"A {found[0]}"
        cut = definite.end()
        if back_reference(text[cut:], anywhere=True):
            # "The official said the change ...": naming the official leaves "the change" unread.
            return None
        return Claim(
            antecedent + text[cut:],
            tuple(range(previous, index + 1)),
            antecedent,
            cut,
            resolved=f"“{definite.group()}” read as “{antecedent}”",
        )
    return None


_OF_THEM = re.compile(r"(?P<part>(?:[A-Z][a-z]+)(?: [a-z]+)?) of them\b")


def _of_them(article: Article, index: int) -> Claim | None:
    """ "None of them had diabetes." after "The trial followed 500 adults ...": "None of the adults
    had diabetes.", citing both sentences. The one plural noun the sentence before has as its
    subject or object is what "them" stands for; None when there is not exactly one."""
    text = article.sentence_text(index)
    m = _OF_THEM.match(text)
    previous = index - 1
    # "None of them had diabetes. Half of them were ...": both stand for the noun of the sentence
    # before the first, cited with them.
    while previous >= 0 and _OF_THEM.match(article.sentence_text(previous)):
        previous -= 1
    if m is None or previous < 0:
        return None
    tokens = article.parsed[previous].tokens
    groups = {
        # "Family members" -> "the family members": the noun with the nouns that qualify it.
        " ".join(
            c.text if c.pos == "PROPN" else c.text.lower()
            for c in tokens
            if c is t or (c.dep == "compound" and tokens[c.head] is t)
        )
        for t in tokens
        if t.tag == "NNS"
        and t.dep in {"nsubj", "nsubjpass", "dobj"}
        and t.entity not in _NOT_ANTECEDENT
    }
    if len(groups) != 1:
        return None
    antecedent = f"{m.group('part')} of the {groups.pop()}"
    return Claim(
        antecedent + text[m.end() :],
        tuple(range(previous, index + 1)),
        antecedent,
        m.end(),
        resolved=f"“{m.group()}” read as “{antecedent}”",
    )


# "Their first title came in 1978." after "It was Argentina's first world title since 1986.": the
# possessive stands for whoever the sentence before gave the same noun to.
_POSSESSIVE_PERSON = {"his": True, "her": True, "its": False, "their": None}


def _same_possessor(article: Article, index: int) -> Claim | None:
    """A sentence opening with a possessive ("Their first title …") whose noun the sentence before
    gives to someone ("Argentina's first world title"): the claim names them ("Argentina's first
    title came in 1978."), citing both sentences. "his" and "her" stand for a person only, "its"
    for anything else; None unless exactly one possessor of that noun, a name or a noun, is found."""
    tokens = article.parsed[index].tokens
    previous = index - 1
    if (
        len(tokens) < 3
        or tokens[0].tag != "PRP$"
        or tokens[0].text.lower() not in _POSSESSIVE_PERSON
        or previous < 0
        or article.parsed[previous].sentence.paragraph
        != article.parsed[index].sentence.paragraph
    ):
        return None
    person = _POSSESSIVE_PERSON[tokens[0].text.lower()]
    noun = tokens[tokens[0].head]
    before = article.parsed[previous].tokens
    found = set()
    for owner in before:
        owned = before[owner.head]
        marker = next(
            (t for t in before if before[t.head] is owner and t.tag == "POS"), None
        )
        if (
            owner.dep != "poss"
            or marker is None
            or owner.tag not in {"NN", "NNS", "NNP", "NNPS"}
            or not owned.tag.startswith("NN")
            or owned.lemma.lower() != noun.lemma.lower()
            or (person is not None and (owner.entity == "PERSON") != person)
        ):
            continue
        # The possessor with the words that qualify it ("Lionel Messi's", "the club's").
        first = min(
            (
                t
                for t in before
                if before[t.head] is owner and t.dep in {"compound", "det"}
            ),
            key=lambda t: t.start,
            default=owner,
        )
        found.add(article.text[first.start : marker.end])
    if len(found) != 1:
        return None
    antecedent = found.pop()
    antecedent = antecedent[0].upper() + antecedent[1:]
    text = article.sentence_text(index)
    cut = len(tokens[0].text)
    return _read_as(antecedent, tokens[0].text, text, cut, (previous, index))


def _read_as(
    antecedent: str,
    word: str,
    text: str,
    cut: int,
    sentences: tuple[int, int],
    *,
    kept: str = "",
) -> Claim:
    """The sentence with its opening words up to `cut` (`kept`, then `word`, a pronoun or
    possessive) read with `word` replaced by what it stands for, citing the sentence before too."""
    return Claim(
        kept + antecedent + text[cut:],
        sentences,
        kept + antecedent,
        cut,
        resolved=f"“{word}” read as “{antecedent}”",
    )


def _root_subject(tokens: tuple[Token, ...]) -> Token | None:
    """The subject of the sentence's main verb, by the parse."""
    return next(
        (
            t
            for t in tokens
            if t.dep in {"nsubj", "nsubjpass"} and tokens[t.head].dep == "ROOT"
        ),
        None,
    )


def _pronoun_subject(article: Article, index: int, pronouns: set[str]) -> Token | None:
    """The subject of the sentence's main verb when it is one of `pronouns` and the sentence before,
    which it may stand for, is in the same paragraph; None otherwise."""
    parsed = article.parsed[index]
    subject = _root_subject(parsed.tokens)
    if (
        subject is None
        or subject.text.lower() not in pronouns
        or index == 0
        or article.parsed[index - 1].sentence.paragraph != parsed.sentence.paragraph
    ):
        return None
    return subject


def _subject_read_as(
    article: Article, index: int, subject: Token, antecedent: str
) -> Claim:
    """The sentence with its pronoun `subject` read as `antecedent` (capitalised where it opens the
    sentence), the words before it kept, citing the sentence before too."""
    parsed = article.parsed[index]
    text = parsed.sentence.text
    start = subject.start - parsed.sentence.start
    cut = subject.end - parsed.sentence.start
    if start == 0:
        antecedent = antecedent[0].upper() + antecedent[1:]
    return _read_as(
        antecedent, text[start:cut], text, cut, (index - 1, index), kept=text[:start]
    )


def _after_opening_phrase(article: Article, index: int) -> Claim | None:
    """ "In November he scored in 11 matches in a row." after "Vardy has scored 22 goals.": a
    "he" or "she" subject after an opening phrase naming no one reads as the one person the
    sentence before names ("In November Jamie Vardy scored …"), citing both; None otherwise."""
    tokens = article.parsed[index].tokens
    subject = _pronoun_subject(article, index, {"he", "she"})
    if subject is None or subject is tokens[0]:
        return None
    opening = tokens[: tokens.index(subject)]
    if any(t.entity == "PERSON" or t.text.lower() in _PERSON_NOUNS for t in opening):
        return None
    people = {m.name for m in article.mentions[index - 1] if m.kind == PERSON}
    if len(people) != 1:
        return None
    return _subject_read_as(article, index, subject, people.pop())


def _they_as_the_plural(article: Article, index: int) -> Claim | None:
    """ "In a normal spring they hold about 60% of their capacity." after "The reservoirs … were
    only 21% full, officials said.": a "they" subject of the sentence's main verb reads as the one
    plural noun the sentence before has as the subject or object of its main statement (what was
    said, when its main verb is one of saying, not who said it), citing both: "In a normal spring
    the reservoirs hold …". None when that sentence has no such noun or more than one ("Police
    arrested two men. They were …" names no one)."""
    subject = _pronoun_subject(article, index, {"they"})
    if subject is None:
        return None
    before = article.parsed[index - 1].tokens
    root = next((t for t in before if t.dep == "ROOT"), None)
    if root is None:
        return None
    stated = {before.index(root)}
    if root.text.lower() in SPEECH_VERBS:
        stated = {
            k
            for k, t in enumerate(before)
            if t.dep == "ccomp" and before[t.head] is root
        }
    nouns = [
        t
        for t in before
        if t.dep in {"nsubj", "nsubjpass", "dobj"}
        and t.head in stated
        and t.tag.startswith("NN")
        and t.entity not in _NOT_ANTECEDENT
    ]
    if len(nouns) != 1 or nouns[0].tag not in {"NNS", "NNPS"}:
        return None
    # The noun with the nouns that qualify it ("desalination plants").
    group = " ".join(
        c.text if c.pos == "PROPN" else c.text.lower()
        for c in before
        if c is nouns[0] or (c.dep == "compound" and before[c.head] is nouns[0])
    )
    return _subject_read_as(article, index, subject, f"the {group}")


def _named_subject(parsed: ParsedSentence) -> str:
    """ "The trial, called Select, followed ..." -> "The trial": a short subject ("the" and its
    noun) that an aside names, which a following "Its" stands for."""
    tokens = parsed.tokens
    if (
        len(tokens) > 3
        and tokens[0].text == "The"
        and tokens[1].tag == "NN"
        and tokens[1].dep in {"nsubj", "nsubjpass"}
        and tokens[tokens[1].head].dep == "ROOT"
        and tokens[2].text == ","
    ):
        return f"The {tokens[1].text}"
    return ""


# "2020: North Macedonia, which ...": a line of a list, not a sentence to make a claim of (other
# questions may still ask for its details).
_LIST_ITEM = re.compile(r"[\w’'-]+(?: [\w’'-]+){0,2}: ")


def is_list_line(text: str) -> bool:
    return _LIST_ITEM.match(text) is not None


def make_claim(article: Article, index: int) -> Claim | None:
    """The sentence as a stand-alone claim, or None when a leading pronoun has no clear antecedent."""
    sentence = article.parsed[index].sentence
    text = sentence.text
    if text[0] in "“\"‘'":
        return None
    head, cut = "", 0
    for conjunction in _CONJUNCTIONS:
        if text.startswith(conjunction) and text[len(conjunction)].isalpha():
            cut = len(conjunction)
            head = text[cut].upper()
            cut += 1
            break
    if not head:
        named = _named_role(article, index)
        if named is not None:
            return named
    if not head:
        counted = _of_them(article, index)
        if counted is not None:
            return counted
    if not head:
        owned = _same_possessor(article, index)
        if owned is not None:
            return owned
    first = re.match(r"[A-Za-z]+", text[cut - len(head) if head else 0 :])
    word = first.group().lower() if first else ""
    those_who = re.match(r"[Tt]hose who\b", text[cut - len(head) if head else 0 :])
    if (
        word in {"they", "them", "this", "these", "those", "we", "i", "you"}
        and not those_who
    ):
        return None if head else _they_as_the_plural(article, index)
    if word not in _PRONOUNS:
        opened = (
            None
            if head
            else _after_opening_phrase(article, index)
            or _they_as_the_plural(article, index)
        )
        made = opened or Claim(head + text[cut:], (index,), head, cut)
        return _the_deed_read(article, index, made) or made
    previous = index - 1
    if (
        previous < 0
        or article.parsed[previous].sentence.paragraph != sentence.paragraph
    ):
        return None
    if _PRONOUNS[word] == PERSON:
        people = [m for m in article.mentions[previous] if m.kind == PERSON]
        if not people or len({m.name for m in people}) > 1:
            return None
        antecedent = people[-1].name + ("’s" if word in {"his", "her"} else "")
    else:
        subject = (
            leading_subject(article.sentence_text(previous))
            or (parsed_subject(article.parsed[previous]) if word == "it" else "")
            or (_named_subject(article.parsed[previous]) if word == "its" else "")
        )
        if not subject:
            return None
        antecedent = subject + ("’s" if word == "its" else "")
    start = text.lower().find(word)
    cut = start + len(word)
    return _read_as(antecedent, text[start:cut], text, cut, (previous, index))


# Nouns that name a deed the sentence before told as a gerund clause ("closing the bridge to cars
# would cut traffic …" -> "the move").
DEED_NOUNS = words("move change decision step shift measure")
_THE_DEED = re.compile(rf"\b[Tt]he (?P<noun>{'|'.join(sorted(DEED_NOUNS))})\b")
_SAID_BY_THE = re.compile(r", the (?P<noun>[a-z]+) said,")
# How many sentences back a role "the official" may have been introduced ("a City Hall official").
ROLE_INTRO_LOOKBACK = 4


def read_alone(article: Article, index: int, text: str) -> tuple[str, int, str] | None:
    """`text`, a claim on the sentence `index`, with its one "the move" read as the one gerund
    clause the sentence before has for a subject ("closing the bridge to cars"), and an
    attribution ", the official said," as the one official a sentence shortly before introduced
    (", a City Hall official said,"); with the first sentence it now draws on. None when it has
    no such "the move", or something it cannot read so."""
    deeds = list(_THE_DEED.finditer(text))
    previous = index - 1
    sentence = article.parsed[index].sentence
    if (
        len(deeds) != 1
        or previous < 0
        or article.parsed[previous].sentence.paragraph != sentence.paragraph
    ):
        return None
    tokens = article.parsed[previous].tokens
    clauses = [
        (position, subtree(tokens, position))
        for position, token in enumerate(tokens)
        if token.tag == "VBG" and token.dep in {"csubj", "nsubj"}
    ]
    if len(clauses) != 1 or clauses[0][1][0] != clauses[0][0]:
        return None
    under = clauses[0][1]
    if len(under) != under[-1] - under[0] + 1:
        return None
    deed = article.text[tokens[under[0]].start : tokens[under[-1]].end]
    if back_reference(deed, anywhere=True) or re.search(r"[“”\"]", deed):
        return None
    deed = deed[0].lower() + deed[1:]
    found = deeds[0]
    if found.start() == 0:
        deed = deed[0].upper() + deed[1:]
    text = text[: found.start()] + deed + text[found.end() :]
    first = previous
    said = _SAID_BY_THE.search(text)
    if said is not None and said.group("noun") in ROLE_WORDS:
        noun = said.group("noun")
        introduced = re.compile(rf"\b[Aa]n? (?P<who>(?:[A-Z][\w-]* )+{noun})\b")
        intro = next(
            (
                (i, found_in)
                for i in range(previous, max(-1, previous - ROLE_INTRO_LOOKBACK), -1)
                if len(found_in := introduced.findall(article.sentence_text(i))) == 1
            ),
            None,
        )
        if intro is None:
            return None
        first = intro[0]
        text = text[: said.start()] + f", a {intro[1][0]} said," + text[said.end() :]
    if back_reference(text, anywhere=True):
        return None
    return text, first, deed


def _the_deed_read(article: Article, index: int, claim: Claim) -> Claim | None:
    """The claim with its "the move" read by `read_alone`, citing from the sentence it draws on;
    None when it has none to read so. The changed words are taken into its head, so that its
    positions after them still map onto the sentence."""
    the_deed = _THE_DEED.search(claim.text)
    if (
        claim.sentences != (index,)
        or the_deed is None
        or not back_reference(claim.text)
    ):
        return None
    read = read_alone(article, index, claim.text)
    if read is None:
        return None
    text, first, deed = read
    sentence = article.parsed[index].sentence.text
    same = 0
    while (
        same < min(len(text), len(sentence)) and text[-1 - same] == sentence[-1 - same]
    ):
        same += 1
    head, cut = text[: len(text) - same], len(sentence) - same
    return Claim(
        text,
        tuple(range(first, index + 1)),
        head,
        cut,
        resolved=f"“the {the_deed.group('noun')}” read as “{deed}”",
    )


# "He added that …", "…, she continued.": a verb that goes on from words said before. A claim stands
# alone, so it says what was said ("added" to what?). Only with "that" or a colon, or closing an
# attribution after a comma: "the economy added 150,000 jobs" and "the fighting continued." are no
# speech.
_GOES_ON = re.compile(
    r"\b(?P<verb>added|adds|continued|continues|went on to say|goes on to say)(?= that\b|:)"
    r"|(?<=[,”\"] )(?P<tag>(?:[\w’'.-]+ ){1,4}(?:added|adds|continued|continues))(?=\.[”\"]?$)"
)
_SAID_INSTEAD = {"adds": "says", "continues": "says", "goes on to say": "says"}


def said_alone(text: str) -> str:
    """The claim with a verb of continuation ("added", "continued", "went on to say") as "said"."""

    def said(match: re.Match[str]) -> str:
        if match.group("verb"):
            return _SAID_INSTEAD.get(match.group("verb"), "said")
        who, verb = match.group("tag").rsplit(" ", 1)
        return f"{who} {_SAID_INSTEAD.get(verb, 'said')}"

    return _GOES_ON.sub(said, text)


# "It was the first dissent by a Fed governor since 2005." / "It was Argentina's first title since
# 1986": "it" is the event the article has just reported, and the sentence says what that event was.
_EVENT_IS = re.compile(
    r"It (?:was|is|has been) (?:the|a|an|its|their|[A-Z][\w-]*[’']s) "
)


def event_sentence(article: Article, index: int) -> Claim | None:
    """A sentence that says what the reported event was ("It was the first … since 2005"), as it
    stands: a stem quoting it reads, as the quiz is about that event, though no claim can be made
    of it (its "it" has no antecedent to name). None for any other sentence."""
    text = article.sentence_text(index)
    if not _EVENT_IS.match(text):
        return None
    return Claim(text, (index,), "", 0)


_CLAUSE_START = re.compile(r"(?:,? and|,? but|, while|, so|, as|;) (?=\w)")
_FIRST_CLAUSE_END = re.compile(r"(?:, and|, but|, while|, so|, as|;) (?=\w)")
_ATTRIBUTION = SPEECH_VERBS | words("confirmed reported")
# "..., Mr Lee told reporters." / "..., the official said.": the whole sentence is what was said.
_ATTRIBUTION_TAG = re.compile(
    r", (?:[\w’'-]+ ){1,5}(?:said|says|told|added|adds|wrote|warned|argued|insisted)\b[^,]{0,30}\.[”\"]?$"
)
_NOT_SUBJECT = words(
    "it its he his she her they their them this that these those we i you there who which what "
    "when where as if"
)
MIN_CLAUSE_WORDS = 6


def clause_claims(article: Article, index: int, *, whole: bool = True) -> list[Claim]:
    """The main clauses of a long sentence as claims, each citing the whole sentence: the first
    ("X said A, as B." -> "X said A."; only when the sentence can stand as a claim, `whole`) and
    the later ones ("He has warned X, and the agency is rushing to Y." -> "The agency is rushing
    to Y."). A claim on one clause leaves the other clause's names to other questions. A later
    clause must have its own subject (a noun phrase, not a pronoun) followed by a verb, and its
    own attribution when the first clause reports speech (it might still be what was said)."""
    text = article.sentence_text(index)
    found: list[Claim] = []
    first = _FIRST_CLAUSE_END.search(text)
    tagged = _ATTRIBUTION_TAG.search(text) is not None
    if whole and first and text[0].isupper() and not tagged:
        head = text[: first.start()].rstrip(",")
        if (
            len(head.split()) >= MIN_CLAUSE_WORDS
            and head.count("“") == head.count("”")
            and head.count('"') % 2 == 0
            and any(is_verb(w) for w in head.split()[1:])
            and not back_reference(head)
        ):
            found.append(Claim(head + ".", (index,), "", 0, clause=True))
    for m in _CLAUSE_START.finditer(text):
        if (
            set(re.findall(r"[a-z]+", text[: m.start()])) & SPEECH_VERBS
            and not set(re.findall(r"[a-z]+", text[m.end() :])) & _ATTRIBUTION
        ):
            continue
        start = m.end()
        rest = text[start:]
        tokens = rest.split()
        if (
            len(tokens) < MIN_CLAUSE_WORDS
            or tokens[0].lower() in _NOT_SUBJECT
            or not (
                tokens[0][0].isupper()
                or tokens[0] in {"the", "a", "an"}
                or _plural_subject(article, index, start)
            )
            or rest.count("“") != rest.count("”")
            or rest.count('"') % 2
        ):
            continue
        verb = next(
            (
                k
                for k, w in enumerate(tokens[1:5], 1)
                if is_verb(w.strip(",")) and w.islower()
            ),
            0,
        )
        if (
            not verb
            or any(
                # "and a sandstorm, and came to rest": the subject is a noun phrase, not two.
                w.lower() in _NOT_SUBJECT
                or w.endswith(",")
                or w in {"and", "or", "but"}
                for w in tokens[:verb]
            )
            or _subject_before(article.parsed[index], start)
        ):
            continue
        claim = Claim(
            rest[0].upper() + rest[1:],
            (index,),
            rest[0].upper(),
            start + 1,
            clause=True,
        )
        if back_reference(claim.text, anywhere=True):
            continue
        found.append(claim)
    return found


def _subject_before(parsed: ParsedSentence, start: int) -> bool:
    """Whether the first verb from `start` on has its subject before `start`, by the parse:
    "Russia and Norway share …" read from "Norway" is no clause of its own."""
    at = parsed.sentence.start + start
    tokens = parsed.tokens
    verb = next(
        (p for p, t in enumerate(tokens) if t.start >= at and t.pos in {"VERB", "AUX"}),
        None,
    )
    if verb is None:
        return False
    if tokens[verb].dep in {"aux", "auxpass"}:
        verb = tokens[verb].head
    return any(
        t.head == verb and t.dep in {"nsubj", "nsubjpass"} and t.start < at
        for t in tokens
    )


def _plural_subject(article: Article, index: int, start: int) -> bool:
    """Whether the word at `start` of sentence `index` is a bare plural noun the parser reads as
    the subject of a verb of speech ("…, and officials said Egypt could seek compensation"): such a
    clause, with its own attribution, stands as a claim of its own, which a question on the first
    clause neither shows nor settles."""
    parsed = article.parsed[index]
    at = parsed.sentence.start + start
    return any(
        t.start == at
        and t.tag == "NNS"
        and t.dep == "nsubj"
        and parsed.tokens[t.head].text.lower() in SPEECH_VERBS
        # What was said, not "employers added 142,000 jobs".
        and any(u.head == t.head and u.dep == "ccomp" for u in parsed.tokens)
        for t in parsed.tokens
    )


_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_ASIDES = (
    re.compile(
        rf"^(?:On|Last|This) (?:{_DAYS})(?: (?:morning|afternoon|evening|night))?, "
    ),
    re.compile(
        rf"(?<!early)(?<!late) on (?:{_DAYS})(?! (?:morning|afternoon|evening|night))(?= [a-z])"
    ),
    # ", in place since 1997," / ", 76," / ", who took charge in 2018,": an aside, not the verb.
    re.compile(
        r", (?=[^,“”\"]*\d)(?=\d|(?:in|its|their|his|her|who|which|aged|now|since|then|up|down|"
        r"the|a|an|about|around|some|nearly|almost|more|less|over|under)\b)"
        r"(?:[^,“”\"\s]+ ){0,7}[^,“”\"\s]+,(?= [a-z])"
    ),
)


def reduced_claims(article: Article, index: int, claim: Claim) -> list[Claim]:
    """The claim without an aside that states a number or day ("The treaty, in place since 1997,
    aimed to ban mines." -> "The treaty aimed to ban mines."; "On Monday, X said Y." -> "X said
    Y."): a supported claim that leaves the number to the question that asks for it."""
    found: list[Claim] = []
    for pattern in _ASIDES:
        m = pattern.search(claim.text)
        if not m:
            continue
        aside = m.group().strip(", ").split()
        if len(aside) > 2 and aside[0][0].isdigit():
            # ", 89% chose the ban,": a clause that says it all, not an aside like ", 76,".
            continue
        if re.match(r" (?:that|which|who)\b", claim.text[m.end() :]):
            # "a consultation held on Sunday that made ...": without the day, "held that made".
            continue
        rest = claim.text[m.end() :]
        # "…only 21% full, the lowest level since 1990, officials said.": the comma before the
        # attribution stays when the aside between goes.
        joint = "," if _ATTRIBUTION_TAG.match("," + rest) else ""
        text = claim.text[: m.start()] + joint + rest
        if m.start() == 0 or claim.text[: m.start()].endswith(("“", '"')):
            text = text[: m.start()] + text[m.start()].upper() + text[m.start() + 1 :]
        if text[0].islower() or len(text.split()) < MIN_CLAUSE_WORDS:
            continue
        if back_reference(text) or text == claim.text:
            continue
        found.append(
            Claim(text, claim.sentences, claim.head, claim.cut, claim.resolved, True)
        )
    return found


# A court's or a panel's finding with its day: "The court ruled on Tuesday that X".
_RULED_ON = re.compile(
    rf"\b(?:ruled|found|decided|concluded) (?P<day>on (?:{_DAYS}) )that\b"
)
# How long something was done for ("to suspend Parliament for five weeks was unlawful"), before a
# verb or the end of a clause: what was done for five weeks was done, so the claim without it
# still holds. Not "for two years running", "for three months of the year".
_DURATION = re.compile(
    r" for (?:\d+|"
    + "|".join(sorted(w for w, v in NUMBER_WORDS.items() if 1 < v <= 12))
    + r") (?:hours|days|weeks|months|years|decades)"
    r"(?=[,.;]| (?:was|were|is|are|had|has|have|would|will)\b)"
)


def ruled_claim(article: Article, index: int, claim: Claim) -> Claim | None:
    """What a court (or a panel) found, stated without the day it ruled and how long what it
    judged went on ("The court ruled on Tuesday that the decision to close the library for six
    months was unlawful" -> "The court ruled that the decision to close the library was
    unlawful"): the finding is what a reader is asked first, and the day and the length are left
    to the questions that ask them. (`reduced_claims` leaves a day before "that" alone: "held on
    Sunday that made" would hang; after a verb of judging, "that" opens what was found.)"""
    m = _RULED_ON.search(claim.text)
    if m is None:
        return None
    text = claim.text[: m.start("day")] + claim.text[m.end("day") :]
    text = _DURATION.sub("", text, count=1)
    if len(text.split()) < MIN_CLAUSE_WORDS or back_reference(text):
        return None
    return Claim(text, claim.sentences, claim.head, claim.cut, claim.resolved, True)


_SAID_BEFORE = re.compile(
    r"^(?P<who>[A-Z][^,“”\"]{0,60}?)(?P<aside>, [a-z][^,“”\"]{1,60},)?"
    r" (?P<verb>said|says|reported|confirmed|announced|warned)"
    r" (?:that )?(?P<what>[A-Za-z][^“”\"]+)\.$"
)
# "X said A, and questioned B" / "X said A, and that B": the second part is X's, and would lose
# its subject ("..., and that B, X said").
_OPENS_A_PHRASE = words(
    "on in at by during after before since for from with last this early late"
)
_COORDINATED = re.compile(r",? (?:and|but) (?:[a-z]+ed|that)\b")
_SAID_AFTER = re.compile(
    r"^(?P<what>[A-Z][^“”\"]+), (?P<who>(?:the |a )?(?:[A-Za-z][\w’'-]* ){0,4}[A-Za-z][\w’'-]*) (?:said|told [A-Z]\w+)\.$"
)


# Words that open a clause inside the rest of a sentence: an adverbial moved after it would seem to
# belong to that clause ("..., ruling that the matter was political in London").
_SUBORDINATE = words(
    "that which who whom whose because while when where although though if as until since after "
    "before than"
)
_LEADING_ADVERBIAL = re.compile(
    r"^(?P<lead>(?:In|On|After|Before|During|Since|By|At|Last|Earlier|Later|Until|Within|Over)"
    r" [^,“”\"]{2,50}), (?P<rest>[^“”\"]+)\.$"
)
_SMALL_NUMBER = re.compile(r"(?<![\w.,$£€])(?P<n>[2-9]|1[0-2]) (?=[a-z]+s\b)")
_DIGIT_WORDS = {str(value): word for word, value in NUMBER_WORDS.items()}
_PERCENT_SIGN = re.compile(r"(?<=\d)%")
_PER_CENT = re.compile(r"(?<=\d) per ?cent\b")
# "$275m" for "$275 million" is how news writes money; "11m kilometres" reads as metres.
_MILLIONS = re.compile(r"(?P<amount>[$£€][\d.,]*\d) (?P<scale>million|billion)\b")


# Entity labels of names, which keep their capital in mid-sentence ("Russian journalists").
_NAME_ENTITIES = frozenset(
    {
        "PERSON",
        "NORP",
        "ORG",
        "GPE",
        "LOC",
        "FAC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
    }
)


def proper_words(article: Article, sentences: tuple[int, ...]) -> frozenset[str]:
    """The words of these sentences that keep their capital anywhere in a sentence: those the parse
    tags proper nouns or parts of a name, those the article capitalises in mid-sentence, and a
    capitalised word that qualifies a proper noun ("Anders" of "Anders Irback")."""
    found = set()
    for index in sentences:
        tokens = article.parsed[index].tokens
        for position, token in enumerate(tokens):
            if (
                token.pos == "PROPN"
                or token.entity in _NAME_ENTITIES
                or (position > 0 and token.text[:1].isupper())
                # "Anders Irback said": a first name the tagger misreads as a plural noun still
                # qualifies the surname after it.
                or (
                    token.dep == "compound"
                    and token.text[:1].isupper()
                    and tokens[token.head].pos == "PROPN"
                )
            ):
                found.add(token.text)
    return frozenset(found)


# A claim this long says enough that a reader must check it, even without a name or number.
DETAILED_WORDS = 13


def has_detail(article: Article, sentences: tuple[int, ...], claim: str) -> bool:
    """The claim holds a detail a reader must check: a name, number or date (by the parse of its
    sentences), a digit, quoted words, or many words. "Side effects were common." has none, and
    anyone guesses it true."""
    words_ = re.findall(r"[\w’'-]+", claim)
    if (
        re.search(r"\d|[“\"]", claim)
        or len(words_) >= DETAILED_WORDS
        # "None of the participants had diabetes": a number in words is a detail too.
        or any(
            w.lower() in NUMBER_WORDS or w.lower() in {"none", "half"} for w in words_
        )
    ):
        return True
    named = {
        token.text
        for index in sentences
        for token in article.parsed[index].tokens
        if token.entity or token.pos == "PROPN"
    }
    return any(word in named for word in words_)


def _joined_by_and(tokens: tuple[Token, ...], first: Mention, second: Mention) -> bool:
    """Whether the parse makes the second name a conjunct of the first ("Kane and Son"), and a
    verb after the pair has the pair for its subject: the parse may join "for Rovers and Price"
    in "… for Rovers and Price curled in the equaliser", where "Price" starts a clause."""
    firsts = span_roots(tokens, first.start, first.end)
    seconds = span_roots(tokens, second.start, second.end)
    joined = any(
        t.dep == "conj" and first.start <= tokens[t.head].start < first.end
        for t in seconds
    )
    after = next((t for t in tokens if t.start >= second.end), None)
    if after is not None and after.tag in _FINITE_TAGS:
        return joined and any(t.dep in {"nsubj", "nsubjpass"} for t in firsts)
    return joined


# Tags of a verb that can open a clause of its own after a name ("… and Price curled …").
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


@kept_for_last_article
def capitalised_mid_sentence(article: Article) -> frozenset[str]:
    """The words the article writes with a capital inside a sentence ("for Rovers"): a name,
    though the parse may tag it a common noun where it opens a sentence ("Rovers won …")."""
    return frozenset(
        token.text
        for parsed in article.parsed
        for before, token in zip(parsed.tokens, parsed.tokens[1:], strict=False)
        # After a word or a comma: not a quote's or a colon's first word ("said: “We …").
        # Not "The" of "in The Lancet": the name is the word after it.
        if (before.text[:1].isalnum() or before.text == ",")
        and token.pos != "DET"
        and token.text[:1].isupper()
        and token.text[1:].islower()
    )


def _sentence_case(text: str) -> str:
    """A clause moved to the front of a sentence: its first word capitalised."""
    return text[0].upper() + text[1:]


def _moved_to_the_end(text: str, proper: frozenset[str]) -> str:
    """A clause moved after another: lower case ("Officials said" -> "..., officials said"), unless
    it starts with a word the parse tags a proper noun, "I" or an acronym."""
    # "Labour's Rachel Reeves": the name before its possessive is the word the parse tagged.
    first = re.sub(r"[’']s$", "", text.split()[0])
    # "US" is "us" in the stop words, but an acronym keeps its capitals.
    if first in proper or first == "I" or first[1:] != first[1:].lower():
        return text
    return text[0].lower() + text[1:]


_SPEAKER_WORDS = (
    words(
        "the a an of for at in officials official spokesman spokeswoman journalists reporters "
        "analysts experts scientists researchers"
    )
    | MODIFIERS
)


def _is_speaker(who: str) -> bool:
    """ "The Fed chair", "US officials", "Ms Lee": names, roles and their small words, no verb."""
    return all(w[0].isupper() or w.lower() in _SPEAKER_WORDS for w in who.split())


def reworded(claim: str, *, proper: frozenset[str]) -> str:
    """A true claim in other words than the article's, so that "true if it stands word for word in
    the article" fails: the attribution moved ("X said Y." -> "According to X, Y."), a leading
    adverbial moved to the end, or a number written another way (7 -> seven, 5% -> 5 per cent,
    $4 billion -> $4bn). Names, numbers (by value) and polarity are unchanged; the gates check the
    numbers against the cited text. `proper`: the words the parse tags proper nouns, which keep
    their capital when moved. The claim itself when none applies."""
    said = _SAID_BEFORE.match(claim) or _SAID_AFTER.match(claim)
    if (
        said
        and _is_speaker(said.group("who"))
        # "X said A, and questioned B": the second verb is X's, and would lose its subject.
        and not _COORDINATED.search(said.group("what"))
        # "The US said it will ...": "It will ..., the US said." would open on a pronoun; "X said on
        # Tuesday that ..." would open on "On Tuesday that".
        and said.group("what").split()[0].lower() not in _NOT_SUBJECT | _OPENS_A_PHRASE
    ):
        who, what = said.group("who"), said.group("what")
        if said.re is _SAID_BEFORE:
            verb = said.group("verb")
            if said.group("aside"):
                # "Ann Lee, a member of the board, said A." -> "A, said Ann Lee, a member of the
                # board.": the speaker keeps the aside that says who she is.
                speaker = _moved_to_the_end(who, proper) + said.group("aside").rstrip(
                    ","
                )
                return f"{_sentence_case(what)}, {verb} {speaker}."
            return f"{_sentence_case(what)}, {_moved_to_the_end(who, proper)} {verb}."
        return f"{_sentence_case(who)} said {_moved_to_the_end(what, proper)}."
    lead = _LEADING_ADVERBIAL.match(claim)
    if (
        lead
        and len(lead.group("rest").split()) >= 4
        and not set(re.findall(r"[a-z]+", lead.group("rest"))) & _SUBORDINATE
    ):
        rest, moved = lead.group("rest"), lead.group("lead")
        # "…its companion, Didymos, before the impact": an appositive at the end is closed.
        joint = ", " if "," in rest else " "
        return f"{_sentence_case(rest)}{joint}{_moved_to_the_end(moved, proper)}."
    return renumbered(claim)


# "23 March" <-> "March 23", the order news on either side of the Atlantic writes a date in.
_MONTH_NAMES = "|".join(sorted(m.capitalize() for m in MONTHS))
_DAY_MONTH = re.compile(
    rf"(?<![\w,])(?P<day>[1-9]|[12]\d|3[01]) (?P<month>{_MONTH_NAMES})(?: (?P<year>\d{{4}}))?(?![\w-])"
)
_MONTH_DAY = re.compile(
    rf"(?<![\w-])(?P<month>{_MONTH_NAMES}) (?P<day>[1-9]|[12]\d|3[01])(?:, (?P<year>\d{{4}}))?(?![\w:.,]\d|\d)"
)
# Words of approximation before a figure, each with another that says the same: "about 15
# minutes" is "around 15 minutes", "more than 400 vessels" "over 400 vessels".
_APPROXIMATELY = {
    "about": "around",
    "around": "about",
    "roughly": "about",
    "nearly": "almost",
    "almost": "nearly",
    "more than": "over",
    "less than": "under",
}
_APPROXIMATE = re.compile(
    rf"\b(?P<word>{'|'.join(_APPROXIMATELY)}) (?=[$£€]?\d)", re.IGNORECASE
)


def _other_approximation(m: re.Match[str]) -> str:
    word = m.group("word")
    other = _APPROXIMATELY[word.lower()]
    return (other.capitalize() if word[0].isupper() else other) + " "


def renumbered(claim: str) -> str:
    """The claim with its numbers written another way, each change once: a date's day and month
    the other way round ("23 March" -> "March 23"), a word of approximation before a figure
    replaced by one that says the same ("about 15" -> "around 15"), a small count in words (7 ->
    seven), "%" <-> "per cent", "$4 million" -> "$4m". The values are unchanged, and the claim no
    longer stands word for word in the article. The claim itself when it has no such number."""
    changed = claim
    # Each group changes one number at most, by its first pattern that applies: "23 March" made
    # "March 23" is not made "23 March" again.
    for group in _RENUMBERINGS:
        for pattern, replace in group:
            once = pattern.sub(replace, changed, count=1)
            if once != changed:
                changed = once
                break
    return changed


_Rewrite = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]
_RENUMBERINGS: tuple[tuple[_Rewrite, ...], ...] = (
    (
        (
            _DAY_MONTH,
            # "on April 4, 1949, in Washington": a year after the day is set off by commas.
            lambda m: (
                f"{m.group('month')} {m.group('day')}"
                + (f", {m.group('year')}" if m.group("year") else "")
                + (
                    ","
                    if m.group("year") and m.string[m.end() : m.end() + 1] == " "
                    else ""
                )
            ),
        ),
        (
            _MONTH_DAY,
            lambda m: (
                f"{m.group('day')} {m.group('month')}"
                + (f" {m.group('year')}" if m.group("year") else "")
            ),
        ),
    ),
    ((_APPROXIMATE, _other_approximation),),
    ((_SMALL_NUMBER, lambda m: _DIGIT_WORDS[m.group("n")] + " "),),
    ((_PER_CENT, lambda m: "%"), (_PERCENT_SIGN, lambda m: " per cent")),
    (
        (
            _MILLIONS,
            lambda m: (
                m.group("amount") + ("m" if m.group("scale") == "million" else "bn")
            ),
        ),
    ),
)


def toggled_that(claim: str) -> str:
    """The last rewording: the "that" after a verb of saying added or left out ("said it would" <->
    "said that it would"); the claim says the same. Not where a second "that" clause follows
    ("argued A, and that B" needs both). The claim itself when it reports nothing."""
    with_that = (
        _REPORTED_THAT.sub(r"\g<verb> ", claim, count=1)
        if claim.count(" that ") == 1
        else claim
    )
    if with_that == claim:
        with_that = _REPORTED_BARE.sub(r"\g<verb> that ", claim, count=1)
    return with_that


_REPORTING = "said|says|argued|warned|announced|confirmed|insisted|added"
_REPORTED_THAT = re.compile(
    rf"\b(?P<verb>{_REPORTING}) that (?=(?:the|a|an|it|they)\b)"
)
_REPORTED_BARE = re.compile(
    rf"\b(?P<verb>{_REPORTING}) (?=(?:the|a|an|it|they|he|she)\b (?!\w+ (?:said|says)\b))"
)


# A phrase this long or longer, moved to the front, would make the claim hard to read.
MAX_FRONTED_TOKENS = 8


def _ends_with(claim: str, phrase: str) -> int:
    """Where `phrase` stands as the claim's last words before its full stop, or -1."""
    at = len(claim) - len(phrase) - 1
    if at > 10 and claim.endswith(phrase + ".") and claim[at - 1] == " ":
        return at
    return -1


# A phrase reads well at the front when it says when or where ("On Wednesday, ...", "In Paris,
# ..."); one of purpose, source or measure ("For checks, ...", "From around the bow, ...") garbles.
_TIME_OR_PLACE = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "EVENT"})
_TIME_PREPOSITIONS = words("during after before since until throughout")


def _time_or_place(tokens: tuple[Token, ...], position: int) -> bool:
    """The phrase at `position` names a time or a place: a date itself ("last week", an adverbial
    noun phrase) or a preposition whose object is one."""
    if tokens[position].dep == "npadvmod":
        return tokens[position].entity in {"DATE", "TIME"}
    if tokens[position].text.lower() in _TIME_PREPOSITIONS:
        return True
    return any(
        t.head == position and t.dep == "pobj" and t.entity in _TIME_OR_PLACE
        for t in tokens
    )


def fronted(article: Article, index: int, claim: Claim) -> str:
    """The claim with the phrase that ends it (a time, a place, a circumstance of the main verb, by
    the parse) moved to the front: "The Fed cut rates on Wednesday." -> "On Wednesday, the Fed cut
    rates." Empty when the claim does not end with such a phrase."""
    tokens = article.parsed[index].tokens
    for position, token in enumerate(tokens):
        # Only a phrase of the main verb: one of a relative or infinitive clause ("who was
        # defeated in X") would change what the clause says when moved out of it.
        if (
            token.dep not in {"prep", "npadvmod"}
            or tokens[token.head].dep != "ROOT"
            or token.head > position
        ):
            continue
        phrase = subtree(tokens, position)
        if (
            phrase != list(range(position, phrase[-1] + 1))
            or len(phrase) > MAX_FRONTED_TOKENS
            or any(tokens[p].text in {",", "“", "”", '"', "."} for p in phrase)
            or not _time_or_place(tokens, position)
            # "early on Friday", "wide enough for a person", "are under 35": the word before
            # belongs with it.
            or (position > 0 and tokens[position - 1].pos in {"ADV", "ADJ", "AUX"})
        ):
            continue
        moved = article.text[tokens[position].start : tokens[phrase[-1]].end]
        at = _ends_with(claim.text, moved)
        if at < 0:
            continue
        rest = claim.text[:at].rstrip(" ,")
        first = next(
            t for t in tokens if t.start >= article.parsed[index].sentence.start
        )
        if (
            claim.text.startswith(first.text)
            and first.pos != "PROPN"
            and first.text != "I"
            and first.text not in capitalised_mid_sentence(article)
        ) or (claim.resolved and claim.head.split()[0] in {"The", "A", "An"}):
            # A resolved "It" ("The spire that fell") is a common noun phrase: "the" in mid-sentence.
            rest = rest[0].lower() + rest[1:]
        return f"{_sentence_case(moved)}, {rest}."
    return ""


_AGE = re.compile(r"(?<=[A-Za-z]), \d{1,3},(?= )")
_TRAILING_RELATIVE = re.compile(r", (?:which|who) [^,;“”\"]+\.$")


def trimmed(claim: str) -> str:
    """The claim without an aside that only adds to it, so it stays true: a person's age
    ("Mr Lee, 91, is ...") or a relative clause at its end (", which was built by ..."). The claim
    itself when it has none."""
    shorter = _AGE.sub("", claim, count=1)
    if shorter == claim:
        shorter = _TRAILING_RELATIVE.sub(".", claim)
    return shorter if len(shorter.split()) >= MIN_CLAUSE_WORDS else claim


def swapped_pair(article: Article, index: int, claim: Claim) -> str:
    """ "Finland and Sweden joined" -> "Sweden and Finland joined": two names the parse joins by
    "and", swapped; the claim says the same. Empty when the claim joins no two names. Two names
    side by side across "and" that the parse does not join are left: in "Jones pulled one back
    for Rovers and Price curled in the equaliser" the "and" joins two clauses, and "for Price and
    Rovers" would be false."""
    mentions = article.mentions[index]
    tokens = article.parsed[index].tokens
    for first, second in zip(mentions, mentions[1:], strict=False):
        between = article.text[first.end : second.start]
        # "Mr Hinton and John Hopfield": the title goes with its name.
        start = first.prefix_start if first.prefix else first.start
        pair = article.text[start : second.end]
        if (
            between != " and "
            or pair not in claim.text
            or not _joined_by_and(tokens, first, second)
        ):
            continue
        swapped = f"{second.surface} and {article.text[start : first.end]}"
        at = claim.text.find(pair)
        text = claim.text[:at] + swapped + claim.text[at + len(pair) :]
        return _sentence_case(text) if at == 0 else text
    return ""

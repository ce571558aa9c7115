"""People's roles as the article states them, so that a claim can name the role instead of the person.

"Defence Secretary Ann Lee said X" can be checked as "The Defence Secretary said X": the attribution
stays, and the name is left for the question that asks who said it. The role is read from the words
around the name only (a title before it, a lowercase role word after capitalised words, or an
appositive ", a deputy director at X,"), so the work per sentence is constant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .names import PERSON, ROLE_WORDS, TITLES, Mention
from .records import words

HONORIFICS = words("mr mrs ms miss dr sir dame lord lady prof")
# Roles that more than one person holds at a time: "a spokesman", not "the spokesman".
SHARED_ROLES = words(
    "spokesman spokeswoman spokesperson official analyst economist scientist researcher member "
    "player colleague engineer journalist author senator lawmaker mp professor astronaut physicist "
    "chemist biologist astronomer editor founder candidate striker midfielder defender forward"
)
ROLE_HEADS = ROLE_WORDS | words("member")
# Lowercase words that may stand before a role word in it ("former prime minister").
MODIFIERS = (
    words(
        "former prime deputy vice acting outgoing incoming chief senior assistant executive press "
        "foreign home interior finance health defence defense state national security general"
    )
    | TITLES
    | ROLE_WORDS
)
_BEFORE = re.compile(
    r"(?P<det>\b(?:[Tt]he|[Aa]n?) )?(?<![\w’'-])"
    r"(?P<role>(?:[A-Z][\w’'-]* ){0,3}(?:[a-z][\w-]* ){0,2}[A-Za-z][\w-]*) $"
)
_APPOSITIVE = re.compile(
    r", (?P<det>(?:a|an|the) )?(?P<role>(?P<head>(?:[\w’'-]+ ){0,2}?[a-z][\w-]*)(?: (?:of|at|for|in) [^,;“”\"]+)?)(?=, )"
)


@dataclass(frozen=True, slots=True)
class Role:
    """A named person's role in one sentence: `text[start:end]` (offsets into the article) is the
    role with the name, and `hidden` reads in its place ("the Defence Secretary")."""

    name: str
    role: str
    source: str
    hidden: str
    start: int
    end: int
    sentence: int


def role_head(role: str) -> str:
    """The noun that says what kind of role it is: "president" of "Russian President", "secretary"
    of "Secretary of State"."""
    return re.split(r" (?:of|at|for|in) ", role)[0].split()[-1].lower()


def _is_role(role: str) -> bool:
    head = role_head(role)
    return head in ROLE_HEADS or head.split("-")[0] in ROLE_HEADS | TITLES


def _article(role: str) -> str:
    """ "the" for an office one person holds ("the Defence Secretary"), "a" for a shared role."""
    lower = role.lower().split()
    if role_head(role) in SHARED_ROLES or "former" in lower:
        return "an" if role[0].lower() in "aeiou" else "a"
    return "the"


def _drops_comma(sentence_text: str, stop: int) -> bool:
    """An appositive followed by its verb (", a director at X, said"): the role takes the name's
    place as the subject, so the comma before the verb goes too."""
    verb = re.match(r", ([a-z]+)\b", sentence_text[stop:])
    return verb is not None and (
        verb.group(1).endswith(("ed", "s")) or verb.group(1) in {"said", "told"}
    )


def find_roles(sentence_text: str, offset: int, mentions: list[Mention]) -> list[Role]:
    """The role stated next to each named person of a sentence, when there is one."""
    found: list[Role] = []
    for mention in mentions:
        if mention.kind != PERSON or len(mention.name.split()) < 2:
            continue
        start, end = mention.start - offset, mention.end - offset
        if sentence_text[start:end] != mention.name:
            continue
        before = _BEFORE.search(sentence_text, 0, start)
        after = _APPOSITIVE.match(sentence_text, end)
        if before and _is_role(before.group("role")):
            role_words = before.group("role").split()
            while role_words and (
                role_words[0].lower() in HONORIFICS
                or any(w.islower() and w not in MODIFIERS for w in role_words[:-1])
            ):
                role_words = role_words[1:]
            role = " ".join(role_words)
            if not role:
                continue
            det = before.group("det") if role == before.group("role") else None
            begin = before.start("det") if det else start - 1 - len(role)
            hidden = f"{det.strip().lower() if det else _article(role)} {role}"
            span = (begin, end)
        elif after and _is_role(after.group("head")):
            role = after.group("role")
            det = (after.group("det") or "the ").strip()
            hidden = f"{det} {role}"
            span = (start, after.end() + _drops_comma(sentence_text, after.end()))
        else:
            continue
        if " " not in role and role.islower() and role in ROLE_WORDS:
            # "the goalkeeper" alone reads as a reference back to someone named before.
            continue
        found.append(
            Role(
                mention.name,
                role,
                sentence_text[span[0] : span[1]],
                hidden,
                offset + span[0],
                offset + span[1],
                mention.sentence,
            )
        )
    return found


def as_mid_sentence(roles: list[Role], sentence_start: int, text: str) -> list[Role]:
    """The roles with one that opens its sentence ("Party leader Ed Davey said …") written as it
    reads elsewhere in a sentence ("Ed Davey, the party leader,"): its first word is capitalised
    only for standing first, when the rest of the role is lowercase and the text writes that word
    lowercase too ("the party"; "Labour leader" stays)."""
    written = []
    for role in roles:
        first, _, rest = role.role.partition(" ")
        if (
            role.start == sentence_start
            and rest
            and rest.islower()
            and first[:1].isupper()
            and first[1:].islower()
            and re.search(rf"(?<![\w’'-]){re.escape(first.lower())}(?![\w’'-])", text)
        ):
            lowered = f"{first.lower()} {rest}"
            role = replace(
                role, role=lowered, hidden=role.hidden.replace(role.role, lowered)
            )
        written.append(role)
    return written


def hide_names(text: str, roles: list[Role]) -> tuple[str, tuple[str, ...]]:
    """The text with each "role + name" replaced by the role alone; and the names so hidden."""
    hidden: list[str] = []
    for role in sorted(roles, key=lambda r: -len(r.source)):
        at = text.find(role.source)
        if at < 0:
            continue
        replacement = role.hidden
        if at == 0 or text[:at].endswith(("“", '"')):
            replacement = replacement[0].upper() + replacement[1:]
        text = text[:at] + replacement + text[at + len(role.source) :]
        hidden.append(role.name)
    return text, tuple(hidden)


def without_roles(text: str, roles: list[Role]) -> str:
    """The text with each role written before a name left out and the name kept ("president-elect
    Donald Trump" → "Donald Trump"); "" when it has none. A role after the name ("X, the head of
    the Authority,") stays: leaving it out would leave its commas behind."""
    found = False
    for role in sorted(roles, key=lambda r: -len(r.source)):
        if role.source != f"{role.role} {role.name}" or role.source not in text:
            continue
        text = text.replace(role.source, role.name, 1)
        found = True
    return text if found else ""


_UNNAMED = re.compile(
    r"\b(?:[Aa]n?|[Tt]he) (?P<role>(?:[A-Z][\w’'-]* ){1,3}[a-z][\w-]*)\b(?! [A-Z])"
)


def unnamed_roles(sentence_text: str) -> list[str]:
    """Roles of people the sentence does not name ("a White House official"): more distractors for
    questions on who someone is. Only roles qualified by a name ("White House", "Fed")."""
    return [
        m.group("role")
        for m in _UNNAMED.finditer(sentence_text)
        if m.group("role").split()[-1] in ROLE_WORDS
    ]

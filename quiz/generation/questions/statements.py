"""True or false: the article's statement (supported), or the statement with one detail changed
(refuted), with the explanation quoting what the article says.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..claims import (
    Claim,
    back_reference,
    citation,
    fronted,
    has_detail,
    has_form,
    is_list_line,
    proper_words,
    read_alone,
    renumbered,
    reworded,
    said_alone,
    says,
    swapped_pair,
    toggled_that,
    trimmed,
)
from ..distractors import (
    number_variants,
    person_sex,
    pick_names,
    same_thing,
    sex_word,
    the_use,
    written_with_the,
)
from ..facts import MONTHS, Article, Number, kept_for_last_article
from ..gazetteer import COUNTRIES
from ..leaks import stands_word_for_word
from ..names import (
    ORG,
    ORG_SUFFIXES,
    PERSON,
    PLACE,
    ROLE_WORDS,
    SPEECH_VERBS,
    Mention,
)
from ..records import TRUE_FALSE, Candidate, Citation, words
from ..roles import HONORIFICS, Role, hide_names
from ..sentences import Token, span_roots, subtree
from .common import (
    FALSE_CLAIM,
    REFUTED_RULE,
    RESERVE,
    TRUE_CLAIM,
    Agent,
    agent_of,
    draft,
    fact_keys,
    frames_around,
    measured_beside_comparison,
    name_key,
    name_shows,
    set_phrase,
    value_key,
)
from .details import details_in, inside_date


def claim_questions(
    article: Article, index: int, claim: Claim, rng: random.Random
) -> Iterator[Candidate]:
    """True/false: the sentence itself (supported) or with one number changed (refuted). A person
    whose role the sentence states is named by the role ("The Defence Secretary said ..."), so the
    claim leaves the name to the question that asks for it."""
    if is_list_line(claim.text):
        return
    cite = citation(article, claim.sentences)
    review = (f"Pronoun resolved: {claim.resolved}.",) if claim.resolved else ()
    key = ("claim", index)
    roles = claim_roles(article, claim.sentences)
    stated = _unnamed_speaker(_reworded_claim(article, index, claim, roles), roles)
    # A true claim copied from the article is told apart from false ones without reading: it is
    # held in reserve, for an article that has too few other questions. So is one only a "that"
    # away from the article's words, but it no longer shows to a reader which claims are true.
    verbatim = stands_word_for_word(stated, article.text)
    if verbatim:
        stated = toggled_that(stated)
    # "The president praised the workers who freed the ship": true to anyone with common sense,
    # as its flip is false to them (`_judged_by_deed`), so neither is asked.
    if has_detail(article, claim.sentences, stated) and not _praise_by_sense(
        article.parsed[index].tokens
    ):
        yield _supported(
            article,
            index,
            claim,
            stated,
            cite,
            review,
            # A true claim with a number is worth more: false ones have numbers more often.
            score=RESERVE
            if verbatim or claim.resolved
            else 2.0 + 0.5 * bool(article.numbers[index]),
        )
    for number in article.numbers[index]:
        if inside_date(article, index, number.start):
            # "ruled on 21 October": a day changed alone made "42 October", false on its face.
            continue
        direction = _contradicting_direction(article, number)
        variants = [
            v
            for v in number_variants(article, number, rng=rng, count=3)
            if _noticeable(article, number, v[2])
            and direction is not None
            and (v[2] - number.value) * direction >= 0
        ][:1]
        at = claim.position(article=article, offset=number.start)
        if claim.clause and claim.text[at : at + len(number.text)] != number.text:
            # A claim with an aside left out: the number, when it stands there once.
            spots = [
                m.start()
                for m in re.finditer(
                    rf"(?<![\w.,]){re.escape(number.text)}(?!\w|[.,]\d)", claim.text
                )
            ]
            at = spots[0] if len(spots) == 1 else -1
        if (
            not variants
            or at < 0
            or claim.text[at : at + len(number.text)] != number.text
            # Words in quotation marks are someone's own: a number changed there is a doctored
            # quote ("We are well in the shelter, the 16").
            or _quoted(claim.text, at)
            or measured_beside_comparison(article, number, claim.text)
        ):
            continue
        changed = variants[0][0]
        text = claim.text[:at] + changed + claim.text[at + len(number.text) :]
        text = _unnamed_speaker(_as_claimed(text, roles), roles)
        explanation = (
            f"False. The article says {number.text}, not {changed}: “{cite.quote}”"
        )
        yield Candidate(
            draft(
                TRUE_FALSE,
                f"According to the article: {text}",
                FALSE_CLAIM,
                explanation,
                cite,
                f"{'clause' if claim.clause else 'claim'}_refuted_{REFUTED_RULE[number.kind]}",
                review=review,
            ),
            claim.sentences,
            answer_forms=(number.text,),
            distractors=(changed,),
            numeric=True,
            keys=fact_keys(
                article,
                claim.sentences,
                text,
                tested=(value_key(number.sentence, number.value),),
                extra=(key,),
            ),
            # Below a claim changed in another way: "false if it has a number" must not pay.
            score=2.4,
            claim=text,
            shows=name_shows(article, claim.sentences, text),
        )


def _reworded_claim(
    article: Article, index: int, claim: Claim, roles: list[Role]
) -> str:
    """The claim in other words than the article's: the first of its rewordings (attribution or
    adverbial moved, numbers written another way; a closing phrase fronted or two names swapped;
    an aside trimmed) that no longer stands word for word in the article, or else the first that
    changes anything. "23 March" written "March 23" is the same token run to a reader who skims:
    a true claim with a number so reworded is told apart from a false one only by reading."""
    stated = _as_claimed(claim.text, roles)
    options = [reworded(stated, proper=proper_words(article, claim.sentences))]
    other = fronted(article, index, claim) or swapped_pair(article, index, claim)
    if other:
        options.append(_as_claimed(other, roles))
    options.append(renumbered(trimmed(stated)))
    changed = [option for option in options if option != stated] or [stated]
    return next(
        (o for o in changed if not stands_word_for_word(o, article.text)), changed[0]
    )


# A false number differs by this share of the true one at least: 2.2 mg for 2.4 mg tests memory
# of a digit, not reading.
NOTICEABLE_SHARE = 0.2
# A false day of the month is this many days away at least: "8 March" for "7 March" is a hair.
NOTICEABLE_DAYS = 5


# A false year is this many years away at least: 2010 for 2011 tests memory of a digit.
NOTICEABLE_YEARS = 2
# "rates would fall … in 2025": a projection moved into a year the article has already reached.
_PROJECTED = re.compile(
    r"\b(?:will|would|expects?|expected|projects?|projected|forecasts?)\b"
)


def _noticeable(article: Article, number: Number, changed: float) -> bool:
    """Whether a false value is far enough from the article's to be told apart by a reader, and
    not false on its face: a false year is not after the latest the article states (a past event
    in the future), and a projection's false year is not earlier than the article's ("rates would
    fall … in 2022" in a story of 2024 is false without reading)."""
    if number.kind == "year":
        latest = max(n.value for ns in article.numbers for n in ns if n.kind == "year")
        projected = _PROJECTED.search(article.sentence_text(number.sentence))
        return (
            abs(changed - number.value) >= NOTICEABLE_YEARS
            and (projected or changed <= latest)
            and not (projected and changed < number.value)
        )
    if number.kind != "count":
        return True
    after = article.text[number.end : number.end + 12].split()
    if after and after[0].lower() in MONTHS:
        return abs(changed - number.value) >= NOTICEABLE_DAYS
    return abs(changed - number.value) >= NOTICEABLE_SHARE * abs(number.value)


# Words before a number that make it a bound: a claim with the number moved past the bound
# contradicts the article ("more than 200" for "more than 100"), one moved the other way does not
# ("more than 50" still holds).
_AT_LEAST = re.compile(
    r"\b(?:more than|over|at least|upwards of|in excess of)\s+[$£€]?$",
    re.IGNORECASE,
)
_NEARLY = re.compile(
    r"\b(?:nearly|almost|close to|just under)\s+[$£€]?$", re.IGNORECASE
)
# An upper bound no other number contradicts: "under 25" for "under 35" may hold too, and
# "under 45" does.
_AT_MOST = re.compile(
    r"\b(?:under|less than|fewer than|up to|no more than|below|at most)\s+[$£€]?$",
    re.IGNORECASE,
)
# "For 17 days nobody knew": 13 days would still be true, only a longer time contradicts.
_FOR_A_TIME = re.compile(r"\bfor\s+(?:more than\s+|over\s+)?$", re.IGNORECASE)
_TIME_UNIT = re.compile(
    r"\s*(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b"
)
# The other side of odds or a score ("5,000-1", "2-1"): changed alone it makes "5,000-3".
_AFTER_A_DASH = re.compile(r"\d[-–]$")


def _contradicting_direction(article: Article, number: Number) -> int | None:
    """Which way a false value must move from the article's to contradict it: 1 larger, -1
    smaller, 0 either; None when no changed number is false for sure (an upper bound, the second
    side of odds or a score) or when the change shows without reading (a set phrase: "less than
    36 hours", "one of six")."""
    before = article.text[max(0, number.start - 30) : number.start]
    if _AFTER_A_DASH.search(before) or set_phrase(article, number):
        return None
    if _NEARLY.search(before):
        # "Nearly 1 billion" is more than 500 million: "nearly 500 million" is false.
        return -1
    if _AT_MOST.search(before):
        return None
    if _AT_LEAST.search(before):
        return 1
    if _FOR_A_TIME.search(before) and _TIME_UNIT.match(article.text, number.end):
        return 1
    return 0


def _quoted(text: str, at: int) -> bool:
    """Whether the character at `at` stands inside quotation marks."""
    before = text[:at]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


# How many sentences back a person's role may have been given ("Defence Secretary Ann Lee said
# ... ." then "..., Ms Lee told reporters."): near enough that the role still names them.
ROLE_LOOKBACK = 3


def claim_roles(article: Article, sentences: tuple[int, ...]) -> list[Role]:
    """The roles a claim may name people by: those its sentences give, and for a person its
    sentences name only as "Ms Lee", the role a sentence shortly before gave them. A name left in a
    claim is often what another question asks for."""
    roles = [r for i in sentences for r in article.roles[i]]
    # A claim citing the sentence before its own reads a pronoun as a person named there ("He said
    # …" -> "Osama Rabie said …"): the name alone stands in the claim, and it reads as the role
    # that sentence gave it ("the head of the Suez Canal Authority said …").
    roles += [
        Role(r.name, r.role, r.name, r.hidden, r.start, r.end, r.sentence)
        for r in roles
        if r.sentence != sentences[-1] and r.source != r.name
    ]
    given = {r.name for r in roles}
    for index in sentences:
        for mention in article.mentions[index]:
            if mention.kind != PERSON or mention.name in given:
                continue
            if mention.prefix and mention.prefix.lower() not in HONORIFICS:
                continue
            earlier = next(
                (
                    r
                    for i in range(index - 1, max(-1, index - 1 - ROLE_LOOKBACK), -1)
                    for r in article.roles[i]
                    if r.name == mention.name
                ),
                None,
            )
            if earlier is None:
                continue
            start = mention.prefix_start if mention.prefix else mention.start
            roles.append(
                Role(
                    mention.name,
                    earlier.role,
                    article.text[start : mention.end],
                    earlier.hidden,
                    start,
                    mention.end,
                    index,
                )
            )
            given.add(mention.name)
    return roles


def _as_claimed(text: str, roles: list[Role]) -> str:
    """A claim naming people by the roles the sentence gives them, and the outlet a source spoke to
    left out ("…, an official told Bloomberg." -> "…, an official said."): both are details other
    questions ask for, and the claim is as true without them."""
    hidden, _ = hide_names(text, roles)
    for role in roles:
        # "Ann Lee, a former mayor, became ..." -> "A former mayor became ...": the appositive's
        # closing comma goes with the name, or the subject is left without its head.
        if (
            role.source.startswith(role.name)
            and ", " in role.source
            and f"{role.source}, " in text
        ):
            for hidden_role in (role.hidden, role.hidden[:1].upper() + role.hidden[1:]):
                hidden = hidden.replace(f"{hidden_role}, ", f"{hidden_role} ", 1)
    return said_alone(_TOLD_OUTLET.sub(r"\g<who> said.", hidden))


# "…, the Defence Secretary said." closing a claim: the role stands for a person the article names,
# whom the question on the sentence ("Who said …?", "Who used the words …?") asks for.
_SAID_BY_ROLE = (
    r"(?P<verb>said|says|told [\w’' ]{1,30}?|added|wrote|warned)(?P<end>\.[”\"]?)$"
)


def _unnamed_speaker(text: str, roles: list[Role]) -> str:
    """A claim closing on the role of a person its sentences name as the one who said it ("…, the
    Defence Secretary said.") with that attribution as "it was said": the role is what a student
    reads as the answer of the question on who said it, so the claim is on what was said alone,
    and still says that it was said (not the article's own words, nor word for word)."""
    for role in roles:
        found = re.search(
            rf", (?i:{re.escape(role.hidden[0])}){re.escape(role.hidden[1:])} {_SAID_BY_ROLE}",
            text,
        )
        if found is not None:
            said = "it is said" if found.group("verb") == "says" else "it was said"
            return f"{text[: found.start()]}, {said}{found.group('end')}"
    return text


# Claims whose falsehood is who is named: setting a name back there would undo the change.
_ABOUT_WHO = ("_role", "_speaker", "_actor", "_doer")


def with_names(article: Article, candidate: Candidate) -> Candidate:
    """A claim that names a person by the role the article gives them ("the President"), with the
    article's words set back as `named` ("President Joe Biden"): the role alone is unclear beside
    another president, or wrong ("the King" of France), so the set shows the name unless another
    kept question asks for it. Only a title written before the name; an appositive ("Ann Lee, the
    mayor,") took its commas along."""
    question = candidate.question
    if question.kind != TRUE_FALSE or question.rule.endswith(_ABOUT_WHO):
        return candidate
    prompt = question.prompt
    for role in claim_roles(article, candidate.sentences):
        if ", " in role.source or role.source in prompt:
            continue
        found = re.search(
            rf"(?<![\w’'-])(?i:{re.escape(role.hidden[0])}){re.escape(role.hidden[1:])}"
            r"(?![\w-])",
            prompt,
        )
        if found is None:
            continue
        source = role.source
        if found.group()[0].isupper():
            source = source[0].upper() + source[1:]
        prompt = prompt[: found.start()] + source + prompt[found.end() :]
    return candidate if prompt == question.prompt else replace(candidate, named=prompt)


_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.? (?P<surname>[A-Z][\w’'-]+)\b")


def with_full_names(article: Article, candidate: Candidate) -> Candidate:
    """A claim naming a person by title and surname only ("Mr Hinton is a professor …") with the
    full name the article gives them ("Geoffrey Hinton"): a claim stands alone, without the
    sentence before that said who Mr Hinton is. Not within quotation marks (someone's own words),
    and not in a claim whose falsehood is who is named."""
    question = candidate.question
    if question.kind != TRUE_FALSE or question.rule.endswith(_ABOUT_WHO):
        return candidate

    def full(text: str) -> str:
        return _TITLED.sub(
            lambda m: (
                m.group()
                if _quoted(text, m.start())
                else article.surnames.get(m.group("surname"), m.group())
            ),
            text,
        )

    prompt, named = full(question.prompt), full(candidate.named)
    if (prompt, named) == (question.prompt, candidate.named):
        return candidate
    return replace(
        candidate,
        question=question
        if prompt == question.prompt
        else replace(question, prompt=prompt),
        named=named,
        claim=full(candidate.claim),
    )


_TOLD_OUTLET = re.compile(
    r"(?P<who>, (?:a|an|the) [^,“”\"]{1,40}?) told (?:[A-Z][\w.’'-]*)(?: [A-Z][\w.’'-]*){0,3}\.$"
)


def doer_claim(article: Article, index: int, claim: Claim, stated: str) -> Candidate:
    """True: `stated`, the sentence's deed told with its doer in the sentence's words ("The spire
    that fell was added by the architect X."), asked where "Who …?" has no fair options
    (`entities.passive_doer_questions`). A rule of its own, so that the graders' tallies tell
    it from the sentence copied whole."""
    found = _supported(
        article,
        index,
        claim,
        stated,
        citation(article, claim.sentences),
        (f"Pronoun resolved: {claim.resolved}.",) if claim.resolved else (),
        score=2.0,
    )
    return replace(found, question=replace(found.question, rule="claim_supported_doer"))


def _supported(
    article: Article,
    index: int,
    claim: Claim,
    stated: str,
    cite: Citation,
    review: tuple[str, ...],
    *,
    score: float,
) -> Candidate:
    return Candidate(
        draft(
            TRUE_FALSE,
            f"According to the article: {stated}",
            TRUE_CLAIM,
            f"True. {says(cite.quote)}",
            cite,
            "clause_supported" if claim.clause else "claim_supported",
            review=review,
        ),
        claim.sentences,
        answer_forms=tuple(n.text for n in article.numbers[index]),
        keys=fact_keys(
            article,
            claim.sentences,
            stated,
            extra=(("claim", index), ("supported", index)),
        ),
        score=score,
        claim=stated,
        shows=name_shows(article, claim.sentences, stated),
    )


# Kinds of name whose swap makes a claim false (the article names one actor for the deed), with the
# entity label the mention itself must carry, so that a name typed by its other mentions is not
# swapped for a name of another kind.
_SWAPPABLE = {PERSON: "PERSON", ORG: "ORG"}


def _actor_mentions(article: Article, index: int) -> list[Mention]:
    """The sentence's named subjects (of its root or of a clause the root governs): changing one of
    them changes who did it, a detail the sentence makes single-valued."""
    tokens = article.parsed[index].tokens
    with_roles = {role.name for role in article.roles[index]}
    found = []
    for mention in article.mentions[index]:
        # A person the sentence gives a role ("Ann Lee, the mayor," or "Ann Lee, who ...") would
        # keep it beside another name: a claim one can refute without reading.
        if (
            mention.kind not in _SWAPPABLE
            or mention.name in with_roles
            or article.text[mention.end : mention.end + 1] == ","
        ):
            continue
        heads = span_roots(tokens, mention.start, mention.end)
        if (
            len(heads) != 1
            or heads[0].dep not in {"nsubj", "nsubjpass"}
            or heads[0].entity != _SWAPPABLE[mention.kind]
        ):
            continue
        verb = tokens[heads[0].head]
        if verb.dep in {"ROOT", "ccomp", "conj"}:
            found.append(mention)
    return found


# How many sentences either side another person's role may come from.
ROLE_NEARBY = 12
_SAYS = re.compile(rf",? (?:{'|'.join(sorted(SPEECH_VERBS))})\b")


def _swapped_role_claims(
    article: Article, index: int, claim: Claim
) -> Iterator[Candidate]:
    """False claims that give what a person said to another person of the article, both named by
    their roles ("The Defence Secretary said X." -> "A State Department spokesman said X."): what
    was said has one speaker. No number changes."""
    cite = citation(article, claim.sentences)
    roles = claim_roles(article, claim.sentences)
    low, high = (
        max(0, index - ROLE_NEARBY),
        min(len(article.parsed), index + ROLE_NEARBY + 1),
    )
    nearby = sorted(range(low, high), key=lambda i: (abs(i - index), i))
    # How many people the article gives each role: "a former prime minister said it" is not
    # stated rather than false, as the world has many and the article does not say none of them
    # said it; a role two people of the article hold is no one speaker either.
    holders: dict[str, set[str]] = {}
    for rs in article.roles:
        for r in rs:
            holders.setdefault(r.role.lower(), set()).add(r.name)
    for role in roles:
        at = claim.text.find(role.source)
        if at < 0 or not _SAYS.match(claim.text, at + len(role.source)):
            continue
        # "… told his party's conference": the one swapped in is marked with the claim's pronouns
        # too, or the claim reads wrong before it is false ("The Scottish National Party MP told
        # his …" of a woman the article does not mark).
        pronoun = sex_word(claim.text[at + len(role.source) :])
        other = next(
            (
                r
                for i in nearby
                for r in article.roles[i]
                if r.name != role.name
                and r.role.lower() != role.role.lower()
                and "former" not in r.role.lower().split()
                and len(holders[r.role.lower()]) == 1
                and r.name not in cite.quote
                and not has_form(cite.quote, r.role)
                and (not pronoun or person_sex(article, r.name) == pronoun)
            ),
            None,
        )
        if other is None:
            continue
        swapped = [replace(r, hidden=other.hidden) if r is role else r for r in roles]
        text = _as_claimed(claim.text, swapped)
        yield Candidate(
            draft(
                TRUE_FALSE,
                f"According to the article: {text}",
                FALSE_CLAIM,
                f"False. The article says {role.name}, {role.hidden}, said it, not "
                f"{other.hidden}: “{cite.quote}”",
                cite,
                "claim_refuted_role",
            ),
            claim.sentences,
            answer_forms=(role.source,),
            distractors=(other.hidden,),
            keys=fact_keys(
                article,
                claim.sentences,
                text,
                tested=(name_key(index, role.name), ("role", index, role.name)),
                extra=(("claim", index),),
            ),
            score=2.6,
            claim=text,
            shows=name_shows(article, claim.sentences, text),
        )
        return


def _named_wrongly(
    article: Article,
    index: int,
    claim: Claim,
    mention: Mention,
    *,
    text: str,
    other: str,
    said: str,
    rule: str,
    span: tuple[int, int],
    cite: Citation,
) -> Candidate:
    """The false claim `text`: `claim` with `other` where the article names `mention` (at `span`
    of the claim's text); the explanation gives the article's name as `said`."""
    return Candidate(
        draft(
            TRUE_FALSE,
            f"According to the article: {text}",
            FALSE_CLAIM,
            f"False. The article says {said}, not {other}: “{cite.quote}”",
            cite,
            rule,
        ),
        claim.sentences,
        answer_forms=(mention.surface,),
        distractors=(other,),
        frames=frames_around(claim.text, *span),
        keys=fact_keys(
            article,
            claim.sentences,
            text,
            tested=(name_key(index, mention.name),),
            # A date it shows ("launched in November 2021"), which a date question may ask.
            extra=(
                ("claim", index),
                *(
                    value_key(i, part)
                    for i in claim.sentences
                    for d in details_in(article.sentence_text(i))
                    if d.text in text
                    for part in d.parts
                ),
            ),
        ),
        score=2.6,
        claim=text,
        shows=name_shows(article, claim.sentences, text),
    )


def swapped_actor_claims(
    article: Article, index: int, claim: Claim, rng: random.Random
) -> Iterator[Candidate]:
    """False claims that change who acted: the subject replaced by another name of its kind from the
    article, which the cited sentence does not name. No number changes, so "false if it has a
    number" fails on them."""
    if is_list_line(claim.text):
        return
    if claim.clause:
        return
    yield from _swapped_role_claims(article, index, claim)
    cite = citation(article, claim.sentences)
    roles = claim_roles(article, claim.sentences)
    for mention in _actor_mentions(article, index):
        # "Mr Lee" becomes the other name in full, without the title.
        start = mention.prefix_start if mention.prefix else mention.start
        named = article.text[start : mention.end]
        at = claim.position(article=article, offset=start)
        if at < 0 or claim.text[at : at + len(named)] != named:
            continue
        other = next(
            (
                name
                for name in pick_names(
                    article,
                    kind=mention.kind,
                    answer=mention.name,
                    cited=cite.quote,
                    index=index,
                    rng=rng,
                )
                if _could_stand_for(article, mention.name, name, claim.text)
            ),
            None,
        )
        if other is None:
            continue
        before = claim.text[:at]
        if before.lower().endswith("the "):
            before = before[:-4]
        if written_with_the(article, other):
            other = ("the " if before else "The ") + other
        text = before + other + claim.text[at + len(named) :]
        text = _as_claimed(text, roles)
        yield _named_wrongly(
            article,
            index,
            claim,
            mention,
            text=text,
            other=other,
            said=mention.name,
            rule="claim_refuted_actor",
            span=(at, at + len(named)),
            cite=cite,
        )


@kept_for_last_article
def _agents(article: Article) -> list[Agent]:
    """Every person the article names as the doer of a passive deed, in the article's order."""
    return [
        agent
        for sentence_mentions in article.mentions
        for mention in sentence_mentions
        if (agent := agent_of(article, mention)) is not None
    ]


def swapped_agent_claims(
    article: Article, index: int, claim: Claim, rng: random.Random
) -> Iterator[Candidate]:
    """False claims that give a passive deed to another person the article names as a doer of
    one ("a challenge brought by Ann Lee" -> "… brought by Bob Roe", where Bob Roe led another
    case): the article names one doer, and a doer of another of its deeds is the one a careless
    reader mixes up with it. The words that describe the doer ("the campaigner") go with the
    name. No other person is swapped in: "added by the Prime Minister" to a spire of 1860 is
    refuted without reading. Only a claim that shows no figure: it is asked as a false claim
    with no number, which "false if it has a number" gets wrong, and one that shows its
    sentence's figures would keep out the questions asking them."""
    if is_list_line(claim.text) or claim.clause:
        return
    if any(n.text in claim.text for i in claim.sentences for n in article.numbers[i]):
        return
    cite = citation(article, claim.sentences)
    agents = _agents(article)
    for agent in agents:
        if agent.mention.sentence != index:
            continue
        named = article.text[agent.start : agent.mention.end]
        at = claim.position(article=article, offset=agent.start)
        if at < 0 or claim.text[at : at + len(named)] != named:
            continue
        rest = claim.text[at + len(named) :]
        pronoun = sex_word(rest)
        swapped = next(
            (
                a.mention
                for a in sorted(agents, key=lambda a: abs(a.mention.sentence - index))
                if a.mention.sentence != index
                and not same_thing(article, a.mention.name, agent.mention.name)
                and not any(
                    has_form(cite.quote, form)
                    for form in (a.mention.name, a.mention.surface)
                )
                and (not pronoun or person_sex(article, a.mention.name) == pronoun)
            ),
            None,
        )
        if swapped is None:
            continue
        other = swapped.name
        text = _as_claimed(
            claim.text[:at] + other + rest, claim_roles(article, claim.sentences)
        )
        found = _named_wrongly(
            article,
            index,
            claim,
            agent.mention,
            text=text,
            other=other,
            said=agent.mention.name,
            rule="claim_refuted_doer",
            span=(at, at + len(named)),
            cite=cite,
        )
        # It names the other doer, which a question on that doer's own deed asks: with both, a
        # student reads the one to settle the other (two claims that swap two doers, each
        # false, tell each other).
        yield replace(
            found, shows=(*found.shows, name_key(swapped.sentence, swapped.name))
        )


# Prepositions that say where one thing is or happened ("presented at the meeting in Philadelphia",
# "spoke from a hotel in California", "a professor at Princeton University"): one place each.
_PLACING = words("in at from")


def _placed(article: Article, index: int) -> list[Mention]:
    """The sentence's names that say where something is or happened: a city or region (never a country, which holds the article's cities) or a body
    with a head noun ("the University of Toronto"), standing after "in", "at" or "from"."""
    tokens = article.parsed[index].tokens
    found = []
    for mention in article.mentions[index]:
        heads = span_roots(tokens, mention.start, mention.end)
        if len(heads) != 1 or heads[0].dep != "pobj":
            continue
        preposition = tokens[heads[0].head]
        if preposition.text.lower() not in _PLACING:
            continue
        city = (
            mention.kind == PLACE
            and heads[0].entity == "GPE"
            and mention.name not in article.countries | COUNTRIES
        )
        body = (
            mention.kind == ORG
            and heads[0].entity == "ORG"
            and bool(_body_noun(mention.name))
        )
        if city or body:
            found.append(mention)
    return found


@dataclass(frozen=True)
class _Places:
    """Per sentence, its names that say where something is or happened (`_placed`), and per name,
    the names that share a sentence with it: read once per article, as every sentence's claims
    look for a place elsewhere in the text."""

    placed: tuple[tuple[Mention, ...], ...]
    beside: dict[str, set[str]]


@kept_for_last_article
def _places(article: Article) -> _Places:
    beside: dict[str, set[str]] = {}
    for mentions in article.mentions:
        names = {m.name for m in mentions}
        for name in names:
            beside.setdefault(name, set()).update(names)
    return _Places(
        tuple(tuple(_placed(article, i)) for i in range(len(article.parsed))),
        beside,
    )


def _elsewhere(article: Article, index: int, mention: Mention) -> str | None:
    """The name, nearest the sentence first, that the article gives as where something else is or
    happened, of the mention's kind (a body: of its head noun): never one named in a sentence
    beside the mention's own name (the article may set one inside the other: a clinic in a city,
    a city in a region), nor another name of the same place or body."""
    places = _places(article)
    beside = places.beside.get(mention.name, set())
    for other_index in sorted(
        range(len(places.placed)), key=lambda i: (abs(i - index), i)
    ):
        for other in places.placed[other_index]:
            if (
                other.kind == mention.kind
                and other.name not in beside
                and _body_noun(other.name) == _body_noun(mention.name)
                and not same_thing(article, mention.name, other.name)
            ):
                return other.name
    return None


def _held_for_a_named(article: Article, mention: Mention) -> bool:
    """Whether the place says where a named event is held or a named body meets ("in New York for
    the United Nations General Assembly"): general knowledge tells many readers where, so another
    place there is false without reading the article."""
    return any(
        other.kind != PERSON
        and other.start >= mention.end
        and re.fullmatch(r",? for (?:the )?", article.text[mention.end : other.start])
        for other in article.mentions[mention.sentence]
    )


def moved_claims(
    article: Article, index: int, claim: Claim, rng: random.Random
) -> Iterator[Candidate]:
    """False claims that move what the sentence places to where the article puts something else
    ("tested at a clinic in Lisbon" -> "in Rotterdam", where it puts the factory): a place is
    single-valued for one event or post, and the other place stands in the article, so only a
    reader tells them apart. No number changes, so "false if it has a number" fails on them."""
    placed = _places(article).placed[index]
    if not placed or is_list_line(claim.text):
        return
    cite = citation(article, claim.sentences)
    roles = claim_roles(article, claim.sentences)
    for mention in placed:
        at = claim.position(article=article, offset=mention.start)
        if (
            at < 0
            or claim.text[at : at + len(mention.surface)] != mention.surface
            or _quoted(claim.text, at)
            # "Washington, D.C.": the place goes on past its name.
            or re.match(r",\s*[A-Z]", claim.text[at + len(mention.surface) :])
            or _held_for_a_named(article, mention)
        ):
            continue
        other = _elsewhere(article, index, mention)
        if other is None or has_form(cite.quote, other):
            continue
        before, after = claim.text[:at], claim.text[at + len(mention.surface) :]
        if before.endswith("the "):
            before = before[:-4]
        # "the University of Toronto", as the article writes it.
        if the_use(article, other)[True]:
            other = "the " + other
        # Without an age or a closing relative clause, as a true claim is written: a number
        # left in a false claim only tells which claims are false.
        moved = before + other + after
        shorter = trimmed(moved)
        text = _as_claimed(shorter if has_form(shorter, other) else moved, roles)
        kind = "place" if mention.kind == PLACE else "organisation"
        yield _named_wrongly(
            article,
            index,
            claim,
            mention,
            text=text,
            other=other,
            said=mention.surface,
            rule=f"{'clause' if claim.clause else 'claim'}_refuted_{kind}",
            span=(at, at + len(mention.surface)),
            cite=cite,
        )
        return


# Head nouns that say what kind of body an organisation is: one is swapped only for a peer of the
# same kind (the High Court for the Supreme Court), never for a body that holds or belongs to it (the
# Nobel Committee for the Academy that appoints it).
BODY_NOUNS = words(
    "court committee academy council ministry department party bank commission university agency "
    "authority office board assembly parliament senate government institute foundation union "
    "association league federation"
)


def _body_noun(name: str) -> str:
    """The head noun of an organisation's name ("Nobel Committee for Physics" -> "committee"), or ""
    when it has none from BODY_NOUNS (a firm's or a club's own name)."""
    head = re.split(r" (?:of|for|on) ", name)[0].split()[-1].lower()
    return head if head in BODY_NOUNS else ""


def _could_stand_for(article: Article, name: str, other: str, claim: str) -> bool:
    """`other` could have done or said what the claim gives to `name`, so the swapped claim is false
    only to a reader of the article: never a person whose role the claim itself names as its target
    ("no prime minister was above it", said by the Prime Minister), never an organisation of another
    kind than the original, never another name of the same one ("the Fed" for "the US Federal
    Reserve"), which makes the false claim true."""
    if same_thing(article, name, other) or _body_noun(name) != _body_noun(other):
        return False
    roles = {r.role.lower() for rs in article.roles for r in rs if r.name == other}
    return not any(has_form(claim.lower(), role) for role in roles)


# Opposites whose swap reverses what the sentence says, each for the tag it must have ("cut" is a
# verb in "the bank cut rates", and only a past form can become "raised"). Verbs of change flip only
# where they change a quantity (DIRECTED_VERBS): "cut short his trip" does not become "raised".
POLARITY = {
    ("raised", "VBD"): "cut",
    ("raised", "VBN"): "cut",
    ("cut", "VBD"): "raised",
    ("cut", "VBN"): "raised",
    ("rose", "VBD"): "fell",
    ("fell", "VBD"): "rose",
    ("increased", "VBD"): "reduced",
    ("reduced", "VBD"): "increased",
    ("won", "VBD"): "lost",
    ("lost", "VBD"): "won",
    ("approved", "VBD"): "rejected",
    # An argument or a claim is accepted, not approved: "approved both arguments" reads as a slip.
    ("rejected", "VBD"): "accepted",
    ("approved", "VBN"): "rejected",
    ("rejected", "VBN"): "approved",
    ("more", "JJR"): "fewer",
    ("fewer", "JJR"): "more",
    ("higher", "JJR"): "lower",
    ("lower", "JJR"): "higher",
    ("before", "IN"): "after",
    ("after", "IN"): "before",
    # Verbs of judgement and report: "a White House official confirmed" becomes "denied", and
    # praise becomes blame; each names one stance the article gives its subject.
    ("confirmed", "VBD"): "denied",
    ("praised", "VBD"): "criticised",
    ("criticised", "VBD"): "praised",
    ("criticized", "VBD"): "praised",
    ("accepted", "VBD"): "rejected",
    ("lowering", "VBG"): "raising",
    ("raising", "VBG"): "lowering",
}
# Verbs of a stance: what the sentence says around them (a reason, a contrast) was said of that
# stance, and turned the other way it makes the false claim contradict itself.
STANCE_VERBS = words(
    "confirmed praised criticised criticized accepted approved rejected"
)
# A reason or a contrast in the claim: "praised the workers because they had ended the crisis",
# "is not binding, but the council will follow it", "approved the use in response to ...".
# Flipped, the claim argues against itself and a reader sees it is false without the article.
# ("saying …" and "despite" are not counted: a stance's flip leaves them out, see STANCE_TAIL.)
HEDGES = words("but although though because whereas")
# What follows a stance and says why it was taken: "praised the workers, saying they had ended the
# crisis", "criticised the council for its delay". Words of the other sentiment: kept beside the
# flipped verb, they make the false claim argue against itself, so the flip ends before them.
STANCE_TAIL = re.compile(
    r",? (?:saying|calling|describing|adding|noting|arguing|insisting|hailing|welcoming)\b"
    r"|,? for (?!(?:the )?(?:first|second|third|last)\b)"
)
NEGATIONS = words("not")
# An auxiliary whose "not" can go ("is not legally binding" -> "is legally binding"): what is left
# still reads as English. "did not renew" would need "renewed", and is left alone.
NEGATED_AUXILIARIES = words("is are was were has have had would will could can should")
# "not yet clear", "not only ... but", "not all of them": without "not" they do not say the opposite
# (or do not read), so such a negation stays.
NEGATION_PHRASES = words("yet only just even always all necessarily quite")
# Left out on purpose: first/last. "The first time since 2016" or "one of the first cities" does not
# rule out "the last" (the article does not make it single-valued), so the flipped claim is not
# stated rather than false.


DIRECTED_VERBS = words("raised cut rose fell increased reduced lowering raising")
QUANTITIES = words(
    "rate rates tax taxes price prices forecast forecasts target spending wage wages fare fares fee "
    "fees limit cost costs budget interest inflation growth output sales profit profits number share "
    "threshold thresholds"
)


def _changes_a_quantity(tokens: tuple[Token, ...], position: int) -> bool:
    """The verb's object or subject is a quantity word, or a number or percentage depends on it."""
    for token in tokens:
        if tokens[token.head] is not tokens[position] or token is tokens[position]:
            continue
        if token.dep in {"dobj", "nsubj", "nsubjpass"} and token.lemma in QUANTITIES:
            return True
        if token.entity in {"PERCENT", "MONEY", "CARDINAL", "QUANTITY"}:
            return True
    return False


def _measured(tokens: tuple[Token, ...], position: int) -> bool:
    """ "shortly before the doors closed", "two days after the vote": a time pinned close to the
    event, so the other order is false. A bare "before the vote" is often true the other way too
    (she said it before the vote, and again after)."""
    if position == 0:
        return False
    measure = tokens[position - 1]
    return measure.dep in {"advmod", "npadvmod"} and measure.head in {
        position,
        tokens[position].head,
    }


# An exact clock time, a named hour or a date after "before"/"after": "just before midnight" for
# "just after midnight" is wrong by a hair, not a contradiction a reader is asked to catch.
_EXACT_TIME = re.compile(
    r" (?:the )?(?:midnight|noon|midday|dawn|dusk|sunrise|sunset|\d{1,2}(?:[:.]\d{2})? ?[ap]\.?m\b"
    r"|\d{1,2}[:.]\d{2}\b|\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:"
    + "|".join(sorted(m.capitalize() for m in MONTHS))
    + r")\b|(?:"
    + "|".join(sorted(m.capitalize() for m in MONTHS))
    + r") \d{1,2}\b)",
    re.IGNORECASE,
)


_CONDITIONS = words("if unless whether")


def _in_conditions(tokens: tuple[Token, ...]) -> frozenset[int]:
    """The positions of the words that stand in a condition ("would scrap it if it won control"),
    by the parse: the clause of each verb marked "if", "unless" or "whether". Flipped there, a claim
    says nothing the article denies ("would scrap it if it lost control" is no contradiction, only
    nonsense a student rejects without reading)."""
    return frozenset(
        k
        for t in tokens
        if t.dep == "mark" and t.text.lower() in _CONDITIONS
        for k in subtree(tokens, t.head)
    )


def flipped_claims(
    article: Article, index: int, claim: Claim, rng: random.Random
) -> Iterator[Candidate]:
    """False claims that reverse one word of direction (raised/cut, won/lost, more/fewer,
    before/after) from a small curated table, chosen by the word's tag."""
    if is_list_line(claim.text):
        return
    roles = claim_roles(article, claim.sentences)
    tokens = article.parsed[index].tokens
    hedged = _hedged(claim.text)
    conditioned = _in_conditions(tokens)
    for position, token in enumerate(tokens):
        if position in conditioned:
            continue
        negation = None if hedged else _negation(tokens, position)
        if negation and (
            flipped := list(_without_negation(article, index, claim, negation, roles))
        ):
            yield from flipped
            return
        opposite = POLARITY.get((token.text.lower(), token.tag))
        word = token.text.lower()
        at = claim.position(article=article, offset=token.start)
        said = claim.text
        if word in STANCE_VERBS and at >= 0:
            tail = STANCE_TAIL.search(said, at + len(token.text))
            if tail is not None:
                said = said[: tail.start()].rstrip(" ,;:") + "."
        if (
            opposite is None
            or (
                word in STANCE_VERBS
                and (_hedged(said) or not _said_by_someone(tokens, position))
            )
            or (word in JUDGING_VERBS and _judged_by_deed(tokens, position))
            or (word in DIRECTED_VERBS and not _changes_a_quantity(tokens, position))
            # "lost 9% of their weight" is no defeat: "won 9% of their weight" is nonsense.
            or (word in {"won", "lost"} and _changes_a_quantity(tokens, position))
            or (
                word in {"before", "after"}
                and (
                    not _measured(tokens, position)
                    or _EXACT_TIME.match(article.text, token.end)
                )
            )
        ):
            continue
        if at < 0 or said[at : at + len(token.text)] != token.text:
            continue
        if token.text[0].isupper():
            opposite = opposite.capitalize()
        text = said[:at] + opposite + said[at + len(token.text) :]
        yield _polarity_claim(
            article,
            index,
            claim,
            _as_claimed(text, roles),
            said=token.text,
            instead=opposite,
            seen=opposite,
            frames=frames_around(claim.text, at, at + len(token.text)),
        )
        return
    if not hedged:
        yield from _with_negation(article, index, claim, roles)
    yield from _swapped_sides(article, index, claim, roles)


# Verbs that weigh one thing against another: said the other way round, the claim is false ("the
# benefits outweigh the cost" -> "the cost outweighs the benefits").
WEIGHING_VERBS = words("outweigh outnumber exceed outstrip outpace surpass outperform")


def _swapped_sides(
    article: Article, index: int, claim: Claim, roles: list[Role]
) -> Iterator[Candidate]:
    """The false claim that puts a weighing verb's subject and object the other way round ("And
    gains of the move, the mayor said, outweigh the cost." -> "The cost, the mayor said, outweighs
    gains of the move."), its verb agreeing with its new subject, and read to stand
    alone as the claim is ("the move" as the deed the sentence before told: `read_alone`). A
    sentence whose sides hold no name or figure gives no true claim (anyone guesses it true), but
    its false one is told only by reading. Not with a figure or quotation marks in either side."""
    if claim.clause:
        return
    sentence = article.parsed[index].sentence
    tokens = article.parsed[index].tokens
    for position, verb in enumerate(tokens):
        if verb.lemma not in WEIGHING_VERBS or verb.pos != "VERB":
            continue
        sides = [
            next(
                (
                    p
                    for p, t in enumerate(tokens)
                    if t.head == position and t.dep == dep
                ),
                -1,
            )
            for dep in ("nsubj", "dobj")
        ]
        if min(sides) < 0:
            continue
        subject_span = _subtree_span(tokens, sides[0])
        object_span = _subtree_span(tokens, sides[1])
        agreed = _agreeing(verb, tokens[sides[1]])
        if subject_span is None or object_span is None or agreed is None:
            continue
        (s_first, s_last), (o_first, o_last) = subject_span, object_span
        # Only a conjunction may come before the subject ("And benefits …"), dropped.
        if not s_last < position < o_first or any(
            t.pos not in {"CCONJ", "PUNCT"} for t in tokens[:s_first]
        ):
            continue
        text = article.text
        subject = text[tokens[s_first].start : tokens[s_last].end]
        object_ = text[tokens[o_first].start : tokens[o_last].end]
        if any(re.search(r"\d|[“”\"]", side) for side in (subject, object_)):
            continue
        if tokens[s_first].pos != "PROPN":
            subject = subject[0].lower() + subject[1:]
        swapped = (
            object_[0].upper()
            + object_[1:]
            + text[tokens[s_last].end : verb.start]
            + agreed
            + text[verb.end : tokens[o_first].start]
            + subject
            + text[tokens[o_last].end : sentence.end]
        )
        sentences: tuple[int, ...] = (index,)
        if back_reference(swapped, anywhere=True):
            read = read_alone(article, index, swapped)
            if read is None:
                return
            swapped, first, _ = read
            sentences = tuple(range(first, index + 1))
        cite = citation(article, sentences)
        swapped = _as_claimed(swapped, claim_roles(article, sentences))
        yield Candidate(
            draft(
                TRUE_FALSE,
                f"According to the article: {swapped}",
                FALSE_CLAIM,
                f"False. The article says it the other way round: “{cite.quote}”",
                cite,
                "claim_refuted_order",
            ),
            sentences,
            answer_forms=(verb.text,),
            distractors=(agreed,),
            keys=fact_keys(
                article,
                sentences,
                swapped,
                extra=(("claim", index), ("polarity", index)),
            ),
            score=2.7,
            claim=swapped,
            shows=name_shows(article, sentences, swapped),
        )
        return


def _subtree_span(tokens: tuple[Token, ...], root: int) -> tuple[int, int] | None:
    """The first and last positions of the words under `root`, when they stand together."""
    found = subtree(tokens, root)
    return (found[0], found[-1]) if len(found) == found[-1] - found[0] + 1 else None


def _agreeing(verb: Token, old_object: Token) -> str | None:
    """The verb as it agrees with the object it gets for subject: "outweigh" -> "outweighs" beside
    "the risk"; a past tense as it is; None where it cannot tell."""
    if verb.tag == "VBD":
        return verb.text
    singular = old_object.tag in {"NN", "NNP"}
    plural = old_object.tag in {"NNS", "NNPS"}
    if verb.tag == "VBP" and singular:
        return verb.text + (
            "es" if verb.text.endswith(("ss", "sh", "ch", "x")) else "s"
        )
    if verb.tag == "VBZ" and plural:
        return (
            verb.text[:-2]
            if verb.text.endswith(("sses", "shes", "ches", "xes"))
            else verb.text[:-1]
        )
    if (verb.tag == "VBP" and plural) or (verb.tag == "VBZ" and singular):
        return verb.text
    return None


def _hedged(claim: str) -> bool:
    """Whether the claim gives a reason or a contrast (`HEDGES`, "in response to") that a flipped
    claim would argue against. A claim cut short of it ("praised the workers", without ", saying
    …") is flipped cleanly."""
    return "in response to" in claim or any(
        word in HEDGES for word in re.findall(r"[a-z]+", claim.lower())
    )


# Verbs of praise and blame: which one fits may be plain from what the sentence says of the one
# judged (`_judged_by_deed`).
JUDGING_VERBS = words("praised criticised criticized")


def _judged_by_deed(tokens: tuple[Token, ...], position: int) -> bool:
    """Whether the one praised or blamed is named with what they did ("the workers who freed the
    vessel", "the firm accused of fraud"): common sense then tells praise from blame, and the
    flipped claim is false without reading the article."""
    return any(
        child.head == judged and child.dep in {"relcl", "acl"}
        for judged, token in enumerate(tokens)
        if token.head == position and token.dep == "dobj" and judged != position
        for child in tokens
    )


def _praise_by_sense(tokens: tuple[Token, ...]) -> bool:
    """Whether the sentence praises or blames one it names by their deed (`_judged_by_deed`)."""
    return any(
        token.text.lower() in JUDGING_VERBS and _judged_by_deed(tokens, position)
        for position, token in enumerate(tokens)
    )


def _said_by_someone(tokens: tuple[Token, ...], position: int) -> bool:
    """Whether the stance verb's subject is a person or a body (a name, or a noun such as
    "official" or "committee"): "the ruling confirmed that ..." turned into "denied" is a ruling
    denying its own finding, absurd on its face."""
    subject = next(
        (t for t in tokens if t.head == position and t.dep in {"nsubj", "nsubjpass"}),
        None,
    )
    return subject is not None and (
        subject.entity in {"PERSON", "ORG", "NORP", "GPE"}
        or subject.pos == "PROPN"
        or subject.text.lower() in ROLE_WORDS | ORG_SUFFIXES
    )


def _negation(tokens: tuple[Token, ...], position: int) -> tuple[Token, Token] | None:
    """The auxiliary and the "not" or "never" that negates it at `position` ("is not", "had
    never"), when leaving it out says the opposite; else None."""
    token = tokens[position]
    if (
        token.text not in NEGATIONS
        or token.dep != "neg"
        or position == 0
        or position + 1 >= len(tokens)
        or tokens[position - 1].text.lower() not in NEGATED_AUXILIARIES
        or tokens[position + 1].text.lower() in NEGATION_PHRASES
    ):
        return None
    return tokens[position - 1], token


def _without_negation(
    article: Article,
    index: int,
    claim: Claim,
    negation: tuple[Token, Token],
    roles: list[Role],
) -> Iterator[Candidate]:
    """The false claim that leaves out the sentence's "not" or "never": "The result is not legally
    binding" -> "The result is legally binding", "had never won" -> "had won". A negation is
    single-valued: the article says it is not so."""
    auxiliary, negative = negation
    negated = article.text[auxiliary.start : negative.end]
    at = claim.position(article=article, offset=auxiliary.start)
    if at < 0 or claim.text[at : at + len(negated) + 1] != negated + " ":
        return
    following = claim.text[at + len(negated) + 1 :].split(" ", 1)[0]
    yield from _negation_claim(
        article,
        index,
        claim,
        roles,
        at=at,
        said=negated,
        instead=auxiliary.text,
        # The words a reader of the false claim sees where the article has its "not".
        seen=f"{auxiliary.text} {following}",
    )


NEGATIVE_WORDS = words("no none nobody nothing neither nor only without")
# Words after a verb that a "not" put between would garble ("is not also", "are not now").
NOT_BEFORE = words("also only still already now just even ever never not n't")


def _with_negation(
    article: Article, index: int, claim: Claim, roles: list[Role]
) -> Iterator[Candidate]:
    """The false claim that negates a sentence whose main verb is "to be" and which has no
    figure, name or negation of its own: "Side effects were common" -> "Side effects were not
    common". A sentence whose fact is a name or a figure ("The first man out was Florencio
    Avalos") keeps it for the question that asks for it, and a "not" there would only hide it."""
    tokens = article.parsed[index].tokens
    # "None of them was ...", "only once": a negation there doubles or garbles what is said.
    if article.numbers[index] or any(
        t.dep == "neg" or t.text.lower() in NEGATIVE_WORDS for t in tokens
    ):
        return
    position = next(
        (p for p, t in enumerate(tokens[:-1]) if t.dep == "ROOT" and t.lemma == "be"),
        -1,
    )
    if position < 0 or any(t.entity for t in tokens[position:]):
        return
    verb, following = tokens[position], tokens[position + 1]
    if following.text.lower() in NOT_BEFORE or not following.text[0].isalpha():
        return
    at = claim.position(article=article, offset=verb.start)
    if at < 0 or claim.text[at : at + len(verb.text) + 1] != verb.text + " ":
        return
    yield from _negation_claim(
        article,
        index,
        claim,
        roles,
        at=at,
        said=verb.text,
        instead=f"{verb.text} not",
        seen=f"{verb.text} not",
    )


def _negation_claim(
    article: Article,
    index: int,
    claim: Claim,
    roles: list[Role],
    *,
    at: int,
    said: str,
    instead: str,
    seen: str,
) -> Iterator[Candidate]:
    """The claim with the article's words `said` at `at` replaced by `instead`. Not within
    quotation marks (someone's own words, changed)."""
    # "was not due to return until 14 October" says when it returns: without "not" it reads as
    # nonsense, not as the opposite.
    if _quoted(claim.text, at) or " until " in claim.text[at:]:
        return
    text = _as_claimed(claim.text[:at] + instead + claim.text[at + len(said) :], roles)
    yield _polarity_claim(
        article, index, claim, text, said=said, instead=instead, seen=seen
    )


def _polarity_claim(
    article: Article,
    index: int,
    claim: Claim,
    text: str,
    *,
    said: str,
    instead: str,
    seen: str,
    frames: tuple[str, ...] = (),
) -> Candidate:
    """The false claim `text`: the article's `said` turned the other way (`instead`), which a
    reader sees as `seen`."""
    cite = citation(article, claim.sentences)
    return Candidate(
        draft(
            TRUE_FALSE,
            f"According to the article: {text}",
            FALSE_CLAIM,
            f"False. The article says “{said}”, not “{instead}”: “{cite.quote}”",
            cite,
            f"{'clause' if claim.clause else 'claim'}_refuted_polarity",
        ),
        claim.sentences,
        answer_forms=(said,),
        distractors=(seen,),
        frames=frames,
        keys=fact_keys(
            article,
            claim.sentences,
            text,
            extra=(("claim", index), ("polarity", index)),
        ),
        score=2.7,
        claim=text,
        shows=name_shows(article, claim.sentences, text),
    )

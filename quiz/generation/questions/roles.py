""" "What is X's role?": the role the article gives a named person, other roles as wrong options."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from spacy.lang.en.stop_words import STOP_WORDS

from ..claims import citation, says
from ..facts import Article
from ..records import SINGLE_CHOICE, Candidate
from ..roles import unnamed_roles
from .common import draft, fact_keys, name_shows, ordered_choices

MAX_ROLE_WORDS = 6
ROLE_POOL_LIMIT = 40


def _role_words(role: str) -> set[str]:
    return {w for w in re.split(r"[\s-]+", role.lower()) if w not in STOP_WORDS}


def role_questions(article: Article, rng: random.Random) -> Iterator[Candidate]:
    """Who is this person? "What is Ann Lee's role, according to the article?", with the roles of
    other people the article names (or of unnamed officials it quotes) as distractors. None that
    shares a word with the answer ("President" beside "Russian President") or that the article gives
    the same person elsewhere."""
    held: dict[str, set[str]] = {}
    pool: dict[str, None] = {}
    unnamed: set[str] = set()
    for index, roles in enumerate(article.roles):
        for role in roles:
            held.setdefault(role.name, set()).add(role.role.lower())
            pool.setdefault(role.role, None)
        if len(pool) < ROLE_POOL_LIMIT:
            for unnamed_role in unnamed_roles(article.sentence_text(index)):
                if unnamed_role not in pool:
                    unnamed.add(unnamed_role)
                pool.setdefault(unnamed_role, None)
    asked: set[str] = set()
    for index, roles in enumerate(article.roles):
        if not article.usable[index]:
            continue
        for role in roles:
            if role.name in asked or len(role.role.split()) > MAX_ROLE_WORDS:
                continue
            asked.add(role.name)
            cite = citation(article, (index,))
            answer_words = _role_words(role.role)
            size = len(role.role.split())
            # A bare title ("President") may make its holder one of the article's unnamed
            # officials too ("a White House official"): only named people's roles beside it.
            bare = size == 1 and role.role[0].isupper()
            options = [
                other
                for other in pool
                if other.lower() not in held[role.name]
                and not _role_words(other) & answer_words
                and other not in cite.quote
                and abs(len(other.split()) - size) <= 2
                and len(other.split()) <= MAX_ROLE_WORDS
                and not (bare and other in unnamed)
            ][:5]
            if len(options) < 3:
                continue
            wrong = sorted(rng.sample(options, 3))
            lengths = [len(o.split()) for o in (role.role, *wrong)]
            if max(lengths) - min(lengths) > 3:
                continue
            show = [o[0].upper() + o[1:] for o in (role.role, *wrong)]
            prompt = f"What is {role.name}’s role, according to the article?"
            yield Candidate(
                draft(
                    SINGLE_CHOICE,
                    prompt,
                    ordered_choices(show[:1], show[1:], rng),
                    says(cite.quote),
                    cite,
                    "person_role",
                ),
                (index,),
                answer_forms=(role.role,),
                distractors=tuple(wrong),
                keys=fact_keys(
                    article,
                    (index,),
                    f"{prompt}\n{role.role}",
                    tested=(("role", index, role.name),),
                    extra=(("person_role", role.name),),
                ),
                score=2.2,
                shows=name_shows(article, (index,), f"{prompt}\n{role.role}"),
            )

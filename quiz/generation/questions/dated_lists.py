"""Multiple select from lines that list names under a date ("2004: Bulgaria, Estonia and Latvia."),
as reference articles write enlargements, winners by year or stages of a timeline.

Such a line has no verb, so no other rule reads it. The other lines of the same run give the wrong
options: each name stands under one date, so a name listed under another date is not under this one.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from ..claims import citation
from ..facts import DATED_LINE, Article
from ..names import Mention
from ..records import MULTIPLE_SELECT, Candidate, Option
from .common import draft, fact_keys, name_key, name_shows, ordered_choices

# The listed names end where a comment on them starts: ", the first…", ", which joined…".
COMMENT = re.compile(r",? (?:the|a|an|which|who|with|after|when|exactly)\b")
# More right options than this makes a long list of ticks: the line's first names are asked.
MOST_RIGHT = 3
WRONG = 2


def _listed(article: Article, index: int) -> tuple[str, list[Mention]] | None:
    """The date of a dated line and the names it lists under it (of one kind), if it is one."""
    if index not in article.dated_lines:
        return None
    sentence = article.parsed[index].sentence
    found = DATED_LINE.fullmatch(sentence.text.rstrip("."))
    if found is None:
        return None
    rest_start = sentence.start + found.start("rest")
    comment = COMMENT.search(found.group("rest"))
    rest_end = rest_start + (comment.start() if comment else len(found.group("rest")))
    mentions = [
        m
        for m in article.mentions[index]
        if rest_start <= m.start and m.end <= rest_end
    ]
    if not mentions or any(m.kind != mentions[0].kind for m in mentions):
        return None
    return found.group("date"), mentions


def dated_list_questions(article: Article, rng: random.Random) -> Iterator[Candidate]:
    """Which of these does the article list under this date? Runs of at least three dated lines
    after an introducing sentence that ends with a colon."""
    runs: list[list[tuple[int, str, list[Mention]]]] = []
    in_run = False
    for parsed in article.parsed:
        index = parsed.sentence.index
        line_start = article.text.rfind("\n", 0, parsed.sentence.start) + 1
        if article.text[line_start : parsed.sentence.start].strip():
            # A sentence further on a dated line comments on it and does not end the run.
            continue
        listed = _listed(article, index)
        if listed is None:
            in_run = False
            continue
        if not in_run:
            runs.append([])
            in_run = True
        runs[-1].append((index, *listed))
    for run in runs:
        first = run[0][0]
        if len(run) < 3 or first == 0:
            continue
        intro = article.parsed[first - 1].sentence.text.strip()
        if not intro.endswith(":"):
            continue
        # One question per run: several would read alike and use each other's answers as wrong
        # options. The line listing most names, the earliest of equals.
        index, date, mentions = max(run, key=lambda line: len(line[2]))
        names = list(dict.fromkeys(m.name for m in mentions))
        kind = mentions[0].kind
        others = sorted(
            {
                m.name
                for other, _, ms in run
                if other != index
                for m in ms
                if m.kind == kind and m.name not in names
            }
        )
        if len(names) < 2 or len(others) < WRONG:
            continue
        right = names[:MOST_RIGHT]
        wrong = sorted(rng.sample(others, WRONG))
        cite = citation(article, (index,))
        prompt = (
            f"The article says: “{intro}” Which of these does it list under {date}? "
            "Select all that apply."
        )
        yield Candidate(
            draft(
                MULTIPLE_SELECT,
                prompt,
                ordered_choices(right, wrong, rng),
                f"It lists {', '.join(names)} under {date}: “{cite.quote}”",
                cite,
                "dated_list_select",
            ),
            (index,),
            answer_forms=tuple(right),
            distractors=tuple(wrong),
            keys=fact_keys(
                article,
                (index,),
                prompt,
                tested=tuple(name_key(index, n) for n in names),
                extra=(("list", cite.start),),
            ),
            score=2.4,
            shows=name_shows(article, (index,), prompt),
            # Every option is a name the list gives under some date: all stated.
            options=tuple(Option(name, True) for name in right + wrong),
            spares=tuple(Option(name, True) for name in others if name not in wrong),
        )

"""For a few short texts: the sentences no kept question cites, the candidates each gives and why
each is dropped (a gate, a sibling of a kept question, a leak with one), and how many candidates a
short set's fill could still take giving none away (the clean ones).

    .venv/bin/python bench/clean_left.py [name ...] [-v]
"""

import math
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.generation import (  # noqa: E402
    MIN_PER_1000_CHARS,
    leaks,
    rank,  # noqa: E402
    read_article,
)
from quiz.generation.checks import failed_gate  # noqa: E402
from quiz.generation.questions import all_candidates  # noqa: E402

TEXTS = {
    "seed": ROOT / "seeds" / "000_a9b9f1929027771f.txt",
    "suez": ROOT / "tests" / "articles" / "news_ever_given_suez.txt",
    "court": ROOT / "tests" / "articles" / "court_uk_prorogation_ruling.txt",
    "nobel": ROOT / "tests" / "articles" / "interview_nobel_physics.txt",
}


def why(candidate, chosen):  # noqa: ANN001, ANN201
    if not chosen.live_keys.isdisjoint(candidate.keys):
        return "sibling (key)"
    if not chosen.live_shows.isdisjoint(candidate.keys):
        return "shown by a kept one"
    if not chosen.live_keys.isdisjoint(candidate.shows):
        return "shows a kept key"
    if chosen.leaks.leaks_with_kept(candidate.question):
        return "leak"
    if chosen._repeats_name(candidate):
        return "repeats name"
    if chosen.blocked(candidate):
        return "weekday/date"
    return ""


def report(name: str, path: Path, verbose: bool) -> int:
    text = path.read_text(encoding="utf-8")
    article = read_article(text=text)
    rng = random.Random(0)
    every = list(all_candidates(article=article, rng=rng))
    gated = [(c, failed_gate(candidate=c, article=article)) for c in every]
    candidates = [c for c, g in gated if g is None]
    at_least = math.ceil(MIN_PER_1000_CHARS * len(text) / 1000)
    chosen_list = rank.select(candidates=candidates, at_least=at_least)
    clean = [c for c in chosen_list if not rank._flagged(c)]
    flagged = [c for c in chosen_list if rank._flagged(c)]
    ordered = sorted(candidates, key=rank._sort_key)
    chosen = rank._Set(ordered)
    for c in clean:
        chosen.take(c)
    base = len(chosen.kept)
    free = [c for c in ordered if not chosen.blocked(c)]
    for c in ordered:
        chosen.take(c)
    print(
        f"== {name}: {len(chosen_list)} kept, {len(clean)} clean, {len(flagged)} flagged;"
        f" floor {at_least};"
        f" {len(every)} candidates, {len(candidates)} past the gates;"
        f" clean left: {len(free)} unblocked, greedy {len(chosen.kept) - base}"
    )
    for c in flagged:
        print(f"   flagged [{c.question.rule}] {c.question.prompt[:150]}")
    leaks.forget()
    used = {s for c in clean for s in c.sentences}
    for index, sentence in enumerate(article.parsed):
        if index in used:
            continue
        mine = [(c, g) for c, g in gated if index in c.sentences]
        flag = [c for c in flagged if index in c.sentences]
        print(
            f"-- S{index} ({'flagged fill' if flag else 'unused'}): {sentence.sentence.text[:110]}"
        )
        probe = rank._Set(ordered)
        for c in clean:
            probe.take(c)
        for c, g in mine:
            reason = g or why(c, probe)
            if verbose or not reason:
                print(
                    f"   [{c.question.rule}] {reason or 'CLEAN'}: {c.question.prompt[:140]}"
                )
        if not verbose:
            print(f"   {len(mine)} candidates")
    return len(free)


if __name__ == "__main__":
    verbose = "-v" in sys.argv
    names = [a for a in sys.argv[1:] if a != "-v"] or list(TEXTS)
    for n in names:
        report(n, TEXTS[n], verbose)

"""Measure the quality of generated questions on the seed and the test articles (issue 11).

Per article: questions, questions per 1,000 characters, kinds and rules, key facts asked (from the
hand-written `tests/articles/<name>.facts.toml`), leaks between questions and weekday answers. Pooled:
what strategies that never read the article score, and whether every question's options are of one
entity kind. Each figure is printed beside its target, met or missed. The rules for "asks a fact" and
"leak" are defined in tests/articles/README.md; this script implements the first, and takes the
second from quiz/generation/leaks.py, which the generator's selection uses too.

Run: .venv/bin/python bench/bench_quality.py [--json results.json] [--pipeline NAME]
The exit status is 0 whatever the figures are: this measures, it does not gate.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.generation import (  # noqa: E402
    DEFAULT_PIPELINE,
    GeneratedQuestion,
    GenerationError,
    generate_questions,
)
from quiz.generation.leaks import (  # noqa: E402
    WEEKDAYS,
    answers,
    claim_of,
    find,
    is_short,
    is_true_claim,
    leaks,
    occurs,
    right_choices,
    tokens,
)
from quiz.generation.pipeline import load_pipeline  # noqa: E402
from quiz.generation.records import words  # noqa: E402

SEED = ROOT / "seeds" / "000_a9b9f1929027771f.txt"
ARTICLES = ROOT / "tests" / "articles"

# Words on either side of a fact's answer that a false claim must keep to be asking that fact.
FRAME_TOKENS = 3
LARGE_NUMBER_WORDS = words("hundred thousand million billion trillion")

TARGETS = {
    "key_facts_asked": ">= 90%",
    "news_questions_per_1000_chars": ">= 8 on every news article",
    "seed_questions": ">= 30",
    "leaks": "0",
    "weekday_answers": "<= 1 per article",
    "tf_word_for_word": "<= 60%",
    "tf_number_means_false": "<= 60%",
    "sc_only_option_in_article": "<= 50%",
    "entity_kind_agreement": ">= 95%",
}

# spaCy's entity labels, grouped into the kinds a question's options must share.
ENTITY_KIND = {
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "TIME": "DATE",
}


# --- key facts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    answer: str
    forms: tuple[str, ...]
    snippet: str
    start: int
    end: int


def read_facts(path: Path, text: str) -> tuple[str, list[Fact]]:
    """The style and key facts of one article; a malformed file stops the run with its reason."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    facts = []
    for entry in data.get("fact", []):
        answer, snippet = entry["answer"], entry["snippet"]
        if text.count(snippet) != 1:
            sys.exit(
                f"{path.name}: snippet {snippet!r} must occur exactly once in the article."
            )
        if answer not in snippet:
            sys.exit(
                f"{path.name}: answer {answer!r} is not in its snippet {snippet!r}."
            )
        start = text.index(snippet)
        forms = (answer, *entry.get("also", ()))
        facts.append(Fact(answer, forms, snippet, start, start + len(snippet)))
    if not 5 <= len(facts) <= 8:
        sys.exit(f"{path.name}: holds {len(facts)} facts, not 5 to 8.")
    return data["style"], facts


def asks(q: GeneratedQuestion, fact: Fact, text: str) -> bool:
    """Whether the question asks the fact, by the rule in tests/articles/README.md."""
    if not (q.citation.start < fact.end and fact.start < q.citation.end):
        return False
    for form in fact.forms:
        wanted = tokens(form)
        if q.kind == "numeric":
            if occurs(q.answer or "", wanted):
                return True
        elif q.kind == "true_false":
            if is_true_claim(q):
                if occurs(wanted, q.prompt):
                    return True
            elif _refutes_in_frame(q, fact, form, text):
                return True
        elif any(
            occurs(wanted, choice) or occurs(choice, wanted)
            for choice in right_choices(q)
            if is_short(choice) and tokens(choice)
        ):
            return True
    return False


def _refutes_in_frame(q: GeneratedQuestion, fact: Fact, form: str, text: str) -> bool:
    at = fact.snippet.find(form)
    claim = tokens(q.prompt)
    if at < 0 or occurs(form, claim):
        return False
    form_start = fact.start + at
    form_end = form_start + len(form)
    cite_start, cite_end = q.citation.start, q.citation.end
    lead = text[cite_start:form_start] if form_start > cite_start else ""
    # A name's article or title goes with the name: "at the University of Toronto" → "at Princeton
    # University", "…won," President Emmanuel Macron said' → '…Anne Hidalgo said: "…won"'.
    lead = re.sub(r"\b(?:the|a|an)\s+$", "", lead, flags=re.I)
    if form[:1].isupper():
        lead = re.sub(r"\b[A-Z][a-z]*\.?\s+$", "", lead)
    before = tokens(lead)[-FRAME_TOKENS:]
    after = (
        tokens(text[form_end:cite_end])[:FRAME_TOKENS] if form_end < cite_end else ()
    )
    return any(frame and find(frame, claim) >= 0 for frame in (before, after))


def weekday_answers(questions: list[GeneratedQuestion]) -> int:
    return sum(any(WEEKDAYS & set(answer) for answer in answers(q)) for q in questions)


# --- strategies that never read the article --------------------------------------------------------


def has_number(claim: tuple[str, ...]) -> bool:
    return any(t[0].isdigit() or t in LARGE_NUMBER_WORDS for t in claim)


@dataclass
class Strategies:
    """Per strategy that never reads the article, its expected score on each question it was tried on."""

    tf_word_for_word: list[float] = field(default_factory=list)
    tf_number_means_false: list[float] = field(default_factory=list)
    sc_only_option_in_article: list[float] = field(default_factory=list)

    def add(self, questions: list[GeneratedQuestion], text: str) -> None:
        article = tokens(text)
        for q in questions:
            if q.kind == "true_false":
                claim, truth = claim_of(q.prompt), is_true_claim(q)
                self.tf_word_for_word.append(
                    float((find(claim, article) >= 0) == truth)
                )
                self.tf_number_means_false.append(
                    float((not has_number(claim)) == truth)
                )
            elif q.kind == "single_choice":
                in_article = [c for c in q.choices if occurs(c.text, article)] or list(
                    q.choices
                )
                right = sum(c.correct for c in in_article)
                self.sc_only_option_in_article.append(right / len(in_article))

    def scores(self) -> dict[str, float | None]:
        return {
            name: (sum(values) / len(values) if values else None)
            for name, values in vars(self).items()
        }


# --- entity kinds of options -----------------------------------------------------------------------


MONTH = "(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# A day and month with or without a year ("21 October", "October 21, 2019"), a month and year.
DATE_SHAPE = re.compile(
    rf"\d{{1,2}} {MONTH}(?: \d{{4}})?|{MONTH} \d{{1,2}}(?:, \d{{4}})?|{MONTH} \d{{4}}"
)
YEAR_SHAPE = re.compile(r"1\d{3}|20\d{2}")


def date_shaped(options: list[str]) -> bool:
    """Every option is a date by its form alone: a day and month, a month and year, or a year among
    years. The recogniser reads a made-up "21 October" alone as a number or nothing, which it is not."""
    return all(DATE_SHAPE.fullmatch(o) for o in options) or all(
        YEAR_SHAPE.fullmatch(o) for o in options
    )


def form_kind(option: str) -> str:
    """The kind an option's form shows, for when no entity recogniser is at hand or it finds none."""
    # A range of percentages ("4.5% to 4.75%") is one too: read alone, the recogniser splits it.
    percent = r"[-\d.,]+\s*%|[-\d.,]+ per ?cent"
    if re.fullmatch(rf"(?:{percent})(?: to (?:{percent}))?", option):
        return "PERCENT"
    if re.match(r"[$£€¥]|\d[\d.,]* (dollars|euros|pounds|kronor)\b", option):
        return "MONEY"
    if re.fullmatch(
        r"\d+(st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth",
        option,
        re.I,
    ):
        return "ORDINAL"
    if re.fullmatch(r"1\d{3}|20\d{2}", option) or WEEKDAYS & set(tokens(option)):
        return "DATE"
    if re.fullmatch(r"[-\d.,]+", option):
        return "CARDINAL"
    return "OTHER"


class EntityKinds:
    """Each option's entity kind: its label where the article names it, else the label of the option
    read alone, else its form. Without the trained pipeline only the form is used (numbers, dates)."""

    def __init__(self, pipeline: str) -> None:
        try:
            self.nlp = load_pipeline(pipeline)
            self.note = f"entity kinds from {pipeline}'s named entities"
        except GenerationError:
            self.nlp = None
            self.note = (
                f"{pipeline} is not installed: kinds from the options' form only "
                "(numbers and dates; people, places and organisations not told apart)"
            )
        self.labels: dict[tuple[str, ...], Counter[str]] = {}

    def read_article(self, text: str) -> None:
        self.labels = {}
        if self.nlp is None:
            return
        for ent in self.nlp(text).ents:
            key = tokens(re.sub(r"^the ", "", ent.text, flags=re.I))
            self.labels.setdefault(key, Counter())[self._kind(ent.label_)] += 1

    def kind(self, option: str) -> str:
        # "the Netherlands" and "Mr Irback" stand in the article's entities as "Netherlands", "Irback".
        keys = (
            tokens(option),
            tokens(re.sub(r"^the ", "", option, flags=re.I)),
            tokens(
                re.sub(r"^(mr|mrs|ms|miss|dr|sir|lady|lord) ", "", option, flags=re.I)
            ),
        )
        if self.nlp is not None:
            for key in keys:
                if key in self.labels:
                    return self.labels[key].most_common(1)[0][0]
            ents = self.nlp(option).ents
            if len(ents) == 1 and tokens(ents[0].text) in keys:
                return self._kind(ents[0].label_)
            # A full name the model missed, whose surname it read titled ("Anders Irback" beside
            # "Mr Irback"): the generator links the two.
            words = option.split()
            if len(words) in (2, 3) and all(w[:1].isupper() for w in words):
                surname = tokens(words[-1])
                if surname in self.labels:
                    return self.labels[surname].most_common(1)[0][0]
        return form_kind(option)

    @staticmethod
    def _kind(label: str) -> str:
        return ENTITY_KIND.get(label, label)


def kind_agreement(
    questions: list[GeneratedQuestion], kinds: EntityKinds
) -> tuple[int, list[str]]:
    """How many choice questions with an entity among their options were judged, and the mixed ones."""
    judged, mixed = 0, []
    for n, q in enumerate(questions, 1):
        options = [c.text for c in q.choices]
        if q.kind not in ("single_choice", "multiple_select") or not all(
            map(is_short, options)
        ):
            continue
        found = (
            ["DATE"] * len(options)
            if date_shaped(options)
            else [kinds.kind(o) for o in options]
        )
        if set(found) == {"OTHER"}:
            continue
        judged += 1
        if len(set(found)) > 1:
            mixed.append(
                f"Q{n}: "
                + ", ".join(f"{o} ({k})" for o, k in zip(options, found, strict=True))
            )
    return judged, mixed


# --- the run ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One pooled figure beside its target: `met` is None when there was nothing to measure."""

    key: str
    value: float | int | None
    shown: str
    met: bool | None


def share(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def at_least(value: float | None, limit: float) -> bool | None:
    return None if value is None else value >= limit


def at_most(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def measure_article(
    *,
    name: str,
    text: str,
    facts: list[Fact] | None,
    pipeline: str,
    kinds: EntityKinds,
    strategies: Strategies,
) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        questions = generate_questions(text=text, seed=0, pipeline=pipeline)
    except GenerationError as error:
        return {"name": name, "error": str(error)}
    seconds = time.perf_counter() - started
    strategies.add(questions, text)
    kinds.read_article(text)
    judged, mixed = kind_agreement(questions, kinds)
    facts = facts or []
    asked = [f for f in facts if any(asks(q, f, text) for q in questions)]
    return {
        "name": name,
        "characters": len(text),
        "seconds": round(seconds, 3),
        "questions": len(questions),
        "per_1000_chars": round(len(questions) / len(text) * 1000, 2),
        "kinds": dict(Counter(q.kind for q in questions).most_common()),
        "rules": dict(Counter(q.rule for q in questions).most_common()),
        "facts": len(facts),
        "facts_asked": len(asked),
        "facts_missed": [f.answer for f in facts if f not in asked],
        "leaks": leaks(questions),
        "weekday_answers": weekday_answers(questions),
        "kind_judged": judged,
        "kind_mixed": mixed,
    }


def print_article(row: dict[str, Any]) -> None:
    print(f"\n## {row['name']} ({row['style']})")
    if "error" in row:
        print(f"  generation failed: {row['error']}")
        return
    print(
        f"  {row['questions']} questions, {row['per_1000_chars']:.1f} per 1,000 characters "
        f"({row['characters']} characters, {row['seconds']:.2f} s)"
    )
    print("  kinds: " + ", ".join(f"{k} {n}" for k, n in row["kinds"].items()))
    print("  rules: " + ", ".join(f"{k} {n}" for k, n in row["rules"].items()))
    if row["facts"]:
        missed = ", ".join(row["facts_missed"])
        print(
            f"  key facts asked: {row['facts_asked']}/{row['facts']}"
            + (f"; missed: {missed}" if missed else "")
        )
    print(f"  leaks: {len(row['leaks'])}")
    for leak in row["leaks"]:
        print(f"    {leak}")
    print(f"  weekday answers: {row['weekday_answers']}")
    for line in row["kind_mixed"]:
        print(f"  options of mixed kinds: {line}")


def pooled_figures(rows: list[dict[str, Any]], strategies: Strategies) -> list[Figure]:
    facts = sum(r["facts"] for r in rows)
    asked = sum(r["facts_asked"] for r in rows)
    facts_share = asked / facts if facts else None
    news = sorted(
        (r for r in rows if r["style"] == "news"), key=lambda r: r["per_1000_chars"]
    )
    seed = next((r["questions"] for r in rows if r["name"] == "seed"), None)
    leak_count = sum(len(r["leaks"]) for r in rows)
    most_weekdays = max((r["weekday_answers"] for r in rows), default=0)
    judged = sum(r["kind_judged"] for r in rows)
    mixed = sum(len(r["kind_mixed"]) for r in rows)
    agreement = 1 - mixed / judged if judged else None
    word_for_word = share(strategies.tf_word_for_word)
    number_false = share(strategies.tf_number_means_false)
    only_option = share(strategies.sc_only_option_in_article)
    claims = len(strategies.tf_word_for_word)
    return [
        Figure(
            "key_facts_asked",
            facts_share,
            f"{percent(facts_share)} ({asked}/{facts})",
            at_least(facts_share, 0.9),
        ),
        Figure(
            "news_questions_per_1000_chars",
            news[0]["per_1000_chars"] if news else None,
            f"lowest {news[0]['name']} {news[0]['per_1000_chars']:.1f}"
            if news
            else "n/a",
            at_least(news[0]["per_1000_chars"], 8) if news else None,
        ),
        Figure(
            "seed_questions",
            seed,
            "n/a" if seed is None else str(seed),
            at_least(seed, 30),
        ),
        Figure(
            "leaks",
            leak_count,
            str(leak_count),
            at_most(leak_count, 0) if rows else None,
        ),
        Figure(
            "weekday_answers",
            most_weekdays,
            f"at most {most_weekdays} in one article, "
            f"{sum(r['weekday_answers'] for r in rows)} in all",
            at_most(most_weekdays, 1) if rows else None,
        ),
        Figure(
            "tf_word_for_word",
            word_for_word,
            f"{percent(word_for_word)} of {claims} claims",
            at_most(word_for_word, 0.6),
        ),
        Figure(
            "tf_number_means_false",
            number_false,
            f"{percent(number_false)} of {claims} claims",
            at_most(number_false, 0.6),
        ),
        Figure(
            "sc_only_option_in_article",
            only_option,
            f"{percent(only_option)} of {len(strategies.sc_only_option_in_article)} questions",
            at_most(only_option, 0.5),
        ),
        Figure(
            "entity_kind_agreement",
            agreement,
            f"{percent(agreement)} of {judged} questions",
            at_least(agreement, 0.95),
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--pipeline", default=DEFAULT_PIPELINE, help="the spaCy pipeline to use"
    )
    args = parser.parse_args()

    inputs: list[tuple[str, str, str, list[Fact] | None]] = [
        ("seed", "seed", SEED.read_text(encoding="utf-8"), None)
    ]
    for path in sorted(ARTICLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        style, facts = read_facts(path.with_suffix(".facts.toml"), text)
        inputs.append((path.stem, style, text, facts))

    kinds = EntityKinds(args.pipeline)
    strategies = Strategies()
    print(f"# Question quality on the seed and {len(inputs) - 1} test articles")
    rows = []
    for name, style, text, facts in inputs:
        row = measure_article(
            name=name,
            text=text,
            facts=facts,
            pipeline=args.pipeline,
            kinds=kinds,
            strategies=strategies,
        )
        row["style"] = style
        print_article(row)
        rows.append(row)

    done = [r for r in rows if "error" not in r]
    figures = pooled_figures(done, strategies)
    print("\n# Pooled")
    print(
        f"  {sum(r['questions'] for r in done)} questions on {len(done)} texts; {kinds.note}"
    )
    for f in figures:
        verdict = {None: "n/a", True: "met", False: "MISSED"}[f.met]
        print(
            f"  {f.key.replace('_', ' ')}: {f.shown}  [target {TARGETS[f.key]}: {verdict}]"
        )
    failed = [r["name"] for r in rows if "error" in r]
    if failed:
        print(f"  generation failed on: {', '.join(failed)}")

    if args.json:
        pooled = {
            f.key: {"value": f.value, "target": TARGETS[f.key], "met": f.met}
            for f in figures
        }
        report = {"articles": rows, "pooled": pooled, "entity_kinds": kinds.note}
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""Tests for the pure question generator: the bar from issue 3, each hard gate, and bad input.

Pure tests: no database, no Django. The articles in tests/articles/ are written from real reporting,
one paragraph per line, so that the rules are tested on prose they were not tuned on alone.
"""

from __future__ import annotations

import ast
import json
import random
import re
from collections import Counter
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest

from quiz.generation import (
    Citation,
    GeneratedChoice,
    GeneratedQuestion,
    GenerationError,
    generate_questions,
    read_article,
    split_sentences,
)
from quiz.generation.checks import (
    HARD_GATES,
    answer_in_citation,
    answer_not_the_topic,
    choices_distinct,
    choices_well_formed,
    distractors_false,
    failed_gate,
    options_one_kind,
    prompt_well_formed,
    quote_exact,
    sentences_usable,
)
from quiz.generation.claims import make_claim, ruled_claim
from quiz.generation.distractors import number_variants
from quiz.generation.leaks import has_number
from quiz.generation.pipeline import DEFAULT_PIPELINE, load_pipeline
from quiz.generation.questions import all_candidates
from quiz.generation.questions.common import (
    RESERVE,
    fact_keys,
    in_its_words,
    value_key,
)
from quiz.generation.rank import select
from quiz.generation.records import Candidate
from quiz.generation.sentences import parse_sentences

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "000_a9b9f1929027771f.txt").read_text(encoding="utf-8")
ARTICLES = {
    p.stem: p.read_text(encoding="utf-8")
    for p in sorted((ROOT / "tests" / "articles").glob("*.txt"))
}
ALL = {"seed": SEED} | ARTICLES
KINDS = {"single_choice", "multiple_select", "true_false", "numeric"}

_cache: dict[str, list[GeneratedQuestion]] = {}


def generated(name: str) -> list[GeneratedQuestion]:
    if name not in _cache:
        _cache[name] = generate_questions(text=ALL[name], seed=0)
    return _cache[name]


def article_for(text: str):
    return read_article(text=text)


def candidates_for(text: str) -> tuple[object, list[Candidate]]:
    article = article_for(text)
    return article, all_candidates(article=article, rng=random.Random(0))


_CHOICE_RULES = {
    "number_choice",
    "year_choice",
    "amount_choice",
    "percent_choice",
    "date_choice",
    "ordinal_choice",
}


def _refuted(q: GeneratedQuestion) -> bool:
    return q.kind == "true_false" and q.choices[1].correct


# --- the API ---------------------------------------------------------------------------------------


def test_to_dict_has_exactly_the_json_shape():
    q = generated("seed")[0]
    d = q.to_dict()
    assert list(d) == [
        "kind",
        "prompt",
        "choices",
        "answer",
        "explanation",
        "citation",
        "rule",
        "review",
    ]
    assert set(d["citation"]) == {"start", "end", "quote"}
    assert all(set(c) == {"text", "correct"} for c in d["choices"])
    json.dumps(d)


def test_split_sentences_keeps_offsets_paragraphs_and_abbreviations():
    text = "Mr. Smith met Dr. Jones in the U.S. capital. They talked.\nA new paragraph starts here"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Mr. Smith met Dr. Jones in the U.S. capital.",
        "They talked.",
        "A new paragraph starts here",
    ]
    assert [s.paragraph for s in sentences] == [0, 0, 1]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_split_sentences_moves_an_opening_quote_to_its_sentence():
    sentences = split_sentences(SEED)
    assert any(s.text.startswith("“And the real world events") for s in sentences)
    assert all(SEED[s.start : s.end] == s.text for s in sentences)


def test_a_repeated_sentence_is_read_once_and_cited_where_it_stands():
    """The pipeline is most of the cost of generating: a sentence the text repeats (a sign-off, a
    pasted paragraph) is read once, and its second reading is the first at its own offsets."""
    nlp = load_pipeline(DEFAULT_PIPELINE)
    read: list[str] = []

    class Recording:
        def pipe(self, texts, **options):
            texts = list(texts)
            read.extend(texts)
            return nlp.pipe(texts, **options)

    repeated = "Paris voted to ban rented scooters in April 2023."
    text = f"{repeated} The mayor said so.\nTurnout was low. {repeated}"
    parsed = parse_sentences(text=text, nlp=Recording())
    assert read.count(repeated) == 1
    first, last = parsed[0], parsed[-1]
    assert last.sentence.start == text.rindex(repeated)
    assert [text[t.start : t.end] for t in last.tokens] == [
        t.text for t in first.tokens
    ]
    assert [text[e.start : e.end] for e in last.entities] == [
        e.text for e in first.entities
    ]
    alone = parse_sentences(text=repeated, nlp=nlp)[0]
    assert [(t.pos, t.dep, t.head, t.lemma, t.entity) for t in last.tokens] == [
        (t.pos, t.dep, t.head, t.lemma, t.entity) for t in alone.tokens
    ]


def test_the_pipeline_is_loaded_once_per_process():
    generated("seed")
    loads = load_pipeline.cache_info().misses
    generate_questions(text=ALL["economy_fed_rate_cut"], seed=1)
    generate_questions(text=ALL["sport_leicester_title"], seed=0)
    assert load_pipeline.cache_info().misses == loads


def test_a_question_changed_with_replace_hashes_as_its_new_self():
    """Questions are looked up in the selection's caches by hash, which a question keeps once made:
    a copy with another prompt must not inherit it."""
    question = generated("seed")[0]
    hash(question)
    changed = replace(question, prompt=question.prompt + " (edited)")
    assert changed != question
    assert hash(changed) == hash(replace(changed))
    assert {question: 1}.get(changed) is None
    assert hash(replace(question)) == hash(question)


def test_deterministic_byte_for_byte():
    for name in ALL:
        first = json.dumps(
            [q.to_dict() for q in generate_questions(text=ALL[name], seed=0)],
            ensure_ascii=False,
        )
        second = json.dumps(
            [q.to_dict() for q in generate_questions(text=ALL[name], seed=0)],
            ensure_ascii=False,
        )
        assert first == second


def test_no_seed_article_strings_in_the_generator_source():
    source = "\n".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "quiz" / "generation").glob("*.py")
    )
    for phrase in [
        "Ottawa",
        "Atacms",
        "Storm Shadow",
        "Ukraine",
        "landmine",
        "Wareham",
        "Amnesty",
        "Kursk",
        "Himars",
        "Kyiv",
        "Pentagon",
        "howitzer",
    ]:
        assert phrase.lower() not in source.lower(), phrase


# --- the bar on the seed and the test articles -----------------------------------------------------


@pytest.mark.parametrize("name", list(ALL))
def test_every_question_passes_every_hard_gate(name):
    text = ALL[name]
    article = article_for(text)
    for q in generated(name):
        assert text[q.citation.start : q.citation.end] == q.citation.quote
        assert q.kind in KINDS
        candidate = Candidate(
            q,
            tuple(
                s.index
                for s in split_sentences(text)
                if s.start < q.citation.end and q.citation.start < s.end
            ),
        )
        assert quote_exact(candidate=candidate, article=article) is None
        assert sentences_usable(candidate=candidate, article=article) is None
        assert (
            choices_distinct(candidate=candidate, article=article) is None
            or q.kind == "numeric"
        )


def test_seed_bar_count_kinds_and_rules():
    questions = generated("seed")
    assert len(questions) >= 30
    kinds = Counter(q.kind for q in questions)
    rules = Counter(q.rule for q in questions)
    assert set(kinds) == KINDS
    assert rules["who_did"] and rules["claim_supported"]
    families = {r.split("_")[0] for r in rules} | set(kinds)
    assert len(families) >= 5


@pytest.mark.parametrize("name", list(ALL))
def test_covers_fact_stating_sentences(name):
    text = ALL[name]
    article = article_for(text)
    fact_sentences = {
        i
        for i, usable in enumerate(article.usable)
        if usable and (article.mentions[i] or article.numbers[i])
    }
    cited: set[int] = set()
    for q in generated(name):
        for s in article.parsed:
            if s.sentence.start < q.citation.end and q.citation.start < s.sentence.end:
                cited.add(s.sentence.index)
    coverage = len(cited & fact_sentences) / len(fact_sentences)
    assert coverage >= 0.8, (name, coverage, sorted(fact_sentences - cited))


@pytest.mark.parametrize("name", list(ARTICLES))
def test_articles_yield_enough_questions(name):
    text = ARTICLES[name]
    assert 1500 <= len(text.encode("utf-8")) <= 4096
    assert len(generated(name)) / len(text) * 1000 >= 8


@pytest.mark.parametrize("name", list(ALL))
def test_balanced_claims_and_kinds(name):
    questions = generated(name)
    claims = [q for q in questions if q.kind == "true_false"]
    if claims:
        share = sum(map(_refuted, claims)) / len(claims)
        assert 0.25 <= share <= 0.75, share
    kinds = Counter(q.kind for q in questions)
    assert max(kinds.values()) <= len(questions) / 2, kinds


@pytest.mark.parametrize("name", list(ALL))
def test_supported_and_refuted_versions_never_both_kept(name):
    citations = Counter(
        (q.citation.start, q.citation.end)
        for q in generated(name)
        if q.kind == "true_false"
    )
    assert max(citations.values(), default=0) <= 1


@pytest.mark.parametrize("name", list(ALL))
def test_questions_are_well_formed(name):
    for q in generated(name):
        correct = [c for c in q.choices if c.correct]
        if q.kind == "true_false":
            assert [c.text for c in q.choices] == ["True", "False"] and len(
                correct
            ) == 1
            assert q.prompt.startswith("According to the article: ")
        elif q.kind == "numeric":
            assert q.choices == () and re.fullmatch(r"\d+(\.\d+)?", q.answer)
            assert not re.search(
                rf"(?<![\d.,]){re.escape(q.answer)}(?!\d|[.,]\d)", q.prompt
            )
        elif q.kind == "single_choice":
            assert len(q.choices) in {3, 4} and len(correct) == 1
        else:
            assert 1 <= len(correct) < len(q.choices)
        assert not re.match(r"(It|They|He|She)\b", q.prompt)
        assert q.explanation


def test_refuted_claim_changes_one_number_and_quotes_the_article():
    refuted = [q for q in generated("seed") if _refuted(q)]
    assert refuted
    for q in refuted:
        assert "The article says" in q.explanation and q.citation.quote in q.explanation


def test_correct_answer_position_is_spread():
    positions = Counter(
        next(i for i, c in enumerate(q.choices) if c.correct)
        for name in ALL
        for q in generated(name)
        if q.kind == "single_choice" and q.rule not in _CHOICE_RULES
    )
    assert len(positions) == 4 and min(positions.values()) >= 3, positions


def test_numeric_options_are_sorted():
    for name in ALL:
        for q in generated(name):
            if q.rule in {
                "number_choice",
                "year_choice",
                "amount_choice",
                "percent_choice",
            }:
                values = [
                    float(re.sub(r"[^\d.]", "", c.text.split()[0]) or 0)
                    for c in q.choices
                ]
                assert values == sorted(values), q.prompt


def test_who_said_offers_other_people_of_the_article():
    who = [q for q in generated("seed") if q.rule == "who_said"]
    assert who
    for q in who:
        for choice in q.choices:
            assert choice.text in SEED or choice.text.split()[-1] in SEED


# --- each hard gate rejects a crafted bad candidate ------------------------------------------------


@pytest.fixture(scope="module")
def seed_parts():
    article, candidates = candidates_for(SEED)
    good = {}
    for c in candidates:
        if failed_gate(candidate=c, article=article) is None:
            good.setdefault(c.question.rule, c)
    return article, good


def _with(candidate: Candidate, **question_changes) -> Candidate:
    return replace(candidate, question=replace(candidate.question, **question_changes))


def test_gate_quote_must_match_offsets(seed_parts):
    article, good = seed_parts
    c = good["who_said"]
    bad = _with(
        c,
        citation=Citation(
            c.question.citation.start + 1,
            c.question.citation.end,
            c.question.citation.quote,
        ),
    )
    assert quote_exact(candidate=c, article=article) is None
    assert quote_exact(candidate=bad, article=article)


def test_gate_answer_must_stand_in_citation(seed_parts):
    article, good = seed_parts
    c = good["number_cloze"]
    assert answer_in_citation(candidate=c, article=article) is None
    assert answer_in_citation(
        candidate=replace(c, answer_forms=("134",)), article=article
    )
    who = good["who_said"]
    assert answer_in_citation(
        candidate=replace(who, answer_forms=("Nobody Here",)), article=article
    )


def test_gate_numbers_match_by_value_and_names_on_word_boundaries(seed_parts):
    article, good = seed_parts
    c = good["number_cloze"]
    text = "It cost 1,000 dollars and the US used it."
    bad = _with(c, citation=Citation(0, len(text), text))
    assert (
        answer_in_citation(
            candidate=replace(bad, answer_forms=("1000",)), article=article
        )
        is None
    )
    assert (
        answer_in_citation(
            candidate=replace(bad, answer_forms=("US",), numeric=False), article=article
        )
        is None
    )
    assert answer_in_citation(
        candidate=replace(bad, answer_forms=("use",), numeric=False), article=article
    )


def test_gate_distractor_must_not_be_in_citation_or_stated(seed_parts):
    article, good = seed_parts
    who = good["who_said"]
    speaker_in_quote = next(
        name
        for name in article.pools["person"]
        if name.split()[-1] in who.question.citation.quote
    )
    assert distractors_false(candidate=who, article=article) is None
    assert distractors_false(
        candidate=replace(who, distractors=(speaker_in_quote,)), article=article
    )
    year = good["year_choice"]
    # A number the article states is refused where it may be true: anywhere, for a question
    # without the words around its answer; in a sentence with those words, for one that has them.
    assert distractors_false(
        candidate=replace(year, distractors=("133",), frames=()), article=article
    )
    assert distractors_false(
        candidate=replace(year, distractors=("133",), frames=("signed by",)),
        article=article,
    )


def test_gate_distractor_true_elsewhere_is_rejected():
    text = (
        "Alice Brown said the plan would cut costs. Carol White said the plan would cut costs.\n"
        "Dan Green said the report was late. Eve Black said the budget was small. Frank Gray said so too."
    )
    article, candidates = candidates_for(text)
    who = [
        c
        for c in candidates
        if c.question.rule == "who_did" and "cut costs" in c.question.prompt
    ]
    assert who
    for c in who:
        assert "Carol White" not in c.distractors or failed_gate(
            candidate=c, article=article
        )


def test_gate_choices_distinct_after_normalising(seed_parts):
    article, good = seed_parts
    c = good["who_said"]
    choices = c.question.choices
    twin = GeneratedChoice(choices[0].text.upper() + ".", False)
    assert choices_distinct(candidate=c, article=article) is None
    assert choices_distinct(
        candidate=_with(c, choices=(*choices[:3], twin)), article=article
    )


def test_gate_choices_homogeneous(seed_parts):
    article, good = seed_parts
    c = good["year_choice"]
    mixed = (*c.question.choices[:3], GeneratedChoice("last spring", False))
    assert choices_well_formed(candidate=c, article=article) is None
    assert choices_well_formed(candidate=_with(c, choices=mixed), article=article)
    tf = good["claim_supported"]
    assert choices_well_formed(
        candidate=_with(
            tf, choices=(GeneratedChoice("False", False), GeneratedChoice("True", True))
        ),
        article=article,
    )


def test_gate_prompt_well_formed(seed_parts):
    article, good = seed_parts
    c = good["who_said"]
    assert prompt_well_formed(candidate=c, article=article) is None
    assert prompt_well_formed(
        candidate=_with(c, prompt=c.question.prompt.rstrip("?")), article=article
    )
    answer = next(ch.text for ch in c.question.choices if ch.correct)
    assert prompt_well_formed(
        candidate=_with(c, prompt=f"Did {answer} say it?"), article=article
    )
    tf = good["claim_supported"]
    assert prompt_well_formed(
        candidate=_with(tf, prompt="It was signed by many?"), article=article
    )


def test_gate_cut_off_sentence_is_not_used():
    text = "The council approved a budget of 40 million dollars on Monday.\nThe mayor said the budget of 40 million dollars"
    article, candidates = candidates_for(text)
    assert article.usable == [True, False]
    assert all(1 not in c.sentences for c in candidates)
    crafted = replace(candidates[0], sentences=(1,))
    assert sentences_usable(candidate=crafted, article=article)


def test_sibling_questions_are_not_both_kept(seed_parts):
    article, good = seed_parts
    supported, refuted = good["claim_supported"], good["claim_refuted_number"]
    twin = replace(supported, keys=refuted.keys, sentences=refuted.sentences)
    kept = select(candidates=[twin, refuted])
    assert len(kept) == 1


def test_near_duplicate_prompts_are_not_both_kept(seed_parts):
    article, good = seed_parts
    c = good["who_said"]
    twin = replace(
        _with(c, prompt=c.question.prompt.replace("?", " ?")), keys=(("other",),)
    )
    assert len(select(candidates=[c, twin])) == 1


def test_a_short_set_trades_a_question_for_the_two_it_keeps_out():
    """A set too short to have claims as half of it: the question asking two facts gives way to two
    questions asking one each, and another claim then fits."""
    text = (
        "The Leeds canal bridge, built in 1871, carries 12,000 cars a day. "
        "Engineer Tom Hale said the repairs cost 4 million pounds. "
        "Shop owner Mary Lund said the closure cost her 30% of her trade. "
        "The council in Leeds said 250 people signed a letter in May. "
        "Bus driver Sam Ode said 40 buses a day used the bridge before June.\n"
    )
    _, candidates = candidates_for(text)

    def made(rule: str, sentence: int) -> Candidate:
        return next(
            c
            for c in candidates
            if c.question.rule == rule and c.sentences == (sentence,)
        )

    both = replace(
        made("number_choice", 1),
        keys=(("fact", 1), ("fact", 2)),
        shows=(),
        score=3.0,
    )
    # Held in reserve, so only the filling of a short set may take them.
    first, second = (
        replace(made(rule, s), sentences=(1,), keys=(("fact", k),), shows=(), score=0.5)
        for rule, s, k in (("number_cloze", 2, 1), ("number_choice", 3, 2))
    )
    claims = [
        replace(made(rule, s), keys=(("claim", rule, s),), shows=(), score=2.0)
        for rule, s in (
            ("claim_supported", 0),
            ("claim_refuted_number", 0),
            ("claim_supported", 4),
            ("claim_refuted_number", 4),
        )
    ]
    kept = select(candidates=[both, first, second, *claims], at_least=6)
    assert len(kept) == 4
    assert both not in kept
    assert first in kept and second in kept
    assert sum(c.question.kind == "true_false" for c in kept) == 2


def test_every_hard_gate_is_named():
    assert len(HARD_GATES) == 11


def test_gate_the_name_the_article_is_about_is_not_asked_for():
    """A name in most sentences ("Ukraine" in half the seed's) is guessed without reading and would
    stand in most other prompts; claims and lists that hold it still need reading."""
    article, candidates = candidates_for(SEED)
    asking = [
        c
        for c in candidates
        if c.question.kind == "single_choice"
        and any(k[0] == "name" and k[2] == "Ukraine" for k in c.keys)
    ]
    assert asking
    for candidate in asking:
        assert "'Ukraine'" in answer_not_the_topic(candidate=candidate, article=article)
    claims = [c for c in candidates if c.question.kind == "true_false"]
    assert all(
        answer_not_the_topic(candidate=c, article=article) is None for c in claims
    )


# --- bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n\t  ", "empty"),
        ("abc\x00def. More text here is fine.", "binary"),
        ("x" * 5_000_000, "too long"),
        ("<html><body><p>Hello there.</p><p>It was signed.</p></body></html>", "HTML"),
        ("apple banana cherry\nred green blue", "No complete"),
        # Headline fragments: "bonuses" after a name looked like a verb to the old word rules; the
        # tagger reads it as the noun it is.
        (
            "Goldman Sachs bonuses for the London traders this year.\n"
            "Record Tesla sales figures in the first quarter of the year.",
            "No complete",
        ),
    ],
)
def test_bad_input_gives_a_clear_message(text, message):
    with pytest.raises(GenerationError, match=message):
        generate_questions(text=text, seed=0)


def test_a_pipeline_that_is_not_installed_gets_a_clear_message():
    with pytest.raises(GenerationError, match="'no_such_pipeline' is not installed"):
        generate_questions(text=SEED, seed=0, pipeline="no_such_pipeline")


def test_binary_bytes_decoded_as_latin1_are_refused():
    blob = bytes(range(256)).decode("latin-1") * 10
    with pytest.raises(GenerationError):
        generate_questions(text=blob, seed=0)


def test_non_string_is_refused():
    with pytest.raises(GenerationError):
        generate_questions(text=b"bytes", seed=0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "🎉🎉🎉 Party time! 🎉 The band played 3 songs on Friday and the crowd of 2,000 people sang along. 🎶",
        "Η Ελλάδα είναι μια χώρα στη νότια Ευρώπη. Η Αθήνα είναι η πρωτεύουσα.",
        "日本は東アジアの国です。首都は東京です。",
        "The café in Zürich sold 120 crêpes on Monday, the owner said.\nΗ Αθήνα είναι η πρωτεύουσα. 東京です。",
    ],
)
def test_emoji_and_other_scripts_give_a_result_or_a_message(text):
    try:
        questions = generate_questions(text=text, seed=0)
    except GenerationError as error:
        assert str(error)
        return
    for q in questions:
        assert text[q.citation.start : q.citation.end] == q.citation.quote


def test_offsets_are_code_points_with_emoji_before():
    text = "🎉🎉 " + ARTICLES["economy_fed_rate_cut"]
    for q in generate_questions(text=text, seed=0):
        assert text[q.citation.start : q.citation.end] == q.citation.quote


def test_concatenated_articles_keep_valid_citations_and_bounded_output():
    text = "\n".join(ALL.values()) * 3
    questions = generate_questions(text=text, seed=0)
    assert 0 < len(questions) <= 400
    prompts = [q.prompt for q in questions]
    assert len(prompts) == len(set(prompts))
    for q in questions:
        assert text[q.citation.start : q.citation.end] == q.citation.quote


# --- siblings, context, metonyms, quotes -----------------------------------------------------------


_NUMBER_RULES = _CHOICE_RULES | {"number_cloze"}


def _shows(text: str, number: str) -> bool:
    return re.search(rf"(?<![\w.,]){re.escape(number)}(?!\w|[.,]\d)", text) is not None


def _facts(article, q: GeneratedQuestion) -> set[tuple[int, float]]:
    """(sentence, value) of every number of the cited sentences the question tests or shows as the
    article's words before it is answered: a supported claim, a cloze or a choice on it, the
    value a refuted claim changes."""
    cited = [
        s.sentence.index
        for s in article.parsed
        if s.sentence.start < q.citation.end and q.citation.start < s.sentence.end
    ]
    correct = [c.text for c in q.choices if c.correct and q.kind != "true_false"]
    shown = "\n".join([q.prompt, *correct])
    changed = re.match(r"False\. The article says (.+?), not ", q.explanation)
    facts = set()
    for index in cited:
        for n in article.numbers[index]:
            if index != cited[-1] and n.is_word and not in_its_words(article, n, shown):
                # "Argentina's first title came in 1978" shows its own sentence's "first", not
                # the one of "It was Argentina's first world title" it takes "Argentina's" from.
                continue
            tested = (changed and changed.group(1) == n.text) or (
                q.rule in _NUMBER_RULES
                and (n.text in correct or (q.answer and _shows(n.digits, q.answer)))
                and not _shows(q.prompt, n.text)
            )
            if tested or _shows(shown, n.text):
                facts.add((index, n.value))
    return facts


@pytest.mark.parametrize("name", list(ALL))
def test_one_question_per_fact_across_kinds(name):
    """A refuted claim changing a value, a cloze or choice on it and a claim stating it are siblings."""
    article = article_for(ALL[name])
    owner: dict[tuple[int, float], str] = {}
    for q in generated(name):
        for fact in _facts(article, q):
            assert fact not in owner, (fact, owner.get(fact), q.prompt)
            owner[fact] = q.prompt


def test_seed_siblings_named_in_review_are_gone():
    questions = generated("seed")
    prompts = " ".join(q.prompt for q in questions)
    rules = Counter(q.rule for q in questions)
    assert not ("on Monday said it will give" in prompts and "on ____ said" in prompts)
    assert not ("the fourth time" in prompts and "the ____ time" in prompts)
    assert not ("since 1996" in prompts and "since ____" in prompts)
    assert "signed by 166 nations" not in prompts or (
        "signed by ____" not in prompts and "signed by 133" not in prompts
    )
    assert rules["claim_refuted_number"] + rules["number_cloze"] <= 3


@pytest.mark.parametrize("name", list(ALL))
def test_one_single_choice_per_sentence_and_answer(name):
    text = ALL[name]
    article = article_for(text)
    seen: dict[tuple[int, str], str] = {}
    for q in generated(name):
        if q.kind != "single_choice":
            continue
        last = max(
            s.sentence.index
            for s in article.parsed
            if s.sentence.start < q.citation.end and q.citation.start < s.sentence.end
        )
        answer = next(c.text for c in q.choices if c.correct)
        assert (last, answer) not in seen, (seen[(last, answer)], q.prompt)
        seen[(last, answer)] = q.prompt


def test_back_reference_is_seen_through_a_stripped_conjunction():
    from quiz.generation.claims import back_reference, make_claim

    text = (
        "The council approved a new parking plan for the city centre on Monday.\n"
        "But the move has already drawn complaints from shop owners. "
        "The official said the change would cut traffic by 20 percent.\n"
        "The mayor, Anna Berg, said 300 spaces would go."
    )
    article = article_for(text)
    claims = [make_claim(article, i) for i in range(len(article.parsed))]
    assert claims[1].text.startswith("The move")
    assert back_reference(claims[1].text) == "The move"
    assert back_reference(claims[2].text) == "The official"
    assert back_reference(claims[3].text) == ""
    assert back_reference(claims[0].text) == ""
    questions = generate_questions(text=text, seed=0)
    for q in questions:
        if q.kind == "true_false":
            assert "the move has" not in q.prompt.lower()
            assert "the official said" not in q.prompt.lower()


@pytest.mark.parametrize("name", list(ALL))
def test_claims_that_refer_back_are_not_made_or_carry_a_note(name):
    from quiz.generation.claims import back_reference

    for q in generated(name):
        if q.kind == "true_false":
            claim = q.prompt.removeprefix("According to the article: ")
            assert not back_reference(claim), q.prompt
            if back_reference(claim, anywhere=True):
                assert any("refers back" in r for r in q.review), q.prompt


def test_seed_context_claims_are_gone():
    prompts = [q.prompt for q in generated("seed")]
    assert not any("The move has already drawn" in p for p in prompts)
    assert not any("Benefits of the move" in p for p in prompts)


def test_a_capital_standing_for_a_country_is_not_offered_beside_countries():
    text = (
        "Talks on the border treaty began in Geneva on Monday, with envoys from Freedonia and from Sylvania.\n"
        "Freedonian troops left the border region, and Sylvanian officials welcomed the step.\n"
        "Marsovian and Ruritanian leaders said aid to Marsovia and to Ruritania would continue.\n"
        "Critics in Capitol City called the decision by Capitol City to join the talks a mistake.\n"
        "The border treaty was signed by 40 nations but not Freedonia or Sylvania."
    )
    article = article_for(text)
    assert {"Freedonia", "Sylvania", "Marsovia", "Ruritania"} <= article.countries
    assert {"Geneva", "Capitol City"} <= set(article.pools["place"]) - article.countries
    _, candidates = candidates_for(text)
    contrast = [c.question for c in candidates if c.question.rule == "contrast_select"]
    assert contrast
    for q in contrast:
        wrong = [c.text for c in q.choices if not c.correct]
        assert all(w in article.countries for w in wrong), wrong


def test_seed_contrast_offers_only_countries():
    # Its right answer is named in most of the seed's sentences, so the selection leaves it out.
    _, candidates = candidates_for(SEED)
    contrast = [c.question for c in candidates if c.question.rule == "contrast_select"]
    assert contrast
    for q in contrast:
        assert "Washington" not in [c.text for c in q.choices]


def test_who_said_quote_opening_with_a_conjunction_starts_after_it():
    _, candidates = candidates_for(SEED)
    prompts = [c.question.prompt for c in candidates if c.question.rule == "who_said"]
    assert any("“…the real world events" in p for p in prompts)
    for p in prompts:
        assert not re.search(r"“(?:And|But|So|Yet|Or) ", p), p
        body = re.search(r"“…?(.+)”", p).group(1)
        assert body in SEED


# --- the sibling rule end to end: no question answers another on the same sentence -----------------


def _cited(article, q: GeneratedQuestion) -> set[int]:
    return {
        s.sentence.index
        for s in article.parsed
        if s.sentence.start < q.citation.end and q.citation.start < s.sentence.end
    }


def _answers(q: GeneratedQuestion) -> tuple[list[str], list[str]]:
    """The names and the numbers a question asks for (a role or a sentence is neither)."""
    if q.kind == "true_false":
        changed = re.match(r"False\. The article says (.+?), not ", q.explanation)
        return [], [changed.group(1)] if changed else []
    if q.kind == "numeric":
        return [], [q.answer]
    if q.rule in {"person_role", "purpose_choice"}:
        return [], []
    correct = [c.text for c in q.choices if c.correct]
    if q.rule in _CHOICE_RULES:
        return [], correct
    return correct, []


def _shown(q: GeneratedQuestion) -> str:
    """What a student reads before answering: the prompt and the correct choice(s)."""
    correct = [c.text for c in q.choices if c.correct and q.kind != "true_false"]
    return "\n".join([q.prompt, *correct])


def _readable(article, name: str, text: str) -> bool:
    from quiz.generation.claims import has_form

    surname = name.split()[-1]
    return has_form(text, name) or (
        article.surnames.get(surname) == name and has_form(text, surname)
    )


@pytest.mark.parametrize("name", list(ALL))
def test_no_question_shows_the_answer_of_another_on_its_sentence(name):
    """A claim, a cloze or a choice question citing a sentence never shows a
    name or a number that another question citing that sentence asks for."""
    article = article_for(ALL[name])
    questions = generated(name)
    cited = [_cited(article, q) for q in questions]
    for i, asker in enumerate(questions):
        names, numbers = _answers(asker)
        if not names and not numbers:
            continue
        digits = {
            n.text
            for s in cited[i]
            for n in article.numbers[s]
            if n.text in numbers or n.digits.replace(",", "") in numbers
        }
        for j, other in enumerate(questions):
            if i == j or not cited[i] & cited[j]:
                continue
            shown = _shown(other)
            for answer in names:
                assert not _readable(article, answer, shown), (asker.prompt, shown)
            for number in digits:
                assert not _shows(shown, number), (asker.prompt, shown)


def test_claims_name_a_person_by_the_role_the_sentence_gives():
    # A false claim may name a person: the one it wrongly says acted or spoke.
    prompts = [
        q.prompt
        for q in generated("seed")
        if q.kind == "true_false"
        and q.rule not in {"claim_refuted_actor", "claim_refuted_speaker"}
    ]
    claims = " ".join(prompts)
    assert "Lloyd Austin" not in claims and "Mary Wareham" not in claims
    # Reworded: the attribution moves to the end, where the role would be read as the answer of
    # "Who said …?" ("..., the Defence Secretary said." -> "..., it was said."). The set need not
    # take that claim: it would give away the purpose question of its sentence.
    _, candidates = candidates_for(ALL["seed"])
    offered = [c.question.prompt for c in candidates if c.question.kind == "true_false"]
    assert any(p.endswith("changing Russian tactics, it was said.") for p in offered)
    assert not any("the Defence Secretary said" in p for p in prompts + offered)


def test_role_is_hidden_without_losing_the_attribution():
    from quiz.generation.roles import hide_names

    text = (
        "Defence Secretary Ann Lee said the plan would work.\n"
        "Bob Stone, a deputy director at the Audit Office, said it would cost more.\n"
        "Officials met former prime minister Carl Fox, who praised the plan."
    )
    article = article_for(text)
    hidden = [
        hide_names(s.sentence.text, article.roles[i])[0]
        for i, s in enumerate(article.parsed)
    ]
    assert hidden == [
        "The Defence Secretary said the plan would work.",
        "A deputy director at the Audit Office said it would cost more.",
        "Officials met a former prime minister, who praised the plan.",
    ]


def test_a_capital_standing_for_a_government_is_not_a_place_cloze():
    for name in ALL:
        article = article_for(ALL[name])
        for q in generated(name):
            if q.rule != "place_cloze":
                continue
            options = [c.text for c in q.choices]
            typed = {o in article.countries for o in options}
            assert len(typed) == 1, (q.prompt, options)
    assert not any(
        "____'s decision" in q.prompt or "stocks ____ would" in q.prompt
        for q in generated("seed")
    )


def test_a_place_or_body_that_general_knowledge_fills_in_is_not_a_cloze():
    text = (
        "The summit opened on Monday with envoys from Kenya, Brazil, Norway, Peru and Japan.\n"
        "Ms Ortega, who was in Japan for the Pacific Trade Forum, said the plan would fail.\n"
        "The ministers later met at the Bayview Stadium in Kenya to sign the accord.\n"
        "The motion was drafted by Lars Lund of Norway, a veteran negotiator.\n"
        "Several tankers sailed around Cape Horn at the southern tip of Brazil instead of "
        "waiting.\n"
        "Mr Tanaka cut short his visit and flew back to Japan overnight.\n"
        "Ms Ortega told a meeting of farmers in Peru that the accord was fair.\n"
        "The Ocean Council and the Farmers Union backed the accord, and the Pacific Trade "
        "Forum did not.\n"
    )
    clozes = [
        c.question
        for c in candidates_for(text)[1]
        if c.question.rule in {"place_cloze", "organisation_cloze"}
    ]
    # Where a meeting of farmers was held takes reading; the seat of a named forum, a stadium's
    # country, a Norwegian's country, what Cape Horn is the tip of and home do not.
    assert [q.prompt.split("? ", 1)[1] for q in clozes] == [
        "Ms Ortega told a meeting of farmers in ____ that the accord was fair."
    ]


def test_a_blank_in_an_alphabetical_list_offers_only_names_that_sort_there():
    text = (
        "The fishing pact was signed in Oslo on Friday after two years of talks.\n"
        "The founding members were Chile, Denmark, Kenya and Peru, which together land most "
        "of the catch.\n"
        "Observers came from Brazil, Argentina, Norway, Spain and Japan.\n"
        "Officials from Sweden and Ghana said they would join next year.\n"
        "Fishermen in Peru protested against the new quotas on Saturday.\n"
    )
    members = "Chile, Denmark, Kenya and Peru".replace(" and", ",").split(", ")
    clozes = [
        c.question
        for c in candidates_for(text)[1]
        if c.question.rule == "place_cloze" and "____" in c.question.prompt
    ]
    in_order = [q for q in clozes if "The founding members were" in q.prompt]
    assert len(in_order) >= 4
    for q in in_order:
        right = next(c.text for c in q.choices if c.correct)
        at = members.index(right)
        low = members[at - 1] if at else ""
        high = members[at + 1] if at + 1 < len(members) else "~"
        # The reader sees the founders listed A to Z: only a name between the blank's
        # neighbours could stand there, so every option must.
        assert all(low < c.text < high for c in q.choices), (q.prompt, q.choices)
    # The observers are not in alphabetical order: any place of the article may stand there.
    unordered = [q for q in clozes if "Observers came from ____, Argentina" in q.prompt]
    assert any(c.text > "Argentina" for q in unordered for c in q.choices)


def test_a_list_question_takes_wrong_items_of_the_list_s_own_sort():
    text = (
        "The river pact was signed in Lima on Monday by Chile, Peru and Bolivia.\n"
        "The new fund pays for pumps, pipes and filters.\n"
        "Doctors said clean water acts on infection, fever and anaemia.\n"
        "Earlier studies linked the old wells with strokes, seizures and heart attacks.\n"
        "Some families reported nausea, fatigue and dizziness.\n"
        "Observers came from Ecuador, Brazil and Argentina.\n"
    )
    places = {"Chile", "Peru", "Bolivia", "Ecuador", "Brazil", "Argentina"}
    singular = {"infection", "fever", "anaemia", "nausea", "fatigue", "dizziness"}
    asked = [
        c.question for c in candidates_for(text)[1] if c.question.rule == "list_select"
    ]
    assert len(asked) >= 4
    for q in asked:
        sorts = {(c.text in places, c.text in singular) for c in q.choices}
        # Countries beside countries, and beside "infection, fever and anaemia" no plural
        # ("strokes") that common sense rules out of what water acts on.
        assert len(sorts) == 1, (q.prompt, [c.text for c in q.choices])


def test_a_list_of_countries_a_stem_puts_on_a_continent_takes_wrong_ones_from_it():
    """ "Several Asian countries stayed out of the pact: …" beside Canada: ruled out at sight."""
    text = (
        "The trade pact was first signed by Canada, Mexico and Chile in 1994.\n"
        "Japan and Vietnam joined it in 2018, after long talks.\n"
        "Several Asian countries stayed out of the pact even so: India, Thailand and Indonesia.\n"
        "Brazil and Peru sent observers to the talks.\n"
    )
    asia = {"Japan", "Vietnam", "India", "Thailand", "Indonesia"}
    asked = [
        c.question
        for c in candidates_for(text)[1]
        if c.question.rule == "list_select" and "Asian countries" in c.question.prompt
    ]
    assert asked
    for q in asked:
        assert {c.text for c in q.choices} <= asia, [c.text for c in q.choices]


def test_one_a_leader_appoints_takes_no_rival_of_another_side_as_option():
    """ "Mr Hale named ____ as finance minister" beside the leaders of other parties: none of
    them would be his minister, so a student rules them out without reading."""
    text = (
        "Tom Hale became prime minister of Norland on Monday after the Green Party won the "
        "election.\n"
        "The Liberal leader, Sara Lund, conceded defeat late on Sunday night.\n"
        "Peter Voss, the leader of the Farmers Party, kept his seat in the north.\n"
        "Mr Hale named Anna Berg as finance minister and Karl Moe as foreign minister.\n"
        "Marta Olsen, a former prime minister, lost her seat in the capital.\n"
    )
    asked = [
        c.question
        for c in candidates_for(text)[1]
        if c.question.rule == "person_cloze" and "Mr Hale named" in c.question.prompt
    ]
    rivals = {"Sara Lund", "Peter Voss", "Marta Olsen"}
    for q in asked:
        assert not rivals & {c.text for c in q.choices}, [c.text for c in q.choices]


def test_a_name_cloze_window_shows_the_name_s_verb_and_its_whole_list():
    text = (
        "The council met in Lima on Monday to vote on the new port.\n"
        "Carlos Alvarez, the mayor, said the port would bring jobs to the coast, while Rosa "
        "Quispe, the opposition leader, called it a waste of public money.\n"
        "The founding partners were Chile, Peru, Bolivia and Ecuador, according to the charter "
        "signed that day in Lima by the council and its lawyers.\n"
        "Rosa Quispe later met Luis Rojas and Ana Flores at the town hall.\n"
        "Brazil and Colombia sent observers.\n"
    )
    windows = {
        c.question.prompt.split("? ", 1)[1]
        for c in candidates_for(text)[1]
        if c.question.rule in {"person_cloze", "place_cloze"}
        and "these words" in c.question.prompt
    }
    # "…while ____…" never says what she did, and "The founding partners were ____…" reads as
    # if there were one: each is shown with its clause, or only as the whole sentence. (A list
    # also comes shown to the items after its blank but its last, held in reserve.)
    assert windows == {
        "The founding partners were ____, Peru, Bolivia and Ecuador…",
        "The founding partners were Chile, ____, Bolivia and Ecuador…",
        "The founding partners were ____, Peru, Bolivia…",
        "The founding partners were Chile, ____, Bolivia…",
    }


def test_a_figure_is_not_asked_in_half_a_comparison():
    text = (
        "The Green Party won 14 seats on the council in Thursday's election.\n"
        "The Greens' victory came on a vote share of 21.5%, only about 3 points more than the "
        "party won in 2015.\n"
        "The mayor, Anna Berg, said the result showed voters wanted cleaner air.\n"
        "The council first met in 1998 and has 60 members.\n"
    )
    asked = {
        c.question.prompt
        for c in candidates_for(text)[1]
        if "won in ____" in c.question.prompt
    }
    # "…the party won in ____…" or "…points more than the party won in ____…": more than
    # what? The year is asked where the stem shows what is compared.
    assert asked
    assert all("vote share of 21.5%" in prompt for prompt in asked), asked


def test_each_person_s_role_question_offers_other_roles_of_the_article():
    roles = [
        c.question
        for text in ALL.values()
        for c in candidates_for(text)[1]
        if c.question.rule == "person_role"
    ]
    assert roles
    for q in roles:
        assert q.prompt.endswith("’s role, according to the article?")
        correct = next(c.text for c in q.choices if c.correct)
        assert correct.lower() in q.citation.quote.lower()
        for c in q.choices:
            assert c.correct or c.text.lower() not in q.citation.quote.lower()


def test_names_are_typed_by_the_pipeline_s_entities():
    article = read_article(
        text="Goldman Sachs said on Monday that it would cut 3,000 jobs across its offices in London.\n"
        "The bank's chief executive, David Solomon, told staff that the cuts were needed.\n"
        "Arsenal 2-1 was the score at the end of a cold match in the north of the city.\n"
    )
    assert article.name_kinds["Goldman Sachs"] == "org"
    assert article.name_kinds["David Solomon"] == "person"
    assert article.name_kinds["London"] == "place"
    assert "Arsenal 2-1" not in article.name_kinds


def _generation_imports() -> dict[str, set[str]]:
    """Each module of quiz.generation and the modules of the package it imports at its top level;
    fails on an import inside a function (which would hide a cycle)."""
    package = ROOT / "quiz" / "generation"
    graph: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package).with_suffix("").parts
        name = ".".join(p for p in parts if p != "__init__")
        home = parts[:-1]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = set(tree.body)
        graph[name] = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            assert node in top, f"{name}: import inside a function or block"
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("django") for a in node.names), name
                continue
            assert not (node.module or "").startswith("django"), name
            if not node.level:
                continue
            base = list(home[: len(home) - node.level + 1])
            target = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            graph[name].add(target)
    return graph


def test_the_generator_has_no_import_cycles_and_imports_no_django():
    graph = _generation_imports()

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for target in graph.get(start, ()):
            if target == goal or (
                target not in seen and reaches(target, goal, seen | {target})
            ):
                return True
        return False

    cycles = [name for name in graph if name and reaches(name, name, {name})]
    assert cycles == []


_WEEKDAY = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")


@pytest.mark.parametrize("name", list(ALL))
def test_at_most_one_question_per_article_asks_for_a_weekday(name):
    """A day of the week is rarely what an article is about; the seed used to ask three."""
    asking = [
        q
        for q in generated(name)
        if any(c.correct and _WEEKDAY.search(c.text) for c in q.choices)
        or (_refuted(q) and _WEEKDAY.search(q.explanation.split(":")[0]))
    ]
    assert len(asking) <= 1, [q.prompt for q in asking]


def test_false_claims_change_who_acted_or_which_way_not_only_numbers():
    refuted = [q for name in ALL for q in generated(name) if _refuted(q)]
    rules = Counter(q.rule.rsplit("_", 1)[-1] for q in refuted)
    assert rules["actor"] and rules["polarity"], rules
    without_digits = [q for q in refuted if not re.search(r"\d", q.prompt)]
    assert len(without_digits) >= len(refuted) / 5
    for q in refuted:
        if q.rule.endswith("_polarity"):
            said, instead = re.match(
                r"False. The article says “([\w ]+)”, not “([\w ]+)”", q.explanation
            ).groups()
            assert instead in q.prompt and said in q.citation.quote


def test_true_claims_are_reworded_not_copied():
    """A claim copied word for word is true to anyone who can match strings."""
    supported = [
        q.prompt.removeprefix("According to the article: ")
        for name in ALL
        for q in generated(name)
        if q.kind == "true_false" and not _refuted(q)
    ]
    copied = [
        c for c in supported if c in SEED or any(c in a for a in ARTICLES.values())
    ]
    assert len(copied) <= 0.75 * len(supported), copied


def test_a_reworded_number_still_ties_its_question_to_the_one_asking_it():
    """ "$40m" in a reworded claim shows the "$40 million" another question asks for."""
    article = read_article(
        text="The city council approved a $40 million budget for new parks on Monday.\n"
    )
    index = article.numbers[0][0].sentence
    keys = fact_keys(
        article, (index,), "On Monday, the council approved a $40m budget."
    )
    assert value_key(index, 40e6) in keys


def test_a_number_in_a_label_is_not_a_count_to_change():
    """ "type 2 diabetes" changed to "type 3" makes nonsense, not a false claim."""
    article = read_article(
        text="Patients with type 2 diabetes took part in the trial, which began in phase 3 "
        "with 300 people.\n"
    )
    assert [n.text for n in article.numbers[0]] == ["300"]


def test_a_changed_amount_differs_by_a_noticeable_amount():
    """ "$10.6m" beside "$10.5m" tests memory, not reading."""
    article = read_article(
        text="The museum raised $10.5m from private donors last year, its director said.\n"
    )
    (amount,) = [n for n in article.numbers[0] if n.kind == "money"]
    variants = number_variants(article, amount, rng=random.Random(0), count=3)
    assert variants
    for _, _, value in variants:
        assert abs(value - amount.value) >= 0.09 * amount.value


# --- one question never gives another away ---------------------------------------------------------


def test_of_sets_filled_to_the_floor_the_one_with_fewest_questions_giving_another_away_wins():
    """Every picker's set is filled up; of two that reach the floor, a reviewer has fewer questions
    to drop from the one with fewer flagged, but a set short of the floor loses to a full one."""
    from quiz.generation.rank import GIVES_AWAY, _variety_when_filled

    def asked(number: int, *, flagged: bool = False) -> Candidate:
        quote = f"Ferry {number} sailed to the island of Mull."
        question = _single(
            f"Which ferry sailed to the island of Mull ({number})?",
            f"Ferry {number}",
            ("Ferry 0",),
            quote,
        )
        review = (GIVES_AWAY,) if flagged else ()
        return Candidate(replace(question, review=review), (number,))

    plain = [asked(n) for n in range(1, 5)]
    with_flag = [*plain[:3], asked(4, flagged=True)]
    short = plain[:3]
    assert _variety_when_filled(plain, {}, 4) > _variety_when_filled(with_flag, {}, 4)
    assert _variety_when_filled(with_flag, {}, 4) > _variety_when_filled(short, {}, 4)


def test_of_filled_sets_with_as_many_flagged_the_one_with_fewer_leaks_then_fewer_told_wins():
    """Two sets reach the floor with one flagged fill-in each: the one whose fill-in gives away one
    question beats the one whose fill-in gives away two; of two without a leak, the one whose true
    claim has a number (which "false if it has a number" gets wrong) beats a plain one."""
    from quiz.generation.rank import GIVES_AWAY, _variety_when_filled

    quote = (
        "The ferry from Alder Point to Birch Hill sails at 7.15 with 312 passengers."
    )

    def asked(
        index: int, prompt: str, right: str, *, flagged: bool = False
    ) -> Candidate:
        question = _single(prompt, right, ("Cove End", "Dun Ness"), quote)
        review = (GIVES_AWAY,) if flagged else ()
        return Candidate(replace(question, review=review), (index,), score=2.0)

    def claim(index: int, prompt: str) -> Candidate:
        question = GeneratedQuestion(
            "true_false",
            prompt,
            (GeneratedChoice("True", True), GeneratedChoice("False", False)),
            None,
            "",
            Citation(0, len(quote), quote),
            "claim_supported",
        )
        return Candidate(question, (index,), score=2.0)

    kept = [
        asked(0, "Where does the ferry leave from?", "Alder Point"),
        asked(1, "Where does the ferry sail to?", "Birch Hill"),
    ]
    gives_one = [
        *kept,
        asked(2, "Which boat calls at Alder Point?", "A ferry", flagged=True),
    ]
    gives_two = [
        *kept,
        asked(
            2, "Which boat links Alder Point and Birch Hill?", "A ferry", flagged=True
        ),
    ]
    assert _variety_when_filled(gives_one, {}, 3) > _variety_when_filled(
        gives_two, {}, 3
    )

    with_number = [
        *kept,
        claim(2, "According to the article: The ferry carries 312 people."),
    ]
    plain = [
        *kept,
        claim(2, "According to the article: The ferry sails in the morning."),
    ]
    assert _variety_when_filled(with_number, {}, 3) > _variety_when_filled(plain, {}, 3)


def test_a_short_set_fills_with_the_question_that_gives_fewest_others_away():
    """The best-ranked fill-in names both harbours two kept questions ask for; a weaker one names
    one of them: the set reaches its floor either way, with one leak for the reviewer, not two."""
    from quiz.generation.leaks import leaks
    from quiz.generation.rank import GIVES_AWAY, _sort_key, _top_up

    quote = (
        "The ferry from Alder Point to Birch Hill sails at 7.15, takes 45 minutes and "
        "carries 312 passengers, with cycles, prams and dogs allowed on board."
    )

    def made(index: int, kind: str, prompt: str, right: str, score: float) -> Candidate:
        question = replace(
            _single(prompt, right, ("Cove End", "Dun Ness"), quote), kind=kind
        )
        if kind == "numeric":
            question = replace(question, choices=(), answer=right, rule="number_cloze")
        if kind == "multiple_select":
            question = replace(question, rule="list_select")
        return Candidate(question, (index,), keys=(("fact", index),), score=score)

    kept = [
        made(
            0, "single_choice", "Where does the ferry leave from?", "Alder Point", 3.0
        ),
        made(1, "single_choice", "Where does the ferry sail to?", "Birch Hill", 3.0),
        made(2, "numeric", "How many minutes does the crossing take?", "45", 3.0),
        made(3, "numeric", "How many passengers does the ferry carry?", "312", 3.0),
        made(4, "multiple_select", "What may passengers bring aboard?", "cycles", 3.0),
        made(5, "multiple_select", "Which of these are allowed on deck?", "prams", 3.0),
    ]
    names_both = made(
        6,
        "single_choice",
        "Which boat links Alder Point and Birch Hill?",
        "The ferry",
        2.0,
    )
    names_one = made(
        7, "single_choice", "Which vessel calls at Alder Point daily?", "A ferry", 1.0
    )
    ordered = sorted([*kept, names_both, names_one], key=_sort_key)

    filled = _top_up(kept, ordered, 7)

    assert [c.question.prompt for c in filled if GIVES_AWAY in c.question.review] == [
        names_one.question.prompt
    ]
    assert len(leaks([c.question for c in filled])) == 1


@pytest.mark.parametrize("name", list(ALL))
def test_no_question_gives_another_away_unless_flagged_to_fill_a_short_set(name):
    from quiz.generation import MIN_PER_1000_CHARS
    from quiz.generation.leaks import leaks
    from quiz.generation.rank import GIVES_AWAY

    questions = generated(name)
    plain = [q for q in questions if GIVES_AWAY not in q.review]
    assert leaks(plain) == []
    flagged = len(questions) - len(plain)
    assert (
        flagged == 0 or len(questions) <= MIN_PER_1000_CHARS * len(ALL[name]) / 1000 + 1
    )


def _ferry_sets():
    """A claim and a question of one sentence that give each other away ("The harbour master said
    the ferry … would sail again …, and that the harbour cafe would reopen" beside "Who said the
    ferry … would sail again?", which shows only half of the claim), and questions on other
    sentences to fill a set with."""
    said = (
        "Ola Lind said the ferry to Mull would sail again in the spring, and that the harbour "
        "cafe would reopen in May."
    )
    claim = _true_claim(
        "According to the article: The harbour master said the ferry to Mull would sail "
        "again in the spring, and that the harbour cafe would reopen in May.",
        said,
    )
    who = _single(
        "Who said the ferry to Mull would sail again in the spring?",
        "Ola Lind",
        ("Anna Berg", "Per Holm"),
        said,
    )

    def elsewhere(at: int, prompt: str, right: str, quote: str) -> GeneratedQuestion:
        return replace(
            _single(prompt, right, ("Oban", "Craignure"), quote),
            citation=Citation(at, at + len(quote), quote),
        )

    def made(question: GeneratedQuestion, index: int, score: float) -> Candidate:
        return Candidate(question, (index,), keys=(("fact", index),), score=score)

    year = elsewhere(
        200, "In which year will the pier reopen?", "2027", "The pier reopens in 2027."
    )
    kept = [
        made(claim, 0, 3.0),
        made(
            replace(
                year, kind="numeric", choices=(), answer="2027", rule="number_cloze"
            ),
            1,
            3.0,
        ),
        made(
            _true_claim(
                "According to the article: Iona has a new school.",
                "Iona has a new school.",
                400,
            ),
            2,
            3.0,
        ),
    ]
    clean = made(
        elsewhere(
            600,
            "Which village holds a music festival?",
            "Tobermory",
            "Tobermory holds a music festival.",
        ),
        3,
        1.0,
    )
    # It shows the answer of the kept number question: a fill-in that leaks, but no pair.
    leaking = made(
        replace(
            elsewhere(
                800,
                "How many museums will Salen open in 2027?",
                "3",
                "Salen will open 3 museums in 2027.",
            ),
            kind="numeric",
            choices=(),
            answer="3",
            rule="number_cloze",
        ),
        5,
        0.5,
    )
    return kept, made(who, 4, 2.0), clean, leaking


def test_a_short_set_fills_up_from_other_sentences_before_a_claim_and_a_question_it_settles():
    """The claim tells what the question asks (one fact asked twice), though the stem prints only
    half of it: a short set is filled from another sentence instead, though the question ranks
    higher."""
    from quiz.generation.leaks import LeakGuard
    from quiz.generation.rank import _sort_key, _top_up

    kept, who, clean, _ = _ferry_sets()
    guard = LeakGuard()
    guard.add(kept[0].question)
    assert guard.pairs_with_kept(who.question)

    filled = _top_up(kept, sorted([*kept, who, clean], key=_sort_key), 4)

    prompts = {c.question.prompt for c in filled}
    assert len(filled) == 4
    assert who.question.prompt not in prompts
    assert clean.question.prompt in prompts


def test_a_kept_claim_gives_way_to_the_question_of_its_sentence_it_settles_when_a_set_is_short():
    """With no clean fill-in left, the question takes the place of the claim that settles it, as
    graders asked (keep "Who said …?", drop the claim), and the set is filled on."""
    from quiz.generation.rank import _sort_key, _top_up

    kept, who, clean, leaking = _ferry_sets()

    filled = _top_up(kept, sorted([*kept, who, clean, leaking], key=_sort_key), 5)

    prompts = {c.question.prompt for c in filled}
    assert len(filled) == 5
    assert who.question.prompt in prompts
    assert kept[0].question.prompt not in prompts
    assert {clean.question.prompt, leaking.question.prompt} <= prompts


def _single(prompt: str, right: str, wrong: tuple[str, ...], quote: str):
    return GeneratedQuestion(
        "single_choice",
        prompt,
        (GeneratedChoice(right, True), *(GeneratedChoice(w, False) for w in wrong)),
        None,
        "",
        Citation(0, len(quote), quote),
        "who_did",
    )


def test_the_selection_refuses_a_stem_showing_a_kept_answer_either_way():
    from quiz.generation.leaks import LeakGuard

    quote = "Mayor Jane Doherty said the bridge would close."
    asks = _single(
        "Who said the bridge would close?",
        "Jane Doherty",
        ("Ann Poe", "Tom Roe"),
        quote,
    )
    names = _single(
        "What did Ms Doherty say would close?",
        "the bridge",
        ("the road", "the school"),
        quote,
    )
    unrelated = _single(
        "Who opened the school?",
        "Tom Roe",
        ("Ann Poe", "Jim Lee"),
        "Tom Roe opened the school.",
    )
    guard = LeakGuard()
    guard.add(asks)
    assert guard.leaks_with_kept(names)
    assert not guard.leaks_with_kept(unrelated)
    guard.remove(asks)
    guard.add(names)
    assert guard.leaks_with_kept(asks)


def test_a_claim_naming_a_person_by_the_article_s_role_for_them_gives_away_who_did_it():
    from quiz.generation.leaks import LeakGuard, leaks

    quote = "Anna Berg, the deputy head of the river board, praised the ferry crews on Friday."
    who = _single(
        "Who praised the ferry crews on Friday?",
        "Anna Berg",
        ("Ola Lind", "Per Holm"),
        quote,
    )
    claim = GeneratedQuestion(
        "true_false",
        "According to the article: The deputy head of the river board praised the ferry crews "
        "on Friday.",
        (GeneratedChoice("True", True), GeneratedChoice("False", False)),
        None,
        "",
        Citation(0, len(quote), quote),
        "claim_supported",
    )
    assert leaks([claim, who])
    guard = LeakGuard()
    guard.add(claim)
    assert guard.leaks_with_kept(who)
    title = "Mayor Ola Lind opened the ferry pier."
    asks_title = _single(
        "Who opened the ferry pier?", "Ola Lind", ("Anna Berg",), title
    )
    assert leaks(
        [asks_title, replace(claim, prompt="The Mayor opened the ferry pier.")]
    )


def _true_claim(prompt: str, quote: str, start: int = 0) -> GeneratedQuestion:
    return GeneratedQuestion(
        "true_false",
        prompt,
        (GeneratedChoice("True", True), GeneratedChoice("False", False)),
        None,
        "",
        Citation(start, start + len(quote), quote),
        "claim_supported",
    )


def test_a_stem_printing_a_true_claim_of_its_sentence_settles_it_and_the_selection_refuses_the_pair():
    from quiz.generation.leaks import LeakGuard, leaks

    quote = (
        "The ferry crews will be honoured on Sunday after their last crossing to the island "
        "of Mull, and the harbour will close for repairs."
    )
    claim = _true_claim(
        "According to the article: The ferry crews will be honoured after their last crossing "
        "to the island of Mull.",
        quote,
    )
    whole_sentence = _single(
        "Which day completes the sentence from the article? The ferry crews will be honoured on "
        "____ after their last crossing to the island of Mull, and the harbour will close for "
        "repairs.",
        "Sunday",
        ("Monday", "Friday"),
        quote,
    )
    other_clause = _single(
        "Which word completes these words of the article? …the ____ will close for repairs.",
        "harbour",
        ("school", "bridge"),
        quote,
    )
    elsewhere = replace(whole_sentence, citation=Citation(500, 500 + len(quote), quote))
    assert leaks([claim, whole_sentence]) == [
        "stem settles claim: Q2 prints the true claim of Q1"
    ]
    assert leaks([claim, other_clause]) == []
    assert leaks([claim, elsewhere]) == []
    guard = LeakGuard()
    guard.add(claim)
    assert guard.leaks_with_kept(whole_sentence)
    assert not guard.leaks_with_kept(other_clause)
    assert not guard.leaks_with_kept(elsewhere)
    guard.remove(claim)
    guard.add(whole_sentence)
    assert guard.leaks_with_kept(claim)
    guard.remove(whole_sentence)
    assert not guard.leaks_with_kept(claim)


def test_counting_a_fill_in_s_leaks_pair_by_pair_agrees_with_the_leak_guard():
    """The selection counts with how many questions a fill-in leaks without a guard per pair, and
    finds which ones from an index of the set (for speed); every pair must still be told as a guard
    holding one of them tells it, or the sets a short article is filled with would change. An
    index that watches none of the answers looks each one up question by question."""
    from quiz.generation.leaks import (
        LeakGuard,
        LeakPartners,
        count_leaks,
        forget,
        watched_answers,
    )

    _, candidates = candidates_for(ALL["economy_fed_rate_cut"])
    questions = [c.question for c in candidates]
    guards = []
    watching = LeakPartners(answers_to_watch=watched_answers(questions))
    blind = LeakPartners(answers_to_watch=frozenset())
    for kept in questions:
        guards.append(LeakGuard())
        guards[-1].add(kept)
        watching.add(kept)
        blind.add(kept)
    told = [
        {at for at, g in enumerate(guards) if g.leaks_with_kept(q)} for q in questions
    ]
    counted = [count_leaks(q, questions) for q in questions]
    indexed = [watching.partners(q) for q in questions]
    looked_up = [blind.partners(q) for q in questions]
    forget()
    sizes = [len(partners) for partners in told]
    assert counted == sizes
    assert indexed == told
    assert looked_up == told
    # Not a vacuous agreement: some questions leak with none, some with many.
    assert 0 in sizes
    assert max(sizes) > 10


def test_the_bench_counts_leaks_with_the_generator_s_own_rule():
    from bench import bench_quality
    from quiz.generation import leaks

    assert bench_quality.leaks is leaks.leaks
    assert bench_quality.answers is leaks.answers


# --- purposes, roles named earlier, places ------------------------------------------------------------

PURPOSES = (
    "The council closed the old bridge on Monday to protect drivers from falling stones.\n"
    "Engineers were hired to inspect the cables of the new tower.\n"
    "The mayor raised parking fees because the city budget ran short.\n"
    "The city bought ten buses to cut traffic in the centre.\n"
    "A City Hall spokesman said the bridge would reopen in spring.\n"
    "The spokesman said the repairs would cost $4 million."
)


def test_a_purpose_is_asked_with_the_article_s_other_purposes_as_options():
    _, candidates = candidates_for(PURPOSES)
    purposes = [c.question for c in candidates if c.question.rule == "purpose_choice"]
    bridge = next(q for q in purposes if "closed the old bridge" in q.prompt)
    assert "____" in bridge.prompt
    assert [c.text for c in bridge.choices if c.correct] == [
        "to protect drivers from falling stones"
    ]
    wrong = {c.text for c in bridge.choices if not c.correct}
    assert wrong <= {
        "to inspect the cables of the new tower",
        "to cut traffic in the centre",
    }
    assert bridge.review


def test_the_official_named_a_sentence_before_is_named_in_the_claim():
    from quiz.generation.claims import make_claim

    article = article_for(PURPOSES)
    claim = make_claim(article, 5)
    assert claim.text == "A City Hall spokesman said the repairs would cost $4 million."
    assert claim.sentences == (4, 5)


def test_a_capital_the_model_misreads_is_a_place_and_one_country_is_offered_once():
    from quiz.generation.gazetteer import same_place

    article = article_for(
        "Officials in Washington said on Monday that the talks had failed.\n"
        "Washington has sent envoys to Berlin and to Paris this year."
    )
    assert article.name_kinds["Washington"] == "place"
    for name in ALL:
        for q in generated(name):
            options = [c.text for c in q.choices]
            assert not any(
                same_place(a, b)
                for i, a in enumerate(options)
                for b in options[i + 1 :]
            ), options


@pytest.mark.parametrize("name", list(ALL))
def test_at_most_one_weekday_answer_as_the_benchmark_reads_answers(name):
    from quiz.generation.leaks import WEEKDAYS, answers

    weekday = [q for q in generated(name) if any(WEEKDAYS & set(a) for a in answers(q))]
    assert len(weekday) <= 1, [q.prompt for q in weekday]


def test_true_claims_are_not_told_apart_by_standing_word_for_word_in_the_article():
    from bench.bench_quality import Strategies

    strategies = Strategies()
    for name in ALL:
        strategies.add(generated(name), ALL[name])
    assert strategies.scores()["tf_word_for_word"] <= 0.6


def test_a_clause_shown_around_a_blank_says_what_it_is_about():
    from quiz.generation.questions.common import clause_views

    text = "The Ottawa Convention, in place since 1997, aimed to ban landmines."
    start = text.index("to ban")
    views = clause_views(text, start, start + len("to ban landmines"))
    assert [v[0] for v in views] == [
        "The Ottawa Convention, in place since 1997, aimed ____."
    ]


def test_a_generation_leaves_no_read_questions_cached_in_the_process():
    from quiz.generation import leaks

    generated("seed")
    generate_questions(text=ALL["economy_fed_rate_cut"], seed=0)
    assert leaks.tokens.cache_info().currsize == 0
    assert leaks._parts.cache_info().currsize == 0
    assert leaks._answers.cache_info().currsize == 0


# --- options of one kind -------------------------------------------------------------------------

CLUBS = (
    "Maria Lopez, the mayor, said the bridge would close in March. "
    "Tottenham beat Chelsea on Saturday, and Arsenal lost to Tottenham in London. "
    "Tom Reed, a council engineer, said the repairs would cost $4 million. "
    "Anna Berg, chair of the transport committee, said the work would start soon. "
    "Tottenham fans marched to the town hall. Lopez said she had spoken to Reed and Berg."
)


def test_an_option_the_pipeline_mostly_reads_as_another_kind_is_refused():
    """ "Tottenham" is a place in two of its three mentions: beside clubs the pipeline reads as
    organisations it is an option of another kind, which a student rules out without reading."""
    from quiz.generation.distractors import option_kind

    article = article_for(CLUBS)
    assert option_kind(article, "Tottenham") == "PLACE"
    assert option_kind(article, "Chelsea") == "ORG"
    assert option_kind(article, "2019") == "DATE"
    assert option_kind(article, "howitzer shells") == "OTHER"
    quote = article.sentence_text(1)
    clubs = _single("Which club beat Chelsea?", "Arsenal", ("Chelsea",), quote)
    assert options_one_kind(candidate=Candidate(clubs, (1,)), article=article) is None
    mixed = _single("Which club?", "Arsenal", ("Chelsea", "Tottenham"), quote)
    reason = options_one_kind(candidate=Candidate(mixed, (1,)), article=article)
    assert "Tottenham (PLACE)" in reason
    phrases = _single("What?", "the old bridge", ("new roads", "Tottenham fans"), quote)
    assert options_one_kind(candidate=Candidate(phrases, (1,)), article=article) is None


def test_wrong_names_are_only_of_the_answer_s_kind():
    """The article's words may type a name one way ("Tottenham" after "beat", a club) while the
    pipeline reads most of its mentions as another: it is not offered beside the answer's kind."""
    from quiz.generation.distractors import pick_names

    article = article_for(CLUBS)
    article.pools["org"] = ["Arsenal", "Tottenham", "Chelsea"]
    clubs = pick_names(
        article,
        kind="org",
        answer="Chelsea",
        cited=article.sentence_text(0),
        index=0,
        rng=random.Random(0),
        count=2,
    )
    # Only one other club is of the answer's kind: no question rather than a place among clubs.
    assert clubs == []


# --- claims that need reading, questions that do not give each other away ---------------------------


def _rules_and_prompts(text: str) -> list[tuple[str, str]]:
    article, candidates = candidates_for(text)
    return [
        (c.question.rule, c.question.prompt)
        for c in candidates
        if failed_gate(candidate=c, article=article) is None
    ]


def test_a_reported_claim_is_true_in_other_words():
    from quiz.generation.claims import reworded

    assert (
        reworded(
            "The officials reported that Kenya won the vote.",
            proper=frozenset({"Kenya"}),
        )
        == "Kenya won the vote, the officials reported."
    )
    # Moving the attribution would open on a pronoun, or leave the second verb without a subject.
    for unchanged in (
        "The US said it will send aid to the region.",
        "The officials said the plan would fail, and questioned the cost.",
    ):
        assert reworded(unchanged, proper=frozenset({"US"})) == unchanged


def test_a_reported_claim_that_cannot_move_gains_or_loses_its_that():
    """The last rewording: "said it would" <-> "said that it would", never leaving one of two
    "that" clauses without it."""
    from quiz.generation.claims import toggled_that

    assert (
        toggled_that("The US said it will send aid to the region.")
        == "The US said that it will send aid to the region."
    )
    assert (
        toggled_that("The US said that the aid would arrive in May.")
        == "The US said the aid would arrive in May."
    )
    two = "The council argued that the bridge was safe, and that the toll was fair."
    assert toggled_that(two) == two


def test_a_moved_attribution_keeps_a_capital_only_for_a_name():
    """ "…, Officials said." reads as a slip; "…, Danish officials said." keeps its name's capital."""
    from quiz.generation.claims import reworded

    assert (
        reworded("Officials said the bridge would reopen in May.", proper=frozenset())
        == "The bridge would reopen in May, officials said."
    )
    assert (
        reworded(
            "Danish officials said the bridge would reopen in May.",
            proper=frozenset({"Danish", "May"}),
        )
        == "The bridge would reopen in May, Danish officials said."
    )


def test_rewording_never_breaks_a_sentence_apart():
    """A second "that" clause loses its verb when the attribution moves; an adverbial moved after a
    clause seems to belong to it."""
    from quiz.generation.claims import reworded

    for unchanged in (
        "Supporters said the bridge was cheap, and that a toll would hurt trade.",
        "In Leeds, the council had rejected the plan, ruling that it was too costly.",
    ):
        assert reworded(unchanged, proper=frozenset({"Leeds"})) == unchanged


def test_only_a_time_or_place_is_moved_to_the_front():
    prompts = [
        p
        for _, p in _rules_and_prompts(
            "The injured climbers were taken to a clinic in Bergen for checks. "
            "Rescuers drilled a tunnel wide enough for a stretcher. "
            "The harbour board approved the new ferry timetable on Wednesday.\n"
        )
    ]
    assert not any("For checks" in p or "For a stretcher" in p for p in prompts), (
        prompts
    )
    assert (
        "According to the article: On Wednesday, the harbour board approved the new ferry timetable."
        in prompts
    )


def test_a_claim_without_a_name_keeps_its_subject_whole():
    """ "Anna Berg, a former mayor of Oslo, became …" without the name is "A former mayor of Oslo
    became …", not "…, became"; "and a reef, and came to rest" is no subject."""
    prompts = [
        p
        for _, p in _rules_and_prompts(
            "Anna Berg, a former mayor of Oslo, became head of the ferry agency on 3 May 2021. "
            "The ferry sank after it hit strong currents and a reef, and came to rest on the "
            "seabed near the harbour.\n"
        )
    ]
    claims = [p for p in prompts if p.startswith("According to the article: ")]
    assert not any("Oslo, became" in p for p in claims), claims
    assert not any(p.startswith("According to the article: A reef") for p in prompts), (
        prompts
    )


SOURCES = (
    "Britain approved the use of the new missiles in the war, a western official told Bloomberg.\n"
    "The Pentagon said it would send more tanks to the region next year.\n"
    "Reuters reported that the talks had stalled again.\n"
    "An aide told CNN that the plan was ready."
)


def test_a_claim_leaves_out_the_outlet_a_source_spoke_to():
    """The outlet is what a cloze on the sentence asks for: a claim naming it would give it away."""
    found = _rules_and_prompts(SOURCES)
    claims = [p for rule, p in found if rule.startswith("claim")]
    assert any(p.endswith("the war, a western official said.") for p in claims)
    assert not any("Bloomberg" in p for p in claims if "told" in p)
    assert any(rule == "organisation_cloze" for rule, _ in found)


def test_a_claim_names_a_person_by_the_role_given_a_sentence_before():
    found = _rules_and_prompts(
        "Defence Secretary Ann Lee said the tax cuts would work well.\n"
        "The troops are tired and need a long rest, Ms Lee told reporters.\n"
        "Ms Lee signed the new budget for the army on Monday.\n"
        "Health Minister Tom Reed said the hospitals were full."
    )
    assert (
        "claim_supported",
        "According to the article: On Monday, the Defence Secretary signed the new budget for "
        "the army.",
    ) in found
    assert not any("Lee" in p for rule, p in found if rule == "claim_supported")


def test_a_claim_closing_on_the_role_of_its_named_speaker_says_it_was_said():
    """ "…, the mayor of Leeds said." beside "Who said the city would open 12 new schools?": the
    role is read as the answer. The claim is on what was said, which it still says was said."""
    found = _rules_and_prompts(
        "Ann Lee, the mayor of Leeds, said the city would open 12 new schools by 2030.\n"
        "The council met on Tuesday to vote on the plan, which costs £40 million.\n"
        "A council official said the vote was close, and Finance chief Tom Reed says it was fair."
    )
    assert (
        "claim_supported",
        "According to the article: The city would open 12 new schools by 2030, it was said.",
    ) in found
    assert not any(
        p.endswith(("mayor of Leeds said.", "Lee said."))
        for rule, p in found
        if rule.startswith(("claim", "clause"))
    )


def test_only_the_role_of_a_named_speaker_gives_way_to_it_was_said():
    from quiz.generation.questions.statements import _unnamed_speaker
    from quiz.generation.roles import Role

    mayor = Role(
        "Ann Lee",
        "mayor of Leeds",
        "Ann Lee, the mayor of Leeds",
        "the mayor of Leeds",
        0,
        0,
        0,
    )
    assert (
        _unnamed_speaker("The city would grow, the mayor of Leeds said.", [mayor])
        == "The city would grow, it was said."
    )
    assert (
        _unnamed_speaker("The city grows, the mayor of Leeds says.", [mayor])
        == "The city grows, it is said."
    )
    assert (
        _unnamed_speaker(
            "It would “grow”, the mayor of Leeds told reporters.”", [mayor]
        )
        == "It would “grow”, it was said.”"
    )
    # An official the article names no further, or a role that does not close the claim, stays.
    for kept in (
        "The city would grow, a council official said.",
        "The mayor of Leeds said the city would grow.",
    ):
        assert _unnamed_speaker(kept, [mayor]) == kept


def test_benefits_of_the_move_outweighing_a_risk_give_a_false_claim_the_other_way_round():
    """ "And benefits of the move, the official said, outweigh the cost." points back twice ("the
    move", "the official") and has no name or figure of its own: it gave no claim. "The move" is
    read as the gerund clause the sentence before has for a subject, the official as the one a
    sentence shortly before introduced, and the sides are swapped for a false claim a student
    tells only by reading."""
    article, candidates = candidates_for(
        "The city council voted on Monday to close the harbour bridge to cars, and a City Hall "
        "official confirmed the decision to reporters. The official said closing the "
        "bridge to cars would cut traffic in the old town by a third. And benefits of the move, "
        "the official said, outweigh the cost."
    )
    swapped = [
        c
        for c in candidates
        if c.question.rule == "claim_refuted_order" and "outweighs" in c.question.prompt
    ]
    assert [c.question.prompt for c in swapped] == [
        "According to the article: The cost, a City Hall official said, outweighs benefits "
        "of closing the bridge to cars."
    ]
    assert failed_gate(candidate=swapped[0], article=article) is None
    assert swapped[0].question.choices[1].correct
    true = [
        c.question.prompt
        for c in candidates
        if c.question.rule == "claim_supported"
        and "outweigh the cost" in c.question.prompt
    ]
    assert true == [
        "According to the article: Benefits of closing the bridge to cars, a City Hall "
        "official said, outweigh the cost."
    ]


def test_a_claim_reading_he_as_the_person_named_before_names_them_by_their_role():
    """ "He said …" after "Ann Lee, the head of the port authority, said …" reads as Ann Lee: the
    claim names her by the role the sentence before gave her, so that it does not show the name a
    question asking who said it asks for (the set shows the name only where no question asks it)."""
    article, candidates = candidates_for(
        "Ann Lee, the head of the port authority, told reporters that the harbour would reopen "
        "within a week. She said it could take about four and a half days to clear the waiting ships.\n"
        "Tom Reed, a local fisherman, said the storm had been the worst in forty years."
    )
    claims = [
        c
        for c in candidates
        if c.question.rule == "claim_supported"
        and "four and a half days" in c.question.prompt
    ]
    assert claims
    for c in claims:
        assert "Ann Lee" not in c.question.prompt
        assert "the head of the port authority said" in c.question.prompt.lower()
        assert not any("Ann Lee" in str(key) for key in c.shows)
        assert failed_gate(candidate=c, article=article) is None
        assert "Ann Lee said" in c.named


QUOTES = (
    "Mayor Ann Lee opened the new bridge on Monday.\n"
    "“This bridge will change the lives of thousands of people,” Ms Lee said.\n"
    "Council engineer Tom Reed said the work had taken three years.\n"
    "“We finished the job on time and under budget,” Mr Reed said.\n"
    "Resident Maria Lopez said the old bridge had been closed for a decade."
)


def test_a_false_claim_gives_a_quote_to_another_person_of_the_article():
    """A quote has one speaker: saying another person said it is false, with no number changed."""
    article, candidates = candidates_for(QUOTES)
    swapped = [c for c in candidates if c.question.rule == "claim_refuted_speaker"]
    assert swapped
    for c in swapped:
        q = c.question
        assert failed_gate(candidate=c, article=article) is None
        assert q.choices[1].correct and not has_number(q.prompt)
        right = "Ann Lee" if "This bridge" in q.prompt else "Tom Reed"
        assert right not in q.prompt
        assert q.explanation.startswith(f"False. The article says {right} said it")


def test_a_name_question_has_three_options_when_the_article_names_only_three():
    article, candidates = candidates_for(QUOTES)
    who = [c for c in candidates if c.question.rule == "who_did"]
    assert who
    assert all(len(c.question.choices) == 3 for c in who)
    assert all(failed_gate(candidate=c, article=article) is None for c in who)


def test_a_quote_is_given_to_a_wrong_speaker_of_the_speakers_own_side():
    """A loser given the winner's "I can't ask for anything more" is false without reading: where
    the article ties people to two sides, the wrong speaker is one of the real speaker's side
    (here read from the sentences naming him), and a speaker of no known side keeps his quote."""
    found = _rules_and_prompts(
        "Portugal beat Norway 3-2 in the cup final on Saturday.\n"
        "Portugal captain Sam Ortiz scored twice as Portugal took the lead.\n"
        "Norway midfielder Tom Reed scored a late goal for Norway.\n"
        "James Wilson added a third goal as Portugal pulled clear.\n"
        "Dan Cole and Max Ford both missed chances for Norway.\n"
        "“We wanted this so much, we could not ask for anything more,” James Wilson told reporters.\n"
        "Norway coach Eric Vale said his players had shown great character."
    )
    swapped = [p for rule, p in found if rule == "claim_refuted_speaker"]
    assert any("Sam Ortiz said: “We wanted this so much" in p for p in swapped), found
    for loser in ("Tom Reed", "Dan Cole", "Max Ford", "Eric Vale"):
        assert not any(
            p.startswith(f"According to the article: {loser} said") for p in swapped
        ), found


def test_a_quote_of_one_the_article_gives_a_role_goes_to_another_who_holds_one():
    """A coach's "These players are unbelievable" given to a player is false to anyone who reads
    the quote alone: the wrong speaker holds a role too (the other coach), and where no one else
    does, no speaker is swapped. A player's words may go to the coach."""
    text = (
        "Rovers beat Town 2-1 in the cup final on Saturday.\n"
        "Sam Ortiz scored twice for Rovers in the second half.\n"
        "Tom Reed scored a late goal for Town.\n"
        "Dan Cole saved a penalty for Rovers.\n"
        "Rovers coach Eric Vale praised his squad. “These players are unbelievable, they have "
        "given everything,” Mr Vale said.\n"
        "“I knew we would win this final,” Sam Ortiz told reporters.\n"
        "Town coach Mark Shaw said his side had shown great character.\n"
    )
    swapped = [
        p for rule, p in _rules_and_prompts(text) if rule == "claim_refuted_speaker"
    ]
    coach = [p for p in swapped if "“These players" in p]
    assert coach and all("Mark Shaw said" in p for p in coach), swapped
    assert any("“I knew we would win" in p for p in swapped), swapped
    alone = [
        p
        for rule, p in _rules_and_prompts(
            text.replace("Town coach Mark Shaw", "Mark Shaw")
        )
        if rule == "claim_refuted_speaker"
    ]
    assert not any("“These players" in p for p in alone), alone


def test_who_said_is_not_asked_of_the_person_the_article_is_about():
    """An interview names its interviewee in most sentences: "who said it" is answered by that
    guess, and every other question's stem would show the answer."""
    article, candidates = candidates_for(
        "Ann Lee won the prize for her work on batteries.\n"
        "Ms Lee said she was delighted by the news.\n"
        "“I had no idea this would happen,” Ms Lee said.\n"
        "Ms Lee built her first battery at school.\n"
        "Tom Reed, who chairs the committee, praised her work.\n"
        "“Her batteries changed the field,” Mr Reed said.\n"
        "Ms Lee will receive the prize in December.\n"
        "Maria Lopez, a colleague, said Ms Lee worked every weekend."
    )
    who_said = {
        next(ch.text for ch in c.question.choices if ch.correct): c
        for c in candidates
        if c.question.rule == "who_said"
    }
    assert "'Ann Lee'" in answer_not_the_topic(
        candidate=who_said["Ann Lee"], article=article
    )
    assert answer_not_the_topic(candidate=who_said["Tom Reed"], article=article) is None


def test_a_day_question_offers_the_days_the_article_gives_other_events():
    """A day the article never names is the one option ruled out without reading."""
    article = read_article(
        text="The council voted on Monday to close the old bridge for repairs.\n"
        "Engineers began the work on Thursday and expect to finish next spring.\n"
    )
    monday = next(n for n in article.numbers[0] if n.kind == "day")
    options = number_variants(article, monday, rng=random.Random(0))
    assert "Thursday" in [text for text, _, _ in options]
    assert "Monday" not in [text for text, _, _ in options]


def test_a_false_claim_gives_what_one_official_said_to_another():
    """Both named by their roles: a reported figure has one speaker, and no number is changed."""
    found = _rules_and_prompts(
        "Defence Secretary Ann Lee said the tax cuts would cost 4 billion pounds.\n"
        "Health Minister Tom Reed said 300 hospitals were full."
    )
    assert (
        "claim_refuted_role",
        "According to the article: The Health Minister said the tax cuts would cost 4 billion "
        "pounds.",
    ) in found
    assert (
        "claim_refuted_role",
        "According to the article: The Defence Secretary said 300 hospitals were full.",
    ) in found


def test_a_speakers_role_is_not_swapped_for_a_former_office():
    """ "A former prime minister said 40 seats had been lost" is not stated rather than false:
    the world has many, and the article never says that none of them said it. A role the article
    gives one person ("the Health Minister") takes the speaker's place."""
    found = _rules_and_prompts(
        "Party leader Ann Lee said the party had lost 40 seats.\n"
        "Former prime minister Carl Fox said the result was a sobering verdict.\n"
        "Health Minister Tom Reed said the hospitals were full."
    )
    role_claims = [p for rule, p in found if rule == "claim_refuted_role"]
    assert not any("former prime minister said" in p.lower() for p in role_claims), (
        found
    )
    assert (
        "According to the article: The Health Minister said the party had lost 40 seats."
        in role_claims
    ), found


# --- importance, scores and dates (issue 11) --------------------------------------------------------

CUP_FINAL = """Harbourside Rovers won the regional cup for the second time on Saturday, beating Millbrook Town 3-1 in the final at Eastfield Park.

The semi-final against Northgate had ended 2-2 after extra time, and Rovers went through on penalties.

The club's manager, Ellen Marsh, 52, said the squad had trained through the winter without a break.

Rovers last reached the final in March 2019, when they lost to Millbrook by a single goal.

The council approved 37 of the 52 requests for new pitches, leaving 15 for next year.

The new stand, which cost 4 million pounds, will open on September 14 with room for 2,500 supporters.
"""


def _right(q: GeneratedQuestion) -> list[str]:
    return [c.text for c in q.choices if c.correct]


def test_a_score_is_asked_whole_among_results_of_its_shape():
    _, candidates = candidates_for(CUP_FINAL)
    scores = [c.question for c in candidates if c.question.rule == "score_choice"]
    final = [q for q in scores if _right(q) == ["3-1"]]
    draw = [q for q in scores if _right(q) == ["2-2"]]
    assert final and draw
    for q in final:
        wins = [c.text for c in q.choices if not c.correct]
        assert all(int(w[0]) > int(w[-1]) for w in wins), wins
    for q in draw:
        draws = [c.text for c in q.choices if not c.correct]
        assert all(w[0] == w[-1] for w in draws), draws
    for q in scores:
        assert all(c.correct or c.text not in CUP_FINAL for c in q.choices)
    # One side of a score is never asked alone ("beating Millbrook Town 3-____").
    assert not [
        c.question.prompt
        for c in candidates
        if c.question.rule in {"number_cloze", "number_choice"}
        and re.search(r"\d-____|____-\d", c.question.prompt)
    ]


def test_a_date_with_its_month_is_asked_whole_with_options_in_order():
    _, candidates = candidates_for(CUP_FINAL)
    dates = [
        c.question for c in candidates if c.question.rule == "calendar_date_choice"
    ]
    asked = {_right(q)[0] for q in dates}
    assert asked == {"March 2019", "September 14"}
    for q in dates:
        options = [c.text for c in q.choices]
        month = options[0].split()[0]
        assert all(o.split()[0] == month for o in options), options
        numbers = [int(o.split()[1]) for o in options]
        assert numbers == sorted(numbers)
    # The day or the year of such a date is not asked as a bare number.
    bare = {c.question.answer for c in candidates if c.question.rule == "number_cloze"}
    assert not bare & {"14", "2019"}


def test_an_age_after_a_name_is_a_figure_to_ask():
    _, candidates = candidates_for(CUP_FINAL)
    assert any(
        c.question.rule == "number_cloze"
        and c.question.answer == "52"
        and c.question.prompt.startswith("How old is ")
        and "Ellen Marsh" in c.question.prompt
        for c in candidates
    )


def test_a_number_that_is_part_of_a_name_is_still_left_alone():
    text = (
        "A Boeing 737 landed safely at the airport after a bird strike, officials said."
    )
    assert all(n.text != "737" for n in article_for(text).numbers[0])


def test_a_sentence_main_figure_is_asked_before_its_others():
    council = CUP_FINAL.index("The council approved")
    asked = [
        q
        for q in generate_questions(text=CUP_FINAL, seed=0)
        if q.citation.start == council
    ]
    assert asked and (asked[0].answer == "37" or _right(asked[0]) == ["37"]), [
        q.prompt for q in asked
    ]


def test_a_weekday_is_not_asked_while_its_sentence_offers_another_detail():
    from quiz.generation.leaks import WEEKDAYS, answers

    questions = generate_questions(text=CUP_FINAL, seed=0)
    assert not [
        q.prompt for q in questions if any(WEEKDAYS & set(a) for a in answers(q))
    ]
    assert any(_right(q) == ["second"] for q in questions)


def test_a_score_offers_the_article_s_other_results_of_its_shape():
    text = CUP_FINAL.replace(
        "Rovers last reached the final in March 2019",
        "Rovers beat Northgate 2-0 in the league in March 2019",
    )
    _, candidates = candidates_for(text)
    final = [
        c.question
        for c in candidates
        if c.question.rule == "score_choice" and _right(c.question) == ["3-1"]
    ]
    assert final
    assert all("2-0" in [c.text for c in q.choices] for q in final)


def test_at_most_two_questions_ask_for_a_date_with_its_month():
    text = "\n\n".join(
        f"The {name} festival opened on {month} {day} with {count} stalls in the square."
        for name, month, day, count in [
            ("spring", "April", 4, 120),
            ("summer", "June", 11, 230),
            ("harvest", "September", 19, 310),
            ("winter", "December", 2, 95),
        ]
    )
    questions = generate_questions(text=text, seed=0)
    dates = [q for q in questions if q.rule == "calendar_date_choice"]
    assert 1 <= len(dates) <= 2, [q.prompt for q in questions]


def test_a_full_date_is_told_apart_by_its_year():
    text = (
        "The rowing club was founded on 4 April 1949 by six students from the town.\n\n"
        "Its boathouse, which cost 12,000 pounds, opened in the summer of 1952."
    )
    _, candidates = candidates_for(text)
    founded = [
        c.question for c in candidates if c.question.rule == "calendar_date_choice"
    ]
    assert founded
    for q in founded:
        assert [c.text[:8] for c in q.choices] == ["4 April "] * len(q.choices)


def test_each_figure_of_a_sentence_can_be_asked_without_showing_the_others():
    _, candidates = candidates_for(CUP_FINAL)
    prompts = [c.question.prompt for c in candidates]
    date_alone = [
        p
        for p in prompts
        if "open on ____" in p and "2,500" not in p and "4 million" not in p
    ]
    crowd_alone = [
        p for p in prompts if "room for ____" in p and "September 14" not in p
    ]
    assert date_alone and crowd_alone
    # Cut short of the next figure, a view does not end on a word that promises more.
    assert all(
        not re.search(r"\b(?:on|of|the|for)…$", p) for p in date_alone + crowd_alone
    )


def test_both_figures_of_a_sentence_are_asked_when_nothing_else_keeps_them_out():
    questions = generate_questions(text=CUP_FINAL, seed=0)
    stand = CUP_FINAL.index("The new stand")
    on_stand = [q for q in questions if q.citation.start == stand]
    asked = {q.answer or _right(q)[0] for q in on_stand}
    assert "September 14" in asked, asked
    # R11-STEMS2: the crowd's only view short of the date ("The new stand … with room for ____
    # supporters…") cuts the verb its subject is the subject of, so it is held in reserve; asked,
    # the crowd shows that verb.
    assert all(
        "open" in q.prompt for q in on_stand if "2500" in {q.answer, *_right(q)}
    ), asked


def test_a_main_detail_is_asked_without_dropping_a_lesser_one_that_another_view_can_keep():
    from quiz.generation.rank import _ask_main_details, _detail_ranks, _Set, _weighed

    article, candidates = candidates_for(CUP_FINAL)
    gated = [c for c in candidates if failed_gate(candidate=c, article=article) is None]
    ordered = sorted(_weighed(gated), key=lambda c: -c.score)
    stand = CUP_FINAL.index("The new stand")

    def answer(c: Candidate) -> str:
        return c.question.answer or _right(c.question)[0]

    # The crowd question on the whole sentence shows the cost, the sentence's first figure.
    crowd = next(
        c
        for c in ordered
        if c.question.citation.start == stand
        and answer(c) == "2500"
        and "4 million" in c.question.prompt
    )
    chosen = _Set(ordered)
    chosen.take(crowd)
    kept = _ask_main_details(chosen, [crowd], ordered, _detail_ranks(ordered))
    on_stand = {answer(c) for c in kept if c.question.citation.start == stand}
    assert {"4", "2500"} <= on_stand


def test_a_set_settled_to_fewer_questions_holds_them_as_a_new_set_taking_them_would():
    """The balancing steps hand one set on (`_Set.settle`) instead of taking every kept question
    again: it must end as a new set that took them best first, order and near duplicates too."""
    from quiz.generation.rank import _pick_least_entangled, _Set, _sort_key, _weighed

    article, candidates = candidates_for(CUP_FINAL)
    gated = [c for c in candidates if failed_gate(candidate=c, article=article) is None]
    ordered = sorted(_weighed(gated), key=_sort_key)
    chosen = _pick_least_entangled(ordered)
    kept = chosen.kept[::2] + chosen.kept[3::4]
    assert 4 <= len(kept) < len(chosen.kept)
    fresh = _Set(ordered)
    for candidate in sorted(kept, key=_sort_key):
        fresh.take(candidate)
    chosen.settle(kept)

    def state(s: _Set) -> tuple[object, ...]:
        return (
            [id(c) for c in s.kept],
            {b: p for b, p in s.buckets.items() if p},
            s.live_keys,
            s.live_shows,
            s.seen_prompts,
            +s.usage,
            +s.names,
            (s.weekdays, s.calendar_dates),
            set(s.leaks.texts),
            s.leaks.live_answers,
            +s.leaks.shown,
        )

    assert state(chosen) == state(fresh)


def test_a_selection_leaves_nothing_it_read_cached_in_the_process():
    from quiz.generation import rank

    generate_questions(text=CUP_FINAL, seed=0)
    assert rank._asks_weekday.cache_info().currsize == 0
    assert rank._detail_of.cache_info().currsize == 0
    assert not rank._WATCHED


def test_the_server_benchmark_can_time_the_generator_with_the_default_pipeline():
    """bench_server.py times the generator through bench_generation's functions without naming a
    pipeline; `make bench` failed at its last step when they required one."""
    from bench import bench_generation

    seconds, questions = bench_generation.timed(SEED)
    assert seconds > 0
    assert questions == len(generated("seed"))


def _fragments(text: str) -> list[str]:
    """The prompts that show a clause cut from the middle of a sentence."""
    _, candidates = candidates_for(text)
    return [c.question.prompt for c in candidates if "…" in c.question.prompt]


def test_a_clause_around_a_blank_keeps_its_subject():
    """ "…hospital ran last winter followed ____ adults…" does not say who followed them."""
    text = (
        "The trial that doctors at the main city hospital ran last winter followed "
        "9,412 adults for four years."
    )
    assert not any("…main city hospital ran" in p for p in _fragments(text))


def test_a_clause_whose_subject_is_a_pronoun_is_not_shown_alone():
    text = (
        "The ship is as long as four football pitches at 400 metres, and it can carry "
        "about 20,000 containers. It was built in Japan in 2018."
    )
    assert not any("…and it can carry" in p for p in _fragments(text))


def test_a_clause_that_fits_two_sentences_is_not_shown():
    """ "…promised ____ million euros in…" fits both gifts: the reader cannot tell which is asked."""
    text = (
        "Two families pledged money after the fire. The Lopez family, which owns a chain "
        "of shops, promised 100 million euros in 2019 for the roof. The White family, "
        "which owns a bank, promised 200 million euros in 2021 for the roof."
    )
    assert not any("…promised ____" in p for p in _fragments(text))
    assert not any("…euros in ____ for the roof…" in p for p in _fragments(text))


def test_words_after_a_blank_that_opens_the_view_must_stand_only_once():
    """A view that starts at its blank ("____ had a heart attack within a year") is shown only when
    the words after the blank stand once in the article."""
    from quiz.generation.questions.details import _fits_once

    twice = article_for(
        "Doctors split the volunteers into two groups. Twelve people in the first group had a "
        "heart attack within a year. Thirty people in the second group had a heart attack "
        "within a year.\n"
    )
    once = article_for(
        "Doctors split the volunteers into two groups. Twelve people in the first group had a "
        "heart attack within a year. Thirty people in the second group had a stroke.\n"
    )
    view = "____ had a heart attack within a year"
    assert not _fits_once(twice, view, 0, len("____"))
    assert _fits_once(once, view, 0, len("____"))


def test_first_is_never_flipped_to_last():
    """ "For the first time" does not rule out "the last time": that claim is not stated, not false."""
    _, candidates = candidates_for(
        "The council met in the new hall for the first time on a Monday in March 2024."
    )
    flipped = [
        c.question.prompt for c in candidates if c.question.rule.endswith("_polarity")
    ]
    assert not any("last" in p for p in flipped)


def _swapped_actors(text: str) -> list[str]:
    _, candidates = candidates_for(text)
    return [
        c.question.prompt
        for c in candidates
        if c.question.rule.endswith(("_actor", "_role"))
    ]


def test_a_swapped_speaker_is_never_the_target_of_what_was_said():
    """The Prime Minister saying "no prime minister was above the law" of a ruling against her is
    false on its face: answered without reading."""
    swapped = _swapped_actors(
        "Prime Minister Jane Hall had suspended the assembly for five weeks. The Supreme "
        "Court ruled on Tuesday that the suspension was unlawful. Speaking outside the "
        "court, Tom Reed said the ruling showed that no prime minister was above the law. "
        "Ms Hall said she disagreed with the ruling but would respect it."
    )
    assert not any("Jane Hall said the ruling" in p for p in swapped), swapped


def test_an_organisation_is_swapped_only_for_a_peer_of_its_kind():
    """A committee is not a peer of the academy that appoints it: "the Committee gave the prize"
    is not plainly false to someone who read that the Academy did."""
    swapped = _swapped_actors(
        "The Royal Academy of Sciences gave the prize to Ann Lee on Tuesday for her work on "
        "batteries. Tom Reed, chair of the Nobel Committee for Physics, said her work had "
        "changed the field."
    )
    assert not any("Committee for Physics gave" in p for p in swapped), swapped


def test_a_clause_around_a_blank_never_starts_or_ends_inside_a_name():
    """ "…of England held…" and "…seats in the House…" cut a name: the reader cannot tell whose."""
    text = (
        "In a statement issued late on Thursday afternoon in London, the Bank of England held "
        "its main rate at 5% for the third month. In the election, the party won 411 of the 650 "
        "seats in the House of Commons on a turnout of 60%."
    )
    fragments = _fragments(text)
    assert fragments
    assert not any("…of England" in p for p in fragments), fragments
    assert not any("the House…" in p for p in fragments), fragments


# --- lines that list names under a date --------------------------------------------------------------

DATED_LIST_TEXT = (
    "The Coastal Trade Union is a customs union of nine states around the Amber Sea, founded in 1961.\n"
    "It has grown in four rounds since its foundation:\n"
    "1970: Freedonia and Sylvania.\n"
    "1985: Marsovia, Ruritania, Borduria and Syldavia, the largest round. It doubled the market.\n"
    "1994: Latveria.\n"
    "2003: Elbonia and Genovia, which joined after a long dispute over fishing rights.\n"
    "Its headquarters are in the port of Amberhaven, where the union's council meets every spring."
)


def test_a_dated_list_line_is_asked_as_which_names_stand_under_its_date():
    article, candidates = candidates_for(DATED_LIST_TEXT)
    asked = [c for c in candidates if c.question.rule == "dated_list_select"]
    # One question per run of dated lines (several would use each other's answers as wrong
    # options): on the line that lists most names.
    assert len(asked) == 1
    q = asked[0].question
    assert "under 1985?" in q.prompt
    assert "It has grown in four rounds since its foundation:" in q.prompt
    right = {c.text for c in q.choices if c.correct}
    wrong = {c.text for c in q.choices if not c.correct}
    assert right == {"Marsovia", "Ruritania", "Borduria"}
    # The wrong options stand under the other dates, so they are not under this one.
    assert len(wrong) == 2
    assert wrong <= {"Freedonia", "Sylvania", "Latveria", "Elbonia", "Genovia"}
    assert q.citation.quote.startswith("1985: Marsovia")
    assert failed_gate(candidate=asked[0], article=article) is None


# --- "It" after a sentence whose subject is a common noun phrase ----------------------------------


def test_it_opening_a_sentence_reads_as_the_noun_subject_of_the_sentence_before():
    text = (
        "Fire crews saved most of the old library of Amberhaven on Friday night.\n"
        "The tower that burned was not part of the first building. It was added in 1890 by the "
        "architect Hugo Lindqvist during a long restoration.\n"
        "The mayor, Clara Holm, said the library would reopen within two years, and the architect "
        "Otto Brandt offered to draw the plans for free.\n"
        "The city council led by Erik Nyberg approved 40 million crowns for the repairs on Monday."
    )
    article = article_for(text)
    index = next(
        p.sentence.index for p in article.parsed if p.sentence.text.startswith("It was")
    )
    claim = make_claim(article, index)
    assert claim is not None
    assert claim.text.startswith(
        "The tower that burned was added in 1890 by the architect"
    )
    # The stem cites both sentences, so the student can read what "It" stood for.
    assert claim.sentences == (index - 1, index)
    _, candidates = candidates_for(text)
    prompts = [c.question.prompt for c in candidates if index in c.sentences]
    assert any(
        p.endswith(
            "The tower that burned was added in ____ by the architect Hugo Lindqvist during a long restoration."
        )
        for p in prompts
    ), prompts
    # Moved to mid-sentence by a rewording, the noun phrase reads in lower case.
    assert any(", the tower that burned was added in 1890" in p for p in prompts), (
        prompts
    )


def test_it_after_a_subject_that_is_a_pronoun_or_a_long_clause_stays_unresolved():
    text = (
        "Fire crews saved most of the old library of Amberhaven on Friday night.\n"
        "They said the damage could have been much worse. It was added in 1890 by the architect "
        "Hugo Lindqvist.\n"
        "What the crews saw inside the burning hall that night was not part of any plan. It was "
        "built in 1910 by the architect Otto Brandt."
    )
    article = article_for(text)
    for p in article.parsed:
        if p.sentence.text.startswith("It was"):
            assert make_claim(article, p.sentence.index) is None


def test_who_did_naming_a_role_offers_only_people_with_a_role_of_that_kind():
    """ "Which Russian President signed …?" beside people who are no president answers itself:
    the role stays in the stem only when every wrong option holds a role of the same kind, else the
    stem drops it (its words still point to one sentence)."""
    text = (
        "Russian President Vladimir Putin signed a decree on grain exports on Monday. "
        "Donald Trump said the talks would go on.\n"
        "Lloyd Austin said the army was ready. Stephen Miller said the border was closed. "
        "Anna Kovacs said the harvest was poor.\n"
        "Defence Minister Ivan Petrov said the troops would stay. "
        "Interior Minister Olga Sidorova said the police were ready. "
        "Finance Minister Pavel Orlov said the budget was tight."
    )
    article, candidates = candidates_for(text)
    who = {c.question.prompt: c for c in candidates if c.question.rule == "who_did"}
    assert "Who signed a decree on grain exports on Monday?" in who
    minister = who["Which Defence Minister said the troops would stay?"]
    assert set(minister.distractors) == {"Olga Sidorova", "Pavel Orlov"}
    assert not [p for p in who if p.startswith("Which Russian President")]


def test_a_person_cloze_showing_the_role_offers_only_people_with_a_role_of_that_kind():
    """ "… greeted by President ____" beside people who are no president answers itself, and the
    article's words cannot drop the role: asked only with presidents as wrong options."""
    text = (
        "The miners were greeted by President Sebastian Pinera at the camp on Wednesday.\n"
        "Luis Urzua said the men had kept calm. Jaime Manalich said they were in good health. "
        "Florencio Avalos said he was glad to be out."
    )
    _, candidates = candidates_for(text)
    clozes = [
        c
        for c in candidates
        if c.question.rule == "person_cloze" and "President ____" in c.question.prompt
    ]
    assert not clozes
    _, candidates = candidates_for(
        text
        + "\nPresident Ana Silva of Peru and President Tomas Ruiz of Bolivia sent greetings."
    )
    clozes = [
        c
        for c in candidates
        if c.question.rule == "person_cloze"
        and "greeted by President ____" in c.question.prompt
    ]
    assert clozes
    assert all(set(c.distractors) == {"Ana Silva", "Tomas Ruiz"} for c in clozes)


# --- numbers, dates and years (task S5-NUM) --------------------------------------------------------

_YEARS_TEXT = (
    "The museum opened in 1961 after a long campaign by local teachers. "
    "Its west wing was added in 1978 with money from the city council. "
    "A fire closed the building in 1994, and it reopened in 1999 after repairs. "
    "The museum now welcomes about 80,000 visitors a year, the council said in 2021."
)


def _choice(candidates: list[Candidate], rule: str, answer: str) -> Candidate:
    return next(
        c
        for c in candidates
        if c.question.rule == rule
        and any(ch.correct and ch.text == answer for ch in c.question.choices)
    )


def test_year_choice_takes_wrong_years_from_the_article_and_none_next_door():
    article, candidates = candidates_for(_YEARS_TEXT)
    choice = _choice(candidates, "year_choice", "1994")
    options = [int(c.text) for c in choice.question.choices]
    stated = {1961, 1978, 1999, 2021}
    assert len(stated.intersection(options)) >= 2
    assert failed_gate(candidate=choice, article=article) is None
    for c in candidates:
        if c.question.rule == "year_choice":
            years = [int(ch.text) for ch in c.question.choices]
            answer = next(int(ch.text) for ch in c.question.choices if ch.correct)
            # Never the year next door, never after the latest year the article states.
            assert all(abs(y - answer) != 1 for y in years)
            assert max(years) <= 2021


def _year_options(text: str, answer: str) -> list[list[int]]:
    """The options of every year_choice candidate on the text whose answer is `answer`."""
    _, candidates = candidates_for(text)
    return [
        [int(ch.text) for ch in c.question.choices]
        for c in candidates
        if c.question.rule == "year_choice"
        and [ch.text for ch in c.question.choices if ch.correct] == [answer]
    ]


def test_made_up_years_are_spread_apart_not_next_door_to_each_other():
    """ "2005, 2006, 2007" beside the answer 2010 leave it the odd one out; the article's only
    year is its latest, so every option lies before it, but none next door to another."""
    text = (
        "The Marsh family bought the bakery in 2010, when it had one shop.\n"
        "It now sells bread in four towns and employs sixty people.\n"
    )
    asked = _year_options(text, "2010")
    assert asked
    for options in asked:
        assert all(later - earlier > 1 for earlier, later in pairwise(options))


def test_a_year_is_not_offered_before_the_birth_of_the_person_the_sentence_ages():
    """A 44-year-old (in 2024, the article's latest year) did not become mayor in 1975, and a
    party's vote in 2019 is not compared with 1885, another age: neither is offered."""
    text = (
        "Ann Rowe, 44, a former teacher, became mayor of Dunmore in 2020.\n"
        "She won a second term in 2024 with a larger majority.\n"
        "Turnout was the lowest since 1975.\n"
    )
    asked = _year_options(text, "2020")
    assert asked
    assert all(min(options) >= 2024 - 44 for options in asked)
    text = (
        "The Green party's share was a little higher than it won in 2019.\n"
        "It took 12 seats in 2024, its best result.\n"
        "The party was founded in 1885 by a group of farmers.\n"
    )
    asked = _year_options(text, "2019")
    assert asked
    assert all(1885 not in options for options in asked)


def test_a_founding_is_offered_no_year_the_article_dates_later():
    """A club that moved house in 1958 was not founded in 1958 or 2005: a founding's year and
    date options lie before the next year the article states."""
    text = (
        "The Harbour Rowing Club was founded in 1921 by a group of fishermen.\n"
        "It moved to the old customs house in 1958.\n"
        "In 1990 it opened a school for young rowers.\n"
    )
    asked = _year_options(text, "1921")
    assert asked
    assert all(max(options) < 1958 for options in asked)
    dates = _founding_date_options()
    assert dates
    assert all(year < 1958 for years in dates for year in years)


def _founding_date_options() -> list[list[int]]:
    """The years of the options of every question on the club's founding date."""
    text = (
        "The Harbour Rowing Club was founded on 4 May 1921 by a group of fishermen.\n"
        "It moved to the old customs house on 2 June 1958.\n"
        "Its rowers won their first national title on 9 July 2005.\n"
    )
    _, candidates = candidates_for(text)
    return [
        [int(ch.text[-4:]) for ch in c.question.choices]
        for c in candidates
        if c.question.rule == "calendar_date_choice"
        and c.answer_forms == ("4 May 1921",)
    ]


def test_a_dates_made_up_years_are_not_next_door_to_each_other():
    """ "4 May 1918, 4 May 1919" beside "4 May 1921" leave the answer apart from the bunch."""
    dates = _founding_date_options()
    assert dates
    for years in dates:
        assert all(later - earlier > 1 for earlier, later in pairwise(years))


def test_percent_choice_takes_wrong_percentages_from_the_article():
    text = (
        "Turnout in the city election was 42% this year. "
        "Four years ago it was 51%, and in the election before that 38%. "
        "The winning party took 27% of the vote, its best result since the war."
    )
    article, candidates = candidates_for(text)
    choice = _choice(candidates, "percent_choice", "27%")
    assert {"42%", "51%", "38%"} & {c.text for c in choice.question.choices}
    assert failed_gate(candidate=choice, article=article) is None


def test_a_percentages_wrong_options_from_the_article_measure_the_same_thing():
    """ "won 60% of the vote" where 60% was the turnout, or "a turnout of 9%" where 9% was a
    party's vote: a student rules the option out by sense. A stated percentage is an option only
    where the parse does not show it measures something else."""
    text = (
        "The Green Party won 9% of the vote in the regional election, its best result. "
        "The Social Democrats took 31% of the vote, down from 36% four years earlier. "
        "Turnout was about 71%, the highest since 1990. "
        "Polls had put the turnout at 64% a week before the election."
    )
    article, candidates = candidates_for(text)
    vote = _choice(candidates, "percent_choice", "9%")
    vote_options = {c.text for c in vote.question.choices}
    assert {"31%", "36%"} & vote_options
    assert not {"71%", "64%"} & vote_options
    turnout = _choice(candidates, "percent_choice", "71%")
    turnout_options = {c.text for c in turnout.question.choices}
    assert not {"9%", "31%", "36%"} & turnout_options
    assert failed_gate(candidate=vote, article=article) is None
    assert failed_gate(candidate=turnout, article=article) is None


def test_a_bounds_wrong_options_lie_on_the_side_that_makes_it_false():
    # "fewer than 12%" holds of 20% too, and "more than 300 boats" of 250: a bound's wrong
    # options lie below an upper bound and above a lower one.
    text = (
        "The harbour board said fewer than 12% of the moorings were empty in August. "
        "A year earlier 35% of them had stood empty, and in 2019 some 20%. "
        "More than 300 boats came to the summer regatta, the board said. "
        "Only 150 boats had come to the first regatta, and 280 boats came last year."
    )
    article, candidates = candidates_for(text)
    below = _choice(candidates, "percent_choice", "12%")
    values = [float(c.text.rstrip("%")) for c in below.question.choices]
    assert len(values) == 4 and max(values) == 12
    assert failed_gate(candidate=below, article=article) is None
    above = _choice(candidates, "number_choice", "300")
    values = [float(c.text) for c in above.question.choices]
    assert len(values) == 4 and min(values) == 300
    assert all(o.order is not None and o.order > 300 for o in above.spares)


def test_a_first_or_last_of_the_month_is_offered_beside_the_same_day_of_other_months():
    # "4 September" beside "1 September" leaves the answer the one round day a lease ends on.
    _, candidates = candidates_for(
        "The council said the ferry service would stop on 1 March, when its lease runs out. "
        "Its boats will be sold, the council added."
    )
    first = _choice(candidates, "calendar_date_choice", "1 March")
    assert all(c.text.startswith("1 ") for c in first.question.choices)
    _, candidates = candidates_for(
        "The harbour will close its old pier on 30 November, the council said. "
        "A new pier is to be built beside it."
    )
    last = _choice(candidates, "calendar_date_choice", "30 November")
    assert {c.text for c in last.question.choices} <= {
        "30 November",
        "31 October",
        "31 December",
        "30 September",
        "31 January",
        "31 August",
        "28 February",
    }


def test_a_nationality_before_the_blank_rules_out_names_the_article_gives_another():
    # "the Swedish firm ____" beside two Norwegian firms: the adjective answers it, and is
    # left out of the stem.
    text = (
        "The ferry is owned by the Swedish firm Nordvik Shipping Group and run by a local "
        "crew. It was repaired by Havstad Marine Ltd, the Norwegian company, last spring. "
        "The Norwegian company Fjord Engines Group supplied its engines, the owners said."
    )
    _, candidates = candidates_for(text)
    assert not [
        c
        for c in candidates
        if c.question.rule == "organisation_cloze"
        and re.search(r"(?:Swedish firm|Norwegian company) ____", c.question.prompt)
    ]
    # Asked without the adjective, its words adapted.
    assert any(
        "adapted from the article" in c.question.prompt
        and "owned by the firm ____" in c.question.prompt
        for c in candidates
        if c.question.rule == "organisation_cloze"
    )


def test_a_state_is_never_an_option_beside_cities():
    # "Texas" among three cities is the odd one out: places of one grain only.
    _, candidates = candidates_for(
        "The band opened its tour in Pittsburgh on a cold night. "
        "It then played two shows in Cleveland, where the crowd sang along. "
        "A third show was held in Texas. "
        "The last concert of the tour took place in Baltimore, the band said."
    )
    clozes = [c for c in candidates if c.question.rule == "place_cloze"]
    assert clozes
    for cloze in clozes:
        options = {c.text for c in cloze.question.choices}
        assert "Texas" not in options or options == {"Texas"}


def test_a_figure_stated_of_the_same_thing_is_never_a_wrong_option():
    text = (
        "The new bridge cost $40 million to build, the city said. "
        "The old bridge cost $12 million when it opened in 1931. "
        "The council had budgeted $38 million for the bridge."
    )
    article, candidates = candidates_for(text)
    choice = _choice(candidates, "amount_choice", "$40 million")
    options = {c.text for c in choice.question.choices}
    # $38 million is a hair from the answer, the same cost as budgeted: not offered.
    assert "$38 million" not in options
    assert "$12 million" in options


def test_first_is_offered_with_second_and_third():
    # Not "for the first time": a first-time claim's ordinal is guessed, not read (R10-GIVEN).
    text = (
        "The club won the league on Sunday with the first goal of its new striker. "
        "Its coach, who joined in 2019, had never won a trophy before."
    )
    _, candidates = candidates_for(text)
    choice = _choice(candidates, "ordinal_choice", "first")
    assert [c.text for c in choice.question.choices] == ["first", "second", "third"]


def test_a_full_date_is_offered_with_the_articles_other_dates_and_no_future_year():
    text = (
        "The treaty was signed on 12 May 1990 by six countries. "
        "Portugal joined on 12 May 2004 after a long debate. "
        "Officials said the treaty would be revised in 2030."
    )
    article, candidates = candidates_for(text)
    choice = _choice(candidates, "calendar_date_choice", "12 May 1990")
    options = [c.text for c in choice.question.choices]
    assert "12 May 2004" in options
    years = [int(o.split()[-1]) for o in options]
    # 2030 is a forecast: the article's present is 2004, and no option is after it.
    assert max(years) <= 2004
    assert "12 May 1989" not in options and "12 May 1991" not in options
    assert failed_gate(candidate=choice, article=article) is None


def test_an_age_in_an_aside_is_asked_as_how_old_the_person_is():
    text = (
        "The prize went to two chemists on Wednesday. "
        "Dr Maria Lopez, 64, is a professor at the University of Leeds. "
        "She shared the award with Tom Baker, who works in Oslo."
    )
    _, candidates = candidates_for(text)
    on_age = [c for c in candidates if c.question.answer == "64"]
    assert [c.question.prompt for c in on_age] == [
        "How old is Dr Maria Lopez, according to the article?"
    ]


def test_one_end_of_a_range_or_one_side_of_a_score_is_never_blanked_alone():
    text = (
        "The bank lowered its rate to a range of 4.75% to 5%, down from a high of 5.25% to 5.5%. "
        "Prices rose from 3.4% to 4.2% in August, and 120 shops closed. "
        "The team lost their opening match of the season 2-1 to Leeds."
    )
    _, candidates = candidates_for(text)
    blanked = {
        c.question.answer for c in candidates if c.question.rule == "number_cloze"
    }
    # Each end of a change ("from 3.4% to 4.2%") is its own fact; each end of a range is not.
    assert blanked == {"3.4", "4.2", "120"}
    score = [c for c in candidates if c.question.rule == "score_choice"]
    assert score and all(
        any(ch.correct and ch.text == "2-1" for ch in c.question.choices) for c in score
    )


def test_a_clause_cut_off_from_its_subject_by_another_figure_is_shown_after_the_subject():
    text = (
        "The striker Jamie Vardy, who cost the club 1 million pounds in 2012 and was once a "
        "factory worker, has scored 22 league goals this season for the champions."
    )
    _, candidates = candidates_for(text)
    prompts = [c.question.prompt for c in candidates if c.question.answer == "22"]
    assert any("Jamie Vardy … has scored ____ league goals" in p for p in prompts)
    assert not any(": …has scored" in p for p in prompts)


def test_words_with_a_name_left_out_are_not_called_the_articles_words():
    text = (
        "The Supreme Court ruled that Prime Minister Boris Johnson's decision to suspend "
        "Parliament for 5 weeks was unlawful."
    )
    from quiz.generation.questions.common import RESERVE

    _, candidates = candidates_for(text)
    on_weeks = [
        c for c in candidates if c.question.rule in {"number_cloze", "number_choice"}
    ]
    assert on_weeks
    for candidate in on_weeks:
        prompt = candidate.question.prompt
        # Only the view held in reserve names him, and it leaves his role out instead.
        assert "Boris Johnson" not in prompt or (
            candidate.score == RESERVE and "Prime Minister" not in prompt
        )
        assert "of the article" not in prompt
        assert "the sentence from the article" not in prompt
        assert "adapted" in prompt


def test_a_figure_in_a_sentence_opening_with_an_unresolved_possessive_is_not_asked():
    text = (
        "Argentina beat France in the final on Sunday. "
        "Their first title came in 1978, when they beat the Netherlands."
    )
    _, candidates = candidates_for(text)
    assert not [
        c
        for c in candidates
        if c.question.rule in {"number_cloze", "year_choice"}
        and "Their first title" in c.question.prompt
    ]


NAME_RULES = {
    "person_cloze",
    "organisation_cloze",
    "place_cloze",
    "who_did",
    "which_organisation",
}


def _name_questions(text: str) -> list[Candidate]:
    article, candidates = candidates_for(text)
    return [
        c
        for c in candidates
        if c.question.rule in NAME_RULES
        and failed_gate(candidate=c, article=article) is None
    ]


def test_a_name_is_typed_by_the_noun_before_it_and_its_last_word():
    """ "the Dutch firm Pieter Hendriks" is a company, however personal the name looks to the
    model; "Kendall Air Force Base" is a place: neither is offered beside people."""
    article = article_for(
        "The ferry is owned by the Dutch firm Pieter Hendriks and run by a crew of twelve.\n"
        "The rocket lifted off from Kendall Air Force Base in Texas on Friday.\n"
        "Maria Lopez said the launch went well.\n"
        "Tom Baker said the weather was fine."
    )
    assert article.name_kinds["Pieter Hendriks"] == "org"
    assert article.name_kinds["Kendall Air Force Base"] == "place"


def test_a_blank_after_the_offers_only_names_the_article_writes_with_the():
    """ "the head of the ____" beside names never written with "the" answers itself; a blank
    without "the" never gets a name the article always writes with it."""
    questions = _name_questions(
        "Ann Lee, the head of the Harbour Authority, said the port would reopen soon.\n"
        "The Nordic Shipping Company said its boats were ready.\n"
        "Reuters reported that trade would recover.\n"
        "The Baltic Freight Group said prices would rise.\n"
        "An aide told Bloomberg that the plan was ready."
    )
    head = [c for c in questions if "the head of the ____" in c.question.prompt]
    assert head
    assert all(
        set(c.distractors) <= {"Nordic Shipping Company", "Baltic Freight Group"}
        for c in head
    )
    told = [c for c in questions if "told ____" in c.question.prompt]
    assert all("Reuters" in c.distractors for c in told)
    assert not any(
        d in {"Nordic Shipping Company", "Baltic Freight Group", "Harbour Authority"}
        for c in told
        for d in c.distractors
    )


def test_a_place_is_offered_only_beside_places_of_its_own_label():
    """ "from ____" with Earth beside cities: only Earth fits, no reading needed."""
    questions = _name_questions(
        "The probe flew for ten months from Earth before it hit the rock.\n"
        "The team in Boston and the team in Denver tracked it.\n"
        "Later the data went to Chicago and then to Seattle."
    )
    assert questions
    assert not any(c.question.choices and "Earth" in c.distractors for c in questions)
    assert not any(
        any(ch.correct and ch.text == "Earth" for ch in c.question.choices)
        for c in questions
    )


def test_a_noun_before_the_blank_asks_for_names_the_article_gives_that_noun():
    """ "by the architect ____" beside a mayor and a president: only the architect fits."""
    questions = _name_questions(
        "The tower was added in 1860 by the architect Paul Moreau during a long restoration.\n"
        "Mayor Anne Roux said the city would rebuild it.\n"
        "President Louis Blanc said the work would take five years.\n"
        "The banker Henri Dufour promised 100 million euros."
    )
    assert not [c for c in questions if "architect ____" in c.question.prompt]
    assert any(c.question.rule == "who_did" for c in questions)


def test_people_are_offered_in_one_form():
    """ "Mr Holm" beside full names stands out, whichever of them is right."""
    questions = _name_questions(
        "Ellen Park, chair of the jury, said the winners had changed the field.\n"
        "Mr Holm, a member of the jury, said the work was bold.\n"
        "John Reed said he was surprised.\n"
        "Sara Blum said she was proud."
    )
    park = [c for c in questions if "chair of the jury" in c.question.prompt]
    assert park
    assert all("Mr Holm" not in c.distractors for c in park)


def test_a_clause_shown_around_a_name_keeps_its_subject():
    """ "…and the family of ____…" never says who did what: shown from the sentence's start."""
    questions = _name_questions(
        "The storm closed the port on Monday, and the family of Ann Lee, a fisher from Dover, "
        "said the boats stayed in.\n"
        "Tom Reed said the harbour was calm.\n"
        "Sara Blum said the wind dropped.\n"
        "John Ward said the ferries ran late."
    )
    family = [c for c in questions if "the family of ____" in c.question.prompt]
    assert family
    assert all("The storm closed the port" in c.question.prompt for c in family)


def test_a_name_before_a_noun_it_qualifies_is_not_blanked():
    """ "missed the ____ game": another club's name fits as well, so nothing is asked."""
    questions = _name_questions(
        "Arsenal beat Everton 2-1 on Sunday.\n"
        "Chelsea lost to Fulham on Saturday.\n"
        "Ann Lee had missed the Arsenal game herself.\n"
        "Liverpool drew with Everton."
    )
    assert not [c for c in questions if "the ____ game" in c.question.prompt]


def test_a_body_a_sentence_calls_by_the_end_of_its_name_is_asked_for():
    """ "The harbour authority said …" after "the Harbour Authority": which organisation said it."""
    questions = _name_questions(
        "Ann Lee, the head of the Harbour Authority, said the port would reopen soon.\n"
        "The Nordic Shipping Company said its boats were ready.\n"
        "The Baltic Freight Agency said that trade would recover.\n"
        "The harbour authority said it would hold an inquiry into the accident."
    )
    inquiry = [
        c
        for c in questions
        if c.question.prompt
        == "Which organisation said it would hold an inquiry into the accident?"
    ]
    assert inquiry
    (right,) = [ch.text for ch in inquiry[0].question.choices if ch.correct]
    assert right == "Harbour Authority"
    assert "The harbour authority" in inquiry[0].question.review[0]


def test_a_name_is_asked_for_once_in_a_set():
    """Three questions answered by one name: the second and third are guesses."""
    text = (
        "Tom Reed said the harbour was calm on Monday.\n"
        "Sara Blum said the wind dropped by noon.\n"
        "Tom Reed said the ferries ran late all week.\n"
        "John Ward said the port would reopen soon.\n"
        "Tom Reed said the crews were tired."
    )
    article, candidates = candidates_for(text)
    who = [
        c
        for c in candidates
        if c.question.rule == "who_did"
        and failed_gate(candidate=c, article=article) is None
    ]

    def answers(chosen: list[Candidate]) -> list[str]:
        return [
            next(ch.text for ch in c.question.choices if ch.correct) for c in chosen
        ]

    assert answers(who).count("Tom Reed") == 3
    assert sorted(answers(select(candidates=who))) == [
        "John Ward",
        "Sara Blum",
        "Tom Reed",
    ]


def test_a_person_named_by_the_end_of_a_longer_name_is_offered_by_the_full_name():
    """ "Di Maria" beside "Kingsley Coman" and "Gonzalo Montiel" stands out: every option is
    written as the article first gives the name ("Angel Di Maria")."""
    article = article_for(
        "Angel Di Maria scored the second goal for the home side.\n"
        "Messi scored from the spot after Di Maria was fouled by Ousmane Dembele.\n"
        "Kingsley Coman and Gonzalo Montiel also played."
    )
    names = {m.name for mentions in article.mentions for m in mentions}
    assert "Angel Di Maria" in names
    assert "Di Maria" not in names


def _claims(text: str) -> list[str]:
    return [
        p.removeprefix("According to the article: ")
        for _, p in _rules_and_prompts(text)
        if p.startswith("According to the article: ")
    ]


def test_a_claim_never_points_back_to_what_it_does_not_name():
    """ "None of them had diabetes." or "…, it said." standing alone: a student cannot tell who."""
    claims = _claims(
        "Doctors in Leeds followed 500 patients for two years. None of them had diabetes. "
        "The harbour board said its ferries carried 2 million people in 2023. The courts had "
        "always decided such cases in 1990, it said. In November he scored in 8 matches in a row. "
        "Most of their customers are under 45. The court rejected both arguments in May 2019.\n"
    )
    assert claims
    for dangling in (
        "None of them",
        ", it said",
        " he scored",
        "their customers",
        "both arguments",
    ):
        assert not any(dangling in c for c in claims), (dangling, claims)
    # A pronoun after the noun it stands for reads on its own.
    assert any("its ferries" in c for c in claims), claims


def test_a_true_claim_holds_a_detail_to_check():
    """ "Side effects were common." is true to anyone who guesses; a name, a number or "none" is
    something the reader must check."""
    claims = _claims(
        "The clinic in Leeds treated 400 patients with the new drug in 2023. Side effects were "
        "common. None of the patients had diabetes.\n"
    )
    assert "Side effects were common." not in claims, claims
    assert "None of the patients had diabetes." in claims, claims


def test_them_after_one_group_reads_as_that_group():
    """ "None of them had diabetes." after "The trial followed 500 adults ...": the adults."""
    claims = _claims(
        "The trial followed 500 adults in Leeds for three years in 2023. None of them had "
        "diabetes before the trial began in March.\n"
    )
    assert any(c.startswith("None of the adults had diabetes") for c in claims), claims


def test_its_after_a_named_subject_reads_as_that_subject():
    claims = _claims(
        "The trial, called Beacon, followed 500 adults in Leeds for three years. Its results "
        "were published in the Lancet in May 2023 and presented at a meeting in Vienna.\n"
    )
    assert any(c.startswith("The trial’s results were published") for c in claims), (
        claims
    )


def test_a_possessive_reads_as_whoever_the_sentence_before_gave_the_same_noun():
    """ "Their first title came in 1971." after "It was Porto Azul's first cup title since 1994":
    Porto Azul's, so the year can be asked and claimed; without such a noun before, not asked."""
    for text, owner in (
        (
            "Porto Azul beat Braga 2-1 in the cup final on Sunday. It was Porto Azul's first cup "
            "title since 1994, when Ana Costa was the coach. Their first title came in 1971.\n",
            "Porto Azul's",
        ),
        (
            "The Lisbon rowing club won the national cup in May 2022. It was the club's first "
            "national title since 1994, when Ana Costa led the crew. Its first title came in "
            "1971.\n",
            "The club's",
        ),
    ):
        article, candidates = candidates_for(text)
        asked = {
            c.question.prompt.split(": ", 1)[-1].split("? ", 1)[-1]
            for c in candidates
            if failed_gate(candidate=c, article=article) is None
            and c.question.rule in {"year_choice", "number_cloze", "claim_refuted_year"}
        }
        assert f"{owner} first title came in ____." in asked, asked
        assert any(
            a.startswith(f"{owner} first title came in 19") and "____" not in a
            for a in asked
        ), asked


def test_a_speaker_named_with_an_aside_moves_after_what_was_said():
    from quiz.generation.claims import reworded

    assert (
        reworded(
            "Ann Lee, a member of the board, said the bridge would reopen in May.",
            proper=frozenset({"Ann", "Lee", "May"}),
        )
        == "The bridge would reopen in May, said Ann Lee, a member of the board."
    )


def test_a_flipped_claim_is_false_only_when_the_other_word_cannot_also_hold():
    """ "said before the vote" flipped to "after" may hold too; "shortly before" pins the time. "Lost
    9% of their weight" is no defeat to turn into a win; a rejected argument is "accepted"."""
    flipped = [
        p
        for rule, p in _rules_and_prompts(
            "The mayor of Leeds had said before the vote in May that she would respect the result. "
            "The fire at the Leeds depot broke out shortly after the gates had closed on Monday. "
            "Patients in the Leeds trial lost 9% of their weight in 2023. "
            "The Supreme Court in London rejected the argument of the Leeds council in May 2019.\n"
        )
        if rule.endswith("_polarity")
    ]
    assert not any("after the vote" in p or "won 9%" in p for p in flipped), flipped
    assert any("shortly before the gates" in p for p in flipped), flipped
    assert any("accepted the argument" in p for p in flipped), flipped


def test_a_false_claim_without_a_figure_drops_a_negation_or_reverses_a_stance():
    """ "False if it has a number" pays while false claims change only figures: a sentence without
    one is made false by leaving out its "not" or turning praise into blame, and a "not" that
    cannot go ("not yet", "not ... until") or a quoted one stays. "Never" stays ("had won a title"
    is not the opposite of "had never won one" before the time the article speaks of), and
    "mocked by some" is not turned into "praised": others may have praised."""
    flipped = [
        p
        for rule, p in _rules_and_prompts(
            "The vote on the new bridge in Leeds is not legally binding for the council. "
            "The mayor of Leeds praised the engineers of the old bridge. "
            "A council spokesman confirmed the closure of the old bridge to lorries. "
            "The engineers in Leeds said it was not yet clear what had caused the crack. "
            "The old bridge in Leeds was not due to reopen until the spring. "
            "Ann Lee of the Leeds city council had never worked on a steel bridge over a river. "
            "The council leader in Leeds had been mocked by some residents for the delay. "
            "The mayor of Leeds signed an order lowering the threshold for a public inquiry. "
            "The Leeds planning committee accepted the proposal of the residents' association.\n"
        )
        if rule.endswith("_polarity")
    ]
    assert any(
        "The vote on the new bridge in Leeds is legally binding" in p for p in flipped
    ), flipped
    assert any("criticised the engineers" in p for p in flipped), flipped
    assert any("spokesman denied the closure" in p for p in flipped), flipped
    assert not any("had worked on a steel bridge" in p for p in flipped), flipped
    assert not any("had been praised by some residents" in p for p in flipped), flipped
    assert any("an order raising the threshold" in p for p in flipped), flipped
    assert any("committee rejected the proposal" in p for p in flipped), flipped
    assert not any("it was yet clear" in p or "was due to reopen" in p for p in flipped)
    assert not any(has_number(p) for p in flipped), flipped


def test_no_stance_or_negation_is_flipped_where_the_sentence_argues_for_it():
    """A reason or a contrast in the sentence was said of its stance: flipped, the claim argues
    against itself ("criticised the engineers because they had saved the bridge"; "is legally
    binding, but the council is expected to follow it") and a reader knows it is false without the
    article. A ruling that "confirmed" a finding is not made to deny it."""
    flipped = [
        p
        for rule, p in _rules_and_prompts(
            "The mayor of Leeds praised the engineers who repaired the old bridge because they "
            "had saved it from collapse. "
            "The vote on the new bridge in Leeds is not legally binding, but the council is "
            "expected to follow it. "
            "The Leeds council approved the closure of the old bridge in response to the crack. "
            "The ruling of the Leeds court confirmed that the council had acted within the law.\n"
        )
        if rule.endswith("_polarity")
    ]
    assert not any("criticised the engineers" in p for p in flipped), flipped
    assert not any("is legally binding, but" in p for p in flipped), flipped
    assert not any("rejected the closure" in p for p in flipped), flipped
    assert not any("court denied" in p for p in flipped), flipped


def test_a_flipped_stance_leaves_out_the_words_that_said_why():
    """ "criticised the engineers, saying they had saved the bridge despite the storm" argues
    against itself: a reader knows it is false without the article. The flip ends before the
    reason ("saying …", "for …"), which was said of the other stance."""
    flipped = [
        p
        for rule, p in _rules_and_prompts(
            "The mayor of Leeds praised the engineers of the old bridge, saying they "
            "had saved it despite the enormous difficulty of the work. "
            "The council leader in Leeds criticised the contractors for their careless work on "
            "the new road.\n"
        )
        if rule.endswith("_polarity")
    ]
    assert any(
        p.endswith("criticised the engineers of the old bridge.") for p in flipped
    ), flipped
    assert any(p.endswith("praised the contractors.") for p in flipped), flipped
    assert not any("saying" in p or "careless" in p for p in flipped), flipped


def test_praise_of_those_named_by_their_deed_is_claimed_neither_way():
    """ "The mayor criticised the firefighters who saved the school" is false to anyone with
    common sense, and "praised" true to them: the deed that names them tells praise from blame,
    so neither claim is made. Praise of a thing the sentence does not judge ("the new report")
    is flipped."""
    found = _rules_and_prompts(
        "The mayor of Leeds praised the firefighters who saved the old school from the fire. "
        "The council leader in Leeds praised the new report on the city's bridges.\n"
    )
    flipped = [p for rule, p in found if rule.endswith("_polarity")]
    assert not any("criticised the firefighters" in p for p in flipped), flipped
    assert any("criticised the new report" in p for p in flipped), flipped
    claims = [p for rule, p in found if rule.endswith("_supported")]
    assert not any("praised the firefighters" in p for p in claims), claims
    assert any("praised the new report" in p for p in claims), claims


def test_a_plain_statement_is_made_false_by_a_not_that_leaves_its_fact_alone():
    """ "Side effects were common" has no figure, name or negation to change: "were not common"
    is false, and says so only to a reader. A sentence whose fact is a name or a figure keeps it
    for its own question, and "None of them ..." is not negated twice."""
    flipped = [
        p
        for rule, p in _rules_and_prompts(
            "Side effects of the drug tested at the Leeds clinic were common and mostly mild. "
            "The first patient treated at the Leeds clinic was Ann Lee of Bradford. "
            "None of the patients treated at the Leeds clinic was a smoker.\n"
        )
        if rule.endswith("_polarity")
    ]
    assert any("Leeds clinic were not common and mostly mild" in p for p in flipped)
    assert not any("was not Ann Lee" in p for p in flipped), flipped
    assert not any("was not a smoker" in p for p in flipped), flipped


def test_no_false_claim_doctors_a_quote_or_comes_from_a_list_line():
    claims = _claims(
        "The rescue team in Leeds found the 12 climbers in May 2021 with a note that read: "
        '"We are all alive, the 12 of us."\n'
        "2020: Estonia, which joined the Leeds partnership after 14 years of talks.\n"
    )
    assert not any(
        "the 12 of us" not in c and "We are all alive" in c for c in claims
    ), claims
    assert not any(c.startswith("2020:") for c in claims), claims


def test_a_false_number_differs_by_more_than_a_hair():
    """2.2 mg for 2.4 mg, or 8 March for 7 March, tests the memory of a digit, not reading."""
    article, candidates = candidates_for(
        "Half of the patients in Leeds were given 2.4 milligrams of the drug every week. The "
        "clinic in Leeds opened on 7 March 2021 after a long delay.\n"
    )
    for c in candidates:
        if c.question.rule != "claim_refuted_number" or failed_gate(
            candidate=c, article=article
        ):
            continue
        changed = float(c.distractors[0].split()[0])
        true = 2.4 if "milligrams" in c.claim else 7
        limit = 0.2 * true if "milligrams" in c.claim else 5
        assert abs(changed - true) >= limit, c.claim


def test_a_number_that_opens_a_clause_is_not_left_out_as_an_aside():
    """ "Of those who voted, 89% chose the ban, the council said." without ", 89% chose the ban,"
    is "Of those who voted the council said." """
    claims = _claims(
        "Of those who voted in Leeds, 89% chose the ban on rental bikes, the city council said.\n"
    )
    assert not any(c.startswith("Of those who voted in Leeds the") for c in claims), (
        claims
    )


def test_a_qualifying_noun_is_no_antecedent():
    claims = _claims(
        "The ferry Nordlys ran aground near Bergen on 3 May 2021. Salvage teams worked for "
        "five days to free it.\n"
    )
    assert not any("to free it" in c for c in claims), claims


def test_a_swapped_pair_keeps_each_title_with_its_name():
    claims = _claims(
        "The Leeds Academy gave the award to Mr Hinton and John Hopfield for their work on "
        "neural networks.\n"
    )
    assert not any("Mr John Hopfield" in c for c in claims), claims


def test_a_true_claim_swaps_no_names_that_two_clauses_put_side_by_side():
    """ "… pulled one back for Rovers and Ben Price curled in …": the "and" joins two clauses,
    though the parse may join the two names; "for Ben Price and Rovers" would be offered as true."""
    claims = _claims(
        "United led 2-0 at half-time through goals from Tom Baker and Ali Khan, but Sam Jones "
        "pulled one back for Rovers and Ben Price curled in the equaliser with seven minutes "
        "left.\n"
    )
    assert not any("for Ben Price and Rovers" in c for c in claims), claims
    assert any("Ali Khan and Tom Baker" in c for c in claims), claims


def test_no_clause_claim_starts_at_the_second_of_two_subjects():
    """ "Russia and Norway share the fishing grounds" read from "Norway" says Norway alone shares
    them; the parse makes both names the verb's subject, so there is no clause to cut there."""
    claims = _claims(
        "Russia and Norway share the fishing grounds of the northern sea under a treaty signed "
        "in 2010.\n"
        "Researchers at the University of Bergen and the Polar Institute have found that the "
        "ice in the northern sea is melting faster than any model predicted.\n"
    )
    assert not any(c.startswith("Norway share") for c in claims), claims
    assert not any(c.startswith("The Polar Institute have") for c in claims), claims


def test_a_wrong_ordinal_is_one_the_noun_after_it_allows():
    """ "in the sixth quarter" or "its first pause in a row" is false on its face: a student
    needs no article to refute the claim or to rule out the option."""
    article = article_for(
        "Housing starts fell by 12% in the third quarter, according to the national housing "
        "agency.\n"
        "The Bank of Leeds held its key interest rate at 4.5% on Wednesday, its third pause in a "
        "row.\n"
    )
    quarter, in_a_row = (
        next(n for n in article.numbers[i] if n.kind == "ordinal") for i in (0, 1)
    )
    for seed in range(20):
        for cited in (None, (0, 1)):
            wrong = {
                text
                for text, _, _ in number_variants(
                    article, quarter, rng=random.Random(seed), cited=cited
                )
            }
            assert wrong and wrong <= {"first", "second", "fourth"}, wrong
            wrong = {
                text
                for text, _, _ in number_variants(
                    article, in_a_row, rng=random.Random(seed), cited=cited
                )
            }
            assert wrong and "first" not in wrong, wrong


def test_a_wrong_figure_stays_within_what_the_text_bounds_it_by():
    """ "11 hours and 70 minutes" or "won eight of the previous seven" is false on its face."""
    article = article_for(
        "Before the probe arrived, the moon took 11 hours and 55 minutes to circle the planet.\n"
        "Rovers, who had won 4 of the previous 7 finals, lost to United in the semi-finals.\n"
    )
    minutes = next(n for n in article.numbers[0] if n.text == "55")
    part, whole = (next(n for n in article.numbers[1] if n.text == t) for t in "47")
    for seed in range(20):
        for number, fits in (
            (minutes, lambda v: v < 60),
            (part, lambda v: v <= 7),
            (whole, lambda v: v >= 4),
        ):
            values = [
                value
                for _, _, value in number_variants(
                    article, number, rng=random.Random(seed)
                )
            ]
            assert values and all(fits(v) for v in values), (number.text, values)


def test_a_name_that_opens_a_sentence_keeps_its_capital_when_a_phrase_is_fronted():
    """ "Rovers won the cup final …" fronted as "After extra time, Rovers won …": the article
    writes "Rovers" with a capital in mid-sentence, though the parse may tag it a common noun."""
    claims = _claims(
        "Rovers won the cup final at the national stadium on Saturday after extra time.\n"
        "Sam Jones scored twice for Rovers in the second half.\n"
    )
    assert not any(", rovers won" in c for c in claims), claims


def test_a_role_swapped_into_a_claim_is_one_its_pronouns_fit():
    """ "Mark Shaw, the leader of the Harbour Party, told his party's conference …" made false by
    the role of Ann Lowe, whom the article does not mark a man, read "The Green Party MP told his
    party's conference …": wrong before it is false. Swapped in for a man, it reads."""
    text = (
        "The tribunal ruled on Tuesday that the port's closure had been unlawful.\n"
        "The case was brought by 40 fishermen led by the Green Party MP Ann Lowe.\n"
        "Mark Shaw, the leader of the Harbour Party, told his party's conference in Leeds that "
        "the closure had cost 300 jobs.\n"
    )
    claims = _claims(text)
    assert not any(c.startswith("The Green Party MP told his") for c in claims), claims
    marked = text.replace(
        "the Green Party MP Ann Lowe.\n",
        "the Green Party MP Tom Lowe.\nHe said the closure had cost 200 jobs.\n",
    )
    assert any(c.startswith("The Green Party MP told his") for c in _claims(marked)), (
        _claims(marked)
    )


def test_a_day_left_out_leaves_no_verb_hanging():
    claims = _claims(
        "Leeds voters chose to ban rental scooters in a public vote held on Sunday that made "
        "Leeds one of the first cities in Britain to get rid of them.\n"
    )
    assert not any("held that made" in c for c in claims), claims


def test_a_ruling_is_claimed_without_its_day_and_length():
    """ "The tribunal ruled on Friday that the council's decision to close the library for six
    months was unlawful": the finding stated alone, leaving the day and the length to the
    questions that ask them."""
    article = read_article(
        text="The High Tribunal ruled on Friday that the Leeds council's decision to close the "
        "central library for six months was unlawful, in a judgment that embarrassed the "
        "mayor.\n"
    )
    claim = make_claim(article, 0)
    assert claim is not None
    ruled = ruled_claim(article, 0, claim)
    assert ruled is not None
    assert ruled.text == (
        "The High Tribunal ruled that the Leeds council's decision to close the central "
        "library was unlawful, in a judgment that embarrassed the mayor."
    )
    stated = [
        c.question.prompt for c in all_candidates(article=article, rng=random.Random(0))
    ]
    assert f"According to the article: {ruled.text}" in stated, stated


def test_who_did_offers_no_person_the_article_names_only_long_before_its_events():
    """ "Who scored the winner?" beside a player the article names only "in 1958" is answered
    without reading: a person every one of whose sentences states a year far before the article's
    latest belongs to another era, no option for its present events."""
    text = (
        "Rovers won the cup on Saturday, beating United 2-1 at the national stadium.\n"
        "Tomas Berg scored the winner in the 88th minute after a long run.\n"
        "Karl Ostrowski had put Rovers ahead, and Jens Falk equalised for United.\n"
        "Rovers last won the cup in 1958, when Arthur Pell scored twice in the final.\n"
        "Their manager, who arrived in 2019, said the players had earned it."
    )
    _, candidates = candidates_for(text)
    asked = [
        c
        for c in candidates
        if c.question.rule in {"who_did", "person_cloze"}
        and "Tomas Berg"
        in {choice.text for choice in c.question.choices if choice.correct}
    ]
    assert asked
    assert {d for c in asked for d in c.distractors} == {"Karl Ostrowski", "Jens Falk"}


def test_who_did_offers_people_of_the_answers_standing_when_the_article_names_them():
    """ "Who was the last miner brought up?" beside the President and a minister leaves the miners
    only: when the article names two others who, like the answer, hold no role it gives, they are
    the wrong options, not its office holders."""
    text = (
        "The last of the trapped miners was brought to the surface on Wednesday night.\n"
        "Pablo Rojas was the final miner to be lifted out of the shaft.\n"
        "Mario Vega had been the first out, and Samuel Diaz followed him an hour later.\n"
        "President Ana Torres greeted each man at the top. "
        "Health Minister Jorge Ruiz said the men were in good health."
    )
    _, candidates = candidates_for(text)
    who = [
        c
        for c in candidates
        if c.question.rule == "who_did" and "final miner" in c.question.prompt
    ]
    assert who
    assert {d for c in who for d in c.distractors} == {"Mario Vega", "Samuel Diaz"}


def test_an_organisation_cloze_offers_bodies_of_the_answers_type_and_never_one_twice():
    """ "…the ____ had ruled the other way" beside an assembly and a party leaves the courts: when
    the article names two other bodies of the answer's type (by the noun that says what they are)
    they are the wrong options, and "Supreme Court" beside "Federal Supreme Court" is one body."""
    text = (
        "The Federal Supreme Court ruled on Tuesday that the new fishing law was unlawful.\n"
        "The National Assembly passed the law in January, backed by the Farmers Party.\n"
        "The Green Alliance said it would campaign against any new law.\n"
        "Last month the Court of Appeal had ruled the other way in a judgment.\n"
        "The Supreme Court heard the case over three days in May.\n"
        "The High Court had dismissed the first challenge in March."
    )
    _, candidates = candidates_for(text)
    clozes = [
        c
        for c in candidates
        if c.question.rule == "organisation_cloze"
        and "ruled the other way" in c.question.prompt
    ]
    assert clozes
    for cloze in clozes:
        assert len(cloze.distractors) == 2
        assert "High Court" in cloze.distractors
        assert {"National Assembly", "Farmers Party", "Green Alliance"}.isdisjoint(
            cloze.distractors
        )


def test_who_did_with_he_in_the_stem_offers_no_person_the_article_marks_as_a_woman():
    """ "Who said he would resign?" beside women is answered by the pronoun alone: a person the
    article marks as the other sex (by a title, or a pronoun in a sentence naming her alone) is no
    wrong option for it."""
    text = (
        "Council leader Tom Hardy said he would resign at the end of the month.\n"
        "Sara Lund said the budget had been cut too far. She called for a new vote.\n"
        "Ms Lund was backed by Nina Kerr, whom Mrs Kerr's allies called the obvious successor.\n"
        "Paul Stone said the council had done its best. Mr Stone chairs the finance panel.\n"
        "Alan Frost said the vote should wait. Mr Frost has led the opposition since spring.\n"
        "Ben Moss said the town needed stability. Mr Moss runs the local market."
    )
    _, candidates = candidates_for(text)
    who = [
        c
        for c in candidates
        if c.question.rule == "who_did" and "he would resign" in c.question.prompt
    ]
    assert who
    assert {d for c in who for d in c.distractors} <= {
        "Paul Stone",
        "Alan Frost",
        "Ben Moss",
    }


def test_who_did_with_she_in_the_stem_offers_only_people_the_article_marks_as_women():
    """ "Who dissented and said she would have preferred …?" beside names the article never marks
    (most read as men's) is answered by the pronoun alone: only women it marks are options."""
    text = (
        "Governor Ann Reed dissented and said she would have preferred a smaller cut.\n"
        "Tom Hale, Mark Dunn and Peter Lane backed the cut with Carl Webb and Joe Marsh.\n"
        "Lucy Gray said the bank should have waited. She spoke in Leeds.\n"
        "Ms Kerr said the markets had expected the move. Nina Kerr advises the board.\n"
        "Rita Moss said the decision was brave. She chairs the audit panel."
    )
    _, candidates = candidates_for(text)
    who = [
        c
        for c in candidates
        if c.question.rule == "who_did" and "said she would" in c.question.prompt
    ]
    assert who
    assert {d for c in who for d in c.distractors} <= {
        "Lucy Gray",
        "Nina Kerr",
        "Rita Moss",
    }


def test_who_did_with_she_in_the_stem_and_no_other_woman_asks_with_they():
    """With no other woman the article marks, "Who … said she would …?" cannot be asked fairly
    among names; asked as "Who … said they would …?" every option fits the stem."""
    text = (
        "Governor Ann Reed dissented and said she would have preferred a smaller cut.\n"
        "Tom Hale, Mark Dunn and Peter Lane backed the cut with Carl Webb and Joe Marsh.\n"
        "The bank will meet again in December, when markets expect another cut."
    )
    _, candidates = candidates_for(text)
    who = [c for c in candidates if c.question.rule == "who_did"]
    prompts = [c.question.prompt for c in who]
    assert "Who dissented and said they would have preferred a smaller cut?" in prompts
    assert not any(" she " in prompt for prompt in prompts)


def test_who_did_offers_people_who_act_in_the_article_before_those_only_mentioned():
    """ "Who said the bridge would reopen?" beside the engineer who designed it long ago or the
    banker who paid for it is answered without reading: people the article only mentions (never
    the subject of a verb, never quoted) are no options while two people who act are there."""
    text = (
        "Tom Hale said the bridge would reopen in May after two years of repairs.\n"
        "The bridge was designed by the engineer Carl Webb and paid for by Joe Marsh.\n"
        "Peter Lane said the repairs had taken too long.\n"
        "Mark Dunn said the council should have acted sooner."
    )
    _, candidates = candidates_for(text)
    who = [
        c
        for c in candidates
        if c.question.rule == "who_did" and "bridge would reopen" in c.question.prompt
    ]
    assert who
    for question in who:
        assert set(question.distractors) == {"Peter Lane", "Mark Dunn"}


def test_a_who_stem_names_whom_them_means_or_is_not_asked():
    text = (
        "Rescuers reached the twelve climbers on Sunday after a week on the mountain.\n"
        "The climbers were flown to a hospital in the valley.\n"
        "Tom Hale said most of them were in better health than expected.\n"
        "Peter Lane said the weather had turned just in time.\n"
        "Mark Dunn said none of them would climb again this year.\n"
    )
    who = [
        c.question.prompt
        for c in candidates_for(text)[1]
        if c.question.rule == "who_did"
    ]
    # "Who said most of them were …?": most of whom? Named as the sentence before names the
    # group; where that sentence names none ("Peter Lane said …"), not asked.
    assert who == [
        "Who said most of the climbers were in better health than expected?",
        "Who said the weather had turned just in time?",
    ]


def test_person_options_beside_a_side_in_the_stem_are_none_the_article_ties_to_another():
    """ "… ____ pulled one back for Arsenal …" beside the other club's manager and striker is
    answered without reading: beside a person the article ties to a side the stem names, no one
    it ties only to another side ("Everton manager X", "Everton's striker Y") is an option."""
    text = (
        "Everton led 2-0 at half-time, but Tom Hale pulled one back for Arsenal and Ben Moss "
        "equalised late on.\n"
        "Everton manager Carl Webb said his side had lost focus.\n"
        "Everton's striker Joe Marsh missed a penalty in the second half.\n"
        "Arsenal's captain Peter Lane praised the travelling fans.\n"
        "Arsenal's defender Mark Dunn said the draw felt like a win.\n"
        "Everton's winger Paul Stone scored twice in the previous match."
    )
    _, candidates = candidates_for(text)
    asked = [
        c
        for c in candidates
        if c.question.rule in {"person_cloze", "who_did"}
        and "____ pulled one back for Arsenal" in c.question.prompt
    ]
    assert asked
    for question in asked:
        assert set(question.distractors) <= {"Peter Lane", "Mark Dunn"}


def _person_options(text: str, stem: str) -> list[list[str]]:
    return [
        [choice.text for choice in c.question.choices if not choice.correct]
        for c in candidates_for(text)[1]
        if c.question.rule in {"person_cloze", "who_did"} and stem in c.question.prompt
    ]


def test_person_options_beside_a_side_in_the_stem_are_people_of_that_side():
    """ "Who pulled one back for Arsenal?" beside people the article ties to no side is answered
    by the one it ties to Arsenal (the grader's "none of them could score for Chelsea"): only
    people of the stem's side are options, and without two of them it is not asked."""
    match = (
        "Everton beat Arsenal 2-1 at Goodison Park on Saturday.\n"
        "Sam Reed scored twice for Everton in the first half.\n"
        "Tom Hale pulled one back for Arsenal in the second half.\n"
    )
    untied = (
        "Jack Bond said the win meant a great deal to the city.\n"
        "Paul Stone, who joined in July, has scored 12 goals this season.\n"
        "Mark Dunn said the crowd had been the best of the season.\n"
    )
    assert _person_options(match + untied, "pulled one back for Arsenal") == []
    assert _person_options(match + untied, "scored twice for Everton") == []
    tied = (
        "Arsenal's captain Peter Lane praised the travelling fans.\n"
        "Arsenal's defender Mark Dunn said the draw had been close.\n"
        "Jack Bond said the win meant a great deal to the city.\n"
    )
    assert _person_options(match + tied, "pulled one back for Arsenal") == [
        ["Peter Lane", "Mark Dunn"]
    ]


def test_a_person_of_the_answer_s_body_is_an_option_even_when_only_mentioned():
    """ "Who told reporters …?" of the Fed's chair offered the two election candidates only (the
    governor who dissented is not the parser's subject of a verb): a person the article ties to
    the answer's own body ("X, a Fed governor,", "Fed chair Y") is an option first."""
    for chair in ("Fed chair John Smith", "John Smith, the Fed's chair,"):
        text = (
            "The central bank cut its main rate by half a point on Wednesday.\n"
            "Jane Doe, a Fed governor, dissented and said a smaller cut would have been wiser.\n"
            f"{chair} told reporters that the move was a sign of strength.\n"
            "Mark Lee, the Republican candidate, said the cut showed the economy was weak.\n"
            "Ann Cole, the Democratic candidate, called it welcome news for families.\n"
        )
        options = _person_options(text, "Who told reporters that the move")
        assert options, chair
        assert all("Jane Doe" in each for each in options), (chair, options)


def _refuted_numbers(text: str) -> list[str]:
    article, candidates = candidates_for(text)
    return [
        c.claim
        for c in candidates
        if c.question.rule.endswith("_refuted_number")
        and not failed_gate(candidate=c, article=article)
    ]


def test_a_false_number_moves_past_the_bound_the_article_gives():
    """ "For 13 days nobody knew" is still true when the article says 17, "more than 300 people"
    when it says more than 400, and "under 25" may hold when it says under 35: only a longer
    time, a higher lower bound, and no upper bound at all contradict. Odds are one figure."""
    claims = _refuted_numbers(
        "The fishing boat Aurora sank off the coast of Norway in March. For 17 days nobody "
        "knew whether the crew of the Aurora had survived the storm. Bookmakers in Leeds had "
        "offered odds of 5,000-1 on the local rugby club Leeds Rhinos winning the league title. "
        "More than 400 people watched the final match of the season. A survey by the city "
        "council of Leeds found that most of the riders were under 35.\n"
    )
    days = [int(c.split()[1]) for c in claims if c.startswith("For ")]
    crowds = [int(c.split()[2]) for c in claims if c.startswith("More than ")]
    assert days and crowds, claims
    assert all(d > 17 for d in days) and all(n > 400 for n in crowds), claims
    assert not any("5,000-" in c or "under" in c for c in claims), claims


_SET_PHRASES = (
    "The ferry Nordlys ran aground near Bergen in May, and salvage crews in Bergen freed "
    "the ferry Nordlys in less than 24 hours. Harbour master Ola Berg of Bergen was one of "
    "two officials who ordered the ferry Nordlys to stay in port. The owners of the ferry "
    "Nordlys paid 100% of the cost of the salvage work in Bergen. The salvage crews in "
    "Bergen pumped 3,400 tonnes of water out of the ferry Nordlys.\n"
)


def test_no_number_question_on_a_set_phrase():
    """ "In less than ____ hours", "paid ____% of the cost", "one of ____ officials": a student
    fills in 24, 100 and 2 without reading, and tells "less than 36 hours" false the same way."""
    article, candidates = candidates_for(_SET_PHRASES)
    asked = [
        c.answer_forms[0]
        for c in candidates
        if c.question.rule.endswith(("_cloze", "_choice")) and c.numeric
    ]
    assert "3,400" in asked and not {"24", "two", "100%"} & set(asked), asked
    changed = _refuted_numbers(_SET_PHRASES)
    assert changed and all("tonnes of water" in c for c in changed), changed


def test_a_reworded_number_keeps_a_form_the_article_could_use():
    """ "$40m" is how news writes "$40 million"; "11m kilometres" reads as metres."""
    from quiz.generation.claims import reworded

    assert (
        reworded("The museum in Leeds cost $40 million to build.", proper=frozenset())
        == "The museum in Leeds cost $40m to build."
    )
    distance = "The probe in orbit flew 11 million kilometres from Earth."
    assert "11m" not in reworded(distance, proper=frozenset())


def test_a_cloze_cut_from_its_sentence_says_what_it_is_about():
    """ "…time in their ____-year history…" (whose?) is not shown; a cut never ends on "the" or
    a relative whose clause it leaves out ("…weeks before the date on which the…")."""
    _, candidates = candidates_for(
        "The rugby club Leeds Rhinos won the league title for the first time in their 120-year "
        "history on Saturday, beating Wigan by 20 points in front of 40,000 fans. Parliament of "
        "Norway was suspended on 9 May 2024 and did not return until 14 June 2024, barely three "
        "weeks before the date on which the new budget rules of the country came into force in "
        "Oslo.\n"
    )
    prompts = [
        c.question.prompt
        for c in candidates
        if c.question.rule in {"number_cloze", "number_choice"}
    ]
    assert any("____-year history" in p for p in prompts), prompts
    assert not any("…time in their" in p for p in prompts), prompts
    cut_ends = [p.rstrip("…").split()[-1] for p in prompts if p.endswith("…")]
    assert cut_ends and not {"the", "which", "on"} & set(cut_ends), cut_ends
    # Nor does it open on an "and" cut from its subject, or in the middle of another date.
    dates = [
        c.question.prompt
        for c in candidates
        if c.question.rule == "calendar_date_choice"
        and "Parliament … " in c.question.prompt
    ]
    assert dates and all(
        p.split("Parliament … ")[1].startswith("did not") for p in dates
    ), dates


def test_no_measure_asked_beside_the_comparison_that_gives_it():
    """ "At ____ metres long, the ship is as long as three football pitches": a pitch is about
    100 metres, so the stem answers itself; the ship's other figures are still asked."""
    _, candidates = candidates_for(
        "At 300 metres long, the cargo ship Nordic Star is as long as three football pitches, "
        "and it can carry about 15,000 containers. The cargo ship Nordic Star ran aground in "
        "the port of Hamburg in May 2022 and blocked the river for six days.\n"
    )
    asked = {
        c.answer_forms[0]
        for c in candidates
        if c.question.rule in {"number_cloze", "number_choice"}
    }
    assert "15,000" in asked and "300" not in asked, asked
    changed = _refuted_numbers(
        "At 300 metres long, the cargo ship Nordic Star is as long as three football pitches.\n"
    )
    assert not any("football pitches" in c for c in changed), changed


_CENTRAL_BANKS = (
    "The US Federal Reserve cut interest rates by a quarter point on Wednesday. Economists at "
    "Nordbank said the cut showed the Fed wanted to get ahead of a weakening labour market. The "
    "Bank of England held its rate at 5% on Thursday. Traders at Halden Capital said the Bank of "
    "England would wait until the spring. The European Central Bank had raised rates the "
    "previous week. Analysts at Stavros Partners said the European Central Bank would pause in "
    "March. The Arctic Trawler Association, known as the Trawler Union, met in Tromso. The "
    "Northern Fisheries Council (NFC) met in Bergen. The North Atlantic Treaty Organization met "
    "in Brussels on Friday.\n"
)


def test_a_swapped_name_is_never_another_name_of_the_same_body():
    """ "The US Federal Reserve wanted…" where the article says "the Fed wanted…" is true: a false
    claim or an option never uses a short form, the initials, or a name the article gives the
    same body ("the X, known as Y", "X (Y)")."""
    from quiz.generation.distractors import pick_names, same_thing
    from quiz.generation.names import ORG

    article = article_for(_CENTRAL_BANKS)
    options = pick_names(
        article,
        kind=ORG,
        answer="Fed",
        cited="",
        index=1,
        rng=random.Random(0),
        count=4,
    )
    assert len(options) == 4 and "US Federal Reserve" not in options, options
    for name, other in (
        ("NATO", "North Atlantic Treaty Organization"),
        ("Arctic Trawler Association", "Trawler Union"),
        ("NFC", "Northern Fisheries Council"),
        ("Supreme Court", "UK Supreme Court"),
    ):
        assert same_thing(article, name, other) and same_thing(article, other, name)
    for name, other in (
        ("Bank of England", "European Central Bank"),
        ("Nordbank", "Bank of England"),
        ("NATO", "Northern Fisheries Council"),
    ):
        assert not same_thing(article, name, other), (name, other)
    assert not any(
        "Federal Reserve" in c.claim and c.question.rule == "claim_refuted_actor"
        for c in candidates_for(_CENTRAL_BANKS)[1]
    )


def test_whether_one_name_is_another_is_read_from_each_article():
    """The answer for a pair of names is remembered while the rules ask about one article; the
    next article that names both without introducing one as the other gets its own answer."""
    from quiz.generation.distractors import same_thing

    introduced = article_for(
        "The Arctic Trawler Association, known as the Trawler Union, met in Tromso on Monday.\n"
    )
    apart = article_for(
        "The Arctic Trawler Association met in Tromso on Monday. The Trawler Union met in "
        "Bergen on Tuesday.\n"
    )
    pair = ("Arctic Trawler Association", "Trawler Union")
    assert same_thing(introduced, *pair)
    assert not same_thing(apart, *pair)
    assert same_thing(introduced, *pair)


_AGES_AND_HOURS = (
    "The fishing boat Aurora sank off the coast of Norway in March. Rescuers pulled the "
    "60-year-old captain of the Aurora from the sea near Bergen. The 21-year-old deckhand of the "
    "Aurora swam 400 metres to the shore. The Aurora left Bergen shortly after midnight on 4 "
    "March. The coast guard found the wreck shortly before 9am on Tuesday. The crew of the "
    "Aurora reached the shore two hours after the storm.\n"
)


def test_a_false_number_or_order_is_not_absurd_or_wrong_by_a_hair():
    """ "His 120-year-old captain" or a 10-year-old for a 21-year-old deckhand is false on its
    face; "shortly before midnight" for "shortly after midnight" is wrong by a hair. An order
    around an event ("two hours after the storm") may still be flipped."""
    article = article_for(_AGES_AND_HOURS)
    for number in (n for ns in article.numbers for n in ns):
        if number.digits in {"60", "21"}:
            values = {
                v
                for count in range(1, 8)
                for seed in range(5)
                for _, _, v in number_variants(
                    article, number, rng=random.Random(seed), count=count
                )
            }
            assert values and all(18 <= v <= 110 for v in values), values
    flipped = [
        c.claim
        for c in candidates_for(_AGES_AND_HOURS)[1]
        if c.question.rule.endswith("_refuted_polarity")
    ]
    assert not any("midnight" in c or "9am" in c for c in flipped), flipped
    assert any("two hours before the storm" in c for c in flipped), flipped


# --- true claims with numbers, reworded (R4-TF) ----------------------------------------------------


def test_a_number_written_another_way_keeps_its_value():
    """A date's day and month change places once (not back again), a year after the day gets its
    commas, and a word of approximation before a figure gives way to one that says the same."""
    from quiz.generation.claims import renumbered

    assert (
        renumbered("The ferry resumed on 3 May after the repairs.")
        == "The ferry resumed on May 3 after the repairs."
    )
    assert (
        renumbered("The treaty was signed on June 14, 1949 in Oslo.")
        == "The treaty was signed on 14 June 1949 in Oslo."
    )
    assert (
        renumbered("The pact was signed on 4 April 1949 in Oslo.")
        == "The pact was signed on April 4, 1949, in Oslo."
    )
    assert (
        renumbered("The storm left about 4,000 homes and more than 20 farms cut off.")
        == "The storm left around 4,000 homes and more than 20 farms cut off."
    )
    # No figure after the word, no date: nothing to write another way.
    unchanged = "About half the homes lost power in May."
    assert renumbered(unchanged) == unchanged


def test_a_true_claim_with_a_figure_is_not_copied_word_for_word():
    """A true claim keeps its number, written so that it no longer stands in the article word for
    word; it is not held back as a copy, so true claims carry numbers as often as false ones."""
    from quiz.generation.leaks import stands_word_for_word
    from quiz.generation.questions.common import RESERVE

    text = (
        "The storm left about 4,000 homes in the valley without power for a night.\n\n"
        "The ferry service between the islands resumed on 3 May once the harbour wall was "
        "mended by the council.\n"
    )
    _, candidates = candidates_for(text)
    supported = {
        c.claim: c.score for c in candidates if c.question.rule == "claim_supported"
    }
    for figure in ("around 4,000 homes", "on May 3 "):
        claim = next(c for c in supported if figure in c)
        assert not stands_word_for_word(claim, text)
        assert supported[claim] > RESERVE


def test_a_rewording_a_skimmer_cannot_see_gives_way_to_one_they_can():
    """ "4 players" written "four players" is the same claim to one who matches words: the
    claim's closing time phrase is moved to the front instead."""
    from quiz.generation.leaks import stands_word_for_word

    text = (
        "The hockey club from the northern town signed 4 players during the summer.\n"
    )
    _, candidates = candidates_for(text)
    claim = next(c.claim for c in candidates if c.question.rule == "claim_supported")
    assert claim.startswith("During the summer, ")
    assert not stands_word_for_word(claim, text)


def test_a_speaker_moved_to_the_end_keeps_the_capital_of_their_first_name():
    """ "Anders Irback said …" reworded as "…, said anders Irback" is a slip a teacher must fix,
    even where the tagger reads the first name as a common noun."""
    text = (
        "The prize went to two scientists from Sweden.\n\n"
        "Anders Irback, a member of the committee, said the winners had shown how physics can "
        "help other fields.\n"
    )
    _, candidates = candidates_for(text)
    claims = [c.claim for c in candidates if c.question.rule == "claim_supported"]
    assert any("said Anders Irback" in c for c in claims), claims
    assert not any("anders" in c for c in claims)


def test_a_claim_that_points_back_without_naming_is_not_asked():
    """ "No one else was hurt." (else than whom?), "Mr Lee built on that work …" and "Until that
    moment …" read on their own say nothing a student can check."""
    from quiz.generation.claims import unresolved_reference

    text = (
        "Ann Lee described a way to store patterns in a network in 1982.\n\n"
        "Mr Lee built on that work with the Boltzmann machine, which can learn.\n\n"
        "Two miners were hurt in the blast. No one else was hurt.\n\n"
        "The rescuers reached the men on Sunday. Until that moment the miners had rationed "
        "their food.\n\n"
        "Volunteers from Leeds thanked those who helped and cleaned the streets.\n"
    )
    article = article_for(text)
    found = {
        unresolved_reference(article, (i,), article.sentence_text(i))
        for i in range(len(article.parsed))
    }
    assert {"that work", "No one else", "that moment"} <= found
    # "those who helped" says who.
    last = len(article.parsed) - 1
    assert article.sentence_text(last).startswith(
        "Volunteers from Leeds thanked those who"
    )
    assert unresolved_reference(article, (last,), article.sentence_text(last)) == ""


def test_a_quote_is_not_given_falsely_to_the_same_person_twice():
    """Two false "X said: …" claims naming the same wrong speaker make a pattern a student can
    spot without reading: each quote's wrong speaker is the least used of the nearest people (the
    others weighed come in reserve, for a set to trade for)."""
    from quiz.generation.questions.common import RESERVE

    text = (
        "The new bridge over the Tyne opened to traffic on Monday after four years of work.\n\n"
        "“We built it to last a century,” said Maria Lopez, the chief engineer.\n\n"
        "The first car across was driven by Sam Jones, a taxi driver from Gateshead.\n\n"
        "“Nobody will have to queue at the old ferry again,” Ms Lopez said.\n\n"
        "The council leader, Peter Grant, had long opposed the plan.\n"
    )
    _, candidates = candidates_for(text)
    wrong = [
        c.distractors[0]
        for c in candidates
        if c.question.rule == "claim_refuted_speaker" and c.score > RESERVE
    ]
    assert len(wrong) == 2
    assert len(set(wrong)) == 2, wrong


def test_a_false_year_is_neither_a_hair_away_nor_false_on_its_face():
    """2019 for 2018 tests memory of a digit; a past event moved after the article's latest year,
    or a projection for 2025 moved back into 2022, is false without reading."""
    text = (
        "Paris first allowed rental scooters in 2018, when a dozen companies flooded the streets.\n\n"
        "In 2020 the city cut the number of operators to three and required riders to park them.\n\n"
        "In 2021 a woman died after she was hit by a scooter carrying two riders.\n\n"
        "Officials projected that the number of riders would fall by half in 2025.\n"
    )
    _, candidates = candidates_for(text)
    changed = [
        (int(c.answer_forms[0]), int(c.distractors[0]))
        for c in candidates
        if c.question.rule.endswith("_refuted_year")
    ]
    assert changed
    for true, false in changed:
        assert abs(true - false) >= 2
        if true == 2025:
            assert false > true
        else:
            assert false <= 2025


def test_a_name_the_sentence_describes_is_asked_by_what_it_is_among_names_of_its_sort():
    """ "X, the Nigerian winger who joined for about 2 million euros, was named …" gives a whole
    question, not a cloze: the sentence without the name (and without the figure another question
    asks), then "What is the name of the winger?" among the article's other players, and never a
    manager or a club among them. The same name is not also asked as a cloze on that sentence."""
    text = (
        "Dara Okafor, the Nigerian winger who joined from the Spanish club Getafe for about "
        "2 million euros, was named player of the year on Sunday.\n"
        "The striker Tom Ellery and the midfielder Sam Brody also had a fine season.\n"
        "The club's manager Ines Duarte praised the players after the match."
    )
    _, candidates = candidates_for(text)
    asked = [
        c.question
        for c in candidates
        if "Dara Okafor" in [ch.text for ch in c.question.choices if ch.correct]
    ]
    described = [q for q in asked if q.rule == "described_person"]
    assert [q.prompt for q in described] == [
        "The Nigerian winger who joined from the Spanish club Getafe was named player of "
        "the year on Sunday. What is the name of the winger?"
    ]
    assert {ch.text for ch in described[0].choices} == {
        "Dara Okafor",
        "Tom Ellery",
        "Sam Brody",
    }
    assert not [q for q in asked if q.rule == "person_cloze"]


def test_a_person_described_by_a_noun_no_one_else_shares_is_not_asked_among_others():
    """ "What is the name of the manager?" beside players is answered without reading: with no
    other manager or coach in the article, no such question."""
    text = (
        "Ines Duarte, the Portuguese manager who took over in July, had never won a title.\n"
        "The striker Tom Ellery and the midfielder Sam Brody both scored twice on Sunday.\n"
        "The winger Dara Okafor was named player of the year."
    )
    _, candidates = candidates_for(text)
    assert not [
        c
        for c in candidates
        if c.question.rule == "described_person" and "manager" in c.question.prompt
    ]


def test_who_or_which_organisation_leaves_out_a_joined_clause_with_its_own_subject():
    """ "Which organisation said it would open an inquiry, and officials said the city could seek
    damages?" asks two things, and the second does not fit the question: the stem stops where a
    clause with a subject of its own is joined on."""
    text = (
        "A cargo ship hit a pier in the port run by the Harbour Authority on Monday.\n"
        "The harbour authority said it would open an inquiry into the collision, and "
        "officials said the city could seek damages from the owners.\n"
        "The shipping company Norwave Lines said its crew had followed the rules.\n"
        "The insurer Baltic Mutual declined to comment on the claim.\n"
        "The Transport Ministry said it was monitoring the port closely."
    )
    _, candidates = candidates_for(text)
    prompts = {
        c.question.prompt
        for c in candidates
        if c.question.rule == "which_organisation" and "inquiry" in c.question.prompt
    }
    assert prompts == {
        "Which organisation said it would open an inquiry into the collision?"
    }


def test_no_name_option_is_another_name_of_a_body_the_sentence_names():
    """ "…outside the WTO although they belong to the ____" beside "Western Trade Organization" is
    nonsense (the sentence has just named it): no option is another name of a body the sentence
    names."""
    text = (
        "The Western Trade Organization was founded in 1990 by twelve countries.\n"
        "Several countries remain outside the WTO although they belong to the Pacific Union: "
        "Chile, Peru and Fiji.\n"
        "The Andean Union and the Arctic Alliance both criticised the decision.\n"
        "The Pacific Union said it would hold talks in March."
    )
    _, candidates = candidates_for(text)
    clozes = [
        c
        for c in candidates
        if c.question.rule == "organisation_cloze"
        and "belong to the ____" in c.question.prompt
    ]
    assert clozes
    for cloze in clozes:
        assert "Western Trade Organization" not in cloze.distractors


def test_a_name_cloze_says_who_spoke_and_whom_its_pronouns_mean():
    """ "said ____, the chief executive…" (the quote cut off) and "The last of them, ____, came
    back…" do not say what they are about: no cloze on such words."""
    text = (
        "Salvage crews refloated the tanker in the canal on Monday.\n"
        '"We got her out!" said Mark Jensen, the chief executive of Havsbolaget, the Swedish '
        "company that led the rescue.\n"
        "Anna Berg, Tomas Lind and Erik Holm led the first team of divers into the wreck.\n"
        "The last of them, Nils Strand, came back up after the final sailor, leaving the wreck "
        "empty.\n"
        "Henrik Aalto, an analyst at Baltic Lines, said the delay had cost shippers millions."
    )
    _, candidates = candidates_for(text)
    prompts = [
        c.question.prompt for c in candidates if c.question.rule == "person_cloze"
    ]
    assert prompts
    assert not [p for p in prompts if "said ____" in p or "of them, ____" in p]


def test_a_name_cloze_never_shows_words_that_cut_a_date_in_two():
    """ "…the ____ had reached the opposite conclusion on 14…" leaves the reader guessing at the
    date it broke off: the clause shown on its own runs to the date's end (R10-ORGS: the date
    tells the court that ruled then from the one that ruled later)."""
    text = (
        "The Supreme Court ruled on Tuesday that the new fishing law was unlawful.\n"
        "In London, the High Court had dismissed a first challenge brought by a group of "
        "fishermen in January.\n"
        "In Cardiff, the Court of Appeal had reached the opposite conclusion on 14 March, in a "
        "case brought by more than 40 farmers from the coast."
    )
    _, candidates = candidates_for(text)
    prompts = {
        c.question.prompt
        for c in candidates
        if c.question.rule == "organisation_cloze"
        and "opposite conclusion" in c.question.prompt
    }
    assert (
        "Which court completes these words of the article? …the ____ had reached the "
        "opposite conclusion on 14 March…"
    ) in prompts
    assert not [p for p in prompts if re.search(r"\d…$", p)]


def test_which_organisation_became_a_party_offers_no_body_that_names_itself_another_type():
    """ "Which organisation became the largest party …?" beside "House of Delegates" and "Supreme
    Court" is answered by their names alone: the options are bodies that could be a party."""
    text = (
        "The Labour Party won the general election on Friday with a large majority.\n"
        "The Green Party also gained seats, and the Supreme Court confirmed the count.\n"
        "Sinn Fein became the largest party among the region's 12 seats.\n"
        "The House of Delegates will meet for the first time on Monday."
    )
    _, candidates = candidates_for(text)
    asked = [
        c
        for c in candidates
        if c.question.rule == "which_organisation"
        and "largest party" in c.question.prompt
    ]
    assert asked
    for candidate in asked:
        assert set(candidate.distractors) == {"Labour Party", "Green Party"}


def _figure_prompts(text: str, answer: str) -> list[str]:
    """The stems of every number and date question asking for `answer` in `text`."""
    _, candidates = candidates_for(text)
    return [
        c.question.prompt
        for c in candidates
        if c.question.answer == answer
        or any(ch.correct and ch.text == answer for ch in c.question.choices)
        if c.question.rule in _CHOICE_RULES | {"number_cloze", "calendar_date_choice"}
    ]


def test_a_clause_shown_after_its_subject_begins_where_a_phrase_of_its_verb_begins():
    """ "The survey … regions for an average of…" and "Unemployment … goal and far below…" join
    the subject to the middle of a phrase; the stem starts at a phrase of the subject's verb, or
    is the whole sentence."""
    text = (
        "The survey, run by the national statistics agency in the capital, interviewed 12,500 "
        "workers in 35 regions for an average of more than four months.\n"
        "Unemployment, as counted by the labour office, fell to 4.1% in May, close to the "
        "bank's 4% goal and far below its peak of 11.2% in March 2021."
    )
    months = _figure_prompts(text, "4")
    assert months and not any("… regions for an average" in p for p in months), months
    peak = _figure_prompts(text, "11.2")
    assert peak and not any("… goal and far below" in p for p in peak), peak
    assert any("Unemployment fell … far below its peak of ____" in p for p in peak), (
        peak
    )


def test_a_clause_shown_after_its_subject_leaves_out_an_object_pronoun_it_cut_from():
    text = (
        "Smith, 29, was named the best driver of the season, and won the Silver Cup for a "
        "second time after first winning it in 2019."
    )
    prompts = _figure_prompts(text, "2019")
    assert prompts and not any("winning it in ____…" in p for p in prompts), prompts


def test_a_subject_that_is_no_noun_is_not_shown_before_a_clause_cut_from_it():
    """ "The last … ending an ordeal of ____ days": the last what? The clause alone reads."""
    text = (
        "The last of the 20 climbers stranded high on the mountain in western Nepal was "
        "brought down on Friday morning, ending an ordeal of 12 days that had been followed "
        "by millions of people around the world."
    )
    prompts = _figure_prompts(text, "12")
    assert prompts and not any("The last … " in p for p in prompts), prompts
    assert any("…ending an ordeal of ____ days" in p for p in prompts), prompts


def test_a_clause_ending_on_a_noun_keeps_the_relative_clause_that_says_which():
    """ "…barely ____ weeks before the date…": which date? The stem goes on to say, short of the
    date itself (another question's answer)."""
    text = (
        "The bridge had been closed on 3 March and was not due to reopen until 9 June, barely "
        "three weeks before the date on which the festival was set to begin, 30 June."
    )
    prompts = _figure_prompts(text, "3")
    assert not any(p.endswith("before the date…") for p in prompts), prompts
    assert any(
        "____ weeks before the date on which the festival was set to begin…" in p
        for p in prompts
    ), prompts


def test_a_number_stem_never_opens_on_a_pronoun_it_leaves_unresolved():
    """ "Most of their customers are under ____." (whose?) and "In November he scored in ____
    matches" (who?) are not asked from their opening words."""
    text = (
        "Riders complained about the new rules in March. Most of their customers are under 35.\n"
        "The club signed two players in May. In November he scored in 8 matches in a row.\n"
    )
    under = _figure_prompts(text, "35")
    assert not any("their customers are under ____" in p for p in under), under
    matches = _figure_prompts(text, "8")
    assert not any(" he scored in ____" in p for p in matches), matches


def test_them_after_another_sentence_of_them_reads_as_the_group_named_before_both():
    """ "None of them had diabetes. Half of them were given 5 milligrams": both are the adults."""
    text = (
        "The trial followed 500 adults in Leeds for three years in 2023. None of them had "
        "diabetes.\nHalf of them were given 5 milligrams of the drug every week for a year.\n"
    )
    doses = _figure_prompts(text, "5")
    assert any("Half of the adults were given ____ milligrams" in p for p in doses), (
        doses
    )
    assert not any("Half of them" in p for p in doses), doses


def test_he_after_an_opening_phrase_reads_as_the_one_person_named_before():
    text = (
        "The striker Jamie Varley has scored 22 league goals this season for the club. In "
        "November he scored in 11 league matches in a row, a record for the competition.\n"
    )
    matches = _figure_prompts(text, "11")
    assert any("In November Jamie Varley scored in ____" in p for p in matches), matches
    assert not any(" he scored in ____" in p for p in matches), matches


def test_the_amount_of_a_change_is_asked_short_of_where_the_change_ended():
    """ "shortened the orbit by ____ minutes, to 9 hours and 15 minutes" beside "took 9 hours and
    40 minutes" is a subtraction: the stem stops before where the change ended."""
    text = (
        "Before the impact, the moon took 9 hours and 40 minutes to orbit its planet. Telescope "
        "observations showed that the impact shortened the orbit by 25 minutes, to 9 hours and "
        "15 minutes.\n"
    )
    prompts = _figure_prompts(text, "25")
    assert prompts and not any("15 minutes" in p for p in prompts), prompts
    assert any("shortened the orbit by ____ minutes…" in p for p in prompts), prompts


def test_a_clause_cut_short_of_another_figure_still_says_what_it_is_about():
    """Cut short of the sentence's other figures, a stem neither opens on the words a cut figure
    left ("…metres across and Tarsis is about ____ metres wide…") nor drops its subject ("…at
    about ____ miles per hour…": what was?)."""
    text = (
        "The Lumen probe struck the small moon Veritas on October 12 at about 15,000 miles per "
        "hour, after a journey of eleven months from the launch site in French Guiana.\n"
        "Veritas is about 170 metres across and its parent asteroid Tarsis is about 820 metres "
        "wide, according to radar measurements made from observatories in Chile.\n"
    )
    speed = _figure_prompts(text, "15000") + _figure_prompts(text, "15,000")
    assert not any(re.search(r"[:?] …at about ____ miles", p) for p in speed), speed
    assert any(
        "The Lumen probe struck the small moon Veritas … at about ____ miles per hour"
        in p
        for p in speed
    ), speed
    width = _figure_prompts(text, "820")
    assert not any("…metres across and" in p for p in width), width


def test_an_ordinal_in_one_of_the_first_is_not_asked():
    """ "one of the ____ cities in Europe to ban them": only "first" reads there."""
    text = (
        "The vote made Lisbon one of the first major cities in Europe to ban rental scooters from "
        "its streets, after a public consultation held in May 2023.\n"
    )
    _, candidates = candidates_for(text)
    assert not any(c.question.rule == "ordinal_choice" for c in candidates)


def test_a_clause_never_ends_between_a_word_and_the_noun_it_qualifies():
    text = (
        "The ferry company said on Monday that it had carried about 40,000 passengers to islands "
        "off the rugged western coast of the country during the stormy winter months of 2023.\n"
    )
    prompts = _figure_prompts(text, "40000") + _figure_prompts(text, "40,000")
    assert prompts and not any(p.endswith("western…") for p in prompts), prompts
    assert any(p.endswith("western coast…") for p in prompts), prompts


def test_first_before_since_is_not_asked_as_an_ordinal():
    """ "the ____ player to score three goals in a cup final since 1972": only "first" reads
    before "since", and cut short of it the stem makes "second" true."""
    text = (
        "Kovac became the first player to score three goals in a cup final since Hans Berg did "
        "it for Malmo in 1972, and the crowd of 40,000 rose to applaud him.\n"
    )
    _, candidates = candidates_for(text)
    assert not any(c.question.rule == "ordinal_choice" for c in candidates)


def test_a_part_of_a_quantity_in_two_units_is_not_asked_alone():
    """ "took ____ hours and 40 minutes": the hours alone test nothing."""
    text = (
        "Before the impact, the moon took 9 hours and 40 minutes to orbit its planet, and the "
        "probe that hit it had travelled 7 million kilometres.\n"
    )
    _, candidates = candidates_for(text)
    asked = {
        c.question.answer or next(ch.text for ch in c.question.choices if ch.correct)
        for c in candidates
        if c.question.rule in _CHOICE_RULES | {"number_cloze"}
    }
    assert asked and not {"9", "40"} & asked, asked


def test_a_clause_shown_after_its_subject_never_begins_on_an_infinitive():
    """ "Kovac … to score three goals in a cup final since …": became what? The whole sentence."""
    text = (
        "Kovac became the first player to score a hat-trick in a national cup final since Hans "
        "Berg for Malmo in 1972.\n"
    )
    prompts = _figure_prompts(text, "1972")
    assert prompts and not any("Kovac … to score" in p for p in prompts), prompts


def test_a_subject_cut_short_of_its_own_number_is_not_shown_before_a_clause():
    """ "The FTSE … on ____": the subject is "The FTSE 100", which another question asks."""
    text = (
        "The FTSE 100 closed 0.3% lower on Wednesday after touching a record high during the "
        "busy morning session in London.\n"
    )
    prompts = _figure_prompts(text, "Wednesday")
    assert prompts and not any("The FTSE … " in p for p in prompts), prompts


def test_a_sentence_with_one_figure_offers_a_clause_clear_of_its_names():
    """ "…a detour that adds roughly ____ weeks to a voyage…": the whole sentence would show the
    place another question asks for, so the figure is also asked in its own clause."""
    text = (
        "Several freight companies stopped waiting and sent their tankers around Cape Horn at the "
        "southern tip of Chile, a detour that adds roughly three weeks to a voyage.\n"
    )
    prompts = _figure_prompts(text, "3")
    assert any(
        "…a detour that adds roughly ____ weeks to a voyage…" in p for p in prompts
    ), prompts


def test_a_clause_cut_from_a_sentence_with_one_figure_is_a_whole_clause():
    """ "…over ____ days the week…" ends inside a phrase: the figure is asked in the whole
    sentence, or in a clause that ends where the sentence's clause ends."""
    text = (
        "The appeal court heard both cases together over four days the week before, and upheld "
        "the ruling.\n"
    )
    prompts = _figure_prompts(text, "4")
    assert prompts and not any("days the week…" in p for p in prompts), prompts


def test_a_date_is_offered_beside_the_articles_dates_of_other_months():
    """ "12 March 1951" among made-up dates of March alone is the only option the article writes:
    its other dates of that format, whatever their month, come first; a day never for a year."""
    text = (
        "The fisheries treaty was signed in Oslo on 12 March 1951 by eleven coastal states.\n"
        "The fisheries treaty came into force on 3 June 1953, after the last of them ratified "
        "the text.\nThe first patrol vessels sailed in May 1954 from Bergen.\n"
    )
    _, candidates = candidates_for(text)
    options = [
        {ch.text for ch in c.question.choices}
        for c in candidates
        if c.question.rule == "calendar_date_choice"
        and any(ch.correct and ch.text == "12 March 1951" for ch in c.question.choices)
    ]
    assert options and all("3 June 1953" in o for o in options), options
    assert not any("May 1954" in o for o in options), options


def test_a_name_the_sentence_introduces_by_its_sort_outweighs_the_year_beside_it():
    """ "The agency plans to launch its Corvus mission in 2029 …": what the mission is called is
    what the sentence is about, the year a detail of it. Where the two questions cannot both stay
    (the year's stem shows the name), the selection keeps "What is the name of the mission?"."""
    text = (
        "The Lumen probe struck the small moon Veritas on October 12, after a journey of "
        "eleven months.\n"
        "The European Space Agency plans to launch its Corvus mission in 2029 to study the "
        "crater left by the impact.\n"
    )
    _, candidates = candidates_for(text)
    year = next(
        c
        for c in candidates
        if c.question.rule == "year_choice" and c.sentences == (1,)
    )
    assert "Corvus" in year.question.prompt
    name = replace(
        year,
        question=replace(
            year.question,
            kind="single_choice",
            prompt="The European Space Agency plans to launch a mission to study the crater "
            "left by the impact. What is the name of the mission?",
            choices=(
                GeneratedChoice("Corvus", True),
                GeneratedChoice("Lumen", False),
                GeneratedChoice("Veritas", False),
            ),
            rule="described_name",
        ),
        answer_forms=("Corvus",),
        distractors=("Lumen", "Veritas"),
        numeric=False,
        keys=(("name", 1, "Corvus"),),
        shows=(("name", 1, "European Space Agency"),),
        score=3.5,
    )
    kept = select(candidates=[name, year])
    assert [c.question.rule for c in kept] == ["described_name"]


def test_a_range_is_asked_whole_among_ranges_as_wide_in_its_unit():
    """ "a range of 2.25% to 2.5%": either end alone leaves a blank the other end fits, so the
    range is asked whole, among ranges of its width; a change "from 3.1% to 3.4%" or "rose 0.4%
    to 3.2%" is no range."""
    text = (
        "The central bank raised its main rate to a range of 2.25% to 2.5% on Wednesday, "
        "its fourth increase this year.\n"
        "Unemployment rose from 3.1% to 3.4% over the same months, the agency said.\n"
        "Prices in shops rose 0.4% to 3.2% in May, the highest level since 2019.\n"
    )
    _, candidates = candidates_for(text)
    ranges = [c for c in candidates if c.question.rule == "range_choice"]
    assert ranges
    for c in ranges:
        assert c.sentences == (0,)
        assert "range of ____" in c.question.prompt
        assert [x.text for x in c.question.choices if x.correct] == ["2.25% to 2.5%"]
        assert set(c.distractors) <= {
            "1.75% to 2%",
            "2% to 2.25%",
            "2.5% to 2.75%",
            "2.75% to 3%",
            "1.5% to 1.75%",
            "3% to 3.25%",
        }
        assert len(c.distractors) == 3


def test_the_figure_a_sentence_reports_is_asked_before_a_small_count_and_a_conversion():
    """ "The two winners will share the prize money of 3 million euros, about $3.3 million": the
    prize money is the fact; "two" (a count written in words) and the conversion each show it.
    Where neither alone keeps it out, both give way to it."""
    text = (
        "Two chemists, Maria Lund and Pavel Orlov, won the Kessler Prize for Chemistry on Monday "
        "for their work on batteries that charge in minutes.\n"
        "The two winners will share the prize money of 3 million euros, about $3.3 million.\n"
        "Ms Lund, 58, works at the University of Uppsala, and Mr Orlov, 61, at a laboratory in "
        "Riga.\n"
    )
    prize = [
        q
        for q in generate_questions(text=text)
        if q.citation.quote.startswith("The two winners")
    ]
    assert [q.answer for q in prize] == ["3"]
    assert "prize money of ____ million euros" in prize[0].prompt


def _moved_claims(text: str) -> list[str]:
    _, candidates = candidates_for(text)
    return [
        c.question.prompt
        for c in candidates
        if c.question.rule.endswith(("_refuted_place", "_refuted_organisation"))
    ]


def test_a_false_claim_moves_what_the_sentence_places_to_a_place_the_article_gives_another():
    """ "Tested at a clinic in Lisbon" made "in Rotterdam", where the article puts the factory: a
    false claim without a number, which only a reader of the article catches. Never a place named
    beside the original (a city inside its country), nor a country for a city."""
    text = (
        "The new vaccine was tested by researchers at a clinic in Lisbon last spring. "
        "The company that makes it has its main factory in Rotterdam, where it employs "
        "900 people. Its chief executive, Ann Lee, said the company would sell the "
        "vaccine in Portugal first."
    )
    moved = _moved_claims(text)
    assert any("at a clinic in Rotterdam" in p for p in moved), moved
    assert not any("Portugal" in p for p in moved), moved


def test_a_place_where_a_named_body_meets_is_not_moved():
    """ "Who was in Geneva for the World Health Assembly" made "in Brighton" is false to anyone who
    knows where the assembly meets: such a place is left alone; a clinic's place is moved."""
    text = (
        "Ann Lee, who was in Geneva for the World Health Assembly, said the vaccine was safe. "
        "The first doses were given at a small clinic in Porto in March. "
        "Its makers held a press conference in Brighton on Friday."
    )
    moved = _moved_claims(text)
    assert not any("for the World Health Assembly" in p for p in moved), moved
    assert any("small clinic in" in p and "Porto" not in p for p in moved), moved


def test_an_organisation_is_moved_only_to_a_body_of_its_own_kind():
    """ "A professor at the University of Toronto" made "at Princeton University", where the article
    puts another professor; never a firm or a committee in a university's place."""
    text = (
        "Tom Reed is a professor emeritus at the University of Toronto, where he has "
        "taught since 1987. Ann Lee is a professor at Princeton University. The prize was "
        "paid for by the company Nova Labs. Both scientists will speak at the Nobel "
        "Committee in Stockholm next week."
    )
    moved = _moved_claims(text)
    assert any(
        "Tom Reed is a professor emeritus at Princeton University" in p for p in moved
    ), moved
    assert not any("Nova Labs" in p or "Nobel Committee" in p for p in moved), moved


def test_a_short_set_is_not_filled_with_claims_told_apart_by_whether_they_have_a_number():
    """Three of the set's four claims are what "false if it has a number" gets right: the next
    true claim without a figure would make it four of five, so the fill takes the weaker true
    claim that keeps one."""
    from quiz.generation.rank import _sort_key, _top_up

    def claim(index: int, prompt: str, *, true: bool, score: float) -> Candidate:
        quote = f"Sentence {index} of the harbour story, as the article writes it."
        question = _true_claim(
            f"According to the article: {prompt}", quote, start=200 * index
        )
        if not true:
            question = replace(
                question,
                choices=(
                    GeneratedChoice("True", False),
                    GeneratedChoice("False", True),
                ),
                rule="claim_refuted_number",
            )
        return Candidate(question, (index,), keys=(("claim", index),), score=score)

    def other(index: int, kind: str) -> Candidate:
        quote = f"Sentence {index} of the harbour story, as the article writes it."
        question = replace(
            _single(
                f"Which harbour is named in sentence {index}?",
                f"Harbour {index}",
                ("Cove End", "Dun Ness"),
                quote,
            ),
            kind=kind,
            citation=Citation(200 * index, 200 * index + len(quote), quote),
        )
        return Candidate(question, (index,), keys=(("fact", index),), score=3.0)

    kept = [
        *(other(i, k) for i, k in enumerate(("single_choice", "numeric") * 3)),
        claim(6, "The ferry sails in the morning.", true=True, score=2.0),
        claim(7, "The harbour master praised the crew.", true=True, score=2.0),
        claim(8, "The crossing was delayed by fog.", true=False, score=2.0),
        claim(9, "The ferry carries 500 passengers.", true=False, score=2.0),
    ]
    plain = claim(10, "The new pier was built by the council.", true=True, score=1.5)
    with_number = claim(11, "The old pier is 120 metres long.", true=True, score=1.0)
    ordered = sorted([*kept, plain, with_number], key=_sort_key)

    filled = _top_up(kept, ordered, len(kept) + 1)

    assert with_number in filled and plain not in filled


def test_a_moved_claim_keeps_no_age_and_never_moves_a_place_its_sentence_goes_on_naming():
    """ "Tom Reed, 76, is …" moved is claimed without the age, as a true claim is (a figure left only
    in false claims tells them apart), and "in Washington, D.C." never becomes "in Geneva, D.C."."""
    moved = _moved_claims(
        "Tom Reed, 76, is a professor emeritus at the University of Toronto. Ann Lee is a "
        "professor at Princeton University. The first treaty was signed in Washington, D.C., "
        "by 12 countries in 1949. The second round of talks was held in Geneva last year."
    )
    assert (
        "According to the article: Tom Reed is a professor emeritus at Princeton University."
        in moved
    ), moved
    assert not any("D.C." in p for p in moved), moved


def test_who_is_also_asked_without_the_purpose_or_second_that_clause_it_ends_on():
    """ "Who said the closure was needed to protect walkers …?" shows the answer of a question on
    that purpose, and "Who replied that the ferry would run … and that buses would add stops?"
    prints a true claim of the same sentence: each is also offered cut short of that phrase (as
    the parser reads it), ranked below the whole stem, for a set that asks both. A phrase the verb
    needs ("for a century") stays."""
    text = (
        "The city council voted on Monday to close the old river bridge for a year.\n"
        "Sarah Collins said the closure was needed to protect walkers from falling stones.\n"
        "The engineer Tom Berg told reporters that the bridge had served the town for a century.\n"
        "Council member Lia Park said the repairs would cost the city about $4 million.\n"
        "Omar Diaz replied that the ferry would run every hour and that buses would add stops.\n"
    )
    _, candidates = candidates_for(text)
    scores = {
        c.question.prompt: c.score for c in candidates if c.question.rule == "who_did"
    }
    assert scores == {
        "Who said the closure was needed to protect walkers from falling stones?": 2.8,
        "Who said the closure was needed?": 2.6,
        "Who told reporters that the bridge had served the town for a century?": 2.8,
        "Who replied that the ferry would run every hour and that buses would add stops?": 2.8,
        "Who replied that the ferry would run every hour?": 2.6,
    }


def test_a_filled_set_asks_who_without_the_purpose_another_question_asks_for():
    """A short set keeps "Who said the closure was needed to protect walkers …?" and fills up with
    the question asking for that purpose: the who-question is traded for its view without the
    purpose, so neither gives the other away and no reviewer is told one does."""
    from quiz.generation.leaks import leaks
    from quiz.generation.rank import GIVES_AWAY, _sort_key, _top_up

    quote = "Sarah Collins said the closure was needed to protect walkers from falling stones."
    people = ("Tom Berg", "Lia Park", "Omar Diaz")

    def who(prompt: str, score: float) -> Candidate:
        return Candidate(
            _single(prompt, "Sarah Collins", people, quote),
            (0,),
            keys=(("name", 0, "Sarah Collins"),),
            score=score,
        )

    def number(index: int, sentence: str, prompt: str, answer: str) -> Candidate:
        at = 1000 * index
        question = replace(
            _single(prompt, answer, (), sentence),
            kind="numeric",
            choices=(),
            answer=answer,
            rule="number_cloze",
            citation=Citation(at, at + len(sentence), sentence),
        )
        return Candidate(question, (index,), keys=(("fact", index),), score=2.5)

    whole = who(
        "Who said the closure was needed to protect walkers from falling stones?", 2.8
    )
    cut = who("Who said the closure was needed?", 2.6)
    purpose = Candidate(
        replace(
            _single(
                "Which phrase completes these words of the article? …the closure was "
                "needed ____…",
                "to protect walkers from falling stones",
                ("to carry cars across the river", "to inspect the other bridges"),
                quote,
            ),
            rule="purpose_choice",
        ),
        (0,),
        keys=(("purpose", 0, 39),),
        score=2.3,
    )
    kept = [
        whole,
        number(1, "The ferry takes 45 minutes.", "The ferry takes ____ minutes.", "45"),
        number(2, "It carries 312 people.", "The ferry carries ____ people.", "312"),
    ]
    ordered = sorted([*kept, cut, purpose], key=_sort_key)

    filled = _top_up(kept, ordered, 4)

    prompts = {c.question.prompt for c in filled}
    assert cut.question.prompt in prompts and purpose.question.prompt in prompts
    assert whole.question.prompt not in prompts
    assert leaks([c.question for c in filled]) == []
    assert not any(GIVES_AWAY in c.question.review for c in filled)


def test_a_figure_describing_the_opening_noun_is_asked_in_that_description_alone():
    """ "The Lindau Accord, in force since ____, aimed to protect the river." prints the claim
    that the accord aimed to protect the river: the year is also asked as "The Lindau Accord, in
    force since ____…", the noun phrase and the words set off after it (the parser hangs them on
    no verb), which a set may take beside that claim."""
    text = (
        "The river pact was signed by four towns in the valley.\n"
        "The Lindau Accord, in force since 1988, aimed to protect the river.\n"
        "The towns met again in the spring to review the water quality.\n"
    )
    prompts = _figure_prompts(text, "1988")
    assert any(p.endswith(": The Lindau Accord, in force since ____…") for p in prompts)
    assert any(p.endswith("? The Lindau Accord, in force since ____…") for p in prompts)


def test_a_number_cloze_naming_a_person_by_role_also_comes_naming_them_without_it():
    """ "… before the Mayor leaves office" shows the answer of "What is Jane Doherty's role?": the
    cloze also comes, held in reserve for a filled set to trade for, as "… before Jane Doherty
    leaves office". A role after the name ("Ken Adams, the head of the library board,") is not left
    out: its commas would stay behind."""
    from quiz.generation.questions.common import RESERVE

    text = (
        "The town council met on Monday to plan the new library.\n"
        "The council has only three weeks before Mayor Jane Doherty leaves office.\n"
        "Ken Adams, the head of the library board, said 40 people had applied for jobs.\n"
    )
    _, candidates = candidates_for(text)
    scores = {
        c.question.prompt.split(": ", 1)[1]: c.score
        for c in candidates
        if c.question.rule == "number_cloze"
    }
    assert scores == {
        "The council has only ____ weeks before the Mayor leaves office.": 2.5,
        "The council has only ____ weeks before Jane Doherty leaves office.": RESERVE,
        "The head of the library board said ____ people had applied for jobs.": 2.5,
    }


def test_a_figure_of_five_significant_digits_is_picked_not_typed():
    """Typing the exact crowd "48,213" tests a memory no reader keeps: such a figure is asked as a
    choice among figures (here beside the article's "31,000"), never as a typed blank. A round
    "31,000" (two significant digits) and a short "318" are still typed."""
    text = (
        "The stadium in Porto opened for the cup final on Saturday evening.\n"
        "The final was watched by 48,213 fans, the club said.\n"
        "A year earlier about 31,000 fans had watched the semi-final there.\n"
        "The police made 318 arrests outside the ground during the night.\n"
    )
    found = _rules_and_prompts(text)
    typed = [p for rule, p in found if rule == "number_cloze"]
    assert not any("watched by ____" in p for p in typed)
    assert any("about ____ fans" in p for p in typed)
    assert any("made ____ arrests" in p for p in typed)
    assert any(rule == "number_choice" and "watched by ____" in p for rule, p in found)


def test_a_clause_shown_around_a_figure_never_starts_inside_a_hyphenated_word():
    """Cut short of the "132" before it, "…year history on ____ night…" starts inside "132-year":
    the clause starts at the next whole word instead."""
    text = (
        "Halden Town became champions of Norway for the first time in their 132-year history on "
        "Monday night, when Molde, the only team that could still catch them, were held to a 2-2 "
        "draw by Rosenborg.\n"
        "The town held a parade for the players on Wednesday.\n"
    )
    _, candidates = candidates_for(text)
    days = [
        c.question.prompt.split("? ", 1)[1]
        for c in candidates
        if c.question.rule == "date_choice" and "____ night" in c.question.prompt
    ]
    assert not any(shown.startswith("…year") for shown in days)
    # R11-STEMS2: "…history on ____ night…" cuts the verb and subject of its clause ("Halden Town
    # became"), which no view short of the "132" shows: the day is asked from the subject.
    assert days and all(shown.startswith("Halden Town became") for shown in days), days


def test_a_count_naming_its_group_is_not_asked():
    """ "We are all well, the 12." names the divers by their count: "the ____" says nothing of
    what is counted, and the count is the one the article states of them elsewhere. A count with
    its noun ("four bars") or its unit ("the 12-metre ledge") is still asked."""
    text = (
        "The last of the 12 divers trapped in the flooded cave in northern Norway was brought out "
        "on Friday.\n"
        "On the fifth day a rescuer reached the 12-metre ledge where they waited, and came back "
        'with a note that read: "We are all well, the 12."\n'
        "The divers had survived on four bars of chocolate.\n"
    )
    found = _rules_and_prompts(text)
    assert not any("well, the ____" in p for _, p in found)
    assert any("the ____ divers" in p for rule, p in found if rule == "number_cloze")
    assert any("the ____-metre ledge" in p for _, p in found)
    assert any(
        "survived on ____ bars" in p for rule, p in found if rule == "number_cloze"
    )


def _wrong_options_answered_elsewhere(questions: list[GeneratedQuestion]) -> list[str]:
    """Wrong options of a choice that another question of the set has as its right answer."""
    answers = [
        {c.text for c in q.choices if c.correct and q.kind != "true_false"}
        | ({q.answer} if q.answer else set())
        for q in questions
    ]
    found = []
    for at, q in enumerate(questions):
        others = set().union(*answers[:at], *answers[at + 1 :])
        found += [c.text for c in q.choices if not c.correct and c.text in others]
    return found


def test_no_list_question_offers_as_wrong_what_another_list_question_answers():
    """Two questions on the rounds of one pact: "which does it name under 1961?" offering Spain,
    beside "which does it name under 1986?" whose answer is Spain, is answered by reading the
    quiz. The wrong option gives way to another of the article's items no question answers."""
    text = (
        "The trade pact has grown in five rounds since it was signed in Geneva.\n"
        "Its members joined in these rounds:\n"
        "1961: Norway, Sweden and Denmark, which founded the pact.\n"
        "1973: Ireland and Portugal.\n"
        "1986: Spain, Greece and Austria, the first southern members to join the pact.\n"
        "1995: Finland, Iceland and Estonia, after long talks.\n"
        "2004: Malta, the latest member.\n"
        "Officials said the pact would meet again in Geneva next year.\n"
    )
    for seed in range(4):
        questions = generate_questions(text=text, seed=seed)
        lists = [q for q in questions if q.rule == "list_select"]
        assert len(lists) == 2
        assert all(len(q.choices) == 5 for q in lists)
        assert _wrong_options_answered_elsewhere(questions) == []


def test_a_year_choice_offers_another_stated_year_in_place_of_one_another_question_answers():
    """ "The east wing was added in ____" offered 1979, which the claim on the warehouse's purchase
    answers (its explanation gives 1979): the option gives way to another year the article
    states that no question answers (1996), and the options stay in order. 1990, answered by the
    claim on the opening, has no such year left and stays: a made-up year would leave 1984 the
    one option found in the article."""
    text = (
        "The harbour museum opened in 1990 in an old warehouse by the docks.\n"
        "Its first director, Anna Berg, retired in 1996 after twenty years of work.\n"
        "The east wing was added in 1984 to hold the collection of model ships.\n"
        "A fire closed the museum in 2001, and it stayed shut for two years.\n"
        "The city had bought the warehouse in 1979 from a shipping firm.\n"
    )
    questions = generate_questions(text=text)
    (year,) = [q for q in questions if q.rule == "year_choice"]
    assert [c.text for c in year.choices] == ["1984", "1986", "1990", "1996"]
    assert any("1979" in q.explanation for q in questions if q.kind == "true_false")


def test_a_date_choice_offers_other_stated_dates_in_place_of_those_the_quiz_settles():
    """ "Engineers closed it on ____" offered 9 March 2011, the answer of "A storm damaged it on
    ____", and 3 May 1998, which the cloze on the opening shows as that date: both give way to
    dates the article states that no other question gives (it has more than a choice offers)."""
    text = (
        "The river bridge opened on 3 May 1998 after four years of work.\n"
        "Engineers closed it on 14 June 2005 to repair its deck.\n"
        "A storm damaged it on 9 March 2011, and the council shut it again.\n"
        "It reopened on 2 July 2013 with a wider deck and a cycle lane.\n"
        "A toll for lorries began on 5 January 2016 to pay for the repairs.\n"
        "The council voted by 31 votes to 12 in October 2019 to build a second bridge downstream.\n"
    )
    questions = generate_questions(text=text)
    options = {
        next(c.text for c in q.choices if c.correct): [c.text for c in q.choices]
        for q in questions
        if q.rule == "calendar_date_choice"
    }
    assert options == {
        "14 June 2005": [
            "14 June 2003",
            "14 June 2005",
            "2 July 2013",
            "5 January 2016",
        ],
        "9 March 2011": [
            "9 March 2009",
            "9 March 2011",
            "2 July 2013",
            "5 January 2016",
        ],
    }
    assert any("3 May 1998" in q.prompt for q in questions)


def test_a_day_of_a_date_is_never_changed_alone_in_a_false_claim():
    """ "ruled on 21 October 2019": the 21 is the day of a date, changed whole or not at all.
    Changed alone, a false claim made it "32 October" or "42 October", false on its face."""
    text = (
        "The Supreme Court ruled on 21 October 2019 that the suspension of Parliament was unlawful.\n"
        "The government had asked the Queen to suspend Parliament for five weeks.\n"
        "The judges said the decision had the effect of frustrating Parliament.\n"
        "Lawyers for the government said the case should never have been heard.\n"
        "More than 70 lawmakers brought the case in Edinburgh in July.\n"
    )
    for seed in range(6):
        for q in generate_questions(text=text, seed=seed):
            day = re.search(r"(\d+) October", q.prompt)
            assert day is None or 1 <= int(day.group(1)) <= 31, q.prompt


# A short council election of our own: parties, courts, a council that is part of an organisation,
# a news outlet an official spoke to, and bodies of no strict sort.
_BODIES = (
    "Voters in Harwick went to the polls on Thursday, and the count ended on Friday morning.\n"
    "The Green Party won 12 seats on the county council, its best result, and the Liberal Party "
    "won nine.\n"
    "The Harbour Workers Union said it would back the new leadership, a union official told The "
    "Courier.\n"
    "The Rail Authority said it would hold an inquiry into the delays that kept voters from the "
    "polls.\n"
    "The Ferry Company said its boats would run through the night to carry voters home.\n"
    "The High Court had ruled on 3 March that the count could go ahead, overturning an order of "
    "the County Court.\n"
    "The Northern Fisheries Council, part of the Northern Fisheries Organisation, said the vote "
    "would not change quotas.\n"
    "The Labour Party, which had run the council for a decade, kept five seats, while the Reform "
    "Party lost all four of its seats.\n"
)
_PARTIES = {"Green Party", "Liberal Party", "Labour Party", "Reform Party"}
_COURTS = {"High Court", "County Court"}


def test_organisation_options_are_of_the_answers_sort_and_never_its_parent():
    """Task R10-ORGS: a party among parties only, a court among courts only ("the European Union"
    beside courts, or a news outlet among rights groups, answers itself); no body that the
    answer is part of ("the Northern Fisheries Organisation" beside its Council: both right);
    "Which party …?" where the answer is a party; a news outlet keeps its "The"."""
    article, candidates = candidates_for(_BODIES)
    asked = [
        c.question
        for c in candidates
        if c.question.rule in {"organisation_cloze", "which_organisation"}
        and failed_gate(candidate=c, article=article) is None
    ]
    assert any(q.prompt.startswith("Which party ") for q in asked)
    for q in asked:
        options = {c.text for c in q.choices}
        answer = next(c.text for c in q.choices if c.correct)
        for sort in (_PARTIES, _COURTS):
            assert (answer in sort) == (options <= sort) or not options & sort, q.prompt
        assert not {
            "Northern Fisheries Council",
            "Northern Fisheries Organisation",
        } <= (options), q.prompt
        assert "Courier" not in options, q.prompt
    assert "The Courier" in {n for names in article.pools.values() for n in names}


def test_a_cloze_view_keeps_the_date_it_would_cut():
    """ "…the ____ had reached the opposite conclusion on 11…" showed half a date and was cut
    before it, which left two courts fitting; the view now runs to the date's end."""
    from quiz.generation.questions.entities import _whole_date

    text = (
        "In Edinburgh, the Court of Session had reached the opposite conclusion on 11 September, "
        "in a case brought by lawmakers."
    )
    end = text.index("Court of Session") + len("Court of Session")
    shown = "…the ____ had reached the opposite conclusion on 11…"
    assert _whole_date(shown, text, end) == (
        "…the ____ had reached the opposite conclusion on 11 September…"
    )


# --- R10-GIVEN: answers a student can guess from the world ----------------------------------------


_GUESSABLE = (
    "The harbour board said on Tuesday that its new crane had lifted the old wreck, the first "
    "time humanity has deliberately raised a ship of that size. "
    "A boat carrying 2 fishermen had struck the pier in March. "
    "The board banned swimmers under 18 from the breakwater. "
    "The repairs took 2 weeks, and 12 pilots had asked for them."
)


def test_an_answer_guessed_from_the_world_is_not_asked():
    """The ordinal of a "first time" claim and a typed count of two of a plural are answered without
    reading: not asked; an age limit is asked only among other age limits ("under 18" beside 22 and
    36 was); a count that must be read still is."""
    _, candidates = candidates_for(_GUESSABLE)
    asked = [c.question for c in candidates]
    assert not [q for q in asked if q.rule == "ordinal_choice"]
    typed = {q.answer for q in asked if q.rule == "number_cloze"}
    assert "18" not in typed
    assert {"12", "2"} <= typed  # "2 weeks" is a measure: it must be read
    ages = [q for q in asked if "under ____" in q.prompt]
    assert ages and all(q.rule == "number_choice" for q in ages)
    assert all({c.text for c in q.choices} == {"14", "16", "18", "21"} for q in ages)
    # "over 65 years of age" is an age limit; "over 12 years" is a time, typed as any count.
    _, candidates = candidates_for(
        "The council fined 30 people over 65 years of age who swam from the pier, which "
        "storms had damaged over 12 years."
    )
    asked = [c.question for c in candidates]
    assert "65" not in {q.answer for q in asked}
    assert "12" in {q.answer for q in asked}
    assert all(
        {c.text for c in q.choices} <= {"60", "65", "67", "70"}
        for q in asked
        if "over ____ years of age" in q.prompt
    )


_COUNTED = (
    "The guild was founded on 4 June 1950, when 5 towns signed its charter. "
    "The founding towns were Alton, Bexley, Crewe, Dover and Ely. "
    "Fenton joined on 4 June 2010, exactly 60 years after the charter was signed. "
    "All nine judges agreed that the charter still held."
)


def _hand_made(
    kind: str,
    prompt: str,
    quote: str,
    answer: str = "",
    right: str = "",
    text: str = _COUNTED,
):
    from quiz.generation.records import Citation, GeneratedChoice

    start = text.index(quote)
    choices = (
        (GeneratedChoice(right, True), GeneratedChoice("Nowhere", False))
        if right
        else ()
    )
    return GeneratedQuestion(
        kind,
        prompt,
        choices,
        answer or None,
        "",
        Citation(start, start + len(quote), quote),
        "hand_made",
    )


def _every_leak_check_sees(asking, showing) -> None:
    """The benchmark's count and the selection's three guards agree that `showing` gives away the
    answer of `asking`."""
    from quiz.generation.leaks import LeakGuard, LeakPartners, count_leaks, leaks

    assert leaks([asking, showing]), (asking.prompt, showing.prompt)
    assert count_leaks(showing, [asking]) == 1
    guard = LeakGuard()
    guard.add(asking)
    assert guard.leaks_with_kept(showing)
    partners = LeakPartners(answers_to_watch=frozenset())
    partners.add(showing)
    assert partners.partners(asking) == {0}


def test_a_stem_that_lets_a_student_count_or_compute_an_answer_leaks():
    """A listed series of N names shows N, "60 years after" beside 2010 shows 1950, and "All nine
    judges" shows 9 on its sentence: each a leak for the benchmark and for the selection alike."""
    from quiz.generation.leaks import leaks

    first, second, third, fourth = (s + "." for s in _COUNTED.split(". ")[:4])
    fourth = fourth.rstrip(".")
    how_many = _hand_made("numeric", "…when ____ towns signed its charter.", first, "5")
    listed = _hand_made(
        "single_choice",
        "Which place completes it? The founding towns were ____, Bexley, Crewe, Dover and Ely.",
        second,
        right="Alton",
    )
    when = _hand_made(
        "single_choice", "The guild was founded on ____…", first, right="4 June 1950"
    )
    later = _hand_made(
        "single_choice",
        "Who joined on 4 June 2010, exactly 60 years after the charter was signed?",
        third,
        right="Fenton",
    )
    judges = _hand_made("numeric", "All ____ judges agreed…", fourth, "9")
    all_nine = _hand_made(
        "true_false",
        "According to the article: All nine judges agreed that the charter still held.",
        fourth,
        right="True",
    )
    for asking, showing in ((how_many, listed), (when, later), (judges, all_nine)):
        _every_leak_check_sees(asking, showing)
    # A count shown far from where it is asked shows nothing: the nine judges are not the 5 towns.
    assert not leaks([how_many, all_nine])


_PAIRED = (
    "The dispute reached the tribunal from two towns. "
    "The hearing lasted two weeks in the spring. "
    "A harbour master said the quay had been rebuilt after the storm. "
    "The tribunal heard both claims together and ruled for the harbour board."
)


def test_a_both_in_one_stem_gives_away_a_count_of_two_things_anywhere():
    """ "heard both claims together" tells a student the dispute came "from ____ towns" (two),
    though two sentences stand between them; it says nothing of "two weeks", a length of time."""
    from quiz.generation.leaks import count_leaks, leaks

    towns, weeks, _, heard = (s + "." for s in _PAIRED.split(". "))
    heard = heard.rstrip(".")
    from_towns = _hand_made(
        "numeric",
        "The dispute reached the tribunal from ____ towns.",
        towns,
        "2",
        text=_PAIRED,
    )
    how_long = _hand_made(
        "numeric",
        "The hearing lasted ____ weeks in the spring.",
        weeks,
        "2",
        text=_PAIRED,
    )
    both = _hand_made(
        "single_choice",
        "Whom did the tribunal rule for, having heard both claims together?",
        heard,
        right="the harbour board",
        text=_PAIRED,
    )
    assert leaks([from_towns, both]) == [
        "stem counts answer: Q2 lets a student count or compute '2', the answer of Q1"
    ]
    _every_leak_check_sees(from_towns, both)
    assert not leaks([how_long, both])
    assert count_leaks(both, [how_long]) == 0


_GROUPED = (
    "The council said the contracts of the three ferry firms that serve the island end in May. "
    "The island's harbour was rebuilt in 1990 after a long storm. "
    "The harbour's new quay is three metres higher than the old one. "
    "In 2015 the council cut the number of operators to three and set the fares."
)


def test_a_count_of_a_group_the_article_names_again_is_given_away_anywhere():
    """ "the three ferry firms" is a group the article comes back to in other words: "cut the
    number of operators to three" two sentences on tells a student the count. "three metres
    higher" is a measure, which tells nothing of the firms."""
    from quiz.generation.leaks import count_leaks, leaks

    firms, _, quay, cut = (s + "." for s in _GROUPED.split(". "))
    cut = cut.rstrip(".")
    how_many = _hand_made(
        "numeric",
        "The contracts of the ____ ferry firms that serve the island end in May.",
        firms,
        "3",
        text=_GROUPED,
    )
    when_cut = _hand_made(
        "numeric",
        "In ____ the council cut the number of operators to three and set the fares.",
        cut,
        "2015",
        text=_GROUPED,
    )
    higher = _hand_made(
        "true_false",
        "According to the article: The harbour's new quay is three metres higher than the old one.",
        quay,
        right="True",
        text=_GROUPED,
    )
    assert leaks([how_many, when_cut]) == [
        "stem counts answer: Q2 lets a student count or compute '3', the answer of Q1"
    ]
    _every_leak_check_sees(how_many, when_cut)
    assert not leaks([how_many, higher])
    assert count_leaks(higher, [how_many]) == 0


def test_a_claim_keeps_the_name_a_title_stood_for_unless_another_question_asks_for_it():
    """ "a sword said to have belonged to the King" reads as a king of the country the article is
    about: the title stands in for a name only to keep it from another question that asks for it.
    None here does, so the claim shows the article's own words."""
    text = (
        "The museum in Lundby reopened on Monday after a two-year renovation that cost 40 million "
        "euros. Among the objects on show is a sword said to have belonged to King Harald Voss. "
        "The building was designed by the architect Mira Holt in 1921."
    )
    questions = generate_questions(text=text, seed=0)
    claims = [q.prompt for q in questions if q.kind == "true_false"]
    assert any("belonged to King Harald Voss" in p for p in claims), claims
    assert not any("the King" in p for p in claims)


def test_a_claim_standing_alone_says_said_where_the_article_says_added():
    """ "Ann Lee added that …" on its own: added to what? A claim says what was said; a verb that
    goes on from earlier words becomes "said", and "added" meaning more of something stays."""
    found = _rules_and_prompts(
        "Ann Lee said on Monday that sales at her bakery in Lundby had doubled.\n"
        "Ms Lee added that the shop would hire four more bakers in the spring.\n"
        "The bakery added 30 new loaves to its range last year."
    )
    claims = [p for rule, p in found if rule.startswith(("claim_", "clause_"))]
    assert any("said that the shop would hire" in p for p in claims), claims
    assert not any("added that" in p for p in claims)
    assert any("added 30 new loaves" in p for p in claims)


def test_a_titled_surname_is_shown_with_the_first_name_the_text_gives_it():
    """ "Mr Ekvall" beside full names is the only option without a first name: the one that is
    right, to a student who has not read. The text writes "Anders Ekvall" once, a mention the
    model misses; the option and the stems name him so all the same."""
    text = (
        "Ellen Moons, chair of the jury, said the winners had changed the field.\n"
        "Anders Ekvall, a member of the jury, said the choice had been easy.\n"
        '"It is a very good example of how ideas travel," Mr Ekvall said.\n'
        "Karl Hopman, the festival director, said 4,000 people had attended the ceremony.\n"
        '"We have never had so many visitors," Mr Hopman said.'
    )
    article = article_for(text)
    assert not article.mentions[1]  # the model missed the full name
    assert [m.name for m in article.mentions[2]] == ["Anders Ekvall"]
    options = {
        c.text
        for q in generate_questions(text=text, seed=0)
        if q.kind == "single_choice"
        for c in q.choices
    }
    assert "Anders Ekvall" in options and "Mr Ekvall" not in options


def test_a_role_opening_its_sentence_reads_lowercase_where_it_stands_mid_sentence():
    """ "Club captain Ann Lee said …": "Club" is capitalised for opening the sentence. Named by
    that role mid-sentence ("Ann Lee, the club captain, said it"), it is written as the text writes
    "club"; a name in the role ("Labour leader") keeps its capital."""
    article = article_for(
        "The Lundby Rowers won the regional cup on Sunday.\n"
        "Club captain Ann Lee said the crew had trained for a year.\n"
        "The club has 300 members.\n"
        "Labour leader Tom Reed said the town was proud."
    )
    roles = [(r.role, r.hidden) for rs in article.roles for r in rs]
    assert roles == [
        ("club captain", "the club captain"),
        ("Labour leader", "the Labour leader"),
    ]


def test_a_claim_names_a_titled_person_by_the_full_name_the_article_gives():
    """ "Mr Hopman is a professor …" on its own does not say who Mr Hopman is: a claim names him
    as the article first did. Someone's own words in quotation marks stay as they were said."""
    found = _rules_and_prompts(
        "Karl Hopman opened the book fair in Lundby on Monday.\n"
        "Mr Hopman is a professor of history at the University of Lundby.\n"
        'Ann Lee said: "Mr Hopman spoke for an hour about the old town hall."'
    )
    claims = [p for rule, p in found if rule.startswith(("claim_", "clause_"))]
    assert any("Karl Hopman is a professor of history" in p for p in claims), claims
    assert not any(re.search(r"Mr Hopman is a professor", p) for p in claims)
    assert all("Karl Hopman spoke" not in p for p in claims)


def test_a_quote_ending_in_an_exclamation_keeps_its_attribution_in_its_sentence():
    """ "“We won!” said Ann Lee, …": the attribution after "!" or "?" is no sentence of its own; a
    citation starting "said Ann Lee, …" was cut from the middle of one."""
    texts = [
        s.text
        for s in split_sentences(
            '"We won the cup!" said Ann Lee, the captain of the Lundby rowing club. '
            'She thanked the crew. "Was it hard?" she asked. Really? It was.'
        )
    ]
    assert texts == [
        '"We won the cup!" said Ann Lee, the captain of the Lundby rowing club.',
        "She thanked the crew.",
        '"Was it hard?" she asked.',
        "Really?",
        "It was.",
    ]


def test_a_false_claim_cited_with_the_sentence_before_replaced_only_its_changed_detail():
    """ "It returned …" is cited with the sentence that says what "it" is. The detail a student
    must know to refute "Lundby returned … in 2007" is 2009, not that first sentence: read with
    "According to the article:" against it, the whole first sentence counted as replaced, and a
    claim showing it ("… under Mayor Ann Lee …") as giving the answer away."""
    from quiz.generation.leaks import replaced_detail, tokens

    quote = (
        "Lundby left the regional league in 1966 under Mayor Ann Lee, while staying in the "
        "cup. It returned to the league in 2009."
    )
    refuted = GeneratedQuestion(
        "true_false",
        "According to the article: Lundby returned to the league in 2007.",
        (GeneratedChoice("True", False), GeneratedChoice("False", True)),
        None,
        f"False. The article says 2009, not 2007: “{quote}”",
        Citation(0, len(quote), quote),
        "claim_refuted_year",
    )
    assert replaced_detail(refuted) == [tokens("2009")]


def test_a_name_is_put_back_in_a_claim_only_while_copied_claims_stay_guessable_by_few():
    """Setting the article's name back where a title stood makes a reworded true claim the
    article's own words again. A student who answers "true if it stands word for word" must still
    get at most 60% of a set's claims right, so the last name that would tip it stays a title."""
    from quiz.generation.rank import _named

    def claim(quote: str, prompt: str, *, true: bool, named: str = "") -> Candidate:
        question = GeneratedQuestion(
            "true_false",
            prompt,
            (GeneratedChoice("True", true), GeneratedChoice("False", not true)),
            None,
            "",
            Citation(0, len(quote), quote),
            "claim_supported" if true else "claim_refuted_number",
        )
        return Candidate(question, (0,), score=2.0, named=named)

    ferry = "The ferry to Birch Hill was named by Mayor Ann Lee in 1999."
    bridge = "The bridge at Cove End was opened by Governor Tom Reed in 2004."
    kept = [
        claim("The port has 12 berths.", "The port has 12 berths.", true=True),
        claim("The port has 12 berths.", "The port has 15 berths.", true=False),
        claim(
            ferry,
            "The ferry to Birch Hill was named by the Mayor in 1999.",
            true=True,
            named=ferry,
        ),
        claim(
            bridge,
            "The bridge at Cove End was opened by the Governor in 2004.",
            true=True,
            named=bridge,
        ),
        claim(
            "The quay is 300 metres long.", "The quay measures 300 metres.", true=True
        ),
    ]
    prompts = [c.question.prompt for c in _named(kept)]
    # Two of five told by copy before; the first name makes three (60%), the second would make four.
    assert ferry in prompts
    assert "The bridge at Cove End was opened by the Governor in 2004." in prompts


def test_a_lead_s_main_figure_is_asked_in_place_of_minor_questions_of_other_sentences():
    """ "for the first time in their 97-year history": the 97 was kept out by "for the ____ time"
    on its own sentence and by a false claim ("for the second time") on another, whose changed
    "first" its stem shows; both ask less than the lead's main figure, and now give way to it."""
    text = (
        "Harwick Rovers became champions of the county league for the first time in their 97-year "
        "history on Saturday night, when Dunmore Athletic, the only team that could still catch "
        "them, were held to a 1-1 draw by Kelso Town. The club had been given odds of 400-1 by "
        "bookmakers before the season began. Their manager, Tom Brennan, took charge of the team "
        "in 2019 after a spell in Norway. About 6,000 fans gathered outside the ground to "
        "celebrate with the players late into the night. The win also means that Harwick will "
        "play in the regional cup next season for the first time."
    )
    questions = generate_questions(text=text, seed=0)
    assert any(
        q.answer == "97" or any(c.correct and c.text == "97" for c in q.choices)
        for q in questions
    ), [q.prompt for q in questions]


def test_a_sentence_saying_what_the_reported_event_was_has_its_year_asked_not_its_ordinal():
    """ "It was the club's first league title since 1958": "it" is the win just reported, in a new
    paragraph, so no claim can name it; the year is still asked in the sentence's own words, and
    "It is the ____ time that …" is not (only "first" reads there)."""
    text = (
        "Hartwell Rovers beat Dunmore 3-1 at home on Saturday to win the northern league.\n"
        "It was the club's first league title since 1958, when Tom Avery scored 40 goals.\n"
        "It is the first time that a team from the valley has won the league in the spring.\n"
    )
    _, candidates = candidates_for(text)
    years = [
        c for c in candidates if c.sentences == (1,) and c.answer_forms == ("1958",)
    ]
    assert years
    assert all(
        "It was the club's first league title since ____" in c.question.prompt
        for c in years
    )
    assert not any(c.question.rule == "ordinal_choice" for c in candidates)


def test_a_word_number_of_the_sentence_a_claim_borrows_its_name_from_is_not_its_key():
    """ "Their first title came in 1978." after "It was Argentina's first world title since 1986":
    the claim reads "Argentina's first title came in …", whose "first" is its own sentence's, not
    the one of the sentence it takes "Argentina's" from; keyed as that one, both years could not
    be asked together."""
    text = (
        "Kelso Town beat Dunmore 2-1 in the final on Sunday to win the northern cup.\n"
        "It was Kelso's first cup title since 1962, when Tom Avery scored twice in the final. "
        "Their first title came in 1931.\n"
        "About 4,000 fans watched the final at the county ground in Harwick.\n"
    )
    article, candidates = candidates_for(text)
    later = [
        c for c in candidates if c.sentences == (1, 2) and c.answer_forms == ("1931",)
    ]
    assert later
    assert all(("value", 1, 2000.0) not in c.keys for c in later), [
        c.keys for c in later
    ]


# --- speed: fast searches that answer as the regexes they replace (R10-SPEED) ----------------------


def test_a_figure_shown_in_the_stems_is_counted_as_the_look_around_regex_counts_it():
    """`rank._shown` finds the text by its letters instead of trying a look-behind at every
    character; on every short string of figures, words and separators it counts what the regex
    counted (not "8%" in "18%" or "8.5%", non-overlapping, at the ends too)."""
    from quiz.generation.rank import _shown

    rng = random.Random(7)
    alphabet = ["8", "%", ".", ",", " ", "1", "a", "é", "_", "\n", "8%", "8.5"]
    for _ in range(20_000):
        stems = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 3)))
        expected = re.findall(rf"(?<![\w.,]){re.escape(text)}(?!\w|[.,]\d)", stems)
        assert _shown(stems, text) == len(expected), (stems, text)


def test_one_of_the_before_a_number_is_found_as_searching_the_whole_text_finds_it(
    monkeypatch,
):
    """`common._ends_with` reads a tail of the text before a number first; it answers as the
    search of everything before the number, also where a match starts at the tail's first
    character or white space runs past the tail."""
    from quiz.generation.questions import common

    monkeypatch.setattr(common, "_TAIL_REACH", 24)
    rng = random.Random(11)
    pieces = ["one", "One", "ONE OF THE", " ", "  ", "\n", "of", "the", "x", "some"]
    for pattern in (common._ONE_OF_THE, common._ONE_OF):
        for _ in range(20_000):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
            end = rng.randint(0, len(text))
            expected = pattern.search(text[:end]) is not None
            assert common._ends_with(pattern, text, end) == expected, (text, end)


def test_whether_a_name_is_written_with_the_is_kept_for_one_article_only():
    """`written_with_the` is kept per article: a second article in the same process gets its own
    answer for the same name."""
    from quiz.generation.distractors import written_with_the

    first = article_for(
        "The Harbour Board met on Monday. It approved the plan for the quay."
    )
    second = article_for(
        "Harbour Board members met on Monday. They approved the new plan."
    )
    assert written_with_the(first, "Harbour Board")
    assert not written_with_the(second, "Harbour Board")
    assert written_with_the(first, "harbour board")


def test_a_name_known_as_another_is_found_as_the_compiled_pattern_finds_it():
    """`distractors._known_as` reads "X, also known as (the) Y" at each stand of X instead of
    compiling a pattern per pair of names; on random texts built of names and those words it
    answers as the pattern did."""
    from quiz.generation.distractors import (
        _KNOWN_AS,
        _found_at_word_boundary,
        _known_as,
    )

    rng = random.Random(9)
    names = ["Ann", "Bo", "the Bo", "Bo_", "é", "x", "Ann Bo", "the"]

    def piece() -> str:
        lead = (
            rng.choice([",", ""])
            + " "
            + rng.choice(["", "also ", "better "])
            + rng.choice(["known", "referred to"])
            + " as "
            + rng.choice(["", "the ", "the the "])
        )
        return rng.choice([rng.choice(names), lead, " ", "x", "é", "_", ","])

    found = 0
    for _ in range(20_000):
        text = "".join(piece() for _ in range(rng.randint(0, 6)))
        first, second = rng.choice(names), rng.choice(names)
        pattern = re.compile(rf"{re.escape(first)}{_KNOWN_AS}{re.escape(second)}\b")
        expected = _found_at_word_boundary(pattern, text)
        found += expected
        assert _known_as(text, first, second) == expected, (text, first, second)
    assert found


def test_a_count_followed_by_the_names_it_counts_is_not_asked_in_any_view():
    """ "The four suppliers, Arbon, Belsk, Corvo and Dunmere, …": the whole sentence answers the
    count by its names, and a view cut short of them ("The ____ suppliers, Arbon…") is a bare
    fragment that the sentence's other questions give away. Its other figure is still asked, and a
    count the sentence does not list is."""
    text = (
        "The council voted on Tuesday to renew the school meals contract for another year.\n"
        "The four suppliers, Arbon, Belsk, Corvo and Dunmere, together serve about 12,000 meals "
        "a day in the district.\n"
        "The council also hired three inspectors to check the kitchens every month.\n"
    )
    _, candidates = candidates_for(text)
    numbers = [
        c
        for c in candidates
        if c.question.kind == "numeric" or c.question.rule in _CHOICE_RULES
    ]
    asked = {(c.sentences[-1], c.answer_forms[0]) for c in numbers}
    assert not any(form in {"four", "4"} for _, form in asked), asked
    assert (1, "12,000") in asked
    assert (2, "three") in asked


# --- R11-WINDOWS: a view around a figure stops where a phrase stops ---------------------------------


def test_a_figure_view_does_not_trail_off_in_a_cut_phrase():
    """A view cut short of another figure or of its window ended on the words that led to what it
    cut ("…from boats using the dock, which opened…", "…tourists in ____ towns for an average of
    more…"); it now stops at the end of the last whole phrase."""
    _, candidates = candidates_for(
        "The port earns about $12 million a week from boats using the dock, which opened in 1902. "
        "The survey, called Harbour, followed 5,200 young tourists in 14 coastal towns for an "
        "average of more than four days.\n"
    )
    prompts = [c.question.prompt for c in candidates]
    assert any(p.endswith("from boats using the dock…") for p in prompts), prompts
    assert not [p for p in prompts if "which opened…" in p]
    towns = [p for p in prompts if "____ coastal towns" in p]
    assert any(p.endswith("young tourists in ____ coastal towns…") for p in towns), (
        towns
    )
    assert not [p for p in towns if p.endswith("of more…")]


# --- R11-STEMS2: a stem keeps its subject and verb ------------------------------------------------


def test_a_figure_view_keeps_the_subject_and_verb_of_its_clause():
    """A view cut from its sentence shows the verb of the blank's clause and that verb's subject:
    "…a change of ____ seconds would count…" (said by whom?) is held in reserve, for a set short of
    questions, and the whole sentence asks it; a verb joined
    by "and" shares its subject ("The bridge … was not due to reopen until ____…") and a participle
    is a clause of its own ("…ending a wait of ____ days…"): those are asked as before."""
    from quiz.generation.questions.common import RESERVE

    _, candidates = candidates_for(
        "The survey, called Harbour, followed 5,200 young tourists in 14 coastal towns for an "
        "average of more than four days.\n"
        "The agency had said before the launch that a change of 40 seconds would count as a "
        "success.\n"
        "The bridge had been closed on 3 May and was not due to reopen until 9 June.\n"
        "The last of the 12 climbers was carried down the mountain on Friday, ending a wait of "
        "51 days.\n"
    )
    asked = [(c.question.prompt, c.score) for c in candidates]
    change = [(p, s) for p, s in asked if "…a change of ____ seconds" in p]
    assert change and all(s <= RESERVE for _, s in change), change
    assert any(
        p.endswith("that a change of ____ seconds would count as a success.")
        for p, _ in asked
    )
    assert any(
        "was not due to reopen until ____" in p and s > RESERVE for p, s in asked
    )
    assert any("…ending a wait of ____ days" in p and s > RESERVE for p, s in asked)


# --- R12-STEMS3: a held view pays --------------------------------------------------------------


def test_a_figure_no_view_shows_in_its_clause_is_asked_from_its_subject():
    """A figure whose every cut view loses its clause's verb or subject is asked in a longer view
    that starts at the subject, over another figure ("…the city council had approved … on 4
    March, in a vote backed by more than ____ residents…"); the view held back stays in reserve.
    A finite clause the parser hangs on "after" keeps its subject ("…one of the closest finals
    in the league's history ended ____ after extra time…", not "Rovers … ended ____"); a figure
    before the subject a view shows is asked so ("Within ____ days, pledges of money …")."""
    from quiz.generation.questions.common import RESERVE, held

    _, candidates = candidates_for(
        "Rovers won the cup for the second time on Saturday, beating United 3-1 on penalties "
        "after one of the closest finals in the league's history ended 2-2 after extra time.\n"
        "In Leeds, the city council had approved the opposite plan on 4 March, in a vote backed "
        "by more than 40 residents led by the local school's head teacher.\n"
        "Within three days, pledges of money for the new roof had reached nearly 9 million "
        "pounds.\n"
    )
    asked = [(c.question.prompt, c.score, held(c)) for c in candidates]
    assert any(
        "…one of the closest finals in the league's history ended ____ after extra time"
        in p
        and s > RESERVE
        and not h
        for p, s, h in asked
    ), asked
    assert not any("Rovers … ended ____" in p and not h for p, _, h in asked)
    backed = [
        (p, s, h) for p, s, h in asked if "backed by more than ____ residents" in p
    ]
    assert any(
        "the city council had approved the opposite plan on 4 March" in p
        and s > RESERVE
        and not h
        for p, s, h in backed
    ), backed
    # A figure set before the subject it shows reads alone, though the verb is cut.
    assert any(
        "Within ____ days, pledges of money for the new roof…" in p and not h
        for p, _, h in asked
    ), asked


def test_same_place_as_any_agrees_with_same_place():
    """R11-SPEED: the options' country check by one lookup answers as `same_place` pair by pair."""
    from quiz.generation.gazetteer import same_place, same_place_as_any

    names = ["UK", "Britain", "US", "America", "France", "Paris", "", "United Kingdom"]
    rng = random.Random(3)
    for _ in range(2_000):
        name = rng.choice(names)
        others = tuple(rng.choice(names) for _ in range(rng.randint(0, 4)))
        assert same_place_as_any(name, others) == any(
            same_place(name, other) for other in others
        ), (name, others)


def test_part_of_reads_the_organisations_of_either_lead_as_the_whole_pool_did():
    """R11-SPEED: `part_of` looks only at the organisations sharing a name's two leading words,
    and tells every pair as reading the whole pool did."""
    from quiz.generation.distractors import _leading_words, part_of, same_thing
    from quiz.generation.names import ORG

    article = read_article(
        text=(
            "The North Atlantic Council met in Brussels on Monday, officials said. "
            "The North Atlantic Treaty Organization (NATO) said the Council would meet again. "
            "The European Central Bank and the European Commission disagreed on the plan. "
            "The Commission said the European Union would pay, and the Bank of England agreed. "
            "Greenpeace and the World Health Organization said the World Bank had not replied."
        )
    )
    pool = article.pools.get(ORG, [])
    assert len(pool) >= 5

    def related(a: str, b: str) -> bool:
        lead = _leading_words(a)
        return len(lead) == 2 and lead == _leading_words(b) and a != b

    def whole_pool(name: str, other: str) -> bool:
        text = article.text
        for a, b in ((name, other), (other, name)):
            if (
                f"{a}'s {b}" in text
                or f"{a}’s {b}" in text
                or f"{b} of the {a}" in text
            ):
                return True
        return related(name, other) or any(
            (related(alias, other) and same_thing(article, alias, name))
            or (related(alias, name) and same_thing(article, alias, other))
            for alias in pool
            if alias not in {name, other}
        )

    names = [*pool, "North Atlantic Alliance", "European Parliament", "NATO"]
    told = [part_of(article, a, b) == whole_pool(a, b) for a in names for b in names]
    assert all(told)
    assert any(part_of(article, a, b) for a in names for b in names if a != b)


def test_generation_pauses_the_cyclic_gc_and_restores_it(monkeypatch):
    """R11-SPEED: the collector is paused while questions are generated, and set back as it was
    after, also when the text is refused."""
    import gc

    import quiz.generation as generation

    seen: list[bool] = []
    original = generation.read_article

    def reading(**kwargs):
        seen.append(gc.isenabled())
        return original(**kwargs)

    monkeypatch.setattr(generation, "read_article", reading)
    text = "The council approved the plan on Monday, officials said. It cost 4 million euros."
    assert gc.isenabled()
    generation.generate_questions(text=text, seed=0)
    assert seen == [False] and gc.isenabled()
    with pytest.raises(GenerationError):
        generation.generate_questions(text="", seed=0)
    assert gc.isenabled()
    gc.disable()
    try:
        generation.generate_questions(text=text, seed=0)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_zero_among_the_articles_figures_does_not_stop_generation():
    """A score's "2-0" puts a zero among the figures a number's wrong options are drawn from;
    ordering them by how many times apart they are took the logarithm of zero and raised."""
    text = (
        "Wrexham won the Welsh Cup on Sunday, beating Cardiff 3-2 in front of a crowd of 6,000 "
        "at the Racecourse Ground. Cardiff led 2-0 at half-time through goals from James Wilson "
        "and Peter Harris, but Gary Mitchell pulled one back for Wrexham and David Evans curled "
        "in the winner with four minutes left. The Wrexham manager, Tom Reyes, said his team had "
        "never given up. James Wilson joined Cardiff in 2019 from Swansea, and Peter Harris has "
        "scored 14 goals this season.\n"
    )
    questions = generate_questions(text=text, seed=0)
    assert any("____ minutes" in q.prompt for q in questions)


def test_a_save_stem_offers_none_of_the_keepers_team_mates():
    """R11-OPTIONS2: "goalkeeper X saved from ____": beside an answer of the other side
    (`people_sides`), none of X's side is an option (a keeper does not save from his own team)."""
    from quiz.generation.distractors import people_sides, pick_names
    from quiz.generation.names import PERSON

    article = read_article(
        text=(
            "Brazil beat Germany 4-2 on penalties in the final in Lagos on Sunday. "
            "Brazil captain Paulo Silva scored first, and Germany striker Jonas Weber equalised "
            "before half-time. Brazil forward Marco Costa and Brazil midfielder Rafael Lima "
            "scored in the second half for Brazil. Thomas Becker and Felix Hartmann scored twice "
            "for Germany. In the shootout, goalkeeper Paulo Silva saved from Thomas Becker, and "
            "Felix Hartmann shot wide. Germany midfielder Max Vogel missed a chance late on. "
            "Germany coach Stefan Koch said his players had fought hard."
        )
    )
    sides = people_sides(article)
    assert sides["Thomas Becker"] == "Germany" and sides["Paulo Silva"] == "Brazil", (
        sides
    )
    for seed in range(6):
        options = pick_names(
            article,
            kind=PERSON,
            answer="Thomas Becker",
            cited=article.sentence_text(4),
            index=4,
            rng=random.Random(seed),
            count=3,
            rivals=frozenset({"Paulo Silva"}),
        )
        assert len(options) == 3, options
        assert all(sides.get(name) != "Brazil" for name in options), options


def test_a_scorer_question_offers_no_manager():
    """R11-OPTIONS2: "goals from ____" with an answer the article gives no coaching role: the
    manager ("X, the Scottish manager who took over") is no option, ruled out without reading."""
    from quiz.generation.distractors import pick_names
    from quiz.generation.names import PERSON

    article = read_article(
        text=(
            "Rovers beat United 3-1 at home on Saturday to go top of the table. "
            "Rovers led through goals from Tom Baker and Sam Hill before half-time. "
            "Peter Walsh, the Scottish manager who took over in May, said the team had been "
            "brilliant. United striker Ben Carter pulled one back, but Rovers forward Dan Price "
            "scored late on. Rovers midfielder Joe Lane was named man of the match."
        )
    )
    for seed in range(6):
        options = pick_names(
            article,
            kind=PERSON,
            answer="Tom Baker",
            cited=article.sentence_text(1),
            index=1,
            rng=random.Random(seed),
            count=3,
            leaders_apart=True,
        )
        assert len(options) == 3 and "Peter Walsh" not in options, options


def test_person_options_beside_teams_in_the_stem_are_people_named_with_those_teams():
    """ "Westbury led at half-time through a goal from ____" offered the champions' players, whom
    the article never names beside either team of that match (twelfth grading, "Leicester
    players cannot have scored for Tottenham"): beside an answer the article gives no side of its
    own, only people it names in a sentence naming one of the stem sentence's teams."""
    text = (
        "Eastham won the league title on Sunday after Westbury Rovers FC were held to a 1-1 draw"
        " by Northfield United.\n"
        "Westbury Rovers FC led at half-time through a goal from Sam Reed, but Tom Hale pulled"
        " one back for Northfield United.\n"
        "Several Eastham players watched the match at the home of their striker Jack Bond.\n"
        "Paul Stone, who joined Eastham in July, has scored 12 goals this season.\n"
        "Mark Dunn, Eastham's winger, was named player of the year by the league.\n"
        "Northfield United's goalkeeper Dan Cole made eight saves in the match.\n"
        "Westbury Rovers FC' captain Ben Ward said the title race had been fair.\n"
    )
    options = _person_options(text, "a goal from")
    assert options
    assert all(sorted(each) == ["Ben Ward", "Dan Cole"] for each in options), options


def test_a_person_the_stem_speaks_of_by_a_noun_is_no_option():
    """ "Who replied that the foreman had done his duty …?" offered the foreman (twelfth grading,
    Chile): a person the article gives the noun the stem refers to ("X, the rope leader who …"
    beside "the leader") is the one spoken of, not the one asked for."""
    text = (
        "The last of the climbers to reach the camp was Peter Lane, the rope leader who had"
        " guided the group down the mountain.\n"
        '"We kept our promise," Mr Lane told the governor on Sunday.\n'
        "Ann Price replied that the leader had done his duty and that the region was proud.\n"
        "Jack Bond, who lost two toes to frostbite, said he would climb again next year.\n"
        "Paul Stone said the weather had turned without warning on the last day.\n"
    )
    options = _person_options(text, "replied that the leader")
    assert options
    assert all("Peter Lane" not in each for each in options), options


def test_a_stem_on_his_players_or_his_party_offers_only_leaders_or_party_people():
    """ "Who said his players had shown great character?" offered two players beside two coaches,
    and "Who told his party's conference …?" the Speaker (twelfth grading, World Cup and court):
    such a stem offers only people who lead a side, or only people of a party, and without two
    of them is not asked."""
    match = (
        "Northfield United beat Westbury Rovers FC 2-1 on Saturday.\n"
        "Sam Reed scored twice for Northfield United.\n"
        "Tom Hale pulled one back for Westbury Rovers FC.\n"
        "Westbury coach Ben Ward said his players had shown great spirit.\n"
        "Northfield manager Dan Cole praised the crowd.\n"
        "Mark Dunn said the crowd had been loud.\n"
    )
    assert _person_options(match, "said his players had shown") == []
    politics = (
        "Parliament returned on Wednesday after the court ruling.\n"
        "Jane Hill, the Speaker of the House, said members would sit at noon.\n"
        "Tom Grant, the leader of the Green Party, told his party's conference in Leeds that the"
        " minister should resign.\n"
        "The Liberal Party MP Ann Lowe said the ruling was a victory for voters.\n"
        "Mark Shaw, the leader of the Labour Party, called for an early election.\n"
        "Paul Rudd said the decision was historic.\n"
    )
    options = _person_options(politics, "told his party's conference")
    assert options
    assert all(set(each) <= {"Ann Lowe", "Mark Shaw"} for each in options), options


SECOND_DEED = (
    "The council voted on Tuesday to close the old harbour bridge to all traffic.\n"
    "Engineers found deep cracks in two of the bridge's steel supports last month.\n"
    "Anna Brook, a senior engineer at the Harbour Trust, said the repairs would cost the city "
    "far more than a new crossing, and criticised the delay in publishing the survey.\n"
    "Mayor Tom Vale said the bridge would stay shut until at least next spring.\n"
    "Local shop owner Sam Hart told reporters that trade had already fallen by a third."
)


def test_a_who_stem_on_the_second_of_two_deeds_leaves_the_first_to_a_claim():
    """ "X said A, and criticised B": beside the whole "Who said A, and criticised B?" the stem on
    the second deed alone, "Who criticised B?", which neither shows nor settles a claim on A ("A,
    it was said"). Held in reserve: it is taken for the whole stem only where that one gives a
    claim away."""
    article, candidates = candidates_for(SECOND_DEED)
    who = {
        c.question.prompt: c
        for c in candidates
        if c.question.rule == "who_did" and "Anna Brook" in c.question.citation.quote
    }
    second = who.get("Who criticised the delay in publishing the survey?")
    assert second is not None
    assert second.score <= RESERVE
    assert failed_gate(candidate=second, article=article) is None
    assert any("and criticised the delay" in prompt for prompt in who)
    # One deed, no second stem.
    assert not [
        c
        for c in candidates
        if c.question.rule == "who_did"
        and "Tom Vale" in c.question.citation.quote
        and c.score <= RESERVE
    ]


def test_a_purpose_view_starts_at_the_subject_of_the_act():
    """ "…in flood policy for the valley was needed ____…" does not say what was needed: the view
    of a purpose's clause starts at the subject of the act ("…the change in flood policy …")."""
    _, candidates = candidates_for(
        "The council said on Monday it would build new walls along the river.\n"
        "Water Minister Ann Lee said the change in flood policy for the valley was needed to "
        "protect the farms near the old mill.\n"
        "Engineers worked through the night to keep the water back from the town.\n"
        "The walls were designed to hold back a flood twice as high as last year's.\n"
        "The mayor said the town had hired extra crews to clear the drains before the storm."
    )
    views = [
        c.question.prompt
        for c in candidates
        if c.question.rule == "purpose_choice" and "these words" in c.question.prompt
    ]
    assert any(
        "…the change in flood policy for the valley was needed ____…" in p
        for p in views
    )
    assert not any("…in flood policy" in p for p in views)


def test_a_later_clause_told_by_officials_is_a_claim_of_its_own():
    """ "The board said it would hold an inquiry into the crash, and officials said the town could
    seek damages …": the later clause, with a bare plural subject and its own attribution, is a
    claim that a question on the first clause ("Which organisation said it would hold an inquiry
    …?") neither shows nor settles; a bare plural that did not say anything ("and employers
    added only 9,000 jobs") is no such subject."""
    _, candidates = candidates_for(
        "A freight train left the rails near the town of Elm Bay on Sunday night.\n"
        "The Rail Safety Board said it would hold an inquiry into the cause of the crash, and "
        "officials said the town could seek damages for the cost of the clean-up.\n"
        "Crews worked through the night to lift the wagons back onto the line.\n"
        "The jobless rate rose to 5.1% in May, and employers added only 9,000 jobs in the month.\n"
        "The line is expected to reopen to passenger trains by the end of the week."
    )
    claims = [c.question.prompt for c in candidates if c.question.kind == "true_false"]
    assert any(
        p.startswith("According to the article: The town could seek damages")
        and p.endswith(", officials said.")
        for p in claims
    )
    assert not any("According to the article: Employers added" in p for p in claims)


def test_a_count_its_own_stem_gives_away_is_not_asked():
    """ "…towns where the ____ companies both have large stores": "both" says 2 beside the blank."""
    text = (
        "The regulator said it would study 14 towns where the two grocers both have large stores, "
        "and it expects to decide by the end of September.\n"
    )
    article, candidates = candidates_for(text)
    asking_two = [
        c.question.prompt
        for c in candidates
        if failed_gate(candidate=c, article=article) is None
        and "____" in c.question.prompt
        and (
            c.question.answer == "2"
            or any(ch.correct and ch.text == "2" for ch in c.question.choices)
        )
    ]
    assert asking_two == [], asking_two
    assert any(c.question.answer == "14" for c in candidates)


def test_an_aside_left_out_before_an_attribution_leaves_its_comma():
    """ "…only 21% full, the lowest level since 1990, officials said." read without its aside is
    "…only 21% full, officials said.", never "…21% full officials said." """
    text = (
        "The reservoirs that serve the three cities were on average only 21% full, the lowest "
        "level since records began in 1990, officials said.\n"
    )
    _, candidates = candidates_for(text)
    claims = [c.question.prompt for c in candidates if c.question.kind == "true_false"]
    assert claims
    assert not any(re.search(r"\w officials said", p) for p in claims), claims


def test_a_they_subject_reads_as_the_one_plural_noun_stated_before():
    """ "In a normal spring they hold about 60% …" after "The reservoirs … were 21% full, officials
    said.": "they" is the reservoirs (what was said), not the officials (who said it); with two
    plural nouns before ("Police arrested two men."), it is read as no one."""
    article = article_for(
        "The reservoirs that serve the three cities were only 21% full, officials said. "
        "In a normal spring they hold about 60% of their capacity.\n"
    )
    claim = make_claim(article, 1)
    assert claim is not None
    assert (
        claim.text
        == "In a normal spring the reservoirs hold about 60% of their capacity."
    )
    assert claim.sentences == (0, 1)
    ambiguous = article_for(
        "Police arrested two men near the harbour on Friday night. "
        "They were taken to the central station for questioning.\n"
    )
    assert make_claim(ambiguous, 1) is None


def test_a_word_in_a_condition_is_never_flipped():
    """ "…would scrap it if it won control" flipped to "if it lost control" is no contradiction of
    the article, only nonsense a student rejects without reading."""
    text = (
        "Mark Weston, who leads the opposition group, said his party would scrap the charge if it "
        "won control of the council in May.\n"
    )
    _, candidates = candidates_for(text)
    assert not any(
        c.question.rule.endswith("_refuted_polarity")
        and "lost control" in c.question.prompt
        for c in candidates
    )


def test_a_quote_is_said_by_the_subject_of_its_verb_not_the_name_before_it():
    """ "Professor Ann Dale of the University of Leeds, who led the study, said …": Ann Dale said
    it, though the university stands just before "said"."""
    article = article_for(
        "Professor Ann Dale of the University of Leeds, who led the study, said the result was "
        '"promising but not yet a reason for anyone to change their medicine".\n'
    )
    assert [q.speaker.name for q in article.quotes] == ["Ann Dale"]


def test_a_word_written_in_lower_case_is_no_name():
    """ "The drug, called telmisartan, …": the model may label it an organisation, but an article
    writes names with capitals, so it is never offered as one."""
    article = article_for(
        "The drug, called telmisartan, was made by Boehringer Ingelheim and sold by Pfizer, "
        "the companies said on Monday.\n"
    )
    names = {m.name for mentions in article.mentions for m in mentions}
    assert "telmisartan" not in names
    assert {"Pfizer"} <= names, names


def test_a_sentence_opening_those_who_reads_on_its_own():
    """ "Those who took the drug were 18% less likely …" says whom it means: its figure is asked
    (unlike "Those figures …", which points back)."""
    text = (
        "The patients were followed for six years by the research team. Those who took the drug "
        "were 18% less likely to develop dementia than those who took a placebo.\n"
    )
    article, candidates = candidates_for(text)
    asked = [
        c.question.prompt
        for c in candidates
        if 1 in c.sentences and failed_gate(candidate=c, article=article) is None
    ]
    assert any(
        p.startswith(("Which percentage", "Fill in")) and "Those who" in p
        for p in asked
    ), asked
    pointing = article_for(
        "The patients were followed for six years by the research team. Those figures were "
        "18% lower than in the trial before.\n"
    )
    assert make_claim(pointing, 1) is None


def test_a_fronted_phrase_lowers_a_the_the_article_capitalises_only_in_a_name():
    """ "published in The Lancet" capitalises "The" inside a sentence, but only as part of a name:
    "The patients … were followed for six years." fronted is "For six years, the patients …"."""
    text = (
        "The study of 3,000 patients was published in The Lancet on Wednesday by the team. "
        "The patients, all aged over 65, were followed by doctors for six years.\n"
    )
    _, candidates = candidates_for(text)
    claims = [c.question.prompt for c in candidates if c.question.kind == "true_false"]
    assert not any(", The patients" in p for p in claims), claims


def test_it_reads_as_the_subject_before_its_aside():
    """ "The drug, which has been sold since 1998, costs about $4 a month. It lowers blood pressure
    …": "It" is the drug, the noun phrase before the aside set off by commas."""
    article = article_for(
        "The drug, which has been sold since 1998, costs about $4 a month as a generic. It lowers "
        "blood pressure by relaxing blood vessels in the body.\n"
    )
    claim = make_claim(article, 1)
    assert claim is not None
    assert claim.text.startswith("The drug lowers blood pressure"), claim.text


def test_a_title_before_a_possessive_is_part_of_the_name():
    """ "King's College London" is an organisation, not a person titled "King" named "'s College
    London"."""
    article = article_for(
        "Dr James Okoro, a neurologist at King's College London, said the study was well designed "
        "but that its effect was small.\n"
    )
    found = {(m.name, m.kind) for m in article.mentions[0]}
    assert ("King's College London", "org") in found, found


def test_a_name_in_a_list_has_no_apposition_after_its_comma():
    """ "between London, Paris and Brussels, shuttle trains for cars, and freight trains": the
    comma after Brussels goes on with a list; "What is the name of the shuttle?" asked it."""
    text = (
        "The tunnel carries passenger trains between London, Paris and Brussels, shuttle trains "
        "for cars and lorries, and freight trains run by private companies.\n"
    )
    _, candidates = candidates_for(text)
    assert not any(c.question.rule == "described_name" for c in candidates)


def test_counts_in_a_series_are_no_list_items():
    """ "a group of ten construction companies, five British and five French": counts, not a
    list to select items of."""
    text = (
        "The tunnel was built by Transmanche Link, a group of ten construction companies, five "
        "British and five French, between 1988 and 1994.\n"
    )
    article, candidates = candidates_for(text)
    assert article.lists == []
    assert not any(c.question.kind == "multiple_select" for c in candidates)


# --- R13-STEMS4: number stems a teacher does not have to rewrite --------------------------------


def test_a_figure_view_keeps_the_alternatives_its_figure_covers():
    """ "…____% of those given the vaccine had a fever…" said the figure of a fever alone: the
    article's figure covers "a fever, a headache or stayed in bed", and the view goes on through
    them."""
    text = (
        "During the trial, 4.2% of those given the vaccine had a fever, a headache or stayed "
        "in bed for a day, compared with 3% of those given water.\n"
    )
    prompts = _figure_prompts(text, "4.2")
    assert prompts and not any(p.endswith("had a fever…") for p in prompts), prompts
    assert any(
        "…____% of those given the vaccine had a fever, a headache or stayed in bed for a day…"
        in p
        for p in prompts
    ), prompts


def test_a_view_after_a_subjects_name_says_what_the_subject_did():
    """ "the city council … in a vote backed by more than ____ residents" joined a name to a
    phrase of a verb it cut: the name carries its verb and what the verb needs when those show
    no figure ("…had approved the opposite plan … in a vote…", not "… on 4 March"), the verb
    alone when its object holds one ("The trial followed … for an average of…")."""
    prompts = _figure_prompts(
        "In York, the city council had approved the opposite plan on 4 March, in a vote "
        "backed by more than 40 residents led by the local school's head teacher.\n",
        "40",
    )
    assert not any("the city council … in a vote" in p for p in prompts), prompts
    assert any(
        "the city council had approved the opposite plan … in a vote backed by more than "
        "____ residents" in p
        for p in prompts
    ), prompts


def test_a_name_the_parse_gives_a_verb_with_its_own_subject_is_not_shown_before_a_view():
    """The parser hangs "Estonia" of a list item on "signed" beside "the pact": "Estonia …
    exactly ____ years after the pact was signed…" never says what Estonia did (it joined); the
    whole item asks it."""
    prompts = _figure_prompts(
        "The pact was signed in Lisbon on 8 June 1961 by six states.\n"
        "New members joined over the years:\n"
        "1970: Austria and Denmark.\n"
        "1985: Portugal.\n"
        "2001: Iceland, which joined after settling a long dispute with Norway over fishing.\n"
        "2019: Estonia, which joined on 8 June 2019, exactly 58 years after the pact was "
        "signed.\n"
        "2022: Latvia, which became the tenth member on 3 May 2022.\n",
        "58",
    )
    assert prompts and not any("Estonia … exactly" in p for p in prompts), prompts


def test_a_figure_view_does_not_end_on_a_verb_the_phrase_after_it_completes():
    """ "…the ____ firms that run them come…" broke off what the verb says: the view goes on
    through the phrase that completes it ("come to an end")."""
    prompts = _figure_prompts(
        "The mayor said on Friday that the shuttle buses would be gone from the old town by "
        "1 June, when the licences of the four firms that run them come to an end.\n",
        "4",
    )
    assert prompts and not any(p.endswith("run them come…") for p in prompts), prompts
    assert any(
        p.endswith("the licences of the ____ firms that run them come to an end…")
        for p in prompts
    ), prompts


def test_an_explanation_quotes_only_the_clause_that_settles_it():
    """A question whose cited sentence shows another kept question's answer cites only the clause,
    by the parse, that holds its own answer with that clause's subject and verb ("Residents
    collected ____ signatures" beside "…the council approved a new library on ____…"), quoted
    with "…" where it cuts the sentence; the cited words are still the text at their offsets and
    pass every hard gate. A sentence that shows no other answer, or whose answer needs the clause
    that shows one, is cited whole."""
    from quiz.generation.rank import narrowed_citations

    text = (
        "Residents collected 4,200 signatures before the council approved a new library on "
        "Thursday, ending years of debate.\n"
        "The library will hold 120,000 books, giving the town 310 seats for readers.\n"
    )
    article, candidates = candidates_for(text)

    def pick(rule: str, ending: str) -> Candidate:
        return next(
            c
            for c in candidates
            if c.question.rule == rule and c.question.prompt.endswith(ending)
        )

    count = pick("number_cloze", "before the council approved a new library…")
    day = pick("date_choice", "a new library on ____…")
    books = pick("number_cloze", "will hold ____ books…")
    claim = pick("claim_supported", "310 seats for readers.")
    kept = narrowed_citations([count, day, books, claim], article=article)

    shown = [(c.question.citation.quote, c.question.explanation) for c in kept]
    assert shown[:2] == [
        (
            "Residents collected 4,200 signatures",
            "The article says: “Residents collected 4,200 signatures…”",
        ),
        (
            "the council approved a new library on Thursday",
            "The article says: “…the council approved a new library on Thursday…”",
        ),
    ]
    second = (
        "The library will hold 120,000 books, giving the town 310 seats for readers."
    )
    assert [c.question.citation.quote for c in kept[2:]] == [second, second]
    for c in kept:
        cited = c.question.citation
        assert text[cited.start : cited.end] == cited.quote
        assert failed_gate(candidate=c, article=article) is None


def test_a_figure_view_also_comes_cut_short_of_the_name_after_its_blank():
    """ "…were held to a ____ draw by Leeds United…" shows the answer of a question asking for Leeds
    United: the view also comes cut short of that name where its clause still ends whole (the
    passive's "by" phrase may go, its subject and verb stay), held in reserve for a set asking the
    name to trade the longer view for."""
    from quiz.generation.questions.common import RESERVE

    text = (
        "Hartley Town won the northern league title on Saturday for the first time.\n"
        "Hull City, the only side still in the race, were held to a 2-2 draw by Leeds United "
        "in the last round.\n"
        "Leeds United had lost their previous four matches.\n"
    )
    _, candidates = candidates_for(text)
    scores = {
        c.question.prompt.split("? ", 1)[1]: c.score
        for c in candidates
        if c.question.rule == "score_choice"
    }
    assert (
        scores["Hull City, the only side still in the race, were held to a ____ draw…"]
        == RESERVE
    )
    assert all(
        "Leeds United" in shown for shown, score in scores.items() if score != RESERVE
    )


def test_a_filled_set_names_another_wrong_speaker_than_a_person_it_asks_for():
    """A short set keeps the false claim "Tom Berg said: “…”." and fills up with "Who opened the
    new ferry terminal?" (Tom Berg): the claim is traded for the one naming another person the
    quote was weighed against (kept in reserve), so neither gives the other away."""
    from quiz.generation.leaks import leaks
    from quiz.generation.questions.common import FALSE_CLAIM, RESERVE
    from quiz.generation.questions.quotes import SPEAKER_SWAPPED
    from quiz.generation.rank import GIVES_AWAY, _sort_key, _top_up

    quote = '"We will keep the crossing open all winter," Sarah Collins said.'

    def swapped(other: str, score: float) -> Candidate:
        question = GeneratedQuestion(
            "true_false",
            f"According to the article: {other} said: “We will keep the crossing open "
            "all winter”.",
            FALSE_CLAIM,
            None,
            "",
            Citation(0, len(quote), quote),
            SPEAKER_SWAPPED,
        )
        return Candidate(question, (0,), keys=(("quote", 0),), score=score)

    opened = "Tom Berg opened the new ferry terminal on the north shore."
    who = Candidate(
        replace(
            _single(
                "Who opened the new ferry terminal on the north shore?",
                "Tom Berg",
                ("Lia Park", "Sarah Collins"),
                opened,
            ),
            citation=Citation(1000, 1000 + len(opened), opened),
        ),
        (1,),
        keys=(("name", 1, "Tom Berg"),),
        score=2.8,
    )
    berg, park = swapped("Tom Berg", 2.6), swapped("Lia Park", RESERVE)
    kept = [berg]
    ordered = sorted([berg, park, who], key=_sort_key)

    filled = _top_up(kept, ordered, 2)

    prompts = {c.question.prompt for c in filled}
    assert prompts == {park.question.prompt, who.question.prompt}
    assert leaks([c.question for c in filled]) == []
    assert not any(GIVES_AWAY in c.question.review for c in filled)


def test_a_passive_deed_is_claimed_of_the_article_s_other_doer():
    """ "a complaint brought by the campaigner Sarah Brent" made false by the
    other person the article names as a doer ("led by the councillor David Hume"): the words that
    describe the doer go with the name, and nobody the article names only in passing (the mayor)
    is swapped in. A claim that shows a figure is left to the questions on its figures."""
    text = (
        "In Leeds, the tribunal rejected a complaint brought by the campaigner Sarah Brent, "
        "saying that it was a private matter.\n"
        "In York, the appeal court upheld a petition signed by local residents and led by the "
        "councillor David Hume.\n"
        "The mayor, Peter Wood, said the council would respect both rulings.\n"
    )
    _, found = candidates_for(text)
    doers = {
        c.question.prompt.removeprefix("According to the article: "): c.question
        for c in found
        if c.question.rule == "claim_refuted_doer"
    }
    claim = (
        "In Leeds, the tribunal rejected a complaint brought by David Hume, saying that it "
        "was a private matter."
    )
    assert claim in doers, list(doers)
    assert doers[claim].choices[1].correct
    assert "Sarah Brent, not David Hume" in doers[claim].explanation
    assert any(p.endswith("led by Sarah Brent.") for p in doers), list(doers)
    assert not any("Peter Wood" in p for p in doers), list(doers)
    # It tests who did the deed: ranked as a question asking for a person, as a "Who …?" is.
    from quiz.generation.rank import _detail

    swapped = next(c for c in found if c.question is doers[claim])
    assert _detail(swapped) == ("person", text.index("Sarah Brent"))
    counted = text.replace("local residents", "400 residents")
    _, found = candidates_for(counted)
    assert not any(
        c.question.rule == "claim_refuted_doer" and "400" in c.question.prompt
        for c in found
    )


def test_a_deed_reported_in_the_passive_asks_who_did_it():
    """ "The bridge had been designed by the engineer Thomas Grant in 1890 during the rebuilding
    …": its doer stands last, where the subject rules never look; asked "Who designed the
    bridge?", the engineer's noun going with his name, the year left to a question of its own
    (beside it, today's people are ruled out without reading) and what follows the doer too. A passive deed joined to another, or not in the past
    ("will be designed"), is not asked so."""
    text = (
        "The old bridge over the river collapsed in a storm on Monday, the council said.\n"
        "The bridge had been designed by the engineer Thomas Grant in 1890 during the "
        "rebuilding of the harbour.\n"
        "The mayor, Helen Price, said the city would replace it within two years.\n"
        "Mark Bell, who runs a cafe by the river, said trade had suffered.\n"
        "The transport minister, Anna Webb, promised money for a new bridge.\n"
    )
    _, found = candidates_for(text)
    asked = {
        c.question.prompt: c.question
        for c in found
        if c.question.rule == "who_did" and "Thomas Grant" in c.question.explanation
    }
    prompt = "Who designed the bridge?"
    assert prompt in asked, list(asked)
    right = [c.text for c in asked[prompt].choices if c.correct]
    assert right == ["Thomas Grant"]
    assert len(asked[prompt].choices) == 4
    joined = text.replace(
        "during the rebuilding of the harbour.",
        "and it was opened by the mayor a year later.",
    )
    coming = text.replace("had been designed", "will be designed")
    for other in (joined, coming):
        _, found = candidates_for(other)
        prompts = [c.question.prompt for c in found]
        assert not any(p.startswith("Who designed") for p in prompts), prompts


def test_who_did_a_deed_of_another_century_is_not_asked_beside_todays_people():
    """ "It was added in the 19th century by the architect X": the President and the mayor of
    today are ruled out without reading, so with no one of that past to offer, it is not asked."""
    text = (
        "The old bridge over the river collapsed in a storm on Monday, the council said.\n"
        "The bridge had been designed by the engineer Thomas Grant in the 19th century during the "
        "rebuilding of the harbour.\n"
        "The mayor, Helen Price, said the city would replace it within two years.\n"
        "Mark Bell, who runs a cafe by the river, said trade had suffered.\n"
        "The transport minister, Anna Webb, promised money for a new bridge.\n"
    )
    _, found = candidates_for(text)
    assert not any(c.question.prompt.startswith("Who designed") for c in found)
    _, found = candidates_for(text.replace("in the 19th century", "last year"))
    assert any(c.question.prompt.startswith("Who designed") for c in found)


def test_a_moved_attribution_keeps_the_capital_of_a_name_before_its_possessive():
    """ "Labour's Rachel Reeves said families were paying the price …" reworded keeps "Labour's":
    never "…, labour's Rachel Reeves said."."""
    text = (
        "Labour's Rachel Reeves said families were paying the price for years of Conservative "
        "mismanagement of the economy.\n"
    )
    _, candidates = candidates_for(text)
    claims = [c.question.prompt for c in candidates if c.question.kind == "true_false"]
    assert claims
    assert not any("labour's" in p for p in claims), claims


def test_a_subject_in_lower_case_shown_before_a_view_is_marked_as_cut():
    """ "The bank expects inflation to fall to about 5% by the end of the year and to reach its
    target in the second quarter": a stem shown from "inflation" is cut from within the sentence,
    so it opens on "…", never on a lower-case word."""
    text = (
        "The bank now expects inflation to fall to about 5% by the end of the year and to reach "
        "its target in the second quarter of 2025.\n"
    )
    _, candidates = candidates_for(text)
    stems = [
        c.question.prompt.split("? ", 1)[-1].split(": ", 1)[-1]
        for c in candidates
        if "____" in c.question.prompt
    ]
    assert stems
    assert not any(s[:1].islower() for s in stems), stems


def test_a_figure_in_a_series_is_asked_only_beside_the_rest_of_it():
    """ "Serious fires broke out in the tunnel in 1996, 2008 and 2015": "…broke out in the tunnel
    in ____…" reads as if one year were the answer; a stem shows the others beside the blank."""
    text = (
        "Serious fires broke out in the tunnel in 1996, 2008 and 2015, each stopping traffic for "
        "at least a day.\n"
    )
    _, candidates = candidates_for(text)
    stems = [c.question.prompt for c in candidates if "____" in c.question.prompt]
    for stem in stems:
        assert sum(year in stem for year in ("1996", "2008", "2015")) == 2, stem


def test_a_claim_stands_without_the_word_that_joins_it_to_the_sentence_before():
    """ "Instead, the company will reduce capacity …": instead of what? The claim drops it and
    stays true."""
    article = article_for(
        "The carmaker had threatened to close three plants in the north of the country. Instead, "
        "the company will reduce capacity by more than 700,000 cars a year.\n"
    )
    claim = make_claim(article, 1)
    assert claim is not None
    assert claim.text.startswith("The company will reduce capacity"), claim.text


def test_a_passive_deed_without_fair_who_options_asks_its_doer_as_a_true_claim():
    """With no one of that past to offer, or no one else at all, "Who built the clock tower …?"
    is not asked; the doer is claimed true instead, without the century and the rebuilding, which
    would settle the false claim on the sentence before ("The clock tower that fell was part of
    the original hall")."""
    text = (
        "A storm tore the clock tower off the old town hall in Riverton on Friday night.\n"
        "The mayor, Ruth Calder, said repairs would begin within a month.\n"
        "Firefighters led by Tom Briggs cleared the square on Saturday morning.\n"
        "The clock tower that fell was not part of the original hall. It was built in the 18th "
        "century by the mason Josiah Penhallow during a long rebuilding.\n"
    )
    _, found = candidates_for(text)
    claims = [
        c.question.prompt for c in found if c.question.rule == "claim_supported_doer"
    ]
    assert claims == [
        "According to the article: The clock tower that fell was built by the mason Josiah "
        "Penhallow."
    ]
    assert not any(c.question.prompt.startswith("Who built") for c in found)
    _, found = candidates_for(text.replace("in the 18th century", "last year"))
    assert any(c.question.prompt.startswith("Who built") for c in found)
    assert not any(c.question.rule == "claim_supported_doer" for c in found)
    # With no other person to offer, the deed of this year is claimed too.
    alone = text.replace("The mayor, Ruth Calder,", "The council").replace(
        " led by Tom Briggs", ""
    )
    _, found = candidates_for(alone.replace("in the 18th century", "last year"))
    assert not any(c.question.prompt.startswith("Who built") for c in found)
    assert [
        c.question.prompt for c in found if c.question.rule == "claim_supported_doer"
    ] == claims


def test_a_view_of_a_long_list_also_comes_showing_only_the_items_beside_its_blank():
    """ "The founding members were ____, Denmark, Norway, …, Latvia and Lithuania…" lets a student
    count seven members, the answer of "…clubs from ____ countries…": the view also comes showing
    only the two items after its blank, never the list's last, held in reserve for a set asking
    the count to trade the whole list for; that view gives the count away no more."""
    from quiz.generation.leaks import leaks
    from quiz.generation.questions.common import RESERVE

    text = (
        "The Baltic Rowing Union was set up on 3 June 1961, when rowing clubs from seven "
        "countries signed its charter.\n"
        "The founding members were Sweden, Denmark, Norway, Finland, Estonia, Latvia and "
        "Lithuania, and the first regatta was held in 1962.\n"
        "Poland joined the union in 1993, and Germany followed in 1995.\n"
        "Iceland and Ireland have applied to join.\n"
    )
    _, candidates = candidates_for(text)
    count = next(
        c.question
        for c in candidates
        if c.question.rule == "number_cloze" and c.question.answer == "7"
    )
    views = {
        c.question.prompt.split("? ", 1)[1]: c
        for c in candidates
        if c.question.rule == "place_cloze" and "Sweden" in c.question.citation.quote
    }
    whole = views[
        "The founding members were ____, Denmark, Norway, Finland, Estonia, Latvia and "
        "Lithuania…"
    ]
    cut = views["The founding members were ____, Denmark, Norway…"]
    assert cut.score == RESERVE and whole.score > RESERVE
    assert leaks([count, whole.question])
    assert not leaks([count, cut.question])
    # Never the last item, which would show the whole series again from the list's start.
    assert not any(
        "and Lithuania" in shown for shown, c in views.items() if c.score == RESERVE
    )


def _ferry_set(swapped_score: float) -> tuple[Candidate, ...]:
    """A set's candidates: "Who opened the new ferry terminal?" (Tom Berg); on the next sentence,
    which names Lia Park, the false claim "Tom Berg will run the ferry service next year." (at
    `swapped_score`) and its true claim in reserve; another false claim and a figure question, so
    that a trade keeps the set's truths and kinds in balance."""
    from quiz.generation.questions.common import FALSE_CLAIM, RESERVE, TRUE_CLAIM

    opened = "Tom Berg opened the new ferry terminal on the north shore."
    who = Candidate(
        _single(
            "Who opened the new ferry terminal on the north shore?",
            "Tom Berg",
            ("Lia Park", "Sarah Collins"),
            opened,
        ),
        (0,),
        keys=(("name", 0, "Tom Berg"),),
        score=2.8,
    )
    runs = "Lia Park will run the ferry service next year."

    def claim(prompt: str, choices, rule: str, score: float) -> Candidate:
        question = GeneratedQuestion(
            "true_false",
            f"According to the article: {prompt}",
            choices,
            None,
            "",
            Citation(1000, 1000 + len(runs), runs),
            rule,
        )
        return Candidate(question, (1,), keys=(("run", 1),), score=score)

    swapped = claim(
        "Tom Berg will run the ferry service next year.",
        FALSE_CLAIM,
        "claim_refuted_actor",
        swapped_score,
    )
    stated = claim(runs, TRUE_CLAIM, "claim_supported", RESERVE)
    # Another false claim of the set, so that the trade leaves its truths in balance.
    closed = "The old pier closed in 2019."
    refuted = Candidate(
        GeneratedQuestion(
            "true_false",
            "According to the article: The old pier closed in 2017.",
            FALSE_CLAIM,
            None,
            "",
            Citation(2000, 2000 + len(closed), closed),
            "claim_refuted_number",
        ),
        (2,),
        keys=(("closed", 2),),
        score=2.0,
    )
    # And a question of another kind, so that claims stay no more than half of the set.
    long = "The new pier is 120 metres long."
    figure = Candidate(
        GeneratedQuestion(
            "numeric",
            "Fill in the blank with a number, as the article states: The new pier is ____ "
            "metres long.",
            (),
            "120",
            "",
            Citation(3000, 3000 + len(long), long),
            "number_cloze",
        ),
        (3,),
        keys=(("long", 3),),
        score=2.0,
    )
    return who, swapped, stated, refuted, figure


def test_a_filled_set_trades_a_question_that_gives_another_away_for_a_clean_one_of_its_sentence():
    """A short set keeps "Who opened the new ferry terminal?" (Tom Berg) and was filled up with the
    false claim "Tom Berg will run the ferry service next year." (its sentence names Lia Park),
    which shows the answer: with no view of it that helps, it is traded for a question of another
    rule on its sentence that gives nothing away (here its true claim, kept in reserve)."""
    from quiz.generation.leaks import leaks
    from quiz.generation.rank import (
        GIVES_AWAY,
        _Set,
        _sort_key,
        _trade_for_sentence_mates,
    )

    who, swapped, stated, refuted, figure = _ferry_set(1.4)
    ordered = sorted([who, swapped, stated, refuted, figure], key=_sort_key)
    chosen = _Set(ordered, refuse_leaks=False)
    assert chosen.take(refuted) and chosen.take(figure)
    assert chosen.take(who) and chosen.take(swapped)
    assert leaks([who.question, swapped.question])
    notes = {id(swapped): (GIVES_AWAY,)}

    _trade_for_sentence_mates(chosen, ordered, notes)

    assert {c.question.prompt for c in chosen.kept} == {
        who.question.prompt,
        stated.question.prompt,
        refuted.question.prompt,
        figure.question.prompt,
    }
    assert leaks([c.question for c in chosen.kept]) == []
    assert notes == {}


def test_a_filled_set_trades_the_question_a_fill_in_gives_away_when_the_fill_in_has_no_other():
    """The fill-in "Who opened the new ferry terminal?" (Tom Berg) has no other question on its
    sentence, and the kept false claim "Tom Berg will run the ferry service next year." shows its
    answer: the claim, its only partner, gives way to the true claim of its sentence instead, and
    the fill-in loses its flag."""
    from quiz.generation.leaks import leaks
    from quiz.generation.rank import (
        GIVES_AWAY,
        _Set,
        _sort_key,
        _trade_for_sentence_mates,
    )

    who, swapped, stated, refuted, figure = _ferry_set(2.9)
    ordered = sorted([who, swapped, stated, refuted, figure], key=_sort_key)
    chosen = _Set(ordered, refuse_leaks=False)
    assert chosen.take(refuted) and chosen.take(figure)
    assert chosen.take(swapped) and chosen.take(who)
    notes = {id(who): (GIVES_AWAY,)}

    _trade_for_sentence_mates(chosen, ordered, notes)

    assert {c.question.prompt for c in chosen.kept} == {
        who.question.prompt,
        stated.question.prompt,
        refuted.question.prompt,
        figure.question.prompt,
    }
    assert leaks([c.question for c in chosen.kept]) == []
    assert notes == {id(who): ()}

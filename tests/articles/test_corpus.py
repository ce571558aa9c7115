"""The test articles and their key facts, and the rules bench/bench_quality.py judges questions by.

The corpus is what the generator's quality is measured on (issue 11): if a facts file drifts from its
article, or a rule in the README stops holding in the script, the figures stop meaning anything.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bench.bench_quality import (
    ARTICLES,
    Fact,
    Strategies,
    answers,
    asks,
    form_kind,
    leaks,
    read_facts,
    weekday_answers,
)
from quiz.generation import Citation, GeneratedChoice, GeneratedQuestion

TEXTS = sorted(ARTICLES.glob("*.txt"))
STYLES = {
    "news",
    "reference",
    "sport",
    "science",
    "health",
    "court",
    "local government",
    "economy",
    "interview",
}
SEED_TEXT = (Path(__file__).resolve().parents[2] / "seeds").glob("*.txt")

ARTICLE = (
    "The council voted 7 to 2 on Tuesday to close the old bridge. "
    "Mayor Jane Doherty said the repairs would cost $4 million. "
    "The bridge opened in 1921 and carries 12,000 cars a day."
)


def sentence(text: str, start_words: str) -> Citation:
    start = text.index(start_words)
    end = text.index(".", start) + 1
    return Citation(start, end, text[start:end])


def question(
    kind: str,
    prompt: str,
    cited: str,
    *,
    right: tuple[str, ...] = (),
    wrong: tuple[str, ...] = (),
    answer: str | None = None,
) -> GeneratedQuestion:
    choices = tuple(GeneratedChoice(t, True) for t in right) + tuple(
        GeneratedChoice(t, False) for t in wrong
    )
    return GeneratedQuestion(
        kind, prompt, choices, answer, "", sentence(ARTICLE, cited), "test"
    )


def claim(prompt: str, cited: str, *, true: bool) -> GeneratedQuestion:
    return question(
        "true_false",
        f"According to the article: {prompt}",
        cited,
        right=("True",) if true else ("False",),
        wrong=("False",) if true else ("True",),
    )


def fact(answer: str, snippet: str, *also: str) -> Fact:
    start = ARTICLE.index(snippet)
    return Fact(answer, (answer, *also), snippet, start, start + len(snippet))


COST = fact("$4 million", "repairs would cost $4 million", "four million dollars")
CARS = fact("12,000", "carries 12,000 cars a day")
MAYOR = fact("Jane Doherty", "Mayor Jane Doherty said")


# --- the corpus ------------------------------------------------------------------------------------


def test_corpus_has_twelve_articles_in_every_style_and_several_news():
    styles = Counter(
        read_facts(p.with_suffix(".facts.toml"), p.read_text())[0] for p in TEXTS
    )
    assert len(TEXTS) >= 12
    assert set(styles) <= STYLES
    assert {
        "news",
        "reference",
        "sport",
        "court",
        "local government",
        "economy",
        "interview",
    } <= set(styles)
    assert styles["science"] + styles["health"] >= 2
    assert styles["news"] >= 3


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_article_is_plain_paragraphs_of_2000_to_5000_characters(path):
    text = path.read_text(encoding="utf-8")
    assert 2000 <= len(text) <= 5000
    assert text.endswith("\n")
    for line in text.splitlines():
        assert line and line == line.strip() and line[-1] in '.:"', line
    for seed in SEED_TEXT:
        seed_lines = set(seed.read_text(encoding="utf-8").splitlines())
        assert not seed_lines & set(text.splitlines())


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_every_key_fact_holds_its_answer_once_in_the_article(path):
    text = path.read_text(encoding="utf-8")
    _style, facts = read_facts(path.with_suffix(".facts.toml"), text)
    assert 5 <= len(facts) <= 8
    for f in facts:
        assert text[f.start : f.end] == f.snippet
        assert f.answer in f.snippet
    assert len({f.answer for f in facts}) == len(facts)


def test_a_facts_file_whose_snippet_is_not_in_the_article_stops_the_run(tmp_path):
    path = tmp_path / "x.facts.toml"
    path.write_text(
        'style = "news"\n[[fact]]\nanswer = "7"\nsnippet = "voted 7 to 3"\n'
    )
    with pytest.raises(SystemExit, match="must occur exactly once"):
        read_facts(path, ARTICLE)


# --- when a question asks a fact -------------------------------------------------------------------


def test_numeric_and_choice_questions_ask_the_fact_their_answer_holds():
    cars = question(
        "numeric", "How many cars a day?", "The bridge opened", answer="12000"
    )
    cost = question(
        "single_choice",
        "What would the repairs cost?",
        "Mayor Jane",
        right=("$4 million",),
        wrong=("$8 million", "$2 million"),
    )
    assert asks(cars, CARS, ARTICLE)
    assert asks(cost, COST, ARTICLE)
    assert not asks(cost, MAYOR, ARTICLE)
    year = question("numeric", "When did it open?", "The bridge opened", answer="1921")
    assert not asks(year, CARS, ARTICLE)


def test_a_question_citing_another_sentence_does_not_ask_the_fact():
    elsewhere = question(
        "numeric", "How many cars?", "The council voted", answer="12000"
    )
    assert not asks(elsewhere, CARS, ARTICLE)


def test_a_true_claim_asks_the_fact_it_states_in_any_listed_form():
    reworded = claim(
        "The repairs would cost four million dollars, the mayor said.",
        "Mayor Jane",
        true=True,
    )
    assert asks(reworded, COST, ARTICLE)
    assert not asks(reworded, MAYOR, ARTICLE)


def test_a_false_claim_asks_the_detail_it_changed_not_the_clause_it_dropped():
    changed = claim(
        "The bridge carries 30,000 cars a day.", "The bridge opened", true=False
    )
    dropped = claim("The bridge opened in 1931.", "The bridge opened", true=False)
    assert asks(changed, CARS, ARTICLE)
    assert not asks(dropped, CARS, ARTICLE)


def test_a_false_claim_naming_another_place_without_its_article_asks_the_place():
    """ "the University of Lyon" replaced by "Ghent University": the claim keeps the frame before
    the article ("a lecturer at"), which the name's own "the" would otherwise cut."""
    text = "Ann Reyes is a lecturer at the University of Lyon. She is 52."
    snippet = "a lecturer at the University of Lyon"
    start = text.index(snippet)
    lyon = Fact(
        "University of Lyon",
        ("University of Lyon",),
        snippet,
        start,
        start + len(snippet),
    )
    cited = Citation(0, text.index(".") + 1, text[: text.index(".") + 1])

    def refuted(prompt: str) -> GeneratedQuestion:
        return GeneratedQuestion(
            "true_false",
            f"According to the article: {prompt}",
            (GeneratedChoice("True", False), GeneratedChoice("False", True)),
            None,
            "",
            cited,
            "test",
        )

    assert asks(refuted("Ann Reyes is a lecturer at Ghent University."), lyon, text)
    assert not asks(refuted("Ann Reyes is a professor."), lyon, text)


def test_a_false_speaker_claim_asks_the_speaker_whose_title_it_drops():
    text = '"We will open the bridge in May," Mayor Jane Doherty said on Friday.'
    snippet = "Mayor Jane Doherty said"
    start = text.index(snippet)
    mayor = Fact(
        "Jane Doherty", ("Jane Doherty",), snippet, start, start + len(snippet)
    )
    swapped = GeneratedQuestion(
        "true_false",
        "According to the article: Tom Reyes said: “We will open the bridge in May”.",
        (GeneratedChoice("True", False), GeneratedChoice("False", True)),
        None,
        "",
        Citation(0, len(text), text),
        "test",
    )
    assert asks(swapped, mayor, text)


def test_a_true_claim_writing_billion_short_asks_the_amount():
    text = "The port handles goods worth about $2.4 billion a year."
    whole = Citation(0, len(text), text)
    amount = Fact("$2.4 billion", ("$2.4 billion",), text, 0, len(text))
    reworded = GeneratedQuestion(
        "true_false",
        "According to the article: The port handles goods worth around $2.4bn a year.",
        (GeneratedChoice("True", True), GeneratedChoice("False", False)),
        None,
        "",
        whole,
        "test",
    )
    assert asks(reworded, amount, text)


# --- leaks and weekdays ----------------------------------------------------------------------------


def test_a_stem_naming_the_person_another_question_asks_for_is_a_leak():
    who = question(
        "single_choice",
        "Who said the repairs would cost $4 million?",
        "Mayor Jane",
        right=("Jane Doherty",),
        wrong=("John Roe", "Ann Poe"),
    )
    naming = claim(
        "Ms Doherty voted against the closure.", "The council voted", true=True
    )
    assert leaks([who, naming]) == [
        "stem shows answer: Q2 shows 'doherty', the answer of Q1"
    ]


def test_a_common_word_shown_out_of_its_context_is_no_leak():
    opened = question(
        "numeric",
        "Fill in: The bridge opened in ____.",
        "The bridge opened",
        answer="1921",
    )
    elsewhere = question(
        "numeric",
        "How many votes did the 1921 council have?",
        "The council voted",
        answer="7",
    )
    in_context = claim("The bridge opened in 1921.", "The bridge opened", true=True)
    assert leaks([opened, elsewhere]) == []
    assert leaks([opened, in_context]) == [
        "true claim restates: Q2 shows 'in 1921', the answer of Q1"
    ]


def test_a_sentence_choice_holding_another_answer_and_a_copied_right_option_are_leaks():
    cost = question(
        "numeric",
        "What would the repairs cost, in millions?",
        "Mayor Jane",
        answer="4 million",
    )
    evidence = question(
        "single_choice",
        "Claim: Mayor Jane Doherty said the repairs would cost $4 million. Which sentence supports it?",
        "Mayor Jane",
        right=("Mayor Jane Doherty said the repairs would cost $4 million.",),
        wrong=("The bridge opened in 1921 and carries 12,000 cars a day.",),
    )
    assert leaks([cost, evidence]) == [
        "stem shows answer: Q2 shows '4 million', the answer of Q1",
        "right option repeats stem: Q2",
    ]


def test_a_false_claims_answer_is_the_detail_it_replaced_and_weekdays_are_counted():
    weekday = claim(
        "The council voted 7 to 2 on Monday to close the old bridge.",
        "The council voted",
        true=False,
    )
    assert answers(weekday) == [("tuesday",)]
    assert weekday_answers([weekday]) == 1
    assert answers(claim("The bridge opened in 1921.", "The bridge", true=True)) == []


# --- strategies that never read the article --------------------------------------------------------


def test_no_reading_strategies_score_copied_claims_and_lone_true_options():
    copied = claim(
        "Mayor Jane Doherty said the repairs would cost $4 million.",
        "Mayor Jane",
        true=True,
    )
    numbered = claim("The bridge opened in 1931.", "The bridge opened", true=False)
    lone = question(
        "single_choice",
        "When did the bridge open?",
        "The bridge opened",
        right=("1921",),
        wrong=("1931", "1911"),
    )
    strategies = Strategies()
    strategies.add([copied, numbered, lone], ARTICLE)
    assert strategies.scores() == {
        "tf_word_for_word": 1.0,
        "tf_number_means_false": 0.5,
        "sc_only_option_in_article": 1.0,
    }


def test_a_range_of_percentages_is_a_percentage_by_its_form():
    """Read alone, the recogniser splits a made-up "4.5% to 4.75%" into two entities or none."""
    assert form_kind("4.5% to 4.75%") == "PERCENT"
    assert form_kind("2 per cent to 3 per cent") == "PERCENT"
    assert form_kind("5 to 6") == "OTHER"

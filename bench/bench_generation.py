"""Measure question generation: the seed article after warm-up, then synthetic articles of 1, 10, 100
and 1000 KB made of the test articles' paragraphs, and the time growth per doubling of length.

A 1 KB text is five or six paragraphs, so which ones it holds changes its cost per character by half
(an interview's long quotes against a list of figures). Each size is therefore timed over several
texts that start at paragraphs spread evenly through the articles (24 texts of 1 KB, 8 of 10 KB,
2 of 100 KB, 1 of 1,000 KB) and the mean is reported: sizes then differ in length, not in kind.

It also prints what loading the trained English pipeline costs a process, once: the seconds and the
resident memory it adds (VmRSS before and after, from /proc/self/status; the process had already
imported spaCy and the generator, which the "before" figure includes).

The test articles hold about 33 KB, so the 100 KB texts repeat each paragraph about three times, and
the generator reads a repeated sentence with the pipeline only once. To say what a text without
repeats costs, the pipeline is also timed reading every sentence of one 100 KB text.

Run: .venv/bin/python bench/bench_generation.py [--pipeline NAME] [--max-kb 100]
Linear time means a growth factor near 2.0 per doubling (x10 in length ~ x10 in time).
"""

from __future__ import annotations

import argparse
import math
import platform
import sys
import time
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def resident_mb() -> float:
    """This process's resident memory (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return math.nan


# Before spaCy and the generator are imported: what the pipeline costs a process in all.
BARE_MB = resident_mb()

from quiz.generation import DEFAULT_PIPELINE, generate_questions  # noqa: E402
from quiz.generation.pipeline import load_pipeline  # noqa: E402
from quiz.generation.sentences import split_sentences  # noqa: E402

SEED = ROOT / "seeds" / "000_a9b9f1929027771f.txt"
ARTICLES = sorted((ROOT / "tests" / "articles").glob("*.txt"))
SIZES_KB = (1, 10, 100, 1000)


WINDOWS = {1: 24, 10: 8, 100: 2, 1000: 1}


@cache
def paragraphs() -> tuple[str, ...]:
    return tuple(
        line
        for p in [SEED, *ARTICLES]
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )


def synthetic(size_kb: int, start: int = 0) -> str:
    """Whole paragraphs of the test articles from the `start`-th on, repeated, up to the size."""
    lines = paragraphs()
    out: list[str] = []
    total, i = 0, start
    while total < size_kb * 1000:
        out.append(lines[i % len(lines)])
        total += len(out[-1]) + 1
        i += 1
    return "\n".join(out)


def timed_size(
    size_kb: int, pipeline: str = DEFAULT_PIPELINE
) -> tuple[float, float, float]:
    """Mean seconds, mean characters and mean questions over the size's texts."""
    count = len(paragraphs())
    windows = WINDOWS[size_kb]
    texts = [
        synthetic(size_kb, start=round(k * count / windows)) for k in range(windows)
    ]
    runs = [timed(text, pipeline, repeat=2 if size_kb < 1000 else 1) for text in texts]
    return (
        sum(seconds for seconds, _ in runs) / windows,
        sum(len(text) for text in texts) / windows,
        sum(questions for _, questions in runs) / windows,
    )


def timed(
    text: str, pipeline: str = DEFAULT_PIPELINE, *, repeat: int = 1
) -> tuple[float, int]:
    best, count = math.inf, 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = len(generate_questions(text=text, seed=0, pipeline=pipeline))
        best = min(best, time.perf_counter() - start)
    return best, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pipeline", default=DEFAULT_PIPELINE)
    parser.add_argument("--max-kb", type=int, default=max(SIZES_KB))
    options = parser.parse_args()
    before = resident_mb()
    start = time.perf_counter()
    load_pipeline(options.pipeline)
    print(
        f"python {platform.python_version()} on {platform.machine()}, pipeline {options.pipeline}: "
        f"loaded in {time.perf_counter() - start:.2f} s, +{resident_mb() - before:.0f} MB resident "
        f"({resident_mb():.0f} MB in all; {BARE_MB:.0f} MB before spaCy and the generator were "
        "imported)"
    )
    seed = SEED.read_text(encoding="utf-8")
    start = time.perf_counter()
    generate_questions(text=seed, seed=0, pipeline=options.pipeline)
    print(f"first generation after loading: {time.perf_counter() - start:.2f} s")
    seconds, count = timed(seed, options.pipeline, repeat=5)
    print(
        f"seed article {len(seed):,} chars: {seconds * 1000:.0f} ms, {count} questions"
    )
    previous: tuple[float, float] | None = None
    for size in (s for s in SIZES_KB if s <= options.max_kb):
        seconds, chars, count = timed_size(size, options.pipeline)
        growth = ""
        if previous:
            doublings = math.log2(chars / previous[0])
            growth = f", growth per doubling x{(seconds / previous[1]) ** (1 / doublings):.2f}"
        print(
            f"{size:>5} KB ({chars:>11,.0f} chars, mean of {WINDOWS[size]}): {seconds:7.3f} s, "
            f"{count:.0f} questions{growth}"
        )
        previous = (chars, seconds)
    every_sentence(options.pipeline, min(100, options.max_kb))
    print(f"resident memory at the end: {resident_mb():.0f} MB")


def every_sentence(pipeline: str, size_kb: int) -> None:
    """The pipeline alone on every sentence of one text, repeated ones too: what a text of that size
    with no repeated sentence adds over the benchmark's."""
    sentences = [s.text for s in split_sentences(synthetic(size_kb))]
    nlp = load_pipeline(pipeline)
    start = time.perf_counter()
    for _ in nlp.pipe(sentences, batch_size=256):
        pass
    print(
        f"pipeline alone, every sentence of a {size_kb} KB text ({len(sentences)}, of which "
        f"{len(set(sentences))} distinct): {time.perf_counter() - start:.2f} s"
    )


if __name__ == "__main__":
    main()

"""Measure question generation: the seed article after warm-up, then synthetic articles of 1, 10, 100
and 1000 KB made by concatenating the test articles, and the time growth per doubling of length.

Run: .venv/bin/python bench/bench_generation.py
Linear time means a growth factor near 2.0 per doubling (x10 in length ~ x10 in time).
"""

from __future__ import annotations

import math
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.generation import generate_questions  # noqa: E402

SEED = ROOT / "seeds" / "000_a9b9f1929027771f.txt"
ARTICLES = sorted((ROOT / "tests" / "articles").glob("*.txt"))
SIZES_KB = (1, 10, 100, 1000)


def synthetic(size_kb: int) -> str:
    """Whole paragraphs of the test articles, repeated, cut at a line break near the size."""
    lines = [
        line
        for p in [SEED, *ARTICLES]
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    out: list[str] = []
    total, i = 0, 0
    while total < size_kb * 1000:
        out.append(lines[i % len(lines)])
        total += len(out[-1]) + 1
        i += 1
    return "\n".join(out)


def timed(text: str, *, repeat: int = 1) -> tuple[float, int]:
    best, count = math.inf, 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = len(generate_questions(text=text, seed=0))
        best = min(best, time.perf_counter() - start)
    return best, count


def main() -> None:
    start = time.perf_counter()
    seed = SEED.read_text(encoding="utf-8")
    generate_questions(text=seed, seed=0)
    print(
        f"python {platform.python_version()} on {platform.machine()}, cold first call (spaCy load): {time.perf_counter() - start:.2f} s"
    )
    seconds, count = timed(seed, repeat=5)
    print(
        f"seed article {len(seed):,} chars: {seconds * 1000:.0f} ms, {count} questions"
    )
    previous: tuple[int, float] | None = None
    for size in SIZES_KB:
        text = synthetic(size)
        seconds, count = timed(text, repeat=3 if size < 1000 else 1)
        growth = ""
        if previous:
            doublings = math.log2(len(text) / previous[0])
            growth = f", growth per doubling x{(seconds / previous[1]) ** (1 / doublings):.2f}"
        print(
            f"{size:>5} KB ({len(text):>9,} chars): {seconds:7.3f} s, {count} questions{growth}"
        )
        previous = (len(text), seconds)


if __name__ == "__main__":
    main()

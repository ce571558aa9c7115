"""Write the generator's questions for the seed and every test article, one readable Markdown file
per text (the article, then each question with its options, explanation and citation), for a
teacher to grade them one by one (docs/grades/).

    .venv/bin/python bench/print_questions.py OUTDIR
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.generation import generate_questions  # noqa: E402


def as_markdown(name: str, text: str) -> str:
    questions = generate_questions(text=text)
    lines = [f"# {name}: {len(questions)} questions", "", "## The article", "", text]
    lines += ["", "## Questions", ""]
    for number, q in enumerate(questions, 1):
        lines.append(f"### Q{number} [{q.kind} / {q.rule}]")
        lines.append(f"Prompt: {q.prompt}")
        for choice in q.choices:
            lines.append(
                f"  {'(RIGHT)' if choice.correct else '(wrong)'} {choice.text}"
            )
        if q.answer is not None and not q.choices:
            lines.append(f"  Answer: {q.answer}")
        lines.append(f"Explanation: {q.explanation}")
        lines.append(
            f"Citation [{q.citation.start}-{q.citation.end}]: {q.citation.quote}"
        )
        if q.review:
            lines.append(f"Review notes: {'; '.join(q.review)}")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    texts = {"seed": ROOT / "seeds" / "000_a9b9f1929027771f.txt"}
    texts |= {p.stem: p for p in sorted((ROOT / "tests" / "articles").glob("*.txt"))}
    for name, path in texts.items():
        (out / f"{name}.md").write_text(
            as_markdown(name, path.read_text(encoding="utf-8")), encoding="utf-8"
        )
        print(name)


if __name__ == "__main__":
    main()

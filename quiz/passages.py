"""Article text as students see it: paragraphs with their offsets, and cited words highlighted.

Highlights are built on the server, from Python string offsets (code points), by escaping each
segment of text and joining them with our own <mark> tags; never by escaping after inserting tags.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Paragraph:
    number: int
    start: int
    end: int
    html: SafeString


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence, from the generator's sentence splitter."""
    # Imported here: the splitter loads spaCy, which only saving an article needs.
    from quiz.generation import split_sentences

    return [(sentence.start, sentence.end) for sentence in split_sentences(text)]


def paragraphs(
    text: str, *, highlight: tuple[int, int] | None = None
) -> list[Paragraph]:
    """The text's non-empty lines, with the highlighted span (if any) wrapped in <mark id="cited">.

    A span that crosses paragraphs is marked in each of them; only the first mark carries the id.
    """
    result, offset, anchored = [], 0, False
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        html: SafeString = escape(line)
        if highlight and highlight[0] < end and highlight[1] > start:
            mark_start, mark_end = (
                max(highlight[0], start) - start,
                min(highlight[1], end) - start,
            )
            html = mark_span(
                line, mark_start, mark_end, mark_id=None if anchored else "cited"
            )
            anchored = True
        result.append(
            Paragraph(number=len(result) + 1, start=start, end=end, html=html)
        )
    return result


def mark_span(
    text: str, start: int, end: int, *, mark_id: str | None = None
) -> SafeString:
    """`text` escaped, with text[start:end] inside a <mark>."""
    if mark_id:
        opening = format_html('<mark id="{}" tabindex="-1">', mark_id)
    else:
        opening = mark_safe("<mark>")
    return format_html(
        "{}{}{}</mark>{}",
        escape(text[:start]),
        opening,
        escape(text[start:end]),
        escape(text[end:]),
    )


def parse_span(value: str | None, *, length: int) -> tuple[int, int] | None:
    """A "start-end" pair from a URL, or None when it is not a valid span of a text this long."""
    match = re.fullmatch(r"([0-9]{1,9})-([0-9]{1,9})", value or "")
    if not match:
        return None
    start, end = int(match[1]), int(match[2])
    if not 0 <= start < end <= length:
        return None
    return start, end

"""Article text -> checked input -> sentences with offsets -> sentences read by the trained pipeline.

Citations are offsets into the text exactly as stored, so sentences keep Python string offsets and are
never normalised. Splitting uses spaCy's blank English sentencizer (fast, no model: the article page
splits with it too, and must agree with the generator's citations), fixed for news prose: paragraphs
are hard boundaries, abbreviations such as "Mr." or "U.S." do not end a sentence, and an opening quote
mark belongs to the next sentence. Each sentence is then read by the trained pipeline (parts of speech,
dependencies, named entities, lemmas), whose annotations the fact rules read instead of word lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language

from .records import GenerationError, Sentence, words

MAX_CHARS = 2_000_000
PARAGRAPH_CHARS = 200_000

_HTML_TAG = re.compile(
    r"</?(?:html|head|body|p|div|span|a|br|script|style|h[1-6]|li|ul|ol|table|tr|td|meta|link|img)\b[^>]*>",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LETTER = re.compile(r"[^\W\d_]")
ABBREVIATIONS = words(
    "mr mrs ms dr prof st sr jr gen col lt sgt capt rep sen gov rev no vs etc inc ltd co corp jan feb "
    "mar apr jun jul aug sep sept oct nov dec e.g i.e u.s u.k u.n a.m p.m"
)
_OPENING_QUOTES = frozenset("“‘")
VERB_WORDS = words(
    "is are was were be been being am has have had do does did will would can could shall should may "
    "might must said says say told tells tell won wins lost beat scored hit set rose fell cut kept "
    "met led became become went came got put ran saw found held left began showed shows include "
    "includes remain remains expects expect plans plan adds wants want needs need leads calls believe "
    "believes think thinks know knew made makes make gave gives give took takes take won't can't "
    "isn't wasn't didn't doesn't don't aren't weren't hasn't haven't fired reported approved signed "
    "unveiled announced confirmed consider considers outweigh outweighs aimed"
)
_WORD = re.compile(r"[^\W\d_][\w’'-]*")


@dataclass(frozen=True, slots=True)
class Token:
    """A spaCy token reduced to what the fact rules read, with offsets into the full text.

    `pos` and `tag` are the tagger's (universal and Penn), `dep` and `head` (an index into the
    sentence's tokens) the parser's, `entity` the named-entity label the token is part of ("" if none).
    """

    text: str
    start: int
    end: int
    space_after: bool
    pos: str = ""
    tag: str = ""
    dep: str = ""
    head: int = 0
    lemma: str = ""
    entity: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity the pipeline found: `label` is spaCy's (PERSON, ORG, GPE, DATE, MONEY...)."""

    label: str
    text: str
    start: int
    end: int
    first_token: int
    last_token: int


@dataclass(frozen=True, slots=True)
class ParsedSentence:
    sentence: Sentence
    tokens: tuple[Token, ...]
    entities: tuple[Entity, ...] = ()

    def has_verb(self) -> bool:
        return any(t.pos in {"VERB", "AUX"} for t in self.tokens)


# Relations naming who or what a verb's clause is about.
SUBJECTS = frozenset(["nsubj", "nsubjpass", "csubj", "expl"])


def span_roots(tokens: tuple[Token, ...], start: int, end: int) -> list[Token]:
    """The tokens between the offsets `start` and `end` whose head lies outside them: a name's
    root (by the parse), or its roots when the parse splits it."""
    return [
        t
        for t in tokens
        if start <= t.start < end and not start <= tokens[t.head].start < end
    ]


def series_of(tokens: tuple[Token, ...], at: int) -> list[int]:
    """The positions of the items of the series the token at `at` stands in, by the parse ("Lime,
    Dott and Tier": each joined to the first by "conj"), in order; [at] when it stands alone."""
    first = at
    while tokens[first].dep == "conj" and tokens[first].head != first:
        first = tokens[first].head
    items = {first}
    while grown := {
        k
        for k, t in enumerate(tokens)
        if t.dep == "conj" and t.head in items and k not in items
    }:
        items |= grown
    return sorted(items)


def subtree(tokens: tuple[Token, ...], root: int) -> list[int]:
    """The positions of the tokens that depend on `root`, directly or not, and `root` itself, in
    order (by following heads up; a loop the parse should not have stops after a sentence's
    length)."""
    found = []
    for position in range(len(tokens)):
        at, steps = position, 0
        while at != root and tokens[at].head != at and steps < len(tokens):
            at, steps = tokens[at].head, steps + 1
        if at == root:
            found.append(position)
    return found


def validate_text(*, text: object) -> str:
    """Refuse input no teacher meant as an article, with a message saying what is wrong."""
    if not isinstance(text, str):
        raise GenerationError(
            "The article must be text (a string), not " + type(text).__name__ + "."
        )
    if not text.strip():
        raise GenerationError("The article is empty: paste the article's text.")
    if len(text) > MAX_CHARS:
        raise GenerationError(
            f"The article is too long ({len(text):,} characters); the limit is {MAX_CHARS:,}. "
            "Split it into several articles."
        )
    if "\x00" in text or len(_CONTROL.findall(text[:100_000])) > 10:
        raise GenerationError(
            "The text contains binary data (control or NUL bytes): is this a text file?"
        )
    if len(_HTML_TAG.findall(text[:200_000])) >= 3:
        raise GenerationError(
            "The text looks like HTML. Paste the article's plain text (one paragraph per line) "
            "so that citations point at the words a student reads."
        )
    return text


@lru_cache(maxsize=1)
def _splitter() -> Language:
    """One blank English pipeline per process, built on first use, that only splits sentences."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = PARAGRAPH_CHARS + 1
    return nlp


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """Lines are paragraphs; long lines are cut at a space so the tokenizer's limit is never hit."""
    found: list[tuple[int, str]] = []
    for match in re.finditer(r"[^\n]+", text):
        start, line = match.start(), match.group()
        while len(line) > PARAGRAPH_CHARS:
            cut = line.rfind(" ", 0, PARAGRAPH_CHARS) + 1 or PARAGRAPH_CHARS
            found.append((start, line[:cut]))
            start, line = start + cut, line[cut:]
        if line.strip():
            found.append((start, line))
    return found


def _ends_with_abbreviation(tokens: list[Token]) -> bool:
    last = tokens[-1].text.lower().rstrip(".")
    if tokens[-1].text.endswith(".") and last in ABBREVIATIONS:
        return True
    if len(tokens) >= 2 and tokens[-1].text == ".":
        previous = tokens[-2].text.lower()
        return previous in ABBREVIATIONS or (len(previous) == 1 and previous.isalpha())
    return False


def _attributed_after(tokens: list[Token], following: list[Token]) -> bool:
    """ "“We pulled it off!” said Peter Berdowski, …": a quote ending in "!" or "?" and the
    lowercase attribution after it are one sentence, not a quote and a fragment."""
    marks = [t.text for t in tokens[-2:]]
    return (
        marks[-1] in "!?" or (marks[-1] in '"”' and marks[:1] in (["!"], ["?"]))
    ) and following[0].text[:1].islower()


def _opens_quote(tokens: list[Token]) -> bool:
    """The sentence's last token is a quote mark that opens the next sentence's quotation."""
    last = tokens[-1].text
    if last in _OPENING_QUOTES:
        return True
    straight = sum(t.text == '"' for t in tokens)
    return last == '"' and straight % 2 == 1 and tokens[-2].space_after


def _split(text: str) -> list[tuple[Sentence, list[Token]]]:
    """The sentences, each with the splitter's tokens (which only the boundary fixes read)."""
    paragraphs = _paragraphs(text)
    parsed: list[tuple[Sentence, list[Token]]] = []
    docs = _splitter().pipe(line for _, line in paragraphs)
    for paragraph_index, ((offset, _line), doc) in enumerate(
        zip(paragraphs, docs, strict=True)
    ):
        groups: list[list[Token]] = []
        for sent in doc.sents:
            tokens = [
                Token(
                    t.text,
                    offset + t.idx,
                    offset + t.idx + len(t.text),
                    bool(t.whitespace_),
                )
                for t in sent
                if not t.is_space
            ]
            if not tokens:
                continue
            if groups and (
                _ends_with_abbreviation(groups[-1])
                or _attributed_after(groups[-1], tokens)
            ):
                groups[-1].extend(tokens)
                continue
            groups.append(tokens)
        for i in range(len(groups) - 1):
            while len(groups[i]) > 1 and _opens_quote(groups[i]):
                groups[i + 1].insert(0, groups[i].pop())
        for tokens in groups:
            start, end = tokens[0].start, tokens[-1].end
            sentence = Sentence(
                start, end, text[start:end], paragraph_index, len(parsed)
            )
            parsed.append((sentence, tokens))
    return parsed


def split_sentences(text: str) -> list[Sentence]:
    """The article's sentences, in order, each with its offsets and paragraph number."""
    validate_text(text=text)
    return [sentence for sentence, _ in _split(text)]


def _read(sentence: Sentence, doc: spacy.tokens.Doc) -> ParsedSentence:
    offset = sentence.start
    kept = [t for t in doc if not t.is_space]
    position = {t.i: n for n, t in enumerate(kept)}
    tokens = tuple(
        Token(
            t.text,
            offset + t.idx,
            offset + t.idx + len(t.text),
            bool(t.whitespace_),
            t.pos_,
            t.tag_,
            t.dep_,
            position.get(t.head.i, n),
            t.lemma_,
            t.ent_type_,
        )
        for n, t in enumerate(kept)
    )
    entities = tuple(
        Entity(
            e.label_,
            e.text,
            offset + e.start_char,
            offset + e.end_char,
            position.get(e.start, 0),
            position.get(e.end - 1, len(kept) - 1),
        )
        for e in doc.ents
        if e.text.strip()
    )
    return ParsedSentence(sentence, tokens, entities)


def _moved(first: ParsedSentence, sentence: Sentence) -> ParsedSentence:
    """A repeated sentence read as its first occurrence was, at its own offsets."""
    shift = sentence.start - first.sentence.start
    tokens = tuple(
        Token(
            t.text,
            t.start + shift,
            t.end + shift,
            t.space_after,
            t.pos,
            t.tag,
            t.dep,
            t.head,
            t.lemma,
            t.entity,
        )
        for t in first.tokens
    )
    entities = tuple(
        Entity(
            e.label, e.text, e.start + shift, e.end + shift, e.first_token, e.last_token
        )
        for e in first.entities
    )
    return ParsedSentence(sentence, tokens, entities)


def parse_sentences(*, text: str, nlp: Language) -> list[ParsedSentence]:
    """Split into sentences and read each with the trained pipeline `nlp`.

    Each sentence is read on its own, so the parser's sentences are exactly the splitter's and every
    token's offsets are the sentence's offset plus spaCy's. The pipeline is most of the cost of
    generating, and reading a sentence on its own gives the same annotations wherever it stands, so
    a sentence the text repeats (a standfirst, a sign-off, a pasted paragraph) is read once.
    """
    sentences = [sentence for sentence, _ in _split(text)]
    distinct = list(dict.fromkeys(s.text for s in sentences))
    docs = nlp.pipe(distinct, batch_size=256)
    first: dict[str, ParsedSentence] = {}
    parsed = []
    for sentence in sentences:
        if sentence.text in first:
            parsed.append(_moved(first[sentence.text], sentence))
        else:
            first[sentence.text] = _read(sentence, next(docs))
            parsed.append(first[sentence.text])
    return parsed


def is_complete(sentence_text: str) -> bool:
    """A sentence shaped to be cited: it ends like a sentence, has balanced quotes and brackets, and is
    mostly words. Whether it has a verb is the tagger's call (`ParsedSentence.has_verb`)."""
    stripped = sentence_text.rstrip("”’\"') ")
    if not stripped or stripped[-1] not in ".!?":
        return False
    if (
        sentence_text.count("“") + sentence_text.count("”") + sentence_text.count('"')
    ) % 2:
        return False
    if sentence_text.count("(") != sentence_text.count(")"):
        return False
    words = _WORD.findall(sentence_text)
    return len(words) >= 4 and len(_LETTER.findall(sentence_text)) >= 0.5 * len(
        sentence_text.replace(" ", "")
    )

"""The article in a saved or fetched web page: its text, headline, publisher and date.

trafilatura finds the article among the page's navigation, adverts and comments, and reads the
metadata (its date comes from htmldate). Both libraries download a page when handed a string that
looks like a web address, so they are only ever given a parsed tree: nothing here touches the
network, and what was fetched was fetched by `quiz.web.fetch` under its guards.
"""

import datetime
import re
from dataclasses import dataclass

import trafilatura
from lxml.html import HtmlElement

# A login page or a cookie wall still has a few words; an article has sentences.
MIN_CHARACTERS = 200
# The add form must be able to send the text back: its request may hold 1 MB
# (DATA_UPLOAD_MAX_MEMORY_SIZE), and a character can take 9 bytes once percent-encoded.
MAX_CHARACTERS = 100_000
# Control characters (a vertical tab from a word processor, say) that XML exports cannot carry.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


class NoArticleFound(Exception):
    """The page holds no article text; the message says so for the teacher."""


@dataclass(frozen=True)
class ExtractedArticle:
    title: str
    publisher: str
    published_on: datetime.date | None
    text: str
    url: str


def extract_article(
    page: bytes, *, charset: str | None = None, url: str = ""
) -> ExtractedArticle:
    """The article in an HTML page; `charset` as the web server declared it, if it did."""
    tree = _parse(page, charset)
    document = (
        trafilatura.bare_extraction(
            tree,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
        )
        if tree is not None
        else None
    )
    if document is None or len(document.text or "") < MIN_CHARACTERS:
        raise NoArticleFound(
            "No article text was found in this page. If it is the right page, it may need "
            "signing in or may build its text with JavaScript: open it in your browser, select "
            "the article's text, and paste it into a new article instead."
        )
    title = _one_line(document.title or "")[:300]
    text = _paragraphs(document.text, headline=title)
    if len(text) > MAX_CHARACTERS:
        raise NoArticleFound(
            f"The page's text is longer than {MAX_CHARACTERS:,} characters, far more than one "
            "article: it may be a whole book or a page of many articles. Open it in your "
            "browser, select the article's text, and paste it into a new article instead."
        )
    return ExtractedArticle(
        title=title,
        publisher=_one_line(document.sitename or "")[:200],
        published_on=_date(document.date),
        text=text,
        # A saved page often names its own address (its canonical link), which is worth keeping.
        url=url or _web_address(document.url),
    )


def _parse(page: bytes, charset: str | None) -> HtmlElement | None:
    if b"\x00" in page[:4096]:
        # A picture, a PDF or a word-processor file: lxml would read it as a page of noise.
        raise NoArticleFound(
            "This file is not a web page. Save the article from your browser as "
            "“Web page, HTML only” and upload that file."
        )
    if charset:
        try:
            return trafilatura.load_html(page.decode(charset, errors="replace"))
        except LookupError:
            pass  # a charset Python does not know: let the page's own declaration decide
    return trafilatura.load_html(page)


def _paragraphs(text: str, *, headline: str) -> str:
    """One paragraph per line, with one kind of line break (citations count characters), without
    the headline the extractor repeats as the first line (it is stored as the title)."""
    lines = [
        " ".join(CONTROL_CHARACTERS.sub("", line).split())
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    lines = [line for line in lines if line]
    if lines and headline and lines[0] == headline:
        lines = lines[1:]
    return "\n".join(lines)


def _web_address(value: str | None) -> str:
    return value if value and value.startswith(("https://", "http://")) else ""


def _one_line(text: str) -> str:
    return " ".join(CONTROL_CHARACTERS.sub("", text).split())


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None

"""Articles from web pages: fetch a teacher's link safely, and find the article in the page."""

from quiz.web.extract import ExtractedArticle, NoArticleFound, extract_article
from quiz.web.fetch import MAX_BYTES, FetchedPage, FetchRefused, fetch_page

__all__ = [
    "MAX_BYTES",
    "ExtractedArticle",
    "FetchRefused",
    "FetchedPage",
    "NoArticleFound",
    "extract_article",
    "fetch_page",
]

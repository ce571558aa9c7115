"""The teachers' forms in the admin: an article read from the web, a question bank to import, the
quiz to add questions to. The students' forms are in `quiz.forms`."""

from django import forms
from django.core.exceptions import ValidationError

from quiz.admin.labels import quiz_choice_label
from quiz.exchange import MAX_BYTES as MAX_BANK_BYTES
from quiz.exchange import too_large
from quiz.models import Quiz
from quiz.web import (
    MAX_BYTES,
    ExtractedArticle,
    FetchRefused,
    NoArticleFound,
    extract_article,
    fetch_page,
)


class ArticleFromWebForm(forms.Form):
    """A web address to read, or a page the teacher saved from their browser: one of the two."""

    url = forms.CharField(
        label="Web address",
        required=False,
        max_length=2000,
        # Not forms.URLField: its validator would refuse ftp:// and the like with "Enter a valid
        # URL", where the fetcher says what it reads and why.
        widget=forms.URLInput(attrs={"class": "vURLField"}),
        help_text="The address of the article's page, starting with https:// or http://.",
    )
    page = forms.FileField(
        label="Or a saved web page",
        required=False,
        help_text="For pages this server cannot read (behind a sign-in, say): in your browser, "
        "“Save page as…”, “Web page, HTML only”, then choose the file here "
        f"(up to {MAX_BYTES // 1_000_000} MB).",
    )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if url and "://" not in url:
            url = "https://" + url  # as typed into a browser's address bar
        return url

    def clean_page(self):
        page = self.cleaned_data["page"]
        if page and page.size > MAX_BYTES:
            raise ValidationError(
                f"This file is larger than {MAX_BYTES // 1_000_000} MB, more than an article "
                "needs. Save the page as “Web page, HTML only”, without its pictures."
            )
        return page

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.errors and bool(cleaned.get("url")) == bool(cleaned.get("page")):
            raise ValidationError(
                "Give either a web address or a saved page, not both."
                if cleaned.get("url")
                else "Give the address of the article's page, or choose a page you saved."
            )
        return cleaned

    def extracted_article(self) -> ExtractedArticle | None:
        """The article in the page (fetched or uploaded); None, with the reason added to the form,
        when the page cannot be fetched or holds no article."""
        url, page = self.cleaned_data["url"], self.cleaned_data["page"]
        try:
            if url:
                fetched = fetch_page(url)
                return extract_article(
                    fetched.body, charset=fetched.charset, url=fetched.url
                )
            return extract_article(page.read())
        except (FetchRefused, NoArticleFound) as error:
            self.add_error("url" if url else "page", str(error))
            return None


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Question bank file",
        help_text=f"Our JSON export, a Moodle GIFT file or a Moodle XML file (up to "
        f"{MAX_BANK_BYTES // 2**20} MB). Every question is checked first; if any is wrong, nothing is "
        "imported and each problem is listed.",
    )

    def clean_file(self):
        # Refused by its size before it is read into memory.
        file = self.cleaned_data["file"]
        if file.size > MAX_BANK_BYTES:
            raise ValidationError(too_large(file.size))
        return file


class AddToQuizForm(forms.Form):
    quiz = forms.ModelChoiceField(
        queryset=Quiz.objects.none(),
        help_text="Your own quizzes. The questions go at the end, each at most once.",
    )

    def __init__(self, *args, teacher, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only quizzes the teacher may change: the queryset also refuses a forged id.
        self.fields["quiz"].queryset = (
            Quiz.objects.editable_by(teacher).with_question_tally().order_by("title")
        )
        self.fields["quiz"].label_from_instance = quiz_choice_label

"""Articles from a web page: the guarded fetch, the extraction, and the teacher's admin page.

Pages come from tests/pages/ and from a local web server in a thread; loopback addresses are
allowed only in the tests that read from that server (`ARTICLE_FETCH_ALLOW_LOOPBACK`).
"""

import functools
import re
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from datetime import date
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from unittest import mock

import pytest
import urllib3
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from quiz.models import Article
from quiz.web import (
    MAX_BYTES,
    FetchRefused,
    NoArticleFound,
    extract_article,
    fetch_page,
)
from tests.factories import make_article, make_teacher

PAGES = Path(__file__).parent / "pages"
FERRY_FIRST_LINE = (
    "The harbour ferry will run through the night from 1 June, the town council said on "
    "Thursday, after a trial last summer carried 18,000 passengers between midnight and 5am."
)


class PageHandler(BaseHTTPRequestHandler):
    """Serves tests/pages/ and a few misbehaving addresses."""

    def do_GET(self) -> None:
        self.server.requests.append((self.path, self.headers.get("Host")))
        route = {
            "/moved": lambda: self.redirect("/harbour_ferry.html"),
            "/to-private": lambda: self.redirect("http://10.0.0.7/article"),
            "/to-metadata": lambda: self.redirect(
                "http://169.254.169.254/latest/meta-data/"
            ),
            "/to-ftp": lambda: self.redirect("ftp://files.example/article.html"),
            "/loop": lambda: self.redirect("/loop"),
            "/huge": self.huge,
            "/huge-declared": self.huge_declared,
            "/slow": self.slow,
            "/picture.png": lambda: self.send_body(
                b"\x89PNG\r\n\x1a\n" + bytes(500), "image/png"
            ),
            "/missing": lambda: self.send_error(404),
        }.get(self.path)
        if route:
            route()
            return
        page = PAGES / self.path.lstrip("/")
        if self.path.endswith(".html") and page.is_file():
            self.send_body(page.read_bytes(), "text/html; charset=utf-8")
        else:
            self.send_error(404)

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def send_body(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def huge(self) -> None:
        """More than the limit, with no length announced: only counting stops it."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        chunk = b"<p>" + b"word " * 20_000 + b"</p>"
        for _ in range(MAX_BYTES // len(chunk) + 10):
            self.wfile.write(chunk)

    def huge_declared(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(MAX_BYTES + 1))
        self.end_headers()

    def slow(self) -> None:
        """A byte every tenth of a second: no single read times out, the whole fetch must."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        for _ in range(100):
            self.wfile.write(b" ")
            self.wfile.flush()
            time.sleep(0.1)

    def log_message(self, format, *args) -> None:
        pass  # keep the test output clean


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # the fetcher hangs up on refused pages on purpose


class LocalWebServerMixin:
    """A web server on 127.0.0.1 for the class's tests, serving `PageHandler`."""

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.server = QuietServer(("127.0.0.1", 0), PageHandler)
        cls.server.requests = []
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)

    def setUp(self) -> None:
        super().setUp()
        self.server.requests.clear()

    def local_url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"


def resolving_to(*addresses: str):
    """DNS answering every name with these addresses, as a hostile DNS server might. (An address
    written as numbers is still itself: it needs no DNS.)"""
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host.replace(".", "").isdigit() or ":" in host:
            return real_getaddrinfo(host, port, *args, **kwargs)
        return [
            (
                socket.AF_INET6 if ":" in address else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (address, port),
            )
            for address in addresses
        ]

    return mock.patch("socket.getaddrinfo", side_effect=getaddrinfo)


class FetchRefusalTests(TestCase):
    """Each address a teacher's link must not make the server read, refused before connecting."""

    def assert_refused(self, url: str, reason: str) -> None:
        with mock.patch("socket.create_connection") as connect:
            try:
                fetch_page(url)
            except FetchRefused as refusal:
                assert reason in str(refusal), str(refusal)
            else:
                raise AssertionError(f"{url} was fetched")
        connect.assert_not_called()

    def test_only_http_and_https_addresses(self):
        for url in [
            "ftp://files.example/article.html",
            "file:///etc/passwd",
            "gopher://news.example/1",
            "javascript:alert(1)",
        ]:
            with self.subTest(url=url):
                self.assert_refused(
                    url, "Only web addresses starting with http:// or https://"
                )

    def test_addresses_that_are_not_addresses(self):
        self.assert_refused("https://news.example:port/", "is not a web address")
        self.assert_refused("https:///article", "names no web server")

    def test_a_name_resolving_to_a_private_loopback_or_link_local_address(self):
        for address in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.5",
            "192.168.1.10",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "::1",
            "fe80::1",
            "fc00::5",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "2002:a00:1::",  # 6to4 for 10.0.0.1
            "2002:a9fe:a9fe::",  # 6to4 for 169.254.169.254
        ]:
            with self.subTest(address=address), resolving_to(address):
                self.assert_refused(
                    "https://news.example/article", "inside a private network"
                )

    def test_a_name_with_one_private_address_among_public_ones(self):
        with resolving_to("93.184.215.14", "10.0.0.1"):
            self.assert_refused(
                "https://news.example/article", "inside a private network"
            )

    def test_addresses_written_as_numbers(self):
        for url in [
            "http://127.0.0.1/",
            "http://[::1]/",
            "http://169.254.169.254/latest/meta-data/",
            "http://2130706433/",
            "http://localhost:8000/admin/",
        ]:
            with self.subTest(url=url):
                self.assert_refused(url, "inside a private network")

    def test_a_name_that_does_not_resolve(self):
        with mock.patch(
            "socket.getaddrinfo", side_effect=socket.gaierror("no such name")
        ):
            self.assert_refused(
                "https://no-such-host.example/", "There is no web server called"
            )


@override_settings(ARTICLE_FETCH_ALLOW_LOOPBACK=True)
class FetchFromLocalServerTests(LocalWebServerMixin, TestCase):
    def test_reads_an_html_page(self):
        page = fetch_page(self.local_url("/harbour_ferry.html"))
        assert page.body == (PAGES / "harbour_ferry.html").read_bytes()
        assert page.charset == "utf-8"

    def test_follows_a_redirect_and_keeps_the_final_address(self):
        page = fetch_page(self.local_url("/moved"))
        assert page.url == self.local_url("/harbour_ferry.html")
        assert b"Harbour ferry" in page.body

    def test_connects_to_the_address_it_checked_not_a_second_answer(self):
        """DNS rebinding: a name that resolves to a permitted address when checked and to a private
        one a moment later must still be read from the checked address, with its own name."""
        answers = iter(["127.0.0.1", "10.0.0.1", "10.0.0.1"])
        port = self.server.server_port
        real_getaddrinfo = socket.getaddrinfo

        def rebinding_dns(host, port_, *args, **kwargs):
            if host != "news.example":  # an address written as numbers needs no DNS
                return real_getaddrinfo(host, port_, *args, **kwargs)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port_))]

        with mock.patch("socket.getaddrinfo", side_effect=rebinding_dns):
            page = fetch_page(f"http://news.example:{port}/harbour_ferry.html")
        assert b"Harbour ferry" in page.body
        assert self.server.requests == [("/harbour_ferry.html", f"news.example:{port}")]

    def test_international_names_and_unencoded_characters_are_sent_as_browsers_send_them(
        self,
    ):
        port = self.server.server_port
        with resolving_to("127.0.0.1"):
            page = fetch_page(f"http://bücher.example:{port}/harbour_ferry.html")
        assert b"Harbour ferry" in page.body
        with self.assertRaisesMessage(FetchRefused, "404"):
            fetch_page(self.local_url("/straße\x01 ferry.html?q=ä b"))
        assert self.server.requests == [
            ("/harbour_ferry.html", f"xn--bcher-kva.example:{port}"),
            ("/stra%C3%9Fe%01%20ferry.html?q=%C3%A4%20b", f"127.0.0.1:{port}"),
        ]

    def test_a_redirect_to_a_private_address_is_refused(self):
        for path, address in [
            ("/to-private", "10.0.0.7"),
            ("/to-metadata", "169.254.169.254"),
        ]:
            with (
                self.subTest(path=path),
                self.assertRaisesMessage(FetchRefused, address),
            ):
                fetch_page(self.local_url(path))

    def test_a_redirect_to_another_scheme_is_refused(self):
        with self.assertRaisesMessage(
            FetchRefused, "Only web addresses starting with http://"
        ):
            fetch_page(self.local_url("/to-ftp"))

    def test_endless_redirects_are_refused(self):
        with self.assertRaisesMessage(FetchRefused, "redirects more than 5 times"):
            fetch_page(self.local_url("/loop"))
        assert len(self.server.requests) == 6

    def test_a_body_larger_than_the_limit_is_refused(self):
        for path in ["/huge", "/huge-declared"]:
            with (
                self.subTest(path=path),
                self.assertRaisesMessage(FetchRefused, "larger than 5 MB"),
            ):
                fetch_page(self.local_url(path))

    @override_settings(ARTICLE_FETCH_SECONDS=1)
    def test_a_page_sent_too_slowly_is_given_up_at_the_time_limit(self):
        started = time.monotonic()
        with self.assertRaisesMessage(FetchRefused, "took longer than 1 seconds"):
            fetch_page(self.local_url("/slow"))
        assert time.monotonic() - started < 3

    def test_what_is_not_a_web_page_is_refused(self):
        with self.assertRaisesMessage(
            FetchRefused, "leads to image/png, not a web page"
        ):
            fetch_page(self.local_url("/picture.png"))

    def test_a_server_that_is_not_there(self):
        with socket.socket() as unused:
            unused.bind(("127.0.0.1", 0))
            port = unused.getsockname()[1]
        with self.assertRaisesMessage(FetchRefused, "127.0.0.1 did not answer"):
            fetch_page(f"http://127.0.0.1:{port}/article.html")

    def test_an_error_page_is_refused(self):
        with self.assertRaisesMessage(FetchRefused, "answered “404 Not Found”"):
            fetch_page(self.local_url("/missing"))


def self_signed_certificate(directory: str, name: str) -> tuple[str, str]:
    """A certificate and key for `name`, which nothing trusts unless told to."""
    certificate, key = f"{directory}/{name}.pem", f"{directory}/{name}.key"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", key, "-out", certificate, "-subj", f"/CN={name}",
            "-addext", f"subjectAltName=DNS:{name}",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return certificate, key


@override_settings(ARTICLE_FETCH_ALLOW_LOOPBACK=True)
class FetchOverHttpsTests(TestCase):
    """A local https server with a certificate for news.example, which DNS (mocked) places on
    127.0.0.1: the connection goes to the address, the certificate is checked for the name."""

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        directory = tempfile.mkdtemp()
        cls.addClassCleanup(subprocess.run, ["rm", "-r", directory], check=True)
        cls.certificate, key = self_signed_certificate(directory, "news.example")
        cls.server = QuietServer(("127.0.0.1", 0), PageHandler)
        cls.server.requests = []
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cls.certificate, key)
        cls.server.socket = context.wrap_socket(cls.server.socket, server_side=True)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)

    def url(self, host: str) -> str:
        return f"https://{host}:{self.server.server_port}/harbour_ferry.html"

    def trusting_the_test_certificate(self):
        return mock.patch(
            "urllib3.HTTPSConnectionPool",
            functools.partial(urllib3.HTTPSConnectionPool, ca_certs=self.certificate),
        )

    def test_reads_the_page_with_the_name_checked_against_the_certificate(self):
        with resolving_to("127.0.0.1"), self.trusting_the_test_certificate():
            page = fetch_page(self.url("news.example"))
        assert b"Harbour ferry" in page.body

    def test_a_certificate_for_another_name_is_refused(self):
        with (
            resolving_to("127.0.0.1"),
            self.trusting_the_test_certificate(),
            self.assertRaisesMessage(FetchRefused, "could not be verified"),
        ):
            fetch_page(self.url("other.example"))

    def test_a_certificate_nobody_vouches_for_is_refused(self):
        with (
            resolving_to("127.0.0.1"),
            self.assertRaisesMessage(FetchRefused, "could not be verified"),
        ):
            fetch_page(self.url("news.example"))


class LoopbackNeedsTheTestSettingTests(LocalWebServerMixin, TestCase):
    def test_the_local_server_is_refused_without_the_setting(self):
        with self.assertRaisesMessage(FetchRefused, "inside a private network"):
            fetch_page(self.local_url("/harbour_ferry.html"))
        assert self.server.requests == []


class ExtractionTests(TestCase):
    def test_the_article_without_menus_comments_or_footer(self):
        article = extract_article((PAGES / "harbour_ferry.html").read_bytes())
        assert article.title == "Harbour ferry to run all night from June, council says"
        assert article.publisher == "The Coastal Courier"
        assert article.published_on == date(2025, 3, 14)
        lines = article.text.split("\n")
        assert lines[0] == FERRY_FIRST_LINE
        assert lines[-1] == "The council will vote on the final timetable on 22 April."
        assert len(lines) == 5
        for boilerplate in ["Subscribe", "cookies", "Most read", "All rights reserved"]:
            assert boilerplate not in article.text

    def test_a_page_in_its_own_declared_encoding_with_structured_data(self):
        article = extract_article((PAGES / "library_reopens.html").read_bytes())
        assert article.title == "Central library reopens after two-year repair"
        assert article.publisher == "Valley Gazette"
        assert article.published_on == date(2024, 11, 2)
        assert "The café on the ground floor" in article.text
        assert "children’s section" in article.text
        assert "Great news, finally!" not in article.text  # readers' comments

    def test_text_has_one_kind_of_line_break_and_no_control_characters(self):
        page = (PAGES / "harbour_ferry.html").read_bytes().replace(b"\n", b"\r\n")
        page = page.replace(b"18,000 passengers", b"18,000\x0b passengers")
        text = extract_article(page).text
        assert "\r" not in text
        assert "\x0b" not in text
        assert text.split("\n")[0] == FERRY_FIRST_LINE

    def test_a_page_without_an_article(self):
        with self.assertRaisesMessage(NoArticleFound, "No article text was found"):
            extract_article((PAGES / "no_article.html").read_bytes())

    def test_a_page_longer_than_any_article(self):
        paragraphs = "".join(
            f"<p>Paragraph {n}: "
            + "the council met again to discuss the bridges. " * 20
            + "</p>"
            for n in range(120)
        )
        page = f"<html><body><article>{paragraphs}</article></body></html>"
        with self.assertRaisesMessage(NoArticleFound, "longer than 100,000 characters"):
            extract_article(page.encode())

    def test_a_file_that_is_not_a_web_page(self):
        with self.assertRaisesMessage(NoArticleFound, "This file is not a web page"):
            extract_article(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(2000))

    def test_a_page_that_is_only_a_web_address_is_never_downloaded(self):
        """htmldate downloads a string that looks like an address; extraction must not."""
        with (
            mock.patch("socket.getaddrinfo") as resolve,
            self.assertRaises(NoArticleFound),
        ):
            extract_article(b"http://169.254.169.254/latest/meta-data/")
        resolve.assert_not_called()


@override_settings(ARTICLE_FETCH_ALLOW_LOOPBACK=True)
class AdminFromWebTests(LocalWebServerMixin, TestCase):
    def setUp(self) -> None:
        super().setUp()
        self.teacher = make_teacher()
        self.client.force_login(self.teacher)
        self.page_url = reverse("admin:quiz_article_from_web")

    def save_prefilled_form(self, response) -> Article:
        """Submit the add form as the browser would: its pre-filled values, text with CRLF."""
        form = response.context["adminform"].form
        data = {
            name: "" if value is None else value
            for name, value in form.initial.items()
            if name in form.fields
        }
        data["text"] = data["text"].replace("\n", "\r\n")
        data["_save"] = "Save"
        saved = self.client.post(reverse("admin:quiz_article_add"), data)
        assert saved.status_code == HTTPStatus.FOUND, saved.context[
            "adminform"
        ].form.errors
        return Article.objects.latest("pk")

    def test_the_article_list_links_to_the_page(self):
        response = self.client.get(reverse("admin:quiz_article_changelist"))
        self.assertContains(response, f'href="{self.page_url}"')
        self.assertContains(response, "New article from a web page")

    def test_a_web_address_leads_to_the_filled_in_add_form_and_a_saved_article(self):
        response = self.client.post(
            self.page_url, {"url": self.local_url("/moved")}, follow=True
        )
        assert response.redirect_chain[-1][0].endswith("/add/?from_web=1")
        self.assertContains(response, "Check the text against the page before saving")
        self.assertContains(response, FERRY_FIRST_LINE)
        self.assertContains(
            response, 'value="Harbour ferry to run all night from June, council says"'
        )
        assert Article.objects.count() == 0  # nothing saved before the teacher says so

        article = self.save_prefilled_form(response)
        assert article.title == "Harbour ferry to run all night from June, council says"
        assert article.slug == "harbour-ferry-to-run-all-night-from-june-council-says"
        assert article.publisher == "The Coastal Courier"
        assert article.published_on == date(2025, 3, 14)
        assert article.url == self.local_url("/harbour_ferry.html")
        assert article.owner == self.teacher
        assert article.text.startswith(FERRY_FIRST_LINE + "\n")
        assert "\r" not in article.text
        again = self.client.get(reverse("admin:quiz_article_add") + "?from_web=1")
        self.assertNotContains(again, FERRY_FIRST_LINE)  # not offered twice

    def test_an_uploaded_page_leads_to_the_same_form(self):
        make_article(slug="central-library-reopens-after-two-year-repair")
        upload = SimpleUploadedFile(
            "library.html", (PAGES / "library_reopens.html").read_bytes(), "text/html"
        )
        response = self.client.post(self.page_url, {"page": upload}, follow=True)
        self.assertContains(response, "The café on the ground floor")
        article = self.save_prefilled_form(response)
        assert article.title == "Central library reopens after two-year repair"
        assert article.slug == "central-library-reopens-after-two-year-repair-2"
        assert article.publisher == "Valley Gazette"
        assert article.published_on == date(2024, 11, 2)
        assert (
            article.url
            == "https://valley-gazette.example/local/central-library-reopens"
        )
        assert article.owner == self.teacher
        assert self.server.requests == []

    def test_the_plain_add_form_stays_empty(self):
        self.client.post(self.page_url, {"url": self.local_url("/harbour_ferry.html")})
        response = self.client.get(reverse("admin:quiz_article_add"))
        self.assertNotContains(response, FERRY_FIRST_LINE)

    def assert_refused_with(self, data: dict, message: str) -> None:
        response = self.client.post(self.page_url, data)
        assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        self.assertContains(
            response, message, status_code=HTTPStatus.UNPROCESSABLE_ENTITY
        )
        assert "article_from_web" not in self.client.session
        assert Article.objects.count() == 0

    def test_each_refusal_is_explained_and_nothing_is_kept(self):
        cases = [
            (
                {},
                "Give the address of the article&#x27;s page, or choose a page you saved.",
            ),
            (
                {"url": "ftp://files.example/a.html"},
                "Only web addresses starting with http://",
            ),
            ({"url": self.local_url("/to-metadata")}, "169.254.169.254"),
            ({"url": self.local_url("/picture.png")}, "not a web page"),
            ({"url": self.local_url("/no_article.html")}, "No article text was found"),
            (
                {
                    "page": SimpleUploadedFile(
                        "photo.html", b"\xff\xd8\xff\xe0" + bytes(5000)
                    )
                },
                "This file is not a web page",
            ),
            (
                {"page": SimpleUploadedFile("huge.html", b"<p>" + b"a" * MAX_BYTES)},
                "This file is larger than 5 MB",
            ),
            (
                {
                    "url": self.local_url("/harbour_ferry.html"),
                    "page": SimpleUploadedFile("a.html", b"<p>text</p>"),
                },
                "Give either a web address or a saved page, not both.",
            ),
        ]
        for data, message in cases:
            with self.subTest(message=message):
                self.assert_refused_with(data, message)

    def test_an_address_without_a_scheme_is_read_as_https(self):
        with resolving_to("10.0.0.1"):
            response = self.client.post(self.page_url, {"url": "news.example/article"})
        self.assertContains(
            response,
            "news.example (10.0.0.1) is an address inside a private network",
            status_code=422,
        )

    def test_only_teachers_who_may_add_articles(self):
        viewer = make_teacher(username="viewer")
        viewer.groups.clear()
        self.client.force_login(viewer)
        assert self.client.get(self.page_url).status_code == HTTPStatus.FORBIDDEN
        response = self.client.post(
            self.page_url, {"url": self.local_url("/harbour_ferry.html")}
        )
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert self.server.requests == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_teacher_uploads_a_saved_page_and_saves_the_article_in_the_browser(
    live_server, page: Page
):
    """In Chromium, under the Content-Security-Policy: the list's button, the upload, the filled-in
    add form (its slug not overwritten by the admin's slug script) and the saved article."""
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    teacher = make_teacher()
    make_article(slug="harbour-ferry-to-run-all-night-from-june-council-says")
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(teacher.username)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + reverse("admin:quiz_article_changelist"))
    page.get_by_role("link", name="New article from a web page").click()
    page.get_by_label("Or a saved web page").set_input_files(
        PAGES / "harbour_ferry.html"
    )
    page.get_by_role("button", name="Read the article").click()

    expect(page.get_by_text("Check the text against the page")).to_be_visible()
    expect(page.get_by_label("Title:")).to_have_value(
        "Harbour ferry to run all night from June, council says"
    )
    expect(page.get_by_label("Slug:")).to_have_value(
        "harbour-ferry-to-run-all-night-from-june-council-says-2"
    )
    expect(page.get_by_label("Text:")).to_have_value(
        re.compile("^" + re.escape(FERRY_FIRST_LINE))
    )
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_text("was added successfully")).to_be_visible()
    article = Article.objects.get(
        slug="harbour-ferry-to-run-all-night-from-june-council-says-2"
    )
    assert article.text.startswith(FERRY_FIRST_LINE + "\n")
    assert "\r" not in article.text
    assert article.published_on == date(2025, 3, 14)
    assert violations == []

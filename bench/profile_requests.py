"""Time and profile single requests in-process, through the same WSGI application gunicorn runs.

    .venv/bin/python bench/profile_requests.py                 # µs per request, each endpoint
    .venv/bin/python bench/profile_requests.py --profile question --top 30

No server and no sockets: this shows where a request's own time goes (the part gunicorn's
`%(D)s` reports), quickly enough to try a change and see its effect. It uses the benchmark's
settings (production settings plus the bare view) on a temporary SQLite database with the seed.
`make bench` remains the measurement of record; this is the tool for finding what to change.
"""

import argparse
import cProfile
import io
import os
import pstats
import random
import secrets
import sys
import tempfile
import time
from collections import deque
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def configure(directory: Path, database_url: str | None = None) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_DEBUG="false",
        DJANGO_HTTPS="false",
        DATABASE_URL=database_url or f"sqlite:///{directory / 'db.sqlite3'}",
        BENCH_STATIC_ROOT=str(directory / "static"),
        LOG_LEVEL="ERROR",
    )


def environ(method: str, path: str, cookies: dict, body: bytes = b"", htmx=False):
    from io import BytesIO

    env = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": HOST,
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": HOST,
        "HTTP_HOST": f"{HOST}:8000",
        "HTTP_ACCEPT_ENCODING": "gzip",
        "HTTP_COOKIE": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "wsgi.input": BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "CONTENT_LENGTH": str(len(body)),
    }
    if body:
        env["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
    if htmx:
        env["HTTP_HX_REQUEST"] = "true"
    return env


class Endpoints:
    """Each endpoint as a function that makes one request and returns its status."""

    def __init__(self, answers_needed: int) -> None:
        from urllib.parse import urlencode

        from django.core import signing
        from django.core.wsgi import get_wsgi_application
        from django.middleware.csrf import _get_new_csrf_string

        from quiz.middleware import BROWSER_COOKIE, BROWSER_COOKIE_SALT
        from quiz.models import Attempt, Quiz

        self.app = get_wsgi_application()
        browser = secrets.token_urlsafe(16)
        csrf = _get_new_csrf_string()
        signer = signing.get_cookie_signer(salt=BROWSER_COOKIE + BROWSER_COOKIE_SALT)
        self.cookies = {BROWSER_COOKIE: signer.sign(browser), "csrftoken": csrf}
        quiz = (
            Quiz.objects.published()
            .with_question_count()
            .filter(question_count__gt=0)
            .first()
        )
        reading = Attempt.objects.start(quiz, browser_id=browser)
        finished = Attempt.objects.start(quiz, browser_id=browser)
        for position in range(1, finished.question_count + 1):
            question = finished.question_at(position)
            choices = finished.display_order(question)
            if question.kind == question.Kind.NUMERIC:
                finished.record_answer(question, number=Decimal(7))
            else:
                finished.record_answer(question, chosen=choices[:1])
        self.page_url = reading.question_url(1)
        self.results_url = finished.get_absolute_url()
        self.article_url = quiz.articles()[0].get_absolute_url()
        # Students answer every question in order with a random choice (or number), as in
        # make bench; each has a browser of their own, as the server allows 120 answers a
        # minute to one browser.
        rng = random.Random(0)
        self.answers = deque()
        while len(self.answers) < answers_needed:
            student = secrets.token_urlsafe(16)
            attempt = Attempt.objects.start(quiz, browser_id=student)
            cookies = {BROWSER_COOKIE: signer.sign(student), "csrftoken": csrf}
            for position in range(1, attempt.question_count + 1):
                question = attempt.question_at(position)
                data = {"csrfmiddlewaretoken": csrf}
                choices = attempt.display_order(question)
                if question.kind == question.Kind.NUMERIC:
                    data["number"] = str(rng.randint(1, 200))
                else:
                    data["choice"] = [rng.choice(choices).pk]
                body = urlencode(data, doseq=True).encode()
                self.answers.append((attempt.question_url(position), body, cookies))

    def request(self, method, path, body=b"", htmx=False, cookies=None) -> str:
        status = []
        chunks = self.app(
            environ(method, path, cookies or self.cookies, body, htmx),
            lambda s, headers, exc_info=None: status.append(s),
        )
        for _ in chunks:
            pass
        if hasattr(chunks, "close"):
            chunks.close()
        return status[0]

    def bare(self):
        return self.request("GET", "/bench/bare/")

    def question(self):
        return self.request("GET", self.page_url)

    def question_htmx(self):
        return self.request("GET", self.page_url, htmx=True)

    def answer(self):
        url, body, cookies = self.answers.popleft()
        return self.request("POST", url, body, htmx=True, cookies=cookies)

    def results(self):
        return self.request("GET", self.results_url)

    def article(self):
        return self.request("GET", self.article_url)


ENDPOINTS = ["bare", "question", "question_htmx", "answer", "results", "article"]


def print_by_package(stats: pstats.Stats, requests: int) -> None:
    """Own time (not including callees) summed per package, in µs per request, profiled."""
    totals: dict[str, float] = {}
    for (filename, _, _), (_, _, own, _, _) in stats.stats.items():
        path = filename.replace(os.sep, "/")
        if "/site-packages/" in path:
            parts = path.split("/site-packages/")[1].split("/")
            package = "/".join(parts[:2]) if len(parts) > 2 else parts[0]
        elif path.startswith(str(ROOT)):
            package = str(Path(path).relative_to(ROOT))
        elif path.startswith("~") or path.startswith("{") or "<" in path:
            package = "(built-in)"
        else:
            package = "python stdlib"
        totals[package] = totals.get(package, 0.0) + own
    for package, seconds in sorted(totals.items(), key=lambda item: -item[1])[:30]:
        print(f"{seconds / requests * 1e6:8.1f} µs  {package}")


def time_the_parts(spent: dict[str, float]) -> None:
    """Wrap the big steps of the student views in timers that add up into `spent` (seconds)."""
    from quiz import views
    from quiz.models import attempts

    def timed(part: str, function):
        def timed_function(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[part] = spent.get(part, 0.0) + time.perf_counter() - started

        return timed_function

    views.render = timed("template, rendered", views.render)
    views.answer_form = timed("answer form", views.answer_form)
    attempts.AttemptQuerySet.owned = timed(
        "attempt read", attempts.AttemptQuerySet.owned
    )
    attempts.Attempt.stored_response = timed(
        "stored answer read", attempts.Attempt.stored_response
    )
    attempts.Attempt.record_answer = timed(
        "answer recorded", attempts.Attempt.record_answer
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1000, help="per round")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds per endpoint; the fastest counts"
    )
    parser.add_argument("--profile", choices=ENDPOINTS, help="cProfile one endpoint")
    parser.add_argument(
        "--only", choices=ENDPOINTS, nargs="+", help="time these endpoints (and bare)"
    )
    parser.add_argument(
        "--parts",
        action="store_true",
        help="also time the template, the reads and the write inside each request",
    )
    parser.add_argument(
        "--database-url",
        help="an empty PostgreSQL database to use instead of a temporary SQLite file "
        "(it is migrated and seeded): bench/postgres.sh start prints one",
    )
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--by-package",
        action="store_true",
        help="with --profile: own time summed by package (django.template, quiz, ...)",
    )
    parser.add_argument(
        "--callees",
        help="with --profile: what this function (a regex) calls, and its cost",
    )
    parser.add_argument(
        "--sort", default="cumulative", choices=["cumulative", "tottime"]
    )
    args = parser.parse_args()

    directory = Path(tempfile.mkdtemp(prefix="factquiz-profile-"))
    configure(directory, args.database_url)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("load_seeds", verbosity=0, stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)
    endpoints = Endpoints(answers_needed=args.requests * (args.rounds + 1) + 100)

    names = [args.profile] if args.profile else ENDPOINTS
    if args.only:
        names = ["bare", *[name for name in args.only if name != "bare"]]
    times, parts = {}, {}
    spent: dict[str, float] = {}
    if args.parts:
        time_the_parts(spent)
    for name in names:
        call = getattr(endpoints, name)
        for _ in range(50):  # warm: caches, compiled templates, connections
            status = call()
        if not status.startswith(("200", "302")):
            raise SystemExit(f"{name}: {status}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.requests):
                call()
            profiler.disable()
            stats = pstats.Stats(profiler).sort_stats(args.sort)
            if args.callees:
                stats.print_callees(args.callees)
            elif args.by_package:
                print_by_package(stats, args.requests)
            else:
                stats.print_stats(args.top)
            continue
        rounds = []
        for _ in range(args.rounds):
            spent.clear()
            started = time.perf_counter()
            for _ in range(args.requests):
                call()
            rounds.append((time.perf_counter() - started) / args.requests * 1e6)
            if rounds[-1] == min(rounds):
                parts[name] = {
                    part: seconds / args.requests * 1e6
                    for part, seconds in spent.items()
                }
        times[name] = min(rounds)
    if times:
        bare = times.get("bare")
        for name, micros in times.items():
            ratio = f"  bare/endpoint {bare / micros:.2f}" if bare else ""
            print(f"{name:>14}: {micros:7.0f} µs{ratio}")
            for part, part_micros in parts.get(name, {}).items():
                print(f"{'':>16}{part_micros:7.0f} µs  {part}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

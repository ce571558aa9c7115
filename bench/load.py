"""Play N students through a quiz against a running server and measure what it holds.

Each student is a thread with its own cookies (its browser id and CSRF token) and one keep-alive
connection. It starts an attempt, then for every question loads it (the full page first, then
the fragment htmx asks for on "Next question") and answers it as htmx does (HX-Request and
X-CSRFToken headers); after the last question it starts again. Between two answers a student waits
`--think` seconds (counted from the previous answer), so that it stays under the server's limit of
answers per browser (120 a minute), as a person would.

Prints answers per second, latency percentiles and errors by status, and writes the same as JSON
to bench/results/. Only servers on this machine: the URL's host must be in 127.0.0.0/8, localhost
or ::1. Bounded by --students and --duration (and a timeout on every request).

    .venv/bin/python bench/load.py http://127.0.0.1:8000 --students 50 --duration 30 --label sqlite
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import os
import platform
import random
import re
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

RESULTS = Path(__file__).resolve().parent / "results"
QUIZ_SLUG = "landmines-missiles-ottawa-convention"
MAX_STUDENTS = 2000
MAX_DURATION = 600  # seconds
REQUEST_TIMEOUT = 30  # seconds

CHOICE_INPUT = re.compile(
    r'<input type="(radio|checkbox)" name="choice" id="[^"]*" value="(\d+)"'
)
FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
QUESTION_OF = re.compile(r"Question (\d+) of (\d+)")
VERDICT = re.compile(r'<h2 class="verdict"')
ATTEMPT_PATH = re.compile(r"^/attempts/[0-9a-f-]{36}/questions/1/$")


class Refused(Exception):
    pass


def loopback_only(url: str) -> tuple[str, int]:
    """The host and port of a server on this machine; anything else is refused."""
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise Refused(f"{url!r}: give an http:// URL of a server on this machine")
    host = parts.hostname
    if host != "localhost":
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            raise Refused(
                f"{host!r} is not a loopback address (127.0.0.0/8, localhost or ::1)"
            ) from None
        if not address.is_loopback:
            raise Refused(
                f"{host} is not a loopback address (127.0.0.0/8, localhost or ::1)"
            )
    return host, parts.port or 80


@dataclass
class Stats:
    """What every student saw, gathered under one lock."""

    answer_ms: list[float] = field(default_factory=list)
    page_ms: list[float] = field(default_factory=list)
    start_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    answers: int = 0
    attempts_finished: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, ms: float) -> None:
        with self.lock:
            getattr(self, f"{kind}_ms").append(ms)
            if kind == "answer":
                self.answers += 1

    def error(self, what: str | int) -> None:
        with self.lock:
            self.errors[str(what)] += 1


class Student:
    def __init__(
        self, number: int, host: str, port: int, quiz: str, stats: Stats
    ) -> None:
        self.name = f"load-{number}"
        self.host, self.port, self.quiz, self.stats = host, port, quiz, stats
        self.random = random.Random(number)
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, *, form: dict | None = None, htmx: bool = False
    ) -> tuple[int, str, str]:
        """One request on this student's connection: (status, Location, body)."""
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if htmx:
            headers["HX-Request"] = "true"
            if form is not None:
                # As htmx sends it: the page's token (hx-headers), since the cookie is HttpOnly.
                headers["X-CSRFToken"] = form.get("csrfmiddlewaretoken", "")
        for attempt in (
            1,
            2,
        ):  # once more on a fresh connection if the kept one was closed
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=REQUEST_TIMEOUT
                )
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (
                http.client.RemoteDisconnected,
                BrokenPipeError,
                ConnectionResetError,
            ):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        location = response.getheader("Location", "")
        if location.startswith(("http:", "https:", "//")):
            raise Refused(f"the server redirected off this machine: {location}")
        return response.status, location, text

    def timed(self, kind: str, method: str, path: str, expect: int, **kwargs) -> tuple:
        started = time.perf_counter()
        status, location, text = self.request(method, path, **kwargs)
        elapsed = (time.perf_counter() - started) * 1000
        if status != expect:
            self.stats.error(f"{kind} {status}")
            return None, None
        self.stats.record(kind, elapsed)
        return location, text

    def answer_for(self, page: str) -> dict:
        choices = CHOICE_INPUT.findall(page)
        if not choices:
            return {"number": str(self.random.choice([3, 40, 100, 1500]))}
        ids = [choice_id for _, choice_id in choices]
        if choices[0][0] == "checkbox":
            return {"choice": self.random.sample(ids, self.random.randint(1, len(ids)))}
        return {"choice": self.random.choice(ids)}

    def play(self, deadline: float, think: float) -> None:
        quiz_path = f"/quizzes/{self.quiz}/"
        last_answer = 0.0
        while time.monotonic() < deadline:
            try:
                _, page = self.timed("page", "GET", quiz_path, 200)
                if page is None:
                    time.sleep(1)
                    continue
                form = {"csrfmiddlewaretoken": FORM_TOKEN.search(page).group(1)}
                first, _ = self.timed(
                    "start",
                    "POST",
                    quiz_path,
                    302,
                    form={**form, "display_name": self.name},
                )
                if not first or not ATTEMPT_PATH.match(first):
                    time.sleep(1)
                    continue
                base, position, count = first.rsplit("1/", 1)[0], 1, None
                while time.monotonic() < deadline:
                    path = f"{base}{position}/"
                    _, page = self.timed("page", "GET", path, 200, htmx=position > 1)
                    if page is None:
                        break
                    count = count or int(QUESTION_OF.search(page).group(2))
                    time.sleep(max(0.0, last_answer + think - time.monotonic()))
                    if time.monotonic() >= deadline:
                        return
                    last_answer = time.monotonic()
                    answer = {**form, **self.answer_for(page)}
                    _, reply = self.timed(
                        "answer", "POST", path, 200, form=answer, htmx=True
                    )
                    if reply is not None and not VERDICT.search(reply):
                        self.stats.error("answer without a verdict")
                    if reply is None:
                        time.sleep(0.5)  # as a person would, before trying again
                        continue
                    if position == count:
                        with self.stats.lock:
                            self.stats.attempts_finished += 1
                        break
                    position += 1
            except (OSError, http.client.HTTPException) as error:
                self.stats.error(type(error).__name__)
                if self.connection:
                    self.connection.close()
                self.connection = None
                time.sleep(0.5)
            except AttributeError:  # a page without what a student needs on it
                self.stats.error("unexpected page")
                time.sleep(0.5)


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def summary(values: list[float]) -> dict:
    return {
        "count": len(values),
        "p50": percentile(values, 0.50),
        "p95": percentile(values, 0.95),
        "p99": percentile(values, 0.99),
        "max": round(max(values), 1) if values else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "url", help="the server, e.g. http://127.0.0.1:8000 (loopback only)"
    )
    parser.add_argument(
        "--students", type=int, default=50, help="students at once (50)"
    )
    parser.add_argument(
        "--duration", type=float, default=30, help="seconds to run (30)"
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.6,
        help="seconds between a student's answers (0.6)",
    )
    parser.add_argument(
        "--quiz", default=QUIZ_SLUG, help=f"the quiz's slug ({QUIZ_SLUG})"
    )
    parser.add_argument(
        "--label", default="", help="a word for the results file: sqlite, ..."
    )
    parser.add_argument(
        "--out", type=Path, default=RESULTS, help="folder for the JSON results"
    )
    args = parser.parse_args(argv)
    try:
        host, port = loopback_only(args.url)
    except Refused as refusal:
        parser.error(str(refusal))
    if not 1 <= args.students <= MAX_STUDENTS:
        parser.error(f"--students must be between 1 and {MAX_STUDENTS}")
    if not 0 < args.duration <= MAX_DURATION:
        parser.error(
            f"--duration must be more than 0 and at most {MAX_DURATION} seconds"
        )

    stats = Stats()
    deadline = time.monotonic() + args.duration
    students = [Student(n, host, port, args.quiz, stats) for n in range(args.students)]
    threads = [
        threading.Thread(target=student.play, args=(deadline, args.think), daemon=True)
        for student in students
    ]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + REQUEST_TIMEOUT + 5)
    elapsed = time.monotonic() - began
    for student in students:
        if student.connection:
            student.connection.close()

    result = {
        "url": args.url,
        "label": args.label,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "students": args.students,
        "duration_s": round(elapsed, 1),
        "think_s": args.think,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "answers": stats.answers,
        "answers_per_s": round(stats.answers / elapsed, 1),
        "attempts_finished": stats.attempts_finished,
        "answer_ms": summary(stats.answer_ms),
        "page_ms": summary(stats.page_ms),
        "start_ms": summary(stats.start_ms),
        "errors": dict(stats.errors),
    }
    print(
        f"{args.students} students for {elapsed:.0f} s against {args.url} (think {args.think} s)\n"
        f"answers: {stats.answers} ({result['answers_per_s']}/s), "
        f"attempts finished: {stats.attempts_finished}\n"
        + "".join(
            f"{kind:>7} ms: p50 {s['p50']}  p95 {s['p95']}  p99 {s['p99']}  max {s['max']}"
            f"  ({s['count']})\n"
            for kind, s in (
                ("answer", result["answer_ms"]),
                ("page", result["page_ms"]),
                ("start", result["start_ms"]),
            )
        )
        + f"errors: {result['errors'] or 'none'}"
    )
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"load-{args.label + '-' if args.label else ''}{args.students}-{stamp}.json"
    temporary = args.out / (name + ".tmp")
    temporary.write_text(json.dumps(result, indent=2) + "\n")
    temporary.replace(args.out / name)
    print(f"results: {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

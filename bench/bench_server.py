"""The server benchmark behind `make bench`: the quiz under gunicorn exactly as `make serve` runs it,
against a bare Django view through the same middleware, in the same run.

For each database (a temporary SQLite file with the production options; then, when DATABASE_URL is
set, a temporary database in that PostgreSQL cluster) it

1. migrates, loads the seed, collects static files to a temporary STATIC_ROOT and starts gunicorn
   with config/gunicorn.py and DJANGO_SETTINGS_MODULE=bench.settings (the production settings plus
   `bench/bare/`), pinned to other CPUs than the load generator where the machine allows;
2. from a separate process (the load generator, pinned to the last CPU) enrols simulated students
   over HTTP, each with its own cookies (signed browser id, CSRF cookie) and form token, and starts
   their attempts beforehand; then measures each endpoint for --duration seconds with --students
   keep-alive connections (saturated, default workers) and again for --light-duration seconds with
   one connection against ONE worker, reading gunicorn's access log (%(D)s, microseconds) for the
   server's own time per request;
3. counts SQL queries per request in-process (Django's test client, CaptureQueriesContext, warm
   cache), weighs the first question page with everything it loads and the feedback fragment
   (gzip), times the question generator (bench/bench_generation.py) and, with --make-run, the time
   from `make run` in a fresh clone to the first page;
4. prints a table and writes the same to bench/results/<date>-<db>.json with the command line.

Loopback only: every request goes to 127.0.0.1. Nothing is asserted; targets are reported as met or
missed.

    .venv/bin/python bench/bench_server.py                      # what `make bench` runs
    .venv/bin/python bench/bench_server.py --skip-generator --duration 5
    DATABASE_URL=$(bench/postgres.sh start) make bench; bench/postgres.sh stop
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import math
import multiprocessing
import os
import platform
import queue
import random
import re
import secrets
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The other benchmark's student client: its loopback check and the patterns it reads pages with.
from bench.load import CHOICE_INPUT, FORM_TOKEN, QUIZ_SLUG, loopback_only  # noqa: E402

HOST = "127.0.0.1"
RESULTS = ROOT / "bench" / "results"
ARTICLE_SLUG = "us-landmines-ukraine-2024"
QUIZ_PATH = f"/quizzes/{QUIZ_SLUG}/"
ARTICLE_PATH = f"/articles/{ARTICLE_SLUG}/"
BARE_PATH = "/bench/bare/"
REQUEST_TIMEOUT = 30
# The server allows 120 answers a minute per browser; a simulated student gives at most this many
# and then hands over to a fresh one, so no rate limit is ever hit however fast the server is.
ANSWER_BUDGET = 100
ATTEMPTS_PER_ANSWERER = 5

QUESTION_OF = re.compile(r"Question (\d+) of (\d+)")
ATTEMPT_PATH = re.compile(r"^(/attempts/[0-9a-f-]{36}/questions/)1/$")
STATIC_ASSET = re.compile(r'(?:src|href)="(/static/[^"]+)"')
ACCESS_LINE = re.compile(r'^\S+ "(\S+) (\S+) [^"]*" (\d{3}) \S+ (\d+)$')

ENDPOINTS = {
    "bare": "bare view GET (ceiling)",
    "question": "question page GET",
    "answer_htmx": "answer POST (htmx)",
    "answer_plain": "answer POST (no JS, 302)",
    "results": "results page GET",
    "article": "article page GET",
}
# Measured in this order; the bare view once more at the end shows any drift during the run.
PHASES = [
    "bare",
    "question",
    "answer_htmx",
    "answer_plain",
    "results",
    "article",
    "bare_again",
]

TARGETS = {
    "question_ratio": 0.3,
    "answer_htmx_ratio": 0.2,
    "question_queries": 4,
    "answer_queries": 8,
    "first_page_bytes": 25_000,
    "fragment_bytes": 3_000,
    "answer_p95_ms_at_50": 100,
    "generator_growth_per_doubling": 2.2,  # 2.0 +10%
}


class OutOfWork(Exception):
    """The prepared attempts are used up (raise --answer-capacity)."""


# --- The load generator's student client ----------------------------------------------------------


class Browser:
    """One simulated student's browser: its cookies, its form's CSRF token and its attempts."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.cookies: dict[str, str] = {}
        self.token = ""
        self.attempts: list[str] = []  # "/attempts/<uuid>/questions/"
        self.slot = 0
        self.answered = 0

    def take_cookies(self, response: http.client.HTTPResponse) -> None:
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def next_slot(self, question_count: int) -> tuple[str, int] | None:
        """The next unanswered question of this browser's attempts, in order."""
        number, index = divmod(self.slot, question_count)
        if number >= len(self.attempts) or self.answered >= ANSWER_BUDGET:
            return None
        self.slot += 1
        return f"{self.attempts[number]}{index + 1}/", index + 1


class Connection:
    """A keep-alive connection to the server on this machine, reopened if the server closed it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.http: http.client.HTTPConnection | None = None

    def send(self, method: str, path: str, headers: dict, body: str | None = None):
        for attempt in (1, 2):
            if self.http is None:
                self.http = http.client.HTTPConnection(
                    HOST, self.port, timeout=REQUEST_TIMEOUT
                )
            try:
                self.http.request(method, path, body=body, headers=headers)
                response = self.http.getresponse()
                data = response.read()
                break
            except (
                http.client.RemoteDisconnected,
                BrokenPipeError,
                ConnectionResetError,
            ):
                # A kept-alive connection the server closed (keepalive = 5 s): once more, fresh.
                self.close()
                if attempt == 2:
                    raise
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response, data

    def close(self) -> None:
        if self.http is not None:
            self.http.close()
        self.http = None


def call(
    connection: Connection,
    browser: Browser,
    method: str,
    path: str,
    *,
    form: dict | None = None,
    htmx: bool = False,
    csrf_header: bool = True,
    accept_gzip: bool = True,
):
    """One request as a browser makes it (gzip accepted, its cookies; htmx adds HX-Request and
    the X-CSRFToken header from hx-headers; a plain form sends only the hidden field)."""
    headers = {"Accept-Encoding": "gzip"} if accept_gzip else {}
    if browser.cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    body = None
    if form is not None:
        body = urlencode(form, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        if csrf_header:
            headers["X-CSRFToken"] = browser.token
    if htmx:
        headers["HX-Request"] = "true"
    response, data = connection.send(method, path, headers, body)
    browser.take_cookies(response)
    location = response.getheader("Location", "")
    if location.startswith(("http:", "https:", "//")):
        raise RuntimeError(f"the server redirected off this machine: {location}")
    return response, data


def decoded(response: http.client.HTTPResponse, data: bytes) -> str:
    if response.getheader("Content-Encoding", "") == "gzip":
        data = gzip.decompress(data)
    return data.decode("utf-8", "replace")


def answer_from_page(page: str, rng: random.Random) -> dict:
    """A plausible answer to the question on this page (what a student picks, not necessarily
    right); number questions get a number."""
    choices = CHOICE_INPUT.findall(page)
    if not choices:
        return {"number": str(rng.choice([3, 40, 100, 1500]))}
    ids = [choice_id for _, choice_id in choices]
    if choices[0][0] == "checkbox":
        return {"choice": rng.sample(ids, rng.randint(1, len(ids)))}
    return {"choice": rng.choice(ids)}


def cpu_seconds_of_server(master_pid: int) -> float | None:
    """CPU time of gunicorn's master, its live workers and the workers it has reaped."""
    tick = os.sysconf("SC_CLK_TCK")
    try:
        fields = Path(f"/proc/{master_pid}/stat").read_text().rsplit(")", 1)[1].split()
        total = sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text()
        for pid in children.split():
            try:
                stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(stat[11]) + int(stat[12])
            except OSError:
                pass
    except OSError:
        return None
    return total / tick


def access_log_window(log_path: str, start: int, end: int) -> list[str]:
    with open(log_path, "rb") as file:
        file.seek(start)
        return file.read(end - start).decode("utf-8", "replace").splitlines()


def percentile(ordered: list[float], share: float) -> float | None:
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary_ms(seconds: list[float]) -> dict:
    ordered = sorted(seconds)
    return {
        "p50_ms": _round(percentile(ordered, 0.50), 1000),
        "p95_ms": _round(percentile(ordered, 0.95), 1000),
        "p99_ms": _round(percentile(ordered, 0.99), 1000),
        "max_ms": _round(ordered[-1] if ordered else None, 1000),
    }


def _round(value: float | None, scale: float = 1.0, digits: int = 2) -> float | None:
    return None if value is None else round(value * scale, digits)


class LoadGenerator:
    """Runs in its own process, on its own CPU; the parent sends it one command at a time."""

    def __init__(self) -> None:
        self.pools: dict[str, list[Browser]] = {}
        self.answer_queues: dict[str, queue.Queue] = {}
        self.pages: dict[int, str] = {}
        self.question_count = 0

    # Preparation, before any measurement.

    def enrol(self, port: int, name: str, attempts: int) -> Browser:
        browser, connection = Browser(name), Connection(port)
        response, data = call(connection, browser, "GET", QUIZ_PATH)
        if response.status != 200:
            raise RuntimeError(f"GET {QUIZ_PATH}: {response.status}")
        browser.token = FORM_TOKEN.search(decoded(response, data)).group(1)
        for _ in range(attempts):
            form = {"csrfmiddlewaretoken": browser.token, "display_name": name}
            response, _ = call(connection, browser, "POST", QUIZ_PATH, form=form)
            match = ATTEMPT_PATH.match(response.getheader("Location", ""))
            if response.status != 302 or not match:
                raise RuntimeError(f"starting an attempt: {response.status}")
            browser.attempts.append(match.group(1))
        connection.close()
        return browser

    def prepare(self, port: int, plan: dict[str, tuple[int, int]]) -> dict:
        """Enrol the students of every pool (name: (students, attempts each)) and learn the quiz's
        questions from one student's walk through it; finish the attempts of the results pool."""
        started = time.monotonic()
        jobs = [
            (pool, number, attempts)
            for pool, (students, attempts) in plan.items()
            for number in range(students)
        ]
        with ThreadPoolExecutor(8) as executor:
            browsers = list(
                executor.map(
                    lambda job: (
                        job[0],
                        self.enrol(port, f"bench-{job[0]}-{job[1]}", job[2]),
                    ),
                    jobs,
                )
            )
        for pool, browser in browsers:
            self.pools.setdefault(pool, []).append(browser)
        walker, connection = self.pools["pages"][0], Connection(port)
        position = 1
        while True:
            path = f"{walker.attempts[0]}{position}/"
            response, data = call(connection, walker, "GET", path)
            page = decoded(response, data)
            self.pages[position] = page
            self.question_count = int(QUESTION_OF.search(page).group(2))
            if position == self.question_count:
                break
            position += 1
        connection.close()

        def finish(browser: Browser) -> None:
            rng, connection = random.Random(browser.name), Connection(port)
            while slot := browser.next_slot(self.question_count):
                path, position = slot
                form = {
                    "csrfmiddlewaretoken": browser.token,
                    **answer_from_page(self.pages[position], rng),
                }
                response, _ = call(
                    connection, browser, "POST", path, form=form, htmx=True
                )
                browser.answered += 1
                if response.status != 200:
                    raise RuntimeError(f"answering {path}: {response.status}")
            connection.close()

        with ThreadPoolExecutor(8) as executor:
            list(executor.map(finish, self.pools.get("results", [])))
        for pool, browsers_ in self.pools.items():
            if pool.startswith("answer"):
                self.answer_queues[pool] = queue.Queue()
                for browser in browsers_:
                    self.answer_queues[pool].put(browser)
        return {
            "students": len(browsers),
            "attempts": sum(len(b.attempts) for _, b in browsers),
            "question_count": self.question_count,
            "seconds": round(time.monotonic() - started, 1),
        }

    # One request of each kind, as a function of a thread's own state.

    def stepper(self, endpoint: str, index: int, pool_suffix: str):
        rng = random.Random(f"{endpoint}{pool_suffix}{index}")
        pages = self.pools["pages"]
        if endpoint in ("bare", "bare_again", "article"):
            browser = pages[index % len(pages)]
            path = BARE_PATH if endpoint.startswith("bare") else ARTICLE_PATH

            def get(connection: Connection) -> str | None:
                response, _ = call(connection, browser, "GET", path)
                return None if response.status == 200 else f"status {response.status}"

            return get
        if endpoint == "question":
            browser = pages[index % len(pages)]
            state = {"position": index % self.question_count}

            def question(connection: Connection) -> str | None:
                state["position"] = state["position"] % self.question_count + 1
                path = f"{browser.attempts[0]}{state['position']}/"
                response, _ = call(connection, browser, "GET", path)
                return None if response.status == 200 else f"status {response.status}"

            return question
        if endpoint == "results":
            finished = self.pools["results"]
            browser = finished[index % len(finished)]
            path = browser.attempts[0].replace("/questions/", "/results/")

            def results(connection: Connection) -> str | None:
                response, _ = call(connection, browser, "GET", path)
                return None if response.status == 200 else f"status {response.status}"

            return results
        htmx = endpoint == "answer_htmx"
        waiting = self.answer_queues[f"{endpoint}{pool_suffix}"]
        state: dict = {"browser": None}

        def answer(connection: Connection) -> str | None:
            slot = state["browser"] and state["browser"].next_slot(self.question_count)
            while not slot:
                try:
                    state["browser"] = waiting.get_nowait()
                except queue.Empty:
                    raise OutOfWork from None
                connection.close()  # a new student: its own connection
                slot = state["browser"].next_slot(self.question_count)
            browser, (path, position) = state["browser"], slot
            form = {
                "csrfmiddlewaretoken": browser.token,
                **answer_from_page(self.pages[position], rng),
            }
            response, data = call(
                connection,
                browser,
                "POST",
                path,
                form=form,
                htmx=htmx,
                csrf_header=htmx,
            )
            browser.answered += 1
            if htmx:
                if response.status != 200:
                    return f"status {response.status}"
                if b'class="verdict"' not in gzip.decompress(data):
                    return "no verdict in the fragment"
                return None
            if response.status != 302:
                return f"status {response.status}"
            if response.getheader("Location") != path:
                return "redirected elsewhere"
            return None

        return answer

    def phase(
        self,
        port: int,
        endpoint: str,
        concurrency: int,
        duration: float,
        master_pid: int,
        log_path: str,
        pool_suffix: str = "",
        record: bool = True,
    ) -> dict:
        steppers = [
            self.stepper(endpoint, index, pool_suffix) for index in range(concurrency)
        ]
        latencies: list[list[float]] = [[] for _ in range(concurrency)]
        errors: list[Counter] = [Counter() for _ in range(concurrency)]
        ran_out = [False] * concurrency
        barrier = threading.Barrier(concurrency + 1)
        window = {"deadline": 0.0}

        def run(index: int) -> None:
            connection, step = Connection(port), steppers[index]
            mine, failed = latencies[index], errors[index]
            barrier.wait()
            deadline = window["deadline"]
            while time.monotonic() < deadline:
                started = time.perf_counter()
                try:
                    error = step(connection)
                except OutOfWork:
                    ran_out[index] = True
                    break
                except (OSError, http.client.HTTPException) as exception:
                    error = type(exception).__name__
                    connection.close()
                if error is None:
                    mine.append(time.perf_counter() - started)
                else:
                    failed[error] += 1
            connection.close()

        threads = [
            threading.Thread(target=run, args=(i,), daemon=True)
            for i in range(concurrency)
        ]
        for thread in threads:
            thread.start()
        log_start = os.path.getsize(log_path)
        server_cpu = cpu_seconds_of_server(master_pid)
        client_cpu = sum(os.times()[:2])
        window["deadline"] = time.monotonic() + duration
        began = time.monotonic()
        barrier.wait()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
        client_cpu = sum(os.times()[:2]) - client_cpu
        server_end = cpu_seconds_of_server(master_pid)
        time.sleep(0.3)  # gunicorn writes the access log line just after the response
        log_end = os.path.getsize(log_path)
        if not record:
            return {}
        seconds = sorted(value for mine in latencies for value in mine)
        error_counts = sum((errors_ for errors_ in errors), Counter())
        result = {
            "concurrency": concurrency,
            "duration_s": round(elapsed, 2),
            "requests": len(seconds),
            "requests_per_s": round(len(seconds) / elapsed, 1),
            **summary_ms(seconds),
            "mean_ms": _round(statistics.fmean(seconds) if seconds else None, 1000),
            "errors": sum(error_counts.values()),
            "errors_by_kind": dict(error_counts),
            "ran_out_of_attempts": any(ran_out),
            "client_cpu_share": round(client_cpu / elapsed, 2),
            "server_cpu_share": round((server_end - server_cpu) / elapsed, 2)
            if server_cpu is not None and server_end is not None
            else None,
        }
        result.update(self.server_times(endpoint, log_path, log_start, log_end))
        return result

    @staticmethod
    def server_times(endpoint: str, log_path: str, start: int, end: int) -> dict:
        """gunicorn's own time per request (%(D)s) for this phase's requests, and how often a
        worker was recycled (max_requests) during the phase."""
        method = "POST" if endpoint.startswith("answer") else "GET"
        microseconds, restarts = [], 0
        for line in access_log_window(log_path, start, end):
            if "Autorestarting worker" in line:
                restarts += 1
            match = ACCESS_LINE.match(line)
            if not match or match.group(1) != method:
                continue
            status = int(match.group(3))
            if status < 400:
                microseconds.append(int(match.group(4)))
        microseconds.sort()
        return {
            "server_us_mean": round(statistics.fmean(microseconds))
            if microseconds
            else None,
            "server_us_p50": percentile(microseconds, 0.5),
            "server_us_p95": percentile(microseconds, 0.95),
            "server_logged_requests": len(microseconds),
            "worker_restarts": restarts,
        }

    def warm(
        self, port: int, master_pid: int, log_path: str, pool_suffix: str = ""
    ) -> dict:
        """Every endpoint for a moment (unrecorded): templates compiled, content cached, in
        every worker."""
        for endpoint in ("bare", "question", "results", "article"):
            self.phase(port, endpoint, 8, 1.0, master_pid, log_path, record=False)
        for endpoint in ("answer_htmx", "answer_plain"):
            self.phase(
                port, endpoint, 4, 0.5, master_pid, log_path, "_warm", record=False
            )
        return {}

    def weight(self, port: int) -> dict:
        """Bytes on the wire (gzip accepted) for a new student's first question page with all
        it loads, and for the feedback fragment of an answer."""
        browser = self.enrol(port, "bench-weight", 1)
        connection = Connection(port)

        def size(response: http.client.HTTPResponse, data: bytes) -> dict:
            head = len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + 2
            head += sum(len(k) + len(v) + 4 for k, v in response.getheaders())
            return {
                "body": len(data),
                "headers": head,
                "encoding": response.getheader("Content-Encoding", "identity"),
            }

        path = f"{browser.attempts[0]}1/"
        response, data = call(connection, browser, "GET", path)
        page = decoded(response, data)
        items = {path: size(response, data)}
        for asset in dict.fromkeys(STATIC_ASSET.findall(page)):
            response, data = call(connection, browser, "GET", asset)
            items[asset] = size(response, data)
        form = {
            "csrfmiddlewaretoken": browser.token,
            **answer_from_page(page, random.Random(0)),
        }
        response, data = call(connection, browser, "POST", path, form=form, htmx=True)
        fragment = size(response, data)
        connection.close()
        return {
            "first_page_items": items,
            "first_page_body_bytes": sum(item["body"] for item in items.values()),
            "first_page_bytes_with_headers": sum(
                item["body"] + item["headers"] for item in items.values()
            ),
            "fragment_body_bytes": fragment["body"],
            "fragment_bytes_with_headers": fragment["body"] + fragment["headers"],
            "fragment_encoding": fragment["encoding"],
        }


def load_generator_main(pipe, cpus: set[int] | None) -> None:
    if cpus:
        os.sched_setaffinity(0, cpus)
    generator = LoadGenerator()
    while True:
        command, arguments = pipe.recv()
        if command == "exit":
            return
        try:
            pipe.send(("ok", getattr(generator, command)(**arguments)))
        except Exception:
            pipe.send(("error", traceback.format_exc()))


class LoadProcess:
    def __init__(self, cpus: set[int] | None) -> None:
        context = multiprocessing.get_context("spawn")
        self.pipe, child = context.Pipe()
        self.process = context.Process(
            target=load_generator_main, args=(child, cpus), daemon=True
        )
        self.process.start()

    def __call__(self, command: str, **arguments):
        self.pipe.send((command, arguments))
        status, result = self.pipe.recv()
        if status != "ok":
            raise RuntimeError(f"load generator, {command}:\n{result}")
        return result

    def close(self) -> None:
        self.pipe.send(("exit", {}))
        self.process.join(10)


# --- The server -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


class Server:
    """gunicorn as `make serve` starts it (same binary, config file and module)."""

    def __init__(
        self, env: dict, log_path: Path, cpus: set[int] | None, workers: int | None
    ) -> None:
        self.port = free_port()
        loopback_only(f"http://{HOST}:{self.port}")
        self.env = {**env, "PORT": str(self.port)}
        self.env.pop("GUNICORN_BIND", None)
        if workers:
            self.env["GUNICORN_WORKERS"] = str(workers)
        # As config/gunicorn.py decides: one worker per CPU the server may run on.
        self.workers = workers or int(
            self.env.get("GUNICORN_WORKERS", len(cpus or os.sched_getaffinity(0)))
        )
        self.log_path = log_path
        self.command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",
            "config/gunicorn.py",
            "config.wsgi",
        ]
        with open(log_path, "ab") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
            )
        self.wait_ready()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited: {self.log_path.read_text()[-3000:]}"
                )
            booted = self.log_path.read_text().count("Booting worker")
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=5)
                connection.request("GET", "/healthz")
                ok = connection.getresponse().status == 200
                connection.close()
            except OSError:
                ok = False
            if ok and booted >= self.workers:
                return
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


# --- In-process measurements (run in a subprocess with the benchmark's settings) -----------------


def count_queries() -> dict:
    """SQL queries per request, with Django's test client against the benchmark's database, each
    measured on a warm cache (every page requested once before)."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    rng = random.Random(0)

    def measure(client: Client, method: str, path: str, **kwargs) -> dict:
        with CaptureQueriesContext(connection) as context:
            response = getattr(client, method)(path, **kwargs)
        return {
            "queries": len(context.captured_queries),
            "status": response.status_code,
            "sql": [query["sql"] for query in context.captured_queries],
        }

    def start(client: Client, quiz_path: str) -> tuple[str, int]:
        client.get(quiz_path)
        response = client.post(quiz_path, {"display_name": "queries"})
        base = ATTEMPT_PATH.match(response["Location"]).group(1)
        page = client.get(f"{base}1/").content.decode()
        return base, int(QUESTION_OF.search(page).group(2))

    def answer(client: Client, base: str, position: int, htmx: bool) -> dict:
        path = f"{base}{position}/"
        form = answer_from_page(client.get(path).content.decode(), rng)
        headers = {"HX-Request": "true"} if htmx else {}
        return measure(client, "post", path, data=form, headers=headers)

    student = Client()
    base, count = start(student, QUIZ_PATH)
    results_path = base.replace("/questions/", "/results/")
    for position in range(1, count + 1):  # warm: every question in this process's cache
        student.get(f"{base}{position}/")
    student.get(results_path)
    student.get(ARTICLE_PATH)
    student.get(BARE_PATH)
    out = {
        "bare": measure(student, "get", BARE_PATH),
        "question": measure(student, "get", f"{base}1/"),
        "results_unanswered": measure(student, "get", results_path),
        "article": measure(student, "get", ARTICLE_PATH),
    }
    out["answer_htmx"] = answer(student, base, 1, htmx=True)
    out["answer_plain"] = answer(student, base, 2, htmx=False)
    out["question_answered"] = measure(student, "get", f"{base}1/")
    out["results"] = measure(student, "get", results_path)
    for position in range(3, count + 1):
        answer(student, base, position, htmx=True)
    out["results_finished"] = measure(student, "get", results_path)

    # The results page for quizzes of 5 and 100 questions, all answered, each with its own student.
    try:
        from tests.factories import make_quiz
    except ImportError as error:
        out["results_by_size"] = {"skipped": str(error)}
        return out
    by_size = {count: out["results_finished"]["queries"]}
    for size in (5, 100):
        quiz = make_quiz(question_count=size)
        client = Client()
        base, _ = start(client, quiz.get_absolute_url())
        for position in range(1, size + 1):
            answer(client, base, position, htmx=True)
        client.get(base.replace("/questions/", "/results/"))  # warm
        by_size[size] = measure(
            client, "get", base.replace("/questions/", "/results/")
        )["queries"]
    out["results_by_size"] = dict(sorted(by_size.items()))
    return out


# --- The parts that do not need a server ----------------------------------------------------------


def generator_times() -> dict:
    """bench/bench_generation.py's own functions: the seed, then 1, 10, 100 and 1,000 KB."""
    from bench import bench_generation as generation

    started = time.perf_counter()
    seed = generation.SEED.read_text(encoding="utf-8")
    generation.generate_questions(text=seed, seed=0)
    cold = time.perf_counter() - started
    seconds, count = generation.timed(seed, repeat=5)
    out = {
        "cold_first_call_s": round(cold, 3),
        "seed": {"chars": len(seed), "seconds": round(seconds, 4), "questions": count},
        "sizes": [],
    }
    previous = None
    for size in generation.SIZES_KB:
        seconds, chars, count = generation.timed_size(size)
        row = {
            "kb": size,
            "chars": round(chars),
            "texts": generation.WINDOWS[size],
            "seconds": round(seconds, 4),
            "questions": round(count),
        }
        if previous:
            doublings = math.log2(chars / previous[0])
            row["growth_per_doubling"] = round(
                (seconds / previous[1]) ** (1 / doublings), 3
            )
        out["sizes"].append(row)
        previous = (chars, seconds)
    return out


def make_run_time(timeout: float = 900) -> dict:
    """`make run` in a fresh clone of this repository (pip's cache reused) until / answers 200."""
    directory = Path(tempfile.mkdtemp(prefix="factquiz-makerun-"))
    clone = directory / "clone"
    port = free_port()
    process = None
    try:
        subprocess.run(
            ["git", "clone", "--quiet", str(ROOT), str(clone)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "DATABASE_URL", "GUNICORN_", "VIRTUAL_ENV"))
        }
        env["PORT"] = str(port)
        env["PATH"] = os.pathsep.join(
            p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p
        )
        log = directory / "make-run.log"
        started = time.monotonic()
        with open(log, "wb") as output:
            process = subprocess.Popen(
                ["make", "run"],
                cwd=clone,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        while time.monotonic() - started < timeout:
            if process.poll() is not None:
                return {"error": f"make run exited: {log.read_text()[-2000:]}"}
            try:
                connection = http.client.HTTPConnection(HOST, port, timeout=5)
                connection.request("GET", "/")
                status = connection.getresponse().status
                connection.close()
            except OSError:
                status = None
            if status == 200:
                return {"seconds": round(time.monotonic() - started, 1), "port": port}
            time.sleep(0.5)
        return {"error": f"no 200 within {timeout} s"}
    finally:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # make, runserver and its reloader
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        shutil.rmtree(directory, ignore_errors=True)


# --- The run --------------------------------------------------------------------------------------


def other_runs() -> list[str]:
    """Other people's servers, test runs and browsers on this machine (ours are all stopped)."""
    output = subprocess.run(
        ["ps", "-eo", "pid,args"], capture_output=True, text=True
    ).stdout
    pattern = re.compile(r"gunicorn|pytest|chromium")
    return [
        line.strip()
        for line in output.splitlines()[1:]
        if pattern.search(line)
        and int(line.split()[0]) != os.getpid()
        and "bench_server" not in line
    ]


def wait_until_quiet(seconds: float) -> dict:
    started = time.monotonic()
    busy = other_runs()
    while busy and time.monotonic() - started < seconds:
        print(
            f"waiting for other runs to end ({len(busy)} processes, e.g. {busy[0][:100]})",
            flush=True,
        )
        time.sleep(15)
        busy = other_runs()
    return {
        "waited_s": round(time.monotonic() - started),
        "other_processes_at_start": busy,
        "load_average_at_start": os.getloadavg(),
    }


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import django
    import gunicorn

    return {
        "cpu_model": model or platform.processor(),
        "cpus": os.cpu_count(),
        "cpus_available": sorted(os.sched_getaffinity(0)),
        "memory_gb": round(
            os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1
        ),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "sqlite": __import__("sqlite3").sqlite_version,
    }


def git_commit() -> dict:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()

    return {
        "commit": git("rev-parse", "HEAD"),
        "dirty_files": git("status", "--porcelain").splitlines(),
    }


def cpu_split() -> tuple[set[int] | None, set[int] | None, str]:
    available = sorted(os.sched_getaffinity(0))
    if len(available) < 2:
        return (
            None,
            None,
            f"NOT pinned: only {len(available)} CPU available, server and load generator share it",
        )
    server, client = set(available[:-1]), {available[-1]}
    return (
        server,
        client,
        f"server on CPU {sorted(server)}, load generator on CPU {sorted(client)}",
    )


class Database:
    """A temporary database: a SQLite file, or a database created in the given PostgreSQL cluster."""

    def __init__(self, kind: str, directory: Path, url: str | None) -> None:
        self.kind, self.admin_url, self.name = kind, url, None
        if kind == "sqlite":
            self.url = f"sqlite:///{directory / 'db.sqlite3'}"
            return
        import psycopg

        parts = urllib.parse.urlsplit(url)
        loopback_only(f"http://{parts.hostname}:{parts.port or 5432}")
        self.name = f"quiz_bench_{secrets.token_hex(4)}"
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.name}"')
            self.server_version = connection.execute("SHOW server_version").fetchone()[
                0
            ]
        self.url = urllib.parse.urlunsplit(parts._replace(path=f"/{self.name}"))

    def drop(self) -> None:
        if self.name:
            import psycopg

            with psycopg.connect(self.admin_url, autocommit=True) as connection:
                connection.execute(
                    f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'
                )


def run_database(kind: str, args, url: str | None) -> dict:
    directory = Path(tempfile.mkdtemp(prefix=f"factquiz-bench-{kind}-"))
    database = Database(kind, directory, url)
    server_cpus, client_cpus, pinning = cpu_split()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "GUNICORN_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_DEBUG="false",
        DJANGO_HTTPS="false",  # plain HTTP on loopback; everything else production
        DATABASE_URL=database.url,
        BENCH_STATIC_ROOT=str(directory / "static"),
        PYTHONPATH=str(ROOT),
    )
    result: dict = {
        "database": kind,
        "pinning": pinning,
        "server_command": "gunicorn --config config/gunicorn.py config.wsgi",
    }
    if kind == "postgresql":
        result["postgresql_version"] = database.server_version
    print(f"\n== {kind}: {pinning}", flush=True)
    servers: list[Server] = []
    load = LoadProcess(client_cpus)
    try:
        started = time.monotonic()
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        manage(env, "setup_teachers_group")
        manage(env, "load_seeds")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        result["setup_s"] = round(time.monotonic() - started, 1)

        per_pool = math.ceil(args.answer_capacity * args.duration / ANSWER_BUDGET)
        light_pool = math.ceil(
            args.answer_capacity * args.light_duration / ANSWER_BUDGET
        )
        plan = {
            "pages": (max(args.students, 8), 1),
            "results": (min(args.students, 20), 1),
            "answer_htmx": (per_pool + args.students, ATTEMPTS_PER_ANSWERER),
            "answer_plain": (per_pool + args.students, ATTEMPTS_PER_ANSWERER),
            "answer_htmx_light": (light_pool + 1, ATTEMPTS_PER_ANSWERER),
            "answer_plain_light": (light_pool + 1, ATTEMPTS_PER_ANSWERER),
            "answer_htmx_warm": (8, 2),
            "answer_plain_warm": (8, 2),
        }

        # (a) Saturated: the default workers, many students.
        log_a = directory / "gunicorn-saturated.log"
        server = Server(env, log_a, server_cpus, workers=None)
        servers.append(server)
        result["workers_saturated"] = server.workers
        print(
            f"gunicorn on 127.0.0.1:{server.port} with {server.workers} workers; "
            "enrolling students and starting their attempts ...",
            flush=True,
        )
        result["preparation"] = load("prepare", port=server.port, plan=plan)
        print(
            f"  {result['preparation']['students']} students, "
            f"{result['preparation']['attempts']} attempts in {result['preparation']['seconds']} s",
            flush=True,
        )
        common = {"master_pid": server.process.pid, "log_path": str(log_a)}
        load("warm", port=server.port, **common)
        saturated = {}
        for endpoint in PHASES:
            saturated[endpoint] = load(
                "phase",
                port=server.port,
                endpoint=endpoint,
                concurrency=args.students,
                duration=args.duration,
                **common,
            )
            print(
                f"  saturated {endpoint}: {saturated[endpoint]['requests_per_s']}/s",
                flush=True,
            )
        result["saturated"] = saturated
        result["weight"] = load("weight", port=server.port)
        server.stop()

        # (b) One worker, light load: the server's own time per request from its access log.
        log_b = directory / "gunicorn-one-worker.log"
        server = Server(env, log_b, server_cpus, workers=1)
        servers.append(server)
        common = {"master_pid": server.process.pid, "log_path": str(log_b)}
        load("warm", port=server.port, **common)
        light = {}
        for endpoint in PHASES:
            light[endpoint] = load(
                "phase",
                port=server.port,
                endpoint=endpoint,
                concurrency=args.light_students,
                duration=args.light_duration,
                pool_suffix="_light",
                **common,
            )
            print(
                f"  one worker {endpoint}: {light[endpoint]['server_us_mean']} µs",
                flush=True,
            )
        result["one_worker"] = light
        server.stop()

        queries = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--internal-queries"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if queries.returncode:
            raise RuntimeError(f"query count failed:\n{queries.stderr[-3000:]}")
        result["queries"] = json.loads(queries.stdout.strip().splitlines()[-1])
        result["access_logs_tail"] = log_a.read_text().splitlines()[-5:]
    finally:
        for server in servers:
            server.stop()
        load.close()
        database.drop()
        if not args.keep:
            shutil.rmtree(directory, ignore_errors=True)
        else:
            print(f"kept {directory}")
    derive(result)
    return result


def derive(result: dict) -> None:
    """Ratios to the bare view measured in the same run."""
    for mode in ("saturated", "one_worker"):
        phases = result[mode]
        bare_rps = statistics.fmean(
            [phases["bare"]["requests_per_s"], phases["bare_again"]["requests_per_s"]]
        )
        bare_us = statistics.fmean(
            [
                phases[name]["server_us_mean"]
                for name in ("bare", "bare_again")
                if phases[name]["server_us_mean"]
            ]
        )
        for phase in phases.values():
            phase["throughput_ratio"] = (
                round(phase["requests_per_s"] / bare_rps, 3) if bare_rps else None
            )
            phase["server_time_ratio"] = (
                round(bare_us / phase["server_us_mean"], 3)
                if phase["server_us_mean"]
                else None
            )


def targets(result: dict, generator: dict | None, students: int) -> list[dict]:
    sat, one, queries = result["saturated"], result["one_worker"], result["queries"]
    rows = []

    def add(name: str, value, target: str, met: bool | None) -> None:
        rows.append(
            {
                "target": name,
                "value": value,
                "goal": target,
                "met": met,
            }
        )

    for endpoint, goal in (("question", 0.3), ("answer_htmx", 0.2)):
        label = ENDPOINTS[endpoint]
        value = sat[endpoint]["throughput_ratio"]
        add(f"{label} / bare, saturated throughput", value, f">= {goal}", value >= goal)
        value = one[endpoint]["server_time_ratio"]
        add(
            f"{label} / bare, one-worker server time",
            value,
            f">= {goal}",
            value >= goal,
        )
    add(
        "queries, question page",
        queries["question"]["queries"],
        "<= 4",
        queries["question"]["queries"] <= 4,
    )
    for endpoint in ("answer_htmx", "answer_plain"):
        value = queries[endpoint]["queries"]
        add(f"queries, {ENDPOINTS[endpoint]}", value, "<= 8", value <= 8)
    sizes = queries.get("results_by_size", {})
    by_size = [v for v in sizes.values() if isinstance(v, int)]
    add(
        "queries, results page for 5 / 21 / 100 questions, all answered",
        sizes,
        "constant",
        len(set(by_size)) == 1 if len(by_size) > 1 else None,
    )
    weight = result["weight"]
    add(
        "first question page with all it loads, gzip (bytes)",
        weight["first_page_body_bytes"],
        "<= 25000",
        weight["first_page_body_bytes"] <= 25_000,
    )
    add(
        "feedback fragment, gzip (bytes)",
        weight["fragment_body_bytes"],
        "<= 3000",
        weight["fragment_body_bytes"] <= 3_000,
    )
    p95 = sat["answer_htmx"]["p95_ms"]
    add(
        f"answer POST (htmx) p95 with {students} students at once, no pause (ms)",
        p95,
        "<= 100" + ("" if students == 50 else " (target is at 50 students)"),
        p95 <= 100 if students == 50 else None,
    )
    if generator:
        growth = [
            row["growth_per_doubling"]
            for row in generator["sizes"]
            if "growth_per_doubling" in row
        ]
        add(
            "generator growth per doubling (1->10, 10->100, 100->1000 KB)",
            growth,
            "<= 2.2",
            all(g <= 2.2 for g in growth),
        )
    return rows


def fmt(value, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def table(result: dict) -> str:
    sat, one, queries = result["saturated"], result["one_worker"], result["queries"]
    head = (
        f"{'endpoint':<26} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'err':>4} "
        f"{'x bare':>6} | {'1w µs':>6} {'1w p95':>6} {'bare/ep':>7} | {'queries':>7}"
    )
    lines = [
        f"Saturated: {result['workers_saturated']} gunicorn workers x 4 threads, "
        f"{sat['bare']['concurrency']} students on keep-alive connections, "
        f"{sat['bare']['duration_s']:.0f} s each. One worker (1w): "
        f"{one['bare']['concurrency']} student, server time from the access log (%(D)s).",
        head,
        "-" * len(head),
    ]
    for name in PHASES:
        s, o = sat[name], one[name]
        label = ENDPOINTS.get(name, "bare view GET (again)")
        query = queries.get(name if name != "bare_again" else "bare", {}).get("queries")
        lines.append(
            f"{label:<26} {fmt(s['requests_per_s']):>7} {fmt(s['p50_ms']):>7} "
            f"{fmt(s['p95_ms']):>7} {fmt(s['p99_ms']):>7} {s['errors']:>4} "
            f"{fmt(s['throughput_ratio'], 2):>6} | {fmt(o['server_us_mean']):>6} "
            f"{fmt(o['server_us_p95']):>6} {fmt(o['server_time_ratio'], 2):>7} | "
            f"{fmt(query):>7}"
        )
    lines.append(
        "client CPU share (saturated): "
        + ", ".join(f"{n} {sat[n]['client_cpu_share']}" for n in PHASES)
    )
    lines.append(
        "server CPU share (saturated): "
        + ", ".join(f"{n} {sat[n]['server_cpu_share']}" for n in PHASES)
    )
    restarts = {
        n: sat[n]["worker_restarts"] for n in PHASES if sat[n]["worker_restarts"]
    }
    if restarts:
        lines.append(f"workers recycled by max_requests during: {restarts}")
    if any(
        sat[n]["ran_out_of_attempts"] or one[n]["ran_out_of_attempts"] for n in PHASES
    ):
        lines.append("WARNING: prepared attempts ran out; raise --answer-capacity")
    weight = result["weight"]
    lines.append(
        f"bytes, gzip: first question page with all it loads {weight['first_page_body_bytes']:,} "
        f"({weight['first_page_bytes_with_headers']:,} with headers): "
        + ", ".join(
            f"{path.rsplit('/', 2)[-1] or 'page'} {item['body']:,}"
            for path, item in weight["first_page_items"].items()
        )
        + f"; feedback fragment {weight['fragment_body_bytes']:,} "
        f"({weight['fragment_bytes_with_headers']:,} with headers)"
    )
    extra = {
        name: queries[name]["queries"]
        for name in ("question_answered", "results_unanswered", "results_finished")
    }
    lines.append(
        f"queries also: {extra}; results page by number of questions: "
        f"{queries.get('results_by_size')}"
    )
    return "\n".join(lines)


def generator_table(generator: dict) -> str:
    lines = [
        f"generator: cold first call {generator['cold_first_call_s']} s; seed "
        f"{generator['seed']['chars']:,} chars {generator['seed']['seconds'] * 1000:.0f} ms, "
        f"{generator['seed']['questions']} questions"
    ]
    for row in generator["sizes"]:
        growth = row.get("growth_per_doubling")
        lines.append(
            f"  {row['kb']:>5} KB ({row['chars']:>9,} chars, mean of {row['texts']} texts): "
            f"{row['seconds']:8.3f} s, {row['questions']} questions"
            + (f", growth per doubling x{growth:.2f}" if growth else "")
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=10,
        help="seconds per endpoint, saturated (10)",
    )
    parser.add_argument(
        "--students", type=int, default=50, help="students at once, saturated (50)"
    )
    parser.add_argument(
        "--light-duration",
        type=float,
        default=5,
        help="seconds per endpoint, one worker (5)",
    )
    parser.add_argument(
        "--light-students", type=int, default=1, help="students at once, one worker (1)"
    )
    parser.add_argument(
        "--answer-capacity",
        type=int,
        default=1500,
        help="answers per second to prepare attempts for (1500)",
    )
    parser.add_argument(
        "--generator", action="store_true", help="time the generator (the default)"
    )
    parser.add_argument(
        "--skip-generator", action="store_true", help="do not time the generator"
    )
    parser.add_argument(
        "--make-run", action="store_true", help="time `make run` in a fresh clone"
    )
    parser.add_argument(
        "--sqlite-only", action="store_true", help="ignore DATABASE_URL"
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=600,
        help="wait up to this long for other runs to end (600)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory (logs)"
    )
    parser.add_argument(
        "--internal-queries", action="store_true", help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.internal_queries:
        print(json.dumps(count_queries()))
        return 0
    if not 1 <= args.students <= 1000 or not 0 < args.duration <= 300:
        parser.error("--students 1..1000 and --duration up to 300 s")

    quiet = wait_until_quiet(args.wait_quiet)
    if quiet["other_processes_at_start"]:
        print(
            "WARNING: other runs are going on; numbers are disturbed:\n  "
            + "\n  ".join(quiet["other_processes_at_start"]),
            flush=True,
        )
    common = {
        "command": shlex.join([Path(sys.executable).name, *sys.argv]),
        "make_target": os.environ.get("MAKELEVEL") and "make bench",
        "when": datetime.now().astimezone().isoformat(timespec="seconds"),
        "git": git_commit(),
        "machine": machine(),
        "quiet": quiet,
        "settings": {
            "duration_s": args.duration,
            "students": args.students,
            "light_duration_s": args.light_duration,
            "light_students": args.light_students,
            "answer_capacity": args.answer_capacity,
        },
    }
    databases = [("sqlite", None)]
    url = os.environ.get("DATABASE_URL", "")
    if url and not args.sqlite_only:
        if not url.startswith(("postgres://", "postgresql://")):
            parser.error("DATABASE_URL must be a postgres:// URL (SQLite always runs)")
        databases.append(("postgresql", url))

    results = [(kind, run_database(kind, args, url)) for kind, url in databases]
    generator = None
    if not args.skip_generator:
        print("\ntiming the generator ...", flush=True)
        generator = generator_times()
    make_run = None
    if args.make_run:
        print("timing `make run` in a fresh clone ...", flush=True)
        make_run = make_run_time()

    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
    for kind, result in results:
        result["targets"] = targets(result, generator, args.students)
        document = {
            **common,
            **result,
            "generator": generator,
            "make_run": make_run,
        }
        print(
            f"\n=== {kind} — {common['machine']['cpu_model']}, {common['machine']['cpus']} CPUs; {result['pinning']}"
        )
        print(table(result))
        print("targets:")
        for row in result["targets"]:
            mark = {True: "met   ", False: "MISSED", None: "n/a   "}[row["met"]]
            print(f"  {mark} {row['target']}: {row['value']} (goal {row['goal']})")
        path = RESULTS / f"{stamp}-{kind}.json"
        temporary = path.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(document, indent=2, default=str) + "\n")
        temporary.replace(path)
        print(f"results: {path.relative_to(ROOT)}")
    if generator:
        print("\n" + generator_table(generator))
    if make_run:
        print(f"make run in a fresh clone to the first page answering 200: {make_run}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The load generator of `make bench` (bench/bench_server.py): simulated students on keep-alive
connections, in a process of their own pinned to another CPU than the server, and the endpoints
they measure.
"""

from __future__ import annotations

import gzip
import http.client
import multiprocessing
import os
import queue
import random
import re
import socket
import statistics
import sys
import threading
import time
import traceback
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The other benchmark's student client: its loopback check and the patterns it reads pages with.
from bench.load import CHOICE_INPUT, FORM_TOKEN, QUIZ_SLUG  # noqa: E402

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
    # The headline: how a class really uses the app. Every student walks a fresh attempt, each
    # question page seen once and then answered (htmx), so no figure rests on one student
    # re-reading one page the server has cached.
    "class": "class walk (GET+answer)",
    "question": "question page GET",
    "answer_htmx": "answer POST (htmx)",
    "answer_plain": "answer POST (no JS, 302)",
    "results": "results page GET",
    "article": "article page GET",
}
# Measured in this order; the bare view once more at the end shows any drift during the run.
PHASES = [
    "bare",
    "class",
    "question",
    "answer_htmx",
    "answer_plain",
    "results",
    "article",
    "bare_again",
]


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
                self.http.connect()
                # http.client writes a request's headers and its body separately; without this
                # the body waits for the headers to be acknowledged (Nagle's algorithm), and the
                # server's own time per request would include that wait. Browsers set it too.
                self.http.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
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
            if pool.startswith(("answer", "class")):
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
        if endpoint == "class":
            return self.class_walker(pool_suffix, rng)
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

    def class_walker(self, pool_suffix: str, rng: random.Random):
        """One request per step of a class's walk: a question page never seen before, then the
        answer to what it shows; the next question; a fresh student with fresh attempts when one
        is through."""
        waiting = self.answer_queues[f"class{pool_suffix}"]
        state: dict = {"browser": None, "page": None, "slot": None}

        def walk(connection: Connection) -> str | None:
            if state["page"] is None:
                slot = state["browser"] and state["browser"].next_slot(
                    self.question_count
                )
                while not slot:
                    try:
                        state["browser"] = waiting.get_nowait()
                    except queue.Empty:
                        raise OutOfWork from None
                    connection.close()  # a new student: its own connection
                    slot = state["browser"].next_slot(self.question_count)
                state["slot"] = slot
                response, data = call(connection, state["browser"], "GET", slot[0])
                if response.status != 200:
                    return f"status {response.status}"
                state["page"] = decoded(response, data)
                return None
            browser, (path, _) = state["browser"], state["slot"]
            form = {
                "csrfmiddlewaretoken": browser.token,
                **answer_from_page(state["page"], rng),
            }
            state["page"] = None
            response, data = call(
                connection, browser, "POST", path, form=form, htmx=True
            )
            browser.answered += 1
            if response.status != 200:
                return f"status {response.status}"
            if b'class="verdict"' not in gzip.decompress(data):
                return "no verdict in the fragment"
            return None

        return walk

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
        methods = (
            {"GET", "POST"}
            if endpoint == "class"
            else {"POST"}
            if endpoint.startswith("answer")
            else {"GET"}
        )
        microseconds, restarts = [], 0
        for line in access_log_window(log_path, start, end):
            if "Autorestarting worker" in line:
                restarts += 1
            match = ACCESS_LINE.match(line)
            if not match or match.group(1) not in methods:
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

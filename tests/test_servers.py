"""Nothing lost: the real servers under concurrency and faults.

gunicorn runs exactly as `make serve` runs it (config/gunicorn.py, gthread workers) with the
production settings (DEBUG off, a strong secret key, hashed static files); tests/server_settings.py
only lets a test shorten SQLite's busy timeout or cap its file size. Each test gets a database of
its own, migrated and seeded with load_seeds: a SQLite file, or, when DATABASE_URL names a
PostgreSQL cluster (`make test-postgres`), a database copied from a seeded template in it.

Students are plain HTTP clients (requests), each with its own session and CSRF token, answering as
htmx does (HX-Request, X-CSRFToken) or as a plain form (Post/Redirect/Get). The test reads the
servers' database directly to check that every answer is stored exactly once and every attempt's
score and count equal the sum of its responses.

Bounds: servers listen on 127.0.0.1 only; every request has a timeout, every wait a deadline, and
the number of students and answers is fixed. Servers run in process groups of their own that are
stopped however a test ends (and get SIGTERM should pytest itself die).
"""

import ctypes
import json
import os
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

pytestmark = pytest.mark.servers

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
QUIZ_SLUG = "landmines-missiles-ottawa-convention"
SECRET_KEY = secrets.token_urlsafe(50)
REQUEST_TIMEOUT = 20  # seconds for any one request
START_TIMEOUT = 30  # seconds for a server to answer /healthz

DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))
needs_postgres = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="needs a PostgreSQL cluster in DATABASE_URL: runs in `make test-postgres`",
)
sqlite_fault = pytest.mark.skipif(
    ON_POSTGRES,
    reason="a fault of SQLite's own file and lock: runs on SQLite in `make test`",
)


# --- Processes ------------------------------------------------------------------------------------


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def die_with_pytest() -> None:
    """Run in the child before exec: SIGTERM it if the pytest process dies (PR_SET_PDEATHSIG)."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)


def server_env(database_url: str, static_root: Path | None, **extra: str) -> dict:
    """Production-like settings for a server or a manage.py command, and nothing of ours."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "SERVER_TESTS_"))
        and key != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.server_settings",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
    )
    if static_root:
        env["SERVER_TESTS_STATIC_ROOT"] = str(static_root)
    env.update(extra)
    return env


def manage(*args: str, database_url: str, static_root: Path | None = None) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=server_env(database_url, static_root),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr}"


class Server:
    """One app server: a gunicorn master and its workers, in a process group of their own."""

    def __init__(
        self, database_url: str, static_root: Path, log_dir: Path, **env: str
    ) -> None:
        self.database_url = database_url
        self.static_root = static_root
        self.log_path = log_dir / f"gunicorn-{uuid.uuid4().hex[:8]}.log"
        self.env = {"GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "4", **env}
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, **env: str) -> "Server":
        self.env.update(env)
        environment = server_env(
            self.database_url,
            self.static_root,
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            **self.env,
        )
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [str(GUNICORN), "--config", "config/gunicorn.py", "config.wsgi"],
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=die_with_pytest,
            )
        self.wait_until_healthy()
        return self

    def wait_until_healthy(self, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn exited:\n{self.log_tail()}"
            with suppress(requests.RequestException):
                if requests.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            time.sleep(0.1)
        raise AssertionError(f"gunicorn did not become healthy:\n{self.log_tail()}")

    def worker_pids(self) -> set[int]:
        """The master's live children (its workers), read from /proc."""
        pids = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with suppress(OSError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.process.pid and fields[0] != "Z":
                    pids.add(int(stat.parent.name))
        return pids

    def wait_for_workers(
        self, count: int, *, not_in: set[int] = frozenset()
    ) -> set[int]:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            pids = self.worker_pids() - not_in
            if len(pids) >= count:
                return pids
            time.sleep(0.1)
        raise AssertionError(f"gunicorn has no {count} new workers:\n{self.log_tail()}")

    def stop(self, *, graceful: bool = True) -> None:
        """SIGTERM (graceful: requests under way finish) or SIGINT (quick), then SIGKILL for
        whatever of the group is left."""
        if self.process is None:
            return
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM if graceful else signal.SIGINT)
        with suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=25)
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        self.process = None

    def log_tail(self, lines: int = 40) -> str:
        with suppress(OSError):
            return "\n".join(
                self.log_path.read_text(errors="replace").splitlines()[-lines:]
            )
        return ""


# --- The servers' database, read from outside -----------------------------------------------------


@dataclass
class Database:
    url: str

    @property
    def path(self) -> str:
        return self.url.removeprefix("sqlite:///") if self.is_sqlite else ""

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite:")

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        if self.is_sqlite:
            with closing(sqlite3.connect(self.path, timeout=30)) as connection:
                return connection.execute(sql.replace("%s", "?"), params).fetchall()
        import psycopg

        with psycopg.connect(
            self.url, connect_timeout=10, autocommit=True
        ) as connection:
            return connection.execute(sql, params).fetchall()

    def responses(self) -> dict[uuid.UUID, dict[int, str]]:
        """Each attempt's stored answers: {attempt: {position: correctness}}."""
        positions = {
            uuid.UUID(str(attempt_id)): {
                question_id: position
                for position, question_id in enumerate(load_json(ids), start=1)
            }
            for attempt_id, ids in self.query(
                "SELECT id, question_ids FROM quiz_attempt"
            )
        }
        stored: dict[uuid.UUID, dict[int, str]] = {attempt: {} for attempt in positions}
        for attempt_id, question_id, correctness in self.query(
            "SELECT attempt_id, question_id, correctness FROM quiz_response"
        ):
            attempt = uuid.UUID(str(attempt_id))
            stored[attempt][positions[attempt][question_id]] = correctness
        return stored

    def inconsistencies(self) -> list[str]:
        """Half-written answers: an attempt whose score or count is not the sum of its responses,
        or a choice question's response without its choices."""
        problems = [
            f"attempt {attempt}: score {score} / {count} answered, responses {total} / {rows}"
            for attempt, score, count, rows, total in self.query(
                "SELECT a.id, a.score, a.answered_count, COUNT(r.id), COALESCE(SUM(r.points), 0)"
                " FROM quiz_attempt a LEFT JOIN quiz_response r ON r.attempt_id = a.id"
                " GROUP BY a.id, a.score, a.answered_count"
            )
            if count != rows or abs(score - total) > 1e-9
        ]
        problems += [
            f"response {response} has no chosen choices"
            for (response,) in self.query(
                "SELECT r.id FROM quiz_response r JOIN quiz_question q ON q.id = r.question_id"
                " WHERE q.kind <> 'numeric' AND NOT EXISTS"
                " (SELECT 1 FROM quiz_response_chosen c WHERE c.response_id = r.id)"
            )
        ]
        return problems

    @contextmanager
    def writes_held(self) -> Iterator[None]:
        """Another program holds the lock an answer needs: SQLite's write lock, or PostgreSQL's
        lock on the answers table (reads go on)."""
        if self.is_sqlite:
            with closing(sqlite3.connect(self.path, isolation_level=None)) as holder:
                holder.execute("BEGIN IMMEDIATE")
                try:
                    yield
                finally:
                    holder.execute("ROLLBACK")
            return
        import psycopg

        with psycopg.connect(self.url, connect_timeout=10) as holder:
            holder.execute("LOCK TABLE quiz_response IN EXCLUSIVE MODE")
            try:
                yield
            finally:
                holder.rollback()

    def integrity_check(self) -> str:
        return self.query("PRAGMA integrity_check")[0][0]


def load_json(value) -> list:
    return json.loads(value) if isinstance(value, str) else value


def postgres_admin(url: str, sql: str) -> None:
    """Create or drop a database in the cluster of `url` (outside any transaction)."""
    import psycopg

    with psycopg.connect(url, connect_timeout=10, autocommit=True) as connection:
        connection.execute(sql)


def with_database_name(url: str, name: str) -> str:
    return urlsplit(url)._replace(path=f"/{name}").geturl()


# --- Students -------------------------------------------------------------------------------------

CHOICE_INPUT = re.compile(
    r'<input type="(radio|checkbox)" name="choice" id="[^"]*" value="(\d+)"'
)
FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERDICT = re.compile(r'<h2 class="verdict"[^>]*>([^<]+)</h2>')
SCORE = re.compile(r"Score so far: <strong>([^<]*)</strong> out of (\d+) answered")
NOTICE = re.compile(
    r'\s*<p class="notice" role="alert">[^<]*</p>'
)  # with the line it stands on
ATTEMPT_URL = re.compile(r"/attempts/([0-9a-f-]{36})/questions/1/$")


@dataclass
class Reply:
    """What a student saw after answering: the status and, on success, the verdict and score."""

    status: int
    body: str = ""
    verdict: str | None = None
    score: tuple[str, int] | None = None

    @classmethod
    def of(cls, response: requests.Response) -> "Reply":
        text = response.text
        verdict = VERDICT.search(text)
        score = SCORE.search(text)
        return cls(
            status=response.status_code,
            body=text,
            verdict=verdict.group(1).strip() if verdict else None,
            score=(score.group(1), int(score.group(2))) if score else None,
        )

    @property
    def points(self) -> float:
        """The points the verdict gives: 1, 0, or "Partly correct: 0.5 of 1 point"."""
        partly = re.search(r"([\d.]+) of 1 point", self.verdict)
        return float(partly.group(1)) if partly else float(self.verdict == "Correct")

    @property
    def busy(self) -> bool:
        """The clear "try again" reply of quiz.middleware.DatabaseBusyMiddleware."""
        return (
            self.status == HTTPStatus.SERVICE_UNAVAILABLE
            and "please wait a few seconds and try again" in self.body
        )


class Student:
    """A browser: its own cookies (session, CSRF), talking to whichever server it is given."""

    def __init__(self, name: str, server: str) -> None:
        self.name = name
        self.server = server
        self.http = requests.Session()
        self.attempt_id: uuid.UUID | None = None
        self.question_count = 0
        self.statuses: Counter = Counter()  # every status seen, and "no reply"

    def clone(self) -> "Student":
        """Another tab of the same browser: the same session, its own connection."""
        other = Student(self.name, self.server)
        other.http.cookies.update(self.http.cookies)
        other.attempt_id, other.question_count = self.attempt_id, self.question_count
        return other

    def request(self, method: str, path: str, server: str | None = None, **kwargs):
        try:
            response = self.http.request(
                method,
                (server or self.server) + path,
                timeout=REQUEST_TIMEOUT,
                allow_redirects=False,
                **kwargs,
            )
        except requests.RequestException:  # refused, reset, cut short, timed out
            self.statuses["no reply"] += 1
            raise
        self.statuses[response.status_code] += 1
        return response

    def start(self, server: str | None = None) -> None:
        page = self.request("GET", f"/quizzes/{QUIZ_SLUG}/", server)
        assert page.status_code == HTTPStatus.OK, page.status_code
        self.question_count = int(re.search(r"(\d+) questions", page.text).group(1))
        started = self.request(
            "POST",
            f"/quizzes/{QUIZ_SLUG}/",
            server,
            data={
                "csrfmiddlewaretoken": FORM_TOKEN.search(page.text).group(1),
                "display_name": self.name,
            },
        )
        assert started.status_code == HTTPStatus.FOUND, started.status_code
        self.attempt_id = uuid.UUID(
            ATTEMPT_URL.search(started.headers["Location"]).group(1)
        )

    def question_path(self, position: int) -> str:
        return f"/attempts/{self.attempt_id}/questions/{position}/"

    def answer_data(self, page: str) -> dict:
        """This student's answer to the question on the page: one of its choices, or a number."""
        choices = CHOICE_INPUT.findall(page)
        if not choices:
            return {"number": str(secrets.choice([1, 40, 100, 1500]))}
        kind = choices[0][0]
        ids = [choice_id for _, choice_id in choices]
        if kind == "checkbox":
            return {"choice": ids[: 1 + len(self.name) % 2]}
        return {"choice": ids[len(self.name) % len(ids)]}

    def read_question(self, position: int, server: str | None = None) -> dict:
        page = self.request("GET", self.question_path(position), server)
        assert page.status_code == HTTPStatus.OK, page.status_code
        return {
            **self.answer_data(page.text),
            "csrfmiddlewaretoken": FORM_TOKEN.search(page.text).group(1),
        }

    def answer(
        self,
        position: int,
        data: dict,
        *,
        htmx: bool = True,
        server: str | None = None,
    ) -> Reply:
        """POST the answer as htmx does (the fragment comes back) or as a plain form (a redirect,
        then the page)."""
        path = self.question_path(position)
        headers = (
            {
                "HX-Request": "true",
                "HX-Target": "question-card",
                "X-CSRFToken": self.http.cookies["csrftoken"],
            }
            if htmx
            else {}
        )
        response = self.request("POST", path, server, data=data, headers=headers)
        if not htmx and response.status_code == HTTPStatus.FOUND:
            assert response.headers["Location"] == path
            response = self.request("GET", path, server)
        return Reply.of(response)

    def answer_until_stored(
        self, position: int, data: dict, deadline: float, **kwargs
    ) -> Reply:
        """What a student does when the page fails: try the same answer again, a moment later."""
        while True:
            with suppress(requests.RequestException):
                reply = self.answer(position, data, **kwargs)
                if reply.verdict:
                    return reply
                assert reply.busy, f"{reply.status}: {reply.body[:500]}"
            assert time.monotonic() < deadline, (
                f"{self.name}: position {position} never stored"
            )
            time.sleep(0.2)


def retrying(step: Callable, deadline: float):
    """Run one step again while the server is away (no reply, or its "try again" page)."""
    while True:
        try:
            return step()
        except (requests.RequestException, AssertionError):
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.2)


@dataclass
class Class:
    """Students answering at once, each in its own thread, each question once."""

    students: list[Student]
    answers: int  # questions each student answers
    # The verdict each student was shown: {name: {position: verdict}}.
    seen: dict[str, dict[int, str]] = field(default_factory=dict)
    answered: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def play(self, student: Student, deadline: float, retry: bool) -> None:
        def step(call):
            return retrying(call, deadline) if retry else call()

        step(student.start)
        for position in range(1, self.answers + 1):
            data = step(lambda position=position: student.read_question(position))
            htmx = position % 2 == 1
            reply = (
                student.answer_until_stored(position, data, deadline, htmx=htmx)
                if retry
                else student.answer(position, data, htmx=htmx)
            )
            assert reply.status == HTTPStatus.OK and reply.verdict, reply.status
            with self.lock:
                self.seen.setdefault(student.name, {})[position] = reply.verdict
                self.answered += 1

    def run(
        self, *, timeout: float, retry: bool = False, during: Callable | None = None
    ):
        """Play every student; `during` runs in this thread meanwhile (a fault). Returns the
        errors the students' threads ended with."""
        deadline = time.monotonic() + timeout
        with ThreadPoolExecutor(max_workers=len(self.students)) as pool:
            futures = [
                pool.submit(self.play, student, deadline, retry)
                for student in self.students
            ]
            if during:
                during()
            errors = [
                future.exception(timeout=max(1, deadline - time.monotonic() + 30))
                for future in futures
            ]
        return [error for error in errors if error is not None]

    def wait_for_answers(self, count: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while self.answered < count:
            assert time.monotonic() < deadline, f"only {self.answered} answers so far"
            time.sleep(0.02)

    def statuses(self) -> Counter:
        """Every reply's status, and "no reply"; printed for `pytest -s` and failures."""
        seen = sum((student.statuses for student in self.students), Counter())
        print(f"{self.answered} answers; replies: {dict(seen)}")
        return seen

    def check_stored(self, database: Database) -> None:
        """Every answer a student saw a verdict for is stored, once, with that verdict; nothing
        else is stored; every attempt adds up."""
        stored = database.responses()
        for student in self.students:
            seen = self.seen.get(student.name, {})
            assert {p: VERDICTS[v.split(":")[0]] for p, v in seen.items()} == stored[
                student.attempt_id
            ], student.name
        assert database.inconsistencies() == []


VERDICTS = {
    "Correct": "correct",
    "Incorrect": "incorrect",
    "Partly correct": "partly_correct",
}


# --- Fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def static_root(tmp_path_factory) -> Path:
    """collectstatic once, as `make build` does: hashed, compressed files for whitenoise."""
    root = tmp_path_factory.mktemp("static")
    manage(
        "collectstatic",
        "--noinput",
        "--verbosity=0",
        database_url="sqlite:///:memory:",
        static_root=root,
    )
    return root


@pytest.fixture(scope="session")
def seeded_sqlite(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seeded") / "db.sqlite3"
    for command in ("migrate", "load_seeds"):
        manage(command, "--verbosity=0", database_url=f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def seeded_postgres() -> Iterator[str]:
    """A seeded database in the cluster of DATABASE_URL, the template of each test's own."""
    name = f"servers_template_{secrets.token_hex(4)}"
    postgres_admin(DATABASE_URL, f'CREATE DATABASE "{name}"')
    try:
        for command in ("migrate", "load_seeds"):
            manage(
                command,
                "--verbosity=0",
                database_url=with_database_name(DATABASE_URL, name),
            )
        yield name
    finally:
        postgres_admin(DATABASE_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sqlite_copy(seeded: Path, directory: Path) -> Database:
    path = directory / "db.sqlite3"
    with (
        closing(sqlite3.connect(seeded)) as source,
        closing(sqlite3.connect(path)) as target,
    ):
        source.backup(target)
    return Database(f"sqlite:///{path}")


@pytest.fixture
def sqlite_database(seeded_sqlite: Path, tmp_path: Path) -> Database:
    return sqlite_copy(seeded_sqlite, tmp_path)


@pytest.fixture
def database(request, tmp_path: Path) -> Iterator[Database]:
    """This test's own seeded database, on the backend the suite runs on."""
    if not ON_POSTGRES:
        yield sqlite_copy(request.getfixturevalue("seeded_sqlite"), tmp_path)
        return
    template = request.getfixturevalue("seeded_postgres")
    name = f"servers_{secrets.token_hex(4)}"
    postgres_admin(DATABASE_URL, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield Database(with_database_name(DATABASE_URL, name))
    finally:
        postgres_admin(DATABASE_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def start_server(static_root: Path, tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """Start app servers on a database; all of them are stopped when the test ends."""
    servers: list[Server] = []

    def start(database: Database, **env: str) -> Server:
        server = Server(database.url, static_root, tmp_path, **env)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop(graceful=False)


# --- Concurrency ----------------------------------------------------------------------------------


def test_fifty_identical_answers_at_once_store_one_response(start_server, database):
    server = start_server(database)
    student = Student("ada", server.url)
    student.start()
    data = student.read_question(1)
    tabs = [student.clone() for _ in range(50)]
    ready = threading.Barrier(len(tabs), timeout=30)

    def send(tab: Student) -> Reply:
        ready.wait()
        return tab.answer(1, data)

    with ThreadPoolExecutor(max_workers=len(tabs)) as pool:
        replies = list(pool.map(send, tabs, timeout=120))

    assert {reply.status for reply in replies} == {HTTPStatus.OK}
    stored = database.responses()[student.attempt_id]
    assert list(stored) == [1]
    assert database.inconsistencies() == []
    # Identical: the same question card with the same verdict, the same answer marked as the
    # student's, the same right answer, explanation and citation, the same score and progress.
    # Only the notice "You have already answered this question" may be there or not.
    cards = {NOTICE.sub("", reply.body) for reply in replies}
    assert len(cards) == 1, [reply.score for reply in replies]
    assert [bool(NOTICE.search(reply.body)) for reply in replies].count(False) == 1
    assert VERDICTS[replies[0].verdict.split(":")[0]] == stored[1]


def test_every_reply_to_simultaneous_answers_shows_the_stored_score(
    start_server, database
):
    """Made certain: the answers' lock is held until every server thread has read "not answered
    yet", so all but one of them lose the race on the unique constraint."""
    server = start_server(database)
    student = Student("ada", server.url)
    student.start()
    data = student.read_question(1)
    tabs = [student.clone() for _ in range(8)]  # one for each of the server's threads
    pool = ThreadPoolExecutor(max_workers=len(tabs))
    try:
        with database.writes_held():
            futures = [pool.submit(tab.answer, 1, data) for tab in tabs]
            time.sleep(2)
        replies = [future.result(timeout=60) for future in futures]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)

    assert {reply.status for reply in replies} == {HTTPStatus.OK}
    assert list(database.responses()[student.attempt_id]) == [1]
    # One stored it; the others lost the race on the unique constraint and say so.
    assert [bool(NOTICE.search(reply.body)) for reply in replies].count(False) == 1
    assert {reply.score[1] for reply in replies} == {1}, [
        reply.score for reply in replies
    ]


def test_a_hundred_students_answering_at_once_lose_nothing(start_server, database):
    server = start_server(database)
    group = Class([Student(f"student{n}", server.url) for n in range(100)], answers=4)

    errors = group.run(timeout=120)

    assert errors == []
    statuses = group.statuses()
    assert all(status in (HTTPStatus.OK, HTTPStatus.FOUND) for status in statuses), (
        statuses
    )
    assert group.answered == 100 * 4
    group.check_stored(database)


@needs_postgres
def test_two_app_servers_share_one_postgresql(start_server, database):
    """One student's requests alternate between two gunicorn servers: the session, the attempt
    and the score are the same whichever answers."""
    servers = [start_server(database), start_server(database)]
    student = Student("grace", servers[0].url)
    student.start(server=servers[1].url)
    verdicts, points = {}, 0.0
    for position in range(1, student.question_count + 1):
        reading, answering = servers[position % 2].url, servers[(position + 1) % 2].url
        data = student.read_question(position, server=reading)
        reply = student.answer(position, data, htmx=position % 3 != 0, server=answering)
        assert reply.status == HTTPStatus.OK and reply.verdict
        verdicts[position] = VERDICTS[reply.verdict.split(":")[0]]
        points += reply.points
        assert reply.score == (f"{points:.2f}".rstrip("0").rstrip("."), position)
    results = student.request(
        "GET", f"/attempts/{student.attempt_id}/results/", servers[0].url
    )
    assert results.status_code == HTTPStatus.OK
    (score, count, finished), *_ = database.query(
        "SELECT score, answered_count, finished_at FROM quiz_attempt WHERE id = %s",
        (student.attempt_id,),
    )
    assert count == student.question_count and finished is not None
    assert abs(score - points) < 0.01 * count
    assert f"<strong>{reply.score[0]} / {count}</strong>" in results.text
    assert database.responses()[student.attempt_id] == verdicts
    assert database.inconsistencies() == []


# --- Faults ---------------------------------------------------------------------------------------


def test_a_killed_worker_is_replaced_and_no_answer_is_half_written(
    start_server, database
):
    server = start_server(database)
    group = Class([Student(f"kill{n}", server.url) for n in range(16)], answers=8)
    first_workers = server.wait_for_workers(2)
    killed = set()

    def kill_workers() -> None:
        for count in (20, 60):
            group.wait_for_answers(count)
            victim = min(server.wait_for_workers(2))
            os.kill(victim, signal.SIGKILL)
            killed.add(victim)

    errors = group.run(timeout=120, retry=True, during=kill_workers)

    assert errors == []
    assert len(killed) == 2 and killed & first_workers
    assert len(server.wait_for_workers(2, not_in=killed)) == 2
    statuses = group.statuses()
    assert not [
        status for status in statuses if isinstance(status, int) and status >= 500
    ]
    assert group.answered == 16 * 8
    group.check_stored(database)


def test_the_app_server_restarts_under_load(start_server, database):
    """A graceful reload (SIGHUP), then a full stop and start on the same port."""
    server = start_server(database)
    group = Class([Student(f"restart{n}", server.url) for n in range(16)], answers=8)

    def restart() -> None:
        group.wait_for_answers(20)
        old = server.worker_pids()
        os.kill(server.process.pid, signal.SIGHUP)
        server.wait_for_workers(2, not_in=old)
        group.wait_for_answers(60)
        server.stop()
        time.sleep(0.5)
        server.start()

    errors = group.run(timeout=150, retry=True, during=restart)

    assert errors == []
    statuses = group.statuses()
    assert not [
        status for status in statuses if isinstance(status, int) and status >= 500
    ]
    assert group.answered == 16 * 8
    group.check_stored(database)


@sqlite_fault
def test_a_write_lock_held_too_long_gets_try_again_then_the_answer_counts(
    start_server, sqlite_database
):
    database = sqlite_database
    server = start_server(database, DJANGO_DB_TIMEOUT="1")
    student = Student("lin", server.url)
    student.start()
    data = student.read_question(1)
    form_data = student.read_question(2)

    with database.writes_held():
        started = time.monotonic()
        busy = student.answer(1, data)
        plain = student.answer(2, form_data, htmx=False)
        waited = time.monotonic() - started
        page = student.request("GET", student.question_path(3))
        health = student.request("GET", "/healthz")

    assert busy.busy and busy.verdict is None, busy.status
    assert plain.busy, plain.status
    assert 2 <= waited < 10  # each waited for the busy timeout, then gave up
    assert page.status_code == HTTPStatus.OK  # reads go on beside the writer (WAL)
    assert health.status_code == HTTPStatus.OK
    assert database.responses()[student.attempt_id] == {}

    again = student.answer(1, data)
    assert again.status == HTTPStatus.OK and again.verdict
    assert student.answer(2, form_data, htmx=False).verdict
    assert list(database.responses()[student.attempt_id]) == [1, 2]
    assert database.inconsistencies() == []


@sqlite_fault
def test_a_new_student_during_a_long_write_lock_gets_try_again(
    start_server, sqlite_database
):
    """Pages that only read are served beside the lock; starting (a write) gets "try again"."""
    server = start_server(sqlite_database, DJANGO_DB_TIMEOUT="1")
    student = Student("new", server.url)
    with sqlite_database.writes_held():
        join = student.request("GET", "/join/")
        page = student.request("GET", f"/quizzes/{QUIZ_SLUG}/")
        token = FORM_TOKEN.search(page.text).group(1)
        start = student.request(
            "POST", f"/quizzes/{QUIZ_SLUG}/", data={"csrfmiddlewaretoken": token}
        )
    assert join.status_code == page.status_code == HTTPStatus.OK
    assert Reply.of(start).busy, start.status_code
    assert sqlite_database.query("SELECT COUNT(*) FROM quiz_attempt") == [(0,)]
    student.start()
    assert student.read_question(1)


def mount_tmpfs(directory: Path, size: str) -> bool:
    directory.mkdir()
    result = subprocess.run(
        [
            "mount",
            "-t",
            "tmpfs",
            "-o",
            f"size={size},mode=0700",
            "tmpfs",
            str(directory),
        ],
        capture_output=True,
        timeout=10,
    )
    return result.returncode == 0


def remount_tmpfs(directory: Path, size: str) -> None:
    subprocess.run(
        ["mount", "-o", f"remount,size={size}", str(directory)], check=True, timeout=10
    )


@sqlite_fault
@pytest.mark.parametrize("disk", ["tmpfs", "max_page_count"])
def test_a_full_disk_gets_try_again_and_leaves_the_database_intact(
    disk, start_server, seeded_sqlite, tmp_path
):
    """The database's disk fills up while students answer: a small tmpfs when this machine lets
    root mount one (a real ENOSPC), else SQLite's max_page_count on the server's connections."""
    group = Class([Student(f"full{n}", "") for n in range(12)], answers=0)
    if disk == "tmpfs":
        disk_dir = tmp_path / "disk"
        if os.geteuid() != 0 or not mount_tmpfs(disk_dir, "16m"):
            pytest.skip("cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN)")
    else:
        disk_dir = tmp_path
    server = None
    try:
        database = sqlite_copy(seeded_sqlite, disk_dir)
        server = start_server(database)
        for student in group.students:
            student.server = server.url
            student.start()
        pages = {student.name: student.read_question(1) for student in group.students}
        # The disk fills up: no room for more than a few pages beyond what the database has now.
        if disk == "tmpfs":
            used = sum(path.stat().st_size for path in disk_dir.iterdir())
            remount_tmpfs(disk_dir, f"{used // 1024 + 40}k")
        else:
            server.stop()
            (page_count,) = database.query("PRAGMA page_count")[0]
            server.start(SERVER_TESTS_SQLITE_MAX_PAGE_COUNT=str(page_count))

        replies = {}
        for position in range(1, group.students[0].question_count + 1):
            for student in group.students:
                data = (
                    pages[student.name]
                    if position == 1
                    else student.read_question(position)
                )
                replies[student.name, position] = (data, student.answer(position, data))
                if replies[student.name, position][1].busy:
                    break
            if any(reply.busy for _, reply in replies.values()):
                break
        statuses = Counter(reply.status for _, reply in replies.values())
        assert HTTPStatus.SERVICE_UNAVAILABLE in statuses, statuses
        assert set(statuses) <= {HTTPStatus.OK, HTTPStatus.SERVICE_UNAVAILABLE}, (
            statuses
        )
        assert all(reply.busy for _, reply in replies.values() if reply.status != 200)
        assert database.integrity_check() == "ok"
        assert database.inconsistencies() == []

        # Room again: the refused answer now counts.
        if disk == "tmpfs":
            remount_tmpfs(disk_dir, "16m")
        else:
            server.stop()
            server.start(SERVER_TESTS_SQLITE_MAX_PAGE_COUNT="1000000")
        (name, position), (data, _) = next(
            (key, value) for key, value in replies.items() if value[1].busy
        )
        student = next(student for student in group.students if student.name == name)
        assert student.answer(position, data).verdict
        assert position in database.responses()[student.attempt_id]
        assert database.integrity_check() == "ok"
        assert database.inconsistencies() == []
    finally:
        if server:
            server.stop()
        if disk == "tmpfs":
            subprocess.run(["umount", "--lazy", str(disk_dir)], timeout=10, check=False)


@needs_postgres
def test_postgresql_restarts_under_load_and_the_app_recovers(start_server, tmp_path):
    """A cluster of the test's own (bench/postgres.sh), restarted while students answer: the app
    servers reconnect by themselves."""
    state = {**os.environ, "PG_STATE": str(tmp_path / "postgres.state")}
    script = str(ROOT / "bench" / "postgres.sh")
    url = subprocess.run(
        [script, "start"],
        env=state,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.strip()
    try:
        for command in ("migrate", "load_seeds"):
            manage(command, "--verbosity=0", database_url=url)
        database = Database(url)
        server = start_server(database)
        group = Class([Student(f"pg{n}", server.url) for n in range(16)], answers=8)

        def restart_postgresql() -> None:
            group.wait_for_answers(40)
            subprocess.run([script, "restart"], env=state, timeout=120, check=True)

        errors = group.run(timeout=150, retry=True, during=restart_postgresql)

        assert errors == []
        statuses = group.statuses()
        assert not [
            s for s in statuses if isinstance(s, int) and s >= 500 and s != 503
        ], statuses
        assert group.answered == 16 * 8
        group.check_stored(database)
        assert requests.get(f"{server.url}/healthz", timeout=REQUEST_TIMEOUT).ok
        server.stop()
    finally:
        subprocess.run([script, "stop"], env=state, timeout=120, check=False)


# --- Bad input on the wire ------------------------------------------------------------------------

SEED_ARTICLE = "/articles/us-landmines-ukraine-2024/"
NO_ATTEMPT = "/attempts/00000000-0000-0000-0000-000000000000/questions"
MALFORMED = {
    # what is sent: the status it must get (the test client never sends these)
    b"HELLO\r\n\r\n": 400,
    b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n": 400,
    b"GET /\r\n\r\n": 400,
    b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n": 414,
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n": 431,
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    + b"".join(b"X-H%d: 1\r\n" % n for n in range(120))
    + b"\r\n": 431,
    b"GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n": 400,
    b"GET /quizzes/\xff\xfe/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n": 400,
    b"GET /join/%ff%fe/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n": 404,
    b"GET /join/%00/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n": 404,
    b"GET /static/%2e%2e/config/settings.py HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n": 404,
    b"GET " + SEED_ARTICLE.encode() + b"?cite=99999999999999999999-1 HTTP/1.1\r\n"
    b"Host: 127.0.0.1\r\n\r\n": 200,
    b"GET " + NO_ATTEMPT.encode() + b"/99999999999999999999999/ HTTP/1.1\r\n"
    b"Host: 127.0.0.1\r\n\r\n": 404,
    b"POST /join/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n": 400,
    b"POST /join/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n": 400,
    b"POST /join/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3000000\r\n"
    b"Content-Type: application/x-www-form-urlencoded\r\n\r\n" + b"a=" * 1_500_000: 403,
    b"TRACE / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n": 405,
    b"OPTIONS / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n": 405,
    b"DELETE /join/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n": 403,
    b"FOO / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n": 403,
}


def raw_status(port: int, data: bytes) -> int:
    """Send bytes as they are; the status of the reply."""
    with socket.create_connection(("127.0.0.1", port), timeout=REQUEST_TIMEOUT) as sock:
        with suppress(OSError):  # the server may answer and close before reading it all
            sock.sendall(data)
        reply = b""
        while b"\r\n" not in reply:
            chunk = sock.recv(4096)
            assert chunk, f"no reply to {data[:60]!r}"
            reply += chunk
    return int(reply.split(b" ", 2)[1])


def test_malformed_requests_get_a_clear_refusal_and_the_server_goes_on(
    start_server, database
):
    server = start_server(database)
    workers = server.wait_for_workers(2)
    statuses = {data[:60]: raw_status(server.port, data) for data in MALFORMED}
    assert statuses == {data[:60]: status for data, status in MALFORMED.items()}
    assert server.worker_pids() == workers  # no worker died
    assert requests.get(f"{server.url}/healthz", timeout=REQUEST_TIMEOUT).ok
    assert "Internal Server Error" not in server.log_tail(1000)
    assert database.query("SELECT COUNT(*) FROM quiz_attempt") == [(0,)]

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
missed. The simulated students are in bench/students.py, the tables and targets in bench/report.py.

    .venv/bin/python bench/bench_server.py                      # what `make bench` runs
    .venv/bin/python bench/bench_server.py --skip-generator --duration 5
    DATABASE_URL=$(bench/postgres.sh start) make bench; bench/postgres.sh stop
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import random
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The other benchmark's student client: its loopback check and the patterns it reads pages with.
from bench.load import loopback_only  # noqa: E402
from bench.report import derive, generator_table, table, targets  # noqa: E402
from bench.students import (  # noqa: E402
    ANSWER_BUDGET,
    ARTICLE_PATH,
    ATTEMPT_PATH,
    ATTEMPTS_PER_ANSWERER,
    BARE_PATH,
    HOST,
    PHASES,
    QUESTION_OF,
    QUIZ_PATH,
    RESULTS,
    LoadProcess,
    answer_from_page,
)

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
            "class": (per_pool + args.students, ATTEMPTS_PER_ANSWERER),
            "class_light": (light_pool + 1, ATTEMPTS_PER_ANSWERER),
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

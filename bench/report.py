"""What `make bench` prints and judges: ratios to the bare view, the targets of issue 6, the tables."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The other benchmark's student client: its loopback check and the patterns it reads pages with.

from bench.students import ENDPOINTS, PHASES  # noqa: E402


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

    # The headline, reported beside the targets with no goal of its own: a class walking fresh
    # attempts, page then answer, against the bare view.
    add(
        f"headline: {ENDPOINTS['class']} / bare, saturated throughput",
        sat["class"]["throughput_ratio"],
        "reported",
        None,
    )
    add(
        f"headline: {ENDPOINTS['class']} / bare, one-worker server time",
        one["class"]["server_time_ratio"],
        "reported",
        None,
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

"""Crawl a generated 1,000-page portal on 127.0.0.1 with three tools and print, side by side,
pages per second, CPU seconds per 1,000 pages and peak memory.

    (a) egov-audit check, every page-level check on (the shipped rules), store and report included
    (b) a bare Scrapy spider that only follows links: the floor for this engine (bench/bare_spider.py)
    (c) linkinator --recurse (npm; checks links only and ignores robots.txt)

Run:  .venv/bin/python bench/crawl_bench.py [--pages 1000] [--repeat 3]
linkinator is installed into bench/node_modules on first use (bench/peers.py: npm ci --ignore-scripts).

CPU is user+system time of the tool's process tree (os.wait4); peak memory is the
largest sum of RSS over the tool's process tree, sampled every 10 ms (cheaply: see measure()). RSS counts the pages
that processes share (Chromium's zygote-forked renderers share most of theirs) once per
process; the proportional set size (PSS, shared pages divided among their sharers) is
sampled too and printed where browsers are involved.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from peers import peer

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = sys.executable
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Measure:
    pages: int
    wall: float
    cpu: float
    peak_rss: int
    output: str
    peak_pss: int = 0
    pss_series: list[tuple[float, int]] = field(default_factory=list)  # (seconds since start, PSS), every 100 ms


def measure(command: list[str], cwd: Path) -> Measure:
    """Run `command`, sampling its process tree's memory every 10 ms at little cost to the tools.

    The measured tools are CPU-bound on two cores, so the sampler must take next to nothing:
    psutil's recursive children() reads every process of the machine (1.5-2 ms a sample, ~15 %
    of a core at this rate, which slowed the CPU-bound tool most). Here the tree is re-read from
    /proc/PID/task/*/children every 50 ms, RSS from statm every 10 ms and PSS every 100 ms.
    """
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as out:
        started = time.monotonic()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL)
        peak = peak_pss = samples = 0
        series: list[tuple[float, int]] = []
        pids = [process.pid]
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if samples % 5 == 0:
                pids = process_tree(process.pid)
            peak = max(peak, sum(resident_size(pid) for pid in pids))
            if samples % 10 == 0:  # reading smaps costs CPU the measured tools would miss: every 100 ms
                pss = sum(proportional_size(pid) for pid in pids)
                series.append((time.monotonic() - started, pss))
                peak_pss = max(peak_pss, pss)
            samples += 1
            time.sleep(0.01)
        wall = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return Measure(0, wall, usage.ru_utime + usage.ru_stime, peak, out.read(), peak_pss, series)


def process_tree(root: int) -> list[int]:
    """`root` and its descendants, from each thread's children file (a process that ended is skipped)."""
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{pid}/task").iterdir():
                with contextlib.suppress(OSError):
                    stack.extend(int(child) for child in (task / "children").read_bytes().split())
    return found


def resident_size(pid: int) -> int:
    """A process's RSS in bytes (0 once it has gone)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_bytes().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def proportional_size(pid: int) -> int:
    """A process's PSS in bytes (0 once it has gone)."""
    try:
        with Path(f"/proc/{pid}/smaps_rollup").open(encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def count_egov(output: str) -> int:
    return json.loads(output)["counts"]["pages"]


def count_bare(output: str) -> int:
    return int(output.strip().rsplit("pages=", 1)[1])


def count_linkinator(output: str, base: str) -> int:
    links = json.loads(output)["links"]
    return len({link["url"] for link in links if link["url"].startswith(base)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool; the median is printed")
    args = parser.parse_args()
    linkinator = peer("linkinator")
    portal = subprocess.Popen(
        [PYTHON, str(BENCH / "synthetic_portal.py"), "--pages", str(args.pages)], stdout=subprocess.PIPE, text=True
    )
    base = portal.stdout.readline().strip()  # type: ignore[union-attr]
    work = Path(tempfile.mkdtemp(prefix="egov-bench-"))
    tools = {
        "(a) egov-audit check": (
            [
                PYTHON,
                "-m",
                "egov_audit",
                "check",
                base,
                "--json",
                "--no-progress",
                "--max-pages",
                str(args.pages * 2),
                "--max-depth",
                "1000",
                "--render",
                "0",  # the crawl and its checks; rendering has its own benchmark
                "--db",
                f"sqlite:///{work}/bench.sqlite",
                "--report",
                f"{work}/report.html",
            ],
            count_egov,
        ),
        "(b) bare Scrapy spider": ([PYTHON, str(BENCH / "bare_spider.py"), base], count_bare),
        "(c) linkinator --recurse": (
            [str(linkinator), base, "--recurse", "--format", "json"],
            lambda out: count_linkinator(out, base),
        ),
    }
    results: dict[str, list[Measure]] = {name: [] for name in tools}
    try:
        for _ in range(args.repeat):
            for name, (command, count) in tools.items():
                result = measure(command, ROOT)
                result.pages = count(result.output)
                results[name].append(result)
    finally:
        portal.terminate()
        portal.wait()

    print(
        f"Crawl of a {args.pages}-page portal on 127.0.0.1, median of {args.repeat} runs "
        f"({os.cpu_count()} cores, Python {sys.version.split()[0]})"
    )
    header = f"{'tool':28} {'pages':>6} {'wall s':>8} {'pages/s':>8} {'CPU s/1000 p':>13} {'peak MB':>8}"
    print(header)
    print("-" * len(header))
    summary: dict[str, tuple[float, float]] = {}
    for name, runs in results.items():
        pages = int(statistics.median(r.pages for r in runs))
        wall = statistics.median(r.wall for r in runs)
        cpu_per_1000 = statistics.median(1000 * r.cpu / max(r.pages, 1) for r in runs)
        peak = statistics.median(r.peak_rss for r in runs) / 2**20
        summary[name] = (cpu_per_1000, peak)
        print(f"{name:28} {pages:>6} {wall:>8.2f} {pages / wall:>8.1f} {cpu_per_1000:>13.2f} {peak:>8.1f}")
    a, b, c = (summary[name] for name in tools)
    print()
    print(f"CPU per page, (a) / (b): {a[0] / b[0]:.2f}x  (target: at most 1.5x)")
    print(f"Peak memory, (a) vs (c): {a[1]:.1f} MB vs {c[1]:.1f} MB  (target: (a) at most (c))")


if __name__ == "__main__":
    main()

"""Walk a generated portal that only its script builds (1,000 pages, bench/synthetic_portal.py
--script) and print, side by side, pages found, pages per second, CPU seconds per 1,000 pages and
memory over the walk:

    (a) egov-audit check, discovery auto: it finds the portal needs a browser and walks it with one
    (b) egov-audit check --discovery http on the same portal: the HTML as served, an empty shell
    (c) egov-audit check --discovery http on the same portal served as plain HTML: the HTTP walk's cost per page
    (d) a plain Playwright crawl loop (bench/plain_playwright.py): links from each rendered page, no Scrapy

Run:  .venv/bin/python bench/browser_bench.py [--pages 1000] [--repeat 1]

egov-audit runs with --render 0: the walk and its checks, not axe-core (bench/render_bench.py). CPU
is user+system time of the tool's process tree, browsers included; memory is the proportional set
size of the tree (PSS: Chromium's renderers share most of their pages), sampled every 100 ms, its
largest value printed for each quarter of the walk: a walk that keeps its memory flat shows the
same figure in the last quarter as in the second.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from crawl_bench import PYTHON, ROOT, Measure, count_bare, count_egov, measure  # noqa: E402

QUARTERS = 4


def serve(pages: int, script: bool) -> tuple[subprocess.Popen[str], str]:
    command = [PYTHON, str(BENCH / "synthetic_portal.py"), "--pages", str(pages)] + (["--script"] if script else [])
    portal = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    return portal, portal.stdout.readline().strip()  # type: ignore[union-attr]


def egov_check(base: str, work: Path, pages: int, discovery: str) -> list[str]:
    return [
        PYTHON,
        "-m",
        "egov_audit",
        "check",
        base,
        "--json",
        "--no-progress",
        "--discovery",
        discovery,
        "--max-pages",
        str(pages * 2),
        "--max-depth",
        "1000",
        "--render",
        "0",
        "--db",
        f"sqlite:///{work}/{discovery}-{abs(hash(base))}.sqlite",
        "--report",
        f"{work}/report.html",
    ]


def discovery_mode(output: str) -> str:
    return json.loads(output)["run"]["discovery"]["mode"]


def quarters(result: Measure) -> list[float]:
    """The largest PSS (MB) in each quarter of the run's wall time."""
    peaks = [0] * QUARTERS
    for at, pss in result.pss_series:
        slot = min(QUARTERS - 1, int(QUARTERS * at / result.wall))
        peaks[slot] = max(peaks[slot], pss)
    return [peak / 2**20 for peak in peaks]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1, help="runs per tool; the median is printed")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="egov-browser-bench-"))
    scripted, scripted_url = serve(args.pages, script=True)
    static, static_url = serve(args.pages, script=False)
    tools: dict[str, tuple[list[str], Callable[[str], int]]] = {
        "(a) egov-audit, auto": (egov_check(scripted_url, work, args.pages, "auto"), count_egov),
        "(b) egov-audit, http": (egov_check(scripted_url, work, args.pages, "http"), count_egov),
        "(c) egov-audit, http, plain": (egov_check(static_url, work, args.pages, "http"), count_egov),
        "(d) plain Playwright loop": ([PYTHON, str(BENCH / "plain_playwright.py"), scripted_url], count_bare),
    }
    results: dict[str, list[Measure]] = {name: [] for name in tools}
    modes: dict[str, str] = {}
    try:
        for _ in range(args.repeat):
            for name, (command, count) in tools.items():
                result = measure(command, ROOT)
                result.pages = count(result.output)
                if "egov-audit" in name:
                    modes[name] = discovery_mode(result.output)
                results[name].append(result)
    finally:
        for portal in (scripted, static):
            portal.terminate()
            portal.wait()

    print(
        f"Walk of a {args.pages}-page portal built by script, on 127.0.0.1, median of {args.repeat} run(s) "
        f"({os.cpu_count()} cores, Python {sys.version.split()[0]})"
    )
    header = (
        f"{'tool':30} {'mode':>8} {'pages':>6} {'wall s':>8} {'pages/s':>8} {'CPU s/1000 p':>13} "
        f"{'PSS MB by quarter of the walk':>30}"
    )
    print(header)
    print("-" * len(header))
    cpu: dict[str, float] = {}
    memory: dict[str, list[float]] = {}
    for name, runs in results.items():
        pages = int(statistics.median(r.pages for r in runs))
        wall = statistics.median(r.wall for r in runs)
        cpu[name] = statistics.median(1000 * r.cpu / max(r.pages, 1) for r in runs)
        memory[name] = [statistics.median(q) for q in zip(*(quarters(r) for r in runs), strict=True)]
        by_quarter = " ".join(f"{q:>6.0f}" for q in memory[name])
        print(
            f"{name:30} {modes.get(name, '-'):>8} {pages:>6} {wall:>8.2f} {pages / wall:>8.1f} "
            f"{cpu[name]:>13.2f} {by_quarter:>30}"
        )
    a, c, d = "(a) egov-audit, auto", "(c) egov-audit, http, plain", "(d) plain Playwright loop"
    print()
    print(f"CPU per page, browser walk (a) / plain Playwright loop (d): {cpu[a] / cpu[d]:.2f}x  (target: at most 1.5x)")
    print(f"CPU per page, browser walk (a) / HTTP walk of the same pages as HTML (c): {cpu[a] / cpu[c]:.1f}x")
    second, last = memory[a][1], memory[a][-1]
    print(f"Memory of the browser walk, last quarter against the second: {last:.0f} MB vs {second:.0f} MB")


if __name__ == "__main__":
    main()

"""Render and audit the same 200 pages with egov-audit (concurrency 1, 2, 4) and with pa11y-ci's axe
runner (its default, concurrency 1; and concurrency 4 without incognito contexts), and print pages per
second, CPU seconds and peak memory side by side, with the number of violations each found.

Run:  .venv/bin/python bench/render_bench.py [--pages 200]
pa11y-ci is installed into bench/node_modules on first use (bench/peers.py: npm ci --ignore-scripts), and pointed at
the installed Chromium. egov-audit's figures include its crawl of the 200 pages; pa11y-ci is handed
the URL list.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from crawl_bench import PYTHON, ROOT, Measure, measure  # noqa: E402
from peers import peer  # noqa: E402

from egov_audit.render.axe import RUN_OPTIONS, axe_setup  # noqa: E402
from egov_audit.render.chromium import FLAGS, chromium_path  # noqa: E402

# axe.run alone, timed inside the page: the floor no integration can go below.
_TIMED_RUN = "async (o) => { const t = performance.now(); await axe.run(document, o); return performance.now() - t; }"


def axe_own_time(urls: list[str]) -> float:
    """Mean seconds axe-core itself takes per page (one tab, pages already loaded, nothing else timed)."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=list(FLAGS))
        context = browser.new_context()
        context.add_init_script(script=axe_setup())
        page = context.new_page()
        for url in urls:
            page.goto(url, wait_until="load")
            times.append(page.evaluate(_TIMED_RUN, RUN_OPTIONS) / 1000)
        browser.close()
    return sum(times) / len(times)


def egov_violations(db: Path) -> int:
    connection = sqlite3.connect(db)
    (count,) = connection.execute("SELECT count(*) FROM axe_findings WHERE NOT needs_review").fetchone()
    connection.close()
    return int(count)


def pa11y_violations(output: str) -> int:
    try:
        report = json.loads(output)
    except json.JSONDecodeError:
        return -1
    return sum(len(issues) for issues in report.get("results", {}).values() if isinstance(issues, list))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    pa11y = peer("pa11y-ci")
    portal = subprocess.Popen(
        [PYTHON, str(BENCH / "synthetic_portal.py"), "--pages", str(args.pages), "--defects"],
        stdout=subprocess.PIPE,
        text=True,
    )
    base = (portal.stdout.readline() if portal.stdout else "").strip()
    urls = [f"{base}p/{n}/" for n in range(args.pages)]
    work = Path(tempfile.mkdtemp(prefix="egov-render-bench-"))
    rows: list[tuple[str, Measure, int, int]] = []
    try:
        for concurrency in (1, 2, 4):
            db = work / f"egov-{concurrency}.sqlite"
            command = [
                PYTHON,
                "-m",
                "egov_audit",
                "check",
                f"{base}p/0/",
                "--json",
                "--no-progress",
                "--render",
                "all",
                "--max-pages",
                str(args.pages),
                "--max-depth",
                "1000",
                "--concurrency",
                str(concurrency),
                "--db",
                f"sqlite:///{db}",
                "--report",
                str(work / "report.html"),
            ]
            result = measure(command, ROOT)
            rendered = json.loads(result.output)["counts"]["html_pages"]
            rows.append((f"egov-audit, concurrency {concurrency}", result, rendered, egov_violations(db)))
        launch = {"executablePath": chromium_path(), "args": list(FLAGS)}
        for label, defaults in (
            ("pa11y-ci axe, default (1)", {"runners": ["axe"], "chromeLaunchConfig": launch, "timeout": 120000}),
            (
                "pa11y-ci axe, 4, no incognito",
                {
                    "runners": ["axe"],
                    "concurrency": 4,
                    "useIncognitoBrowserContext": False,
                    "chromeLaunchConfig": launch,
                    "timeout": 120000,
                },
            ),
        ):
            config = work / "pa11y.json"
            config.write_text(json.dumps({"defaults": defaults, "urls": urls}), encoding="utf-8")
            result = measure([str(pa11y), "--config", str(config), "--json"], BENCH)
            rows.append((label, result, args.pages, pa11y_violations(result.output)))
        axe_seconds = axe_own_time(urls)
    finally:
        portal.terminate()
        portal.wait()
    cores = os.cpu_count() or 1
    print(f"Rendering and auditing {args.pages} pages on 127.0.0.1 ({os.cpu_count()} cores)")
    header = (
        f"{'tool':32} {'pages':>6} {'wall s':>8} {'pages/s':>8} {'CPU s':>8} {'peak MB':>8} {'PSS MB':>7} "
        f"{'violations':>11}"
    )
    print(header)
    print("-" * len(header))
    for label, result, pages, found in rows:
        print(
            f"{label:32} {pages:>6} {result.wall:>8.1f} {pages / result.wall:>8.2f} {result.cpu:>8.1f} "
            f"{result.peak_rss / 2**20:>8.0f} {result.peak_pss / 2**20:>7.0f} {found:>11}"
        )
    print(
        f"\naxe-core's own run time: {axe_seconds * 1000:.0f} ms per page; with {cores} cores busy running it and "
        f"nothing else, the floor is {cores / axe_seconds:.2f} pages/s"
    )


if __name__ == "__main__":
    main()

"""Peak memory of a run over the fault portal, at two sizes of hostility, beside a well-behaved portal.

The fault portal (tests/fault_portal.py: stalls, resets, a gzip bomb, a sitemap of a
million URLs, an endless calendar, endless query strings, huge and deeply nested
pages, hostile scripts for the browser) is audited by `egov-audit check` at scale 1
(a 512 MB gzip bomb, 1 million sitemap URLs) and scale 4 (2 GB, 4 million): if any
of them reached memory, the peak would grow with the scale. The demo portal
(version 1, about 160 well-behaved pages) is the peer: what an ordinary portal of
that size costs.

Run:  .venv/bin/python bench/fault_memory.py
Prints, for each run: wall seconds and the peak sum of RSS and of PSS over the
audit's process tree (crawler, browser and its children).
The portals are served from this process, so their own memory is not counted.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from contextlib import AbstractContextManager
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from crawl_bench import PYTHON, ROOT, measure  # noqa: E402

from egov_audit.demo.server import serve  # noqa: E402
from tests.fault_portal import serve_faults  # noqa: E402

FAULT_OPTIONS = ["--max-depth", "200", "--max-pages", "400", "--timeout", "3", "--page-timeout", "4"]


def run(name: str, portal: AbstractContextManager, options: list[str], work: Path) -> dict[str, object]:
    with portal as served:
        db = work / f"{name.replace(' ', '-')}.sqlite"
        command = [PYTHON, "-m", "egov_audit", "check", f"{served.base_url}/", "--json", "--db", f"sqlite:///{db}"]
        command += ["--report", str(work / f"{name.replace(' ', '-')}.html"), "--concurrency", "2", *options]
        result = measure(command, ROOT)
    document = json.loads(result.output)
    return {
        "run": name,
        "pages": document["counts"]["pages"],
        "status": document["run"]["status"],
        "wall s": round(result.wall, 1),
        "peak RSS MB": round(result.peak_rss / 2**20, 1),
        "peak PSS MB": round(result.peak_pss / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        rows.append(run("demo v1, crawl", serve(1), ["--render", "0"], work))
        rows.append(run("demo v1, render all", serve(1), ["--render", "all"], work))
        for scale in (1, 4):
            for render in ("0", "all"):
                label = f"faults x{scale}, {'crawl' if render == '0' else 'render all'}"
                rows.append(run(label, serve_faults(scale=scale), [*FAULT_OPTIONS, "--render", render], work))
    columns = list(rows[0])
    print(" | ".join(columns))
    print(" | ".join("---" for _ in columns))
    for row in rows:
        print(" | ".join(str(row[c]) for c in columns))


if __name__ == "__main__":
    main()

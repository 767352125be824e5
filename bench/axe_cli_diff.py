"""Audit the same pages with Deque's @axe-core/cli and with egov-audit, at the same axe-core build and
the same tags, and diff what each found: the findings must be identical.

    .venv/bin/python bench/axe_cli_diff.py [--synthetic 20] [--driver selenium]

Pages: version 1 of the demo portal (its landing and section pages, the first page under each, and
every page the defect catalogue names), the pages version 3 changed, the first N pages of the
synthetic portal with --defects, and three pages with nested frames and shadow roots (one of them
framing a page of another origin). All are served from threads of this process.
@axe-core/cli 4.10.2 (bench/package.json) is installed into bench/node_modules on first use.

Both tools run egov-audit's axe-core (axe.min.js 4.10.2 from axe-selenium-python, handed to the CLI
with --axe-source) with the tags of egov_audit.render.axe.RUN_TAGS, in Debian's Chromium with the
flags of egov_audit.render.chromium.FLAGS, one page at a time: the CLI through chromedriver and
@axe-core/webdriverjs, egov-audit through its Playwright driver (or --driver selenium). Each page's
findings are compared as (violation or incomplete, rule id, impact, target selectors); the rules
that passed and those that did not apply are compared as sets.

Exit status: 0 identical, 1 the results differ, 2 a tool failed.
"""

from __future__ import annotations

import argparse
import enum
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from peers import peer  # noqa: E402
from synthetic_portal import make_handler  # noqa: E402

from egov_audit.crawler.model import AxeResult  # noqa: E402
from egov_audit.demo.portal import build_portal, catalogue  # noqa: E402
from egov_audit.demo.server import serve  # noqa: E402
from egov_audit.render.axe import RUN_OPTIONS, RUN_TAGS, axe_source, axe_version  # noqa: E402
from egov_audit.render.chromium import FLAGS, chromedriver_path, chromium_path  # noqa: E402
from egov_audit.render.playwright_driver import audit_with_playwright  # noqa: E402
from egov_audit.render.selenium_driver import audit_with_selenium  # noqa: E402
from egov_audit.render.settings import Driver, RenderSettings  # noqa: E402

CLI = "@axe-core/cli"
CLI_TIMEOUT = 1800  # seconds for the whole CLI run; it takes about a second a page


class ExitStatus(enum.IntEnum):
    IDENTICAL = 0
    DIFFERENT = 1
    TOOL_FAILED = 2


@dataclass(frozen=True, order=True, slots=True)
class Finding:
    kind: str  # violation | incomplete
    rule_id: str
    impact: str
    targets: tuple[str, ...]  # one item per frame; shadow roots within a frame joined by " >> "

    def __str__(self) -> str:
        return f"{self.kind} {self.rule_id} ({self.impact}) {' | '.join(self.targets)}"


@dataclass(frozen=True, slots=True)
class PageOutcome:
    """What one tool found on one page, in the shape both tools' results can be brought to."""

    findings: Counter[Finding] = field(default_factory=Counter)
    passed: frozenset[str] = frozenset()
    inapplicable: frozenset[str] = frozenset()
    error: str | None = None

    def count(self, kind: str) -> int:
        return sum(n for finding, n in self.findings.items() if finding.kind == kind)


@dataclass(frozen=True, slots=True)
class Run:
    tool: str
    outcomes: dict[str, PageOutcome]
    wall: float
    error: str | None = None  # the tool failed as a whole


# --- the pages ------------------------------------------------------------------------------------


def _html_pages(version: int) -> dict[str, bytes]:
    routes = build_portal(version).routes
    return {path: r.body for path, r in routes.items() if r.status == 200 and r.content_type.startswith("text/html")}


def demo_paths() -> list[tuple[int, str]]:
    """(version, path): version 1's landing and section pages (at most two path segments), the first
    page under each of them and the pages the catalogue names; then every page version 3 changed.
    Version 2 is left out: its Kazakh home page loads an analytics script from the internet."""
    first = _html_pages(1)
    named = {d.path for d in catalogue()}
    chosen: list[str] = []
    for path in first:
        depth = path.count("/") - 1
        parent = path.rsplit("/", 2)[0] + "/"
        first_child = depth == 3 and next(p for p in first if p.startswith(parent) and p.count("/") == 4) == path
        if depth <= 2 or first_child or path in named:
            chosen.append(path)
    changed = [path for path, body in _html_pages(3).items() if first.get(path) != body]
    return [(1, path) for path in chosen] + [(3, path) for path in changed]


def _document(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><main><h1>{title}</h1>{body}</main></body></html>"
    )


def _shadow(host: str, inner: str) -> str:
    script = f"document.getElementById('{host}').attachShadow({{mode: 'open'}}).innerHTML = '{inner}';"
    return f'<div id="{host}"></div><script>{script}</script>'


# Frames and shadow roots: where the two tools reach axe-core differently (egov-audit has it injected
# into every frame as the document starts; the CLI switches into each frame through WebDriver).
# {other} is the base URL of the same pages on a second port: another origin.
FRAME_PAGES = {
    "/frames/": _document(
        "Frames",
        '<iframe src="/frames/inner/" title="Inner"></iframe>' + _shadow("host", '<img src="/a.svg"><input>'),
    ),
    "/frames/inner/": _document(
        "Inner",
        '<img src="/b.svg">'
        + _shadow("inner-host", "<input>")
        + '<iframe src="/frames/deeper/" title="Deeper"></iframe>',
    ),
    "/frames/deeper/": _document("Deeper", '<img src="/c.svg">'),
    "/frames/clean/": _document("Clean frame", '<iframe src="/frames/clean-inner/" title="Clean"></iframe>'),
    "/frames/clean-inner/": _document("Clean", "<p>Nothing to report here.</p>"),
    "/frames/cross-origin/": _document("Other origin", '<iframe src="{other}frames/inner/" title="Other"></iframe>'),
}


class _FrameSite(ThreadingHTTPServer):
    daemon_threads = True
    other = ""  # the base URL of the other origin


class _FrameHandler(BaseHTTPRequestHandler):
    server: _FrameSite
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY, as real web servers set it: with Nagle on, every answer after the first on a
    # kept-alive connection (headers and body are two writes) waited ~40 ms for a delayed ACK.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        page = FRAME_PAGES.get(self.path)
        body = (page or "<!DOCTYPE html><title>404</title>").replace("{other}", self.server.other).encode()
        self.send_response(200 if page else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def _serving(server: ThreadingHTTPServer) -> Iterator[str]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def portals(synthetic: int) -> Iterator[list[str]]:
    """Serve every page in a thread of this process and yield the URLs to audit."""
    with ExitStack() as stack:
        bases = {version: stack.enter_context(serve(version)).base_url for version in (1, 3)}
        urls = [f"{bases[version]}{path}" for version, path in demo_paths()]
        if synthetic:
            portal = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(synthetic, defects=True))
            portal.daemon_threads = True
            base = stack.enter_context(_serving(portal))
            urls += [f"{base}p/{n}/" for n in range(synthetic)]
        site, other_origin = (_FrameSite(("127.0.0.1", 0), _FrameHandler) for _ in range(2))
        base = stack.enter_context(_serving(site))
        site.other = stack.enter_context(_serving(other_origin))
        urls += [f"{base}frames/", f"{base}frames/clean/", f"{base}frames/cross-origin/"]
        yield urls


# --- the two tools --------------------------------------------------------------------------------


def axe_path() -> Path:
    """The file egov-audit's axe_source() reads, for the CLI's --axe-source."""
    path = Path(str(resources.files("axe_selenium_python").joinpath("node_modules/axe-core/axe.min.js")))
    if not path.is_file() or path.read_text(encoding="utf-8") != axe_source():
        raise SystemExit(f"egov-audit's axe-core is not the file {path}")
    return path


def egov_outcome(result: AxeResult) -> PageOutcome:
    if result.error:
        return PageOutcome(error=result.error)
    findings = Counter(
        Finding("incomplete" if f.needs_review else "violation", f.rule_id, f.impact, f.targets)
        for f in result.findings
    )
    return PageOutcome(findings, frozenset(result.passed_rules), frozenset(result.inapplicable_rules))


def run_egov(urls: list[str], driver: Driver) -> Run:
    # One page at a time, as the CLI works; axe-core's options are egov-audit's own (RUN_OPTIONS).
    settings = RenderSettings(driver=driver, sample=None, concurrency=1)
    audit = audit_with_selenium if driver == "selenium" else audit_with_playwright
    started = time.monotonic()
    results = audit([(url, "bench") for url in urls], settings)
    wall = time.monotonic() - started
    missing = PageOutcome(error="no result")
    outcomes = {url: egov_outcome(results[url]) if url in results else missing for url in urls}
    return Run(f"egov-audit ({driver})", outcomes, wall)


def _cli_target(selector: Any) -> str:
    # A list is a path through shadow roots: egov-audit's RUN_SCRIPT joins it the same way.
    return " >> ".join(str(s) for s in selector) if isinstance(selector, list) else str(selector)


def cli_outcome(report: dict[str, Any]) -> PageOutcome:
    findings: Counter[Finding] = Counter()
    for key, kind in (("violations", "violation"), ("incomplete", "incomplete")):
        for item in report.get(key, []):
            for node in item.get("nodes", []):
                impact = str(node.get("impact") or item.get("impact") or "")
                targets = tuple(_cli_target(t) for t in node.get("target", []))
                findings[Finding(kind, str(item["id"]), impact, targets)] += 1
    return PageOutcome(
        findings,
        frozenset(str(item["id"]) for item in report.get("passes", [])),
        frozenset(str(item["id"]) for item in report.get("inapplicable", [])),
    )


def run_cli(binary: Path, urls: list[str]) -> Run:
    command = [
        str(binary),
        *urls,
        "--axe-source",
        str(axe_path()),
        "--tags",
        ",".join(RUN_TAGS),
        "--chromedriver-path",
        chromedriver_path(),
        "--chrome-path",
        chromium_path() or "chromium",
        f"--chrome-options={','.join(FLAGS)}",  # one word, or commander reads "--no-sandbox,..." as an option
        "--stdout",
    ]
    started = time.monotonic()
    done = subprocess.run(command, cwd=BENCH, capture_output=True, text=True, timeout=CLI_TIMEOUT, check=False)
    wall = time.monotonic() - started
    if done.returncode != 0:
        return Run(CLI, {}, wall, f"exited with {done.returncode}: {done.stderr.strip()[-2000:]}")
    reports = json.loads(done.stdout)
    if len(reports) != len(urls):
        return Run(CLI, {}, wall, f"{len(reports)} reports for {len(urls)} URLs")
    outcomes = {}
    for url, report in zip(urls, reports, strict=True):  # the CLI reports the URLs in the order given
        engine = report.get("testEngine", {}).get("version")
        if report.get("url") != url or engine != axe_version():
            outcomes[url] = PageOutcome(error=f"reported {report.get('url')} with axe-core {engine}")
        else:
            outcomes[url] = cli_outcome(report)
    return Run(CLI, outcomes, wall)


# --- the diff -------------------------------------------------------------------------------------


def differences(url: str, ours: PageOutcome, theirs: PageOutcome) -> list[str]:
    if ours.error or theirs.error:
        return [f"{url}: egov-audit error {ours.error!r}, {CLI} error {theirs.error!r}"]
    lines = [f"{url}: only egov-audit: {f}" for f in sorted((ours.findings - theirs.findings).elements())]
    lines += [f"{url}: only {CLI}: {f}" for f in sorted((theirs.findings - ours.findings).elements())]
    for label, a, b in (
        ("passed", ours.passed, theirs.passed),
        ("inapplicable", ours.inapplicable, theirs.inapplicable),
    ):
        if a != b:
            lines.append(f"{url}: rules {label}: only egov-audit {sorted(a - b)}, only {CLI} {sorted(b - a)}")
    return lines


def print_tables(urls: list[str], runs: list[Run], differing: int) -> None:
    print(
        f"axe-core {axe_version()}, tags {','.join(RUN_TAGS)}; {len(urls)} pages on 127.0.0.1, {os.cpu_count()} cores"
    )
    header = (
        f"{'tool':24} {'pages':>6} {'errors':>7} {'violations':>11} {'incomplete':>11} {'rules passed':>13} "
        f"{'no violation':>13} {'wall s':>7}"
    )
    print(header)
    print("-" * len(header))
    for run in runs:
        outcomes = [run.outcomes[url] for url in urls]
        print(
            f"{run.tool:24} {len(outcomes):>6} {sum(1 for o in outcomes if o.error):>7} "
            f"{sum(o.count('violation') for o in outcomes):>11} {sum(o.count('incomplete') for o in outcomes):>11} "
            f"{sum(len(o.passed) for o in outcomes):>13} "
            f"{sum(1 for o in outcomes if not o.error and not o.count('violation')):>13} {run.wall:>7.1f}"
        )
    print(f"pages that differ: {differing} of {len(urls)}")
    print(f"\n{'rule':24} {'kind':11} {'pages':>6} " + " ".join(f"{run.tool:>24}" for run in runs))
    by_rule: dict[tuple[str, str], list[Counter[str]]] = {}
    for index, run in enumerate(runs):
        for url in urls:
            for finding, n in run.outcomes[url].findings.items():
                counts = by_rule.setdefault((finding.rule_id, finding.kind), [Counter() for _ in runs])
                counts[index][url] += n
    for (rule, kind), counts in sorted(by_rule.items()):
        pages = len(set().union(*counts))
        print(f"{rule:24} {kind:11} {pages:>6} " + " ".join(f"{c.total():>24}" for c in counts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--synthetic", type=int, default=20, help="pages of the synthetic portal (with --defects)")
    parser.add_argument(
        "--driver", choices=("playwright", "selenium"), default="playwright", help="egov-audit's driver"
    )
    args = parser.parse_args()
    if RUN_OPTIONS["runOnly"] != {"type": "tag", "values": list(RUN_TAGS)}:
        raise SystemExit("egov-audit no longer runs axe-core by RUN_TAGS: hand the CLI what it runs")
    cli = peer("axe")
    with portals(args.synthetic) as urls:
        print(f"auditing {len(urls)} pages with egov-audit ...", file=sys.stderr, flush=True)
        egov = run_egov(urls, args.driver)
        print(f"auditing {len(urls)} pages with {CLI} ...", file=sys.stderr, flush=True)
        theirs = run_cli(cli, urls)
    for run in (egov, theirs):
        if run.error:
            print(f"{run.tool} failed: {run.error}", file=sys.stderr)
            sys.exit(ExitStatus.TOOL_FAILED)
    diff = {url: differences(url, egov.outcomes[url], theirs.outcomes[url]) for url in urls}
    differing = sum(1 for lines in diff.values() if lines)
    print_tables(urls, [egov, theirs], differing)
    if differing:
        print("\nDifferences:")
        for line in (line for lines in diff.values() for line in lines):
            print(f"  {line}")
    failed = any(o.error for run in (egov, theirs) for o in run.outcomes.values())
    sys.exit(ExitStatus.TOOL_FAILED if failed else ExitStatus.DIFFERENT if differing else ExitStatus.IDENTICAL)


if __name__ == "__main__":
    main()

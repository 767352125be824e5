"""The fault portal, crawled and rendered end to end: every fault ends as a recorded outcome,
the run completes, the rest of the portal is audited, memory stays bounded and manners hold."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from egov_audit.crawler.frontier import MAX_QUERY_VARIANTS, max_family_size
from egov_audit.crawler.politeness import MAX_FAILURES_IN_A_ROW
from tests.certificates import TestAuthority
from tests.fault_portal import FAULT_LIST, serve_faults
from tests.portals import Reply, serve_app

pytestmark = pytest.mark.timeout(900)

MAX_PAGES = 400
MAX_BYTES = 4_000_000
# The largest single process of a fault-portal run (the audit or a browser process) stays under this.
PEAK_RSS_LIMIT_MB = 1200

# Runs `check` as a child and reports the largest resident set of any process below it.
_MEASURED = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-m", "egov_audit", *sys.argv[2:]], capture_output=True, text=True)
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
open(sys.argv[1], "w").write(f"{peak_kb}\\n{done.returncode}\\n")
sys.stdout.write(done.stdout)
sys.stderr.write(done.stderr)
"""


@dataclass(frozen=True)
class Crawled:
    document: dict[str, Any]
    rows: list[dict[str, Any]]
    requests: list[tuple[float, str]]
    peak_rss_mb: float
    exit_code: int
    stderr: str

    def row(self, path: str, kind: str = "page") -> dict[str, Any]:
        found = [r for r in self.rows if r["kind"] == kind and _path(r["url"]) == path]
        assert found, f"no {kind} row for {path}"
        return found[0]

    def rows_under(self, prefix: str, kind: str = "page") -> list[dict[str, Any]]:
        return [r for r in self.rows if r["kind"] == kind and urlsplit(r["url"]).path.startswith(prefix)]

    def times(self, path: str) -> list[float]:
        return [when for when, requested in self.requests if urlsplit(requested).path == path]

    def outcome(self, rule_id: str) -> dict[str, Any]:
        return next(o for o in self.document["outcomes"] if o["rule_id"] == rule_id)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(
    base_url: str, work: Path, *options: str, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], float, list[dict]]:
    db = work / "store.sqlite"
    measured = work / "peak.txt"
    args = ["check", f"{base_url}/", "--json", "--db", f"sqlite:///{db}", "--report", str(work / "r.html")]
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, str(measured), *args, *options],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=800,
        check=False,
        env={**os.environ, **(env or {})},
    )
    peak_kb = int(measured.read_text().split()[0]) if measured.exists() else 0
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    rows = [dict(r) for r in connection.execute("SELECT *, json_extract(axe, '$.error') AS render_error FROM pages")]
    connection.close()
    return done, peak_kb / 1024, rows


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    work = tmp_path_factory.mktemp("faults")
    with serve_faults() as served:
        done, peak, rows = crawl(
            served.base_url,
            work,
            "--render",
            "all",
            "--max-depth",
            "200",
            "--max-pages",
            str(MAX_PAGES),
            "--max-bytes",
            str(MAX_BYTES),
            "--timeout",
            "3",
            "--page-timeout",
            "4",
            "--concurrency",
            "2",
        )
        requests = list(served.server.log)
    assert done.returncode in (0, 1), done.stderr
    return Crawled(json.loads(done.stdout), rows, requests, peak, done.returncode, done.stderr)


def _error(text: str) -> Callable[[dict[str, Any]], bool]:
    return lambda row: (row["error"] or "").startswith(text)


def _status(code: int) -> Callable[[dict[str, Any]], bool]:
    return lambda row: row["status"] == code and row["error"] is None


def _parsed(title: str) -> Callable[[dict[str, Any]], bool]:
    return lambda row: row["status"] == 200 and row["error"] is None and row["title"] == title


def _redirect_to(prefix: str) -> Callable[[dict[str, Any]], bool]:
    return lambda row: row["status"] == 302 and (row["location"] or "").startswith(prefix)


def _rendered(error: str | None) -> Callable[[dict[str, Any]], bool]:
    """The page was fetched and rendered; its render ended in `error` (a prefix), or in findings when None."""

    def check(row: dict[str, Any]) -> bool:
        if row["status"] != 200 or row["axe"] is None:
            return False
        return row["render_error"] is None if error is None else (row["render_error"] or "").startswith(error)

    return check


def _rendered_either_way(row: dict[str, Any]) -> bool:
    """A page that may finish in time or not: either way it was rendered and its end was recorded."""
    return row["status"] == 200 and row["axe"] is not None


# What each fault path must leave in the store (its page row), beside the outcomes asserted below.
EXPECTED: dict[str, Callable[[dict[str, Any]], bool]] = {
    "/": _parsed("Fault portal"),
    "/stall/headers/": _error("timeout: no complete answer within 3 s"),
    "/stall/trickle/": _error("timeout: no complete answer within 3 s"),
    "/reset/": _error("connection lost"),
    "/status/500/": _status(500),
    "/status/502/": _status(502),
    "/status/503/": _status(503),
    "/status/504/": _status(504),
    "/throttle/429/": _parsed("Served after waiting"),
    "/throttle/503/": _parsed("Back from maintenance"),
    "/redirect/loop-a": _redirect_to("http://127.0.0.1"),
    "/redirect/self": _redirect_to("http://127.0.0.1"),
    "/redirect/chain": _redirect_to("http://127.0.0.1"),
    "/redirect/other-host": _redirect_to("http://elsewhere.invalid/"),
    "/redirect/private": _redirect_to("http://127.0.0.2/"),
    "/redirect/scheme": _redirect_to("file:///etc/passwd"),
    "/redirect/javascript": _redirect_to("javascript:"),
    "/calendar/": _parsed("Events 2026-11"),
    "/listing/": _parsed("Listing page 1"),
    "/huge/": lambda row: bool(row["over_size_cap"]) and _error("download stopped: larger than the size cap")(row),
    "/bomb/": lambda row: bool(row["over_size_cap"]) and (row["error"] or "").endswith("once decompressed"),
    "/charset/invalid-utf8/": _parsed("Invalid UTF-8"),
    "/charset/lying/": lambda row: row["status"] == 200 and row["error"] is None,  # mojibake, as a browser shows it
    "/html/malformed/": _parsed("Malformed"),
    "/html/nested/": lambda row: row["status"] == 200 and row["title"] == "Deeply nested",
    "/binary/": _error("not HTML: a binary body served as text/html"),
    "/private/secret/": lambda row: bool(row["blocked_by_robots"]),
    "/fine/": _rendered(None),
    "/render/endless-script/": _rendered("timeout"),
    "/render/dialogs/": _rendered("timeout"),
    "/render/popups/": _rendered_either_way,
    "/render/navigates-away/": _rendered("the page navigated away"),
    "/render/huge-dom/": _rendered_either_way,
}


def test_every_linked_fault_has_an_expectation() -> None:
    linked = {fault.path for fault in FAULT_LIST if fault.linked}
    assert linked == set(EXPECTED)


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_each_fault_ends_as_a_recorded_outcome(faults: Crawled, path: str) -> None:
    row = faults.row(path)
    assert EXPECTED[path](row), {k: v for k, v in row.items() if k not in ("html_z", "text", "links", "headers")}


def test_the_run_completes_and_the_rest_of_the_portal_is_audited(faults: Crawled) -> None:
    assert faults.document["run"]["status"] == "complete", faults.stderr[-2000:]
    assert "Traceback" not in faults.stderr
    assert faults.outcome("home-page-reachable")["outcome"] == "pass"
    assert faults.outcome("robots-and-sitemap")["outcome"] == "pass"
    broken = {urlsplit(b["url"]).path for b in faults.document["broken_links"]}
    expected_broken = {"/stall/headers/", "/stall/trickle/", "/reset/", "/huge/", "/bomb/"}
    assert expected_broken | {f"/status/{code}/" for code in (500, 502, 503, 504)} <= broken
    assert {"/fine/", "/calendar/", "/throttle/429/", "/throttle/503/"}.isdisjoint(broken)
    chains = " ".join(e["detail"] for e in faults.outcome("short-redirect-chains")["evidence"])
    assert "redirect loop" in chains and "/redirect/self" in chains and "/redirect/chain" in chains


def test_redirects_never_leave_the_site_nor_http(faults: Crawled) -> None:
    hosts = {urlsplit(r["url"]).hostname for r in faults.rows if r["kind"] == "page"}
    schemes = {urlsplit(r["url"]).scheme for r in faults.rows}
    assert hosts == {"127.0.0.1"} and schemes == {"http"}
    # A chain of fifteen hops is followed at most max-redirects (10) hops.
    assert 1 <= len(faults.rows_under("/redirect/chain")) <= 11


def test_spider_traps_are_bounded_and_reported(faults: Crawled) -> None:
    calendar = [r for r in faults.rows_under("/calendar/") if r["status"] == 200]
    listing = [r for r in faults.rows_under("/listing/") if r["status"] == 200]
    assert len(calendar) <= max_family_size(MAX_PAGES) + 1
    assert len(listing) <= MAX_QUERY_VARIANTS + 1
    traps = {r["error"] for r in faults.rows if r["kind"] == "trap"}
    assert any("/calendar/{n}/{n}/" in t for t in traps) and any("/listing/?" in t for t in traps)
    assert faults.outcome("no-spider-traps")["outcome"] == "fail"


def test_sitemaps_that_loop_or_never_end_are_read_within_bounds(faults: Crawled) -> None:
    assert len(faults.times("/sitemap-index.xml")) == 1  # it lists itself; read once
    million = faults.row("/sitemap-million.xml.gz", kind="sitemap")
    assert million["error"].startswith("sitemap read in part")
    assert len(json.loads(million["sitemap_entries"])) == 50_000
    assert faults.document["run"]["stop_reason"] == "max_pages"  # a million URLs cannot take the run past its budget
    assert len([r for r in faults.rows if r["kind"] == "page" and r["status"] is not None]) <= MAX_PAGES


def test_retries_are_bounded_and_retry_after_is_honoured(faults: Crawled) -> None:
    assert len(faults.times("/status/500/")) == 1  # deterministic: not retried
    for code in (502, 503, 504):
        assert len(faults.times(f"/status/{code}/")) == 3  # the first try and two retries
    for path, asked in (("/throttle/429/", 2.0), ("/throttle/503/", 1.0)):
        first, second = faults.times(path)[:2]  # the browser asks once more when it renders the page
        assert second - first >= asked


def test_memory_stays_bounded_over_bombs_and_endless_sitemaps(faults: Crawled) -> None:
    assert 0 < faults.peak_rss_mb < PEAK_RSS_LIMIT_MB


@pytest.mark.parametrize("robots", ["stall", "500"])
def test_an_unreachable_robots_txt_means_complete_disallow_but_the_start_page(tmp_path: Path, robots: str) -> None:
    with serve_faults(robots=robots) as served:
        done, _, rows = crawl(served.base_url, tmp_path, "--render", "0", "--timeout", "2")
        requested = {urlsplit(r).path for _, r in served.server.log}
    document = json.loads(done.stdout)
    assert document["run"]["status"] == "complete"
    assert requested <= {"/robots.txt", "/", "/.well-known/security.txt"}
    blocked = [r for r in rows if r["blocked_by_robots"]]
    assert blocked and all("RFC 9309" in r["error"] for r in blocked)
    assert next(o for o in document["outcomes"] if o["rule_id"] == "home-page-reachable")["outcome"] == "pass"
    assert next(o for o in document["outcomes"] if o["rule_id"] == "robots-and-sitemap")["outcome"] == "fail"


def test_a_failing_host_is_not_hammered(tmp_path: Path) -> None:
    pages = 20
    links = "".join(f'<a href="/p{n}/">page {n}</a>' for n in range(pages))

    def down(path: str) -> Reply:
        if path == "/":
            return Reply(200, f'<!DOCTYPE html><html lang="en"><title>Home</title>{links}</html>')
        if not path.startswith("/p"):
            return Reply(404, "", "text/plain")  # robots.txt, security.txt
        return Reply(503, "<!DOCTYPE html><title>Down</title>")  # no Retry-After

    with serve_app(down) as served:
        done, _, rows = crawl(served.base_url, tmp_path, "--render", "0", "--no-sitemaps")
        requested = served.requested
    failing = [p for p in requested if p.startswith("/p")]
    # Without back-off: 20 pages x 3 tries = 60 requests within a second or two.
    in_flight = 4
    assert len(failing) <= MAX_FAILURES_IN_A_ROW + in_flight
    gave_up = [r for r in rows if (r["error"] or "").startswith("not fetched: the host failed")]
    assert gave_up and len(gave_up) + len({p for p in failing}) >= pages
    assert json.loads(done.stdout)["run"]["status"] == "complete"


@pytest.mark.parametrize("certificate", ["self-signed", "expired"])
def test_tls_faults_are_trust_findings(tmp_path: Path, certificate: str) -> None:
    authority = TestAuthority(tmp_path)
    if certificate == "self-signed":
        issued = authority.issue("self", timedelta(days=-1), timedelta(days=90), self_signed=True)
    else:
        issued = authority.issue("expired", timedelta(days=-90), timedelta(days=-1))
    trust_the_test_ca = {"SSL_CERT_FILE": str(authority.bundle)}
    with serve_faults(tls=(issued.certificate, issued.key)) as served:
        options = ("--render", "0", "--max-pages", "20", "--timeout", "3")
        done, _, _ = crawl(served.base_url, tmp_path, *options, env=trust_the_test_ca)
    document = json.loads(done.stdout)
    assert document["run"]["status"] == "complete"
    tls = next(o for o in document["outcomes"] if o["rule_id"] == "tls-certificate-valid")
    assert tls["outcome"] == "fail"
    assert ("expired" if certificate == "expired" else "self") in json.dumps(tls).lower()
    home = next(o for o in document["outcomes"] if o["rule_id"] == "home-page-reachable")
    assert home["outcome"] == "pass"  # the portal is audited all the same

"""Reports: hostile page content is inert, and the files are self-contained."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from egov_audit.audits.model import AuditResult, Evidence, Outcome, PillarScore, RuleOutcome, RunInfo, RunStatus
from egov_audit.crawler.model import AxeFinding, AxeResult, Link, PageSnapshot, SiteSnapshot
from egov_audit.render.playwright_driver import audit_with_playwright
from egov_audit.render.settings import RenderSettings
from egov_audit.reports.render import render_run_report
from tests.portals import Reply, serve_app

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">{{ 7*7 }}javascript:alert(3)'


def hostile_result() -> AuditResult:
    base = "http://portal.test"
    bad_url = f"{base}/{HOSTILE}"
    run = RunInfo(
        1,
        "portal.test/",
        HOSTILE,
        f"{base}/",
        datetime(2026, 1, 1, tzinfo=UTC),
        None,
        RunStatus.COMPLETE,
        "finished",
        "0.1.0",
        "a" * 64,
        2,
        50.0,
    )
    site = SiteSnapshot(
        f"{base}/",
        [
            PageSnapshot(
                url=f"{base}/",
                status=200,
                content_type="text/html",
                elapsed=0.1,
                title=HOSTILE,
                links=(Link(bad_url, HOSTILE),),
            ),
            PageSnapshot(url=bad_url, status=404, elapsed=0.2),
        ],
    )
    outcome = RuleOutcome(
        "no-broken-internal-links", HOSTILE, "availability", 1.0, Outcome.FAIL, HOSTILE, (Evidence(bad_url, HOSTILE),)
    )
    return AuditResult(run, site, [outcome], [PillarScore("availability", 50.0, 1, 1, 0, 0)])


def test_hostile_content_is_escaped(tmp_path: Path) -> None:
    html = render_run_report(hostile_result(), tmp_path / "run.html").read_text(encoding="utf-8")
    assert "<script" not in html
    # Only as escaped text (a URL may carry <wbr> where it wraps, which is ours, not the page's).
    assert "onerror=" not in html.replace("<wbr>", "").replace("onerror=&#34;", "")
    assert "&lt;script&gt;" in html
    assert "{{ 7*7 }}" in html and ">49<" not in html  # template syntax printed, not evaluated
    assert 'href="javascript:' not in html


def test_reports_load_nothing_from_the_network(tmp_path: Path) -> None:
    result = hostile_result()
    html = render_run_report(result, tmp_path / "run-1.html").read_text(encoding="utf-8")
    assert not re.search(r'<(link|script|img|iframe)[^>]+(src|href)="(https?:)?//', html)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert '<html lang="en">' in html


def test_axe_snippets_are_escaped_and_the_sample_is_listed(tmp_path: Path) -> None:
    result = hostile_result()
    finding = AxeFinding("image-alt", "critical", ("wcag2a", "wcag111"), ("img",), HOSTILE, "help", "https://x")
    result.site.pages[0].axe = AxeResult("home page", (finding,), passes=20)
    html = render_run_report(result, tmp_path / "run.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert "Pages rendered for accessibility" in html and "home page" in html


def test_the_report_itself_passes_axe_core(tmp_path: Path) -> None:
    result = hostile_result()
    result.site.pages[0].axe = AxeResult("home page", (), passes=20)
    pages = {
        "/run.html": render_run_report(result, tmp_path / "run.html").read_bytes(),
    }
    with serve_app(lambda path: Reply(200, pages[path]) if path in pages else Reply(404, "no", "text/plain")) as served:
        audited = audit_with_playwright([(f"{served.base_url}{path}", "report") for path in pages], RenderSettings())
    for url, outcome in audited.items():
        assert outcome.error is None, url
        assert outcome.violations == (), [(f.rule_id, f.targets) for f in outcome.violations]

"""Conversions between the typed model and the store's rows, in both directions."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from audits.model import (
    Alternate,
    AxeFinding,
    AxeResult,
    Discovery,
    FetchKind,
    Form,
    Link,
    PageSnapshot,
    PillarScore,
    RuleOutcome,
    RunInfo,
    RunStatus,
)
from audits.store_schema import AxeFindingRow, PageRow, PortalRow, RunRow


def page_row(run_id: int, page: PageSnapshot) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "url": page.url,
        "kind": page.kind,
        "status": page.status,
        "error": page.error,
        "location": page.location,
        "elapsed": page.elapsed,
        "size": page.size,
        "content_type": page.content_type,
        "depth": page.depth,
        "discovery": page.discovery,
        "referrer": page.referrer,
        "title": page.title,
        "lang": page.lang,
        "blocked_by_robots": page.blocked_by_robots,
        "over_size_cap": page.over_size_cap,
        "links": [[link.url, link.text, link.label, link.hreflang] for link in page.links],
        "fetched_at": page.fetched_at,
        "headers": [list(header) for header in page.headers],
        "text": page.text,
        "main_chars": page.main_chars,
        "viewport": page.viewport,
        "forms": [[f.action, f.method, f.fields, f.has_submit, f.is_search] for f in page.forms],
        "alternates": [[a.hreflang, a.url] for a in page.alternates],
        "resources": list(page.resources),
        "html_z": page.html_z,
        "sitemap_entries": [list(entry) for entry in page.sitemap_entries],
    }


def snapshot(row: PageRow, findings: tuple[AxeFinding, ...] = ()) -> PageSnapshot:
    return PageSnapshot(
        url=row.url,
        kind=FetchKind(row.kind),
        status=row.status,
        error=row.error,
        location=row.location,
        elapsed=row.elapsed,
        size=row.size,
        content_type=row.content_type,
        depth=row.depth,
        discovery=Discovery(row.discovery),
        referrer=row.referrer,
        title=row.title,
        lang=row.lang,
        blocked_by_robots=row.blocked_by_robots,
        over_size_cap=row.over_size_cap,
        links=tuple(Link(*fields) for fields in row.links),
        fetched_at=row.fetched_at,
        headers=tuple((name, value) for name, value in row.headers),
        text=row.text,
        main_chars=row.main_chars,
        viewport=row.viewport,
        forms=tuple(Form(*fields) for fields in row.forms),
        alternates=tuple(Alternate(*fields) for fields in row.alternates),
        resources=tuple(row.resources),
        html_z=row.html_z,
        sitemap_entries=tuple((loc, lastmod) for loc, lastmod in row.sitemap_entries),
        axe=axe_result(row.axe, findings),
    )


def axe_record(result: AxeResult) -> dict[str, Any]:
    """A page's axe-core result without its findings, which have a table of their own."""
    return {
        "reason": result.sample_reason,
        "passes": result.passes,
        "error": result.error,
        "passed_rules": list(result.passed_rules),
        "inapplicable_rules": list(result.inapplicable_rules),
        "document_bytes": result.document_bytes,
        "resources": [list(resource) for resource in result.resources],
    }


def finding_fingerprint(rule_id: str, url: str, targets: tuple[str, ...] | list[str]) -> str:
    """What identifies a finding from run to run: the rule, the page and the element. The page is
    its path and query: a portal that moves to HTTPS or to another port keeps its findings."""
    parts = urlsplit(url)
    page = f"{parts.path or '/'}?{parts.query}" if parts.scheme in ("http", "https") else url
    return hashlib.sha256("\x1f".join([rule_id, page, *targets]).encode()).hexdigest()[:20]


def finding_rows(run_id: int, url: str, result: AxeResult) -> list[dict[str, Any]]:
    return [
        {
            "run_id": run_id,
            "page_url": url,
            "rule_id": f.rule_id,
            "impact": f.impact,
            "needs_review": f.needs_review,
            "tags": list(f.tags),
            "targets": list(f.targets),
            "html": f.html,
            "help": f.help,
            "help_url": f.help_url,
            "fingerprint": finding_fingerprint(f.rule_id, url, f.targets),
        }
        for f in result.findings
    ]


def finding(row: AxeFindingRow) -> AxeFinding:
    return AxeFinding(
        rule_id=row.rule_id,
        impact=row.impact,
        tags=tuple(row.tags),
        targets=tuple(row.targets),
        html=row.html,
        help=row.help,
        help_url=row.help_url,
        needs_review=row.needs_review,
    )


def axe_result(record: dict[str, Any] | None, findings: tuple[AxeFinding, ...] = ()) -> AxeResult | None:
    if record is None:
        return None
    return AxeResult(
        sample_reason=record["reason"],
        findings=findings,
        passes=record["passes"],
        error=record["error"],
        passed_rules=tuple(record.get("passed_rules", ())),
        inapplicable_rules=tuple(record.get("inapplicable_rules", ())),
        document_bytes=record.get("document_bytes", 0),
        resources=tuple((url, size) for url, size in record.get("resources", ())),
    )


def outcome_row(run_id: int, outcome: RuleOutcome) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "rule_id": outcome.rule_id,
        "title": outcome.title,
        "pillar": outcome.pillar,
        "weight": outcome.weight,
        "outcome": outcome.outcome,
        "summary": outcome.summary,
        "evidence": [[e.url, e.detail] for e in outcome.evidence],
        "review": outcome.review,
        "refs": [list(ref) for ref in outcome.refs],
        "titles": dict(outcome.titles) or None,
    }


def score_row(run_id: int, score: PillarScore) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "pillar": score.pillar,
        "score": score.score,
        "passed": score.passed,
        "failed": score.failed,
        "errors": score.errors,
        "not_applicable": score.not_applicable,
    }


def aware(moment: datetime | None) -> datetime | None:
    """SQLite keeps no time zone; every time the store writes is UTC."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def run_info(run: RunRow, portal: PortalRow) -> RunInfo:
    started = aware(run.started_at)
    assert started is not None  # the column is NOT NULL
    return RunInfo(
        id=run.id,
        portal_key=portal.key,
        portal_name=portal.name,
        start_url=run.start_url,
        started_at=started,
        finished_at=aware(run.finished_at),
        status=RunStatus(run.status),
        stop_reason=run.stop_reason,
        tool_version=run.tool_version,
        rules_digest=run.rules_digest,
        pages_count=run.pages_count,
        openness_index=run.openness_index,
        profile=str(run.config.get("profile", "generic")),
        rule_overrides=tuple(run.config.get("rule_overrides", ())),
        instrument=tuple((str(k), str(v)) for k, v in run.config.get("instrument", {}).items()),
    )

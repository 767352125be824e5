"""Conversions between the typed model and the store's rows, in both directions."""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any, get_args, get_origin, get_type_hints
from urllib.parse import urlsplit

from egov_audit.audits.model import CrawlCoverage, Evidence, Outcome, PillarScore, RuleOutcome, RunInfo, RunStatus
from egov_audit.audits.notes import Listing, Note, Said, from_record, record
from egov_audit.crawler.discovery import Comparison, DiscoveryMode, DiscoveryRecord
from egov_audit.crawler.model import AxeFinding, AxeResult, FetchKind, PageSnapshot, TlsFacts
from egov_audit.store.schema import AxeFindingRow, PageRow, PortalRow, RunRow

# PageSnapshot's fields that are not plain values, and how each goes into its JSON column and back:
# every other field is a column of the same name holding the value as it is. `axe` is not a
# column value of its own: axe_record and the axe_findings table keep it.
_NOT_A_COLUMN = {"axe"}


def _encode(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return [getattr(value, f.name) for f in fields(value)]
    return value


@cache
def _decoder(annotation: Any) -> Callable[[Any], Any]:
    """How to rebuild a field's value from its column, by the field's type."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is tuple:
        item = _decoder(args[0])
        return lambda column: tuple(item(element) for element in column)
    if isinstance(annotation, type) and is_dataclass(annotation):
        # Each element by its field's type; a row written before a field was added has fewer elements.
        hints = get_type_hints(annotation)
        decoders = [_decoder(hints[f.name]) for f in fields(annotation)]
        return lambda column: annotation(*(decode(value) for decode, value in zip(decoders, column, strict=False)))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation
    return lambda column: column


@cache
def _page_fields() -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    hints = get_type_hints(PageSnapshot)
    return tuple((f.name, _decoder(hints[f.name])) for f in fields(PageSnapshot) if f.name not in _NOT_A_COLUMN)


def page_row(run_id: int, page: PageSnapshot) -> dict[str, Any]:
    row = {name: _encode(getattr(page, name)) for name, _ in _page_fields()}
    row["run_id"] = run_id
    return row


def snapshot(row: PageRow, findings: tuple[AxeFinding, ...] = ()) -> PageSnapshot:
    values = {name: decode(getattr(row, name)) for name, decode in _page_fields()}
    return PageSnapshot(**values, axe=axe_result(row.axe, findings))


def tls_row(run_id: int, facts: TlsFacts) -> dict[str, Any]:
    """The certificate's facts, kept as a row of kind `tls` in the pages table (the first schema's
    place for them): its facts as (name, value) headers."""
    return page_row(
        run_id,
        PageSnapshot(facts.url, FetchKind.TLS, error=facts.error, fetched_at=facts.fetched_at, headers=facts.facts()),
    )


def tls_facts(row: PageRow) -> TlsFacts:
    return TlsFacts.from_facts(row.url, row.fetched_at, row.error, tuple((name, value) for name, value in row.headers))


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
        "score": outcome.score,
        "summary_note": outcome.note.record() if outcome.note is not None else None,
        "evidence_notes": evidence_notes(outcome.evidence),
    }


def evidence_notes(evidence: tuple[Evidence, ...]) -> list[Any] | None:
    """The evidence details that are notes, aligned with the evidence (null where a detail is data);
    None when none is."""
    notes = [record(e.note) if e.note is not None else None for e in evidence]
    return notes if any(item is not None for item in notes) else None


def stored_evidence(pairs: list[list[str]], notes: list[Any] | None) -> tuple[Evidence, ...]:
    """Evidence as stored: its [url, detail] pairs, with their notes where the run kept them (s0008)."""
    kept = notes or []
    return tuple(
        Evidence(url, detail, _said(kept[place]) if place < len(kept) and kept[place] is not None else None)
        for place, (url, detail) in enumerate(pairs)
    )


def stored_note(kept: list[Any] | None) -> Note | None:
    """A summary's note as stored; None for a run before s0008."""
    return Note.from_record(kept) if kept else None


def _said(kept: Any) -> Said | None:
    value = from_record(kept)
    return value if isinstance(value, Note | Listing) else None


def stored_score(outcome: str, score: float | None) -> float | None:
    """A rule's score as stored; a run written before scores were stored (s0004) counted a pass 1
    and a fail 0."""
    if score is not None or outcome not in (Outcome.PASS, Outcome.FAIL):
        return score
    return 1.0 if outcome == Outcome.PASS else 0.0


def coverage_record(coverage: CrawlCoverage | None) -> dict[str, Any] | None:
    return None if coverage is None else _encode_record(coverage)


def discovery_record(record: DiscoveryRecord | None) -> dict[str, Any] | None:
    if record is None:
        return None
    encoded = _encode_record(record)
    encoded["probes"] = [_encode_record(probe) for probe in record.probes]
    return encoded


def discovery(record: dict[str, Any] | None) -> DiscoveryRecord | None:
    if not record:
        return None
    return DiscoveryRecord(
        asked=DiscoveryMode(record["asked"]),
        mode=DiscoveryMode(record["mode"]),
        reason=record.get("reason", ""),
        reason_values=tuple((name, value) for name, value in record.get("reason_values", ())),
        probes=tuple(
            Comparison(**{**probe, "markers": tuple(probe.get("markers", ()))}) for probe in record.get("probes", ())
        ),
        rendered_pages=record.get("rendered_pages", 0),
        browser_errors=record.get("browser_errors", 0),
        routes=record.get("routes", 0),
    )


def _encode_record(value: Any) -> dict[str, Any]:
    return {f.name: _encode(getattr(value, f.name)) for f in fields(value)}


def _note(item: list[Any]) -> Note:
    code, values = item
    return Note(code, tuple((name, value) for name, value in values))


def crawl_coverage(record: dict[str, Any] | None) -> CrawlCoverage | None:
    if not record:
        return None
    return CrawlCoverage(
        pages=record["pages"],
        links=record["links"],
        links_off_site=record["links_off_site"],
        off_site_hosts=tuple((host, count) for host, count in record.get("off_site_hosts", ())),
        cut_by=record.get("cut_by"),
        robots_refused=record.get("robots_refused", 0),
        crawl_delay=record.get("crawl_delay"),
        reasons=tuple(_note(item) for item in record.get("reasons", ())),
        hints=tuple(_note(item) for item in record.get("hints", ())),
    )


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
        coverage=crawl_coverage(run.coverage),
        index_gaps=tuple((pillar, why) for pillar, why in run.index_gaps or ()),
        discovery=discovery(run.discovery),
        country=run.country,
        tags=tuple(sorted((str(key), str(value)) for key, value in (run.tags or {}).items())),
    )

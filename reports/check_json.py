"""The `--json` document of `egov-audit check`: its schema is docs/check-result.schema.json."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from egov_audit import __version__
from egov_audit.audits.model import AuditResult, CrawlCoverage, RunInfo
from egov_audit.audits.run_facts import RunFacts
from egov_audit.audits.scorecards import CriterionResult, Scorecard, scorecards

# 2: the openness index is null when a pillar of the profile could not be scored (it was the mean of
# whichever pillars were), evidence is complete, and runs carry their coverage (docs/scores.md).
SCHEMA_VERSION = 2


def _coverage(coverage: CrawlCoverage | None) -> dict[str, Any] | None:
    if coverage is None:
        return None
    return {
        "pages": coverage.pages,
        "links": coverage.links,
        "links_off_site": coverage.links_off_site,
        "off_site_hosts": [{"host": host, "links": count} for host, count in coverage.off_site_hosts],
        "cut_by": coverage.cut_by,
        "robots_refused": coverage.robots_refused,
        "crawl_delay": coverage.crawl_delay,
        "low_coverage": coverage.low,
        "reasons": [reason.words() for reason in coverage.reasons],
        "hints": [hint.words() for hint in coverage.hints],
    }


def _discovery(run: RunInfo) -> dict[str, Any] | None:
    record, reason = run.discovery, run.discovery_reason
    if record is None:
        return None
    return {
        "asked": str(record.asked),
        "mode": str(record.mode),
        "reason": reason.words() if reason is not None else None,
        "rendered_pages": record.rendered_pages,
        "routes": record.routes,
        "browser_errors": record.browser_errors,
        "compared": [
            {
                "url": probe.url,
                "served": {"links": probe.served_links, "words": probe.served_words},
                "rendered": {"links": probe.rendered_links, "words": probe.rendered_words},
                "new_links": probe.new_links,
                "markers": list(probe.markers),
                "reveals_more": probe.reveals_more,
            }
            for probe in record.probes
        ],
    }


def _counts(counts: Scorecard | CriterionResult) -> dict[str, Any]:
    return {
        "total": counts.total,
        "met": counts.met,
        "not_met": counts.not_met,
        "unknown": counts.unknown,
        "met_by_rules": counts.met_by_rules,
        "met_by_review": counts.met_by_review,
    }


def scorecard_document(card: Scorecard) -> dict[str, Any]:
    """A scorecard as the JSON has it: its counts, the share met and the level, by criterion and by indicator."""
    level = card.level
    return {
        "methodology": card.methodology.id,
        "title": card.methodology.title,
        **_counts(card),
        "share": card.share,
        "level": level.name if level is not None else None,
        "criteria": [{"id": c.criterion.id, "title": c.criterion.title, **_counts(c)} for c in card.criteria],
        "indicators": [
            {
                "id": r.indicator.id,
                "criterion": r.indicator.criterion,
                "status": r.indicator.status,
                "answer": r.answer,
                "by": r.by,
                "rules": list(r.rules),
            }
            for r in card.results
        ],
    }


def result_document(
    result: AuditResult,
    facts: RunFacts,
    report_path: str | None,
    fail_under: float | None,
    exit_status: int,
    error: str | None = None,
    cards: Sequence[Scorecard] | None = None,
) -> dict[str, Any]:
    """The document of a run; `error` is the one line of what failed after it (the report unwritten).
    `cards`: the run's scorecards with the reviews that apply; None: by the rules alone, as `check` has them."""
    run = result.run
    cards = scorecards(result.outcomes) if cards is None else cards
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "egov-audit", "version": __version__},
        "run": {
            "id": run.id,
            "portal": run.portal_key,
            "start_url": run.start_url,
            "started_at": run.started_at.isoformat(),
            "finished_at": run.finished_at.isoformat() if run.finished_at else None,
            "status": str(run.status),
            "stop_reason": run.stop_reason,
            "rules_digest": run.rules_digest,
            "robots_txt": facts.robots_status,
            "profile": run.profile,
            "rule_overrides": list(run.rule_overrides),
            "instrument": dict(run.instrument),
            "coverage": _coverage(run.coverage),
            "discovery": _discovery(run),
            "ranked": run.comparable,
            "not_ranked": None if run.unranked is None else {"kind": run.unranked[0], "why": run.unranked[1]},
        },
        "counts": {
            "pages": facts.counts.pages,
            "html_pages": facts.counts.html_pages,
            "documents": facts.counts.documents,
            "redirects": facts.counts.redirects,
            "errors": facts.counts.errors,
            "broken_links": facts.counts.broken_links,
            "blocked_by_robots": facts.counts.blocked_by_robots,
        },
        "scores": {
            "openness_index": run.openness_index,
            "index_gaps": [{"pillar": pillar, "reason": reason} for pillar, reason in run.index_gaps],
            "pillars": {
                s.pillar: {
                    "score": s.score,
                    "passed": s.passed,
                    "failed": s.failed,
                    "errors": s.errors,
                    "not_applicable": s.not_applicable,
                }
                for s in result.scores
            },
        },
        "outcomes": [
            {
                "rule_id": o.rule_id,
                "title": o.title,
                "pillar": o.pillar,
                "weight": o.weight,
                "outcome": str(o.outcome),
                "score": o.score,
                "summary": o.summary,
                "evidence": [{"url": e.url, "detail": e.detail} for e in o.evidence],
                "review": o.review,
                "refs": [{"source": source, "item": item} for source, item in o.refs],
            }
            for o in result.outcomes
        ],
        "methodologies": [
            {
                "id": c.methodology,
                "title": c.title,
                "indicators": c.indicators,
                "checked_automatically": list(c.checked),
                "awaiting_review": list(c.awaiting_review),
            }
            for c in facts.coverage
        ],
        "scorecards": [scorecard_document(card) for card in cards],
        "broken_links": [
            {"url": b.url, "answer": b.answer, "final_url": b.final_url, "linked_from": list(b.linked_from)}
            for b in facts.broken
        ],
        "slowest_pages": [{"url": p.url, "seconds": round(p.elapsed or 0.0, 3)} for p in facts.slowest],
        "report_path": report_path,
        "fail_under": fail_under,
        "exit_status": exit_status,
        "error": error,
    }


def failure_document(url: str, error: str, exit_status: int) -> dict[str, Any]:
    """The document of a `check` that stopped before any run (bad input, an output path, an
    interruption): nothing was crawled or stored, so there is no `run`."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "egov-audit", "version": __version__},
        "url": url,
        "error": error,
        "exit_status": exit_status,
    }

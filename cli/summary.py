"""The terminal summary of a run: scores by pillar, failing rules, broken and slow pages."""

from __future__ import annotations

from rich.table import Table

from egov_audit.audits.model import AuditResult, CrawlCoverage, RunInfo
from egov_audit.audits.run_facts import RunFacts
from egov_audit.cli.terminal import Terminal, plain
from egov_audit.reports.views import OUTCOME_LABELS, score_band

EVIDENCE_SHOWN = 5


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def coverage_line(coverage: CrawlCoverage) -> str:
    """One line on how much of the portal the run reached (docs/scores.md, coverage)."""
    parts = [f"Coverage: {coverage.pages} pages reached", f"{coverage.links} links found"]
    if coverage.links:
        parts[-1] += f" ({coverage.off_site_share:.0%} leading off the portal)"
    if coverage.cut_by:
        parts.append(f"cut by {coverage.cut_by.replace('_', ' ')}")
    if coverage.robots_refused:
        parts.append(f"{coverage.robots_refused} URLs refused by robots.txt")
    if coverage.crawl_delay:
        parts.append(f"crawl delay {coverage.crawl_delay:g} s (robots.txt)")
    parts.append("low coverage" if coverage.low else "enough to compare")
    return ", ".join(parts) + "."


def discovery_line(run: RunInfo) -> str | None:
    """One line on how the crawl found the pages, and why (docs/discovery.md)."""
    record, reason = run.discovery, run.discovery_reason
    if record is None:
        return None
    line = f"Discovery: {record.mode} ({record.asked})"
    if reason is not None:
        line += f": {reason.words()}"
    if record.rendered_pages or record.browser_errors or record.routes:
        line += (
            f". Rendered pages: {record.rendered_pages}, routes found by clicking menu items: {record.routes}, "
            f"pages the browser failed on: {record.browser_errors}"
        )
    return line + "."


def print_summary(terminal: Terminal, result: AuditResult, facts: RunFacts, report_path: str | None) -> None:
    out = terminal.out
    run = result.run
    counts = facts.counts
    out.print(plain(f"{run.start_url}  run #{run.id}  {run.status}  (stop: {run.stop_reason})"))
    out.print(
        plain(
            f"{counts.pages} pages fetched: {counts.html_pages} HTML, {counts.documents} other files, "
            f"{counts.redirects} redirects, {counts.errors} errors, {counts.broken_links} broken links, "
            f"{counts.blocked_by_robots} disallowed by robots.txt (robots.txt: {facts.robots_status})"
        )
    )
    if run.coverage is not None:
        out.print(plain(coverage_line(run.coverage)))
    if (discovered := discovery_line(run)) is not None:
        out.print(plain(discovered))

    scores = Table(title="Scores by pillar", title_justify="left")
    for column in ("pillar", "score", "band", "pass", "fail", "error", "n/a"):
        scores.add_column(column, justify="left" if column in ("pillar", "band") else "right")
    for s in result.scores:
        scores.add_row(
            s.pillar,
            _score(s.score),
            score_band(s.score)[1],
            str(s.passed),
            str(s.failed),
            str(s.errors),
            str(s.not_applicable),
        )
    scores.add_row(
        "openness index", _score(run.openness_index), score_band(run.openness_index)[1], "", "", "", "", style="bold"
    )
    out.print(scores)
    if run.unranked is not None:
        kind, why = run.unranked
        out.print(plain(f"Not ranked with full runs ({kind}): {why}."))
        for hint in run.coverage.hints if run.coverage is not None else ():
            out.print(plain(f"Hint: {hint.words()}."))

    if facts.failing or facts.errored:
        failing = Table(title="Rules that fail", title_justify="left", show_lines=True)
        failing.add_column("rule")
        failing.add_column("outcome")
        failing.add_column("summary and evidence", overflow="fold")
        for o in facts.failing + facts.errored:
            lines = [o.summary] + [f"- {e.url} {e.detail}" for e in o.evidence[:EVIDENCE_SHOWN]]
            if len(o.evidence) > EVIDENCE_SHOWN:
                lines.append(f"... and {len(o.evidence) - EVIDENCE_SHOWN} more (see the report)")
            failing.add_row(plain(o.rule_id), OUTCOME_LABELS[o.outcome], plain("\n".join(lines)))
        out.print(failing)

    if facts.broken:
        broken = Table(title="Broken links", title_justify="left")
        broken.add_column("URL", overflow="fold")
        broken.add_column("answer and where linked", overflow="fold")
        for b in facts.broken[:20]:
            broken.add_row(plain(b.url), plain(b.describe()))
        out.print(broken)

    if facts.slowest:
        slow = Table(title="Slowest pages", title_justify="left")
        slow.add_column("URL", overflow="fold")
        slow.add_column("seconds", justify="right")
        for page in facts.slowest[:5]:
            slow.add_row(plain(page.url), f"{page.elapsed:.2f}")
        out.print(slow)
    if facts.review:
        terminal.note(f"{len(facts.review)} rules await a human's review (weighted 0): see the report's checklist.")
    for line in run.rule_overrides:
        terminal.note(f"Rule replaced: {line}")
    if facts.coverage:
        terminal.note(
            "Checked automatically: "
            + "; ".join(
                f"{c.title}: {len(c.checked)}{f' of {c.indicators}' if c.indicators else ''} indicators"
                for c in facts.coverage
            )
        )
    if report_path:
        terminal.note(f"Report: {report_path}")

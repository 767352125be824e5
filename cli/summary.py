"""The terminal summary of a run: scores by pillar, failing rules, broken and slow pages, scorecards."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from rich.table import Table

from egov_audit.audits.model import AuditResult, CrawlCoverage, RuleOutcome, RunInfo
from egov_audit.audits.run_facts import RunFacts
from egov_audit.audits.scorecards import Scorecard, scorecards
from egov_audit.cli.plurals import counted
from egov_audit.cli.scorecard_summary import print_scorecards, scorecard_only, scorecard_only_line
from egov_audit.cli.terminal import Terminal, plain
from egov_audit.reports.views import score_band

EVIDENCE_SHOWN = 5
BROKEN_SHOWN = 20


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def coverage_line(coverage: CrawlCoverage) -> str:
    """One line on how much of the portal the run reached (docs/scores.md, coverage)."""
    parts = [
        f"Coverage: {counted(coverage.pages, '%(n)d page reached', '%(n)d pages reached')}",
        counted(coverage.links, "%(n)d link found", "%(n)d links found"),
    ]
    if coverage.links:
        parts[-1] += f" ({coverage.off_site_share:.0%} leading off the portal)"
    if coverage.cut_by:
        parts.append(f"cut by {coverage.cut_by.replace('_', ' ')}")
    if coverage.robots_refused:
        refused = coverage.robots_refused
        parts.append(counted(refused, "%(n)d URL refused by robots.txt", "%(n)d URLs refused by robots.txt"))
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


def _on_portal(start_url: str) -> Callable[[str], str]:
    """Shortens the portal's own URLs to their paths (`/kk/about/`), so a line fits 80 columns and
    reads as the site's map; other hosts' URLs stay whole, since where they lead is the point."""
    parts = urlsplit(start_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    return lambda text: text.replace(origin + "/", "/")


def _pillar_counts(result: AuditResult) -> dict[str, Counter[str]]:
    """Outcomes per pillar as the terminal shows them: rules awaiting review apart from the decided,
    so a review is not read as a fail, and scorecard-only rules (weight 0) left out, since they move
    no score (the stored pillar counts are kept as they were defined)."""
    counts: dict[str, Counter[str]] = {score.pillar: Counter() for score in result.scores}
    for outcome in result.outcomes:
        if outcome.weight == 0 and not outcome.review:
            continue
        counts.setdefault(outcome.pillar, Counter())["review" if outcome.review else str(outcome.outcome)] += 1
    return counts


def _counts_line(facts: RunFacts) -> str:
    c = facts.counts
    return (
        f"{counted(c.pages, '%(n)d page fetched', '%(n)d pages fetched')}: {c.html_pages} HTML, "
        f"{counted(c.documents, '%(n)d other file', '%(n)d other files')}, "
        f"{counted(c.redirects, '%(n)d redirect', '%(n)d redirects')}, "
        f"{counted(c.errors, '%(n)d error', '%(n)d errors')}, "
        f"{counted(c.broken_links, '%(n)d broken link', '%(n)d broken links')}, "
        f"{c.blocked_by_robots} disallowed by robots.txt (robots.txt: {facts.robots_status})"
    )


def _scores_table(result: AuditResult) -> Table:
    run = result.run
    counts = _pillar_counts(result)
    scores = Table(title="Scores by pillar", title_justify="left")
    for column in ("pillar", "score", "band", "pass", "fail", "review", "error", "n/a"):
        scores.add_column(column, justify="left" if column in ("pillar", "band") else "right")
    for s in result.scores:
        mine = counts[s.pillar]
        scores.add_row(
            s.pillar,
            _score(s.score),
            score_band(s.score)[1],
            *(str(mine[kind]) for kind in ("pass", "fail", "review", "error", "not_applicable")),
        )
    index = run.openness_index
    scores.add_row("openness index", _score(index), score_band(index)[1], *[""] * 5, style="bold")
    return scores


def _outcome_table(
    title: str, outcomes: list[RuleOutcome], short: Callable[[str], str], listed_apart: set[str]
) -> Table:
    """Rules with their summary and first evidence; evidence the broken-links table lists is not
    repeated here."""
    table = Table(title=title, title_justify="left", show_lines=True)
    table.add_column("rule", overflow="fold")
    table.add_column("pillar")
    table.add_column("summary and evidence", overflow="fold")
    for o in outcomes:
        evidence = [e for e in o.evidence if e.url not in listed_apart]
        lines = [o.summary] + [f"- {short(e.url)} {short(e.detail)}".rstrip() for e in evidence[:EVIDENCE_SHOWN]]
        if len(evidence) > EVIDENCE_SHOWN:
            lines.append(f"... and {len(evidence) - EVIDENCE_SHOWN} more (see the report)")
        if len(evidence) < len(o.evidence):
            lines.append("- the broken links are listed below")
        table.add_row(plain(o.rule_id), o.pillar, plain("\n".join(lines)))
    return table


def print_summary(
    terminal: Terminal,
    result: AuditResult,
    facts: RunFacts,
    report_path: str | None,
    cards: Sequence[Scorecard] | None = None,
) -> None:
    """The run's result on stdout (the report's path with it); nothing of it on stderr, so
    `> file` keeps all of it. `cards`: the run's scorecards with the reviews that apply to it;
    None: by the rules alone (`check` reads no reviews)."""
    out = terminal.out
    run = result.run
    short = _on_portal(run.start_url)
    out.print(plain(f"{run.start_url}  run #{run.id}  {run.status}  (stop: {run.stop_reason})"))
    out.print(plain(_counts_line(facts)))
    if run.coverage is not None:
        out.print(plain(coverage_line(run.coverage)))
    if (discovered := discovery_line(run)) is not None:
        out.print(plain(short(discovered)))
    out.print(_scores_table(result))
    if run.unranked is not None:
        kind, why = run.unranked
        out.print(plain(f"Not ranked with full runs ({kind}): {why}."))
        for hint in run.coverage.hints if run.coverage is not None else ():
            out.print(plain(f"Hint: {hint.words()}."))

    broken_urls = {b.url for b in facts.broken[:BROKEN_SHOWN]}
    # Rules of weight 0 answer scorecard indicators only: listed among the failures (or the errors)
    # they would read as moving a score they do not touch; the Scorecards block counts them.
    failing, apart = scorecard_only(facts.failing)
    if failing:
        out.print(_outcome_table("Rules that fail", failing, short, broken_urls))
    if apart:
        out.print(plain(scorecard_only_line(len(apart))))
    errored, unchecked = scorecard_only(facts.errored)
    if errored:
        out.print(_outcome_table("Rules that could not be checked", errored, short, set()))
    if unchecked:
        out.print(plain(scorecard_only_line(len(unchecked), failing=False)))
    if facts.review:
        awaiting = "Rules that await a person's review (weighted 0 until then)"
        out.print(_outcome_table(awaiting, facts.review, short, set()))

    if facts.broken:
        broken = Table(title="Broken links", title_justify="left")
        broken.add_column("URL", overflow="fold")
        broken.add_column("answer and where linked", overflow="fold")
        for b in facts.broken[:BROKEN_SHOWN]:
            broken.add_row(plain(short(b.url)), plain(short(b.describe())))
        out.print(broken)
        if len(facts.broken) > BROKEN_SHOWN:
            out.print(plain(f"... and {len(facts.broken) - BROKEN_SHOWN} more broken links (see the report)"))

    if facts.slowest:
        slow = Table(title="Slowest pages", title_justify="left")
        slow.add_column("URL", overflow="fold")
        slow.add_column("seconds", justify="right")
        for page in facts.slowest[:5]:
            slow.add_row(plain(short(page.url)), f"{page.elapsed:.2f}")
        out.print(slow)
    for line in run.rule_overrides:
        out.print(plain(f"Rule replaced: {line}"), soft_wrap=False)
    if facts.coverage:
        out.print("Indicators checked automatically:")
        for c in facts.coverage:
            shown = f"{len(c.checked)}{f' of {c.indicators}' if c.indicators else ''}"
            out.print(plain(f"- {c.title}: {shown}"), soft_wrap=False)
    print_scorecards(terminal, scorecards(result.outcomes) if cards is None else cards)
    if report_path:
        out.print(plain(f"Report: {report_path}"), soft_wrap=False)

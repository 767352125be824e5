"""View models of the archive's index and portal pages: every label, number, link and chart
decided here, in the report's language, so the templates only lay them out."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from markupsafe import Markup

from egov_audit.audits.model import AuditResult, Outcome, RunStatus
from egov_audit.audits.pillars import pillar_order
from egov_audit.render.axe import success_criteria
from egov_audit.reports.charts import Series, line_chart, sparkline
from egov_audit.reports.paths import portal_page, portal_slug, relative, run_page
from egov_audit.reports.views import (
    Gettext,
    ScoreView,
    not_ranked_text,
    pillar_titles,
    status_words,
    unranked_words,
)
from egov_audit.store.history import OPENNESS, Finding, FindingDiff, PortalHistory, RankRow, series_names

IMPACT_ORDER = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3, "": 4}


def series_titles(_: Gettext) -> dict[str, str]:
    return {OPENNESS: _("Openness index"), **pillar_titles(_)}


def _change(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:+.1f}" if value else "±0"


def _date(history_run_started: object) -> str:
    return history_run_started.strftime("%Y-%m-%d")  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class PortalRowView:
    href: str
    name: str
    start_url: str
    openness: ScoreView
    pillars: list[str]  # scores in series_names order after the openness index, "–" where none
    trend: Markup
    change: str
    last_run: str
    last_status: str
    flagged: str  # why the last run needs attention ("" when it does not)


@dataclass(frozen=True, slots=True)
class RankView:
    rank: str  # "1", "=2", or "–"
    name: str
    href: str
    openness: str


@dataclass(frozen=True, slots=True)
class UnrankedView:
    name: str
    href: str
    why: str  # the kind and the reasons, in words


@dataclass(frozen=True, slots=True)
class IndexView:
    title: str
    portals: list[PortalRowView]
    pillar_titles: list[str]
    ranking: list[RankView]  # the ranked portals, best first
    unranked: list[UnrankedView]  # portals whose latest audited run is not comparable, with why
    feed_href: str
    data_href: str


def index_view(histories: list[PortalHistory], ranks: list[RankRow], title: str, _: Gettext) -> IndexView:
    here = PurePosixPath("index.html")
    titles = series_titles(_)
    statuses = status_words(_)
    names = series_names(histories)
    rows = []
    standing = {row.key: row for row in ranks}
    for history in histories:
        last = history.runs[-1] if history.runs else None
        latest = history.latest
        flagged = ""
        if last is not None and last.status in (RunStatus.FAILED, RunStatus.INTERRUPTED):
            flagged = _("The last run %(status)s.") % {"status": statuses[last.status]}
        elif history.key in standing and (unranked := standing[history.key].unranked) is not None:
            # The kind only: the reasons are listed under the ranking, and on the portal's page.
            flagged = _("Not ranked: %(kind)s.") % {"kind": unranked_words(_).get(unranked[0], unranked[0])}
        rows.append(
            PortalRowView(
                href=relative(here, portal_page(history.key)),
                name=history.name,
                start_url=last.start_url if last else "",
                openness=ScoreView.of(titles[OPENNESS], latest.scores[OPENNESS] if latest else None, _),
                pillars=[
                    "–" if latest is None or latest.scores.get(name) is None else f"{latest.scores[name]:.0f}"
                    for name in names[1:]
                ],
                trend=sparkline(titles[OPENNESS], history.series(OPENNESS)),
                change=_change(history.change_since_previous[OPENNESS]),
                last_run=_date(last.started_at) if last else "–",
                last_status=statuses[last.status] if last else "–",
                flagged=flagged,
            )
        )
    ranking = [
        RankView(
            rank=f"={row.rank}" if row.tied else str(row.rank),
            name=row.name,
            href=relative(here, portal_page(row.key)),
            openness=f"{row.openness:.1f}",
        )
        for row in ranks
        if row.rank is not None and row.openness is not None
    ]
    unranked = [
        UnrankedView(row.name, relative(here, portal_page(row.key)), not_ranked_text(row.run, _))
        for row in ranks
        if row.rank is None
    ]
    return IndexView(
        title=title,
        portals=rows,
        pillar_titles=[titles.get(name, name) for name in names[1:]],
        ranking=ranking,
        unranked=unranked,
        feed_href="feed.atom",
        data_href="data/index.html",
    )


@dataclass(frozen=True, slots=True)
class FailureView:
    title: str
    rule_id: str
    summary: str
    evidence: list[tuple[str, str]]
    refs: str


@dataclass(frozen=True, slots=True)
class PillarFailuresView:
    pillar: str
    failures: list[FailureView]


@dataclass(frozen=True, slots=True)
class AxeRuleView:
    rule_id: str
    help: str
    help_url: str
    impact: str
    wcag: str
    elements: int
    pages: list[str]


@dataclass(frozen=True, slots=True)
class ChangeView:
    what: str
    page: str
    detail: str


@dataclass(frozen=True, slots=True)
class RunRowView:
    href: str
    label: str
    started: str
    status: str
    scores: list[str]  # the portal's series_names order
    instrument_change: str
    not_ranked: str  # why the run is left out of the trend, "" when it is in it


@dataclass(frozen=True, slots=True)
class PortalView:
    title: str
    start_url: str
    slug: str
    index_href: str
    last_run: str
    uptime: str
    change_previous: str
    change_first: str
    chart: Markup
    series_titles: list[str]
    runs: list[RunRowView]  # newest first
    failures: list[PillarFailuresView]
    axe_rules: list[AxeRuleView]
    new: list[ChangeView]
    fixed: list[ChangeView]
    unstable: list[ChangeView]
    diff_between: str  # "run 3 and run 2", or "" without a previous run
    sampled: list[tuple[str, str, str]]  # (url, reason, result)
    latest_href: str


def _changes(findings: tuple[Finding, ...]) -> list[ChangeView]:
    return [ChangeView(f"{f.rule_id}", f.page_url, f.detail) for f in findings]


def _failures(result: AuditResult | None, titles: dict[str, str], lang: str) -> list[PillarFailuresView]:
    if result is None:
        return []
    grouped: dict[str, list[FailureView]] = defaultdict(list)
    for outcome in result.outcomes:
        if outcome.outcome is not Outcome.FAIL or outcome.review:
            continue
        grouped[outcome.pillar].append(
            FailureView(
                title=dict(outcome.titles).get(lang, outcome.title),
                rule_id=outcome.rule_id,
                summary=outcome.summary,
                evidence=[(e.url, e.detail) for e in outcome.evidence[:10]],
                refs=", ".join(f"{source} {item}" for source, item in outcome.refs),
            )
        )
    return [PillarFailuresView(titles.get(p, p), grouped[p]) for p in pillar_order(grouped)]


def web_link(url: str) -> str:
    """A link target only if it is an http(s) URL: a rendered page can tamper with what axe-core
    returns, and a `javascript:` link must never reach the archive."""
    return url if urlsplit(url).scheme in ("http", "https") else ""


def _axe_rules(result: AuditResult | None) -> list[AxeRuleView]:
    if result is None:
        return []
    by_rule: dict[str, list[tuple[str, object]]] = defaultdict(list)
    for page in result.site.fetched:
        if page.axe is None:
            continue
        for finding in page.axe.violations:
            by_rule[finding.rule_id].append((page.url, finding))
    views = []
    for rule_id, items in by_rule.items():
        first = items[0][1]
        views.append(
            AxeRuleView(
                rule_id=rule_id,
                help=first.help,  # type: ignore[attr-defined]
                help_url=web_link(first.help_url),  # type: ignore[attr-defined]
                impact=first.impact,  # type: ignore[attr-defined]
                wcag=", ".join(success_criteria(first.tags)) or "–",  # type: ignore[attr-defined]
                elements=len(items),
                pages=sorted({url for url, _f in items}),
            )
        )
    return sorted(views, key=lambda v: (IMPACT_ORDER.get(v.impact, 4), -len(v.pages), v.rule_id))


def _sampled(result: AuditResult | None, _: Gettext) -> list[tuple[str, str, str]]:
    if result is None:
        return []
    rows = []
    for page in result.site.fetched:
        if page.axe is None:
            continue
        if page.axe.error:
            outcome = _("error: %(reason)s") % {"reason": page.axe.error}
        else:
            outcome = _("%(violations)s violations, %(review)s to review") % {
                "violations": len(page.axe.violations),
                "review": len(page.axe.findings) - len(page.axe.violations),
            }
        rows.append((page.url, page.axe.sample_reason, outcome))
    return rows


def portal_view(
    history: PortalHistory, latest: AuditResult | None, diff: FindingDiff | None, lang: str, _: Gettext
) -> PortalView:
    here = portal_page(history.key)
    titles = series_titles(_)
    statuses = status_words(_)
    slug = portal_slug(history.key)
    dates = tuple(_date(p.run.started_at) for p in history.points)
    if len(set(dates)) < len(dates):  # several runs a day: the time tells them apart
        dates = tuple(p.run.started_at.strftime("%Y-%m-%d %H:%M") for p in history.points)
    chart = line_chart(
        _("Scores of %(portal)s over time") % {"portal": history.name},
        dates,
        tuple(Series(titles.get(name, name), history.series(name)) for name in history.series_names),
        chart_id=f"trend-{slug}",
        breaks=history.breaks,
    )
    changes = {p.run.id: p.instrument_change for p in history.points}
    score_of = {p.run.id: p.scores for p in history.points}
    runs = [
        RunRowView(
            href=relative(here, run_page(run.id)),
            label=_("Run %(id)s") % {"id": run.id},
            started=run.started_at.strftime("%Y-%m-%d %H:%M UTC"),
            status=statuses[run.status],
            scores=[
                "–" if score_of.get(run.id, {}).get(name) is None else f"{score_of[run.id][name]:.1f}"
                for name in history.series_names
            ],
            instrument_change=changes.get(run.id) or "",
            not_ranked=not_ranked_text(run, _) if run.id in score_of else "",
        )
        for run in reversed(history.runs)
    ]
    last = history.runs[-1] if history.runs else None
    between = ""
    if diff is not None and diff.previous_run_id is not None:
        between = _("run %(run)s against run %(previous)s") % {"run": diff.run_id, "previous": diff.previous_run_id}
    return PortalView(
        title=history.name,
        start_url=last.start_url if last else "",
        slug=slug,
        index_href=relative(here, PurePosixPath("index.html")),
        last_run=last.started_at.strftime("%Y-%m-%d %H:%M UTC") if last else "–",
        uptime="–" if history.uptime is None else f"{history.uptime * 100:.0f} %",
        change_previous=_change(history.change_since_previous[OPENNESS]),
        change_first=_change(history.change_since_first[OPENNESS]),
        chart=chart,
        series_titles=[titles.get(name, name) for name in history.series_names],
        runs=runs,
        failures=_failures(latest, titles, lang),
        axe_rules=_axe_rules(latest),
        new=_changes(diff.new) if diff and diff.previous_run_id else [],
        fixed=_changes(diff.fixed) if diff and diff.previous_run_id else [],
        unstable=_changes(diff.unstable) if diff else [],
        diff_between=between,
        sampled=_sampled(latest, _),
        latest_href=relative(here, run_page(latest.run.id)) if latest else "",
    )

"""View models of a portal's page in the archive: what fails now, since when and where (the
rules and axe-core's findings), what changed since the previous run, the scores over time (the
openness index, then a small multiple per pillar) and the table of runs."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from markupsafe import Markup

from egov_audit.audits.model import AuditResult, Outcome, RunInfo
from egov_audit.audits.pillars import pillar_order
from egov_audit.render.axe import success_criteria
from egov_audit.reports.archive_words import change_class, change_text, chart_words, date_text, series_titles
from egov_audit.reports.axe_words import IMPACT_ORDER, impact_words, rule_title, rule_titles
from egov_audit.reports.charts import Series
from egov_audit.reports.findings import worded
from egov_audit.reports.group_views import GroupLinkView, portal_groups
from egov_audit.reports.i18n import translations
from egov_audit.reports.index_views import INDEX
from egov_audit.reports.instrument_words import changes_text
from egov_audit.reports.line_chart import line_chart
from egov_audit.reports.locale_format import formats
from egov_audit.reports.paths import portal_page, portal_slug, relative, run_page
from egov_audit.reports.references import reference_text
from egov_audit.reports.scorecard_views import PortalScorecardsView
from egov_audit.reports.views import Gettext, ScoreView, not_ranked_text, score_text, status_words
from egov_audit.store.history import OPENNESS, Finding, FindingDiff, PortalHistory


@dataclass(frozen=True, slots=True)
class FailureView:
    title: str
    rule_id: str
    pillar: str
    summary: str
    evidence: list[tuple[str, str]]
    refs: str
    since: str  # "2026-11-01 (run 1)": the first of the unbroken string of runs it failed in
    since_href: str


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
    since: str
    since_href: str


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
    change_class: str
    openness: ScoreView  # the latest index, with its band
    groups: list[GroupLinkView]  # country and tags, linked to their group pages
    chart: Markup  # the openness index over time, emphasised and labelled
    pillar_charts: list[tuple[ScoreView, Markup]]  # a small multiple per pillar, with its latest score
    series_titles: list[str]
    runs: list[RunRowView]  # newest first
    failures: list[FailureView]  # the latest scored run's failing rules, by pillar
    axe_rules: list[AxeRuleView]
    new: list[ChangeView]
    fixed: list[ChangeView]
    unstable: list[ChangeView]
    diff_between: str  # "run 3 and run 2", or "" without a previous run
    sampled: str  # how many pages were rendered for axe-core, in words ("" when none)
    latest_href: str
    scorecards: PortalScorecardsView | None = None  # the methodologies' scorecards and their trend


def _changes(findings: tuple[Finding, ...], lang: str) -> list[ChangeView]:
    return [ChangeView(f"{f.rule_id}", f.page_url, _change_words(f, lang)) for f in findings]


def _change_words(finding: Finding, lang: str) -> str:
    """A rule's finding worded from its note; an axe-core finding ("TITLE (TARGETS)", as
    store.history keeps it) with the rule's title in the reader's language."""
    if finding.note is None and finding.rule_id in rule_titles(lang):
        title, bracket, targets = finding.detail.partition(" (")
        return rule_title(finding.rule_id, title, lang) + bracket + targets
    return worded(finding.detail, finding.note, lang)


def failing_since(history: PortalHistory, found: dict[int, dict[str, Finding]]) -> dict[str, RunInfo]:
    """For each rule failing in the latest comparable run, the first run of the unbroken string of
    comparable runs it has failed in (store.history.failures gives `found`, each run's failures)."""
    comparable = [p.run for p in history.points if p.run.comparable]
    if not comparable:
        return {}
    active = {f.rule_id for f in found.get(comparable[-1].id, {}).values()}
    since = dict.fromkeys(active, comparable[-1])
    for run in reversed(comparable[:-1]):
        active &= {f.rule_id for f in found.get(run.id, {}).values()}
        if not active:
            break
        since.update(dict.fromkeys(active, run))
    return since


def _since(rule_id: str, since: dict[str, RunInfo], here: PurePosixPath, _: Gettext, lang: str) -> tuple[str, str]:
    run = since.get(rule_id)
    if run is None:
        return "–", ""
    words = _("%(date)s (run %(run)s)") % {"date": date_text(run.started_at, lang), "run": run.id}
    return words, relative(here, run_page(run.id))


def _failures(
    result: AuditResult | None,
    titles: dict[str, str],
    lang: str,
    since: dict[str, RunInfo],
    here: PurePosixPath,
    _: Gettext,
) -> list[FailureView]:
    if result is None:
        return []
    grouped: dict[str, list[FailureView]] = defaultdict(list)
    for outcome in result.outcomes:
        if outcome.outcome is not Outcome.FAIL or outcome.review:
            continue
        when, href = _since(outcome.rule_id, since, here, _, lang)
        grouped[outcome.pillar].append(
            FailureView(
                title=dict(outcome.titles).get(lang, outcome.title),
                rule_id=outcome.rule_id,
                pillar=titles.get(outcome.pillar, outcome.pillar),
                summary=worded(outcome.summary, outcome.note, lang),
                evidence=[(e.url, worded(e.detail, e.note, lang)) for e in outcome.evidence[:10]],
                refs=", ".join(reference_text(source, item, _) for source, item in outcome.refs),
                since=when,
                since_href=href,
            )
        )
    return [failure for pillar in pillar_order(grouped) for failure in grouped[pillar]]


def web_link(url: str) -> str:
    """A link target only if it is an http(s) URL: a rendered page can tamper with what axe-core
    returns, and a `javascript:` link must never reach the archive."""
    return url if urlsplit(url).scheme in ("http", "https") else ""


def _axe_rules(
    result: AuditResult | None, since: dict[str, RunInfo], here: PurePosixPath, _: Gettext, lang: str
) -> list[AxeRuleView]:
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
                help=rule_title(rule_id, first.help, lang),  # type: ignore[attr-defined]
                help_url=web_link(first.help_url),  # type: ignore[attr-defined]
                impact=impact_words(first.impact, _),  # type: ignore[attr-defined]
                wcag=", ".join(success_criteria(first.tags)) or "–",  # type: ignore[attr-defined]
                elements=len(items),
                pages=sorted({url for url, _f in items}),
                since=_since(rule_id, since, here, _, lang)[0],
                since_href=_since(rule_id, since, here, _, lang)[1],
            )
        )
    impact = {rule_id: IMPACT_ORDER.get(items[0][1].impact, len(IMPACT_ORDER)) for rule_id, items in by_rule.items()}  # type: ignore[attr-defined]
    return sorted(views, key=lambda v: (impact[v.rule_id], -len(v.pages), v.rule_id))


def _sampled(result: AuditResult | None, _: Gettext) -> str:
    """How many pages the latest run rendered for axe-core: the list itself is on the run's page."""
    if result is None:
        return ""
    rendered = [page for page in result.site.fetched if page.axe is not None]
    if not rendered:
        return ""
    failed = sum(1 for page in rendered if page.axe is not None and page.axe.error)
    words = _("Pages opened in a browser and checked with axe-core in this run: %(pages)s") % {"pages": len(rendered)}
    if failed:
        words += _("; pages the check failed on: %(pages)s") % {"pages": failed}
    return words + "."


_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")


def portal_view(
    history: PortalHistory,
    latest: AuditResult | None,
    diff: FindingDiff | None,
    lang: str,
    _: Gettext,
    since: dict[str, RunInfo] | None = None,
    scorecards: PortalScorecardsView | None = None,
) -> PortalView:
    """A portal over time, its findings first: what fails now, since when and where; then the
    scores over time (the index, then a small multiple per pillar) beside the table of runs."""
    here = portal_page(history.key)
    titles = series_titles(_)
    statuses = status_words(_)
    words = chart_words(lang)
    slug = portal_slug(history.key)
    since = since or {}
    dates = tuple(date_text(p.run.started_at, lang) for p in history.points)
    if len(set(dates)) < len(dates):  # several runs a day: the time tells them apart
        dates = tuple(formats(lang).date_time(p.run.started_at) for p in history.points)
    chart = line_chart(
        _("Openness index of %(portal)s over time") % {"portal": history.name},
        dates,
        (Series(titles[OPENNESS], history.series(OPENNESS)),),
        chart_id=f"trend-{slug}",
        breaks=history.breaks,
        width=720,
        height=240,
        legend=False,
        values=True,
        words=words,
    )
    latest_scores = history.latest.scores if history.latest else {}
    pillar_charts = [
        (
            ScoreView.of(titles.get(name, name), latest_scores.get(name), _, name, lang),
            line_chart(
                _("%(pillar)s of %(portal)s over time") % {"pillar": titles.get(name, name), "portal": history.name},
                dates,
                (Series(titles.get(name, name), history.series(name)),),
                chart_id=f"trend-{slug}-{_NOT_ID.sub('-', name)}",
                breaks=history.breaks,
                width=340,
                height=170,
                legend=False,
                values=True,
                words=words,
            ),
        )
        for name in history.series_names[1:]
    ]
    ngettext = translations(lang).ngettext
    changes = {p.run.id: changes_text(p.instrument_changes, _, ngettext) for p in history.points}
    score_of = {p.run.id: p.scores for p in history.points}
    runs = [
        RunRowView(
            href=relative(here, run_page(run.id)),
            label=_("Run %(id)s") % {"id": run.id},
            started=formats(lang).date_time(run.started_at),
            status=statuses[run.status],
            scores=[score_text(score_of.get(run.id, {}).get(name), lang) for name in history.series_names],
            instrument_change=changes.get(run.id) or "",
            not_ranked=not_ranked_text(run, _) if run.id in score_of else "",
        )
        for run in reversed(history.runs)
    ]
    last = history.runs[-1] if history.runs else None
    between = ""
    if diff is not None and diff.previous_run_id is not None:
        between = _("run %(run)s against run %(previous)s") % {"run": diff.run_id, "previous": diff.previous_run_id}
    change = history.change_since_previous.get(OPENNESS)
    return PortalView(
        title=history.name,
        start_url=last.start_url if last else "",
        slug=slug,
        index_href=relative(here, INDEX),
        last_run=formats(lang).date_time(last.started_at if last else None),
        uptime=formats(lang).percent(history.uptime),
        change_previous=change_text(change, lang),
        change_first=change_text(history.change_since_first.get(OPENNESS), lang),
        change_class=change_class(change),
        openness=ScoreView.of(titles[OPENNESS], latest_scores.get(OPENNESS), _, lang=lang),
        groups=[GroupLinkView(g.kind, g.label, relative(here, page)) for g, page in portal_groups(history, lang, _)],
        chart=chart,
        pillar_charts=pillar_charts,
        series_titles=[titles.get(name, name) for name in history.series_names],
        runs=runs,
        failures=_failures(latest, titles, lang, since, here, _),
        axe_rules=_axe_rules(latest, since, here, _, lang),
        new=_changes(diff.new, lang) if diff and diff.previous_run_id else [],
        fixed=_changes(diff.fixed, lang) if diff and diff.previous_run_id else [],
        unstable=_changes(diff.unstable, lang) if diff else [],
        diff_between=between,
        sampled=_sampled(latest, _),
        latest_href=relative(here, run_page(latest.run.id)) if latest else "",
        scorecards=scorecards,
    )

"""View models: everything a template shows, already decided (labels, classes, numbers).

Templates receive these and never compute, compare against thresholds or pick colours.
"""

from __future__ import annotations

from dataclasses import dataclass

from egov_audit.audits.coverage import Coverage
from egov_audit.audits.model import MAX_EVIDENCE, AuditResult, CrawlCoverage, Outcome, RuleOutcome, RunInfo, RunStatus
from egov_audit.audits.notes import note
from egov_audit.audits.pillars import pillar_order
from egov_audit.audits.run_facts import RunFacts
from egov_audit.crawler.model import PageSnapshot
from egov_audit.reports.findings import worded
from egov_audit.reports.i18n import N_, Gettext, _same, translations
from egov_audit.reports.instrument_words import instrument_text
from egov_audit.reports.locale_format import LocaleFormat, formats
from egov_audit.reports.reasons import sample_reason_words, stop_reason_words
from egov_audit.reports.references import indicator_name, methodology_title

OUTCOME_LABELS = {
    Outcome.PASS: N_("Pass"),
    Outcome.FAIL: N_("Fail"),
    Outcome.NOT_APPLICABLE: N_("Not applicable"),
    Outcome.ERROR: N_("Error"),
}


# The score bands, best first: (lowest score of the band, CSS class, words). Defined once: the
# badges, the terminal summary and the methodology page all read them from here.
SCORE_BANDS: tuple[tuple[float, str, str], ...] = (
    (90, "band-good", N_("good")),
    (50, "band-fair", N_("fair")),
    (0, "band-poor", N_("poor")),
)
UNSCORED_BAND = ("band-unknown", N_("not scored"))


def score_text(score: float | None, lang: str = "en") -> str:
    """A score as the whole archive writes it: one decimal ("87.8", "100.0"), "–" where none, so
    the same score reads the same in the index, the ranking, a portal's runs and its charts."""
    return formats(lang).score(score)


def score_band(score: float | None) -> tuple[str, str]:
    """The CSS class and the words for a score: words too, so colour is never the only cue."""
    if score is None:
        return UNSCORED_BAND
    band = next((band for band in SCORE_BANDS if score >= band[0]), SCORE_BANDS[-1])
    return band[1], band[2]


@dataclass(frozen=True, slots=True)
class ScoreView:
    label: str
    value: str
    band_class: str
    band_words: str
    section: str = "index"  # the methodology page's section defining it: the index, or pillar-NAME

    @classmethod
    def of(
        cls, label: str, score: float | None, _: Gettext = _same, pillar: str | None = None, lang: str = "en"
    ) -> ScoreView:
        band_class, words = score_band(score)
        value = score_text(score, lang)
        section = f"pillar-{pillar}" if pillar else "index"
        return cls(label=label, value=value, band_class=band_class, band_words=_(words), section=section)


@dataclass(frozen=True, slots=True)
class EvidenceView:
    url: str
    detail: str


@dataclass(frozen=True, slots=True)
class OutcomeView:
    rule_id: str
    title: str
    pillar: str
    outcome_label: str
    outcome_class: str
    summary: str
    evidence: list[EvidenceView]
    more_evidence: str  # "and 120 more in the run's data" when the list is cut at MAX_EVIDENCE


@dataclass(frozen=True, slots=True)
class RunView:
    title: str
    portal_name: str
    start_url: str
    run_id: int
    started: str
    status: str
    stop_reason: str
    tool_version: str
    rules_digest: str
    robots_status: str
    openness: ScoreView
    pillars: list[ScoreView]
    counts: list[tuple[str, str]]
    failing: list[OutcomeView]
    all_outcomes: list[OutcomeView]
    slowest: list[tuple[str, str]]
    broken: list[EvidenceView]
    profile: str
    overrides: list[str]
    review: list[OutcomeView]
    coverage: list[CoverageView]
    instrument: str
    rendered: list[RenderedView]
    reach: list[tuple[str, str]]  # what the crawl reached, label and value (docs/scores.md, coverage)
    not_ranked: str  # why the run is not ranked with full runs, "" when it is
    hints: list[str]  # what the auditor can do about a thin crawl


@dataclass(frozen=True, slots=True)
class RenderedView:
    url: str
    reason: str
    result: str  # "3 violations, 1 to review" or the error


@dataclass(frozen=True, slots=True)
class CoverageView:
    title: str
    checked: str  # "5 of 7"
    indicators: str
    awaiting_review: str


def _coverage_view(coverage: Coverage, _: Gettext, numbers: LocaleFormat) -> CoverageView:
    source = coverage.methodology
    checked = numbers.number(len(coverage.checked))
    if coverage.indicators:
        checked = _("%(checked)s of %(total)s") % {"checked": checked, "total": numbers.number(coverage.indicators)}
    return CoverageView(
        title=methodology_title(coverage.methodology, _),
        checked=checked,
        indicators=", ".join(indicator_name(source, item, _) for item in coverage.checked) or "–",
        awaiting_review=", ".join(indicator_name(source, item, _) for item in coverage.awaiting_review) or "–",
    )


def _outcome_view(outcome: RuleOutcome, _: Gettext, lang: str) -> OutcomeView:
    return OutcomeView(
        rule_id=outcome.rule_id,
        title=dict(outcome.titles).get(lang, outcome.title),
        pillar=_(outcome.pillar.title()),
        outcome_label=_(OUTCOME_LABELS[outcome.outcome]),
        outcome_class=f"outcome-{outcome.outcome.value.replace('_', '-')}",
        summary=worded(outcome.summary, outcome.note, lang),
        evidence=[EvidenceView(e.url, worded(e.detail, e.note, lang)) for e in outcome.evidence[:MAX_EVIDENCE]],
        more_evidence=(
            _("and %(count)s more in the run's data") % {"count": len(outcome.evidence) - MAX_EVIDENCE}
            if len(outcome.evidence) > MAX_EVIDENCE
            else ""
        ),
    )


def run_view(result: AuditResult, facts: RunFacts, _: Gettext = _same, lang: str = "en") -> RunView:
    run = result.run
    by_pillar = {s.pillar: s.score for s in result.scores}
    counts = facts.counts
    numbers = formats(lang)
    rule_titles = {o.rule_id: dict(o.titles).get(lang, o.title) for o in result.outcomes}
    return RunView(
        title=_("Audit of %(url)s") % {"url": run.start_url},
        portal_name=run.portal_name,
        start_url=run.start_url,
        run_id=run.id,
        started=numbers.date_time(run.started_at),
        status=_(str(run.status)),
        stop_reason=stop_reason_words(run.stop_reason, _),
        tool_version=run.tool_version,
        rules_digest=run.rules_digest[:12],
        robots_status=facts.robots_status,
        openness=ScoreView.of(_("Openness index"), run.openness_index, _, lang=lang),
        pillars=[ScoreView.of(_(p.title()), by_pillar[p], _, p, lang) for p in pillar_order(by_pillar)],
        counts=[
            (_("Pages fetched"), numbers.number(counts.pages)),
            (_("HTML pages"), numbers.number(counts.html_pages)),
            (_("Documents and other files"), numbers.number(counts.documents)),
            (_("Redirects"), numbers.number(counts.redirects)),
            (_("Errors (4xx, 5xx, no answer)"), numbers.number(counts.errors)),
            (_("Broken internal links"), numbers.number(counts.broken_links)),
            (_("Not fetched: robots.txt disallows"), numbers.number(counts.blocked_by_robots)),
        ],
        failing=[_outcome_view(o, _, lang) for o in facts.failing + facts.errored],
        all_outcomes=[_outcome_view(o, _, lang) for o in result.outcomes],
        slowest=[(p.url, numbers.seconds(p.elapsed)) for p in facts.slowest],
        broken=[EvidenceView(b.url, worded(b.describe(), b.said(), lang)) for b in facts.broken],
        profile=run.profile,
        overrides=list(run.rule_overrides),
        review=[_outcome_view(o, _, lang) for o in facts.review],
        coverage=[_coverage_view(c, _, numbers) for c in facts.coverage],
        instrument=instrument_text(run.instrument, _, translations(lang).ngettext) or _("nothing rendered"),
        rendered=[_rendered_view(p, _, rule_titles, numbers) for p in result.site.fetched if p.axe is not None],
        reach=_reach(run.coverage, _, numbers) + _discovery_rows(run, _, numbers),
        not_ranked=not_ranked_text(run, _),
        hints=[h.words(_) for h in run.coverage.hints] if run.coverage is not None and run.coverage.low else [],
    )


def status_words(_: Gettext) -> dict[str, str]:
    return {
        RunStatus.RUNNING: _("running"),
        RunStatus.COMPLETE: _("complete"),
        RunStatus.PARTIAL: _("partial"),
        RunStatus.UNREACHABLE: _("unreachable"),
        RunStatus.FAILED: _("failed"),
        RunStatus.INTERRUPTED: _("interrupted"),
    }


def unranked_words(_: Gettext) -> dict[str, str]:
    """Why a run is not ranked, in the report's language: RunInfo.unranked's kinds."""
    return {
        **{str(status): word for status, word in status_words(_).items()},
        "no index": _("no openness index"),
        "low coverage": _("low coverage"),
        "no run": _("no run audited"),
    }


def not_ranked_text(run: RunInfo | None, _: Gettext) -> str:
    """ "Not ranked (low coverage): …." in the report's language, or "" for a ranked run. Said from
    the run's facts (its status, coverage notes, unscored pillars), not from RunInfo.unranked's
    English words, so that a translated archive does not mix languages."""
    if run is None:
        return _("Not ranked: %(kind)s.") % {"kind": unranked_words(_)["no run"]}
    if run.unranked is None:
        return ""
    kind = run.unranked[0]
    if kind == str(RunStatus.UNREACHABLE):
        why = [note("unreachable").words(_)]
    elif kind == "no index":
        titles = pillar_titles(_)
        why = [_("%(pillar)s not scored") % {"pillar": titles.get(p, p)} for p, _reason in run.index_gaps]
    else:
        why = [reason.words(_) for reason in (run.coverage.reasons if run.coverage is not None else ())]
    words = unranked_words(_).get(kind, kind)
    if not why:
        return _("Not ranked: %(kind)s.") % {"kind": words}
    return _("Not ranked (%(kind)s): %(why)s.") % {"kind": words, "why": "; ".join(why)}


def pillar_titles(_: Gettext) -> dict[str, str]:
    return {
        "availability": _("Availability"),
        "accessibility": _("Accessibility"),
        "transparency": _("Transparency"),
        "participation": _("Participation"),
        "inclusion": _("Inclusion"),
        "trust": _("Trust"),
    }


def _reach(coverage: CrawlCoverage | None, _: Gettext, numbers: LocaleFormat) -> list[tuple[str, str]]:
    if coverage is None:
        return []
    hosts = ", ".join(f"{host} ({numbers.number(count)})" for host, count in coverage.off_site_hosts) or "–"
    off_site = f"{numbers.number(coverage.links_off_site)} ({numbers.percent(coverage.off_site_share)}): {hosts}"
    cut = {"max_pages": _("the page cap"), "time_budget": _("the time budget"), "cancelled": _("a stop signal")}
    return [
        (_("Pages that answered"), numbers.number(coverage.pages)),
        (_("Links found"), numbers.number(coverage.links)),
        (_("Links leading off the portal"), off_site),
        (_("Crawl cut short by"), cut.get(coverage.cut_by or "", _("nothing: it finished"))),
        (_("URLs refused by robots.txt"), numbers.number(coverage.robots_refused)),
        (_("Crawl delay asked by robots.txt"), numbers.seconds(coverage.crawl_delay or None, 1)),
        (_("Enough to compare with other runs"), _("no: low coverage") if coverage.low else _("yes")),
    ]


def _discovery_rows(run: RunInfo, _: Gettext, numbers: LocaleFormat) -> list[tuple[str, str]]:
    """How the crawl found the pages (docs/discovery.md), in the report's language."""
    record, reason = run.discovery, run.discovery_reason
    if record is None:
        return []
    walked = _("with a browser (scripts run)") if record.mode == "browser" else _("over HTTP (HTML as served)")
    asked = _("chosen by the crawl (auto)") if record.asked == "auto" else _("asked for in the settings")
    rows = [(_("Pages found"), f"{walked}, {asked}")]
    if reason is not None:
        rows.append((_("Why"), reason.words(_)))
    if record.mode == "browser" or record.browser_errors:
        rows += [
            (_("Pages read as a browser rendered them"), numbers.number(record.rendered_pages)),
            (_("Routes found by clicking menu items"), numbers.number(record.routes)),
            (_("Pages the browser failed on"), numbers.number(record.browser_errors)),
        ]
    return rows


def _rendered_view(page: PageSnapshot, _: Gettext, rule_titles: dict[str, str], numbers: LocaleFormat) -> RenderedView:
    assert page.axe is not None
    why = sample_reason_words(page.axe.sample_reason, _, rule_titles, numbers)
    if page.axe.error:
        return RenderedView(page.url, why, _("error: %(reason)s") % {"reason": page.axe.error})
    review = len(page.axe.findings) - len(page.axe.violations)
    return RenderedView(
        page.url,
        why,
        _("%(violations)s violations, %(review)s to review, %(passes)s rules passed")
        % {
            "violations": numbers.number(len(page.axe.violations)),
            "review": numbers.number(review),
            "passes": numbers.number(page.axe.passes),
        },
    )

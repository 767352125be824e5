"""Accessibility checks over axe-core's results on the rendered sample."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from egov_audit.audits.checks.registry import Params, page_check, site_check
from egov_audit.audits.model import CheckResult, Evidence, Outcome
from egov_audit.audits.notes import Listing, Note, fixed, note, percent
from egov_audit.audits.sample_weights import page_weights, weighted_share
from egov_audit.crawler.model import AxeFinding, PageSnapshot, SiteSnapshot
from egov_audit.render.axe import success_criteria, wcag_level

Impact = Literal["minor", "moderate", "serious", "critical"]
Level = Literal["A", "AA", "AAA"]


class ViolationParams(Params):
    levels: list[Level] = Field(default_factory=lambda: ["A", "AA"], min_length=1)
    versions: list[Literal["2.0", "2.1", "2.2"]] = Field(default_factory=lambda: ["2.0", "2.1", "2.2"], min_length=1)
    impacts: list[Impact] = Field(default_factory=lambda: ["minor", "moderate", "serious", "critical"], min_length=1)


def impact_said(impact: str) -> Note:
    """axe-core's impact (minor, moderate, serious, critical) in words of the report's language."""
    return note(f"impact_{impact}") if impact in ("minor", "moderate", "serious", "critical") else note("no_impact")


def described(finding: AxeFinding) -> Note:
    criteria = ", ".join(success_criteria(finding.tags))
    values = {"rule": finding.rule_id, "impact": impact_said(finding.impact), "targets": " ".join(finding.targets)}
    return note("axe_finding_wcag", **values, criteria=criteria) if criteria else note("axe_finding", **values)


def describe(finding: AxeFinding) -> str:
    return described(finding).words()


def matches(finding: AxeFinding, params: ViolationParams) -> bool:
    level = wcag_level(finding.tags)
    return (
        level is not None
        and level[0] in params.versions
        and level[1] in params.levels
        and (finding.impact in params.impacts)
    )


@page_check("axe_violations", ViolationParams, sampled=True)
def axe_violations(page: PageSnapshot, params: ViolationParams) -> CheckResult:
    """axe-core finds no violation of the given WCAG levels, versions and impacts on the rendered page."""
    if page.axe is None:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("not_rendered"))
    if page.axe.error:
        return CheckResult(Outcome.ERROR, page.axe.error, (Evidence(page.url, page.axe.error),))
    found = [f for f in page.axe.violations if matches(f, params)]
    if not found:
        return CheckResult.of(Outcome.PASS, note("no_violation", n=page.axe.passes))
    rules = sorted({f.rule_id for f in found})
    return CheckResult.of(
        Outcome.FAIL,
        note("violations_of", n=len(found), rules=", ".join(rules)),
        tuple(Evidence.of(page.url, described(f)) for f in found),
    )


class CleanShareParams(Params):
    impacts: list[Impact] = Field(default_factory=lambda: ["serious", "critical"], min_length=1)
    min_share: float = Field(0.9, ge=0, le=1)


@site_check("axe_clean_share", CleanShareParams)
def axe_clean_share(site: SiteSnapshot, params: CleanShareParams) -> CheckResult:
    """At least `min_share` of the portal's pages have no violation of the given impacts, as the
    rendered pages show, each standing for the crawled pages of its template; the evidence gives
    each failing page and its count of violations."""
    rendered = [p for p in site.fetched if p.axe is not None and not p.axe.error]
    if not rendered:
        errors = [p for p in site.fetched if p.axe is not None]
        if errors:
            error = str(errors[0].axe.error)  # type: ignore[union-attr]
            return CheckResult.of(Outcome.ERROR, note("no_sample_rendered", error=error))
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("no_page_rendered"))
    failing: list[Evidence] = []
    clean: list[PageSnapshot] = []
    impacts = Listing(tuple(impact_said(impact) for impact in params.impacts), "/")
    for page in rendered:
        assert page.axe is not None
        bad = [f for f in page.axe.violations if f.impact in params.impacts]
        if not bad:
            clean.append(page)
            continue
        rules = ", ".join(sorted({f.rule_id for f in bad}))
        failing.append(Evidence.of(page.url, note("impact_violations", n=len(bad), impacts=impacts, rules=rules)))
    population = [p for p in site.answered() if p.is_success and p.is_html]
    share = round(weighted_share(clean, rendered, page_weights(population, rendered)), 4)
    count = sum(len(p.axe.violations) for p in rendered if p.axe is not None)
    summary = note(
        "clean_share",
        clean=len(clean),
        pages=len(rendered),
        impacts=impacts,
        share=percent(share),
        per_page=fixed(count / len(rendered), 1),
    )
    outcome = Outcome.PASS if share >= params.min_share else Outcome.FAIL
    return CheckResult.of(outcome, summary, tuple(failing), score=share)


@page_check("axe_needs_review", sampled=True)
def axe_needs_review(page: PageSnapshot, params: Params) -> CheckResult:
    """What axe-core could not decide on the rendered page ("incomplete"), for a person to review."""
    if page.axe is None or page.axe.error:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("not_rendered"))
    review = [f for f in page.axe.findings if f.needs_review]
    if not review:
        return CheckResult.of(Outcome.PASS, note("nothing_to_review"))
    return CheckResult.of(
        Outcome.FAIL,
        note("to_review", n=len(review)),
        tuple(Evidence.of(page.url, described(f)) for f in review),
    )

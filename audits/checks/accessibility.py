"""Accessibility checks over axe-core's results on the rendered sample."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from egov_audit.audits.checks.registry import Params, page_check, site_check
from egov_audit.audits.model import CheckResult, Evidence, Outcome
from egov_audit.audits.sample_weights import page_weights, weighted_share
from egov_audit.crawler.model import AxeFinding, PageSnapshot, SiteSnapshot
from egov_audit.render.axe import success_criteria, wcag_level

Impact = Literal["minor", "moderate", "serious", "critical"]
Level = Literal["A", "AA", "AAA"]


class ViolationParams(Params):
    levels: list[Level] = Field(default_factory=lambda: ["A", "AA"], min_length=1)
    versions: list[Literal["2.0", "2.1", "2.2"]] = Field(default_factory=lambda: ["2.0", "2.1", "2.2"], min_length=1)
    impacts: list[Impact] = Field(default_factory=lambda: ["minor", "moderate", "serious", "critical"], min_length=1)


def describe(finding: AxeFinding) -> str:
    criteria = ", ".join(success_criteria(finding.tags))
    where = " ".join(finding.targets)
    return f"{finding.rule_id} ({finding.impact or 'no impact'}{'; WCAG ' + criteria if criteria else ''}) at {where}"


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
        return CheckResult(Outcome.NOT_APPLICABLE, "The page was not rendered.")
    if page.axe.error:
        return CheckResult(Outcome.ERROR, page.axe.error, (Evidence(page.url, page.axe.error),))
    found = [f for f in page.axe.violations if matches(f, params)]
    if not found:
        return CheckResult(Outcome.PASS, f"No violation ({page.axe.passes} axe rules passed).")
    rules = sorted({f.rule_id for f in found})
    return CheckResult(
        Outcome.FAIL,
        f"{len(found)} violations of {', '.join(rules)}.",
        tuple(Evidence(page.url, describe(f)) for f in found),
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
            return CheckResult(Outcome.ERROR, f"No sampled page could be rendered: {errors[0].axe.error}.")  # type: ignore[union-attr]
        return CheckResult(Outcome.NOT_APPLICABLE, "No page was rendered.")
    failing: list[Evidence] = []
    clean: list[PageSnapshot] = []
    for page in rendered:
        assert page.axe is not None
        bad = [f for f in page.axe.violations if f.impact in params.impacts]
        if not bad:
            clean.append(page)
            continue
        rules = ", ".join(sorted({f.rule_id for f in bad}))
        failing.append(Evidence(page.url, f"{len(bad)} {'/'.join(params.impacts)} violations: {rules}"))
    population = [p for p in site.answered() if p.is_success and p.is_html]
    share = round(weighted_share(clean, rendered, page_weights(population, rendered)), 4)
    count = sum(len(p.axe.violations) for p in rendered if p.axe is not None)
    summary = (
        f"{len(clean)} of {len(rendered)} rendered pages have no {'/'.join(params.impacts)} violation; weighted by "
        f"template, {share:.0%} of the portal's pages ({count / len(rendered):.1f} violations per rendered page)."
    )
    outcome = Outcome.PASS if share >= params.min_share else Outcome.FAIL
    return CheckResult(outcome, summary, tuple(failing), score=share)


@page_check("axe_needs_review", sampled=True)
def axe_needs_review(page: PageSnapshot, params: Params) -> CheckResult:
    """What axe-core could not decide on the rendered page ("incomplete"), for a person to review."""
    if page.axe is None or page.axe.error:
        return CheckResult(Outcome.NOT_APPLICABLE, "The page was not rendered.")
    review = [f for f in page.axe.findings if f.needs_review]
    if not review:
        return CheckResult(Outcome.PASS, "Nothing left for review.")
    return CheckResult(
        Outcome.FAIL,
        f"{len(review)} results need a person's review.",
        tuple(Evidence(page.url, describe(f)) for f in review),
    )

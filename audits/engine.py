"""The rule engine: apply each rule's check to the pages its scope and selector name."""

from __future__ import annotations

import re
from functools import cache

from audits.checks import CHECKS
from audits.checks.availability import MAX_EVIDENCE, answered
from audits.checks.content import matching_links
from audits.model import CheckResult, Evidence, Outcome, PageSnapshot, RuleOutcome, SiteSnapshot
from audits.rule_schema import Scope
from audits.rulebook import Rule, RuleSet


def home_page(site: SiteSnapshot) -> PageSnapshot | None:
    """The page the start URL ends at after its redirects, if it answered 2xx."""
    chain = site.redirect_chain(site.start_url)
    return chain[-1] if chain and chain[-1].is_success else None


def linked_pages(rule: Rule, site: SiteSnapshot) -> set[str]:
    """Where the links that a link_present rule matches lead, after redirects."""
    targets: set[str] = set()
    for page in site.pages:
        for link in matching_links(page, rule.params):  # type: ignore[arg-type]
            chain = site.redirect_chain(link.url)
            targets.add(chain[-1].url if chain else link.url)
    return targets


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


class Evaluation:
    """One rule set applied to one crawl, with what rules share computed once."""

    def __init__(self, rules: RuleSet, site: SiteSnapshot) -> None:
        self.rules = rules
        self.site = site
        self.pages = answered(site)
        self._linked: dict[str, set[str]] = {}

    def pages_for(self, rule: Rule) -> list[PageSnapshot]:
        selector = rule.spec.pages
        pages = self.pages
        if selector is None:
            return pages
        if selector.url is not None:
            pattern = _compiled(selector.url)
            pages = [p for p in pages if pattern.search(p.url)]
        if selector.linked_by is not None:
            if selector.linked_by not in self._linked:
                linking = self.rules.by_id(selector.linked_by)
                self._linked[selector.linked_by] = linked_pages(linking, self.site) if linking else set()
            targets = self._linked[selector.linked_by]
            pages = [p for p in pages if p.url in targets]
        return pages

    def evaluate_rule(self, rule: Rule) -> CheckResult:
        spec = CHECKS[rule.spec.check]
        if rule.spec.scope is Scope.SITE:
            if spec.level != "site":
                return CheckResult(Outcome.ERROR, f"check {spec.name} examines one page; give the rule a page scope")
            return spec.func(self.site, rule.params)
        if spec.level != "page":
            return CheckResult(Outcome.ERROR, f"check {spec.name} examines the whole site; use scope 'site'")
        if rule.spec.scope is Scope.HOME:
            home = home_page(self.site)
            if home is None:
                return CheckResult(Outcome.ERROR, "The home page did not answer, so it could not be examined.")
            return spec.func(home, rule.params)
        pages = self.pages_for(rule)
        if not pages:
            return CheckResult(Outcome.NOT_APPLICABLE, "No crawled page is one this rule examines.")
        if rule.spec.scope is Scope.EVERY_PAGE:
            return _every_page(rule, pages)
        return _any_page(rule, pages)


def _every_page(rule: Rule, pages: list[PageSnapshot]) -> CheckResult:
    func = CHECKS[rule.spec.check].func
    results = [func(page, rule.params) for page in pages]
    decided = [r for r in results if r.outcome in (Outcome.PASS, Outcome.FAIL)]
    failing = [r for r in results if r.outcome is Outcome.FAIL]
    errors = [r for r in results if r.outcome is Outcome.ERROR]
    if errors and not decided:
        return CheckResult(Outcome.ERROR, errors[0].summary)
    if not decided:
        return CheckResult(Outcome.NOT_APPLICABLE, "No page to which the rule applies.")
    evidence = tuple(e for r in failing for e in r.evidence)[:MAX_EVIDENCE]
    if not failing:
        return CheckResult(Outcome.PASS, f"All {len(decided)} pages pass.")
    share = 1 - len(failing) / len(decided)
    return CheckResult(Outcome.FAIL, f"{len(failing)} of {len(decided)} pages fail ({share:.1%} pass).", evidence)


def _any_page(rule: Rule, pages: list[PageSnapshot]) -> CheckResult:
    func = CHECKS[rule.spec.check].func
    applicable = 0
    for page in pages:
        result = func(page, rule.params)
        if result.outcome is Outcome.PASS:
            return CheckResult(
                Outcome.PASS, f"{result.summary} (on {page.url})", result.evidence or (Evidence(page.url),)
            )
        applicable += result.outcome is Outcome.FAIL
    if not applicable:
        return CheckResult(Outcome.NOT_APPLICABLE, "No page to which the rule applies.")
    return CheckResult(Outcome.FAIL, f"None of {applicable} pages passes.")


def evaluate(rules: RuleSet, site: SiteSnapshot) -> list[RuleOutcome]:
    """Every rule's outcome; a check that raises is an `error` outcome, not a crash."""
    evaluation = Evaluation(rules, site)
    outcomes = []
    for rule in rules.rules:
        try:
            result = evaluation.evaluate_rule(rule)
        except Exception as exc:
            result = CheckResult(Outcome.ERROR, f"check {rule.spec.check} failed: {type(exc).__name__}: {exc}")
        outcomes.append(
            RuleOutcome(
                rule_id=rule.id,
                title=rule.spec.title,
                pillar=rule.spec.pillar,
                weight=rule.spec.weight,
                outcome=result.outcome,
                summary=result.summary,
                evidence=result.evidence,
                review=rule.spec.review,
                refs=tuple((ref.source, ref.item) for ref in rule.spec.refs),
                titles=tuple(sorted(rule.spec.titles.items())),
            )
        )
    return outcomes

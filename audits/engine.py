"""The rule engine: apply each rule's check to the pages its scope and selector name."""

from __future__ import annotations

import re
from functools import cache

from egov_audit.audits.checks import CHECKS
from egov_audit.audits.model import MAX_EVIDENCE, CheckResult, Evidence, Outcome, RuleOutcome
from egov_audit.audits.rule_schema import Scope
from egov_audit.audits.rulebook import Rule, RuleSet
from egov_audit.crawler.model import PageSnapshot, SiteSnapshot


def linked_pages(rule: Rule, site: SiteSnapshot) -> set[str]:
    """Where the links that a page-finding rule (link_present) matches lead, after redirects;
    nothing for a rule whose check finds no page."""
    finder = CHECKS[rule.spec.check].links
    if finder is None:
        return set()
    targets: set[str] = set()
    for page in site.pages:
        for link in finder(page, rule.params):
            chain = site.redirect_chain(link.url)
            targets.add(chain[-1].url if chain else link.url)
    return targets


def named_pages(rules: RuleSet, site: SiteSnapshot) -> list[tuple[str, str]]:
    """(url, reason) of every page a rule points at, in rule order: what rendering samples first
    after the home page, so the pages the openness rules found are audited for accessibility too."""
    named: list[tuple[str, str]] = []
    for rule in rules.rules:
        named.extend((url, f"named by rule {rule.id}") for url in sorted(linked_pages(rule, site)))
    return named


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


class Evaluation:
    """One rule set applied to one crawl, with what rules share computed once."""

    def __init__(self, rules: RuleSet, site: SiteSnapshot) -> None:
        self.rules = rules
        self.site = site
        self.pages = site.answered()
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
            home = self.site.home_page()
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

"""The rule engine: apply each rule's check to the pages its scope names."""

from __future__ import annotations

from audits.checks import CHECKS
from audits.checks.availability import MAX_EVIDENCE, answered
from audits.model import CheckResult, Evidence, Outcome, PageSnapshot, RuleOutcome, SiteSnapshot
from audits.rulebook import Rule, RuleSet, Scope


def home_page(site: SiteSnapshot) -> PageSnapshot | None:
    """The page the start URL ends at after its redirects, if it answered 2xx."""
    chain = site.redirect_chain(site.start_url)
    return chain[-1] if chain and chain[-1].is_success else None


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
    for page in pages:
        result = func(page, rule.params)
        if result.outcome is Outcome.PASS:
            return CheckResult(
                Outcome.PASS, f"{result.summary} (on {page.url})", result.evidence or (Evidence(page.url),)
            )
    return CheckResult(Outcome.FAIL, f"None of {len(pages)} pages passes.")


def evaluate_rule(rule: Rule, site: SiteSnapshot) -> CheckResult:
    spec = CHECKS[rule.spec.check]
    if rule.spec.scope is Scope.SITE:
        if spec.level != "site":
            return CheckResult(Outcome.ERROR, f"check {spec.name} examines one page; give the rule a page scope")
        return spec.func(site, rule.params)
    if spec.level != "page":
        return CheckResult(Outcome.ERROR, f"check {spec.name} examines the whole site; give the rule scope 'site'")
    if rule.spec.scope is Scope.HOME:
        home = home_page(site)
        if home is None:
            return CheckResult(Outcome.ERROR, "The home page did not answer, so it could not be examined.")
        return spec.func(home, rule.params)
    pages = answered(site)
    if rule.spec.scope is Scope.EVERY_PAGE:
        return _every_page(rule, pages)
    return _any_page(rule, pages)


def evaluate(rules: RuleSet, site: SiteSnapshot) -> list[RuleOutcome]:
    """Every rule's outcome; a check that raises is an `error` outcome, not a crash."""
    outcomes = []
    for rule in rules.rules:
        try:
            result = evaluate_rule(rule, site)
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
            )
        )
    return outcomes

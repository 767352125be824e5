"""The rule engine: apply each rule's check to the pages its scope and selector name."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from egov_audit.audits.checks import CHECKS
from egov_audit.audits.checks.registry import Context, run_check
from egov_audit.audits.model import CheckResult, Evidence, Outcome, RuleOutcome
from egov_audit.audits.notes import Note, Value, note, percent
from egov_audit.audits.rule_schema import Scope
from egov_audit.audits.rulebook import Rule, RuleSet
from egov_audit.audits.sample_weights import page_weights, weighted_share
from egov_audit.crawler.model import PageSnapshot, SiteSnapshot
from egov_audit.render.sampling import reason


def linked_pages(rule: Rule, context: Context) -> set[str]:
    """Where the links a page-finding rule (link_present) chose lead, after redirects, on the pages
    its scope examines; nothing for a rule whose check finds no page."""
    finder = CHECKS[rule.spec.check].links
    if finder is None:
        return set()
    site = context.site
    if rule.spec.scope is Scope.HOME:
        home = site.home_page()
        pages = [home] if home is not None else []
    else:
        pages = site.answered()
    targets: set[str] = set()
    for page in pages:
        for link in finder(page, rule.params, context):
            chain = site.redirect_chain(link.url)
            targets.add(chain[-1].url if chain else link.url)
    return targets


def named_pages(rules: RuleSet, site: SiteSnapshot) -> list[tuple[str, str]]:
    """(url, reason) of every page a rule points at, in rule order: what rendering samples first
    after the home page, so the pages the openness rules found are audited for accessibility too."""
    context = Context(site, rules.language_hint)
    named: list[tuple[str, str]] = []
    for rule in rules.rules:
        named.extend((url, reason("named", rule=rule.id)) for url in sorted(linked_pages(rule, context)))
    return named


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


class Evaluation:
    """One rule set applied to one crawl, with what rules share computed once."""

    def __init__(self, rules: RuleSet, site: SiteSnapshot) -> None:
        self.rules = rules
        self.site = site
        self.context = Context(site, rules.language_hint)
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
                self._linked[selector.linked_by] = linked_pages(linking, self.context) if linking else set()
            targets = self._linked[selector.linked_by]
            pages = [p for p in pages if p.url in targets]
        return pages

    def evaluate_rule(self, rule: Rule) -> CheckResult:
        spec = CHECKS[rule.spec.check]
        if rule.spec.scope is Scope.SITE:
            if spec.level != "site":
                return CheckResult.of(Outcome.ERROR, note("scope_page_check", check=spec.name))
            return run_check(spec, self.site, rule.params, self.context)
        if spec.level != "page":
            return CheckResult.of(Outcome.ERROR, note("scope_site_check", check=spec.name))
        if rule.spec.scope is Scope.HOME:
            home = self.site.home_page()
            if home is None:
                return CheckResult.of(Outcome.NOT_APPLICABLE, note("home_gave_no_page"))
            return run_check(spec, home, rule.params, self.context)
        pages = self.pages_for(rule)
        if not pages:
            return CheckResult.of(Outcome.NOT_APPLICABLE, note("no_page_selected"))
        if rule.spec.scope is Scope.EVERY_PAGE:
            return _every_page(rule, pages, self.context)
        return _any_page(rule, pages, self.context)


def _every_page(rule: Rule, pages: list[PageSnapshot], context: Context) -> CheckResult:
    """The share of the pages that pass, weighted by template for a sampled check; the rule passes
    when the share reaches its `min_share`, and its pillar counts the share (docs/scores.md)."""
    spec = CHECKS[rule.spec.check]
    results = [(page, run_check(spec, page, rule.params, context)) for page in pages]
    decided = [(page, r) for page, r in results if r.outcome in (Outcome.PASS, Outcome.FAIL)]
    if not decided:
        errors = [r for _page, r in results if r.outcome is Outcome.ERROR]
        if errors:
            return CheckResult.of(Outcome.ERROR, note("no_page_examined", why=said(errors[0])))
        return CheckResult.of(Outcome.NOT_APPLICABLE, _not_applicable(len(pages), [r for _page, r in results]))
    examined = [page for page, _r in decided]
    passing = [page for page, r in decided if r.outcome is Outcome.PASS]
    failing = [(page, r) for page, r in decided if r.outcome is Outcome.FAIL]
    evidence = tuple(e for page, r in failing for e in (r.evidence or (_evidence(page.url, r),)))
    if spec.sampled:
        population = [p for p in pages if p.is_success and p.is_html and not p.is_redirect]
        weights = page_weights(population or examined, examined)
        share = weighted_share(passing, examined, weights)
    else:
        share = len(passing) / len(examined)
    measured = {"failing": len(failing), "pages": len(examined), "share": percent(share, 1)}
    share = round(share, 4)
    if not failing:
        return CheckResult.of(Outcome.PASS, note("all_pages_pass", pages=len(examined)), score=1.0)
    outcome = Outcome.PASS if share >= rule.spec.min_share else Outcome.FAIL
    code = "sampled_share" if spec.sampled else "page_share"
    if rule.spec.min_share < 1:
        summary = note(f"{code}_needed", **measured, min=percent(rule.spec.min_share))
    else:
        summary = note(code, **measured)
    return CheckResult.of(outcome, summary, evidence, score=share)


def said(result: CheckResult) -> Value:
    """A result's summary as a value of another note: its note, or its words (a check's error text)."""
    return result.note if result.note is not None else result.summary


def _evidence(url: str, result: CheckResult) -> Evidence:
    """A page's result as evidence of a rule over many pages: its summary."""
    return Evidence(url, result.summary, result.note)


def _not_applicable(examined: int, results: list[CheckResult]) -> Note:
    """Why a rule applied to none of the pages it looked at: the pages' own most frequent reason."""
    reasons = Counter(r.summary for r in results)
    if not reasons:
        return note("not_applicable_to_any", pages=examined, why=note("no_page_to_examine"))
    common = reasons.most_common(1)[0][0]
    return note("not_applicable_to_any", pages=examined, why=said(next(r for r in results if r.summary == common)))


def _any_page(rule: Rule, pages: list[PageSnapshot], context: Context) -> CheckResult:
    """Pass on the first page that passes; a failure names every page examined and what it lacked
    (the page's own reason, when only one was examined)."""
    spec = CHECKS[rule.spec.check]
    lacking: list[Evidence] = []
    results = []
    for page in pages:
        result = run_check(spec, page, rule.params, context)
        results.append(result)
        if result.outcome is Outcome.PASS:
            summary = note("on_page", summary=said(result), url=page.url)
            return CheckResult.of(Outcome.PASS, summary, result.evidence or (Evidence(page.url),))
        if result.outcome is Outcome.FAIL:
            lacking.append(_evidence(page.url, result))
    if not lacking:
        return CheckResult.of(Outcome.NOT_APPLICABLE, _not_applicable(len(pages), results))
    if len(lacking) == 1:
        only = next(r for r in results if r.outcome is Outcome.FAIL)
        summary = note("on_page", summary=said(only), url=lacking[0].url)
        return CheckResult.of(Outcome.FAIL, summary, only.evidence or tuple(lacking))
    return CheckResult.of(Outcome.FAIL, note("none_of_pages_passes", pages=len(lacking)), tuple(lacking))


def rule_score(result: CheckResult) -> float | None:
    """What a decided rule adds to its pillar: the check's share, else 1 for a pass and 0 for a fail."""
    if result.outcome not in (Outcome.PASS, Outcome.FAIL):
        return None
    if result.score is not None:
        return min(1.0, max(0.0, result.score))
    return 1.0 if result.outcome is Outcome.PASS else 0.0


def evaluate(rules: RuleSet, site: SiteSnapshot) -> list[RuleOutcome]:
    """Every rule's outcome; a check that raises is an `error` outcome, not a crash."""
    evaluation = Evaluation(rules, site)
    outcomes = []
    for rule in rules.rules:
        try:
            result = evaluation.evaluate_rule(rule)
        except Exception as exc:
            failed = note("check_failed", check=rule.spec.check, error=f"{type(exc).__name__}: {exc}")
            result = CheckResult.of(Outcome.ERROR, failed)
        outcomes.append(
            RuleOutcome(
                score=rule_score(result),
                rule_id=rule.id,
                title=rule.spec.title,
                pillar=rule.spec.pillar,
                weight=rule.spec.weight,
                outcome=result.outcome,
                summary=result.summary,
                evidence=result.evidence,
                note=result.note,
                review=rule.spec.review,
                refs=tuple((ref.source, ref.item) for ref in rule.spec.refs),
                titles=tuple(sorted(rule.spec.titles.items())),
            )
        )
    return outcomes

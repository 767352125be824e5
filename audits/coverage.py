"""How much of each public methodology a run checked automatically.

An indicator counts as checked when a rule that cites it was decided (pass or
fail) without waiting for a human's review.
"""

from __future__ import annotations

from dataclasses import dataclass

from egov_audit.audits.methodology_catalog import catalog
from egov_audit.audits.model import Outcome, RuleOutcome


@dataclass(frozen=True, slots=True)
class Coverage:
    methodology: str
    title: str
    indicators: int
    checked: tuple[str, ...]
    awaiting_review: tuple[str, ...]


def methodology_coverage(outcomes: list[RuleOutcome]) -> list[Coverage]:
    coverage = []
    for key, methodology in catalog().items():
        known = methodology.indicators
        checked: set[str] = set()
        review: set[str] = set()
        for outcome in outcomes:
            for source, item in outcome.refs:
                if source != key:
                    continue
                if outcome.review:
                    review.add(item)
                elif outcome.outcome in (Outcome.PASS, Outcome.FAIL):
                    checked.add(item)
        if checked or review:
            coverage.append(
                Coverage(key, methodology.title, len(known), tuple(sorted(checked)), tuple(sorted(review - checked)))
            )
    return coverage

"""The checklist a person answers for one portal and run: every indicator of every scored methodology
whose status is `review` or `manual`, with the question, the evidence the run gathered for it and
the answer that already applies, if any (docs/reviews.md).

`egov-audit review export` writes it as YAML or CSV (audits/review_files.py); `review import` reads
the answers back. The checklist is plain data built from a run's outcomes and the portal's answers,
so the command line, the tests and any other reader build the same one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from egov_audit.audits.methodology_catalog import catalog
from egov_audit.audits.model import MAX_EVIDENCE, RuleOutcome
from egov_audit.audits.reviews import Review, applicable, citing, evidence_digest

# The statuses a person answers: `automated` indicators are the rules' to decide.
ANSWERED_BY_PEOPLE = ("review", "manual")


@dataclass(frozen=True, slots=True)
class RuleEvidence:
    """What one rule of the run found for an indicator, and where."""

    rule_id: str
    outcome: str  # the outcome's value: pass, fail, not_applicable, error
    summary: str
    urls: tuple[str, ...]  # at most MAX_EVIDENCE, in the run's order
    more_urls: int = 0  # how many more the run stored


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One question for a person: an indicator, what the run found for it, and its current answer."""

    methodology: str
    indicator: str
    status: str  # review or manual
    label: str
    question: str
    evidence: tuple[RuleEvidence, ...]
    digest: str  # audits.reviews.evidence_digest of the run's evidence; "" when no rule cites it
    review: Review | None  # the answer that applies to this run, if any


@dataclass(frozen=True, slots=True)
class PortalChecklist:
    """A portal's questions for one of its runs."""

    portal_key: str
    portal_name: str
    run_id: int
    run_started: datetime
    items: tuple[ChecklistItem, ...]


def _rule_evidence(outcome: RuleOutcome) -> RuleEvidence:
    urls = tuple(dict.fromkeys(item.url for item in outcome.evidence))
    shown = urls[:MAX_EVIDENCE]
    return RuleEvidence(outcome.rule_id, outcome.outcome.value, outcome.summary, shown, len(urls) - len(shown))


def checklist_items(outcomes: Sequence[RuleOutcome], reviews: Iterable[Review]) -> tuple[ChecklistItem, ...]:
    """The run's questions, in catalog order, each with the answer that applies to the run, if any."""
    answers = applicable(reviews, outcomes)
    items = []
    for methodology in catalog().values():
        if not methodology.scorecard:
            continue
        for indicator in methodology.indicators:
            if indicator.status not in ANSWERED_BY_PEOPLE:
                continue
            key = (methodology.id, indicator.id)
            items.append(
                ChecklistItem(
                    methodology.id,
                    indicator.id,
                    indicator.status,
                    indicator.label,
                    indicator.question or indicator.label,
                    tuple(_rule_evidence(outcome) for outcome in citing(outcomes, *key)),
                    evidence_digest(outcomes, *key),
                    answers.get(key),
                )
            )
    return tuple(items)

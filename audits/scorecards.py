"""A portal's scorecard against each public methodology: which of its indicators a run meets.

One scorecard per methodology of the catalog that is scored (`scorecard: true` in
rules/methodologies/ID.yaml), in catalog order. Each indicator gets one answer:

- `automated`: the run's rules that cite it and are not awaiting a person's review decide it: any
  of them fails, not met; else any passes, met; else unknown (not examined, not applicable, an
  error, or no rule of the run's profile cites it);
- `review` and `manual`: the person's answer that applies to this run (audits/reviews.py:
  `applicable`, an answer whose evidence is unchanged), else unknown.

Unknown never counts as met, and the share is met over every indicator the methodology lists, so
what egov-audit cannot tell lowers a portal's share rather than flattering it. Rules of weight 0
(scorecard-only) decide indicators like any other: weight is the pillars' business, not ours.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from egov_audit.audits.methodology_catalog import Criterion, Indicator, Level, Methodology, catalog
from egov_audit.audits.model import Outcome, RuleOutcome
from egov_audit.audits.reviews import Review

Answer = Literal["met", "not_met", "unknown"]
AnsweredBy = Literal["rules", "review", "none"]
ANSWERS: tuple[Answer, ...] = ("met", "not_met", "unknown")


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """One indicator's answer for one run, and what gave it."""

    indicator: Indicator
    answer: Answer
    by: AnsweredBy
    rules: tuple[str, ...]  # ids of the run's rules citing it (review rules too: they gathered evidence)
    review: Review | None = None


class _Counts:
    """The counts a criterion and a scorecard both give, over their `results`."""

    __slots__ = ()

    def _answers(self) -> tuple[IndicatorResult, ...]:
        raise NotImplementedError

    @property
    def total(self) -> int:
        return len(self._answers())

    @property
    def met(self) -> int:
        return sum(r.answer == "met" for r in self._answers())

    @property
    def not_met(self) -> int:
        return sum(r.answer == "not_met" for r in self._answers())

    @property
    def unknown(self) -> int:
        return sum(r.answer == "unknown" for r in self._answers())

    @property
    def met_by_rules(self) -> int:
        return sum(r.answer == "met" and r.by == "rules" for r in self._answers())

    @property
    def met_by_review(self) -> int:
        return sum(r.answer == "met" and r.by == "review" for r in self._answers())

    @property
    def share(self) -> float:
        """Met over every indicator listed, 0 to 1 (unknown counts as not met)."""
        return self.met / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class CriterionResult(_Counts):
    criterion: Criterion
    results: tuple[IndicatorResult, ...]

    def _answers(self) -> tuple[IndicatorResult, ...]:
        return self.results


@dataclass(frozen=True, slots=True)
class Scorecard(_Counts):
    methodology: Methodology
    criteria: tuple[CriterionResult, ...]

    @property
    def results(self) -> tuple[IndicatorResult, ...]:
        """Every indicator's result, criterion by criterion."""
        return tuple(result for criterion in self.criteria for result in criterion.results)

    def _answers(self) -> tuple[IndicatorResult, ...]:
        return self.results

    @property
    def level(self) -> Level | None:
        """The methodology's band for the share met (LOSI's very high above 75 % ...), None without bands."""
        return self.methodology.level(self.share)


def _citing(outcomes: Iterable[RuleOutcome], methodology: str) -> dict[str, list[RuleOutcome]]:
    """The run's outcomes by the indicator of `methodology` they cite."""
    citing: dict[str, list[RuleOutcome]] = {}
    for outcome in outcomes:
        for source, item in outcome.refs:
            if source == methodology and outcome not in citing.setdefault(item, []):
                citing[item].append(outcome)
    return citing


def _by_rules(cited: Sequence[RuleOutcome]) -> Answer:
    deciding = [o.outcome for o in cited if not o.review]
    if Outcome.FAIL in deciding:
        return "not_met"
    if Outcome.PASS in deciding:
        return "met"
    return "unknown"


def _answer(
    methodology: str, indicator: Indicator, cited: Sequence[RuleOutcome], reviews: Mapping[tuple[str, str], Review]
) -> IndicatorResult:
    rules = tuple(sorted({o.rule_id for o in cited}))
    if indicator.status == "automated":
        answer = _by_rules(cited)
        return IndicatorResult(indicator, answer, "none" if answer == "unknown" else "rules", rules)
    review = reviews.get((methodology, indicator.id))
    if review is None:
        return IndicatorResult(indicator, "unknown", "none", rules)
    return IndicatorResult(indicator, "met" if review.answer else "not_met", "review", rules, review)


def scorecard(
    methodology: Methodology,
    outcomes: Sequence[RuleOutcome],
    reviews: Mapping[tuple[str, str], Review] | None = None,
) -> Scorecard:
    """The scorecard of one methodology for a run's outcomes and the reviews that apply to it."""
    citing = _citing(outcomes, methodology.id)
    known = reviews or {}
    return Scorecard(
        methodology,
        tuple(
            CriterionResult(
                criterion,
                tuple(_answer(methodology.id, i, citing.get(i.id, ()), known) for i in criterion.indicators),
            )
            for criterion in methodology.criteria
        ),
    )


def scorecards(
    outcomes: Sequence[RuleOutcome], reviews: Mapping[tuple[str, str], Review] | None = None
) -> tuple[Scorecard, ...]:
    """One scorecard per methodology with scorecard=True, in catalog order."""
    return tuple(scorecard(m, outcomes, reviews) for m in catalog().values() if m.scorecard)

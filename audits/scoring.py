"""Scores: the only place where outcomes become numbers (docs/scores.md defines each one).

A rule adds its score to its pillar: 1 for a pass and 0 for a fail, or, for a rule over many
pages (links, documents), the share of them that pass. A pillar's score is the weighted mean of
its decided rules' scores, times 100; errors, not-applicable rules and rules awaiting a person's
review carry no weight, so nothing passes that was not examined.

The openness index is the mean of a fixed set of pillars: those the rule set scores (its index
pillars, the same for every run of a profile). A run that could not score one of them has no
index, and says which pillar is missing and why: a mean over whichever pillars happened to be
scored would mean something different from run to run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from egov_audit.audits.model import Outcome, PillarScore, RuleOutcome
from egov_audit.audits.pillars import pillar_order


def pillar_scores(outcomes: list[RuleOutcome]) -> list[PillarScore]:
    scores = []
    for pillar in pillar_order(o.pillar for o in outcomes):
        mine = [o for o in outcomes if o.pillar == pillar]
        weighing = [o for o in mine if o.weighs]
        total = sum(o.weight for o in weighing)
        earned = sum(o.weight * (o.score or 0.0) for o in weighing)
        scores.append(
            PillarScore(
                pillar=pillar,
                score=round(100 * earned / total, 1) if total > 0 else None,
                passed=sum(o.outcome is Outcome.PASS for o in mine),
                failed=sum(o.outcome is Outcome.FAIL for o in mine),
                errors=sum(o.outcome is Outcome.ERROR for o in mine),
                not_applicable=sum(o.outcome is Outcome.NOT_APPLICABLE for o in mine),
            )
        )
    return scores


def index_pillars(outcomes: Iterable[RuleOutcome]) -> tuple[str, ...]:
    """The pillars the openness index is the mean of: those with a rule that can weigh in them."""
    return pillar_order({o.pillar for o in outcomes if not o.review and o.weight > 0})


@dataclass(frozen=True, slots=True)
class OpennessIndex:
    value: float | None
    gaps: tuple[tuple[str, str], ...] = ()  # (pillar, why it has no score) when value is None


def openness_index(scores: list[PillarScore], outcomes: list[RuleOutcome]) -> OpennessIndex:
    """The mean of the index pillars' scores, or none, with the pillars that have no score and why."""
    wanted = index_pillars(outcomes)
    by_pillar = {s.pillar: s.score for s in scores}
    gaps = tuple((p, _why_unscored(p, outcomes)) for p in wanted if by_pillar.get(p) is None)
    if gaps or not wanted:
        return OpennessIndex(None, gaps or (("every pillar", "no rule was evaluated"),))
    known = [by_pillar[p] for p in wanted]
    return OpennessIndex(round(sum(k for k in known if k is not None) / len(known), 1))


def _why_unscored(pillar: str, outcomes: list[RuleOutcome]) -> str:
    """The most frequent reason the pillar's rules gave for deciding nothing."""
    mine = [o for o in outcomes if o.pillar == pillar and not o.review and o.weight > 0]
    if not mine:
        return "no rule of the rule set scores it"
    errors = [o for o in mine if o.outcome is Outcome.ERROR]
    reasons = Counter(o.summary for o in (errors or mine))
    reason = reasons.most_common(1)[0][0]
    kind = "errors" if errors else "every rule not applicable"
    return f"{kind}: {reason}"

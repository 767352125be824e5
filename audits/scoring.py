"""Scores: the only place where outcomes become numbers.

A pillar's score is the weighted share of its decided rules (pass or fail) that
pass; errors and not-applicable rules are counted but carry no weight, so an
error never passes quietly. The openness index is the mean of the pillar scores.
"""

from __future__ import annotations

from egov_audit.audits.model import Outcome, PillarScore, RuleOutcome
from egov_audit.audits.pillars import pillar_order


def pillar_scores(outcomes: list[RuleOutcome]) -> list[PillarScore]:
    scores = []
    for pillar in pillar_order(o.pillar for o in outcomes):
        mine = [o for o in outcomes if o.pillar == pillar]
        # Rules awaiting a human's review weigh nothing until confirmed, as Lighthouse's manual audits.
        decided = [o for o in mine if o.outcome in (Outcome.PASS, Outcome.FAIL) and not o.review]
        total = sum(o.weight for o in decided)
        passed_weight = sum(o.weight for o in decided if o.outcome is Outcome.PASS)
        scores.append(
            PillarScore(
                pillar=pillar,
                score=round(100 * passed_weight / total, 1) if total > 0 else None,
                passed=sum(o.outcome is Outcome.PASS for o in mine),
                failed=sum(o.outcome is Outcome.FAIL for o in mine),
                errors=sum(o.outcome is Outcome.ERROR for o in mine),
                not_applicable=sum(o.outcome is Outcome.NOT_APPLICABLE for o in mine),
            )
        )
    return scores


def openness_index(scores: list[PillarScore]) -> float | None:
    known = [s.score for s in scores if s.score is not None]
    return round(sum(known) / len(known), 1) if known else None

"""A person's answers to the indicators rules cannot decide alone, and which of them apply to a run.

An indicator of status `review` (rules gather evidence, a person answers its question) or `manual`
(nothing on the public site decides it) is answered by a person: `egov-audit review export` writes a
checklist of a run's questions with the evidence it gathered, `egov-audit review import` stores the
answers (docs/reviews.md). Each answer keeps the digest of the evidence the person looked at, so it
carries over to later runs while that evidence is unchanged and lapses when it changes: a new page,
a rule that now fails, a link that moved all ask for a new look. A `manual` indicator has no
evidence (digest ""), so its answer carries over until someone answers again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from egov_audit.audits.model import RuleOutcome

# What a person may write for an answer, case-insensitive, and what it means.
ANSWER_WORDS: dict[str, bool] = {
    "yes": True,
    "true": True,
    "met": True,
    "no": False,
    "false": False,
    "not met": False,
    "not_met": False,
}


@dataclass(frozen=True, slots=True)
class Review:
    """A person's answer to one indicator of one portal."""

    methodology: str  # catalog id, e.g. "un-losi"
    indicator: str  # indicator id
    answer: bool  # True: met
    who: str
    when: datetime  # aware, UTC
    evidence: str  # evidence_digest(...) of the run the person looked at
    note: str = ""


def parse_answer(text: str) -> bool | None:
    """True or False for a word of ANSWER_WORDS (any case, spaces trimmed); None for anything else."""
    return ANSWER_WORDS.get(" ".join(text.split()).lower())


def citing(outcomes: Iterable[RuleOutcome], methodology: str, indicator: str) -> list[RuleOutcome]:
    """The run's outcomes whose rules cite (methodology, indicator), in the run's order."""
    key = (methodology, indicator)
    return [outcome for outcome in outcomes if key in outcome.refs]


def evidence_digest(outcomes: Iterable[RuleOutcome], methodology: str, indicator: str) -> str:
    """sha256 (first 16 hex) of the sorted (rule_id, outcome value, sorted evidence URLs) of the run's
    outcomes whose refs cite (methodology, indicator); "" when no rule cites it (a manual indicator:
    its answer then carries over until revoked)."""
    # Only what a reviewer judges by enters the digest: which rules, what they found, where. The
    # summary's wording and the evidence details change with translations and releases, and
    # would make every answer lapse for nothing; a URL listed twice is one place to look.
    facts = sorted(
        (outcome.rule_id, outcome.outcome.value, sorted({item.url for item in outcome.evidence}))
        for outcome in citing(outcomes, methodology, indicator)
    )
    if not facts:
        return ""
    encoded = json.dumps(facts, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


def applicable(reviews: Iterable[Review], outcomes: Sequence[RuleOutcome]) -> dict[tuple[str, str], Review]:
    """The latest review of each (methodology, indicator) whose evidence digest equals the run's: an answer carries over
    to later runs until the evidence changes."""
    digests: dict[tuple[str, str], str] = {}
    found: dict[tuple[str, str], Review] = {}
    for review in reviews:
        key = (review.methodology, review.indicator)
        if key not in digests:
            digests[key] = evidence_digest(outcomes, *key)
        if review.evidence != digests[key]:
            continue
        # Of two answers at the same moment the one listed later wins, as a re-import would.
        if key not in found or review.when >= found[key].when:
            found[key] = review
    return found

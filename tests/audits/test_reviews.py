"""audits/reviews.py: the evidence digest, and which answers carry over to a run."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from egov_audit.audits.model import Evidence, Outcome, RuleOutcome
from egov_audit.audits.reviews import Review, applicable, evidence_digest, parse_answer

BUDGET = ("un-losi", "budget-information")
MANUAL = ("un-losi", "some-manual-indicator")


def outcome(rule_id: str, result: Outcome, *urls: str, refs=(BUDGET,), summary: str = "found") -> RuleOutcome:
    evidence = tuple(Evidence(url, f"detail {url}") for url in urls)
    return RuleOutcome(rule_id, rule_id, "transparency", 1.0, result, summary, evidence, True, refs)


def review(answer: bool, evidence: str, when: datetime, key=BUDGET, who: str = "Aigerim") -> Review:
    return Review(key[0], key[1], answer, who, when, evidence)


RUN = [
    outcome("budget-page", Outcome.PASS, "http://p.test/budget", "http://p.test/budget/2026"),
    outcome("unrelated", Outcome.FAIL, "http://p.test/x", refs=(("un-osi", "usability"),)),
]
MARCH = datetime(2026, 3, 1, tzinfo=UTC)
APRIL = datetime(2026, 4, 1, tzinfo=UTC)


def test_digest_is_16_hex_and_ignores_order_wording_and_other_rules() -> None:
    digest = evidence_digest(RUN, *BUDGET)
    assert len(digest) == 16 and int(digest, 16) >= 0
    urls = ("http://p.test/budget/2026", "http://p.test/budget", "http://p.test/budget")
    shuffled = [outcome("budget-page", Outcome.PASS, *urls, summary="other words")]
    assert evidence_digest(shuffled, *BUDGET) == digest


@pytest.mark.parametrize(
    "changed",
    [
        [outcome("budget-page", Outcome.FAIL, "http://p.test/budget", "http://p.test/budget/2026")],
        [outcome("budget-page", Outcome.PASS, "http://p.test/budget")],
        [outcome("budget-page-2", Outcome.PASS, "http://p.test/budget", "http://p.test/budget/2026")],
        [*RUN, outcome("budget-archive", Outcome.PASS, "http://p.test/archive")],
    ],
)
def test_digest_changes_with_the_evidence(changed: list[RuleOutcome]) -> None:
    assert evidence_digest(changed, *BUDGET) != evidence_digest(RUN, *BUDGET)


def test_no_citing_rule_gives_an_empty_digest() -> None:
    assert evidence_digest(RUN, *MANUAL) == ""
    assert evidence_digest([], *BUDGET) == ""


def test_an_answer_carries_over_while_the_evidence_is_unchanged() -> None:
    answer = review(True, evidence_digest(RUN, *BUDGET), MARCH)
    later_run = [outcome("budget-page", Outcome.PASS, "http://p.test/budget/2026", "http://p.test/budget"), RUN[1]]
    assert applicable([answer], later_run) == {BUDGET: answer}


def test_a_changed_evidence_asks_for_a_new_review() -> None:
    answer = review(True, evidence_digest(RUN, *BUDGET), MARCH)
    changed = [outcome("budget-page", Outcome.FAIL, "http://p.test/budget")]
    assert applicable([answer], changed) == {}


def test_the_latest_of_two_answers_wins() -> None:
    digest = evidence_digest(RUN, *BUDGET)
    first, second = review(True, digest, MARCH), review(False, digest, APRIL, who="Dana")
    assert applicable([second, first], RUN) == {BUDGET: second}
    assert applicable([first, second], RUN) == {BUDGET: second}


def test_an_older_answer_applies_when_the_newer_one_saw_other_evidence() -> None:
    digest = evidence_digest(RUN, *BUDGET)
    older, newer = review(True, digest, MARCH), review(False, "0123456789abcdef", APRIL)
    assert applicable([older, newer], RUN) == {BUDGET: older}


def test_manual_indicators_carry_over_until_answered_again() -> None:
    answer = review(True, "", MARCH, key=MANUAL)
    assert applicable([answer], RUN) == {MANUAL: answer}
    assert applicable([answer], []) == {MANUAL: answer}
    revoked = review(False, "", APRIL, key=MANUAL)
    assert applicable([answer, revoked], RUN) == {MANUAL: revoked}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("yes", True), (" Met ", True), ("TRUE", True), ("no", False), ("not  met", False), ("false", False)],
)
def test_answer_words(text: str, expected: bool) -> None:
    assert parse_answer(text) is expected


@pytest.mark.parametrize("text", ["", "maybe", "y", "1", "met?"])
def test_other_answers_are_refused(text: str) -> None:
    assert parse_answer(text) is None

"""store/reviews.py: answers round-trip through SQLite and PostgreSQL, once each, all or none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from egov_audit.audits.model import Evidence, Outcome, RuleOutcome, RunStatus
from egov_audit.audits.reviews import Review, evidence_digest
from egov_audit.crawler.model import StopReason
from egov_audit.store.database import Store, StoreError
from egov_audit.store.reviews import PortalReview, add_reviews, applicable_reviews, portal_reviews

BUDGET = ("un-losi", "budget-information")
OUTCOMES = [
    RuleOutcome(
        "budget-page", "Budget", "transparency", 0, Outcome.PASS, "found", (Evidence("http://p.test/b", ""),),
        refs=(BUDGET,),
    )
]  # fmt: skip
WHEN = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)


def stored_run(store: Store, key: str = "p.test/") -> int:
    run_id = store.start_run(key, "Portal", "http://p.test/", "0.2.0", "digest", {})
    store.finish_run(run_id, RunStatus.COMPLETE, StopReason.FINISHED, OUTCOMES, [], None)
    return run_id


def answer(value: bool, when: datetime = WHEN, who: str = "Aigerim", note: str = "") -> Review:
    return Review(*BUDGET, value, who, when, evidence_digest(OUTCOMES, *BUDGET), note)


def test_answers_round_trip_once(store_url: str) -> None:
    store = Store(store_url)
    run_id = stored_run(store)
    first = answer(True, note="Бюджет 2026 опубликован")
    # The same moment written in Astana's time is the same answer.
    same = answer(True, WHEN.astimezone(timezone(timedelta(hours=5))), note="Бюджет 2026 опубликован")
    assert add_reviews(store, [PortalReview("p.test/", run_id, first)]) == 1
    assert add_reviews(store, [PortalReview("p.test/", run_id, same)]) == 0
    later = answer(False, WHEN + timedelta(days=1), who="Dana")
    assert add_reviews(store, [PortalReview("p.test/", run_id, later)]) == 1
    assert portal_reviews(store, "p.test/") == [first, later]
    assert portal_reviews(store, "other.test/") == []
    assert applicable_reviews(store, "p.test/", OUTCOMES) == {BUDGET: later}
    changed = [RuleOutcome("budget-page", "Budget", "transparency", 0, Outcome.FAIL, "gone", refs=(BUDGET,))]
    assert applicable_reviews(store, "p.test/", changed) == {}
    store.close()


def test_an_unknown_portal_stores_nothing(store_url: str) -> None:
    store = Store(store_url)
    run_id = stored_run(store)
    with pytest.raises(StoreError, match=r"no portal 'gone\.test/'"):
        add_reviews(
            store, [PortalReview("p.test/", run_id, answer(True)), PortalReview("gone.test/", None, answer(False))]
        )
    assert portal_reviews(store, "p.test/") == []
    store.close()


def test_the_run_answered_is_kept_and_a_time_without_zone_is_refused(store_url: str) -> None:
    store = Store(store_url)
    run_id = stored_run(store)
    add_reviews(store, [PortalReview("p.test/", run_id, answer(True))])
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT run_id, evidence FROM reviews")).one() == (
            run_id,
            evidence_digest(OUTCOMES, *BUDGET),
        )
    with pytest.raises(ValueError, match="time zone"):
        add_reviews(store, [PortalReview("p.test/", run_id, answer(True, WHEN.replace(tzinfo=None)))])
    store.close()


def test_an_untimed_answer_that_restates_the_latest_adds_nothing(store_url: str) -> None:
    """A file without `when` imported twice: its answers take the import's time, and say nothing new."""
    store = Store(store_url)
    run_id = stored_run(store)
    assert add_reviews(store, [PortalReview("p.test/", run_id, answer(True), timed=False)]) == 1
    again = answer(True, WHEN + timedelta(hours=1))
    assert add_reviews(store, [PortalReview("p.test/", run_id, again, timed=False)]) == 0
    other = answer(True, WHEN + timedelta(hours=2), who="Dana")  # someone else confirms: kept
    changed = answer(False, WHEN + timedelta(hours=3))  # a new answer: kept
    assert add_reviews(store, [PortalReview("p.test/", run_id, r, timed=False) for r in (other, changed)]) == 2
    assert [(r.who, r.answer) for r in portal_reviews(store, "p.test/")] == [
        ("Aigerim", True),
        ("Dana", True),
        ("Aigerim", False),
    ]
    store.close()

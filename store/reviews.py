"""People's answers to review and manual indicators, kept per portal (table `reviews`, s0009).

An answer is stored with the digest of the evidence its reviewer looked at (audits/reviews.py) and
the run whose checklist they answered; which answers apply to a later run is worked out from the
digests (`audits.reviews.applicable`), never stored, so a run audited after an import counts an
answer as long as its evidence is unchanged. Adding the same answer twice adds one row: importing a
file again is harmless.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from egov_audit.audits.model import RuleOutcome, RunInfo, RunStatus
from egov_audit.audits.review_answers import StoreFacts
from egov_audit.audits.review_checklist import PortalChecklist, checklist_items
from egov_audit.audits.reviews import Review, applicable
from egov_audit.store.database import Store, StoreError
from egov_audit.store.rows import aware
from egov_audit.store.schema import PortalRow, ReviewRow


@dataclass(frozen=True, slots=True)
class PortalReview:
    """An answer to record: whose portal, the run whose checklist was answered, the answer.
    `timed` False: the answer's time is the import's, so the file said nothing new if the portal's
    latest answer on the same evidence already says the same (a file imported twice)."""

    portal_key: str
    run_id: int | None
    review: Review
    timed: bool = True


def _utc(moment: datetime) -> datetime:
    """The moment in UTC to the microsecond, as both SQLite and PostgreSQL give it back."""
    return moment.astimezone(UTC)


def _identity(portal_id: int, review: Review) -> tuple[object, ...]:
    """What makes two answers the same answer (the table's unique constraint)."""
    return (portal_id, review.methodology, review.indicator, review.evidence, review.answer, review.who, review.when)


def _review(row: ReviewRow) -> Review:
    when = aware(row.answered_at)
    assert when is not None  # NOT NULL
    return Review(row.methodology, row.indicator, row.answer, row.who, _utc(when), row.evidence, row.note or "")


def add_reviews(store: Store, answers: Iterable[PortalReview]) -> int:
    """Record the answers in one transaction (all or none); returns how many were new. A portal that
    is not in the store is a StoreError and nothing is recorded."""
    # One moment, one spelling: an answer given at 15:00+05:00 is the one given at 10:00 UTC.
    answers = [replace(a, review=_normalised(a.review)) for a in answers]
    with Session(store.engine) as session, session.begin():
        keys = {answer.portal_key for answer in answers}
        portals = dict(session.execute(select(PortalRow.key, PortalRow.id).where(PortalRow.key.in_(keys))).all())
        missing = sorted(keys - set(portals))
        if missing:
            raise StoreError(f"no portal {missing[0]!r} in the store")
        known: set[tuple[object, ...]] = set()
        latest: dict[tuple[object, ...], Review] = {}
        query = select(ReviewRow).where(ReviewRow.portal_id.in_(portals.values()))
        for row in session.scalars(query.order_by(ReviewRow.answered_at, ReviewRow.id)):
            stored = _review(row)
            known.add(_identity(row.portal_id, stored))
            latest[(row.portal_id, stored.methodology, stored.indicator, stored.evidence)] = stored
        rows = []
        for answer in answers:
            portal_id, review = portals[answer.portal_key], answer.review
            identity = _identity(portal_id, review)
            before = latest.get((portal_id, review.methodology, review.indicator, review.evidence))
            if identity in known or (not answer.timed and _restates(before, review)):
                continue
            known.add(identity)
            latest[(portal_id, review.methodology, review.indicator, review.evidence)] = review
            rows.append(
                {
                    "portal_id": portal_id,
                    "methodology": review.methodology,
                    "indicator": review.indicator,
                    "answer": review.answer,
                    "who": review.who,
                    "answered_at": review.when,
                    "evidence": review.evidence,
                    "note": review.note,
                    "run_id": answer.run_id,
                }
            )
        if rows:
            session.execute(insert(ReviewRow), rows)
        return len(rows)


def _restates(before: Review | None, review: Review) -> bool:
    return before is not None and (before.answer, before.who) == (review.answer, review.who)


def _normalised(review: Review) -> Review:
    if review.when.tzinfo is None:
        raise ValueError("a review's time must say its time zone")
    return replace(review, when=_utc(review.when))


def portal_reviews(store: Store, portal_key: str) -> list[Review]:
    """Every answer recorded for the portal, oldest first (the order they were given, then recorded)."""
    with Session(store.engine) as session:
        rows = session.scalars(
            select(ReviewRow)
            .join(PortalRow, PortalRow.id == ReviewRow.portal_id)
            .where(PortalRow.key == portal_key)
            .order_by(ReviewRow.answered_at, ReviewRow.id)
        )
        return [_review(row) for row in rows]


def applicable_reviews(store: Store, portal_key: str, outcomes: Sequence[RuleOutcome]) -> dict[tuple[str, str], Review]:
    """The answers that apply to a run of the portal with these outcomes, by (methodology, indicator)."""
    return applicable(portal_reviews(store, portal_key), outcomes)


# The runs a checklist is made from unless one is asked for: their rules ran on what was crawled.
AUDITED = (RunStatus.COMPLETE, RunStatus.PARTIAL)


def latest_audited(runs: Iterable[RunInfo]) -> dict[str, RunInfo]:
    """Each portal's latest complete or partial run, by portal key, in the order of the runs."""
    latest: dict[str, RunInfo] = {}
    for run in runs:
        if run.status in AUDITED and (run.portal_key not in latest or run.id > latest[run.portal_key].id):
            latest[run.portal_key] = run
    return latest


def portal_checklist(store: Store, run: RunInfo) -> PortalChecklist:
    """The run's questions for a person, with the portal's answers that apply to it."""
    items = checklist_items(store.outcomes(run.id), portal_reviews(store, run.portal_key))
    return PortalChecklist(run.portal_key, run.portal_name, run.id, run.started_at, items)


def store_facts(store: Store) -> StoreFacts:
    """The portals and runs answers are checked against, and a reader of a run's outcomes."""
    runs: dict[str, set[int]] = {}
    for run in store.runs():
        runs.setdefault(run.portal_key, set()).add(run.id)
    return StoreFacts(runs, store.outcomes)

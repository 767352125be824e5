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

from egov_audit.audits.model import RuleOutcome
from egov_audit.audits.reviews import Review, applicable
from egov_audit.store.database import Store, StoreError
from egov_audit.store.rows import aware
from egov_audit.store.schema import PortalRow, ReviewRow


@dataclass(frozen=True, slots=True)
class PortalReview:
    """An answer to record: whose portal, the run whose checklist was answered, the answer."""

    portal_key: str
    run_id: int | None
    review: Review


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
    answers = [PortalReview(a.portal_key, a.run_id, _normalised(a.review)) for a in answers]
    with Session(store.engine) as session, session.begin():
        keys = {answer.portal_key for answer in answers}
        portals = dict(session.execute(select(PortalRow.key, PortalRow.id).where(PortalRow.key.in_(keys))).all())
        missing = sorted(keys - set(portals))
        if missing:
            raise StoreError(f"no portal {missing[0]!r} in the store")
        known = {
            _identity(row.portal_id, _review(row))
            for row in session.scalars(select(ReviewRow).where(ReviewRow.portal_id.in_(portals.values())))
        }
        rows = []
        for answer in answers:
            identity = _identity(portals[answer.portal_key], answer.review)
            if identity in known:
                continue
            known.add(identity)
            review = answer.review
            rows.append(
                {
                    "portal_id": portals[answer.portal_key],
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

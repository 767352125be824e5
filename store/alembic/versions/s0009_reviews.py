"""People's answers to the indicators rules cannot decide alone (audits/reviews.py, docs/reviews.md):

- reviews: one row per answer: the portal, the methodology and indicator, the answer (met or not),
  who gave it and when, the digest of the evidence they looked at (so the answer applies to later
  runs until that evidence changes; "" for an indicator no rule cites), a note, the run whose
  checklist was answered and when the row was recorded. Importing the same answer again adds
  nothing (the unique constraint).

It starts empty: before s0009 nobody could record an answer.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0009"
down_revision = "s0008"


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("portal_id", sa.Integer, sa.ForeignKey("portals.id", ondelete="CASCADE"), nullable=False),
        sa.Column("methodology", sa.String(100), nullable=False),
        sa.Column("indicator", sa.String(200), nullable=False),
        sa.Column("answer", sa.Boolean, nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("evidence", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="SET NULL"), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("portal_id", "methodology", "indicator", "evidence", "answer", "who", "answered_at"),
    )
    op.create_index("ix_reviews_portal_id", "reviews", ["portal_id"])

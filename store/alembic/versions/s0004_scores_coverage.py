"""Comparable scores (docs/scores.md):

- outcomes.score: what a rule adds to its pillar, 0 to 1 (the share of pages that pass, for a rule
  over many pages); NULL in older runs, whose rules counted 1 for a pass and 0 for a fail;
- runs.coverage: how much of the portal the run reached, and why it is too thin to compare;
- runs.index_gaps: the pillars a run could not score, and why, when it has no openness index;
- pages.redirect_by: a 2xx page that only sends the visitor on ("meta refresh", "script") is a
  redirect, not a page ("" in older runs, which took such stubs for pages);
- pages.heading: the text of a page's first h1, which tells what a linked page is ("" in older runs).

Links and forms, kept as JSON lists, gained fields at their ends (a link's rel, landmark and lang;
a form's words): older rows read back with those empty.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0004"
down_revision = "s0003"


def upgrade() -> None:
    with op.batch_alter_table("outcomes") as outcomes:
        outcomes.add_column(sa.Column("score", sa.Float, nullable=True))
    with op.batch_alter_table("pages") as pages:
        pages.add_column(sa.Column("redirect_by", sa.String(20), nullable=False, server_default=""))
        pages.add_column(sa.Column("heading", sa.Text, nullable=False, server_default=""))
    with op.batch_alter_table("runs") as runs:
        runs.add_column(sa.Column("coverage", sa.JSON, nullable=True))
        runs.add_column(sa.Column("index_gaps", sa.JSON, nullable=True))

"""Coordination of the processes that audit (docs/scheduling.md):

- daemons: each scheduler daemon's heartbeat (config, host, pid, started, last beat, stopped), so
  `status` says whether one is running;
- portal_locks: the portals being audited and by which process, so two `run`s, or a `run` beside
  the daemon, never audit one portal at once.

Both start empty: nothing was running while the store was being upgraded.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0006"
down_revision = "s0005"


def upgrade() -> None:
    op.create_table(
        "daemons",
        sa.Column("config", sa.Text, primary_key=True),
        sa.Column("host", sa.String(255), primary_key=True),
        sa.Column("pid", sa.Integer, nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("beat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "portal_locks",
        sa.Column("portal_key", sa.Text, primary_key=True),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("pid", sa.Integer, nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )

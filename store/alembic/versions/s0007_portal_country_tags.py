"""A portal's country and tags, kept with each run (docs/data.md):

- runs.country: the portal's country (ISO 3166-1 alpha-2) when the run was audited; NULL when
  unknown, which every run before s0007 is;
- runs.tags: the portal's tags then ({"region": "Almaty", "ministry": "Justice"}); {} before s0007.

On runs, not on portals: tags change (a ministry is merged, a portal moves to another region), and a
run is reported, grouped and exported with the tags it was audited with, so an old run never moves
into a group it was never part of. A copy on portals would be a second place for the same fact
(the newest run already says what the portal's tags are now) and would drift from it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0007"
down_revision = "s0006"


def upgrade() -> None:
    with op.batch_alter_table("runs") as runs:
        runs.add_column(sa.Column("country", sa.String(2), nullable=True))
        runs.add_column(sa.Column("tags", sa.JSON, nullable=False, server_default=sa.text("'{}'")))

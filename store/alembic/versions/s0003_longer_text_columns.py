"""Columns that held more than their declared length: SQLite stored the value anyway, PostgreSQL
refused it ("value too long for type character varying(10)").

- pages.kind: "security_txt" is 12 characters (was 10, now 20);
- pages.content_type: a server may send any Content-Type (was 200, now unbounded);
- portals.key and portals.name: made from URLs and configuration (were 200, now unbounded).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0003"
down_revision = "s0002"


def upgrade() -> None:
    with op.batch_alter_table("pages") as pages:
        pages.alter_column("kind", type_=sa.String(20), existing_type=sa.String(10), existing_nullable=False)
        pages.alter_column("content_type", type_=sa.Text, existing_type=sa.String(200), existing_nullable=False)
    with op.batch_alter_table("portals") as portals:
        portals.alter_column("key", type_=sa.Text, existing_type=sa.String(200), existing_nullable=False)
        portals.alter_column("name", type_=sa.Text, existing_type=sa.String(200), existing_nullable=False)

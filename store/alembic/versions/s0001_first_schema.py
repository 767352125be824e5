"""The first schema (egov-audit 0.1): portals, runs, pages, outcomes and scores.

Stores made before migrations existed have exactly these tables and no alembic_version;
they are stamped with this revision when first opened, then upgraded.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "portals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("start_url", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("portal_id", sa.Integer, sa.ForeignKey("portals.id"), nullable=False, index=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("stop_reason", sa.String(20)),
        sa.Column("start_url", sa.Text, nullable=False),
        sa.Column("tool_version", sa.String(40), nullable=False),
        sa.Column("rules_digest", sa.String(64), nullable=False),
        sa.Column("config", sa.JSON, nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("pid", sa.Integer, nullable=False),
        sa.Column("pages_count", sa.Integer, nullable=False),
        sa.Column("openness_index", sa.Float),
        sa.Column("note", sa.Text),
    )
    op.create_table(
        "pages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("status", sa.Integer),
        sa.Column("error", sa.Text),
        sa.Column("location", sa.Text),
        sa.Column("elapsed", sa.Float),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content_type", sa.String(200), nullable=False),
        sa.Column("depth", sa.Integer, nullable=False),
        sa.Column("discovery", sa.String(10), nullable=False),
        sa.Column("referrer", sa.Text),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("lang", sa.String(35), nullable=False),
        sa.Column("blocked_by_robots", sa.Boolean, nullable=False),
        sa.Column("over_size_cap", sa.Boolean, nullable=False),
        sa.Column("links", sa.JSON, nullable=False),
        sa.Column("fetched_at", sa.Float, nullable=False),
        sa.Column("headers", sa.JSON, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("main_chars", sa.Integer, nullable=False),
        sa.Column("viewport", sa.Text),
        sa.Column("forms", sa.JSON, nullable=False),
        sa.Column("alternates", sa.JSON, nullable=False),
        sa.Column("resources", sa.JSON, nullable=False),
        sa.Column("html_z", sa.LargeBinary, nullable=False),
        sa.Column("sitemap_entries", sa.JSON, nullable=False),
        sa.Column("axe", sa.JSON),
        sa.UniqueConstraint("run_id", "kind", "url"),
    )
    op.create_table(
        "outcomes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("rule_id", sa.String(100), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("pillar", sa.String(20), nullable=False),
        sa.Column("weight", sa.Float, nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("evidence", sa.JSON, nullable=False),
        sa.Column("review", sa.Boolean, nullable=False),
        sa.Column("refs", sa.JSON, nullable=False),
    )
    op.create_table(
        "scores",
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("pillar", sa.String(20), primary_key=True),
        sa.Column("score", sa.Float),
        sa.Column("passed", sa.Integer, nullable=False),
        sa.Column("failed", sa.Integer, nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("not_applicable", sa.Integer, nullable=False),
    )

"""axe-core's findings get a table of their own (one row per rule, page and element, with a
fingerprint that follows a finding from run to run), and outcomes keep their rule's translated titles.

Findings stored by the first schema inside pages.axe are moved into the new table.
"""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlsplit

import sqlalchemy as sa
from alembic import op

revision = "s0002"
down_revision = "s0001"


def _fingerprint(rule_id: str, url: str, targets: list[str]) -> str:
    # The same function as egov_audit.store.rows.finding_fingerprint, frozen here: a migration must
    # not change meaning when the code it came with changes later.
    parts = urlsplit(url)
    page = f"{parts.path or '/'}?{parts.query}" if parts.scheme in ("http", "https") else url
    return hashlib.sha256("\x1f".join([rule_id, page, *targets]).encode()).hexdigest()[:20]


def upgrade() -> None:
    findings = op.create_table(
        "axe_findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("page_url", sa.Text, nullable=False),
        sa.Column("rule_id", sa.String(100), nullable=False),
        sa.Column("impact", sa.String(20), nullable=False),
        sa.Column("needs_review", sa.Boolean, nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("targets", sa.JSON, nullable=False),
        sa.Column("html", sa.Text, nullable=False),
        sa.Column("help", sa.Text, nullable=False),
        sa.Column("help_url", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(20), nullable=False, index=True),
    )
    with op.batch_alter_table("outcomes") as batch:
        batch.add_column(sa.Column("titles", sa.JSON))

    connection = op.get_bind()
    pages = sa.table("pages", sa.column("id"), sa.column("run_id"), sa.column("url"), sa.column("axe", sa.JSON))
    for page_id, run_id, url, axe in connection.execute(sa.select(pages).where(pages.c.axe.is_not(None))).all():
        record = axe if isinstance(axe, dict) else json.loads(axe)
        rows = [
            {
                "run_id": run_id,
                "page_url": url,
                "rule_id": rule,
                "impact": impact,
                "needs_review": review,
                "tags": tags,
                "targets": targets,
                "html": html,
                "help": help_text,
                "help_url": help_url,
                "fingerprint": _fingerprint(rule, url, targets),
            }
            for rule, impact, tags, targets, html, help_text, help_url, review in record.pop("findings", [])
        ]
        if rows:
            connection.execute(sa.insert(findings), rows)
        connection.execute(sa.update(pages).where(pages.c.id == page_id).values(axe=record))

"""Browser discovery (docs/discovery.md):

- runs.discovery: how the crawl found the portal's pages (over HTTP or with a browser), who asked
  for it, why, and the pages compared; NULL in older runs, which were all walked over HTTP;
- pages.scripts, pages.markers: the scripts a page's HTML as served carries, and its signs of being
  built by script (0 and none in older runs);
- pages.rendered, served_words, served_links: a page whose facts come from the rendered DOM, with
  the words and links of its HTML as served; pages.browser_error: why the browser failed on it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0005"
down_revision = "s0004"


def upgrade() -> None:
    with op.batch_alter_table("pages") as pages:
        pages.add_column(sa.Column("scripts", sa.Integer, nullable=False, server_default="0"))
        pages.add_column(sa.Column("markers", sa.JSON, nullable=False, server_default=sa.text("'[]'")))
        pages.add_column(sa.Column("rendered", sa.Boolean, nullable=False, server_default=sa.false()))
        pages.add_column(sa.Column("served_words", sa.Integer, nullable=True))
        pages.add_column(sa.Column("served_links", sa.Integer, nullable=True))
        pages.add_column(sa.Column("browser_error", sa.Text, nullable=True))
    with op.batch_alter_table("runs") as runs:
        runs.add_column(sa.Column("discovery", sa.JSON, nullable=True))

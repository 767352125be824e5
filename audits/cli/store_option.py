"""The `--db` option every command that reads or writes the store shares."""

from __future__ import annotations

import click

from audits.store import DEFAULT_DB_URL

db_option = click.option(
    "--db",
    "db_url",
    default=DEFAULT_DB_URL,
    envvar="EGOV_AUDIT_DB",
    show_default=True,
    help="SQLAlchemy URL of the store (or EGOV_AUDIT_DB, which `ps` does not show).",
)

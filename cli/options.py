"""Options more than one command shares: `--db` for the store, `--render` for the sample."""

from __future__ import annotations

import click

from egov_audit.store.database import DEFAULT_DB_URL

db_option = click.option(
    "--db",
    "db_url",
    default=DEFAULT_DB_URL,
    envvar="EGOV_AUDIT_DB",
    show_default=True,
    help="SQLAlchemy URL of the store (or EGOV_AUDIT_DB, which `ps` does not show).",
)


class RenderSample(click.ParamType):
    """`--render`: a number of pages, or `all` (None)."""

    name = "N|all"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> int | None:
        if value is None or isinstance(value, int):
            return value
        text = str(value).strip().lower()
        if text == "all":
            return None
        if text.isdecimal() and len(text) <= 9:  # not isdigit: int() refuses '²'; nine digits are pages enough
            return int(text)
        self.fail(f"{value!r} is neither a number of pages nor 'all'", param, ctx)

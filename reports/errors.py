"""The one error of the output stage, kept apart from Jinja2 so a command can name it without
loading the templates."""

from __future__ import annotations


class ReportError(Exception):
    """An output (a report, the archive, an export) could not be written; the message names the path
    and the reason."""


class EmptyStoreError(ReportError):
    """The archive lists runs and the store has none that ended: rendering would publish an empty
    archive over it (a wrong --db or --out, most likely); `report --force` does it anyway."""

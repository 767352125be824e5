"""The command line's one error boundary: the project's error types, and the exit code each means.

Every command lets these errors rise; the command group (cli/__init__.py) prints the message as
one line, never a traceback, and exits with the code mapped here. A command ends with a code of
its own only for a result: below --fail-under, a run that failed, an interruption.
"""

from __future__ import annotations

from egov_audit.audits.pillars import PillarFileError
from egov_audit.audits.review_answers import ReviewFileError
from egov_audit.audits.rule_schema import RuleFileError
from egov_audit.cli.exit_status import ExitStatus
from egov_audit.reports.errors import EmptyStoreError, ReportError
from egov_audit.run.config_file import ConfigError
from egov_audit.run.preflight import InputError
from egov_audit.store.database import StoreError


class RunFailedError(Exception):
    """A run was started and did not end: its audit crashed, hung or was killed."""


EXIT_STATUS: dict[type[Exception], ExitStatus] = {
    InputError: ExitStatus.BAD_INPUT,
    RuleFileError: ExitStatus.BAD_INPUT,
    ReviewFileError: ExitStatus.BAD_INPUT,
    PillarFileError: ExitStatus.BAD_INPUT,
    ConfigError: ExitStatus.BAD_INPUT,
    StoreError: ExitStatus.BAD_INPUT,
    # Before ReportError, its base: nothing failed to be written; the store and folder given do not
    # go together (a wrong --db or --out), which the user fixes, or overrides with --force.
    EmptyStoreError: ExitStatus.BAD_INPUT,
    ReportError: ExitStatus.OUTPUT_FAILED,
    RunFailedError: ExitStatus.RUN_FAILED,
}
EXPECTED = tuple(EXIT_STATUS)


def exit_status(error: Exception) -> ExitStatus:
    """The exit code of one of the EXPECTED errors (a subclass takes its base's code)."""
    return next(status for kind, status in EXIT_STATUS.items() if isinstance(error, kind))

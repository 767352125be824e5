"""The `egov-audit` command line: one click group, one module per command; the top stage.

Each command parses its options, calls the orchestration (egov_audit.run) or a reader of the
store, and presents the result."""

from __future__ import annotations

import click

from egov_audit import __version__
from egov_audit.cli.archive import export_command, history_command, report_command
from egov_audit.cli.check import check_command
from egov_audit.cli.demo import demo_command
from egov_audit.cli.errors import EXPECTED, exit_status
from egov_audit.cli.review import review_group
from egov_audit.cli.rules import rules_group
from egov_audit.cli.run import config_group, run_command
from egov_audit.cli.schedule import schedule_command, status_command
from egov_audit.cli.terminal import Terminal, current_terminal


class _Commands(click.Group):
    """The command group, and the one place where an error becomes an exit code (cli/errors.py)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except EXPECTED as error:
            current_terminal().error(str(error))
            raise SystemExit(exit_status(error)) from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="egov-audit")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Audit e-government portals for availability, accessibility and openness.

    Exit status: 0 done, 1 below --fail-under, 2 bad input, 3 a run failed, 4 an output could not be
    written, 130 interrupted.
    """
    ctx.ensure_object(Terminal)


main.add_command(check_command)
main.add_command(demo_command)
main.add_command(rules_group)
main.add_command(report_command)
main.add_command(history_command)
main.add_command(export_command)
main.add_command(review_group)
main.add_command(config_group)
main.add_command(run_command)
main.add_command(schedule_command)
main.add_command(status_command)

"""Exit codes of the command line, each with one meaning (the README's table; kept stable).

cli/errors.py maps the project's error types to these, in one place for every command.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0  # the audit ran (whatever it found), or the command did what it was asked
    BELOW_THRESHOLD = 1  # the audit ran; its openness index is under --fail-under
    BAD_INPUT = 2  # bad arguments or input: URL, option, rule file, config, store URL; nothing ran
    RUN_FAILED = 3  # a run was started and failed: a portal's audit crashed or hung (`run`, `demo`)
    OUTPUT_FAILED = 4  # the report, the archive or an export could not be written
    NO_INDEX = 5  # the audit ran but has no openness index to hold to --fail-under (a pillar unscored, unreachable)
    INTERRUPTED = 130  # Ctrl-C or SIGTERM: what was done so far is kept

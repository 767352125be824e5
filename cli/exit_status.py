"""Exit codes of the command line, each with one meaning (documented in the README)."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    BELOW_THRESHOLD = 1  # the audit ran; the score is under --fail-under (check) or a run failed (run)
    USAGE_ERROR = 2  # bad arguments or input: URL, rule file, store, report path
    INTERRUPTED = 130  # Ctrl-C

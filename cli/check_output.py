"""What `check` hands a machine: the JSON document (docs/check-json.md), SARIF 2.1.0 or JUnit XML
(docs/ci.md), on stdout or in the `--output` file; also when it stops before any run, so a CI job
always has a document to read (its error and exit status), never an empty file.

The renderers live in reports/; this module only picks one and writes its text.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import click

from egov_audit.cli.exit_status import ExitStatus
from egov_audit.reports.check_json import failure_document, result_document
from egov_audit.reports.errors import ReportError
from egov_audit.reports.junit import failure_tree, junit_text, junit_tree
from egov_audit.reports.sarif import failure_log, sarif_log, sarif_text
from egov_audit.run.check import CheckOutcome
from egov_audit.run.preflight import InputError
from egov_audit.store.redaction import redacted_text

FORMATS = ("text", "json", "sarif", "junit")
DOCUMENT_NAMES = {"json": "JSON", "sarif": "SARIF", "junit": "JUnit XML"}


def chosen_format(fmt: str | None, as_json: bool, output: str | None) -> str:
    """`--format`, with `--json` as its alias for json; `--output` only for a machine's document."""
    if as_json and fmt not in (None, "json"):
        raise InputError(f"--json and --format {fmt} ask for two documents: give one of them")
    chosen = fmt or ("json" if as_json else "text")
    if output is not None and chosen == "text":
        raise InputError(f"--output {output}: give --format json, sarif or junit (the summary is for the terminal)")
    return chosen


def result_text(
    fmt: str, outcome: CheckOutcome, report: str | None, fail_under: float | None, status: ExitStatus, error: str | None
) -> str:
    """The document of a run in `fmt` (json, sarif or junit)."""
    if fmt == "sarif":
        return sarif_text(sarif_log(outcome.result, int(status)))
    if fmt == "junit":
        return junit_text(junit_tree(outcome.result))
    document = result_document(outcome.result, outcome.facts, report, fail_under, int(status), error)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def failure_text(fmt: str, url: str, error: str, status: ExitStatus) -> str:
    """The document of a check that stopped before any run: the error line and the exit status."""
    error, url = redacted_text(error), redacted_text(url)  # as the terminal shows them: no password
    if fmt == "sarif":
        return sarif_text(failure_log(error, int(status)))
    if fmt == "junit":
        return junit_text(failure_tree(error, int(status)))
    return json.dumps(failure_document(url, error, int(status)), ensure_ascii=False, indent=2) + "\n"


def emit(text: str, target: Path | None) -> None:
    """`text` on stdout, or into `target`: written beside it, then moved into place, so a reader
    never sees half a document. Page words that UTF-8 cannot carry (lone surrogates) become '?'."""
    data = text.encode("utf-8", "replace")
    if target is None:
        click.echo(data, nl=False)
        return
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_bytes(data)
        partial.replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise ReportError(f"--output {target}: cannot be written: {exc.strerror}") from None

"""Where `check` writes its outputs (the HTML report, the `--output` document), checked before the crawl.

Two kinds of refusal, each with the exit code it has anywhere else:

- a value that cannot name a file at all (a NUL, a name longer than the file system takes, a folder
  where a file is asked for) is bad input: `InputError`, exit 2;
- a file system that will not take the file (a file where a folder must be, a folder that cannot be
  created or written, a read-only file) is an output that cannot be written: `ReportError`, exit 4,
  the code the same failure has after a crawl.

Either way nothing has been crawled or stored yet. The one line names the option, the value, and
the part of the path that is in the way.
"""

from __future__ import annotations

import os
from pathlib import Path

from egov_audit.reports.errors import ReportError
from egov_audit.run.preflight import InputError


def _name_problem(what: str, value: str) -> None:
    if "\x00" in value:
        raise InputError(f"{what} {value!r}: a file name cannot hold a NUL character")


def _is_folder(what: str, path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError as exc:  # a name longer than the file system takes
        raise InputError(f"{what}: {exc.strerror}") from None


def _usable_folder(what: str, folder: Path) -> None:
    """Create `folder` (and its parents) unless it exists; refuse a file in the way or a folder we cannot write."""
    for existing in (folder, *folder.parents):
        if existing.exists() or existing.is_symlink():
            if not _is_folder(what, existing):
                raise ReportError(f"{what}: {existing} is a file, not a folder")
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"{what}: cannot create the folder {folder}: {exc.strerror}") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ReportError(f"{what}: the folder {folder} is not writable")


def writable_file(option: str, value: str, example: str = "report.html") -> Path:
    """The file `option` names, its folder created; refused (see the module) unless it can be written."""
    what = f"{option} {value}"
    _name_problem(option, value)
    if not value.strip():
        raise InputError(f"{option}: the file name is empty")
    target = Path(value)
    if _is_folder(what, target):
        raise InputError(f"{what} is a folder; give a file name such as {target / example}")
    _usable_folder(what, target.parent)
    if target.exists() and not os.access(target, os.W_OK):
        raise ReportError(f"{what}: the file is not writable")
    return target


def writable_folder(what: str, folder: str) -> Path:
    """A folder that files will be written into (`what` names it in a refusal), created if missing."""
    _name_problem(what, folder)
    path = Path(folder)
    _usable_folder(what, path)
    return path


def same_file(first: Path, second: Path) -> bool:
    """Whether two output paths name one file (asked for twice, the second would overwrite the first)."""
    return first.resolve() == second.resolve()

"""Reading the YAML files people write (rule files, profiles, configs): one place that turns an
unreadable file, bad UTF-8 or bad YAML into a one-line error naming the file and the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def printable(value: object, limit: int = 80) -> str:
    """A value from a file, fit for a one-line message: control characters escaped, cut short."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(value))
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def read_yaml_file(path: Path, label: str, loader: type[yaml.SafeLoader], error: type[Exception]) -> Any:
    """Parse `path` with `loader` (a SafeLoader subclass); problems raise `error(message)`."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{label}: cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise error(f"{label}: is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        return yaml.load(text, Loader=loader)
    except yaml.reader.ReaderError as exc:  # a character YAML forbids, such as NUL: no mark, only a position
        line = text.count("\n", 0, exc.position) + 1
        problem = f"unacceptable character #x{exc.character:04x}: {exc.reason}"
        raise error(f"{label}:{line}: not valid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())  # one line
        raise error(f"{label}{line}: not valid YAML: {problem}") from None
    except RecursionError:
        raise error(f"{label}: not valid YAML: nested too deeply") from None

"""Errors in the files people write (rule files, profiles, configs), reported all at once and in
the file's own terms.

A loader collects every problem it finds in `FileErrors` (pydantic's errors and its own checks)
and raises one exception listing them, a line each, `FILE:LINE: field.path: message`, by file and
line, with a count line after them when there are several. pydantic's wording ("Field required",
"Input should be a valid integer") becomes plain ("is required", "must be a whole number, got
'ten'"), and a misspelt name gets the closest known one ("did you mean kz?").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from egov_audit.audits.yaml_files import printable


class FileError(Exception):
    """One or more errors in a file people write. `lines` holds each error's line, so a caller
    that reads the file on someone else's behalf (a config naming rule files) can fold them in."""

    def __init__(self, message: str, lines: Iterable[str] | None = None) -> None:
        super().__init__(message)
        self.lines = tuple(lines) if lines is not None else (message,)


def closest(value: object, known: Iterable[str]) -> str | None:
    """The known name `value` most likely misspells, if one is close enough."""
    found = difflib.get_close_matches(str(value), list(known), n=1, cutoff=0.6)
    return found[0] if found else None


def counted(count: int, noun: str) -> str:
    """`3 errors`, `1 error`. English only: the audit stage sits below the CLI's gettext counts
    (cli/plurals.py), and these messages are written in English throughout."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@dataclass(frozen=True)
class _Problem:
    label: str
    line: int
    text: str


class FileErrors:
    """The problems found in one or more files, to be raised together."""

    def __init__(self) -> None:
        self._found: list[_Problem] = []

    def __len__(self) -> int:
        return len(self._found)

    def add(self, label: str, line: int | None, field: str, message: str) -> None:
        """`label:line: field: message`; no line names the file as a whole, no field the line."""
        where = f"{label}:{line}" if line else label
        self.add_line(label, line, f"{where}: {field}: {message}" if field else f"{where}: {message}")

    def add_line(self, label: str, line: int | None, text: str) -> None:
        """A line already written out (another loader's error), kept in the order of `label` and `line`."""
        self._found.append(_Problem(label, line or 0, text))

    def lines(self) -> list[str]:
        """Each problem's line: by file (in the order first met), then by line."""
        files = list(dict.fromkeys(problem.label for problem in self._found))
        ordered = sorted(self._found, key=lambda problem: (files.index(problem.label), problem.line))
        return list(dict.fromkeys(problem.text for problem in ordered))  # the same error twice is one

    def raise_if_any(self, error: type[FileError]) -> None:
        lines = self.lines()
        if not lines:
            return
        if len(lines) == 1:
            raise error(lines[0], lines)
        files = list(dict.fromkeys(problem.label for problem in self._found))
        where = files[0] if len(files) == 1 else counted(len(files), "file")
        raise error("\n".join([*lines, f"{counted(len(lines), 'error')} in {where}"]), lines)


def field_path(location: Iterable[Any]) -> str:
    """A location as the file spells it: `portals[2].render`, `params.text`."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{printable(part)}" if text else printable(part))
    return text


# The names pydantic gives a union's alternatives in an error's location (`int`, `literal['all']`):
# they are not in the file, so they are dropped from the location the message names.
_TYPE_TAGS = frozenset({"int", "float", "str", "bool", "none", "list", "dict", "tuple", "set", "bytes"})


def _in_file(location: tuple[Any, ...], document: Any) -> tuple[Any, ...]:
    """`location` without the parts that name pydantic's alternatives rather than the file's keys."""
    kept: list[Any] = []
    node = document
    for part in location:
        if _holds(node, part):
            node = node[part]
        elif isinstance(part, str) and (not isinstance(node, dict) or "[" in part or part in _TYPE_TAGS):
            continue
        else:
            node = None  # a key the file lacks: a required field, named as such
        kept.append(part)
    return tuple(kept)


def _holds(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _model_at(model: type[BaseModel], location: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model whose field the last part of `location` names."""
    current: type[BaseModel] | None = model
    for part in location[:-1]:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        current = _inner_model(current.model_fields[part].annotation)
    return current


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((found for arg in get_args(annotation) if (found := _inner_model(arg)) is not None), None)


def _shown(value: Any) -> str:
    """What the file holds, as a message quotes it."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return printable(value, 40)
    if isinstance(value, str):
        return f"'{printable(value, 60)}'"
    return {list: "a list", dict: "a mapping"}.get(type(value), f"a {type(value).__name__}")


_EXPECTED = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "tuple_type": "a list",
    "set_type": "a list",
    "dict_type": "a mapping (name: value)",
    "model_type": "a mapping (name: value)",
    "model_attributes_type": "a mapping (name: value)",
}
_BOUNDS = {
    "greater_than_equal": ("ge", "at least"),
    "greater_than": ("gt", "more than"),
    "less_than_equal": ("le", "at most"),
    "less_than": ("lt", "less than"),
}


def _plain(error: ErrorDetails, model: type[BaseModel], location: tuple[Any, ...]) -> str:
    """One pydantic error in the words of someone editing the file."""
    kind, context, got = error["type"], error.get("ctx", {}), error.get("input")
    if kind == "missing":
        owner = _model_at(model, location)
        field = owner.model_fields.get(str(location[-1])) if owner is not None and location else None
        return f"is required ({field.description})" if field is not None and field.description else "is required"
    if kind == "extra_forbidden":
        owner = _model_at(model, location)
        known = sorted(owner.model_fields) if owner is not None else []
        near = closest(location[-1], known) if location else None
        hint = f"did you mean {near}?" if near else f"fields: {', '.join(known)}"
        return f"is not a field here ({hint})" if known else "is not a field here"
    if kind in _EXPECTED:
        return f"must be {_EXPECTED[kind]}, got {_shown(got)}"
    if kind in _BOUNDS:
        key, words = _BOUNDS[kind]
        bound = context.get(key)
        return f"must be {words} {f'{bound:g}' if isinstance(bound, float) else bound}, got {_shown(got)}"
    if kind in ("literal_error", "enum"):
        options = re.findall(r"'([^']*)'", str(context.get("expected", "")))
        near = closest(got, options) if isinstance(got, str) else None
        return f"must be {context.get('expected')}, got {_shown(got)}" + (f" (did you mean {near}?)" if near else "")
    if kind in ("string_too_short", "too_short"):
        least = context.get("min_length", 1)
        if least == 1:
            return "must not be empty"
        return f"must have at least {least} " + ("characters" if kind == "string_too_short" else "items")
    if kind in ("string_too_long", "too_long"):
        most = context.get("max_length")
        return f"must have at most {most} " + ("characters" if kind == "string_too_long" else "items")
    message = error["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return re.sub(r"^Input should be ", "must be ", message)


def plain_errors(error: ValidationError, document: Any, model: type[BaseModel]) -> list[tuple[tuple[Any, ...], str]]:
    """pydantic's errors as (location in the file, plain message), in the order pydantic found them;
    a union's alternatives that all failed are one error (`must be a whole number or 'all'`)."""
    found: dict[tuple[Any, ...], list[str]] = {}
    for detail in error.errors(include_url=False):
        location = _in_file(tuple(detail["loc"]), document)
        message = _plain(detail, model, location)
        if message not in found.setdefault(location, []):
            found[location].append(message)
    return [(location, _either(messages)) for location, messages in found.items()]


def _either(messages: list[str]) -> str:
    if len(messages) == 1:
        return messages[0]
    expected = [re.sub(r", got .*$", "", message).removeprefix("must be ") for message in messages]
    got = re.search(r", got .*$", messages[0])
    return f"must be {' or '.join(expected)}" + (got.group(0) if got else "")

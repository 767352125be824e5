"""Reading the YAML files people write (rule files, profiles, configs): one loader, which keeps
the line of every mapping and of each of its keys so an error can name it, refuses a key given
twice, and turns an unreadable file, bad UTF-8 or bad YAML into a one-line error naming the file
and the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def printable(value: object, limit: int = 80) -> str:
    """A value from a file, fit for a one-line message: control characters escaped, cut short."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(value))
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


class _Lines:
    """The key under which a mapping keeps its keys' lines: no key a YAML file can spell."""


_LINES = _Lines()


class _LineLoader(yaml.SafeLoader):
    """Remembers, for each mapping, its line and the line of each of its keys (under `_LINES`);
    refuses a key given twice."""


def _line(mark: yaml.Mark) -> int:
    """The line of a mark as an editor counts it: YAML also breaks lines at NEL, LS and PS (U+0085,
    U+2028, U+2029), which are characters inside a line to everyone else."""
    if isinstance(mark.buffer, str):
        return mark.buffer.count("\n", 0, mark.index) + 1
    return mark.line + 1


def _mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    lines: dict[str, int] = {"": _line(node.start_mark)}
    for key, _value in node.value:
        if str(key.value) in lines and key.value != "":
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"'{printable(key.value)}' is given twice in one mapping (first on line {lines[str(key.value)]})",
                key.start_mark,
            )
        lines[str(key.value)] = _line(key.start_mark)
    mapping = loader.construct_mapping(node, deep=True)
    mapping[_LINES] = lines
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)

# libyaml's parser, where PyYAML has it: ten times faster on the 35 vocabulary files every audit
# reads. Only for text without NEL, LS or PS, where its lines are an editor's; and only for text it
# accepts: every error is reported by the pure-Python loader, whose messages name the problem better.
_FastLineLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _FastLineLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        """`_LineLoader` on libyaml."""

    _FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")


def _load(text: str) -> Any:
    if _FastLineLoader is not None and not any(c in text for c in _OTHER_BREAKS):
        try:
            return yaml.load(text, Loader=_FastLineLoader)
        except (yaml.YAMLError, RecursionError):
            pass  # said again, precisely, below
    return yaml.load(text, Loader=_LineLoader)


def strip_lines(value: Any) -> Any:
    """The document as plain data, without the lines the loader kept."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k is not _LINES}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


def mapping_line(mapping: dict[Any, Any]) -> int:
    """The line where a mapping the loader read starts (0 for one it did not read)."""
    return mapping.get(_LINES, {}).get("", 0)


def with_line(mapping: dict[Any, Any], line: int) -> dict[Any, Any]:
    """A mapping made in code that reports `line` as where it starts."""
    return {**mapping, _LINES: {"": line}}


def line_of(document: Any, location: tuple[Any, ...]) -> int | None:
    """The line of the deepest key of `location` (a path of keys and list indexes) the document has."""
    line = None
    node = document
    for part in location:
        if isinstance(node, dict):
            lines = node.get(_LINES, {})
            line = lines.get(str(part), lines.get("", line))
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            if isinstance(node, dict):
                line = node.get(_LINES, {}).get("", line)
        else:
            break
    return line


def read_yaml_file(path: Path, label: str, error: type[Exception]) -> Any:
    """Parse `path`, keeping lines (see `mapping_line`, `line_of`); problems raise `error(message)`."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{label}: cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise error(f"{label}: is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        return _load(text)
    except yaml.reader.ReaderError as exc:  # a character YAML forbids, such as NUL: no mark, only a position
        line = text.count("\n", 0, exc.position) + 1
        problem = f"unacceptable character #x{exc.character:04x}: {exc.reason}"
        raise error(f"{label}:{line}: not valid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{_line(mark)}" if mark else ""
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())  # one line
        raise error(f"{label}{line}: not valid YAML: {problem}") from None
    except RecursionError:
        raise error(f"{label}: not valid YAML: nested too deeply") from None

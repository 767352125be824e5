"""The pillars rules belong to: the shipped ones from rules/pillars.yaml, in the order reports
show them, and any a rule pack adds. Data, not code: a pack adds a pillar by declaring it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from egov_audit.audits.yaml_files import read_yaml_file, strip_lines

PILLARS_FILE = Path(__file__).resolve().parent.parent / "rules" / "pillars.yaml"
PILLAR_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")


class PillarFileError(ValueError):
    """rules/pillars.yaml is unreadable or malformed: the installation itself is broken."""


@cache
def shipped_pillars() -> dict[str, str]:
    """Pillar name -> the question it answers, in report order."""
    document = strip_lines(read_yaml_file(PILLARS_FILE, "rules/pillars.yaml", PillarFileError))
    pillars = document.get("pillars") if isinstance(document, dict) else None
    if not isinstance(pillars, dict) or not pillars:
        raise PillarFileError("rules/pillars.yaml: 'pillars' must map each pillar's name to its question")
    return {str(name): str(question) for name, question in pillars.items()}


def pillar_order(names: Iterable[str]) -> tuple[str, ...]:
    """`names` in report order: the shipped pillars first, in their order, then the others by name."""
    wanted = set(names)
    shipped = [name for name in shipped_pillars() if name in wanted]
    return (*shipped, *sorted(wanted - set(shipped)))

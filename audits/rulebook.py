"""Rule files: load YAML packs, validate every rule, and say exactly where a rule is wrong.

A rule names a check and configures it; the check's own parameter model
validates `params`, so a typo in a rule file stops the run before any crawl.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from audits.checks import CHECKS
from audits.pillars import PILLARS

# `rules/` is data installed beside the packages (and beside them in a checkout).
SHIPPED_RULES = Path(__file__).resolve().parent.parent / "rules"
RULE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Scope(StrEnum):
    HOME = "home"
    EVERY_PAGE = "every_page"
    ANY_PAGE = "any_page"
    SITE = "site"


class RuleFileError(Exception):
    """A rule file is wrong; the message names the file, line, rule and field."""


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str = Field(min_length=1)
    help: str = Field(min_length=1)
    pillar: str
    check: str
    scope: Scope
    weight: float = Field(1.0, ge=0)
    params: dict[str, Any] = Field(default_factory=dict)
    refs: list[str] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _kebab(cls, value: str) -> str:
        if not RULE_ID.match(value):
            raise ValueError("must be kebab-case (lowercase letters, digits and single hyphens)")
        return value

    @field_validator("pillar")
    @classmethod
    def _known_pillar(cls, value: str) -> str:
        if value not in PILLARS:
            raise ValueError(f"must be one of {', '.join(PILLARS)}")
        return value

    @field_validator("check")
    @classmethod
    def _known_check(cls, value: str) -> str:
        if value not in CHECKS:
            raise ValueError(f"names no known check (known: {', '.join(sorted(CHECKS))})")
        return value


@dataclass(frozen=True, slots=True)
class Rule:
    """A validated rule, with its check's parameters parsed and its origin kept."""

    spec: RuleSpec
    params: BaseModel
    source: str
    line: int

    @property
    def id(self) -> str:
        return self.spec.id


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line where each mapping starts."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _describe_type(value: Any) -> str:
    return type(value).__name__


def _format_error(where: str, rule_id: str, error: ValidationError, prefix: str = "") -> str:
    first = error.errors()[0]
    field = prefix + ".".join(str(part) for part in first["loc"]) if first["loc"] else prefix.rstrip(".")
    got = f", got {_describe_type(first['input'])}" if first["type"].endswith("_type") else ""
    message = first["msg"].removeprefix("Value error, ")
    return f"{where}: rule '{rule_id}': {field or 'rule'} {message}{got}"


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def load_pack(path: Path, label: str | None = None) -> list[Rule]:
    """Load one rule pack file; raise `RuleFileError` naming what is wrong and where."""
    label = label or str(path)
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except OSError as exc:
        raise RuleFileError(f"{label}: cannot be read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise RuleFileError(f"{label}{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(document, dict) or not isinstance(document.get("rules"), list):
        raise RuleFileError(f"{label}: a rule file is a mapping with a 'rules' list")
    default_pillar = document.get("pillar")
    rules = []
    for raw in document["rules"]:
        if not isinstance(raw, dict):
            raise RuleFileError(f"{label}: each entry of 'rules' must be a mapping")
        line = raw.get("__line__", 0)
        rule_id = str(raw.get("id", "?"))
        where = f"{label}:{line}"
        fields = _strip_lines(raw)
        if default_pillar is not None:
            fields.setdefault("pillar", default_pillar)
        try:
            spec = RuleSpec.model_validate(fields)
        except ValidationError as exc:
            raise RuleFileError(_format_error(where, rule_id, exc)) from None
        try:
            params = CHECKS[spec.check].params.model_validate(spec.params)
        except ValidationError as exc:
            raise RuleFileError(_format_error(where, rule_id, exc, prefix="params.")) from None
        rules.append(Rule(spec=spec, params=params, source=label, line=line))
    return rules


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]
    digest: str

    def by_id(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)


def shipped_rule_files() -> list[tuple[Path, str]]:
    """The rule packs that ship with egov-audit, as (path, label) pairs."""
    return [
        (pack, f"rules/{pack.relative_to(SHIPPED_RULES).as_posix()}") for pack in sorted(SHIPPED_RULES.rglob("*.yaml"))
    ]


def load_rules(files: list[tuple[Path, str]] | None = None) -> RuleSet:
    """Load packs into one rule set; duplicate ids across files are an error."""
    files = files if files is not None else shipped_rule_files()
    digest = hashlib.sha256()
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    for path, label in files:
        digest.update(label.encode() + b"\0" + path.read_bytes() + b"\0")
        for rule in load_pack(path, label):
            if rule.id in seen:
                first = seen[rule.id]
                raise RuleFileError(
                    f"{rule.source}:{rule.line}: rule '{rule.id}': id already used at {first.source}:{first.line}"
                )
            seen[rule.id] = rule
            rules.append(rule)
    return RuleSet(rules=tuple(rules), digest=digest.hexdigest())

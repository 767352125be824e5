"""The public methodologies rules follow, each with every indicator it asks: rules/methodologies/ID.yaml.

A methodology file names the methodology, its criteria and each criterion's indicators. An
indicator has a stable `id` that rules cite (`refs: [{source: un-losi, item: budget-information}]`),
an English `label` (translated in the archive), a `status` that says how egov-audit can answer it,
and whether the label was `confirmed` against the methodology's own publication:

- `automated`: rules decide it from the public site (at least one shipped rule cites it);
- `review`: rules gather evidence, a person answers the `question` (egov-audit review export|import);
- `manual`: it cannot be judged from the public site; a person may still answer it, else it stays unknown.

A methodology cited only for reference (WCAG: axe-core and the accessibility rules answer it) says
`scorecard: false`. A methodology may give `levels`: its own bands of the share of indicators met (LOSI's very high
above 75 %, …), highest first. The scorecards (audits/scorecards.py) count what is met against
every indicator listed here, so an indicator missing from a file would flatter every portal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from egov_audit.audits.file_errors import field_path
from egov_audit.audits.rule_schema import SHIPPED_RULES, RuleFileError, read_yaml
from egov_audit.audits.yaml_files import line_of, strip_lines

METHODOLOGY_DIR = SHIPPED_RULES / "methodologies"
INDICATOR_ID = re.compile(r"^[a-z0-9]+([.-][a-z0-9]+)*$")
Status = Literal["automated", "review", "manual"]
STATUSES: tuple[Status, ...] = ("automated", "review", "manual")


class IndicatorEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, description="the id rules cite")
    label: str = Field(min_length=1, description="the indicator's name in English")
    status: Status = Field(description="automated, review or manual")
    confirmed: bool = Field(True, description="whether the label was checked against the methodology's publication")
    code: str | None = Field(None, description="the methodology's own number or question code")
    question: str | None = Field(None, description="what a reviewer answers, yes or no")

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not INDICATOR_ID.match(value):
            raise ValueError("must be lower-case letters, digits, '-' and '.' (like 'budget-information' or '1.1.1')")
        return value


class CriterionEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    indicators: list[IndicatorEntry] = Field(min_length=1)


class LevelEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    above: float = Field(ge=0, le=1, description="the share of indicators met this level needs, more than")


class MethodologyFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    methodology: str = Field(min_length=1, description="the id rules cite as `source`")
    title: str = Field(min_length=1)
    url: str = Field(min_length=1)
    labels: str = Field(min_length=1, description="where the indicators' labels come from, and how sure they are")
    scorecard: bool = Field(True, description="whether runs are scored against it (false: cited for reference)")
    levels: list[LevelEntry] = Field(default_factory=list)
    criteria: list[CriterionEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_and_ordered(self) -> MethodologyFile:
        seen: set[str] = set()
        for criterion in self.criteria:
            for indicator in criterion.indicators:
                if indicator.id in seen:
                    raise ValueError(f"indicator '{indicator.id}' is listed twice")
                seen.add(indicator.id)
        thresholds = [level.above for level in self.levels]
        if thresholds != sorted(thresholds, reverse=True):
            raise ValueError("levels must go from the highest to the lowest")
        return self


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    label: str
    criterion: str  # the criterion's id
    status: Status
    confirmed: bool
    code: str | None
    question: str | None


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    title: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True, slots=True)
class Level:
    name: str
    above: float


@dataclass(frozen=True, slots=True)
class Methodology:
    id: str
    title: str
    url: str
    labels: str
    scorecard: bool
    criteria: tuple[Criterion, ...]
    levels: tuple[Level, ...]

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(indicator for criterion in self.criteria for indicator in criterion.indicators)

    def indicator(self, indicator_id: str) -> Indicator | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)

    def level(self, share: float) -> Level | None:
        """The methodology's level for a share of indicators met (None if it has no levels)."""
        return next((level for level in self.levels if share > level.above), self.levels[-1] if self.levels else None)


def _label(path: Path) -> str:
    return f"rules/methodologies/{path.name}"


def read_methodology(path: Path) -> Methodology:
    """One methodology file; a wrong one raises RuleFileError naming the file, line and field."""
    label = _label(path)
    document = read_yaml(path, label)
    try:
        entry = MethodologyFile.model_validate(strip_lines(document))
    except ValidationError as exc:
        first = exc.errors()[0]
        location = tuple(first["loc"])
        line = line_of(document, location) or 1
        where = field_path(location) or "the file"
        raise RuleFileError(f"{label}:{line}: {where}: {first['msg']}") from None
    expected = path.stem
    if entry.methodology != expected:
        line = line_of(document, ("methodology",)) or 1
        raise RuleFileError(f"{label}:{line}: methodology: '{entry.methodology}' must be the file's name, '{expected}'")
    criteria = tuple(
        Criterion(
            c.id,
            c.title,
            tuple(Indicator(i.id, i.label, c.id, i.status, i.confirmed, i.code, i.question) for i in c.indicators),
        )
        for c in entry.criteria
    )
    levels = tuple(Level(level.name, level.above) for level in entry.levels)
    return Methodology(entry.methodology, entry.title, entry.url, entry.labels, entry.scorecard, criteria, levels)


@cache
def catalog() -> dict[str, Methodology]:
    """Every shipped methodology by id, in the order of METHODOLOGY_ORDER, then by name."""
    found = {m.id: m for m in (read_methodology(path) for path in sorted(METHODOLOGY_DIR.glob("*.yaml")))}
    order = [key for key in METHODOLOGY_ORDER if key in found] + sorted(set(found) - set(METHODOLOGY_ORDER))
    return {key: found[key] for key in order}


# How reports list them: the UN's, the EU's, the national ones, then the standards.
METHODOLOGY_ORDER = ("un-losi", "un-osi", "eu-egov-benchmark", "eu-wad", "kz-124nq", "wcag22")

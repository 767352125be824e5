"""The schema of rule files, and a YAML reader that keeps line numbers for error messages.

Errors read `FILE:LINE: rule 'ID': FIELD: what is wrong` (audits/file_errors.py), every error of a
file at once. A required field's description is what the error says it is for.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from egov_audit.audits.file_errors import FileError, closest
from egov_audit.audits.yaml_files import printable, read_yaml_file

RULE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SHIPPED_RULES = Path(__file__).resolve().parent.parent / "rules"


class RuleFileError(FileError):
    """A rule or profile file is wrong; the message names the file, line, rule and field of each error."""


class Scope(StrEnum):
    HOME = "home"
    EVERY_PAGE = "every_page"
    ANY_PAGE = "any_page"
    SITE = "site"


class Ref(BaseModel):
    """Where a rule comes from: a methodology (by id) and its indicator or article."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str = Field(min_length=1, description="a methodology of rules/methodologies/")
    item: str = Field(min_length=1, description="the id of its indicator or article in that file")


class PageSelector(BaseModel):
    """Which pages a page-scoped rule examines: by URL pattern, or the pages another rule links to."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str | None = None
    linked_by: str | None = None

    @field_validator("url")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"is not a valid regular expression: {exc}") from None
        return value


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="kebab-case, unique in the rule set")
    title: str = Field(min_length=1, description="a short sentence saying what a passing site does")
    titles: dict[str, str] = Field(default_factory=dict)  # the title in other languages: {ru: ..., kk: ...}
    help: str = Field(min_length=1, description="a sentence telling site owners how to fix a failure")
    pillar: str = Field(description="the pillar the rule scores in, or a `pillar:` for the whole file")
    check: str = Field(description="one of the checks docs/rules.md lists")
    scope: Scope = Field(description="home, every_page, any_page or site")
    weight: float = Field(1.0, ge=0)
    # every_page: the share of pages that must pass for the rule to pass (1: every page). The
    # pillar counts the share itself, whatever the outcome (docs/scores.md).
    min_share: float = Field(1.0, ge=0, le=1)
    review: bool = False
    pages: PageSelector | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    refs: list[Ref] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _kebab(cls, value: str) -> str:
        if not RULE_ID.match(value):
            raise ValueError("must be kebab-case (lowercase letters, digits and single hyphens)")
        return value

    @field_validator("titles")
    @classmethod
    def _languages(cls, value: dict[str, str]) -> dict[str, str]:
        for lang, title in value.items():
            if not re.fullmatch(r"[a-z]{2,3}", lang):
                raise ValueError(f"{lang!r} is not a language code (two or three lowercase letters, e.g. ru, kk)")
            if not title.strip():
                raise ValueError(f"the {lang} title is empty")
        return value

    @field_validator("check")
    @classmethod
    def _known_check(cls, value: str) -> str:
        # Imported here: the checks read the vocabularies, whose loader reads YAML through this module.
        from egov_audit.audits.checks import CHECKS

        if value not in CHECKS:
            near = closest(value, CHECKS)
            hint = f"did you mean {near}?" if near else "docs/rules.md lists the checks"
            raise ValueError(f"'{printable(value)}' is not a check ({hint})")
        return value


def read_yaml(path: Path, label: str) -> Any:
    """Parse a rule file, profile or methodology file, keeping lines; a bad file raises `RuleFileError`."""
    return read_yaml_file(path, label, RuleFileError)

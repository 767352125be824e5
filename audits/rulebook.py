"""Rule sets: profiles compose rule packs, users add their own files, and every rule is
validated before any crawl starts.

A profile (rules/profiles/NAME.yaml) names pack files by glob and may override a
rule's parameters or leave rules out. A user's rule (`--rules PATH`) with the id
of a shipped rule replaces it, and the run records that it did.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from egov_audit.audits.checks import CHECKS
from egov_audit.audits.crawl_coverage import Comparability
from egov_audit.audits.pillars import PILLAR_NAME, shipped_pillars
from egov_audit.audits.rule_schema import (
    SHIPPED_RULES,
    RuleFileError,
    RuleSpec,
    format_error,
    read_yaml,
)
from egov_audit.audits.vocabulary import VOCABULARY_DIR, vocabulary
from egov_audit.audits.yaml_files import mapping_line, printable, strip_lines, with_line

DEFAULT_PROFILE = "generic"
PROFILES_DIR = SHIPPED_RULES / "profiles"


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


@dataclass(frozen=True, slots=True)
class Override:
    """A user's rule that replaced a shipped one of the same id."""

    rule_id: str
    by: str
    replaced: str


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]
    digest: str
    profile: str = DEFAULT_PROFILE
    overrides: tuple[Override, ...] = ()
    sources: tuple[str, ...] = field(default=())
    comparable: Comparability = field(default_factory=Comparability)  # the profile's coverage thresholds
    # The languages pages are read in (their vocabularies), when a profile or --lang-hint narrows them;
    # empty: each page's declared and detected languages.
    language_hint: tuple[str, ...] = ()

    def by_id(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)


@cache
def methodologies() -> dict[str, dict[str, Any]]:
    """The methodologies rules may cite, from rules/methodologies.yaml."""
    data = strip_lines(read_yaml(SHIPPED_RULES / "methodologies.yaml", "rules/methodologies.yaml"))
    return data["methodologies"]


def _validate_rule(
    raw: dict[str, Any],
    label: str,
    default_pillar: str | None,
    pillars: Sequence[str],
    param_overrides: dict[str, Any] | None = None,
) -> Rule:
    line = mapping_line(raw)
    rule_id = printable(raw.get("id", "?"))
    where = f"{label}:{line}"
    fields = strip_lines(raw)
    if default_pillar is not None:
        fields.setdefault("pillar", default_pillar)
    try:
        spec = RuleSpec.model_validate(fields)
    except ValidationError as exc:
        raise RuleFileError(format_error(where, rule_id, exc)) from None
    if spec.pillar not in pillars:
        raise RuleFileError(
            f"{where}: rule '{rule_id}': pillar must be one of {', '.join(pillars)}, got '{printable(spec.pillar)}' "
            "(a pack adds a pillar under 'pillars:')"
        )
    level = CHECKS[spec.check].level
    if level == "site" and spec.scope != "site":
        raise RuleFileError(
            f"{where}: rule '{rule_id}': scope must be 'site' for {spec.check}, which examines the "
            f"whole crawl, got '{spec.scope}'"
        )
    if spec.min_share < 1 and spec.scope != "every_page":
        raise RuleFileError(
            f"{where}: rule '{rule_id}': min_share applies only to the scope every_page, got '{spec.scope}'"
        )
    if level == "page" and spec.scope == "site":
        raise RuleFileError(
            f"{where}: rule '{rule_id}': scope must be home, every_page or any_page for "
            f"{spec.check}, which examines one page, got 'site'"
        )
    for number, ref in enumerate(spec.refs):
        if ref.source not in methodologies():
            known = ", ".join(sorted(methodologies()))
            raise RuleFileError(
                f"{where}: rule '{rule_id}': refs.{number}.source '{printable(ref.source)}' is not a known "
                f"methodology (known: {known})"
            )
    params = {**spec.params, **(param_overrides or {})}
    try:
        parsed = CHECKS[spec.check].params.model_validate(params)
    except ValidationError as exc:
        raise RuleFileError(format_error(where, rule_id, exc, prefix="params.")) from None
    return Rule(spec=spec, params=parsed, source=label, line=line)


def load_pack(path: Path, label: str | None = None) -> list[Rule]:
    """Load one rule pack file; raise `RuleFileError` naming what is wrong and where."""
    label = label or str(path)
    document = read_yaml(path, label)
    if not isinstance(document, dict) or not isinstance(document.get("rules"), list):
        raise RuleFileError(f"{label}: a rule file is a mapping with a 'rules' list")
    default_pillar = document.get("pillar")
    if default_pillar is not None and not isinstance(default_pillar, str):
        raise RuleFileError(f"{label}: 'pillar' must be a string, got {type(default_pillar).__name__}")
    pillars = [*shipped_pillars(), *_added_pillars(document, label)]
    rules = []
    for number, raw in enumerate(document["rules"]):
        if not isinstance(raw, dict):
            raise RuleFileError(f"{label}: rules.{number} must be a mapping, got {type(raw).__name__}")
        rules.append(_validate_rule(raw, label, default_pillar, pillars))
    return rules


def _added_pillars(document: dict[str, Any], label: str) -> list[str]:
    """The pillars a pack adds under `pillars:` (name: the question it answers)."""
    added = document.get("pillars")
    if added is None:
        return []
    where = f"{label}:{mapping_line(added) if isinstance(added, dict) else mapping_line(document)}"
    if not isinstance(added, dict):
        raise RuleFileError(f"{where}: 'pillars' must map each new pillar's name to its question")
    for name, question in strip_lines(added).items():
        if not isinstance(name, str) or not PILLAR_NAME.fullmatch(name):
            raise RuleFileError(
                f"{where}: pillars: '{printable(name)}' is no pillar name (lowercase letters, digits, _)"
            )
        if name in shipped_pillars():
            raise RuleFileError(f"{where}: pillars: '{name}' is a shipped pillar already")
        if not isinstance(question, str) or not question.strip():
            raise RuleFileError(f"{where}: pillars: '{name}' needs the question it answers")
    return list(strip_lines(added))


class ProfileSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    profile: str
    title: str = Field(min_length=1)
    packs: list[str] = Field(min_length=1)
    params: dict[str, dict[str, Any]] = Field(default_factory=dict)
    exclude: list[str] = Field(default_factory=list)
    # every_page rules: the share of pages that must pass for the rule to pass, by rule id
    min_share: dict[str, float] = Field(default_factory=dict)
    comparable: Comparability = Field(default_factory=Comparability)
    languages: list[str] = Field(default_factory=list)  # read pages in these languages' vocabularies


def profile_names() -> list[str]:
    return sorted(path.stem for path in PROFILES_DIR.glob("*.yaml"))


def _label(path: Path) -> str:
    try:
        return f"rules/{path.resolve().relative_to(SHIPPED_RULES).as_posix()}"
    except ValueError:
        return str(path)


def load_profile(name: str) -> tuple[ProfileSpec, list[Path], str]:
    path = PROFILES_DIR / f"{name}.yaml"
    if not path.is_file():
        raise RuleFileError(f"--profile {printable(name)}: no such profile (known: {', '.join(profile_names())})")
    label = _label(path)
    raw = read_yaml(path, label)
    if not isinstance(raw, dict):
        raise RuleFileError(f"{label}: a profile is a mapping")
    try:
        spec = ProfileSpec.model_validate(strip_lines(raw))
    except ValidationError as exc:
        first = exc.errors()[0]
        field_name = ".".join(str(p) for p in first["loc"])
        raise RuleFileError(f"{label}: profile '{name}': {field_name} {first['msg']}") from None
    packs: list[Path] = []
    for pattern in spec.packs:
        packs.extend(sorted(SHIPPED_RULES.glob(pattern)))
    return spec, packs, label


def user_rule_files(paths: list[Path]) -> list[Path]:
    """The YAML files named by `--rules`: files as given, folders searched recursively."""
    files: list[Path] = []
    for path in paths:
        try:
            if path.is_dir():
                files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()))
            elif path.is_file():
                files.append(path)
            else:
                raise RuleFileError(f"--rules {printable(path, 200)}: no such file or folder")
        except OSError as exc:  # a name too long, a folder that cannot be listed
            raise RuleFileError(f"--rules {printable(path, 200)}: {exc.strerror or exc}") from None
    return files


def _check_references(rules: list[Rule]) -> None:
    """Page selectors that name another rule must name a rule of the set whose check finds pages by
    their links (link_present)."""
    by_id = {rule.id: rule for rule in rules}
    for rule in rules:
        pages = rule.spec.pages
        if pages is None or pages.linked_by is None:
            continue
        target = by_id.get(pages.linked_by)
        if target is None or CHECKS[target.spec.check].links is None:
            raise RuleFileError(
                f"{rule.source}:{rule.line}: rule '{rule.id}': pages.linked_by names "
                f"'{pages.linked_by}', which is no link_present rule of this rule set"
            )
        if rule.spec.scope in ("home", "site"):
            raise RuleFileError(
                f"{rule.source}:{rule.line}: rule '{rule.id}': pages applies only to the scopes every_page and any_page"
            )


def _claim(taken: dict[str, Rule], rule: Rule) -> None:
    """Add a rule under its id; an id used twice in one layer (shipped or user) is an error naming both."""
    if rule.id in taken:
        first = taken[rule.id]
        raise RuleFileError(
            f"{rule.source}:{rule.line}: rule '{rule.id}': id already used at {first.source}:{first.line}"
        )
    taken[rule.id] = rule


def load_rules(
    profile: str = DEFAULT_PROFILE, user_paths: list[Path] | None = None, language_hint: Sequence[str] = ()
) -> RuleSet:
    """The rules of a profile plus the user's files; user rules replace shipped ones by id. Pages are
    read in `language_hint`'s languages (--lang-hint) when given, else in the profile's, else in
    each page's own."""
    spec, packs, profile_label = load_profile(profile)
    # The profile's own file too: its parameters, shares and thresholds change what a run finds.
    digest = hashlib.sha256(f"profile:{profile}\0".encode() + (PROFILES_DIR / f"{profile}.yaml").read_bytes() + b"\0")
    rules: dict[str, Rule] = {}
    sources = [profile_label]
    for path in packs:
        label = _label(path)
        digest.update(label.encode() + b"\0" + path.read_bytes() + b"\0")
        sources.append(label)
        for rule in load_pack(path, label):
            _claim(rules, rule)
    for rule_id in [*spec.params, *spec.exclude, *spec.min_share]:
        if rule_id not in rules:
            raise RuleFileError(
                f"{profile_label}: profile '{profile}' names rule '{printable(rule_id)}', which no pack defines"
            )
    for rule_id in dict.fromkeys([*spec.params, *spec.min_share]):
        shipped = rules[rule_id]
        raw = shipped.spec.model_dump(mode="json")
        if rule_id in spec.min_share:
            raw["min_share"] = spec.min_share[rule_id]
        raw = with_line(raw, shipped.line)
        rules[rule_id] = _validate_rule(raw, shipped.source, None, [shipped.spec.pillar], spec.params.get(rule_id))
    for rule_id in spec.exclude:
        del rules[rule_id]

    overrides: list[Override] = []
    user_seen: dict[str, Rule] = {}
    for path in user_rule_files(user_paths or []):
        label = printable(path, 4096)
        try:
            digest.update(os.fsencode(path) + b"\0" + path.read_bytes() + b"\0")  # names need not be UTF-8
        except OSError as exc:
            raise RuleFileError(f"{printable(label, 200)}: cannot be read: {exc.strerror or exc}") from None
        sources.append(label)
        for rule in load_pack(path, label):
            _claim(user_seen, rule)
            if rule.id in rules:
                replaced = rules[rule.id]
                overrides.append(Override(rule.id, f"{rule.source}:{rule.line}", f"{replaced.source}:{replaced.line}"))
            rules[rule.id] = rule
    ordered = list(rules.values())
    _check_references(ordered)
    return RuleSet(
        rules=tuple(ordered),
        digest=digest.hexdigest(),
        profile=profile,
        overrides=tuple(overrides),
        sources=tuple(sources),
        comparable=spec.comparable,
        language_hint=(
            _hinted(language_hint, "--lang-hint", "language")
            if language_hint
            else _hinted(spec.languages, profile_label, "languages")
        ),
    )


def _hinted(languages: Sequence[str], where: str, field_name: str) -> tuple[str, ...]:
    """Languages a profile or --lang-hint names, each covered by a vocabulary."""
    unknown = [code for code in languages if not vocabulary().covers(code)]
    if unknown:
        covered = ", ".join(vocabulary().languages)
        raise RuleFileError(f"{where}: {field_name}: no vocabulary for {', '.join(unknown)} (covered: {covered})")
    return tuple(dict.fromkeys(languages))


def shipped_rule_files() -> list[tuple[Path, str]]:
    """Every shipped pack file, in any profile or none, as (path, label) pairs."""
    return [
        (pack, _label(pack))
        for pack in sorted(SHIPPED_RULES.rglob("*.yaml"))
        if pack.parent not in (PROFILES_DIR, VOCABULARY_DIR) and pack.name not in ("methodologies.yaml", "pillars.yaml")
    ]

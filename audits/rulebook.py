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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from egov_audit.audits.checks import CHECKS
from egov_audit.audits.crawl_coverage import Comparability
from egov_audit.audits.file_errors import FileErrors, closest, field_path, plain_errors
from egov_audit.audits.methodology_catalog import METHODOLOGY_DIR, catalog
from egov_audit.audits.pillars import PILLAR_NAME, shipped_pillars
from egov_audit.audits.rule_schema import SHIPPED_RULES, RuleFileError, RuleSpec, read_yaml
from egov_audit.audits.vocabulary import VOCABULARY_DIR, vocabulary
from egov_audit.audits.yaml_files import line_of, mapping_line, printable, strip_lines, with_line

DEFAULT_PROFILE = "generic"
PROFILES_DIR = SHIPPED_RULES / "profiles"


@dataclass(frozen=True, slots=True)
class Rule:
    """A validated rule, with its check's parameters parsed and its origin kept."""

    spec: RuleSpec
    params: BaseModel
    source: str
    line: int
    user: bool = False  # from the user's files (--rules, a config's rules), not shipped

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
    user_files: tuple[str, ...] = ()  # the user's files among the sources
    comparable: Comparability = field(default_factory=Comparability)  # the profile's coverage thresholds
    # The languages pages are read in (their vocabularies), when a profile or --lang-hint narrows them;
    # empty: each page's declared and detected languages.
    language_hint: tuple[str, ...] = ()

    def by_id(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)


def _rule_name(raw: dict[str, Any], number: int) -> str:
    """How errors name a rule: by its id, or by its place in the file when it has none."""
    rule_id = raw.get("id")
    return f"rule '{printable(rule_id)}'" if isinstance(rule_id, str) and rule_id else f"rules[{number}]"


def _validate_rule(
    raw: dict[str, Any],
    label: str,
    default_pillar: str | None,
    pillars: Sequence[str],
    problems: FileErrors,
    name: str,
    param_overrides: dict[str, Any] | None = None,
    pillar_line: int | None = None,
) -> Rule | None:
    """The rule, or None when it has errors (each added to `problems`, at the line of its key; a
    pillar the rule takes from its file, at `pillar_line`, the file's `pillar:`)."""
    line = mapping_line(raw)
    before = len(problems)

    def report(location: tuple[Any, ...], message: str) -> None:
        field = f"{name}: {field_path(location)}" if location else name
        at = pillar_line if location == ("pillar",) and "pillar" not in raw and pillar_line else line_of(raw, location)
        problems.add(label, at or line, field, message)

    fields = strip_lines(raw)
    if default_pillar is not None:
        fields.setdefault("pillar", default_pillar)
    spec = None
    try:
        spec = RuleSpec.model_validate(fields)
    except ValidationError as exc:
        for location, message in plain_errors(exc, raw, RuleSpec):
            report(location, message)
    check, given = fields.get("check"), fields.get("params", {})
    parsed = None
    if isinstance(check, str) and check in CHECKS and isinstance(given, dict):  # the parameters of a known check
        try:
            parsed = CHECKS[check].params.model_validate({**given, **(param_overrides or {})})
        except ValidationError as exc:
            for location, message in plain_errors(exc, raw.get("params", {}), CHECKS[check].params):
                report(("params", *location), message)
    if spec is not None:
        for location, message in _rule_problems(spec):
            report(location, message)
        if spec.pillar not in pillars:
            near = closest(spec.pillar, pillars)
            report(
                ("pillar",),
                f"must be one of {', '.join(pillars)}, got '{printable(spec.pillar)}' "
                + (f"(did you mean {near}?)" if near else "(a pack adds a pillar under 'pillars:')"),
            )
    if spec is None or parsed is None or len(problems) > before:
        return None
    return Rule(spec=spec, params=parsed, source=label, line=line)


def _rule_problems(spec: RuleSpec) -> list[tuple[tuple[Any, ...], str]]:
    """What a rule's fields get wrong together: a scope its check cannot serve, a share it cannot use."""
    found: list[tuple[tuple[Any, ...], str]] = []
    level = CHECKS[spec.check].level
    if level == "site" and spec.scope != "site":
        found.append(
            (("scope",), f"must be 'site' for {spec.check}, which examines the whole crawl, got '{spec.scope}'")
        )
    if level == "page" and spec.scope == "site":
        found.append(
            (("scope",), f"must be home, every_page or any_page for {spec.check}, which examines one page, got 'site'")
        )
    if spec.min_share < 1 and spec.scope != "every_page":
        found.append((("min_share",), f"applies only to the scope every_page, got '{spec.scope}'"))
    known = catalog()
    for number, ref in enumerate(spec.refs):
        if ref.source not in known:
            near = closest(ref.source, known)
            hint = f"did you mean {near}?" if near else f"known: {', '.join(sorted(known))}"
            found.append((("refs", number, "source"), f"'{printable(ref.source)}' is not a known methodology ({hint})"))
        elif known[ref.source].indicator(ref.item) is None:
            ids = [i.id for i in known[ref.source].indicators]
            near = closest(ref.item, ids)
            hint = f"did you mean {near}?" if near else f"see rules/methodologies/{ref.source}.yaml"
            found.append(
                (("refs", number, "item"), f"'{printable(ref.item)}' is not an indicator of {ref.source} ({hint})")
            )
    return found


def load_pack(path: Path, label: str | None = None) -> list[Rule]:
    """Load one rule pack file; raise `RuleFileError` naming every error and where it is."""
    problems = FileErrors()
    rules = _read_pack(path, label or str(path), problems)
    problems.raise_if_any(RuleFileError)
    return rules


def _read_pack(path: Path, label: str, problems: FileErrors, broken: set[str] | None = None) -> list[Rule]:
    """The valid rules of a pack file; its errors go to `problems`, the ids of rules with errors to `broken`."""
    try:
        document = read_yaml(path, label)
    except RuleFileError as exc:  # not YAML at all: nothing further can be read
        problems.add_line(label, 0, str(exc))
        return []
    if not isinstance(document, dict) or not isinstance(document.get("rules"), list):
        problems.add(label, None, "", "a rule file is a mapping with a 'rules' list")
        return []
    default_pillar = document.get("pillar")
    if default_pillar is not None and not isinstance(default_pillar, str):
        problems.add(
            label, line_of(document, ("pillar",)), "pillar", f"must be text, got {type(default_pillar).__name__}"
        )
        default_pillar = None
    pillars = [*shipped_pillars(), *_added_pillars(document, label, problems)]
    pillar_line = line_of(document, ("pillar",)) if default_pillar is not None else None
    rules = []
    for number, raw in enumerate(document["rules"]):
        if not isinstance(raw, dict):
            where = line_of(document, ("rules",))
            problems.add(label, where, f"rules[{number}]", f"must be a mapping, got {type(raw).__name__}")
            continue
        name = _rule_name(raw, number)
        rule = _validate_rule(raw, label, default_pillar, pillars, problems, name, None, pillar_line)
        if rule is not None:
            rules.append(rule)
        elif broken is not None and isinstance(raw.get("id"), str):
            broken.add(raw["id"])
    return rules


def _added_pillars(document: dict[str, Any], label: str, problems: FileErrors) -> list[str]:
    """The pillars a pack adds under `pillars:` (name: the question it answers)."""
    added = document.get("pillars")
    if added is None:
        return []
    line = mapping_line(added) if isinstance(added, dict) else line_of(document, ("pillars",))
    if not isinstance(added, dict):
        problems.add(label, line, "pillars", "must map each new pillar's name to its question")
        return []
    names = []
    for name, question in strip_lines(added).items():
        where = line_of(added, (name,)) or line
        if not isinstance(name, str) or not PILLAR_NAME.fullmatch(name):
            problems.add(
                label, where, "pillars", f"'{printable(name)}' is no pillar name (lowercase letters, digits, _)"
            )
        elif name in shipped_pillars():
            problems.add(label, where, "pillars", f"'{name}' is a shipped pillar already")
        elif not isinstance(question, str) or not question.strip():
            problems.add(label, where, "pillars", f"'{name}' needs the question it answers")
        else:
            names.append(name)
    return names


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
        near = closest(name, profile_names())
        hint = f"did you mean {near}?" if near else f"known: {', '.join(profile_names())}"
        raise RuleFileError(f"--profile {printable(name)}: no such profile ({hint})")
    label = _label(path)
    raw = read_yaml(path, label)
    if not isinstance(raw, dict):
        raise RuleFileError(f"{label}: a profile is a mapping")
    try:
        spec = ProfileSpec.model_validate(strip_lines(raw))
    except ValidationError as exc:
        problems = FileErrors()
        for location, message in plain_errors(exc, raw, ProfileSpec):
            problems.add(label, line_of(raw, location), field_path(location) or f"profile '{name}'", message)
        problems.raise_if_any(RuleFileError)
        raise  # unreachable: a validation error has at least one error
    packs: list[Path] = []
    for pattern in spec.packs:
        packs.extend(sorted(SHIPPED_RULES.glob(pattern)))
    return spec, packs, label


def user_rule_files(paths: list[Path]) -> list[Path]:
    """The YAML files named by `--rules`: files as given, folders searched recursively; a file named
    twice (itself and in its folder) is read once, under the name first given."""
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
    unique: dict[Path, Path] = {}
    for file in files:
        unique.setdefault(file.resolve(), file)
    return list(unique.values())


def _check_references(rules: list[Rule], problems: FileErrors, broken: set[str]) -> None:
    """Page selectors that name another rule must name a rule of the set whose check finds pages by
    their links (link_present). A rule with errors of its own is not named twice: its own errors say why."""
    by_id = {rule.id: rule for rule in rules}
    for rule in rules:
        pages = rule.spec.pages
        if pages is None or pages.linked_by is None:
            continue
        target = by_id.get(pages.linked_by)
        where = f"rule '{rule.id}': pages.linked_by"
        if (target is None or CHECKS[target.spec.check].links is None) and pages.linked_by not in broken:
            near = closest(pages.linked_by, [r.id for r in rules if CHECKS[r.spec.check].links is not None])
            problems.add(
                rule.source,
                rule.line,
                where,
                f"'{printable(pages.linked_by)}' is no link_present rule of this rule set"
                + (f" (did you mean {near}?)" if near else ""),
            )
        if rule.spec.scope in ("home", "site"):
            problems.add(
                rule.source, rule.line, f"rule '{rule.id}': pages", "applies only to the scopes every_page and any_page"
            )


def _claim(taken: dict[str, Rule], rule: Rule, problems: FileErrors) -> bool:
    """Add a rule under its id; an id used twice in one layer (shipped or user) is an error naming both."""
    if rule.id in taken:
        first = taken[rule.id]
        problems.add(rule.source, rule.line, f"rule '{rule.id}': id", f"already used at {first.source}:{first.line}")
        return False
    taken[rule.id] = rule
    return True


def load_rules(
    profile: str = DEFAULT_PROFILE, user_paths: list[Path] | None = None, language_hint: Sequence[str] = ()
) -> RuleSet:
    """The rules of a profile plus the user's files; user rules replace shipped ones by id. Pages are
    read in `language_hint`'s languages (--lang-hint) when given, else in the profile's, else in
    each page's own. Every error of every file is raised at once, in one `RuleFileError`."""
    spec, packs, profile_label = load_profile(profile)
    # The profile's own file too: its parameters, shares and thresholds change what a run finds.
    digest = hashlib.sha256(f"profile:{profile}\0".encode() + (PROFILES_DIR / f"{profile}.yaml").read_bytes() + b"\0")
    problems = FileErrors()
    broken: set[str] = set()
    rules: dict[str, Rule] = {}
    sources = [profile_label]
    for path in packs:
        label = _label(path)
        digest.update(label.encode() + b"\0" + path.read_bytes() + b"\0")
        sources.append(label)
        for rule in _read_pack(path, label, problems, broken):
            _claim(rules, rule, problems)
    for rule_id in [*spec.params, *spec.exclude, *spec.min_share]:
        if rule_id not in rules and rule_id not in broken:
            problems.add(
                profile_label, None, f"profile '{profile}'", f"names rule '{printable(rule_id)}', which no pack defines"
            )
    for rule_id in dict.fromkeys([*spec.params, *spec.min_share]):
        if rule_id not in rules:
            continue
        shipped = rules[rule_id]
        raw = shipped.spec.model_dump(mode="json")
        if rule_id in spec.min_share:
            raw["min_share"] = spec.min_share[rule_id]
        raw = with_line(raw, shipped.line)
        name = f"rule '{rule_id}' (with profile {profile})"
        tuned = _validate_rule(
            raw, shipped.source, None, [shipped.spec.pillar], problems, name, spec.params.get(rule_id)
        )
        if tuned is not None:
            rules[rule_id] = tuned  # in the shipped rule's place: the order is the packs'
        else:
            del rules[rule_id]
    for rule_id in spec.exclude:
        rules.pop(rule_id, None)

    overrides: list[Override] = []
    user_seen: dict[str, Rule] = {}
    user_files = []
    for path in user_rule_files(user_paths or []):
        label = printable(path, 4096)
        try:
            digest.update(os.fsencode(path) + b"\0" + path.read_bytes() + b"\0")  # names need not be UTF-8
        except OSError as exc:
            problems.add(label, None, "", f"cannot be read: {exc.strerror or exc}")
            continue
        sources.append(label)
        user_files.append(label)
        for rule in _read_pack(path, label, problems, broken):
            if not _claim(user_seen, rule, problems):
                continue
            rule = replace(rule, user=True)
            if rule.id in rules:
                replaced = rules[rule.id]
                overrides.append(Override(rule.id, f"{rule.source}:{rule.line}", f"{replaced.source}:{replaced.line}"))
            rules[rule.id] = rule
    ordered = list(rules.values())
    _check_references(ordered, problems, broken)
    if language_hint:
        hinted = _hinted(language_hint, "--lang-hint", "language", problems)
    else:
        hinted = _hinted(spec.languages, profile_label, "languages", problems)
    problems.raise_if_any(RuleFileError)
    return RuleSet(
        rules=tuple(ordered),
        digest=digest.hexdigest(),
        profile=profile,
        overrides=tuple(overrides),
        sources=tuple(sources),
        user_files=tuple(user_files),
        comparable=spec.comparable,
        language_hint=hinted,
    )


def _hinted(languages: Sequence[str], where: str, field_name: str, problems: FileErrors) -> tuple[str, ...]:
    """Languages a profile or --lang-hint names, each covered by a vocabulary."""
    unknown = [code for code in languages if not vocabulary().covers(code)]
    if unknown:
        covered = ", ".join(vocabulary().languages)
        problems.add(where, None, field_name, f"no vocabulary for {', '.join(unknown)} (covered: {covered})")
    return tuple(dict.fromkeys(languages))


def shipped_rule_files() -> list[tuple[Path, str]]:
    """Every shipped pack file, in any profile or none, as (path, label) pairs."""
    return [
        (pack, _label(pack))
        for pack in sorted(SHIPPED_RULES.rglob("*.yaml"))
        if pack.parent not in (PROFILES_DIR, VOCABULARY_DIR, METHODOLOGY_DIR) and pack.name != "pillars.yaml"
    ]

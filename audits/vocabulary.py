"""The words each language says the rules' concepts in: rules/vocabularies/LANG.yaml, one file a
language, validated like rule files (an error names the file, the line, the concept and the field).

A rule names a concept (`concept: privacy`); the checks match the phrases of the languages a page
is in (its declared language, the language its text reads as, a profile's or `--lang-hint`'s),
or of every language when none can be told. Adding a language is adding one file:
docs/vocabularies.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from babel import Locale, UnknownLocaleError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from egov_audit.audits.notes import Term
from egov_audit.audits.rule_schema import SHIPPED_RULES, RuleFileError, read_yaml
from egov_audit.audits.yaml_files import line_of, printable, strip_lines

VOCABULARY_DIR = SHIPPED_RULES / "vocabularies"
CONCEPTS_FILE = VOCABULARY_DIR / "concepts.yaml"
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


class Concept(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["link", "page"]
    name: str = Field(min_length=1)  # what the archive calls it, translated (reports/references.py)
    meaning: str = Field(min_length=1)


class Wording(BaseModel):
    """One concept in one language: its phrases, and where the wording comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str = Field(min_length=1)
    phrases: tuple[str, ...] = Field(min_length=1)

    @field_validator("phrases")
    @classmethod
    def _phrases(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        seen: set[str] = set()
        for phrase in value:
            if not isinstance(phrase, str) or not phrase.strip():
                raise ValueError("holds an empty phrase")
            folded = " ".join(phrase.casefold().split())
            if folded in seen:
                raise ValueError(f"gives {phrase!r} twice")
            if len(folded) < 2:
                raise ValueError(f"{phrase!r} is too short to match safely")
            seen.add(folded)
        return tuple(" ".join(p.split()) for p in value)


class LanguageFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str
    name: str = Field(min_length=1)
    concepts: dict[str, Wording]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Every language's wording of every concept."""

    concepts: dict[str, Concept]
    languages: dict[str, LanguageFile]  # code -> file, in code order

    def phrases(self, concept: str, languages: Iterable[str] | None = None) -> tuple[str, ...]:
        """The phrases of `concept` in `languages` (every covered language when None), in order."""
        codes = self.languages if languages is None else [c for c in dict.fromkeys(languages) if c in self.languages]
        found: list[str] = []
        for code in codes:
            found.extend(self.languages[code].concepts[concept].phrases)
        return tuple(dict.fromkeys(found))

    def covers(self, language: str) -> bool:
        return language in self.languages


def _label(path: Path) -> str:
    return f"rules/vocabularies/{path.name}"


@cache
def concepts() -> dict[str, Concept]:
    label = _label(CONCEPTS_FILE)
    document = read_yaml(CONCEPTS_FILE, label)
    raw = document.get("concepts") if isinstance(document, dict) else None
    if not isinstance(raw, dict) or not raw:
        raise RuleFileError(f"{label}: 'concepts' must map each concept to its kind and meaning")
    found = {}
    for name, entry in strip_lines(raw).items():
        try:
            found[str(name)] = Concept.model_validate(entry)
        except ValidationError as exc:
            line = line_of(document, ("concepts", name))
            raise RuleFileError(f"{label}:{line}: concept '{printable(name)}': {_first(exc)}") from None
    return found


def _first(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where} {first['msg'].removeprefix('Value error, ')}".strip()


def load_language(path: Path, known: dict[str, Concept]) -> LanguageFile:
    """One language file, checked: its code is its file's name and a language Babel (CLDR) knows,
    and it words every concept, no other."""
    label = _label(path)
    document = read_yaml(path, label)
    if not isinstance(document, dict):
        raise RuleFileError(f"{label}: a vocabulary is a mapping with language, name and concepts")
    try:
        parsed = LanguageFile.model_validate(strip_lines(document))
    except ValidationError as exc:
        first = exc.errors()[0]
        line = line_of(document, tuple(first["loc"])) or 1
        in_concept = first["loc"][:1] == ("concepts",) and len(first["loc"]) > 1
        concept = f"concept '{first['loc'][1]}': " if in_concept else ""
        raise RuleFileError(f"{label}:{line}: {concept}{_first(exc)}") from None
    if parsed.language != path.stem or not LANGUAGE_CODE.fullmatch(parsed.language):
        raise RuleFileError(f"{label}: language must be the file's name, '{path.stem}', got '{parsed.language}'")
    try:
        Locale.parse(parsed.language)
    except (UnknownLocaleError, ValueError):
        raise RuleFileError(f"{label}: '{parsed.language}' is no language CLDR knows") from None
    unknown = sorted(set(parsed.concepts) - set(known))
    if unknown:
        line = line_of(document, ("concepts", unknown[0]))
        raise RuleFileError(f"{label}:{line}: concept '{printable(unknown[0])}' is not in concepts.yaml")
    missing = [name for name in known if name not in parsed.concepts]
    if missing:
        raise RuleFileError(f"{label}: words no phrase for the concepts {', '.join(missing)}")
    return parsed


@cache
def vocabulary() -> Vocabulary:
    known = concepts()
    files = sorted(p for p in VOCABULARY_DIR.glob("*.yaml") if p != CONCEPTS_FILE)
    languages = {path.stem: load_language(path, known) for path in files}
    return Vocabulary(known, languages)


def concept_term(concept: str) -> Term:
    """The concept's name, as a note's value the archive says in its reader's language."""
    return Term(concepts()[concept].name)


def concept_names() -> tuple[str, ...]:
    return tuple(concepts())


def check_concept(name: str, kind: str | None = None) -> str:
    """`name` if it is a known concept (of `kind`); a ValueError naming the known ones otherwise,
    for the parameter validators of the checks."""
    known = concepts()
    if name not in known:
        raise ValueError(f"names no concept of rules/vocabularies/concepts.yaml (known: {', '.join(known)})")
    if kind is not None and known[name].kind != kind:
        raise ValueError(f"'{name}' is a {known[name].kind} concept; a {kind} concept is needed here")
    return name


__all__ = ["Vocabulary", "check_concept", "concept_names", "vocabulary"]

"""pydantic's errors in the words of someone editing a YAML file, and several errors raised as one."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from egov_audit.audits.file_errors import FileError, FileErrors, closest, field_path, plain_errors


class Inner(BaseModel):
    model_config = ConfigDict(extra="forbid")

    colour: str = Field(description="the colour of the thing")


class Outer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    size: int | Literal["all"] = "all"
    share: float = Field(1.0, ge=0, le=1)
    items: list[Inner] = Field(default_factory=list)
    mode: Literal["fast", "slow"] = "fast"


def errors_of(document: dict[str, object]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        Outer.model_validate(document)
    return [(field_path(location), message) for location, message in plain_errors(caught.value, document, Outer)]


def test_pydantic_phrasing_becomes_plain_and_a_union_is_one_error() -> None:
    assert errors_of({"size": "al", "share": 2, "items": [{}, {"colour": "red", "color": "red"}], "mode": "fats"}) == [
        ("size", "must be a whole number or 'all', got 'al'"),
        ("share", "must be at most 1, got 2"),
        ("items[0].colour", "is required (the colour of the thing)"),
        ("items[1].color", "is not a field here (did you mean colour?)"),
        ("mode", "must be 'fast' or 'slow', got 'fats' (did you mean fast?)"),
    ]


def test_a_key_the_file_holds_is_never_taken_for_a_union_alternative() -> None:
    # `int` is a type tag in pydantic's locations, and also a key someone may write by mistake.
    assert errors_of({"int": 1}) == [("int", "is not a field here (fields: items, mode, share, size)")]


def test_several_errors_are_sorted_by_file_and_line_and_counted() -> None:
    problems = FileErrors()
    problems.add("b.yaml", 3, "x", "wrong")
    problems.add("b.yaml", 1, "", "not YAML")
    problems.add("c.yaml", None, "rules", "missing")
    problems.add("b.yaml", 1, "", "not YAML")  # the same error twice is named once
    with pytest.raises(FileError) as caught:
        problems.raise_if_any(FileError)
    assert str(caught.value).splitlines() == [
        "b.yaml:1: not YAML",
        "b.yaml:3: x: wrong",
        "c.yaml: rules: missing",
        "3 errors in 2 files",
    ]
    assert caught.value.lines == ("b.yaml:1: not YAML", "b.yaml:3: x: wrong", "c.yaml: rules: missing")


def test_one_error_is_one_line_and_none_raises_nothing() -> None:
    problems = FileErrors()
    problems.raise_if_any(FileError)
    problems.add("a.yaml", 2, "weight", "must be a number, got 'heavy'")
    with pytest.raises(FileError, match=r"^a\.yaml:2: weight: must be a number, got 'heavy'$"):
        problems.raise_if_any(FileError)


def test_closest_suggests_only_what_is_close() -> None:
    assert closest("kzz", ["eu", "generic", "kz"]) == "kz"
    assert closest("mars", ["eu", "generic", "kz"]) is None

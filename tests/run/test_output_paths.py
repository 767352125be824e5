"""run/output_paths.py: an output path is refused before the crawl, naming what is in the way."""

from __future__ import annotations

from pathlib import Path

import pytest

from egov_audit.reports.errors import ReportError
from egov_audit.run.output_paths import same_file, writable_file, writable_folder
from egov_audit.run.preflight import InputError


def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    target = writable_file("--output", str(tmp_path / "ci" / "deep" / "r.sarif"))
    assert target.parent.is_dir() and not target.exists()


def test_a_file_anywhere_up_the_path_is_named(tmp_path: Path) -> None:
    (tmp_path / "plain.txt").write_text("x")
    value = str(tmp_path / "plain.txt" / "sub" / "r.html")
    with pytest.raises(ReportError) as refused:
        writable_file("--report", value)
    assert str(refused.value) == f"--report {value}: {tmp_path / 'plain.txt'} is a file, not a folder"
    assert not (tmp_path / "plain.txt" / "sub").exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("out", "--output out is a folder; give a file name such as out/result.sarif"),
        ("a\x00b", "--output 'a\\x00b': a file name cannot hold a NUL character"),
        (" ", "--output: the file name is empty"),
        ("x" * 300, f"--output {'x' * 300}: File name too long"),
    ],
)
def test_what_cannot_name_a_file_is_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    with pytest.raises(InputError) as refused:
        writable_file("--output", value, "result.sarif")
    assert str(refused.value) == message


def test_a_default_folder_that_is_a_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "reports").write_text("x")
    with pytest.raises(ReportError, match=r"the report folder: .*reports is a file, not a folder"):
        writable_folder("the report folder", str(tmp_path / "reports"))


def test_same_file_sees_through_relative_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert same_file(Path("a/../r.json"), tmp_path / "r.json")
    assert not same_file(Path("r.json"), Path("r.sarif"))

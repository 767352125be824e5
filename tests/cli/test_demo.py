"""`egov-audit demo`: the embedded default, end to end."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import DemoArchive, run_cli

# The session's demo archive (three audits, every page rendered) is made by the first test that asks.
pytestmark = pytest.mark.timeout(1200)


def test_demo_audits_the_versions_stores_the_runs_and_renders_the_archive(demo_archive: DemoArchive) -> None:
    index = Path(demo_archive.stdout.strip().removeprefix("Report: "))
    assert index == (demo_archive.out / "index.html").resolve() and index.is_file()
    connection = sqlite3.connect(demo_archive.out / "egov-audit.sqlite")
    runs = connection.execute("SELECT id, status, openness_index FROM runs ORDER BY id").fetchall()
    connection.close()
    assert [status for _, status, _ in runs] == ["complete"] * 3
    assert len({openness for _, _, openness in runs}) == 3, "each version fixes or breaks something"
    for run_id, _, _ in runs:
        assert (demo_archive.out / "runs" / f"{run_id}.html").is_file()


def test_demo_refuses_an_unknown_version(tmp_path: Path) -> None:
    done = run_cli("demo", "--versions", "1,7", cwd=tmp_path)
    assert done.returncode == 2
    assert "--versions" in done.stderr

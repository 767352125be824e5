"""`egov-audit demo`: the embedded default, end to end (two versions to keep it short)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import run_cli


def test_demo_audits_the_versions_stores_the_runs_and_prints_the_report(tmp_path: Path) -> None:
    done = run_cli("demo", "--out", "out", "--versions", "1,3", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    index = Path(done.stdout.strip().removeprefix("Report: "))
    assert index == (tmp_path / "out" / "index.html").resolve() and index.is_file()
    connection = sqlite3.connect(tmp_path / "out" / "egov-audit.sqlite")
    runs = connection.execute("SELECT id, status, openness_index FROM runs ORDER BY id").fetchall()
    connection.close()
    assert [status for _, status, _ in runs] == ["complete", "complete"]
    assert runs[0][2] != runs[1][2], "version 3 fixes defects of version 1: the scores differ"
    html = index.read_text(encoding="utf-8")
    for run_id, _, _ in runs:
        assert f'href="run-{run_id}.html"' in html
        assert (tmp_path / "out" / f"run-{run_id}.html").is_file()


def test_demo_refuses_an_unknown_version(tmp_path: Path) -> None:
    done = run_cli("demo", "--versions", "1,7", cwd=tmp_path)
    assert done.returncode == 2
    assert "--versions" in done.stderr

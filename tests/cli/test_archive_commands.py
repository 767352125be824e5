"""`egov-audit report`, `history` and `export` on the demo's store."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from egov_audit.reports.downloads import BOM, TABLES
from egov_audit.store.database import Store
from tests.conftest import DemoArchive, run_cli
from tests.store.test_history import record_run

# The session's demo archive (three audits, every page rendered) is made by the first test that asks.
pytestmark = pytest.mark.timeout(1200)


def test_history_prints_the_trend_and_what_changed(demo_archive: DemoArchive, tmp_path: Path) -> None:
    done = run_cli("history", "demo-portal", "--db", demo_archive.db_url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert sum(" complete " in line for line in lines) == 3
    assert "since the previous run" in done.stdout and "new," in done.stdout and "fixed," in done.stdout
    unknown = run_cli("history", "nowhere.test/", "--db", demo_archive.db_url, cwd=tmp_path)
    assert unknown.returncode == 2 and "no portal 'nowhere.test/'" in unknown.stderr
    by_name = run_cli("history", "demo region public services portal", "--db", demo_archive.db_url, cwd=tmp_path)
    assert by_name.returncode == 0 and by_name.stdout == done.stdout
    close = run_cli("history", "Demo Region Public Service Portal", "--db", demo_archive.db_url, cwd=tmp_path)
    assert close.returncode == 2 and "did you mean 'Demo Region Public Services Portal'?" in close.stderr


@pytest.mark.parametrize(
    "command",
    [
        ("history", "demo-portal"),
        ("export", "--out", "data"),
        ("report", "--out", "site"),
    ],
)
def test_read_only_commands_refuse_a_store_that_does_not_exist(tmp_path: Path, command: tuple[str, ...]) -> None:
    done = run_cli(*command, "--db", "sqlite:///misspelt.sqlite", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "--db 'sqlite:///misspelt.sqlite': no store at misspelt.sqlite" in done.stderr
    assert not (tmp_path / "misspelt.sqlite").exists() and not (tmp_path / "site").exists()


def test_export_takes_portals_by_name_and_runs_since_a_date(demo_archive: DemoArchive, tmp_path: Path) -> None:
    def exported(*options: str) -> list[dict[str, str]]:
        done = run_cli("export", "--out", "data", "--db", demo_archive.db_url, *options, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        with (tmp_path / "data" / "runs.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    assert len(exported("--portal", "Demo Region Public Services Portal")) == 3
    assert len(exported("--portal", "demo-portal/", "--since", "2000-01-01")) == 3
    assert exported("--since", "2999-01-01") == []
    unknown = run_cli("export", "--out", "data", "--db", demo_archive.db_url, "--portal", "nowhere", cwd=tmp_path)
    assert unknown.returncode == 2 and "no portal 'nowhere'" in unknown.stderr
    bad_date = run_cli("export", "--out", "data", "--db", demo_archive.db_url, "--since", "yesterday", cwd=tmp_path)
    assert bad_date.returncode == 2 and "'yesterday' is not a date" in bad_date.stderr


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_writes_the_data_alone(demo_archive: DemoArchive, tmp_path: Path, fmt: str) -> None:
    done = run_cli("export", "--format", fmt, "--out", "data", "--db", demo_archive.db_url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    if fmt == "json":
        history = json.loads((tmp_path / "data" / "history.json").read_text(encoding="utf-8"))
        assert set(history) == set(TABLES) and len(history["runs"]) == 3
    else:
        for name in TABLES:
            with (tmp_path / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
                assert csv.DictReader(handle).fieldnames == [c.name for c in TABLES[name]]
        with (tmp_path / "data" / "scores.csv").open(encoding="utf-8", newline="") as handle:
            classed = {(row["country"], row["tags"]) for row in csv.DictReader(handle)}
        assert classed == {("KZ", "level=regional; region=Demo Region")}  # the demo portal's, as a config gives


def test_report_renders_the_archive_in_kazakh(demo_archive: DemoArchive, tmp_path: Path) -> None:
    done = run_cli("report", "--db", demo_archive.db_url, "--out", "site", "--lang", "kk", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="kk">' in index and "ашықтық индексі" in index.lower()
    assert "Порталдар аудиті" in index and "Portal audits" not in index  # the default title, in Kazakh
    again = run_cli("report", "--db", demo_archive.db_url, "--out", "site", "--lang", "kk", cwd=tmp_path)
    assert "0 pages rendered, 4 unchanged, 0 files written" in again.stderr
    refused = run_cli("report", "--db", demo_archive.db_url, "--out", "site", "--lang", "de", cwd=tmp_path)
    assert refused.returncode == 2


def small_store(path: Path) -> str:
    url = f"sqlite:///{path}"
    store = Store(url)
    record_run(store, "p", 50.0, country="KZ", tags={"region": "Алматы"})
    store.close()
    return url


def test_report_will_not_publish_an_empty_store_over_an_archive_with_runs(tmp_path: Path) -> None:
    full = small_store(tmp_path / "full.sqlite")
    assert run_cli("report", "--db", full, "--out", "site", cwd=tmp_path).returncode == 0
    index = (tmp_path / "site" / "index.html").read_bytes()
    Store(f"sqlite:///{tmp_path / 'empty.sqlite'}").close()
    refused = run_cli("report", "--db", "sqlite:///empty.sqlite", "--out", "site", cwd=tmp_path)
    # 2, bad input: nothing failed to be written; the store and the folder given do not go together.
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    message = refused.stderr.strip()
    assert message.count("\n") == 0 and "refusing to replace the archive site (1 runs) with an empty one" in message
    assert "sqlite:///empty.sqlite" in message and "--force" in message
    assert (tmp_path / "site" / "index.html").read_bytes() == index
    forced = run_cli("report", "--db", "sqlite:///empty.sqlite", "--out", "site", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert (tmp_path / "site" / "index.html").read_bytes() != index
    assert (tmp_path / "site" / "data" / "runs.csv").read_text(encoding="utf-8").count("\n") == 1  # the header
    again = run_cli("report", "--db", "sqlite:///empty.sqlite", "--out", "fresh", cwd=tmp_path)
    assert again.returncode == 0, again.stderr  # an empty store into an empty folder takes nothing away


def test_report_and_export_write_csv_for_excel_and_a_feed_for_a_base_url(tmp_path: Path) -> None:
    db = small_store(tmp_path / "s.sqlite")
    done = run_cli(
        "report", "--db", db, "--out", "site", "--csv-bom", "--base-url", "https://ngo.example/audits", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    runs = (tmp_path / "site" / "data" / "runs.csv").read_bytes()
    assert runs.startswith(BOM) and "KZ,region=Алматы" in runs.decode("utf-8-sig")
    assert (tmp_path / "site" / "data" / "runs" / "1" / "outcomes.csv").read_bytes().startswith(BOM)
    feed = (tmp_path / "site" / "feed.atom").read_text(encoding="utf-8")
    assert 'href="https://ngo.example/audits/runs/1.html"' in feed
    exported = run_cli("export", "--db", db, "--out", "data", "--csv-bom", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "data" / "runs.csv").read_bytes() == runs
    bad = run_cli("report", "--db", db, "--out", "site", "--base-url", "ngo.example/audits", cwd=tmp_path)
    assert bad.returncode == 2 and "--base-url 'ngo.example/audits' is not an http(s) URL" in bad.stderr

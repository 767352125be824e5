"""reports/downloads.py: every table names the portal, its country and its tags as the run had
them; CSV with a byte order mark reads as the same rows; the archive's CSVs follow --csv-bom and
stay byte-identical when rendered again."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from egov_audit.reports.archive import render_archive
from egov_audit.reports.downloads import BOM, TABLES, tables, to_csv, to_json
from egov_audit.store.database import Store
from tests.store.test_history import record_run

PORTAL = ("portal_key", "portal_name", "country", "tags")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite'}")
    tags = {"region": "Алматы", "ministry": "Әділет"}
    record_run(store, "p", 80.0, failing=("=cmd",), violations=("image-alt",), country="KZ", tags=tags)
    record_run(store, "p", 60.0, failing=("a",), country="KZ", tags={"region": "Астана"})  # the portal moved
    record_run(store, "q", 50.0)  # a portal with no country or tags
    yield store
    store.close()


def csv_rows(data: bytes, encoding: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode(encoding), newline="")))


def test_every_table_names_the_portal_its_country_and_its_tags(store: Store) -> None:
    for name, columns in TABLES.items():
        assert tuple(c.name for c in columns[1:5]) == PORTAL, name  # right after run_id, documented
    every = tables(store, store.runs())
    for name, rows in every.items():
        assert rows and all(tuple(row)[1:5] == PORTAL for row in rows), name
    found = {(row["run_id"], row["portal_name"], row["country"]) for row in every["scores"]}
    assert found == {(1, "P", "KZ"), (2, "P", "KZ"), (3, "Q", None)}
    runs = csv_rows(to_csv("runs", every["runs"]), "utf-8")
    assert [(r["country"], r["tags"]) for r in runs] == [
        ("KZ", "ministry=Әділет; region=Алматы"),  # sorted by key, whatever order the config gave
        ("KZ", "region=Астана"),  # each run keeps the tags it was audited with
        ("", ""),
    ]
    findings = csv_rows(to_csv("findings", every["findings"]), "utf-8")
    assert [(f["run_id"], f["tags"]) for f in findings] == [("1", "ministry=Әділет; region=Алматы")]
    document = json.loads(to_json(every))
    assert document["outcomes"][0]["tags"] == {"ministry": "Әділет", "region": "Алматы"}  # an object in JSON
    assert document["runs"][2]["tags"] == {} and document["runs"][2]["country"] is None


def test_a_csv_with_a_byte_order_mark_reads_as_the_same_rows(store: Store) -> None:
    every = tables(store, store.runs())
    for name, rows in every.items():
        plain, marked = to_csv(name, rows), to_csv(name, rows, bom=True)
        assert marked.startswith(b"\xef\xbb\xbf") and not plain.startswith(b"\xef\xbb\xbf")
        assert marked == BOM + plain
        assert csv_rows(marked, "utf-8-sig") == csv_rows(plain, "utf-8")
        assert csv_rows(marked, "utf-8-sig")[0]["run_id"] == "1"  # no "\ufeffrun_id" header


def test_the_archive_writes_its_csvs_with_a_byte_order_mark_when_asked(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "archive"
    render_archive(store, out, csv_bom=True)
    written = sorted(out.rglob("*.csv"))
    assert {p.relative_to(out).as_posix() for p in written} >= {"data/runs.csv", "data/runs/1/findings.csv"}
    assert all(p.read_bytes().startswith(BOM) for p in written)
    with (out / "data" / "outcomes.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert next(row["title"] for row in csv.DictReader(handle)) == "'=cmd"  # still inert in a spreadsheet
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    again = render_archive(store, out, csv_bom=True)
    assert again.written == [] and {p: p.read_bytes() for p in before} == before
    plain = render_archive(store, out)  # the per-run files follow too, not only the history's
    assert "data/runs/1/runs.csv" in plain.written
    assert not any(p.read_bytes().startswith(BOM) for p in out.rglob("*.csv"))

"""reports/feed.py: a well-formed Atom feed whose ids belong to its archive alone, whose links are
absolute under a base URL, and whose regressions say what fell, by how much, and in which run."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from egov_audit.audits.model import PillarScore, RunStatus
from egov_audit.crawler.model import StopReason
from egov_audit.reports.archive import render_archive
from egov_audit.reports.feed import FEED_NAME, feed_base
from egov_audit.store.database import Store
from tests.store.test_history import record_run

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://ngo.example/audits/"


def record_scores(store: Store, key: str, name: str, scores: dict[str, float]) -> int:
    run_id = store.start_run(key, name, "http://a.test/", "0.2.0", "digest", {})
    pillars = [PillarScore(pillar, score, 1, 0, 0, 0) for pillar, score in scores.items()]
    index = sum(scores.values()) / len(scores)
    store.finish_run(run_id, RunStatus.COMPLETE, StopReason.FINISHED, [], pillars, index, None)
    return run_id


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'f.sqlite'}")
    record_scores(store, "a.test/", "Akimat A", {"transparency": 90.0, "trust": 60.0, "availability": 80.0})
    record_scores(store, "a.test/", "Akimat A", {"transparency": 70.0, "trust": 65.0, "availability": 80.0})
    yield store
    store.close()


def feed_of(store: Store, out: Path, base_url: str | None = None) -> tuple[bytes, ET.Element]:
    render_archive(store, out, base_url=base_url)
    data = (out / FEED_NAME).read_bytes()
    return data, ET.fromstring(data)


def assert_valid_atom(feed: ET.Element) -> None:
    assert feed.tag == f"{ATOM}feed"
    for element in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{element}") is not None, element
    assert [link.get("rel") for link in feed.iter(f"{ATOM}link") if link.get("rel") == "self"] == ["self"]
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        for element in ("id", "title", "updated", "link"):
            assert (entry.findtext(f"{ATOM}{element}") is not None) or entry.find(f"{ATOM}link") is not None
            assert entry.find(f"{ATOM}{element}") is not None, element
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == len(ids), ids


def test_under_a_base_url_every_link_and_id_is_absolute(store: Store, tmp_path: Path) -> None:
    data, feed = feed_of(store, tmp_path / "a", BASE)
    assert_valid_atom(feed)
    assert feed.findtext(f"{ATOM}id") == f"{BASE}feed.atom"
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert links and all(str(href).startswith(BASE) for href in links), links
    ids = [entry.findtext(f"{ATOM}id") for entry in feed.iter(f"{ATOM}entry")]
    assert f"{BASE}runs/2.html" in ids and f"{BASE}runs/2.html#fell-transparency" in ids
    assert b"No base URL" not in data


def test_without_a_base_url_the_ids_are_this_archives_own(store: Store, tmp_path: Path) -> None:
    data, feed = feed_of(store, tmp_path / "a")
    assert_valid_atom(feed)
    assert b"<!-- No base URL was given" in data
    assert all(not str(link.get("href")).startswith("http") for link in feed.iter(f"{ATOM}link"))
    other = Store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    record_run(other, "a.test/", 50.0)
    record_run(other, "a.test/", 40.0)
    _, other_feed = feed_of(other, tmp_path / "b")
    other.close()

    def ids(feed: ET.Element) -> set[str]:
        return {str(element.text) for element in feed.iter(f"{ATOM}id")}

    assert all(i.startswith("tag:egov-audit,2026:") for i in ids(feed))
    assert ids(feed).isdisjoint(ids(other_feed))  # run 1 of one archive is not run 1 of the other
    again, _ = feed_of(store, tmp_path / "fresh folder")
    assert again == data  # the same store gives the same ids, in any folder


def test_a_regression_says_what_fell_by_how_much_and_where(store: Store, tmp_path: Path) -> None:
    _, feed = feed_of(store, tmp_path / "a", BASE)
    (fall,) = [e for e in feed.iter(f"{ATOM}entry") if "fell" in str(e.findtext(f"{ATOM}title"))]
    assert fall.findtext(f"{ATOM}title") == "Akimat A: Transparency fell from 90.0 to 70.0"
    summary = str(fall.findtext(f"{ATOM}summary"))
    assert summary.startswith("Run 2 of 20") and "Transparency fell by 20.0 points, from 90.0 to 70.0." in summary
    assert "Trust +5.0" in summary and "Availability ±0.0" in summary and summary != fall.findtext(f"{ATOM}title")
    link = fall.find(f"{ATOM}link")
    assert link is not None and link.get("href") == f"{BASE}runs/2.html"


@pytest.mark.parametrize(
    ("given", "base"),
    [("https://ngo.example/audits", BASE), (BASE, BASE), ("http://h.test", "http://h.test/")],
)
def test_a_base_url_is_a_folder(given: str, base: str) -> None:
    assert feed_base(given) == base


@pytest.mark.parametrize("given", ["ngo.example/audits/", "ftp://h.test/", "https:///x", "https://h.test/?a=1"])
def test_a_base_url_that_is_not_one_is_refused(given: str) -> None:
    with pytest.raises(ValueError, match=r"http\(s\) URL with a host|without \?query"):
        feed_base(given)

"""`egov-audit review export|import`: the checklist round trip in YAML and CSV, answers carried over
while the evidence is unchanged, and a wrong file refused whole with every mistake named."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from egov_audit.audits.model import Evidence, Outcome, RuleOutcome, RunStatus
from egov_audit.audits.reviews import evidence_digest
from egov_audit.cli import main
from egov_audit.crawler.model import StopReason
from egov_audit.store.database import Store
from egov_audit.store.reviews import portal_reviews

KEY = "akimat.test/"
PROCUREMENT = ("un-losi", "procurement-results")  # review: a rule gathers evidence, a person answers
E_VOTING = ("un-losi", "e-voting")  # manual: no rule cites it
PAGES = ("http://akimat.test/tenders", "http://akimat.test/tenders/2026")


def outcomes(urls: tuple[str, ...] = PAGES, result: Outcome = Outcome.PASS) -> list[RuleOutcome]:
    evidence = tuple(Evidence(url, "a list of awarded contracts") for url in urls)
    return [
        RuleOutcome("procurement-results-page", "Procurement results", "transparency", 0, result, "Found.", evidence,
                    True, (PROCUREMENT,)),
        RuleOutcome("home-page-reachable", "Home page", "availability", 1, Outcome.PASS, "Up.", (), False, ()),
    ]  # fmt: skip


def record_run(db_url: str, found: list[RuleOutcome], key: str = KEY, status: RunStatus = RunStatus.COMPLETE) -> int:
    store = Store(db_url)
    run_id = store.start_run(key, "Akimat", f"http://{key}", "0.2.0", "digest", {})
    store.finish_run(run_id, status, StopReason.FINISHED, found, [], None)
    store.close()
    return run_id


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def item(document: dict[str, Any], key: tuple[str, str], portal: int = 0) -> dict[str, Any]:
    items = document["portals"][portal]["items"]
    return next(i for i in items if (i["methodology"], i["indicator"]) == key)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


def export_yaml(db_url: str, *options: str) -> dict[str, Any]:
    done = invoke("review", "export", "--db", db_url, *options)
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith("# egov-audit review checklist")
    return yaml.safe_load(done.stdout)


def fill(document: dict[str, Any]) -> None:
    item(document, PROCUREMENT).update(answer="yes", who="Aigerim (NGO)", when="2026-03-02", note="12 contracts listed")
    item(document, E_VOTING).update(answer="no")


def test_yaml_round_trip_and_carry_over(store_url: str, tmp_path: Path) -> None:
    db_url = store_url  # SQLite and PostgreSQL
    first = record_run(db_url, outcomes())
    document = export_yaml(db_url)
    (portal,) = document["portals"]
    assert (portal["portal"], portal["run"]) == (KEY, first)
    asked = item(document, PROCUREMENT)
    assert asked["status"] == "review" and asked["question"] and asked["answer"] is None
    assert asked["evidence_digest"] == evidence_digest(outcomes(), *PROCUREMENT)
    assert asked["evidence"] == [
        {"rule": "procurement-results-page", "outcome": "pass", "summary": "Found.", "urls": list(PAGES)}
    ]
    assert item(document, E_VOTING)["evidence"] == [] and item(document, E_VOTING)["evidence_digest"] == ""
    statuses = {i["status"] for i in portal["items"]}
    assert statuses == {"review", "manual"}  # automated indicators are the rules' to decide

    fill(document)
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    done = invoke("review", "import", str(answers), "--db", db_url, "--who", "Dana")
    assert done.exit_code == 0, done.stderr
    assert "2 answers recorded, 0 already recorded" in done.stderr
    again = invoke("review", "import", str(answers), "--db", db_url, "--who", "Dana")
    assert "0 answers recorded, 2 already recorded" in again.stderr

    store = Store(db_url)
    stored = {(r.methodology, r.indicator): r for r in portal_reviews(store, KEY)}
    store.close()
    assert stored[PROCUREMENT].who == "Aigerim (NGO)" and stored[PROCUREMENT].answer is True
    assert stored[PROCUREMENT].when == datetime(2026, 3, 2, tzinfo=UTC)
    assert stored[E_VOTING].who == "Dana" and stored[E_VOTING].answer is False  # --who for the rows without
    assert len(stored) == 2

    # A later run with the same evidence: both answers written in.
    record_run(db_url, outcomes(tuple(reversed(PAGES))))
    shown = item(export_yaml(db_url), PROCUREMENT)
    assert (shown["answer"], shown["who"], shown["note"]) == ("yes", "Aigerim (NGO)", "12 contracts listed")
    assert datetime.fromisoformat(shown["when"]) == datetime(2026, 3, 2, tzinfo=UTC)
    # The evidence changes: the review question comes back empty; the manual answer stays.
    record_run(db_url, outcomes(PAGES[:1]))
    latest = export_yaml(db_url)
    assert item(latest, PROCUREMENT)["answer"] is None and item(latest, E_VOTING)["answer"] == "no"
    # The first run's checklist still shows what was answered on it.
    assert item(export_yaml(db_url, "--run", str(first)), PROCUREMENT)["answer"] == "yes"


def test_csv_round_trip(db_url: str, tmp_path: Path) -> None:
    run_id = record_run(db_url, outcomes())
    checklist = tmp_path / "checklist.csv"
    done = invoke("review", "export", "--db", db_url, "--output", str(checklist))
    assert done.exit_code == 0, done.stderr
    with checklist.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["portal"], r["run"]) for r in rows} == {(KEY, str(run_id))}
    (asked,) = [r for r in rows if (r["methodology"], r["indicator"]) == PROCUREMENT]
    assert "procurement-results-page (pass): Found.: " + " ".join(PAGES) == asked["evidence"]
    asked.update(answer="Met", who="Aigerim", when="2026-03-02T10:00:00+05:00", note="Бюджет, 12 договоров")
    (manual,) = [r for r in rows if (r["methodology"], r["indicator"]) == E_VOTING]
    manual.update(answer="not met", who="Aigerim")
    with checklist.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    done = invoke("review", "import", str(checklist), "--db", db_url)
    assert done.exit_code == 0, done.stderr
    assert "2 answers recorded" in done.stderr

    again = invoke("review", "export", "--db", db_url, "--format", "csv", "--portal", "Akimat")
    shown = {(r["methodology"], r["indicator"]): r for r in csv.DictReader(io.StringIO(again.stdout))}
    assert (shown[PROCUREMENT]["answer"], shown[PROCUREMENT]["note"]) == ("yes", "Бюджет, 12 договоров")
    assert datetime.fromisoformat(shown[PROCUREMENT]["when"]) == datetime(2026, 3, 2, 5, tzinfo=UTC)
    assert shown[E_VOTING]["answer"] == "no"
    # The re-exported file imports as nothing new.
    checklist.write_text(again.stdout, encoding="utf-8")
    assert "0 answers recorded, 2 already recorded" in invoke("review", "import", str(checklist), "--db", db_url).stderr


BAD_YAML = """\
portals:
  - portal: akimat.test/
    run: {run}
    items:
      - methodology: un-losi
        indicator: procurement-results
        answer: yes
        who: Aigerim
      - methodology: un-losi
        indicator: procurement-resultz
        answer: yes
        who: Aigerim
      - methodology: un-losi
        indicator: e-voting
        answer: maybe
        who: Aigerim
        when: last week
      - methodology: un-losy
        indicator: e-voting
        answer: no
      - methodology: un-losi
        indicator: contact-details
        answer: no
        who: Aigerim
        evidence_digest: 0123456789abcdef
      - methodology: un-losi
        indicator: digital-leadership
        answer:
  - portal: akimat.tset/
    run: 1
    items:
      - methodology: un-losi
        indicator: e-voting
        answer: yes
        who: Aigerim
"""


def test_a_wrong_yaml_file_is_refused_whole_with_every_mistake(db_url: str, tmp_path: Path) -> None:
    run_id = record_run(db_url, outcomes())
    answers = tmp_path / "answers.yaml"
    answers.write_text(BAD_YAML.format(run=run_id), encoding="utf-8")
    done = invoke("review", "import", str(answers), "--db", db_url)
    assert done.exit_code == 2
    errors = [line.strip().removeprefix("egov-audit: error: ") for line in done.stderr.splitlines()]
    label = str(answers)
    assert (
        f"{label}:10: indicator: un-losi has no indicator 'procurement-resultz' (did you mean procurement-results?)"
        in errors
    )
    assert f"{label}:15: answer: must be yes, no, true, false, met or not met, got 'maybe'" in errors
    assert f"{label}:17: when: must be a date (YYYY-MM-DD) or an ISO 8601 time, got 'last week'" in errors
    assert any(
        e.startswith(f"{label}:18: methodology: no scored methodology 'un-losy' (did you mean un-losi?") for e in errors
    )
    assert f"{label}:18: who: is required: who answered (or give --who)" in errors  # the item's line: no who
    assert f"{label}:22: indicator: contact-details is decided by rules (automated), not by a review" in errors
    assert f"{label}:29: portal: no portal 'akimat.tset/' in the store (did you mean akimat.test/?)" in errors
    assert errors[-1] == f"7 errors in {label}"
    store = Store(db_url)
    assert portal_reviews(store, KEY) == []  # the good first row is not kept either
    store.close()


def test_a_wrong_csv_file_names_rows_and_stores_nothing(db_url: str, tmp_path: Path) -> None:
    run_id = record_run(db_url, outcomes())
    other = record_run(db_url, outcomes(), key="other.test/")
    answers = tmp_path / "answers.csv"
    answers.write_text(
        "portal,run,methodology,indicator,answer,who,when,evidence_digest\n"
        f"{KEY},{run_id},un-losi,procurement-results,yes,Aigerim,,\n"
        f"{KEY},{other},un-losi,e-voting,yes,Aigerim,,\n"
        f"{KEY},seven,un-losi,e-voting,yes,Aigerim,,\n"
        f"{KEY},{run_id},un-losi,procurement-results,no,Dana,2999-01-01,\n"
        f"{KEY},{run_id},un-losi,e-participation-policy,no,Dana,,0123456789abcdef\n"
        f"{KEY},{run_id},un-losi,e-voting,,,,\n"
        f"{KEY},{run_id},un-losi,e-voting,yes,Dana,0001-01-01T00:00:00+05:00,\n"
        f"{KEY},{run_id},un-losi,e-voting,yes,{'D' * 201},,\n",
        encoding="utf-8",
    )
    done = invoke("review", "import", str(answers), "--db", db_url)
    assert done.exit_code == 2
    label = str(answers)
    assert f"{label}:3: run: run {other} is not a run of portal '{KEY}'" in done.stderr
    assert f"{label}:4: run: must be a run's number, got 'seven'" in done.stderr
    assert f"{label}:5: when: 2999-01-01 00:00 UTC is in the future" in done.stderr
    assert f"{label}:6: evidence_digest: is not the digest of run {run_id}'s evidence (none)" in done.stderr
    assert f"{label}:8: when: '0001-01-01T00:00:00+05:00' is out of range" in done.stderr
    assert f"{label}:9: who: must have at most 200 characters" in done.stderr
    assert "6 errors in" in done.stderr and "Traceback" not in done.stderr
    store = Store(db_url)
    assert portal_reviews(store, KEY) == []
    store.close()


def test_an_indicator_answered_twice_in_one_file_is_an_error(db_url: str, tmp_path: Path) -> None:
    run_id = record_run(db_url, outcomes())
    answers = tmp_path / "answers.csv"
    answers.write_text(
        "portal,run,methodology,indicator,answer,who\n"
        f"{KEY},{run_id},un-losi,e-voting,yes,Aigerim\n"
        f"{KEY},{run_id},un-losi,e-voting,no,Dana\n",
        encoding="utf-8",
    )
    done = invoke("review", "import", str(answers), "--db", db_url)
    assert (
        done.exit_code == 2
        and "answers.csv:3: indicator: e-voting of un-losi is answered twice (first on line 2)" in done.stderr
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("answers.txt", b"x", "must end in .yaml, .yml or .csv"),
        ("answers.yaml", b"\x89PNG\r\n\x1a\n\x00\xff", "is not UTF-8 text"),
        ("answers.yaml", b"portals: [", "not valid YAML"),
        ("answers.yaml", b"", "1: portals: is required"),
        ("answers.yaml", b"portals:\n  - 5\n", "1: portals[0].items: is required"),
        ("answers.yaml", b"portals:\n  - items: [5]\n", "portals[0].items[0]: must be a mapping"),
        ("answers.csv", b"a,b\n1,2\n", "1: no column portal, run, methodology, indicator, answer"),
        ("answers.csv", b"\xff\xfe", "is not UTF-8 text"),
        ("missing.yaml", None, "cannot be read"),
    ],
)
def test_unreadable_files_are_one_line_errors(
    db_url: str, tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    record_run(db_url, outcomes())
    if content is not None:
        (tmp_path / name).write_bytes(content)
    done = invoke("review", "import", str(tmp_path / name), "--db", db_url)
    assert done.exit_code == 2 and message in done.stderr, done.stderr


def test_export_names_what_it_cannot_find(db_url: str) -> None:
    running = Store(db_url)
    running.start_run("idle.test/", "Idle", "http://idle.test/", "0.2.0", "digest", {})
    running.close()
    assert "the store holds no complete or partial run yet" in invoke("review", "export", "--db", db_url).stderr
    record_run(db_url, outcomes())
    cases = {
        ("--portal", "nowhere"): "no portal 'nowhere'",
        ("--run", "99"): "--run 99: no such run in the store",
        ("--portal", "idle.test/"): "portal 'idle.test/' has no complete or partial run yet",
        ("--portal", "idle.test/", "--run", "2"): "--run 2 is a run of portal 'akimat.test/'",
    }
    for options, message in cases.items():
        done = invoke("review", "export", "--db", db_url, *options)
        assert done.exit_code == 2 and message in done.stderr, (options, done.stderr)
    assert invoke("review", "export", "--db", db_url, "--output", "/nonexistent/folder/x.yaml").exit_code == 4

"""`egov-audit check`: exit codes, the JSON document, the report, and bad input."""

from __future__ import annotations

import json
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from lxml import etree

import egov_audit.cli.check
from egov_audit.audits.model import Outcome
from egov_audit.cli import main
from egov_audit.demo.server import serve
from egov_audit.reports.junit import junit_text, junit_tree
from egov_audit.reports.sarif import sarif_log, sarif_text
from egov_audit.store.database import Store
from tests.conftest import ROOT, DemoCrawl, run_cli
from tests.portals import Reply, endless_site, serve_app

SCHEMA = json.loads((ROOT / "docs" / "check-result.schema.json").read_text(encoding="utf-8"))
SCHEMAS = ROOT / "tests" / "reports" / "schemas"
SARIF_SCHEMA = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
JUNIT_SCHEMA = etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-10.xsd")))
HTML = '<!DOCTYPE html><html lang="en"><head><title>Tiny</title></head><body><a href="/b/">b</a></body></html>'


def tiny_site(path: str) -> Reply:
    if path in ("/", "/b/"):
        return Reply(200, HTML)
    return Reply(404, "not here", "text/plain")


def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


@pytest.mark.parametrize("version", [1, 2, 3])
def test_json_document_validates_against_its_schema(demo_crawls: dict[int, DemoCrawl], version: int) -> None:
    jsonschema.validate(demo_crawls[version].document, SCHEMA)


def test_json_reports_where_the_html_report_is(demo_crawls: dict[int, DemoCrawl], tmp_path: Path) -> None:
    document = demo_crawls[1].document
    assert document["report_path"].endswith(f"run-{document['run']['id']}.html")


def test_exit_code_follows_fail_under(tmp_path: Path) -> None:
    with serve_app(tiny_site) as served:
        passing = run_cli("check", f"{served.base_url}/", "--fail-under", "20", "--db", db(tmp_path), cwd=tmp_path)
        failing = run_cli("check", f"{served.base_url}/", "--fail-under", "101", "--db", db(tmp_path), cwd=tmp_path)
        strict = run_cli(
            "check", f"{served.base_url}/", "--fail-under", "100", "--json", "--db", db(tmp_path), cwd=tmp_path
        )
    assert passing.returncode == 0, passing.stderr
    assert failing.returncode == 2  # 101 is outside 0..100: a usage error
    document = json.loads(strict.stdout)
    expected = 0 if document["scores"]["openness_index"] >= 100 else 1
    assert strict.returncode == expected == document["exit_status"]


def test_below_threshold_exits_1(demo_crawls: dict[int, DemoCrawl], tmp_path: Path) -> None:
    with serve(1) as server:
        done = run_cli("check", f"{server.base_url}/", "--fail-under", "99", "--db", db(tmp_path), cwd=tmp_path)
    assert done.returncode == 1
    assert "below --fail-under 99" in done.stderr
    assert "no-broken-internal-links" in done.stdout
    assert "Scores by pillar" in done.stdout


def test_summary_shows_pillar_scores_failing_rules_broken_and_slow_pages(tmp_path: Path) -> None:
    with serve(1) as server:
        done = run_cli("check", f"{server.base_url}/", "--db", db(tmp_path), cwd=tmp_path)
    assert done.returncode == 0
    for heading in ("Scores by pillar", "Rules that fail", "Broken links", "Slowest pages"):
        assert heading in done.stdout
    assert "availability" in done.stdout
    # The result is all on stdout (`> file` keeps the report's path), the portal's URLs as its paths,
    # each broken link once, and a rule awaiting review apart from the failing ones.
    assert "Report: " in done.stdout and "Report: " not in done.stderr
    assert "Indicators checked automatically:" in done.stdout
    assert f"{server.base_url}/" not in done.stdout.split("\n", 1)[1]
    assert done.stdout.count("/docs/budget-2024.pdf") == 1
    assert "Rules that await a person's review" in done.stdout
    assert "1 errors" not in done.stdout and "1 redirects" not in done.stdout


def test_html_report_is_written_self_contained(tmp_path: Path) -> None:
    report = tmp_path / "out" / "report.html"
    with serve_app(tiny_site) as served:
        done = run_cli("check", f"{served.base_url}/", "--report", str(report), "--db", db(tmp_path), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    html = report.read_text(encoding="utf-8")
    assert "<script" not in html
    assert 'src="http' not in html and "@import" not in html
    assert "Audit of" in html and "availability" in html.lower()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "is not a URL"),
        ("ftp://127.0.0.1/", "scheme 'ftp' is not supported"),
        ("127.0.0.1:8080", "no scheme"),
        ("http://", "names no host"),
        ("http://portal.invalid/", "does not resolve"),
        ("http://127.0.0.1:99999/", "not a valid URL"),
    ],
)
def test_bad_urls_get_one_line_and_exit_2(tmp_path: Path, url: str, message: str) -> None:
    done = run_cli("check", url, "--db", db(tmp_path), cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_refused_connection_exits_2(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago, with nothing listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    done = run_cli("check", f"http://127.0.0.1:{port}/", "--db", db(tmp_path), cwd=tmp_path)
    assert done.returncode == 2
    assert "connection refused" in done.stderr


def test_a_start_url_that_is_not_html_exits_2(tmp_path: Path) -> None:
    with serve_app(lambda path: Reply(200, b"%PDF-1.4", "application/pdf")) as served:
        done = run_cli("check", f"{served.base_url}/report.pdf", "--db", db(tmp_path), cwd=tmp_path)
    assert done.returncode == 2
    assert "not an HTML page (it is application/pdf)" in done.stderr


def test_unwritable_report_path_exits_4_before_crawling(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with serve_app(tiny_site) as served:
        done = run_cli(
            "check", f"{served.base_url}/", "--report", str(blocker / "r.html"), "--db", db(tmp_path), cwd=tmp_path
        )
        assert served.requested == []
    assert done.returncode == 4  # an output that cannot be written, not bad input
    assert f"--report {blocker / 'r.html'}: {blocker} is a file, not a folder" in done.stderr


def test_a_portal_that_is_down_is_a_result_not_a_usage_error(tmp_path: Path) -> None:
    with serve_app(lambda path: Reply(503, "down for maintenance")) as served:
        done = run_cli("check", f"{served.base_url}/", "--json", "--db", db(tmp_path), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    home = next(o for o in document["outcomes"] if o["rule_id"] == "home-page-reachable")
    assert home["outcome"] == "fail"
    assert "HTTP 503" in home["summary"]


def test_a_failed_invocation_leaves_the_store_untouched(tmp_path: Path) -> None:
    with serve_app(tiny_site) as served:
        assert run_cli("check", f"{served.base_url}/", "--db", db(tmp_path), cwd=tmp_path).returncode == 0
    store = tmp_path / "store.sqlite"
    connection = sqlite3.connect(store)
    before = connection.execute("SELECT * FROM runs").fetchall()
    connection.close()
    done = run_cli("check", "http://portal.invalid/", "--db", db(tmp_path), cwd=tmp_path)
    assert done.returncode == 2
    connection = sqlite3.connect(store)
    assert connection.execute("SELECT * FROM runs").fetchall() == before
    connection.close()


def test_a_bad_store_url_exits_2(tmp_path: Path) -> None:
    done = run_cli("check", "http://127.0.0.1/", "--db", "nosuchdb://x", cwd=tmp_path)
    assert done.returncode == 2
    assert "--db" in done.stderr
    assert "Traceback" not in done.stderr


def test_ctrl_c_keeps_what_was_crawled_and_exits_130(tmp_path: Path) -> None:
    with serve_app(endless_site(delay=0.2)) as served:
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "egov_audit",
                "check",
                f"{served.base_url}/",
                "--json",
                "--max-depth",
                "1000",
                "--db",
                db(tmp_path),
            ],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while len(served.requested) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        child.send_signal(signal.SIGINT)
        stdout, _ = child.communicate(timeout=120)
    assert child.returncode == 130
    document = json.loads(stdout)
    assert (document["run"]["status"], document["run"]["stop_reason"]) == ("partial", "cancelled")
    assert document["counts"]["pages"] > 0
    assert document["run"]["started_at"].endswith("+00:00")


def test_the_command_line_loads_no_pandas_until_a_trend_is_computed() -> None:
    # pandas is ~45 MB; `check` crawls beside it when the crawl runs in-process (--render 0), and the
    # crawl benchmark holds that process to linkinator's memory (bench/README.md).
    probe = "import sys, egov_audit.cli, egov_audit.run.config_file; print('pandas' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def refused_url() -> str:
    with socket.socket() as sock:  # a port that was free a moment ago, with nothing listening
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/"


def stored_runs(tmp_path: Path) -> list[tuple[object, ...]]:
    """The runs in the test's store; none when the store was never created."""
    store = tmp_path / "store.sqlite"
    if not store.exists():
        return []
    connection = sqlite3.connect(store)
    try:
        return connection.execute("SELECT id FROM runs").fetchall()
    finally:
        connection.close()


@pytest.mark.parametrize("option", ["--report", "--output"])
def test_an_output_path_through_a_file_is_refused_before_anything_runs(tmp_path: Path, option: str) -> None:
    (tmp_path / "plain.txt").write_text("x")
    with serve_app(tiny_site) as served:
        done = run_cli(
            "check", f"{served.base_url}/", "--json", option, "plain.txt/r.out", "--db", db(tmp_path), cwd=tmp_path
        )
        assert served.requested == []
    assert done.returncode == 4
    assert done.stderr.strip() == f"egov-audit: error: {option} plain.txt/r.out: plain.txt is a file, not a folder"
    document = json.loads(done.stdout)  # --output cannot take it: stdout does
    assert (document["error"], document["exit_status"]) == (done.stderr.strip().removeprefix("egov-audit: error: "), 4)
    assert stored_runs(tmp_path) == []


@pytest.mark.parametrize("option", ["--report", "--output"])
def test_a_folder_as_the_output_file_is_bad_input(tmp_path: Path, option: str) -> None:
    (tmp_path / "out").mkdir()
    done = run_cli("check", refused_url(), "--format", "json", option, "out", "--db", db(tmp_path), cwd=tmp_path)
    assert done.returncode == 2
    assert f"{option} out is a folder; give a file name such as out/" in done.stderr


def test_json_on_a_refused_port_is_still_a_json_document(tmp_path: Path) -> None:
    url = refused_url()
    done = run_cli("check", "--json", url, "--db", db(tmp_path), cwd=tmp_path)
    assert done.returncode == 2
    document = json.loads(done.stdout)
    jsonschema.validate(document, SCHEMA)
    assert document["exit_status"] == 2 and document["url"] == url
    assert document["error"] == f"{url}: connection refused (is anything listening there?)"
    assert "connection refused" in done.stderr  # the line on stderr stays
    assert stored_runs(tmp_path) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fail-under", "nan"], "--fail-under nan: give a score from 0 to 100"),
        (["--rules", "missing.yaml"], "missing.yaml"),
        (["--db", "nosuchdb://x"], "--db"),
        (["--output", "out.json", "--report", "out.json"], "is the --report file too"),
    ],
)
def test_json_on_bad_input_names_it(tmp_path: Path, args: list[str], message: str) -> None:
    done = run_cli("check", refused_url(), "--json", *args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    document = json.loads(done.stdout or (tmp_path / "out.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, SCHEMA)
    assert message in document["error"] and document["exit_status"] == 2


def test_interrupted_before_the_crawl_is_a_document_and_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(egov_audit.cli.check, "prepare_check", interrupted)
    result = CliRunner().invoke(main, ["check", "http://127.0.0.1:1/", "--json"])
    assert result.exit_code == 130
    document = json.loads(result.stdout)
    assert document["exit_status"] == 130 and "interrupted before the crawl began" in document["error"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--json", "--format", "sarif"], "--json and --format sarif ask for two documents"),
        (["--output", "x.json"], "--output x.json: give --format json, sarif or junit"),
    ],
)
def test_formats_that_contradict_are_refused(tmp_path: Path, args: list[str], message: str) -> None:
    done = run_cli("check", refused_url(), *args, "--db", db(tmp_path), cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr


def a11y_site(path: str) -> Reply:
    """Two pages and a picture without alternative text: an axe-core violation (image-alt)."""
    if path == "/":
        return Reply(200, HTML.replace("<body>", '<body><img src="/logo.png">'))
    return tiny_site(path)


def test_sarif_output_has_the_failing_rules_and_the_axe_violation(tmp_path: Path) -> None:
    sarif = tmp_path / "ci" / "egov-audit.sarif"
    with serve_app(a11y_site) as served:
        done = run_cli(
            "check", f"{served.base_url}/", "--format", "sarif", "--output", str(sarif), "--render", "1",
            "--db", db(tmp_path), cwd=tmp_path,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Scores by pillar" in done.stdout  # the summary goes to stdout, the document to the file
    assert f"SARIF: {sarif}" in done.stderr
    log = json.loads(sarif.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    store = Store(db(tmp_path), must_exist=True)
    try:
        result = store.load_result(stored_runs(tmp_path)[0][0])
    finally:
        store.close()
    failing = {o.rule_id for o in result.outcomes if o.outcome is Outcome.FAIL}
    results = log["runs"][0]["results"]
    assert failing and {r["ruleId"] for r in results if not r["ruleId"].startswith("axe/")} == failing
    image = next(r for r in results if r["ruleId"] == "axe/image-alt")
    assert image["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == f"{served.base_url}/"
    assert image["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == '<img src="/logo.png">'
    assert log["runs"][0]["invocations"][0]["exitCode"] == 0
    # What was written is the stored run's rendering, byte for byte: nothing of the moment in it.
    assert sarif_text(sarif_log(result, 0)) == sarif.read_text(encoding="utf-8")


def test_junit_on_stdout_has_one_testcase_per_rule(tmp_path: Path) -> None:
    with serve_app(tiny_site) as served:
        done = run_cli("check", f"{served.base_url}/", "--format", "junit", "--render", "0", "--db", db(tmp_path),
                       cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    root = etree.fromstring(done.stdout.encode("utf-8"))
    JUNIT_SCHEMA.assertValid(root)
    store = Store(db(tmp_path), must_exist=True)
    try:
        result = store.load_result(stored_runs(tmp_path)[0][0])
    finally:
        store.close()
    cases = root.findall("testsuite/testcase")
    assert sorted(case.get("name") for case in cases) == sorted(o.rule_id for o in result.outcomes)
    failing = {o.rule_id for o in result.outcomes if o.outcome is Outcome.FAIL and not o.review}
    assert {case.get("name") for case in cases if case.find("failure") is not None} == failing
    assert junit_text(junit_tree(result)) == done.stdout  # what was printed is the stored run's rendering

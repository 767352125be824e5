"""The command line under random and malformed arguments, in-process with click's runner:
exit 0 or 2 (README: 2 is bad arguments or input), no traceback, and an error that names the
option or the value it refuses.

No fuzzed invocation crawls or opens a browser: `check` always gets a closed port of 127.0.0.1,
so it stops at the preflight at the latest, and the audit itself is replaced by a tripwire.
Arguments hold no NUL (argv cannot carry one); they do hold what a shell passes for file names
that are not UTF-8 (surrogate escapes).
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import egov_audit.run.check
from egov_audit.cli import main
from egov_audit.cli.exit_status import ExitStatus
from egov_audit.run.preflight import probe_start_url
from egov_audit.store.database import Store

FUZZ = settings(max_examples=50, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30)
NOT_UTF8 = (
    st.binary(min_size=1, max_size=8)
    .filter(lambda b: b"\x00" not in b)
    .map(lambda b: b.decode("utf-8", "surrogateescape"))
)
ARGS = TEXT | NOT_UTF8
NUMBERS = st.one_of(
    st.integers().map(str),
    st.floats().map(str),  # nan, inf, 1e+300 ...
    st.sampled_from(["", " 5", "５", "²", "٣", "0x10", "1_000", "-0", "+3", "3.", ".5", "1e-400", "9" * 5000]),
    ARGS,
)
NUMBER_OPTIONS = [
    "--max-pages",
    "--max-depth",
    "--time-budget",
    "--fail-under",
    "--timeout",
    "--max-bytes",
    "--page-timeout",
    "--concurrency",
    "--render",
]
DB_URLS = st.one_of(
    ARGS.filter(lambda text: "://" not in text),  # never a URL of some host on the network
    st.sampled_from(
        [
            "sqlite://",
            "sqlite:///:memory:",
            "sqlite:////nonexistent/folder/store.sqlite",
            "sqlite:///" + "x" * 5000,
            "sqlite:///\udcff.sqlite",
            "sqlite+pysqlite:///s.sqlite?timeout=abc",
            "mysql://user@127.0.0.1:1/db",
            "oracle://127.0.0.1:1/db",
            "mssql+pyodbc://127.0.0.1:1/db",
            "foo://",
            "postgresql://[::1/db",
            "postgresql://127.0.0.1:1/db?connect_timeout=abc",
            "postgresql+psycopg://u:secret@127.0.0.1:1/db?sslmode=bogus",
            "postgresql+nodriver://127.0.0.1:1/db",
        ]
    ),
)


@dataclass(frozen=True)
class Place:
    """A folder to run in, with a migrated store, nasty files, and a closed port of 127.0.0.1."""

    folder: Path
    db_url: str
    url: str  # a start URL nothing answers
    files: tuple[str, ...]


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Place]:
    folder = tmp_path_factory.mktemp("cli-fuzz")
    (folder / "binary.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    (folder / "empty.yaml").write_bytes(b"")
    (folder / "rules-folder").mkdir()
    (folder / "rules-folder" / "wrong.yaml").write_text("rules: [{id: 'Bad Id'}]\n", encoding="utf-8")
    deep = tmp_path_factory.mktemp("deep")  # not under the folder ("" is the folder): reading it takes a second
    (deep / "deep.yaml").write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    (folder / os.fsdecode(b"\xff-latin1.yaml")).write_text("pack: x\nrules: []\n", encoding="utf-8")
    (folder / "a-file").write_text("not a folder", encoding="utf-8")
    files = ("binary.yaml", "empty.yaml", "wrong.yaml", "deep.yaml", os.fsdecode(b"\xff-latin1.yaml"), "a-file")
    db_url = f"sqlite:///{folder / 'store.sqlite'}"
    Store(db_url).close()
    with socket.socket() as held, pytest.MonkeyPatch.context() as patch:
        held.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        patch.chdir(folder)  # relative --report, --out and store paths land here
        patch.setattr(egov_audit.run.check, "audit_portal", _no_audit)
        patch.setattr(egov_audit.run.check, "probe_start_url", _probe_nothing_outside)
        yield Place(folder, db_url, f"http://127.0.0.1:{held.getsockname()[1]}/", files)


def _no_audit(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("a fuzzed `check` got past the preflight and would have crawled")


def _probe_nothing_outside(url: str, user_agent: str, timeout: float) -> None:
    host = urlsplit(url).hostname or ""
    assert host == "127.0.0.1" or host.endswith(".invalid"), f"a fuzzed `check` would have probed {url}"
    probe_start_url(url, user_agent, timeout)


def invoke(args: list[str], *names: str) -> Result:
    """Run the CLI; it ends with exit 0, 2 (bad input) or 4 (an output it cannot write), no traceback,
    and a refusal names one of `names`."""
    result = CliRunner().invoke(main, args, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"egov-audit {args!r} raised {result.exception!r}") from result.exception
    assert "Traceback" not in result.output, result.output
    refused = (ExitStatus.BAD_INPUT, ExitStatus.OUTPUT_FAILED)
    assert result.exit_code in (ExitStatus.OK, *refused), (args, result.exit_code, result.output)
    if result.exit_code in refused:
        stderr = result.stderr
        ours = [line for line in stderr.splitlines() if line.startswith("egov-audit: error: ")]
        assert ours or "Error: " in stderr or stderr.startswith("Usage: "), (args, stderr)
        if ours:  # one line, or the first of a file's errors and the others indented under it
            first, *rest = stderr.strip().splitlines()
            assert first == ours[0] and all(line.startswith("  ") for line in rest), (args, stderr)
        # Messages quote values in several ways (repr, escapes, '?' for controls): compare what stays visible.
        assert any(all(word in stderr for word in visible(name)) for name in names), (args, names, stderr)
    return result


def visible(text: str) -> list[str]:
    """The first runs of letters and digits of a text, which every way of quoting it keeps."""
    return [word[:30] for word in re.findall(r"[^\W_]+", text)[:3]]


def check(place: Place, *args: str, names: tuple[str, ...]) -> Result:
    """`check` never gets further than the preflight: exit 2, naming the option or refused at the URL."""
    result = invoke(["check", place.url, "--db", place.db_url, "--report", "r/report.html", *args], *names, place.url)
    assert result.exit_code == ExitStatus.BAD_INPUT, result.output
    return result


@FUZZ
@given(st.sampled_from(NUMBER_OPTIONS), NUMBERS)
@example("--render", "²")
@example("--timeout", "inf")
@example("--timeout", "1e300")
@example("--page-timeout", "nan")
@example("--fail-under", "nan")
def test_check_numbers(place: Place, option: str, value: str) -> None:
    check(place, option, value, names=(option, value))


@FUZZ
@given(
    st.sampled_from(["--driver", "--profile", "--contact", "--allow-host", "--webdriver-url", "--report"]),
    ARGS | st.sampled_from(["playwright", "selenium", "kz", "../profiles/kz", "x" * 5000, "a-file/r.html", "."]),
)
@example("--contact", "x\ny")
@example("--profile", "\n")
@example("--contact", "ü@portal.kz")
@example("--report", "x" * 5000)
def test_check_text_options(place: Place, option: str, value: str) -> None:
    check(place, option, value, names=(option, value))


@FUZZ
@given(
    st.lists(ARGS | st.sampled_from(["a-file", "rules-folder", "binary.yaml", "empty.yaml"]), min_size=1, max_size=3)
)
@example(["x" * 5000])
@example([os.fsdecode(b"\xff-latin1.yaml")])
def test_check_rule_paths(place: Place, paths: list[str]) -> None:
    # A folder (and "" is the current one) is refused by the file in it that is wrong.
    check(place, *[arg for path in paths for arg in ("--rules", path)], names=("--rules", *paths, *place.files))


@FUZZ
@given(DB_URLS)
def test_store_urls(place: Place, db_url: str) -> None:
    check(place, "--db", db_url, names=("--db", db_url, "store "))
    for args in (["history", "x"], ["export", "--out", "out"], ["report", "--out", "archive"]):
        invoke([*args, "--db", db_url], "--db", db_url, "store ", "portal 'x'")


@FUZZ
@given(ARGS | st.sampled_from(["http://[", "http://127.0.0.1:1/", "example.gov.kz/"]))
def test_history_of_any_portal(place: Place, portal: str) -> None:
    invoke(["history", portal, "--db", place.db_url], portal)


@FUZZ
@given(
    st.sampled_from(["report", "export"]),
    st.sampled_from(["--out", "--lang", "--title", "--regression-points", "--format"]),
    ARGS | NUMBERS | st.sampled_from(["a-file", "a-file/sub", "x" * 5000, "ru", "json"]),
)
@example("report", "--regression-points", "nan")
@example("report", "--out", "\udc80")
def test_report_and_export_options(place: Place, command: str, option: str, value: str) -> None:
    if (command, option) in (("report", "--format"), ("export", "--lang"), ("export", "--title")):
        option = "--out"
    args = [command, "--db", place.db_url, option, value]
    if option != "--out":
        args += ["--out", f"{command}-out"]
    invoke(args, option, value)


@FUZZ
@given(ARGS | st.sampled_from(["binary.yaml", "empty.yaml", "rules-folder", "a-file", "x" * 5000]))
@example(os.fsdecode(b"\xff-latin1.yaml"))
def test_config_validate_any_file(place: Place, name: str) -> None:
    invoke(["config", "validate", name], "CONFIG_FILE", name or ".")  # "" is the current folder


@FUZZ
@given(
    st.lists(ARGS | st.sampled_from(["binary.yaml", "empty.yaml", "rules-folder", "a-file"]), min_size=1, max_size=3),
    ARGS | st.sampled_from(["generic", "kz", "eu"]),
)
@example([os.fsdecode(b"\xff-latin1.yaml")], "generic")
@example(["x" * 5000], "generic")
@example(["../deep0"], "generic")
def test_rules_validate(place: Place, paths: list[str], profile: str) -> None:
    invoke(["rules", "validate", *paths, "--profile", profile], "--profile", profile, *paths, *place.files)


@FUZZ
@given(ARGS | st.sampled_from(["page-has-title", "https-everywhere"]), st.lists(ARGS, max_size=2))
def test_rules_explain(place: Place, rule_id: str, paths: list[str]) -> None:
    args = ["rules", "explain", rule_id, *[arg for path in paths for arg in ("--rules", path)]]
    invoke(args, rule_id, "--rules", *paths, *place.files)


@FUZZ
@given(st.sampled_from(["check", "report", "history", "export", "config", "rules", "run", "bogus"]), st.lists(ARGS))
def test_any_words_after_a_command(place: Place, command: str, words: list[str]) -> None:
    args = [command, *words]
    if command == "check":
        args = [command, place.url, "--db", place.db_url, *words]
    elif command in ("report", "history", "export"):
        args = [command, "--db", place.db_url, *words]
    elif command == "run":
        args = [command, "empty.yaml", *words]  # a config that fails validation: nothing runs
    result = invoke(args, command, *words, place.url, "empty.yaml", "Usage", "Error")
    assert (
        command != "check" or result.exit_code in (ExitStatus.BAD_INPUT, ExitStatus.OUTPUT_FAILED) or "--help" in words
    )


LATIN1 = os.fsdecode(b"\xff-latin1.yaml")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["check", "URL", "--render", "²"], "Invalid value for '--render': '²' is neither a number of pages nor 'all'"),
        (["check", "URL", "--timeout", "inf"], "egov-audit: error: --timeout inf: give a number of seconds from 1 to"),
        (["check", "URL", "--timeout", "1e300"], "egov-audit: error: --timeout 1e+300: give a number of seconds"),
        (["check", "URL", "--page-timeout", "nan"], "egov-audit: error: --page-timeout nan: give a number of seconds"),
        (["check", "URL", "--fail-under", "nan"], "egov-audit: error: --fail-under nan: give a score from 0 to 100"),
        (["check", "URL", "--contact", "a\nb"], "egov-audit: error: --contact 'a\\nb' contains '\\n': give a URL"),
        (["check", "URL", "--contact", "ü@portal.kz"], "egov-audit: error: --contact 'ü@portal.kz' contains 'ü': "),
        (["check", "URL", "--report", "x" * 300], f"egov-audit: error: --report {'x' * 300}: File name too long"),
        (["check", "URL", "--rules", "x" * 300], f"egov-audit: error: --rules {'x' * 199}…: File name too long"),
        (["check", "URL", "--profile", "a\nb"], "egov-audit: error: --profile a\\nb: no such profile"),
        (["rules", "validate", LATIN1], "valid: 0 rules in 1 file "),
        (["rules", "validate", "a\nb.yaml"], "egov-audit: error: --rules a\\nb.yaml: no such file or folder"),
        (["config", "validate", "a\nb.yaml"], "egov-audit: error: a\\nb.yaml: cannot be read: No such file"),
        (["history", "http://[", "--db", "DB"], "egov-audit: error: no portal 'http://[': the store holds no runs yet"),
        (["report", "--db", "DB", "--out", "\udc80", "--regression-points", "nan"], "--regression-points nan: give"),
        (["report", "--db", "DB", "--out", "\udc80"], "files written"),
    ],
)
def test_what_the_fuzzing_found(place: Place, args: list[str], expected: str) -> None:
    args = [{"URL": place.url, "DB": place.db_url}.get(arg, arg) for arg in args]
    if args[0] == "check":
        args += ["--db", place.db_url] + ([] if "--report" in args else ["--report", "r/report.html"])
    result = invoke(args, *args)
    assert expected in result.output, result.output

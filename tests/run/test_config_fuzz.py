"""The config file loader under random and malformed input: it loads, or it raises `ConfigError`
with a line per error that names the file (and the line and field where there is one), and their
count after several; never a traceback."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from egov_audit.run.config_file import ConfigError, PortalEntry, Settings, load_config

ROOT = Path(__file__).resolve().parents[2]
GOOD_PORTAL = "  - name: a\n    url: http://127.0.0.1:9/\n"
FUZZ = settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

HUGE = st.sampled_from([10**20, -(10**20), 10**400, 2**63, -(2**63) - 1])
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    HUGE,
    st.floats(),  # nan and ±inf included
    st.text(max_size=20),
    st.text(st.characters(codec="utf-8", max_codepoint=0x9F), max_size=10),  # NUL, C0 and C1 controls
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
URLS = st.sampled_from(
    [
        "http://127.0.0.1:9/",
        "https://portal.example/kk/",
        "http://[::1]:8080/",
        "http://[::1/",
        "http://[v1.fe]/",
        "http://user:pw@127.0.0.1/",
        "http://127.0.0.1:99999/",
        "http://127.0.0.1:-1/",
        "http://xn--/",
        "http://ex\u00e4mple.invalid/",
        "http://" + "a" * 70 + ".invalid/",
        "http://a\x00b/",
        "http:// /",
        "ftp://127.0.0.1/",
        "javascript:alert(1)",
        "//127.0.0.1/",
        "http://%zz/",
        "http://" + "x" * 5000 + "/",
    ]
)
CRONS = st.sampled_from(["0 3 * * 1", "* * * * * *", "61 * * * *", "* *", "", "@daily", "0 0 31 2 *", "a b c d e"])
PATHS = st.sampled_from(["missing.yaml", "", ".", "a\x00b", "x" * 5000, "fuzz.yaml", "sub/", "\u00e4.yaml"])


def either(good: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """Mostly plausible values (so validation goes deep), sometimes anything at all."""
    return st.one_of(good, good, VALUES)


PORTAL_FIELDS: dict[str, st.SearchStrategy[object]] = {
    "country": either(st.sampled_from(["KZ", "kz", "KAZ", ""])),
    "profile": either(st.sampled_from(["generic", "kz", "eu", "mars", "../profiles/kz", "a\x00b", ""])),
    "rules": either(st.lists(PATHS, max_size=2)),
    "max_pages": either(st.integers() | HUGE),
    "max_depth": either(st.integers() | HUGE),
    "time_budget": either(st.floats() | st.integers()),
    "render": either(st.sampled_from([0, 30, -1, "all", "ALL", "some", 10**30])),
    "schedule": either(CRONS),
    "allow_hosts": either(st.lists(st.text(max_size=10), max_size=2)),
    "tags": either(st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2)),
    "nmae": VALUES,  # a misspelt field
}
PORTAL = st.fixed_dictionaries(
    {"name": either(st.text(min_size=1, max_size=30)), "url": either(URLS)}, optional=PORTAL_FIELDS
)
SETTINGS_FIELDS: dict[str, st.SearchStrategy[object]] = {
    "store": either(
        st.sampled_from(["sqlite:///s.sqlite", "not a url", "foo://", "sqlite:///a\x00b", "postgresql://[::1/db"])
    ),
    "archive": either(PATHS),
    "report_lang": either(st.sampled_from(["en", "ru", "kk", "fr"])),
    "archive_title": either(st.text(max_size=10)),
    "concurrency": either(st.integers(-2, 40) | HUGE),
    "render_concurrency": either(st.integers(-2, 10)),
    "per_host_connections": either(st.integers(-2, 20)),
    "contact": either(st.sampled_from(["mailto:a@b.c", "https://x.example/", "a@b.c", "javascript:x"])),
    "schedule": either(CRONS),
    "timezone": either(st.sampled_from(["UTC", "Asia/Almaty", "Mars/Olympus", "../../etc/passwd", "a\x00b"])),
    "jitter": either(st.integers() | HUGE),
    "misfire_grace": either(st.integers()),
    "stop_grace": either(st.integers()),
    "regression_points": either(st.floats()),
    "portal_timeout": either(st.floats() | st.none()),
    "colour": VALUES,  # not a field
}
SETTINGS = st.fixed_dictionaries({}, optional=SETTINGS_FIELDS)
CONFIGS = st.fixed_dictionaries(
    {}, optional={"settings": either(SETTINGS), "portals": either(st.lists(PORTAL, max_size=3))}
) | st.dictionaries(st.text(max_size=10), VALUES, max_size=3)
MESSAGE = re.compile(r"(?P<file>.+?\.yaml)(:(?P<line>\d+))?: (?P<rest>.+)")


def load_file(content: bytes | str) -> None:
    """Write `content` as a config file in a fresh folder and load it; any error must be a precise ConfigError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        if isinstance(content, str):
            content = content.encode("utf-8", errors="surrogateescape")
        path.write_bytes(content)
        try:
            load_config(path)
        except ConfigError as exc:
            assert_precise(str(exc), path, content)


def assert_precise(message: str, path: Path, content: bytes) -> None:
    """One line per error, each naming the file (and a line of it); several end with their count."""
    assert "\r" not in message and "Traceback" not in message, message
    lines = message.split("\n")
    if len(lines) > 1:
        assert lines.pop() == f"{len(lines)} errors in {path}", message
    for line in lines:
        assert line.startswith((str(path), str(path.resolve()))), message
        parsed = MESSAGE.fullmatch(line)
        assert parsed is not None and parsed["rest"].strip(), message
        if parsed["line"]:
            assert 1 <= int(parsed["line"]) <= content.count(b"\n") + 1, message


def dump(document: object) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


@FUZZ
@given(st.text(max_size=300))
def test_random_text_loads_or_is_refused_precisely(text: str) -> None:
    load_file(text)


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_load_or_are_refused_precisely(data: bytes) -> None:
    load_file(data)


@FUZZ
@given(CONFIGS)
def test_random_config_shapes_are_refused_precisely(document: object) -> None:
    load_file(dump(document))


TYPICAL = object()  # stands for "a value typical of the field, good or bad"
ONE_FIELD = st.one_of(
    st.tuples(st.just("settings"), st.sampled_from([*Settings.model_fields, "colour"]), VALUES),
    st.tuples(st.just("settings"), st.sampled_from(sorted(SETTINGS_FIELDS)), st.just(TYPICAL)),
    st.tuples(st.just("portal"), st.sampled_from([*PortalEntry.model_fields, "nmae"]), VALUES),
    st.tuples(st.just("portal"), st.sampled_from(sorted(PORTAL_FIELDS)), st.just(TYPICAL)),
    st.tuples(st.sampled_from(["settings", "portal", "top"]), st.text(max_size=8), VALUES),
)


@FUZZ
@given(ONE_FIELD, st.data())
def test_one_wrong_field_in_a_good_config_is_refused_precisely(
    change: tuple[str, str, object], data: st.DataObject
) -> None:
    """A good config with one field set to anything: errors about deep fields are reached too."""
    where, key, value = change
    if value is TYPICAL:
        value = data.draw((SETTINGS_FIELDS if where == "settings" else PORTAL_FIELDS)[key])
    portal: dict[str, object] = {"name": "a", "url": "http://127.0.0.1:9/"}
    document: dict[str, object] = {"settings": {"jitter": 5}, "portals": [portal, {"name": "b", "url": "http://b/"}]}
    target = {"settings": document["settings"], "portal": portal, "top": document}[where]
    assert isinstance(target, dict)
    target[key] = value
    load_file(dump(document))


@FUZZ
@given(CONFIGS, st.integers(0, 400), st.binary(min_size=1, max_size=4))
@example({"portals": [{"name": "a", "url": "http://127.0.0.1:9/"}]}, 30, b"\x00")
@example({"portals": [{"name": "a", "url": "http://127.0.0.1:9/"}]}, 30, b"\xff\xfe")
@example({"portals": [{"name": "a", "url": "http://127.0.0.1:9/"}]}, 30, b"\xed\xa0\x80")  # a UTF-8 surrogate
def test_bytes_spliced_into_a_config_are_refused_precisely(document: object, at: int, junk: bytes) -> None:
    text = dump(document).encode("utf-8")
    load_file(text[:at] + junk + text[at:])


@FUZZ
@given(st.sampled_from(["top", "settings", "portal"]), st.data())
def test_a_key_given_twice_is_refused_with_both_lines(where: str, data: st.DataObject) -> None:
    """YAML keeps the last of two equal keys; a config that silently lost a field or a portal list would mislead."""
    fields = {
        "top": ["portals", "settings", "extra"],
        "settings": [*Settings.model_fields],
        "portal": [*PortalEntry.model_fields],
    }
    key = data.draw(st.sampled_from(fields[where]))
    lines = ["settings:", "  jitter: 5", "portals:", "  - name: a", "    url: http://127.0.0.1:9/"]
    at, indent = {"top": (5, ""), "settings": (2, "  "), "portal": (5, "    ")}[where]
    lines[at:at] = [f"{indent}{key}: 1", f"{indent}{key}: 2"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with pytest.raises(ConfigError) as caught:
            load_config(path)
    existing = {"top": {"settings": 1, "portals": 3}, "settings": {"jitter": 2}, "portal": {"name": 4, "url": 5}}
    first = existing[where].get(key, at + 1)
    second = at + 1 if key in existing[where] else at + 2
    assert str(caught.value) == (
        f"{path}:{second}: not valid YAML: '{key}' is given twice in one mapping (first on line {first})"
    )


@pytest.mark.parametrize("depth", [10, 100, 300, 1000, 5000, 100_000])
@pytest.mark.parametrize("opening", ["[", "{a: ", "- ", "portals: "])
def test_deep_nesting_is_refused_precisely(depth: int, opening: str) -> None:
    closing = {"[": "]", "{a: ": "}"}.get(opening, "")
    load_file(opening * depth + "x" + closing * depth + "\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("portals: &a [*a]\n", ":1: not valid YAML: found unconstructable recursive node"),
        ("a: \x00\n", ":1: not valid YAML: unacceptable character #x0000"),
        (
            'portals:\n  - name: a\n    url: http://127.0.0.1:9/\n    rules: ["a\\0b"]\n',
            ":4: portals[0].rules: contains a NUL",
        ),
        ("portals:\n  - name: a\n    url: http://127.0.0.1:9/\n    'a\\nb': 1\n", ":4: portals[0].a\\nb: is not a"),
        (
            "portals:\n  - name: 'a\\nb'\n    url: http://127.0.0.1:9/\n    profile: mars\n",
            ":4: portals[0].profile: 'mars'",
        ),
        ("portals:\n  - name: a\n    url: http://127.0.0.1:9/\n    __lines__: 1\n", ":4: portals[0].__lines__: is not"),
        (
            "portals:\n  - name: a\n    name: b\n    url: http://127.0.0.1:9/\n",
            ":3: not valid YAML: 'name' is given twice in one mapping (first on line 2)",
        ),
        ('settings:\n  archive: "a\\0b"\nportals:\n' + GOOD_PORTAL, ":2: settings.archive: contains a NUL"),
        ('settings:\n  store: "sqlite:///a\\0b"\nportals: []\n', ":2: settings.store: "),
        ('portals:\n  - name: a\n    url: "http://\\udcff/"\n', ":3: portals[0].url: "),
        ("portals:\n  - name: a\n    url: http://[v1.fe]/\n", ":3: portals[0].url: "),
    ],
)
def test_what_the_fuzzing_found_is_refused_precisely(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "ngo.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and expected in message, message
    assert_precise(message, path, text.encode("utf-8"))


NASTY = {
    "binary.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "nul.yaml": b"portals:\n  - name: a\x00\n",
    "deep.yaml": b"[" * 50_000 + b"]" * 50_000,
    "control.yaml": b'portals:\n  - name: a\n    url: http://127.0.0.1:9/\n    "\\e[31m\\nb": 1\n',
}


def test_config_validate_in_a_real_process_exits_2_with_one_line(tmp_path: Path) -> None:
    running = {}
    for name, content in NASTY.items():
        (tmp_path / name).write_bytes(content)
        running[name] = subprocess.Popen(
            [sys.executable, "-m", "egov_audit", "config", "validate", name],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    for name, process in running.items():
        out, err = process.communicate(timeout=120)
        assert process.returncode == 2, (name, err)
        assert "Traceback" not in err and out == "", (name, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"egov-audit: error: {name}"), (name, err)
        assert "\x1b" not in err, name

"""The config file: the shipped example is valid, and every kind of mistake is refused with
the file, the line and the field, before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from egov_audit.run.config_file import ConfigError, load_config
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]
GOOD_PORTAL = "  - name: a\n    url: http://127.0.0.1:9/\n"


def test_the_example_config_is_valid_and_documents_every_field() -> None:
    from egov_audit.run.config_file import PortalEntry, Settings

    text = (ROOT / "config.example.yaml").read_text(encoding="utf-8")
    config = load_config(ROOT / "config.example.yaml")
    assert len(config.portals) == 2 and config.settings.timezone == "Asia/Almaty"
    for field in [*Settings.model_fields, *PortalEntry.model_fields]:
        assert f"{field}:" in text, f"config.example.yaml does not show {field}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("settings:\n  timezone: Mars/Olympus\nportals:\n" + GOOD_PORTAL, ":2: settings.timezone: 'Mars/Olympus'"),
        ("portals:\n" + GOOD_PORTAL + "  - name: b\n    url: ftp://x/\n", ":5: portals[1].url: must be an http"),
        (
            "portals:\n" + GOOD_PORTAL + "    schedul: '* * * * *'\n",
            ":4: portals[0].schedul: is not a field here (did you mean schedule?)",
        ),
        ("portals:\n" + GOOD_PORTAL + "    schedule: '61 * * * *'\n", ":4: portals[0].schedule: not a cron expression"),
        (
            "portals:\n" + GOOD_PORTAL + "    schedule: '* *'\n",
            ":4: portals[0].schedule: not a cron expression: '* *': give 5 fields",
        ),
        ("portals:\n" + GOOD_PORTAL + "    render: -1\n", ":4: portals[0].render: must be a number of pages"),
        (
            "portals:\n" + GOOD_PORTAL + "    render: al\n",
            ":4: portals[0].render: must be a number of pages (0 for none) or 'all', got 'al' (did you mean 'all'?)",
        ),
        (
            "portals:\n" + GOOD_PORTAL + "    profile: mars\n",
            ":4: portals[0].profile: 'mars' is not a profile (profiles: eu, generic, kz)",
        ),
        (
            "portals:\n" + GOOD_PORTAL + "    profile: kzz\n",
            ":4: portals[0].profile: 'kzz' is not a profile (did you mean kz?)",
        ),
        ("portals:\n" + GOOD_PORTAL + "    rules: [missing.yaml]\n", ":4: portals[0].rules[0]: "),
        (
            "portals:\n" + GOOD_PORTAL + "    lang_hint: [xx]\n",
            ":4: portals[0].lang_hint: no vocabulary for xx (covered: ",
        ),
        (
            "portals:\n" + GOOD_PORTAL + "  - name: b\n    url: http://127.0.0.1:9/b/\n" + GOOD_PORTAL,
            ":6: portals[2].name: 'a' is the name of portals[0] too (line 2): names must be unique",
        ),
        ("portals:\n  - url: http://127.0.0.1:9/\n", ":2: portals[0].name: is required (the portal's name, unique in"),
        (
            "portals:\n" + GOOD_PORTAL + "    max_pages: ten\n",
            ":4: portals[0].max_pages: must be a whole number, got 'ten'",
        ),
        ("portals:\n" + GOOD_PORTAL + "    discovery: browse\n", "got 'browse' (did you mean browser?)"),
        ("settings:\n  store: 'not a url'\nportals:\n" + GOOD_PORTAL, ":2: settings.store: is not a database URL"),
        (
            "settings:\n  store: mysql://x\nportals:\n" + GOOD_PORTAL,
            ":2: settings.store: 'mysql://x': no database driver for mysql is installed (MySQLdb is missing; "
            "egov-audit supports sqlite and postgresql+psycopg)",
        ),
        (
            "settings:\n  store: 'postgresql+asyncpg://u:secret@db.invalid/x'\nportals:\n" + GOOD_PORTAL,
            ":2: settings.store: 'postgresql+asyncpg://u:***@db.invalid/x': asyncpg is an asyncio driver",
        ),
        (
            "settings:\n  store: 'foo://'\nportals:\n" + GOOD_PORTAL,
            ":2: settings.store: 'foo://': no database called foo",
        ),
        ("settings:\n  concurrency: 0\nportals:\n" + GOOD_PORTAL, ":2: settings.concurrency: "),
        ("portals: []\n", ":1: portals: must not be empty"),
        ("settings: {}\n", ":1: portals: is required (the portals to audit, each a name and a url)"),
        ("- just a list\n", "must be a mapping with 'portals'"),
        ("portals:\n  - name: [unclosed\n", "not valid YAML"),
    ],
)
def test_mistakes_are_refused_with_file_line_and_field(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "ngo.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and expected in message, message
    assert "\n" not in message


def test_relative_paths_are_taken_from_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "ngo.yaml"
    path.write_text("settings:\n  store: sqlite:///data/s.sqlite\n  archive: out\nportals:\n" + GOOD_PORTAL)
    config = load_config(path)
    assert config.store_url == f"sqlite:///{tmp_path / 'sub' / 'data' / 's.sqlite'}"
    assert config.archive_dir == tmp_path / "sub" / "out"


FOUR_MISTAKES = """\
settings:
  timezone: Mars/Olympus
portals:
  - name: Akimat A
    url: http://127.0.0.1:9/a/
    render: al
  - name: Akimat B
    url: http://127.0.0.1:9/b/
    profile: kzz
  - name: Akimat A
    url: http://127.0.0.1:9/c/
"""


def test_every_mistake_is_reported_at_once_with_its_line_and_a_count(tmp_path: Path) -> None:
    (tmp_path / "ngo.yaml").write_text(FOUR_MISTAKES, encoding="utf-8")
    done = run_cli("config", "validate", "ngo.yaml", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr and done.stdout == ""
    assert done.stderr.splitlines() == [
        "egov-audit: error: ngo.yaml:2: settings.timezone: 'Mars/Olympus' is not a time zone name "
        "(e.g. Asia/Almaty, Europe/Tallinn)",
        "  ngo.yaml:6: portals[0].render: must be a number of pages (0 for none) or 'all', got 'al' "
        "(did you mean 'all'?)",
        "  ngo.yaml:9: portals[1].profile: 'kzz' is not a profile (did you mean kz?)",
        "  ngo.yaml:10: portals[2].name: 'Akimat A' is the name of portals[0] too (line 4): names must be unique",
        "  4 errors in ngo.yaml",
    ]
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "ngo.yaml")
    assert len(caught.value.lines) == 4 and str(caught.value).endswith(f"\n4 errors in {tmp_path / 'ngo.yaml'}")


def test_a_store_without_its_driver_is_refused_by_validate_and_run_before_anything_opens(tmp_path: Path) -> None:
    (tmp_path / "ngo.yaml").write_text("settings:\n  store: mysql://x\nportals:\n" + GOOD_PORTAL, encoding="utf-8")
    for args in (("config", "validate", "ngo.yaml"), ("run", "ngo.yaml")):
        done = run_cli(*args, cwd=tmp_path)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith(
            "egov-audit: error: ngo.yaml:2: settings.store: 'mysql://x': no database driver for mysql is installed"
        ), done.stderr
        assert "--db" not in done.stderr
    assert not list(tmp_path.glob("*.sqlite"))


def test_a_rule_file_named_by_the_config_is_named_from_where_the_command_ran(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "mine.yaml").write_text(
        "pillar: trust\nrules:\n  - id: mine\n    title: t\n    check: https\n    scope: site\n", encoding="utf-8"
    )
    (tmp_path / "conf" / "ngo.yaml").write_text(
        "portals:\n" + GOOD_PORTAL + "    rules: [mine.yaml, gone.yaml]\n", encoding="utf-8"
    )
    done = run_cli("config", "validate", "conf/ngo.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "egov-audit: error: conf/ngo.yaml:4: portals[0].rules[1]: conf/gone.yaml does not exist",
        "  conf/ngo.yaml:4: portals[0].rules: conf/mine.yaml:3: rule 'mine': help: is required "
        "(a sentence telling site owners how to fix a failure)",
        "  2 errors in conf/ngo.yaml",
    ]


def test_a_portal_name_not_in_the_config_suggests_the_closest(tmp_path: Path) -> None:
    path = tmp_path / "ngo.yaml"
    path.write_text("portals:\n  - name: Akimat C (v3)\n    url: http://127.0.0.1:9/\n", encoding="utf-8")
    config = load_config(path)
    with pytest.raises(ConfigError, match=r"no portal named 'Akimat X' \(did you mean 'Akimat C \(v3\)'\?\)"):
        config.portal("Akimat X")
    with pytest.raises(ConfigError, match=r"no portal named 'Budget office' \(portals: Akimat C \(v3\)\)"):
        config.portal("Budget office")

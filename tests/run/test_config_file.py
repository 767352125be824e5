"""The config file: the shipped example is valid, and every kind of mistake is refused with
the file, the line and the field, before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from egov_audit.run.config_file import ConfigError, load_config

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
        ("portals:\n" + GOOD_PORTAL + "    profile: mars\n", "portals[0] (a): "),
        ("portals:\n" + GOOD_PORTAL + "    rules: [missing.yaml]\n", "portals[0].rules: "),
        ("portals:\n" + GOOD_PORTAL + GOOD_PORTAL, "two portals are named 'a'"),
        ("settings:\n  store: 'not a url'\nportals:\n" + GOOD_PORTAL, ":2: settings.store: is not a database URL"),
        ("settings:\n  concurrency: 0\nportals:\n" + GOOD_PORTAL, ":2: settings.concurrency: "),
        ("portals: []\n", "portals: "),
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

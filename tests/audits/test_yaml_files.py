"""Reading YAML files with the lines an editor shows."""

from __future__ import annotations

from pathlib import Path

from egov_audit.audits.yaml_files import line_of, read_yaml_file


def test_lines_are_counted_as_an_editor_counts_them(tmp_path: Path) -> None:
    """YAML also breaks lines at NEL, LS and PS; inside a value they are no new line to a reader
    (hypothesis found `settings.colour` named on line 8 of a 6-line file)."""
    path = tmp_path / "c.yaml"
    text = "settings:\n  store:\n  - - '\x85 '\n  colour: '\u2028 '\n  portal_timeout: 0.0\n"
    path.write_text(text, encoding="utf-8")
    document = read_yaml_file(path, "c.yaml", ValueError)
    assert line_of(document, ("settings", "colour")) == 4
    assert line_of(document, ("settings", "portal_timeout")) == 5

"""The layout is the pipeline: each stage folder imports only the stages below it.

    crawler -> render -> audits -> store -> reports -> run -> cli

`demo` (the demo portal) imports no stage. Every import counts, inside functions and under
TYPE_CHECKING too: a lazy import is still a dependency. Nothing imports a stage by a bare
top-level name (`audits.model`): the installed package is egov_audit, and the same module under
two names would be two modules.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("crawler", "render", "audits", "store", "reports", "run", "cli")
ALLOWED = {stage: set(STAGES[: i + 1]) for i, stage in enumerate(STAGES)}
ALLOWED["cli"].add("demo")
ALLOWED["demo"] = {"demo"}
FOLDERS = (*STAGES, "demo", "egov_audit")
BARE = {*STAGES, "demo"}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module `path` imports, with the line: its own imports, and those of the Python it
    hands a child process as a string (`python -c`)."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "import " in node.value:
            try:
                inner = ast.parse(node.value)
            except SyntaxError:
                continue  # prose, not code
            found.extend((node.lineno, module) for _, module in _imports(inner))
    found.extend(_imports(tree))
    return found


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return found


def product_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("folder", [*STAGES, "demo"])
def test_a_stage_imports_only_the_stages_below_it(folder: str) -> None:
    wrong = []
    for path in product_files(folder):
        for line, module in imported_modules(path):
            parts = module.split(".")
            if parts[0] != "egov_audit" or len(parts) < 2:
                continue  # egov_audit itself (the version) is for everyone
            if parts[1] not in ALLOWED[folder]:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: imports {module}")
    assert not wrong, f"{folder} may import only {sorted(ALLOWED[folder])}:\n" + "\n".join(wrong)


def test_the_root_package_imports_nothing_of_egov_audit() -> None:
    for path in product_files("egov_audit"):
        if path.name == "__main__.py":
            continue  # `python -m egov_audit` starts the command line
        assert not [m for _, m in imported_modules(path) if m.startswith("egov_audit")], path


def test_nothing_imports_a_stage_by_a_bare_name() -> None:
    files = [p for folder in (*FOLDERS, "tests", "bench") for p in product_files(folder)]
    files = [p for p in files if "node_modules" not in p.parts]
    bare = [
        f"{path.relative_to(ROOT)}:{line}: {module}"
        for path in files
        for line, module in imported_modules(path)
        if module.split(".")[0] in BARE
    ]
    assert not bare, "import through egov_audit.<stage>:\n" + "\n".join(bare)


def test_every_package_folder_is_installed() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    folders = {package: Path(folder) for package, folder in config["package-dir"].items()}
    listed = set(config["packages"])
    for package, folder in folders.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder).parts
            assert ".".join((package, *relative)) in listed, f"{init.parent} is not in pyproject's packages"
    assert {package.split(".")[1] for package in listed if "." in package} == {*STAGES, "demo", "rules"}


def test_every_name_imported_from_egov_audit_exists() -> None:
    # Lazy imports (inside a function, to keep a process small) fail only when that path runs:
    # a moved or renamed name is found here instead.
    missing = []
    for path in [p for folder in (*FOLDERS, "tests") for p in product_files(folder)]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("egov_audit")
            ):
                continue
            module = importlib.import_module(node.module or "")
            for alias in node.names:
                if not hasattr(module, alias.name) and importlib.util.find_spec(f"{node.module}.{alias.name}") is None:
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.module} has no {alias.name}")
    assert not missing, "\n".join(missing)

"""The rules import-linter cannot express: runtime code never imports the test framework."""

from __future__ import annotations

import ast
from pathlib import Path

import samverk

PACKAGE = Path(samverk.__file__).parent


def _runtime_modules() -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.relative_to(PACKAGE).parts
        and "migrations" not in path.relative_to(PACKAGE).parts
    ]


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_runtime_code_does_not_import_django_test() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            name
            for name in _imports(path)
            if name == "django.test" or name.startswith("django.test.")
        )
        for path in _runtime_modules()
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_walk_sees_the_runtime_code() -> None:
    # Guard against a walk that finds nothing and so passes trivially.
    found = {str(p.relative_to(PACKAGE)) for p in _runtime_modules()}
    assert {"core/querysets.py", "site/views.py", "meetings/services/__init__.py"} <= found

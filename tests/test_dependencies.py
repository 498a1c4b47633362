"""Every third-party package the code imports is declared in pyproject.toml (the app's and
config's imports as dependencies, tests' and bench's as dev ones) and pinned in the lock."""

import ast
import importlib.metadata as metadata
import re
import sys
import tomllib
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
OURS = {"thidua", "config", "bench", "tests", "__future__"}


def _name(requirement: str) -> str:
    return re.split(r"[=<>!~\[;\s]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((BASE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    dev = {_name(r) for r in project["optional-dependencies"]["dev"]}
    return runtime, dev


def imported(folder: str) -> dict[str, str]:
    """Top-level module -> one file importing it, for every third-party import in `folder`."""
    found: dict[str, str] = {}
    for path in sorted((BASE / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in OURS and top not in sys.stdlib_module_names:
                    found.setdefault(top, str(path.relative_to(BASE)))
    return found


def _undeclared(folders: list[str], allowed: set[str]) -> list[str]:
    owners = metadata.packages_distributions()
    problems = []
    for folder in folders:
        for module, where in sorted(imported(folder).items()):
            dists = {d.lower().replace("_", "-") for d in owners.get(module, [module])}
            if not dists & allowed:
                problems.append(f"{where} imports {module} ({', '.join(sorted(dists))})")
    return problems


def test_the_application_imports_only_declared_dependencies():
    runtime, _ = declared()
    problems = _undeclared(["thidua", "config"], runtime)
    assert not problems, "declare in [project] dependencies:\n" + "\n".join(problems)


def test_tests_and_benchmarks_import_only_declared_packages():
    runtime, dev = declared()
    problems = _undeclared(["tests", "bench"], runtime | dev)
    assert not problems, "declare in the dev extra:\n" + "\n".join(problems)


def test_every_declared_package_is_pinned_in_the_lock_at_the_same_version():
    lock = {
        _name(line): line.split("==", 1)[1].strip()
        for line in (BASE / "requirements/lock.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    }
    project = tomllib.loads((BASE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    problems = []
    for requirement in project["dependencies"] + project["optional-dependencies"]["dev"]:
        name, _, version = requirement.partition("==")
        name = _name(name)
        if lock.get(name) != version.strip():
            problems.append(f"{requirement}: lock has {lock.get(name)}")
    assert not problems, "\n".join(problems)

"""Apps import only downwards: core ← accounts ← org ← goals ← emulation ← awards;
party → messaging; nlp imports nothing from Django."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "thidua"
LAYERS = [
    "core",
    "accounts",
    "org",
    "goals",
    "teams",
    "emulation",
    "awards",
    "messaging",
    "party",
    "meetings",
    "assistant",
]
ALLOWED = {
    "core": set(),
    "accounts": {"core"},
    "org": {"core", "accounts"},
    "goals": {"core", "accounts", "org"},
    "teams": {"core", "accounts", "org", "goals"},
    "emulation": {"core", "accounts", "org", "goals", "teams"},
    "awards": {"core", "accounts", "org", "goals", "emulation"},
    "messaging": {"core", "accounts", "org"},
    "party": {"core", "accounts", "org", "goals", "messaging", "nlp"},
    "meetings": {"core", "accounts", "org", "goals", "messaging"},
    "assistant": {"core", "accounts", "org", "goals", "emulation", "awards", "party", "nlp"},
    "nlp": set(),
}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def app_files():
    for app_dir in sorted(p for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        for path in app_dir.rglob("*.py"):
            if "migrations" not in path.parts:
                yield app_dir.name, path


@pytest.mark.parametrize(
    ("app", "path"), list(app_files()), ids=lambda v: str(v).split("thidua/")[-1]
)
def test_app_imports_point_only_downwards(app, path):
    allowed = ALLOWED.get(app, set()) | {app}
    for name in imported_apps(path):
        if name.startswith("thidua."):
            target = name.split(".")[1]
            if target in ALLOWED:
                assert target in allowed, f"{path} imports {name}: {app} may not depend on {target}"
        if app == "nlp":
            assert not name.startswith("django"), (
                f"{path} imports Django; nlp must stay pure Python"
            )


def test_every_app_is_classified():
    apps = {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert apps <= set(ALLOWED) | {"templates", "static", "locale"}

"""The house layout as written in docs/ARCHITECTURE.md, held against the folders (issue 16).

The doc's table "What an app lacks of this layout, and why" must name exactly the standard
files each app lacks — an app gaining or losing one must change its row — and the apps the
doc says have no partials must be those without a `partials/` folder. Functions stay under
`MAX_FUNCTION_LINES` unless `LONG_FUNCTIONS` names them with the reason (it may only shrink).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.test_architecture import NOT_APPS, ROOT

DOC = ROOT.parent / "docs" / "ARCHITECTURE.md"
# The layout's standard parts: a module (x.py) or, for the three that may grow, a package.
STANDARD = (
    "models.py",
    "choices.py",
    "rules.py",
    "forms.py",
    "services.py",
    "selectors.py",
    "views.py",
    "api.py",
    "urls.py",
    "tasks.py",
)
MAX_FUNCTION_LINES = 80
# "module:function" -> (lines when listed, why it is this long). It may shrink, not grow.
LONG_FUNCTIONS: dict[str, tuple[int, str]] = {
    "goals/api_descriptions.py:properties": (107, "a table of API field descriptions"),
    "goals/api_descriptions.py:_reports": (90, "a table of API field descriptions"),
    "org/api_descriptions.py:properties": (92, "a table of API field descriptions"),
}


def _apps() -> list[Path]:
    return sorted(
        p
        for p in ROOT.iterdir()
        if p.is_dir() and p.name not in NOT_APPS and (p / "__init__.py").exists()
    )


def lacking(app: Path) -> set[str]:
    """The standard parts an app's folder does not have (a package counts as the module)."""
    missing = set()
    for name in STANDARD:
        stem = name.removesuffix(".py")
        if not (app / name).exists() and not (app / stem / "__init__.py").exists():
            missing.add(name)
    return missing


def documented_lacks(text: str) -> dict[str, set[str]]:
    """{app: the files its row of the doc's table names} ("all of them": every one)."""
    rows: dict[str, set[str]] = {}
    section = text.split("**What an app lacks of this layout", 1)[-1].split("\n\n**", 1)[0]
    for line in section.splitlines():
        match = re.match(r"\| `(\w+)` \| ([^|]+) \|", line)
        if not match:
            continue
        app, cell = match.groups()
        names = set(re.findall(r"`([\w.]+)`", cell))
        if "all of them" in cell:
            names = set(STANDARD)
        if names <= set(STANDARD) and names:
            rows[app] = names
    return rows


def test_the_docs_table_names_exactly_what_each_app_lacks():
    rows = documented_lacks(DOC.read_text(encoding="utf-8"))
    problems = []
    for app in _apps():
        actual, written = lacking(app), rows.get(app.name, set())
        if actual != written:
            problems.append(
                f"{app.name}: lacks {sorted(actual)}, the doc's row says {sorted(written)}"
            )
    unknown = set(rows) - {a.name for a in _apps()}
    problems += [f"{name}: a row in the doc, no such app" for name in sorted(unknown)]
    assert not problems, "docs/ARCHITECTURE.md is out of date:\n" + "\n".join(problems)


def test_the_docs_apps_without_partials_are_those_without_a_partials_folder():
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"\(([\w, ]+) have none\)", text)
    assert match, "the doc no longer says which apps have no partials"
    written = set(re.split(r",\s*|\s+and\s+", match.group(1)))
    actual = {  # apps with pages (urls.py) and no partials/ folder
        app.name
        for app in _apps()
        if (app / "urls.py").exists() and not list(app.glob("templates/**/partials"))
    }
    assert written == actual


def long_functions(root: Path) -> dict[str, int]:
    """{"module:function": lines} for every function longer than the limit."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    found[f"{path.relative_to(root)}:{node.name}"] = lines
    return found


def test_no_function_grows_past_the_limit_unless_listed_with_its_reason():
    found = long_functions(ROOT)
    problems = [
        f"{name}: {lines} lines > {MAX_FUNCTION_LINES}: split it"
        for name, lines in found.items()
        if name not in LONG_FUNCTIONS
    ]
    problems += [
        f"{name}: {found[name]} lines, listed at {LONG_FUNCTIONS[name][0]}: it may only shrink"
        for name in LONG_FUNCTIONS
        if name in found and found[name] > LONG_FUNCTIONS[name][0]
    ]
    problems += [
        f"{name}: listed, now short or gone" for name in LONG_FUNCTIONS if name not in found
    ]
    assert not problems, "\n".join(problems)


def test_the_checks_see_drift(tmp_path):
    app = tmp_path / "demo"
    (app / "views").mkdir(parents=True)
    for name in ("__init__.py", "models.py", "urls.py", "views/__init__.py"):
        (app / name).write_text("", encoding="utf-8")
    (app / "long.py").write_text(
        "def f():\n" + "    x = 1\n" * MAX_FUNCTION_LINES, encoding="utf-8"
    )
    assert lacking(app) == set(STANDARD) - {"models.py", "urls.py", "views.py"}
    assert long_functions(tmp_path) == {"demo/long.py:f": MAX_FUNCTION_LINES + 1}
    table = (
        "**What an app lacks of this layout**\n| `demo` | `api.py`, `tasks.py` | why |\n"
        "| `x` | all of them | pure |\n\n**Views.**\n| `y` | `api.py` | another table |"
    )
    assert documented_lacks(table) == {"demo": {"api.py", "tasks.py"}, "x": set(STANDARD)}

"""The house's layering, checked on every import an app makes — in Python and in templates.

`LAYERS` is the one table: each app and the apps it may use (downwards only; the table itself
must have no cycle). An app's Python modules are parsed (never imported) and every reference
to another app counts: `import thidua.x`, `from thidua.x import y`, `from thidua import x`,
relative imports resolved against the module's package (`from ...goals import services`),
`importlib.import_module("thidua.x")` / `import_module(...)` with a literal, and model
references by label in relations and `apps.get_model("x", ...)`. An app's templates count
too: `{% load tag_library %}` (the app owning that library) and `{% include %}` /
`{% extends %}` of a template kept in another app's `templates/<app>/` folder. `nlp` imports
nothing from Django. Every violation is reported at once, with file and line.

App layout (issue 16, point 1): every app with pages has `urls.py` and either one `views.py`
(listed in `SINGLE_VIEWS_MODULE` with why) or a `views/` package, no `*_views.py` beside
them, its routes listed in `urls.py` alone (no view module holds `urlpatterns`), no
`*_services.py` / `services_*.py` (nor selectors) beside `services`/`selectors`, and its
partials (`_x.html`) in a `partials/` folder; `NO_PAGES` and `PARTIALS_ELSEWHERE` name the
exceptions with their reasons.

Scoped reads (issue 16, point 2; issue 10): pages and API operations read a row the caller
names through the app's scoped selector, never with get_object_or_404 nor `.objects….get(…)`
on the caller's id; `UNSCOPED_READS` names the reads left, with why (it may only shrink).

Module size: no module over `MAX_MODULE_LINES` unless `LARGE_MODULES` names it with the reason
and its size when listed (it may only shrink; splitting is issue 16, point 3).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "thidua"

LAYERS: dict[str, set[str]] = {
    "core": set(),
    "nlp": set(),
    "accounts": {"core"},
    "org": {"core", "accounts"},
    "directory": {"core", "accounts", "org"},
    "goals": {"core", "accounts", "org"},
    "teams": {"core", "accounts", "org", "goals"},
    "emulation": {"core", "accounts", "org", "goals", "teams"},
    "awards": {"core", "accounts", "org", "goals", "emulation"},
    "messaging": {"core", "accounts", "org"},
    "party": {"core", "accounts", "org", "goals", "messaging", "nlp"},
    "meetings": {"core", "accounts", "org", "goals", "messaging"},
    "assistant": {"core", "accounts", "org", "goals", "emulation", "awards", "party", "nlp"},
}
# Project-level templates (thidua/templates: the page frame, error pages, shared partials)
# are the bottom of the template world: every app may use them, and they may use core only.
PROJECT_TEMPLATES = "templates"
NOT_APPS = {"templates", "static", "locale", "__pycache__"}

MAX_MODULE_LINES = 600
# module -> (lines when listed, why it is still this large). A listed module may shrink, not grow.
LARGE_MODULES: dict[str, tuple[int, str]] = {}

_TAG_RE = re.compile(r"{%\s*(load|include|extends)\s+([^%]*?)\s*%}")


def apps() -> list[str]:
    return sorted(
        p.name
        for p in ROOT.iterdir()
        if p.is_dir() and p.name not in NOT_APPS and (p / "__init__.py").exists()
    )


def _module_name(path: Path) -> list[str]:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _package(path: Path) -> list[str]:
    parts = _module_name(path)
    return parts if path.name == "__init__.py" else parts[:-1]


def _app_of_module(dotted: str) -> str | None:
    parts = dotted.split(".")
    if parts[0] != "thidua" or len(parts) < 2:
        return None
    return parts[1]


def python_references(path: Path, *, as_module: Path | None = None) -> list[tuple[int, str, str]]:
    """(line, app, what) for every reference from this module (read from `path`, placed at
    `as_module` when given) to an app of thidua."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = as_module or path
    found: list[tuple[int, str, str]] = []

    def add(line: int, dotted: str, what: str) -> None:
        app = _app_of_module(dotted)
        if app:
            found.append((line, app, what))

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(node.lineno, alias.name, f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = _package(where)
                base = package[: len(package) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module == "thidua":  # from thidua import goals
                for alias in node.names:
                    add(node.lineno, f"thidua.{alias.name}", f"from thidua import {alias.name}")
            elif not node.module and node.level:  # from .. import goals
                for alias in node.names:
                    add(node.lineno, f"{module}.{alias.name}", f"from {module} import {alias.name}")
            else:
                add(node.lineno, module, f"from {module} import ...")
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            literal = [
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            if name in ("import_module", "__import__") and literal:
                add(node.lineno, literal[0], f"{name}({literal[0]!r})")
            elif name == "get_model" and literal:
                label = literal[0].split(".")[0]
                add(node.lineno, f"thidua.{label}", f"get_model({literal[0]!r})")
            elif name in ("ForeignKey", "OneToOneField", "ManyToManyField") and "." in "".join(
                literal[:1]
            ):
                label = literal[0].split(".")[0]
                add(node.lineno, f"thidua.{label}", f"{name}({literal[0]!r})")
    return found


def tag_libraries() -> dict[str, str]:
    """Template tag library name -> the app that owns it."""
    owners: dict[str, str] = {}
    for app in apps():
        for lib in (ROOT / app / "templatetags").glob("*.py"):
            if lib.name != "__init__.py":
                owners[lib.stem] = app
    return owners


def template_owner(name: str) -> str | None:
    """Which app (or the project) keeps the template called `name`."""
    for app in apps():
        if (ROOT / app / "templates" / name).exists():
            return app
    if (ROOT / PROJECT_TEMPLATES / name).exists():
        return PROJECT_TEMPLATES
    return None


def template_references(path: Path) -> list[tuple[int, str, str]]:
    libraries = tag_libraries()
    found = []
    text = path.read_text(encoding="utf-8")
    for match in _TAG_RE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        tag, argument = match.groups()
        if tag == "load":
            for library in argument.split():
                if library == "from":
                    break
                if library in libraries:
                    found.append((line, libraries[library], f"{{% load {library} %}}"))
        else:
            quoted = re.match(r"""["']([^"']+)["']""", argument)
            if quoted:
                owner = template_owner(quoted.group(1))
                if owner:
                    found.append((line, owner, f"{{% {tag} {quoted.group(1)!r} %}}"))
    return found


def _allowed(app: str) -> set[str]:
    if app == PROJECT_TEMPLATES:
        return {"core", PROJECT_TEMPLATES}
    return LAYERS.get(app, set()) | {app, PROJECT_TEMPLATES}


def violations() -> list[str]:
    problems = []
    for app in apps():
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            rel = path.relative_to(ROOT.parent)
            for line, target, what in python_references(path):
                if target in LAYERS and target not in _allowed(app):
                    problems.append(f"{rel}:{line}: {what} — {app} may not use {target}")
            if app == "nlp":
                tree = ast.parse(path.read_text(encoding="utf-8"))
                for node in ast.walk(tree):
                    names = []
                    if isinstance(node, ast.Import):
                        names = [a.name for a in node.names]
                    elif isinstance(node, ast.ImportFrom) and not node.level:
                        names = [node.module or ""]
                    for name in names:
                        if name.split(".")[0] == "django":
                            problems.append(f"{rel}:{node.lineno}: imports {name} — nlp is pure")
    template_dirs = [(app, ROOT / app / "templates") for app in apps()]
    template_dirs.append((PROJECT_TEMPLATES, ROOT / PROJECT_TEMPLATES))
    for app, folder in template_dirs:
        for path in sorted(folder.rglob("*.html")) + sorted(folder.rglob("*.txt")):
            rel = path.relative_to(ROOT.parent)
            for line, target, what in template_references(path):
                if target not in _allowed(app):
                    problems.append(f"{rel}:{line}: {what} — {app} may not use {target}")
    return problems


# ------------------------------------------------------------------------------- the tests
def test_no_app_uses_an_app_above_it_in_code_or_templates():
    problems = violations()
    assert not problems, f"{len(problems)} layering violation(s):\n" + "\n".join(problems)


def test_every_app_is_in_the_layer_table_and_the_table_has_no_cycle():
    assert set(apps()) == set(LAYERS), "add the new app to LAYERS with what it may use"
    for app, below in LAYERS.items():
        assert below <= set(LAYERS), f"{app} names an unknown app"
    seen: dict[str, int] = {}

    def visit(app: str, trail: tuple[str, ...]) -> None:
        assert app not in trail, f"cycle in LAYERS: {' → '.join((*trail, app))}"
        if seen.get(app):
            return
        for below in LAYERS[app]:
            visit(below, (*trail, app))
        seen[app] = 1

    for app in LAYERS:
        visit(app, ())


def test_no_module_grows_past_the_size_limit_unless_listed_with_its_reason():
    problems = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        rel = str(path.relative_to(ROOT))
        lines = len(path.read_text(encoding="utf-8").splitlines())
        listed = LARGE_MODULES.get(rel)
        if listed is None and lines > MAX_MODULE_LINES:
            problems.append(
                f"{rel}: {lines} lines > {MAX_MODULE_LINES}: split it by reason to change"
            )
        elif listed is not None and lines > listed[0]:
            problems.append(f"{rel}: {lines} lines, listed at {listed[0]}: it may only shrink")
    stale = [m for m in LARGE_MODULES if not (ROOT / m).exists()]
    assert not problems and not stale, "\n".join(problems + [f"{m}: listed, gone" for m in stale])


def test_the_checker_sees_every_kind_of_reference(tmp_path):
    """The resolver itself: relative, package and importlib imports, model labels, tags."""
    module = tmp_path / "probe.py"
    source = (
        "from ..goals import services\n"
        "from thidua import awards\n"
        "import importlib\n"
        "importlib.import_module('thidua.party.models')\n"
        "from . import rules\n"
        "x = models.ForeignKey('emulation.Movement', on_delete=None)\n"
    )
    module.write_text(source, encoding="utf-8")
    refs = {
        (app, line)
        for line, app, _ in python_references(module, as_module=ROOT / "org" / "probe.py")
    }
    assert {("goals", 1), ("awards", 2), ("party", 4), ("org", 5), ("emulation", 6)} <= refs
    page = tmp_path / "page.html"
    page.write_text('{% load goals_tags %}\n{% include "awards/_x.html" %}', encoding="utf-8")
    assert ("goals", 1) in {(app, line) for line, app, _ in template_references(page)}


# ------------------------------------------------------------------ app layout (issue 16, 1)
# Every app with pages has `urls.py`, and its views either in one `views.py` (the app's pages
# are one area) or in a `views/` package, one module per area — never both, and no
# `*_views.py` beside them. The app's routes are listed in `urls.py` alone, grouped by view
# module: a view module holding its own `urlpatterns` hides them (and their order, which decides
# matching) from the one list. Writes and reads likewise: one `services.py` or a `services/`
# package with a module per area (`selectors` the same), never `x_services.py` or
# `services_x.py` beside it. Partials (templates named `_x.html`: htmx fragments, includes)
# live in a `partials/` folder of `templates/<app>/` (`<app>/partials/`, `<app>/<area>/partials/`).
NO_PAGES: dict[str, str] = {
    "nlp": "pure Python text processing: no Django, no pages",
    "directory": "sign-in backends; its only pages are mozilla-django-oidc's views (oidc.py)",
}
# An app keeping one views.py says why.
SINGLE_VIEWS_MODULE: dict[str, str] = {
    "teams": "one area: a team, its members and its goals",
    "meetings": "one area: a giao ban, its conclusions and its notice",
    "messaging": "one area: a person's messages and a dispatch's progress and delivery reports",
}
# Partials not yet in a partials/ folder: path under thidua/ -> why (none left).
PARTIALS_ELSEWHERE: dict[str, str] = {}


def defines_urlpatterns(module: Path) -> bool:
    """Whether a module assigns `urlpatterns` at its top level."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == "urlpatterns" for t in targets):
            return True
    return False


def layout_problems(root: Path = ROOT) -> list[str]:
    problems = []
    names = sorted(
        p.name
        for p in root.iterdir()
        if p.is_dir() and p.name not in NOT_APPS and (p / "__init__.py").exists()
    )
    for app in names:
        folder = root / app
        single = (folder / "views.py").exists()
        package = (folder / "views" / "__init__.py").exists()
        if app in NO_PAGES:
            if single or package:
                problems.append(f"{app}: has views, yet NO_PAGES says {NO_PAGES[app]!r}")
            continue
        if not (folder / "urls.py").exists():
            problems.append(f"{app}: no urls.py: its urlpatterns belong there")
        if single and package:
            problems.append(f"{app}: both views.py and views/: one or the other")
        elif not single and not package:
            problems.append(f"{app}: neither views.py nor a views/ package")
        elif single and app not in SINGLE_VIEWS_MODULE:
            problems.append(
                f"{app}: one views.py: make it a views/ package, one module per area, or list "
                "it in SINGLE_VIEWS_MODULE with why"
            )
        elif package and app in SINGLE_VIEWS_MODULE:
            problems.append(f"{app}: a views/ package, yet listed in SINGLE_VIEWS_MODULE")
        for module in sorted(folder.rglob("*_views.py")):
            problems.append(
                f"{module.relative_to(root)}: a view module outside views: move it into views/"
            )
        for kind in ("services", "selectors"):
            for module in sorted({*folder.glob(f"*_{kind}.py"), *folder.glob(f"{kind}_*.py")}):
                problems.append(
                    f"{module.relative_to(root)}: {kind} beside {kind}: make {kind}.py a "
                    f"{kind}/ package and move it in"
                )
        view_modules = [folder / "views.py"] if single else []
        view_modules += sorted((folder / "views").rglob("*.py")) if package else []
        for module in view_modules:
            if defines_urlpatterns(module):
                problems.append(
                    f"{module.relative_to(root)}: holds urlpatterns: list its paths in "
                    f"{app}/urls.py"
                )
        templates = folder / "templates"
        for path in sorted(templates.rglob("_*.html")):
            rel = str(path.relative_to(root))
            inside = path.relative_to(templates).parts
            placed = inside[0] == app and "partials" in inside[1:-1]
            if not placed and rel not in PARTIALS_ELSEWHERE:
                problems.append(f"{rel}: a partial outside templates/{app}/…/partials/")
            elif placed and rel in PARTIALS_ELSEWHERE:
                problems.append(f"{rel}: in partials/ now: drop it from PARTIALS_ELSEWHERE")
    if root == ROOT:
        stale = [p for p in PARTIALS_ELSEWHERE if not (root / p).exists()]
        problems += [f"{p}: listed in PARTIALS_ELSEWHERE, gone" for p in stale]
        problems += [
            f"{a}: listed in SINGLE_VIEWS_MODULE, no such app"
            for a in SINGLE_VIEWS_MODULE
            if a not in names
        ]
    return problems


def test_every_app_is_laid_out_alike_views_urls_and_partials():
    problems = layout_problems()
    assert not problems, f"{len(problems)} layout problem(s):\n" + "\n".join(problems)


def test_the_layout_check_sees_each_kind_of_drift(tmp_path):
    def app(name: str, *files: str) -> None:
        for file in ("__init__.py", *files):
            (tmp_path / name / file).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name / file).write_text("", encoding="utf-8")

    app("good", "urls.py", "views/__init__.py", "views/a.py", "templates/good/partials/_x.html")
    app("teams", "urls.py", "views.py")  # listed in SINGLE_VIEWS_MODULE
    app("sibling", "urls.py", "views/__init__.py", "report_views.py")
    app("both", "urls.py", "views.py", "views/__init__.py")
    app("lonely", "urls.py", "views.py")
    app("nourls", "views/__init__.py")
    app("loose", "urls.py", "views/__init__.py", "templates/loose/_row.html")
    app("inline", "urls.py", "views/__init__.py", "views/a.py")
    app("beside", "urls.py", "views/__init__.py", "services.py", "services_people.py")
    app("beside2", "urls.py", "views/__init__.py", "selectors/a.py", "fieldwork_selectors.py")
    (tmp_path / "inline" / "views" / "a.py").write_text("urlpatterns = []\n", encoding="utf-8")
    (tmp_path / "good" / "views" / "a.py").write_text("patterns = []\n", encoding="utf-8")
    found = "\n".join(layout_problems(tmp_path))
    assert "good" not in found and "teams" not in found
    for expected in (
        "sibling/report_views.py",
        "both: both views.py and views/",
        "lonely: one views.py",
        "nourls: no urls.py",
        "loose/templates/loose/_row.html",
        "inline/views/a.py: holds urlpatterns",
        "beside/services_people.py: services beside services",
        "beside2/fieldwork_selectors.py: selectors beside selectors",
    ):
        assert expected in found, expected


# ------------------------------------------------------- scoped reads (issue 16, 2; issue 10)
# A page or an API operation reads a row the caller names (an id in the address, the form or
# the body) through its app's scoped selector — `object_or_404(selectors.x_get, viewer=...,
# pk=...)` on a page, the selector itself in the API (its ObjectDoesNotExist is a 404) — never
# with Django's get_object_or_404 / get_list_or_404, nor `Model.objects….get(…)` on an argument
# of the view or on the request: those read every row, whoever asks, and leave the check to be
# remembered after. A `.objects….get` handed over uncalled (to object_or_404) counts too.
# UNSCOPED_READS names the reads not moved yet ("module:function" -> why); it may only shrink.
UNSCOPED_READS: dict[str, str] = {
    "awards/api_registry.py:_award": (
        "re-reads the award a service just wrote (its pk, not the caller's)"
    ),
    "awards/api_round.py:_round_for_update": "office checked first; the round locked for update",
}
_SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


def adapter_modules(root: Path = ROOT) -> list[Path]:
    """Every app's page and API modules: views.py, views/…, api.py and api_*.py."""
    found: set[Path] = set()
    for app in root.iterdir():
        if not app.is_dir() or app.name in NOT_APPS:
            continue
        found.update(app.glob("views.py"))
        found.update((app / "views").rglob("*.py"))
        found.update(app.glob("api.py"))
        found.update(app.glob("api_*.py"))
    return sorted(found)


def _on_objects(node: ast.expr) -> bool:
    """Whether an expression is a chain starting from some `X.objects` (managers, querysets)."""
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            if node.attr == "objects":
                return True
            node = node.value
        else:
            return False


def unscoped_reads(path: Path) -> list[tuple[int, str, str]]:
    """(line, enclosing function, what) for each unscoped read by a caller-supplied id."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str, str]] = []

    def visit(node: ast.AST, function: str, params: frozenset[str]) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = node.args
            names = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
            names |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
            function = function or node.name
            params = params | names | {"request", "payload"}
        elif isinstance(node, ast.Name | ast.alias):
            name = node.id if isinstance(node, ast.Name) else node.name
            if name in _SHORTCUTS:
                found.append((node.lineno, function, f"django.shortcuts.{name}"))
        elif isinstance(node, ast.Attribute) and node.attr in _SHORTCUTS:
            found.append((node.lineno, function, f"django.shortcuts.{node.attr}"))
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "get" and _on_objects(func.value):
                given = [*node.args, *(k.value for k in node.keywords)]
                used = {n.id for arg in given for n in ast.walk(arg) if isinstance(n, ast.Name)}
                if used & params:
                    found.append((node.lineno, function, ".objects….get(<the caller's id>)"))
                for child in [func.value, *given]:
                    visit(child, function, params)
                return
        elif isinstance(node, ast.Attribute) and node.attr == "get" and _on_objects(node.value):
            found.append((node.lineno, function, ".objects….get handed over uncalled"))
        for child in ast.iter_child_nodes(node):
            visit(child, function, params)

    visit(tree, "", frozenset())
    return found


def test_pages_and_api_read_rows_named_by_the_caller_through_scoped_selectors():
    problems, seen = [], set()
    for path in adapter_modules():
        rel = str(path.relative_to(ROOT))
        for line, function, what in unscoped_reads(path):
            key = f"{rel}:{function}"
            seen.add(key)
            if key not in UNSCOPED_READS:
                problems.append(
                    f"{rel}:{line} in {function}: {what}: read it through a scoped selector "
                    "(object_or_404(selectors.x_get, viewer=request.user, pk=pk))"
                )
    stale = [
        f"{key}: listed in UNSCOPED_READS, now scoped" for key in UNSCOPED_READS if key not in seen
    ]
    assert not problems and not stale, "\n".join(problems + stale)


def test_the_scoped_read_check_sees_each_kind_of_unscoped_read(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "from django.shortcuts import get_object_or_404\n"
        "def a(request, pk):\n"
        "    return get_object_or_404(Goal, pk=pk)\n"
        "def b(request, goal_id):\n"
        "    return Goal.objects.select_related('unit').get(pk=goal_id)\n"
        "def c(request):\n"
        "    return Goal.objects.get(pk=request.POST['goal'])\n"
        "def d(request, pk):\n"
        "    return object_or_404(Goal.objects.get, pk=pk)\n"
        "def e(request, team_id):\n"
        "    def write():\n"
        "        return Person.objects.get(pk=team_id)\n"
        "    return write()\n"
        "def fine(request, pk):\n"
        "    saved = services.goal_create(actor=request.user)\n"
        "    goal = object_or_404(selectors.goal_get, viewer=request.user, pk=pk)\n"
        "    return Goal.objects.select_related('unit').get(pk=saved.pk), goal\n",
        encoding="utf-8",
    )
    found = {(line, function) for line, function, _ in unscoped_reads(module)}
    assert found == {(1, ""), (3, "a"), (5, "b"), (7, "c"), (9, "d"), (12, "e")}


# ------------------------------------------------------- statuses by their choice (issue 16, 4)
def _status_literals(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, code) of a status written as a string: `status="…"` (or `…__status`,
    `status__in=[…]`) in a query or a call, and `x.status == "…"` / `!= "…"`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg:
            if node.arg.split("__")[-1] == "in":
                name = node.arg.split("__")[-2] if "__" in node.arg else ""
            else:
                name = node.arg.split("__")[-1]
            if name != "status":
                continue
            values = [node.value]
            if isinstance(node.value, ast.List | ast.Tuple | ast.Set):
                values = list(node.value.elts)
            found += [
                (v.lineno, v.value)
                for v in values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            ]
        elif (
            isinstance(node, ast.Compare)
            and isinstance(node.left, ast.Attribute)
            and node.left.attr == "status"
        ):
            found += [
                (c.lineno, c.value)
                for c in node.comparators
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
            ]
    return found


def test_python_names_a_status_by_its_choice_never_by_its_code():
    # The code of a status is the database's; a typo in a literal ("cancelled" for
    # "canceled") filters nothing and raises nothing. Migrations keep their literals.
    found = [
        f"{path.relative_to(ROOT)}:{line} {code!r}"
        for path in sorted(ROOT.rglob("*.py"))
        if "migrations" not in path.parts
        for line, code in _status_literals(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not found, found
    sample = 'Goal.objects.filter(status="draft", task__status__in=["doing"]).exclude(x=1)\n'
    sample += 'if goal.status != "closed": pass\n'
    assert sorted(_status_literals(ast.parse(sample))) == [
        (1, "doing"),
        (1, "draft"),
        (2, "closed"),
    ]
    assert not _status_literals(ast.parse("q.filter(status=GoalStatus.DRAFT)"))

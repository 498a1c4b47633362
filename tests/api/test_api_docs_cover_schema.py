"""docs/API.md names every operation of the OpenAPI schema, and nothing else: each app's
section (`## Organisation (`/org/`, …)`) writes its operations as `METHOD path` relative to
the app's prefix (`GET units/{id}` for /api/v1/org/units/{unit_id}). Path parameters match
whatever their name (`{id}` ~ `{unit_id}`), a query string (`?year=`) is ignored.

The Vietnamese summaries are checked by tests/api/test_api_tokens.py."""

import re
from pathlib import Path

from config.api import api

DOC = Path(__file__).resolve().parents[2] / "docs" / "API.md"
PREFIX = "/api/v1/"
SECTION = re.compile(r"^## [^\n]*\(`/([a-z-]+)/`", re.MULTILINE)
MENTION = re.compile(r"`(GET|POST|PUT|PATCH|DELETE) ([^`\s]+)`")


def _normal(path: str) -> str:
    path = path.split("?", 1)[0].strip("/")
    return re.sub(r"\{[^}]*\}", "{}", path)


def documented(text: str) -> set[tuple[str, str]]:
    """(method, app/path) of every `METHOD path` written in an app's section."""
    found = set()
    starts = [(m.start(), m.group(1)) for m in SECTION.finditer(text)]
    for (start, app), end in zip(starts, [s for s, _ in starts[1:]] + [len(text)], strict=True):
        section = text[start:end].split("\n## ", 1)[0]
        for method, path in MENTION.findall(section):
            found.add((method, f"{app}/{_normal(path)}"))
    return found


def in_schema() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {
        (method.upper(), _normal(path.removeprefix(PREFIX)))
        for path, methods in schema["paths"].items()
        for method in methods
    }


def test_every_operation_of_the_schema_is_in_the_docs():
    missing = sorted(in_schema() - documented(DOC.read_text(encoding="utf-8")))
    assert missing == [], "operations missing from docs/API.md (under their app's heading)"


def test_the_docs_name_no_operation_the_schema_does_not_have():
    stale = sorted(documented(DOC.read_text(encoding="utf-8")) - in_schema())
    assert stale == [], "docs/API.md names operations the API does not have"


def test_a_path_is_read_under_its_apps_heading():
    text = (
        "## Emulation (`/emulation/`, scope)\n\n| `GET movements/{id}?x=` | a |\n"
        "## Party (`/party/`, scope)\n\n`POST bodies/{body_id}/close`\n## Other\n`GET x`\n"
    )
    assert documented(text) == {
        ("GET", "emulation/movements/{}"),
        ("POST", "party/bodies/{}/close"),
    }

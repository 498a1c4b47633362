"""Each operation of the published OpenAPI carries its app's tag once: a router mounted on an
app's router inherits the tag, so it must not repeat it (django-ninja adds a mounted
router's own tags to its parent's, which showed ['awards', 'awards'])."""

from config.api import api


def test_no_operation_has_a_duplicated_tag():
    schema = api.get_openapi_schema()
    doubled = {
        f"{method.upper()} {path}": operation.get("tags", [])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if len(operation.get("tags", [])) != len(set(operation.get("tags", [])))
    }
    assert doubled == {}


def test_every_operation_has_one_tag():
    schema = api.get_openapi_schema()
    counts = {
        f"{method.upper()} {path}": len(operation.get("tags", []))
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }
    assert {op: n for op, n in counts.items() if n != 1} == {}

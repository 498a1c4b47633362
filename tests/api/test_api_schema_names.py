"""Every schema the API documents has a name of its own (issue 15: the OpenAPI schema and the
client generated from it describe what each operation really takes and gives).

django-ninja files a schema under its class name in OpenAPI's components; two classes of the
same name in different modules overwrite each other there (ninja's `Schema` and our
`InputSchema` alike: both are pydantic models), so one operation is documented with
the other's fields — the giao ban agenda's `AtRiskGoalOut` once erased the goals review's
`reason_labels` from the document and from the client."""

import collections

from pydantic import BaseModel

from config.api import api


def _schemas_of_thidua(cls: type = BaseModel) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        if sub.__module__.startswith("thidua."):
            found.add(sub)
        found |= _schemas_of_thidua(sub)
    return found


def test_no_two_api_schemas_share_a_name():
    api.get_openapi_schema()  # every router is imported and mounted
    by_name = collections.defaultdict(set)
    for schema in _schemas_of_thidua():
        by_name[schema.__name__].add(f"{schema.__module__}.{schema.__qualname__}")
    shared = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    assert shared == {}, "rename one of each pair: OpenAPI keeps only the last of a name"


def test_the_document_holds_each_schema_the_operations_name():
    """Each $ref in the document points to a component that exists (a renamed schema is
    documented, not left dangling)."""
    document = api.get_openapi_schema()
    components = set(document["components"]["schemas"])
    refs = set()

    def walk(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                refs.add(ref.rsplit("/", 1)[1])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    assert refs and refs <= components, sorted(refs - components)

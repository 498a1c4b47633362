"""The published OpenAPI schema bounds every input, so clients and the fuzzer see the
limits the tables have (a new endpoint with an unbounded field fails here)."""

import pytest

# Free-form on purpose: an eligibility history is checked by the engine itself, which
# answers 422 with every problem (awards/eligibility.py, HistoryError).
# The agency's eligibility settings are checked by the same engine (422 naming each problem).
FREE_FORM = {"EligibilityIn.history", "EligibilityIn.settings", "EligibilitySettingsIn.values"}


def _resolve(schema, node):
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def _unbounded(schema, node, where):
    node = _resolve(schema, node)
    if where in FREE_FORM:
        return []
    found = []
    for key in ("anyOf", "oneOf", "allOf"):
        for option in node.get(key, []):
            found += _unbounded(schema, option, where)
    kind = node.get("type")
    if kind == "string" and "enum" not in node and node.get("format") != "date":
        if "maxLength" not in node and "pattern" not in node:
            found.append(where)
    elif kind in ("integer", "number") and not {"maximum", "minimum"} <= set(node):
        found.append(where)
    elif kind == "array":
        if "maxItems" not in node:
            found.append(where)
        found += _unbounded(schema, node.get("items", {}), where + "[]")
    elif kind == "object":
        title = node.get("title", where)
        for name, prop in node.get("properties", {}).items():
            found += _unbounded(schema, prop, f"{title}.{name}")
        extra = node.get("additionalProperties")
        if extra not in (None, False):  # a map: bounded in its size and its keys' length
            if "maxProperties" not in node or "maxLength" not in node.get("propertyNames", {}):
                found.append(where)
            elif isinstance(extra, dict):
                found += _unbounded(schema, extra, where + "{}")
    return found


@pytest.fixture
def openapi(client, org):
    client.force_login(org["staff_a"].user)
    return client.get("/api/v1/openapi.json").json()


def test_every_parameter_and_body_field_of_the_api_is_bounded(openapi):
    unbounded = []
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            label = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                where = f"{label} {parameter['name']}"
                unbounded += _unbounded(openapi, parameter["schema"], where)
            body = operation.get("requestBody", {}).get("content", {})
            for media in body.values():
                unbounded += _unbounded(openapi, media["schema"], label)
    assert unbounded == []


def test_decimal_inputs_carry_the_columns_digits(openapi):
    goal_in = openapi["components"]["schemas"]["GoalIn"]["properties"]
    number, text = goal_in["weight"]["anyOf"]
    assert (number["minimum"], number["maximum"]) == (0.01, 99999.99)  # decimal(7, 2), > 0
    assert text["pattern"] == r"^-?\d{1,5}(\.\d{1,2})?$"
    assert goal_in["title"]["maxLength"] == 300

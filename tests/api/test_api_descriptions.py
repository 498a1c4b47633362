"""Every API operation, schema property and parameter has a Vietnamese description in OpenAPI
(issue 15, point 2: "OpenAPI complete with Vietnamese descriptions"): not empty, and not
English — an operation without `description=` shows its Python docstring, which is English
in this code base (as POST awards/eligibility did). The summaries are checked by
tests/api/test_api_tokens.py."""

import re

from config.api import api
from thidua.core import openapi_descriptions

# A letter only Vietnamese writes (ă â đ ê ô ơ ư and the tone marks), either case.
VIETNAMESE = re.compile(
    "[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]", re.IGNORECASE
)


def test_every_operation_has_a_vietnamese_description():
    schema = api.get_openapi_schema()
    lacking = [
        f"{method.upper()} {path}: {(spec.get('description') or '')[:60]!r}"
        for path, methods in schema["paths"].items()
        for method, spec in methods.items()
        if not VIETNAMESE.search(spec.get("description") or "")
    ]
    assert lacking == [], "give these operations a Vietnamese description="


def test_an_english_docstring_is_not_taken_for_vietnamese():
    assert not VIETNAMESE.search("Judge every title and form for one history.")
    assert VIETNAMESE.search("Xét mọi danh hiệu")


# ---------------------------------------------------------------- properties and parameters
def _undescribed(schema: dict) -> list[str]:
    """Every property and parameter without a Vietnamese description."""
    lacking = [
        f"{name}.{field}: {(prop.get('description') or '')[:40]!r}"
        for name, component in schema["components"]["schemas"].items()
        for field, prop in component.get("properties", {}).items()
        if not VIETNAMESE.search(prop.get("description") or "")
    ]
    lacking += [
        f"{method.upper()} {path} {param['in']}:{param['name']}"
        for path, methods in schema["paths"].items()
        for method, spec in methods.items()
        for param in spec.get("parameters", [])
        if not VIETNAMESE.search(param.get("description") or "")
    ]
    return lacking


def test_every_property_and_parameter_has_a_vietnamese_description():
    """Issue 15 point 2: each field of each schema and each query, path and header parameter
    says in Vietnamese what it is. A new one: `Field(description=...)`, `Query(description=...)`,
    a model field (`model_field`), or the app's api_descriptions.py
    (thidua/core/openapi_descriptions.py)."""
    assert _undescribed(api.get_openapi_schema()) == [], "describe these in Vietnamese"


def test_no_app_description_outlives_its_field():
    """An entry of an app's api_descriptions.py names a schema field or a parameter that exists
    and has no description of its own (else it is dead text, or hides the schema's own)."""
    assert api.get_openapi_schema().unused_descriptions == set()


def test_a_model_field_input_is_described_with_its_choices():
    schema = api.get_openapi_schema()["components"]["schemas"]
    confidence = schema["CheckInIn"]["properties"]["confidence"]["description"]
    assert confidence.startswith("Mức độ tin cậy.")
    assert "on_track (Đúng tiến độ)" in confidence  # each code with its meaning
    period_start = schema["GoalIn"]["properties"]["period_start"]["description"]
    assert "YYYY-MM-DD" in period_start  # a day's format


def test_ids_and_shared_names_come_from_the_glossary():
    document = api.get_openapi_schema()
    params = {
        p["name"]: p
        for p in document["paths"]["/api/v1/goals/goals/{goal_id}"]["get"]["parameters"]
    }
    assert params["goal_id"]["description"] == "Mã (id) mục tiêu trong đường dẫn."
    goal = document["components"]["schemas"]["GoalOut"]["properties"]
    assert goal["id"]["description"] == "Mã định danh (id)."
    assert goal["progress"]["description"].startswith("Tiến độ (0–1")


def test_the_order_of_the_sources():
    """The schema's own description first, then the app's entry, then the glossary; an app's
    entry that is not used is reported."""
    document = {
        "components": {
            "schemas": {
                "ThingOut": {
                    "properties": {
                        "id": {"type": "integer"},
                        "name": {"type": "string", "description": "Tên riêng."},
                        "unit_id": {"type": "integer"},
                        "size": {
                            "anyOf": [{"type": "integer", "description": "Cỡ."}, {"type": "null"}]
                        },
                    }
                }
            }
        },
        "paths": {
            "/api/v1/things/{unit_id}": {"get": {"parameters": [{"name": "unit_id", "in": "path"}]}}
        },
    }
    unused = openapi_descriptions.describe(
        document,
        properties=[lambda: {"ThingOut": {"name": "Không dùng.", "unit_id": "Đơn vị của vật."}}],
    )
    props = document["components"]["schemas"]["ThingOut"]["properties"]
    assert props["name"]["description"] == "Tên riêng."  # its own
    assert props["unit_id"]["description"] == "Đơn vị của vật."  # the app's
    assert props["id"]["description"] == "Mã định danh (id)."  # the glossary
    assert props["size"]["description"] == "Cỡ."  # an optional model field's own
    param = document["paths"]["/api/v1/things/{unit_id}"]["get"]["parameters"][0]
    assert param["description"] == "Mã (id) đơn vị trong đường dẫn."
    assert unused == {"ThingOut.name"}

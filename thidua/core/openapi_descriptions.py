"""Vietnamese descriptions for every property and parameter of the OpenAPI document (issue 15,
point 2: "OpenAPI complete with Vietnamese descriptions"; tests/api/test_api_descriptions.py).

Where a description comes from, first found wins:
1. the schema itself: `Field(description=...)`, `Query(description=...)`, or an input taken
   from a model field (`core.api_schemas.model_field`: the field's verbose_name, help_text
   and choices, in Vietnamese);
2. the app's `api_descriptions.py`: `properties()` → {schema name: {field: text}} and
   `parameters()` → {path under /api/v1: {parameter: text}}, for what only that app means;
3. the glossary below, for names that mean the same everywhere (`id`, `created_at`,
   `limit`, ...) and for ids named after what they point to (`unit_id`, `goal_ids`,
   `{goal_id}` in a path);
4. a page's `items` (`Paged...Out`).

An app's entry that names a schema, field, path or parameter the document does not have, or
one the schema already describes, is answered by `describe` (config/api.py keeps them as the
document's `unused_descriptions`; tests/api/test_api_descriptions.py wants none), so an entry
cannot outlive its field unnoticed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Model

from thidua.core.api_schemas import model_field_description

Texts = dict[str, dict[str, str]]

# What an `x_id` / `x_ids` points to, in the words of the pages (the models' verbose names).
NOUNS = {
    "unit": "đơn vị",
    "person": "cán bộ",
    "goal": "mục tiêu",
    "kr": "kết quả then chốt",
    "key_result": "kết quả then chốt",
    "checkin": "lần cập nhật tiến độ",
    "task": "công việc",
    "template": "mẫu mục tiêu",
    "visit": "chuyến đi cơ sở",
    "goal_proposal": "đề xuất điều chỉnh mục tiêu",
    "program": "chương trình",
    "indicator": "chỉ tiêu",
    "movement": "phong trào thi đua",
    "registration": "đăng ký thi đua",
    "criterion": "tiêu chí",
    "rating": "xếp loại năm",
    "unit_rating": "xếp loại đơn vị",
    "appeal": "kiến nghị về xếp loại",
    "record": "hồ sơ thành tích",
    "initiative": "sáng kiến",
    "lesson": "bài học, điển hình",
    "practice": "cách làm hay",
    "assignment": "công việc được giao",
    "item_type": "loại sản phẩm, công việc",
    "session": "phiên họp Hội đồng thi đua, khen thưởng",
    "ballot": "cuộc bỏ phiếu kín",
    "proposal": "đề nghị khen thưởng",
    "decision": "quyết định khen thưởng",
    "award": "khen thưởng (bản ghi trong sổ khen thưởng)",
    "verdict": "kết quả xét trong đợt",
    "document": "văn bản",
    "exchange": "câu hỏi cho trợ lý",
    "message": "tin nhắn",
    "notification": "thông báo",
    "dispatch": "đợt gửi tin",
    "body": "tổ chức đảng",
    "cell": "chi bộ",
    "resolution": "nghị quyết",
    "digest": "bản tóm tắt nghị quyết",
    "point": "ý chính của bản tóm tắt",
    "campaign": "đợt quán triệt",
    "meeting": "buổi sinh hoạt chi bộ",
    "inspection": "cuộc kiểm tra, giám sát",
    "membership": "lần sinh hoạt Đảng (đảng viên tại một tổ chức đảng)",
    "team": "nhóm công tác",
    "briefing": "cuộc họp giao ban",
    "conclusion": "kết luận của cuộc họp giao ban",
    "unit_group": "khối, cụm đơn vị",
    "cluster": "cụm, khối thi đua",
    "position": "chức vụ",
    "post": "quá trình công tác (một chức vụ tại một đơn vị)",
    "role": "vai trò đã giao",
    "run": "lần đồng bộ nhân sự",
    "job": "tác vụ nền",
    "author": "tác giả (cán bộ)",
}

# Names that mean the same in every schema.
FIELDS = {
    "id": "Mã định danh (id).",
    "created_at": "Thời điểm tạo (ISO 8601, có múi giờ).",
    "updated_at": "Thời điểm sửa gần nhất (ISO 8601, có múi giờ).",
    "unit_name": "Tên đơn vị.",
    "person_name": "Họ và tên cán bộ.",
    "full_name": "Họ và tên.",
    "employee_code": "Mã cán bộ (số hiệu nhân sự của cơ quan).",
    "position_name": "Tên chức vụ.",
    "short_name": "Tên viết tắt.",
}

# Query and header parameters that mean the same on every operation.
PARAMETERS = {
    "If-Match": (
        "ETag nhận ở lần GET gần nhất của tài nguyên này. PUT/PATCH: bắt buộc (thiếu: 428; "
        "đã cũ: 412); POST: kiểm tra khi có gửi."
    ),
    "cursor": "Con trỏ trang sau (next_cursor của trang trước).",
    "limit": "Số mục mỗi trang (1–200).",
}


def model_words(model: type[Model], *names: str) -> dict[str, str]:
    """{name: the model field in words} for output fields that show a column as it is."""
    return {name: model_field_description(model._meta.get_field(name)) for name in names}


def _id_words(name: str, *, in_path: bool = False) -> str | None:
    for suffix, template in (("_ids", "Mã (id) các {noun}."), ("_id", "Mã (id) {noun}.")):
        if name.endswith(suffix) and name[: -len(suffix)] in NOUNS:
            text = template.format(noun=NOUNS[name[: -len(suffix)]])
            return text[:-1] + " trong đường dẫn." if in_path else text
    return None


def _property_words(schema_name: str, name: str) -> str | None:
    if name in FIELDS:
        return FIELDS[name]
    words = _id_words(name)
    if words:
        return words
    if name == "items" and schema_name.startswith("Paged"):
        return "Các mục của trang này (nhiều nhất `limit`)."
    return None


def _parameter_words(name: str, *, in_path: bool) -> str | None:
    if in_path:
        return _id_words(name, in_path=True)
    return PARAMETERS.get(name) or _id_words(name)


def _inner_words(schema: dict[str, Any]) -> str | None:
    """The description an optional value carries inside its `anyOf` (a model field's type
    made optional, `model_field(...) | None`, keeps its description on the non-null member)."""
    if schema.get("description"):
        return schema["description"]
    for member in schema.get("anyOf", []):
        if member.get("description"):
            return member["description"]
    return None


def _merged(sources: Iterable[Callable[[], Texts]]) -> Texts:
    merged: Texts = {}
    for source in sources:
        for key, texts in source().items():
            merged.setdefault(key, {}).update(texts)
    return merged


def describe(
    document: dict[str, Any],
    *,
    properties: Iterable[Callable[[], Texts]] = (),
    parameters: Iterable[Callable[[], Texts]] = (),
    path_prefix: str = "/api/v1",
) -> set[str]:
    """Fill in the description of each property and parameter that has none (in place);
    answers the apps' entries that were not used ("Schema.field", "/path parameter")."""
    by_schema, by_path = _merged(properties), _merged(parameters)
    unused = {f"{s}.{f}" for s, fields in by_schema.items() for f in fields}
    unused |= {f"{p} {n}" for p, names in by_path.items() for n in names}
    for schema_name, schema in document.get("components", {}).get("schemas", {}).items():
        own = by_schema.get(schema_name, {})
        for name, prop in schema.get("properties", {}).items():
            if prop.get("description"):
                continue
            words = _inner_words(prop) or own.get(name) or _property_words(schema_name, name)
            if words:
                prop["description"] = words
                unused.discard(f"{schema_name}.{name}")
    for path, methods in document.get("paths", {}).items():
        short = path.removeprefix(path_prefix)
        own = by_path.get(short, {})
        for operation in methods.values():
            for param in operation.get("parameters", []):
                if param.get("description"):
                    continue
                name = param["name"]
                words = _inner_words(param.get("schema", {})) or own.get(name)
                if words and words == own.get(name):
                    unused.discard(f"{short} {name}")
                words = words or _parameter_words(name, in_path=param.get("in") == "path")
                if words:
                    param["description"] = words
    return unused

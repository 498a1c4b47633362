"""Issue 12, point 3 (words, not codes) for the API's 422 answers: every message is the
language's own (Vietnamese by default), its limits written the Vietnamese way (1.000; 0,5;
a year as 2100), the list of allowed values joined with "hoặc", never pydantic's English."""

import json
import re
from decimal import Decimal
from typing import Annotated, Literal

import pytest
from django.utils import translation
from pydantic import Field, TypeAdapter
from pydantic import ValidationError as PydanticError

from config.api import SCHEMA_MESSAGES, _schema_message

API = "/api/v1"
# pydantic's English, a digit run of four or more without the thousands dot, an English decimal.
ENGLISH = re.compile(r"\b(Input should|must be|characters|at least|at most|or)\b")
UNGROUPED = re.compile(r"(?<![\d.,])\d{5,}")
ENGLISH_DECIMAL = re.compile(r"\d\.\d(?!\d\d(?!\d))")


def _errors(kind, value, loc=("body", "value")):
    try:
        TypeAdapter(kind).validate_python(value)
    except PydanticError as exc:
        return [{**error, "loc": loc + tuple(error["loc"])} for error in exc.errors()]
    raise AssertionError("valid")


def _message(kind, value, loc=("body", "value")):
    with translation.override("vi"):
        [error] = _errors(kind, value, loc)
        return _schema_message(error)


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        (Annotated[str, Field(max_length=1000)], "x" * 1001, "Tối đa 1.000 ký tự."),
        (Annotated[list[int], Field(max_length=1000)], list(range(1001)), "Tối đa 1.000 mục."),
        (
            Annotated[int, Field(le=2**63 - 1)],
            2**63,
            "Giá trị không được vượt quá 9.223.372.036.854.775.807.",
        ),
        (Annotated[Decimal, Field(ge=Decimal("0.5"))], "0.25", "Giá trị phải từ 0,5 trở lên."),
        (Annotated[int, Field(gt=10_000)], 5, "Giá trị phải lớn hơn 10.000."),
        (
            Literal["draft", "submitted", "approved"],
            "x",
            "Hãy chọn một trong các giá trị: 'draft', 'submitted' hoặc 'approved'.",
        ),
        (int, "abc", "Hãy nhập một số nguyên."),
        (Annotated[str, Field(pattern=r"^[a-z]+$")], "ABC", "Giá trị không đúng dạng yêu cầu."),
    ],
)
def test_limits_are_written_the_vietnamese_way(kind, value, expected):
    assert _message(kind, value) == expected


def test_a_years_bound_is_not_grouped():
    year = Annotated[int, Field(ge=1945, le=2100)]
    assert _message(year, 1800, loc=("query", "year")) == "Giá trị phải từ 1945 trở lên."
    assert _message(year, 1800, loc=("body", "picks", 0, "year")) == "Giá trị phải từ 1945 trở lên."


@pytest.mark.parametrize("kind", sorted(SCHEMA_MESSAGES))
def test_every_message_is_translated(kind):
    context = {
        "max_length": 1000,
        "min_length": 1000,
        "max_digits": 12,
        "decimal_places": 2,
        "whole_digits": 10,
        "ge": Decimal("1000.5"),
        "gt": 10_000,
        "le": 2**31,
        "lt": 0.25,
        "expected": "'a' or 'b'",
    }
    with translation.override("vi"):
        message = _schema_message({"type": kind, "loc": ("body", "value"), "ctx": context})
    assert not ENGLISH.search(message), message
    assert not UNGROUPED.search(message), message
    assert not ENGLISH_DECIMAL.search(message), message


@pytest.mark.django_db
def test_answers_of_the_api_are_vietnamese_with_formatted_limits(cascade, client):
    client.force_login(cascade["staff_a"].user)
    limit = client.get(f"{API}/goals/tasks?limit=201").json()["detail"]
    assert limit == [
        {
            "loc": ["query", "limit"],
            "msg": "Giá trị không được vượt quá 200.",
            "type": "less_than_equal",
        }
    ]
    year = client.get(f"{API}/awards/proposals?year=1800").json()["detail"]
    assert year[0]["msg"] == "Giá trị phải từ 1945 trở lên."
    status = client.get(f"{API}/awards/proposals?status=nowhere").json()["detail"]
    assert " hoặc '" in status[0]["msg"] and " or " not in status[0]["msg"]
    body = {"code": "nowhere", "year": 2025, "achievements": "x" * 8001, "person_id": 2**63}
    answer = client.post(
        f"{API}/awards/proposals", json.dumps(body), content_type="application/json"
    )
    assert answer.status_code == 422
    messages = {item["loc"][-1]: item["msg"] for item in answer.json()["detail"]}
    assert messages["achievements"] == "Tối đa 8.000 ký tự."
    assert messages["person_id"] == "Giá trị không được vượt quá 9.223.372.036.854.775.807."
    assert " hoặc " in messages["code"]
    for message in messages.values():
        assert not ENGLISH.search(message), message

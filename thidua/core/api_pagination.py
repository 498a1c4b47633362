"""Cursor pagination for the API's lists: keyset on (sort key, pk), an opaque cursor.

`@paginate(KeysetPagination, ordering=("-created_at", "-pk"))` on an operation whose view
returns a queryset (already limited to what the caller may see) answers
`{"items": [...], "next_cursor": "..."|null}`; the client passes `?cursor=` to get the next
page and `?limit=` (1–200, default 50) for its size. The cursor is the last item's sort
values, base64url-encoded JSON: no offset, so a row inserted meanwhile neither repeats nor
skips an item, and page 1000 costs what page 1 does (an index on the ordering serves it).
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import ValidationError
from ninja.pagination import PaginationBase

LIMIT_DEFAULT = 50
LIMIT_MAX = 200
CURSOR_MAX = 1000


def _plain(value: Any) -> bool:
    """A sort value a cursor may carry: text, or an integer a 64-bit column can hold."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    return isinstance(value, str)


class KeysetPagination(PaginationBase):
    class Input(Schema):
        cursor: str | None = Field(
            None,
            max_length=CURSOR_MAX,
            pattern=r"^[A-Za-z0-9_-]*={0,2}$",
            description="Con trỏ trang sau (next_cursor của trang trước).",
        )
        limit: int = Field(
            LIMIT_DEFAULT, ge=1, le=LIMIT_MAX, description="Số mục mỗi trang (1–200)."
        )

    class Output(Schema):
        items: list[Any]
        next_cursor: str | None = Field(None, description="Con trỏ của trang sau; null khi đã hết.")

    items_attribute = "items"

    def __init__(self, *, ordering: tuple[str, ...] = ("pk",), **kwargs: Any) -> None:
        if ordering[-1].lstrip("-") not in ("pk", "id"):
            raise ValueError("the last ordering field must be the primary key (a unique key)")
        self.ordering = ordering
        super().__init__(**kwargs)

    # -- the cursor
    @staticmethod
    def _value(item: Any, field: str) -> Any:
        value = item
        for part in field.lstrip("-").split("__"):
            value = getattr(value, part)
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        return value

    def encode(self, item: Any) -> str:
        values = [self._value(item, field) for field in self.ordering]
        raw = json.dumps(values, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")

    def decode(self, cursor: str) -> list[Any]:
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            values = json.loads(raw.decode("utf-8"))
        except (ValueError, binascii.Error, UnicodeDecodeError):
            values = None
        if not (
            isinstance(values, list)
            and len(values) == len(self.ordering)
            and all(_plain(v) for v in values)
        ):
            raise self._invalid()
        return values

    @staticmethod
    def _invalid() -> ValidationError:
        return ValidationError(
            [{"loc": ["query", "cursor"], "msg": "Invalid cursor", "type": "cursor_invalid"}]
        )

    def _after(self, values: list[Any]) -> Q:
        """Rows after the cursor in the ordering: (a, b, pk) > (va, vb, vpk), per direction."""
        condition = Q()
        for i, field in enumerate(self.ordering):
            name = field.lstrip("-")
            op = "lt" if field.startswith("-") else "gt"
            step = Q(**{f"{name}__{op}": values[i]})
            for prev in range(i):
                step &= Q(**{self.ordering[prev].lstrip("-"): values[prev]})
            condition |= step
        return condition

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        queryset = queryset.order_by(*self.ordering)
        if pagination.cursor:
            values = self.decode(pagination.cursor)
            try:
                queryset = queryset.filter(self._after(values))
            except (ValueError, TypeError, DjangoValidationError):  # a value of the wrong type
                raise self._invalid() from None
        rows = list(queryset[: pagination.limit + 1])
        more = len(rows) > pagination.limit
        items = rows[: pagination.limit]
        return {"items": items, "next_cursor": self.encode(items[-1]) if more else None}

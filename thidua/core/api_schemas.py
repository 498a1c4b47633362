"""What every API schema shares: input types carrying the model's limits, ids in the database's
range, and the error answers (ninja's format, Vietnamese messages).

Input fields are derived from the model field (`model_field(Goal, "title")`), so the API
cannot drift from the table: strings keep the column's length, decimals its digits and
places (NaN and infinities refused), integers the column's range and validators, choices
become an enum.
"""

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import translation
from ninja import Schema
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

# Longest text accepted for a TextField that has no max_length (the model sets none; the
# request body limit alone would allow megabytes).
TEXT_MAX_CHARS = 10_000
# Primary keys are 64-bit (BigAutoField): larger numbers cannot name a row.
ID_MAX = 2**63 - 1

Id = Annotated[int, Field(ge=1, le=ID_MAX)]

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: Any) -> Any:
    # pydantic would also take a number (seconds since 1970) or a datetime string as a date.
    if isinstance(value, date) or (isinstance(value, str) and ISO_DATE.fullmatch(value)):
        return value
    raise PydanticCustomError("date_parsing", "Input should be a date as YYYY-MM-DD")


# A day, written YYYY-MM-DD (query parameters and bodies alike).
Day = Annotated[date, BeforeValidator(_iso_date_only)]


class InputSchema(BaseModel):
    """A request body: a JSON object only (ninja's Schema would read the attributes of any
    value, so a bare string \"AAA\" would pass as a task titled \"Aaa\" via str.title)."""

    model_config = ConfigDict(extra="ignore")

    def dict(self, **kwargs: Any) -> dict[str, Any]:
        return self.model_dump(**kwargs)


def _decimal_bound(field: models.DecimalField) -> Decimal:
    whole = field.max_digits - field.decimal_places
    return Decimal(10) ** whole - Decimal(10) ** -field.decimal_places


def _plain_text(*, required: bool):
    """Text a database column can hold (PostgreSQL refuses NUL, UTF-8 lone surrogates) and,
    when the column is required, with something besides spaces."""

    def check(value: str) -> str:
        if "\x00" in value:
            raise PydanticCustomError("string_null_character", "Null characters are not allowed")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise PydanticCustomError("string_unicode", "Input should be valid text") from None
        if required and not value.strip():
            raise PydanticCustomError("string_blank", "Input should not be blank")
        return value

    return check


def _decimal_text(field: models.DecimalField, *, low: Decimal, high: Decimal) -> list[Any]:
    """A decimal comes as a JSON number or as a string of plain digits (never "NaN", "1e400",
    "1_000"); the schema says so, so generated clients and fuzzers send the same."""
    whole = field.max_digits - field.decimal_places
    pattern = re.compile(rf"-?\d{{1,{whole}}}(\.\d{{1,{field.decimal_places}}})?")

    def plain_digits(value: Any) -> Any:
        if isinstance(value, str) and not pattern.fullmatch(value):
            raise PydanticCustomError("decimal_parsing", "Input should be a number")
        return value

    return [
        BeforeValidator(plain_digits),
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "number", "minimum": float(low), "maximum": float(high)},
                    {"type": "string", "pattern": f"^{pattern.pattern}$"},
                ]
            },
            mode="validation",
        ),
    ]


def model_field(model: type[models.Model], name: str, *, max_length: int | None = None) -> Any:
    """The pydantic type of one model field as request input, with the field's limits.
    `max_length` only narrows a text field (e.g. what the page's form also allows)."""
    field = model._meta.get_field(name)
    limits: dict[str, Any] = {}
    extra: list[Any] = []
    python_type: Any
    if field.choices:
        python_type = Literal[tuple(str(value) for value, _label in field.flatchoices)]
    elif isinstance(field, models.DecimalField):
        python_type = Decimal
        bound = _decimal_bound(field)
        limits.update(
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            allow_inf_nan=False,
            ge=-bound,
            le=bound,
        )
    elif isinstance(field, models.BooleanField):
        python_type = bool
    elif isinstance(field, models.IntegerField | models.AutoField):
        python_type = int
        low, high = BaseDatabaseOperations.integer_field_ranges.get(
            field.get_internal_type(), (-ID_MAX - 1, ID_MAX)
        )
        limits.update(ge=low, le=high)
    elif isinstance(field, models.DateTimeField):
        python_type = datetime
    elif isinstance(field, models.DateField):
        python_type = date
    elif isinstance(field, models.CharField | models.TextField):
        python_type = str
        longest = field.max_length or TEXT_MAX_CHARS
        limits["max_length"] = min(longest, max_length or longest)
        extra = [AfterValidator(_plain_text(required=not field.blank))]
        # The same rules for clients and fuzzers: no NUL; when required, not only spaces.
        pattern = r"^[^\x00]*[^\s\x00][^\x00]*$" if not field.blank else r"^[^\x00]*$"
        limits["pattern_in_schema"] = pattern
    else:  # pragma: no cover - a field kind the API does not take as input yet
        raise TypeError(f"{model.__name__}.{name}: no input type for {type(field).__name__}")
    for validator in field.validators:
        if isinstance(validator, MinValueValidator) and "ge" in limits:
            limits["ge"] = max(limits["ge"], validator.limit_value)
        elif isinstance(validator, MaxValueValidator) and "le" in limits:
            limits["le"] = min(limits["le"], validator.limit_value)
    if isinstance(field, models.DecimalField) and not field.choices:
        extra = _decimal_text(field, low=limits["ge"], high=limits["le"])
    limits["json_schema_extra"] = _model_field_schema(field, limits.pop("pattern_in_schema", None))
    return Annotated[python_type, Field(**limits), *extra]


def _model_field_schema(field: models.Field, pattern: str | None):
    """The OpenAPI extras of an input taken from a model field: the text pattern, and a
    Vietnamese description when the schema gives none of its own — the field's verbose_name
    and help_text, and each choice's label (what django-ninja's ModelSchema does with
    help_text; read when the document is made, so the catalogue's words are used)."""

    def extra(schema: dict[str, Any]) -> None:
        if pattern is not None:
            schema["pattern"] = pattern
        if not schema.get("description"):
            schema["description"] = model_field_description(field)

    return extra


def model_field_description(field: models.Field) -> str:
    """A model field in Vietnamese words: "Trạng thái: draft (nháp), submitted (đã gửi)."."""
    with translation.override("vi"):
        text = str(field.verbose_name)
        text = f"Mã (id) {text}" if field.is_relation else text[:1].upper() + text[1:]
        if field.help_text:
            text = f"{text}: {field.help_text}"
        if isinstance(field, models.DateTimeField):
            text = f"{text.rstrip('.')} (ISO 8601, có múi giờ)"
        elif isinstance(field, models.DateField):
            text = f"{text.rstrip('.')} (YYYY-MM-DD)"
        if field.choices:
            choices = ", ".join(f"{value} ({label})" for value, label in field.flatchoices)
            text = f"{text.rstrip('.')}. Một trong: {choices}"
    return text if text.endswith(".") else f"{text}."


# ---------------------------------------------------------------- error answers
class MessageOut(Schema):
    """An error with one message: 400 (unreadable body), 401, 403, 404."""

    detail: str


class ErrorItem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    """422: one item per wrong field, as django-ninja reports them."""

    detail: list[ErrorItem]


# The error answers every operation may give (add them to its `response=`).
ERRORS: dict[int, Any] = {
    400: MessageOut,
    401: MessageOut,
    403: MessageOut,
    404: MessageOut,
    422: ValidationErrorOut,
}


def validation_error_items(exc: ValidationError) -> list[dict]:
    """A service's ValidationError as ninja's 422 items, one per message."""
    if hasattr(exc, "error_dict"):
        return [
            {
                "loc": ["body"] if field == NON_FIELD_ERRORS else ["body", field],
                "msg": message,
                "type": "value_error",
            }
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"loc": ["body"], "msg": message, "type": "value_error"} for message in exc.messages]


def form_validation_error(form, names: dict[str, str] | None = None) -> ValidationError:
    """A bound page form's errors as a service's ValidationError would be (422, one item per
    field), each field under its API name when `names` renames it."""
    names = names or {}
    return ValidationError(
        {names.get(field, field): list(errors) for field, errors in form.errors.items()}
    )


# The answers of an update checked by If-Match (thidua/core/api_etag.py).
PRECONDITION_ERRORS: dict[int, Any] = {
    412: MessageOut,
    428: MessageOut,
}

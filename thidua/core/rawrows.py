"""Model rows read by a statement built once per process, for the few hottest requests.

The ORM builds and compiles its SQL on every query: for a one-row lookup that is about half
of the request's database CPU. Where one request runs millions of times a day (a member's
personal link, the signed-in user behind every request), the statement is written once from
the model's metadata (`select_list`) and each row becomes a model instance through Django's
own `Model.from_db`, exactly as a queryset would build it.
"""

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connections, models

M = TypeVar("M", bound=models.Model)


def attnames(model: type[models.Model]) -> list[str]:
    """The concrete fields' attribute names, in the order `select_list` selects them."""
    return [field.attname for field in model._meta.concrete_fields]


def select_list(model: type[models.Model], alias: str, *, using: str = "default") -> str:
    """`alias."col", …` for every concrete field of `model`, quoted for the database."""
    qn = connections[using].ops.quote_name
    return ", ".join(f"{alias}.{qn(field.column)}" for field in model._meta.concrete_fields)


def build(model: type[M], values: Sequence[Any], *, using: str = "default") -> M:
    """The instance for one row's values (in `attnames` order), converted as a queryset does
    (e.g. JSON text to Python on databases without a JSON type)."""
    connection = connections[using]
    names, converters = _plan(model, connection)
    converted = list(values)
    for index, expression, chain in converters:
        value = converted[index]
        for converter in chain:
            value = converter(value, expression, connection)
        converted[index] = value
    return model.from_db(using, names, converted)


def _plan(model: type[models.Model], connection: Any) -> tuple[list[str], list]:
    """The attribute names and, for the fields that have any, the database converters —
    worked out once per model and connection (they are the same for every row)."""
    plans = connection.__dict__.setdefault("_thidua_rawrows", {})
    if model not in plans:
        converters = []
        for index, field in enumerate(model._meta.concrete_fields):
            expression = field.get_col(model._meta.db_table)
            chain = [
                *connection.ops.get_db_converters(expression),
                *expression.get_db_converters(connection),
            ]
            if chain:
                converters.append((index, expression, chain))
        plans[model] = (attnames(model), converters)
    return plans[model]


def fetch_one(
    model: type[M], sql: str, params: Sequence[Any], *, using: str = "default"
) -> M | None:
    """The instance of the first row `sql` returns (it must select `select_list(model, …)`)."""
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else build(model, row, using=using)

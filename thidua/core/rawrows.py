"""Model rows read by a statement built once per process, for the few hottest requests.

The ORM builds and compiles its SQL on every query: for a one-row lookup that is about half
of the request's database CPU. Where one request runs millions of times a day (a member's
personal link, the signed-in user behind every request), the statement is written once from
the model's metadata (`select_list`) and each row becomes a model instance through Django's
own `Model.from_db`, exactly as a queryset would build it.

On PostgreSQL these statements are also prepared once per connection (`hot_cursor`):
planning the personal link's statement costs PostgreSQL about five times executing it.
Django's own queries are bound on the client and never prepared, so this changes nothing
for them; `THIDUA_PREPARED_STATEMENTS = False` turns it off (e.g. behind a pooler in
transaction mode that does not carry prepared statements).
"""

from collections.abc import Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.db import connections, models
from django.db.backends.utils import CursorDebugWrapper

try:
    from django.db.backends.postgresql.base import (  # type: ignore[attr-defined]
        ServerBindingCursor,
    )
except ImportError:  # psycopg is not installed: PostgreSQL is not in use
    ServerBindingCursor = None

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


def hot_cursor(*, using: str = "default") -> Any:
    """A cursor for a statement run on very many requests: on PostgreSQL bound on the
    server and prepared at its first run on the connection (psycopg keeps the plan by the
    statement's text), still Django's wrapper (errors translated, queries logged and
    counted in tests); elsewhere the usual cursor."""
    connection = connections[using]
    if connection.vendor != "postgresql" or not settings.THIDUA_PREPARED_STATEMENTS:
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Only server-bound cursors prepare; Django's own cursors bind on the client.
        raw.prepare_threshold = 0
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        cursor = ServerBindingCursor(raw)
    if connection.queries_logged:
        return _LoggedStatement(cursor, connection)
    return connection.make_cursor(cursor)


class _LoggedStatement(CursorDebugWrapper):
    """Django's query log (DEBUG, tests counting queries) for a prepared statement: its text
    as written — psycopg does not keep a prepared statement's text where Django reads it."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(sql, params):
            return super(CursorDebugWrapper, self).execute(sql, params)


def fetch_one(
    model: type[M], sql: str, params: Sequence[Any], *, using: str = "default"
) -> M | None:
    """The instance of the first row `sql` returns (it must select `select_list(model, …)`)."""
    with hot_cursor(using=using) as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else build(model, row, using=using)

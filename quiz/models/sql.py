"""Model instances from hand-written SELECTs, for the few reads every student request makes.

Building a query with the ORM costs more than running it: for the attempt a question page reads,
Django spent about three times as long compiling the SQL as SQLite spent answering it
(bench/profile_requests.py). These helpers write the column list once per model and turn each row
into an instance with the same database converters and `Model.from_db()` the ORM uses, so the
objects behave exactly like those a QuerySet returns.
"""

from functools import cache

from django.db import connection, models


@cache
def column_list(model: type[models.Model], alias: str) -> str:
    """`alias."col1", alias."col2", ...` for the model's concrete fields, in field order."""
    quote = connection.ops.quote_name
    return ", ".join(
        f"{alias}.{quote(field.column)}" for field in model._meta.concrete_fields
    )


def field_count(model: type[models.Model]) -> int:
    return len(model._meta.concrete_fields)


@cache
def field_index(model: type[models.Model], attname: str) -> int:
    """Where a field's value is in a row of `column_list(model, ...)`."""
    return [field.attname for field in model._meta.concrete_fields].index(attname)


@cache
def _converters(model: type[models.Model], vendor: str) -> list[tuple]:
    # The converters are the backend's and the fields' own (a UUID stored as text on SQLite, JSON
    # decoded, a datetime made aware...); they depend on the backend, not on a connection's state.
    converters = []
    for field in model._meta.concrete_fields:
        expression = field.get_col(model._meta.db_table)
        functions = connection.ops.get_db_converters(
            expression
        ) + expression.get_db_converters(connection)
        converters.append((expression, tuple(functions)))
    return converters


def instance(model: type[models.Model], values) -> models.Model:
    """The model instance for one row's values of `column_list(model, ...)`."""
    converted = []
    for value, (expression, functions) in zip(
        values, _converters(model, connection.vendor), strict=True
    ):
        for function in functions:
            value = function(value, expression, connection)
        converted.append(value)
    return model.from_db(connection.alias, None, converted)


def pk_value(model: type[models.Model], value):
    """A primary key as the database stores it (a UUID is text without dashes on SQLite)."""
    return model._meta.pk.get_db_prep_value(value, connection)


@cache
def _insert(model: type[models.Model]) -> tuple[str, list]:
    quote = connection.ops.quote_name
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    pk = model._meta.pk
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)}"
        f" ({', '.join(quote(field.column) for field in fields)})"
        f" VALUES ({', '.join(['%s'] * len(fields))})"
        f" RETURNING {quote(pk.column)}"
    )
    return sql, fields


def insert(instance: models.Model, cursor) -> None:
    """Store a new instance and set its primary key, as `save()` would, without signals (both
    SQLite >= 3.35 and PostgreSQL return the new id from the INSERT)."""
    sql, fields = _insert(type(instance))
    cursor.execute(
        sql,
        [
            field.get_db_prep_save(field.pre_save(instance, True), connection)
            for field in fields
        ],
    )
    instance.pk = cursor.fetchone()[0]
    instance._state.adding = False
    instance._state.db = connection.alias

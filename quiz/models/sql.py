"""Every statement the app writes by hand, named after what it does, with its reason in one line.

Two reasons, and no others:
- Speed, for the reads and writes every student request makes: building a query with the ORM
  costs more than running it (for the attempt a question page reads, Django spent about three
  times as long compiling the SQL as SQLite spent answering it; bench/profile_requests.py).
- RETURNING, which the ORM's update() cannot ask for: a write that also returns the values it
  wrote saves the request a second query, and no other request can slip in between.

Table and column names come from the models' `_meta`, quoted by the backend. A rule the models
write as a Q (an assignment being open) is compiled by the ORM once, never written again here.
The statements need SQLite >= 3.35 (RETURNING, 2021) or PostgreSQL. Rows become instances with
the same database converters and `Model.from_db()` the ORM uses, so the objects behave exactly
like a QuerySet's.
"""

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import connection, models
from django.db.backends.utils import CursorWrapper
from django.db.models import Q
from django.db.models.expressions import Col

if TYPE_CHECKING:
    from quiz.models.quizzes import Assignment

ModelT = TypeVar("ModelT", bound=models.Model)
# A database converter, as the backend and the fields give them: (value, expression, connection).
Converter = Callable[[Any, Any, Any], Any]


def quoted_table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def quoted_column(model: type[models.Model], field_name: str) -> str:
    field = model._meta.get_field(field_name)
    if not isinstance(
        field, models.Field
    ):  # a reverse relation or a generic key: no column
        raise ValueError(f"{model.__name__}.{field_name} has no column of its own.")
    return connection.ops.quote_name(field.column)


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
def field_attnames(model: type[models.Model]) -> tuple[str, ...]:
    """The attribute names of the model's concrete fields, in the order of `column_list`."""
    return tuple(field.attname for field in model._meta.concrete_fields)


@cache
def field_index(model: type[models.Model], attname: str) -> int:
    """Where a field's value is in a row of `column_list(model, ...)`."""
    return field_attnames(model).index(attname)


@cache
def _converters(
    model: type[models.Model], vendor: str
) -> list[tuple[Col, tuple[Converter, ...]]]:
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


def instance(model: type[ModelT], values: Sequence[Any]) -> ModelT:
    """The model instance for one row's values of `column_list(model, ...)`."""
    converted = []
    for value, (expression, functions) in zip(
        values, _converters(model, connection.vendor), strict=True
    ):
        for function in functions:
            value = function(value, expression, connection)
        converted.append(value)
    return model.from_db(connection.alias, field_attnames(model), converted)


def pk_value(model: type[models.Model], value: object) -> Any:
    """A primary key as the database stores it (a UUID is text without dashes on SQLite)."""
    pk = model._meta.pk
    if pk is None:
        raise ValueError(f"{model.__name__} has no primary key.")
    return pk.get_db_prep_value(value, connection)


@cache
def _insert(model: type[models.Model]) -> tuple[str, list[models.Field]]:
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


def insert_returning_pk(instance: models.Model, cursor: CursorWrapper) -> None:
    """Store a new instance and set its primary key, as `save()` would, without signals: the
    answer's rows, at a fraction of the ORM's cost (speed)."""
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


@cache
def owned_attempt_with_quiz_and_version(
    attempt: type[models.Model],
    quiz: type[models.Model],
    assignment: type[models.Model],
    content_version: type[models.Model],
) -> str:
    """The attempt by id and browser id, with its quiz, its assignment and the content version,
    in one row: read by every student request (speed)."""
    return (
        f"SELECT {column_list(attempt, 'a')}, {column_list(quiz, 'q')},"
        f" {column_list(assignment, 's')},"
        f" (SELECT v.{quoted_column(content_version, 'number')}"
        f" FROM {quoted_table(content_version)} v"
        f" WHERE v.{quoted_column(content_version, 'id')} = 1)"
        f" FROM {quoted_table(attempt)} a"
        f" JOIN {quoted_table(quiz)} q"
        f" ON q.{quoted_column(quiz, 'id')} = a.{quoted_column(attempt, 'quiz')}"
        f" LEFT JOIN {quoted_table(assignment)} s"
        f" ON s.{quoted_column(assignment, 'id')} = a.{quoted_column(attempt, 'assignment')}"
        f" WHERE a.{quoted_column(attempt, 'id')} = %s"
        f" AND a.{quoted_column(attempt, 'browser_id')} = %s"
    )


@cache
def stored_responses_with_choices(
    response: type[models.Model],
    chosen: type[models.Model],
    *,
    one_question: bool,
) -> str:
    """An attempt's stored answers (or its answer to one question), one row per chosen choice
    (`chosen`, the model of the choices an answer chose): read by every question and results
    page (speed)."""
    condition = f" WHERE r.{quoted_column(response, 'attempt')} = %s"
    if one_question:
        condition += f" AND r.{quoted_column(response, 'question')} = %s"
    return (
        f"SELECT {column_list(response, 'r')}, c.{quoted_column(chosen, 'choice')}"
        f" FROM {quoted_table(response)} r"
        f" LEFT JOIN {quoted_table(chosen)} c"
        f" ON c.{quoted_column(chosen, 'response')} = r.{quoted_column(response, 'id')}"
        f"{condition}"
    )


# Where a compiled condition takes the moment it is asked at (see `condition_at_a_moment`).
MOMENT = object()
_PLACEHOLDER_MOMENT = datetime(2000, 1, 1, tzinfo=UTC)


@cache
def condition_at_a_moment(
    model: type[models.Model], condition: Callable[[datetime], Q]
) -> tuple[str, tuple[Any, ...]]:
    """A rule the model writes once as a Q of one moment (`Assignment.open_condition`), as SQL
    over the model's table (columns qualified by the table's name), compiled by the ORM once per
    process; and its parameters, with MOMENT where the moment goes. So a hand-written statement
    applies the very rule the QuerySet filters by."""
    query = model._default_manager.filter(condition(_PLACEHOLDER_MOMENT)).query
    text, params = query.get_compiler(connection=connection).compile(query.where)
    placeholder = connection.ops.adapt_datetimefield_value(_PLACEHOLDER_MOMENT)
    return text, tuple(MOMENT if param == placeholder else param for param in params)


@cache
def _count_answer_if_still_open(
    attempt: type[models.Model], assignment: type["Assignment"]
) -> tuple[str, tuple[Any, ...]]:
    a, s = quoted_table(attempt), quoted_table(assignment)
    score, answered, finished, expires, assignment_id = (
        quoted_column(attempt, name)
        for name in (
            "score",
            "answered_count",
            "finished_at",
            "expires_at",
            "assignment",
        )
    )
    assignment_open, open_params = condition_at_a_moment(
        assignment, assignment.open_condition
    )
    text = (
        f"UPDATE {a} SET {score} = {score} + %s,"
        f" {answered} = {answered} + 1,"
        f" {finished} = CASE WHEN {answered} + 1 >= %s THEN %s ELSE NULL END"
        f" WHERE {quoted_column(attempt, 'id')} = %s"
        f" AND {finished} IS NULL"
        f" AND ({expires} IS NULL OR {expires} >= %s)"
        f" AND ({a}.{assignment_id} IS NULL OR EXISTS ("
        f"SELECT 1 FROM {s} WHERE {s}.{quoted_column(assignment, 'id')} = {a}.{assignment_id}"
        f" AND {assignment_open}))"
        f" RETURNING {score}, {answered}"
    )
    return text, open_params


def count_answer_if_still_open(
    attempt: type[models.Model],
    assignment: type["Assignment"],
    *,
    attempt_id: object,
    points: float,
    question_count: int,
    now: datetime,
) -> tuple[str, list[Any]]:
    """Add an answer's points to its attempt, finishing it with the last answer, only while it
    takes answers (not finished, not out of time, its assignment open by
    `Assignment.open_condition`), and return the new score and count (RETURNING): the statement
    and its parameters."""
    text, open_params = _count_answer_if_still_open(attempt, assignment)
    moment = connection.ops.adapt_datetimefield_value(now)
    params = [
        points,
        question_count,
        moment,  # finished at, if this is the last answer
        pk_value(attempt, attempt_id),
        moment,  # against the time limit
        *(moment if param is MOMENT else param for param in open_params),
    ]
    return text, params


def count_event_returning_count(
    counter: type[models.Model], *, key: str, window_ends: str, count: str
) -> str:
    """Count one event for a rate-limit key and return the count in its window, in one statement
    (RETURNING), so parallel requests can never all read "under the limit" before any counts.
    Parameters: key, window end, now, now, window end."""
    table = quoted_table(counter)
    key_column, ends, counted = (
        quoted_column(counter, name) for name in (key, window_ends, count)
    )
    return (
        f"INSERT INTO {table} ({key_column}, {ends}, {counted}) VALUES (%s, %s, 1) "
        f"ON CONFLICT ({key_column}) DO UPDATE SET "
        f"{counted} = CASE WHEN {table}.{ends} > %s THEN {table}.{counted} + 1 ELSE 1 END, "
        f"{ends} = CASE WHEN {table}.{ends} > %s THEN {table}.{ends} ELSE %s END "
        f"RETURNING {counted}"
    )

"""A rule written once, as a `Q`, and asked of one instance already in memory.

The database answers a `Q` for many rows (`QuerySet.filter`); `holds` answers it for one object
without a query, so a model property can apply the very rule its QuerySet filters by. It knows the
few lookups such rules use, on the instance's own fields, and refuses anything else rather than
guess.
"""

import operator
from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models import Q

COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def holds(condition: Q, instance: models.Model) -> bool:
    """Whether the instance's field values satisfy the condition, as the database would say."""
    if condition.negated:
        # NOT of a comparison with NULL is NULL in SQL, not true: write the rule without ~.
        raise ValueError("A rule asked of one instance is written without ~ (NOT).")
    results = (
        holds(child, instance)
        if isinstance(child, Q)
        else lookup_holds(child, instance=instance)
        for child in condition.children
    )
    if condition.connector == Q.AND:
        satisfied = all(results)
    elif condition.connector == Q.OR:
        satisfied = any(results)
    else:
        raise ValueError(f"No {condition.connector} in a rule asked of one instance.")
    return satisfied


def lookup_holds(child: object, *, instance: models.Model) -> bool:
    """One `field__lookup=value` of a rule (a child of its Q), on the instance's value of that
    field."""
    if not (isinstance(child, tuple) and len(child) == 2):
        raise ValueError(
            f"{child!r} is not a lookup a rule asked of one instance can hold."
        )
    lookup, wanted = child
    field_name, _, kind = lookup.partition("__")
    kind = kind or "exact"
    if hasattr(wanted, "resolve_expression") or (
        kind != "isnull" and kind not in COMPARISONS
    ):
        raise ValueError(
            f"“{lookup}” cannot be asked of one instance: only isnull, exact, gt, gte, lt and "
            "lte on its own fields, against plain values."
        )
    value = getattr(instance, field_name)
    if kind == "isnull":
        return (value is None) == wanted
    # As in SQL, a comparison with NULL is never true.
    if value is None or wanted is None:
        return False
    return COMPARISONS[kind](value, wanted)

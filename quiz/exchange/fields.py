"""Reading the objects of a parsed JSON or TOML file field by field, against a spec.

Our JSON banks and the TOML seeds both parse into nested dicts and lists; each object's fields are
checked here for presence and type before any model object is built from them, so a misspelt or
mistyped field is named where it stands instead of failing somewhere later. The type names are
JSON's (a TOML table is "an object", an array "a list").
"""

from datetime import date
from typing import Any

REQUIRED = object()
LARGEST = 2**31 - 1  # every whole number in a bank is a count, a position or an offset
TEXT, FLAG, WHOLE, NULL = (str,), (bool,), (int,), (type(None),)
DATE = (date,)
# A value that is a number rather than a count (a number question's answer), in any spelling.
NUMBER = (str, int, float)
TYPE_NAMES = {
    dict: "an object",
    list: "a list",
    str: "a string",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    date: "a date",
    type(None): "null",
}


def type_name(value: Any) -> str:
    return TYPE_NAMES.get(type(value), type(value).__name__)


def typed(data: Any, spec: dict, where: str, problems: list[str]) -> dict[str, Any]:
    """The fields of one object, each checked against the spec (name: (types, default or
    REQUIRED)); every mismatch is added to `problems`, so callers build objects only when no
    problem was added."""
    if not isinstance(data, dict):
        problems.append(f"{where}: expected an object, found {type_name(data)}.")
        return {name: default for name, (_, default) in spec.items()}
    values = {}
    for name, (types, default) in spec.items():
        value = values[name] = data.get(name, default)
        if name not in data:
            if default is REQUIRED:
                problems.append(f"{where}: “{name}” is missing.")
        elif not isinstance(value, types) or (
            isinstance(value, bool) and bool not in types
        ):
            expected = " or ".join(TYPE_NAMES[kind] for kind in types)
            problems.append(
                f"{where}: “{name}” should be {expected}, not {type_name(value)}."
            )
        elif type(value) is int and types != NUMBER and not 0 <= value <= LARGEST:
            problems.append(
                f"{where}: “{name}” should be from 0 to {LARGEST}, not {value}."
            )
    problems.extend(
        f"{where}: unknown field “{name}”."
        for name in sorted(data.keys() - spec.keys())
    )
    return values


def listed(value: Any) -> list:
    """A field that should be a list (its type is reported by `typed`)."""
    return value if isinstance(value, list) else []

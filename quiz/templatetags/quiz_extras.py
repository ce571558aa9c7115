from decimal import Decimal

from django import template

from quiz.models import format_number

register = template.Library()


@register.filter
def points(value: float) -> str:
    """A score as people write it: 2, 2.5, 2.33 (never 2.50 or 2.3333)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


@register.filter
def number(value: Decimal | None) -> str:
    """A typed number as people write it: 1,500 or 2.5."""
    return "" if value is None else format_number(value)


@register.filter
def percent(share: float) -> str:
    """0.875 → "88%"."""
    return f"{round(share * 100)}%"


@register.filter
def minutes(seconds: float) -> str:
    """Seconds as minutes with one decimal: 95 → "1.6"."""
    return f"{seconds / 60:.1f}"

from django import template

register = template.Library()


@register.filter
def points(value: float) -> str:
    """A score as people write it: 2, 2.5, 2.33 (never 2.50 or 2.3333)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")

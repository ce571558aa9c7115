from decimal import Decimal

from django import template

from quiz import content
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


class ContentFragmentNode(template.Node):
    def __init__(self, nodelist, version, key_parts) -> None:
        self.nodelist, self.version, self.key_parts = nodelist, version, key_parts

    def render(self, context) -> str:
        key = tuple(part.resolve(context) for part in self.key_parts)
        # A page without a version in its context must not count as a version of its own: that
        # would empty the cache for the pages that have one.
        version = self.version.resolve(context, ignore_failures=True)
        return content.rendered(
            key,
            version=version if isinstance(version, int) else None,
            render=lambda: self.nodelist.render(context),
        )


@register.tag
def content_fragment(parser, token):
    """`{% content_fragment content_version "name" question.pk ... %}…{% endcontent_fragment %}`

    Renders its contents once per content version and key, and then serves them from memory
    (`quiz.content`). Only for HTML made from quiz content and the key alone, or from nothing
    that changes while the process runs (the page's static links): nothing about the student, the
    attempt or the request may appear inside. Without a version it just renders.
    """
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(
            "content_fragment needs a content version and a name"
        )
    nodelist = parser.parse(("endcontent_fragment",))
    parser.delete_first_token()
    return ContentFragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:]],
    )

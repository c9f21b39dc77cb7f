"""Template filters of the library: `{% load resources %}`."""

from django import template

register = template.Library()


@register.filter
def duration(seconds: int | None) -> str:
    """3725 → "1 h 2 min", 95 → "1 min 35 s"."""
    if not seconds:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{secs} s"


@register.filter
def tag_label(slug: str) -> str:
    """A tag slug as words ("first-90-days" → "first 90 days"): pages show tags from the
    `tag_slugs` copy, which costs no query."""
    return slug.replace("-", " ")

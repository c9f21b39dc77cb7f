"""Site-wide template filters: `{% load pmportal %}`."""

from django import template
from django.utils.html import urlize
from django.utils.safestring import mark_safe

from pmportal.highlight import highlight
from pmportal.markdown import render_markdown

register = template.Library()


# `{{ question.answer|markdown }}`: sanitized HTML from Markdown.
register.filter("markdown", render_markdown)
# `{{ resource.summary_headline|highlight }}`: a search headline with safe <mark> tags.
register.filter("highlight", highlight)

REL, NOOPENER = 'rel="nofollow"', 'rel="nofollow noopener"'


@register.filter(name="plain_links")
def plain_links_filter(text: str):
    """`{{ message.text|plain_links }}`: plain text escaped, its links clickable and marked
    rel="nofollow noopener" (the escaped text cannot hold a quote, so the replace is safe)."""
    html = urlize(text, nofollow=True, autoescape=True)
    return mark_safe(html.replace(REL, NOOPENER))  # noqa: S308  # nosec B308 B703

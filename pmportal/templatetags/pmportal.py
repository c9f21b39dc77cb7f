"""Site-wide template filters: `{% load pmportal %}`."""

from django import template
from django.utils.html import urlize
from django.utils.safestring import mark_safe

from pmportal.highlight import highlight
from pmportal.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """`{{ question.answer|markdown }}`: sanitized HTML from Markdown."""
    return render_markdown(text)


@register.filter(name="highlight")
def highlight_filter(text: str):
    """`{{ resource.summary_headline|highlight }}`: a search headline with safe <mark> tags."""
    return highlight(text)


REL, NOOPENER = 'rel="nofollow"', 'rel="nofollow noopener"'


@register.filter(name="plain_links")
def plain_links_filter(text: str):
    """`{{ message.text|plain_links }}`: plain text escaped, its links clickable and marked
    rel="nofollow noopener" (the escaped text cannot hold a quote, so the replace is safe)."""
    html = urlize(text, nofollow=True, autoescape=True)
    return mark_safe(html.replace(REL, NOOPENER))  # noqa: S308  # nosec B308 B703

"""Site-wide template filters: `{% load pmportal %}`."""

from django import template

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

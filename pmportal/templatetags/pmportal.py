"""Site-wide template filters: `{% load pmportal %}`."""

from django import template

from pmportal.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """`{{ question.answer|markdown }}`: sanitized HTML from Markdown."""
    return render_markdown(text)

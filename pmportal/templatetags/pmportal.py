"""Site-wide template filters: `{% load pmportal %}`."""

from django import template

from pmportal.highlight import highlight
from pmportal.markdown import render_markdown

register = template.Library()


# `{{ question.answer|markdown }}`: sanitized HTML from Markdown.
register.filter("markdown", render_markdown)
# `{{ resource.summary_headline|highlight }}`: a search headline with safe <mark> tags.
register.filter("highlight", highlight)

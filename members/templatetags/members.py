"""Template helpers for account pages: `{% load members %}`."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def social_sign_in_enabled() -> bool:
    """True when a social provider is configured (no query, unlike allauth's get_providers)."""
    return bool(getattr(settings, "SOCIALACCOUNT_PROVIDERS", None))


@register.simple_tag
def plain_labels(form) -> str:
    """Drop Django's ":" after labels on allauth's forms, to match the rest of the site."""
    if form is not None:
        form.label_suffix = ""
    return ""

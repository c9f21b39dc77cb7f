"""Template helpers for account pages: `{% load members %}`."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def social_sign_in_enabled() -> bool:
    """True when a social provider is configured (no query, unlike allauth's get_providers)."""
    return bool(getattr(settings, "SOCIALACCOUNT_PROVIDERS", None))

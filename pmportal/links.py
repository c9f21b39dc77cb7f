"""Absolute links to this site, for emails and headers that leave it."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (site-relative, starting with "/") on SITE_URL, the one public base."""
    return f"{settings.SITE_URL}{path}"

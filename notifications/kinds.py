"""The kinds of notification. Each feature app registers its own in `<app>/notifications.py`:

register(
    Kind("connection_request", "Introduction requests", Delivery.EMAIL,
         "When a member asks to connect with you."),
    Kind("message", "Messages", Delivery.EMAIL, "When a connection writes to you."),
)  # fmt: skip
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    SITE = "site", _("In the site only")
    EMAIL = "email", _("In the site and by email")
    OFF = "off", _("Off")


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    default: Delivery = Delivery.SITE
    help_text: str | Promise = ""


_registry: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    for kind in kinds:
        if _registry.get(kind.key, kind) != kind:
            raise ImproperlyConfigured(f"Notification kind {kind.key!r} is registered twice.")
        _registry[kind.key] = kind


def get(key: str) -> Kind:
    """The kind registered under `key`; KeyError for an unknown key."""
    return _registry[key]


def all() -> list[Kind]:  # shadows the builtin here only: `kinds.all()` reads well
    """Every kind, in registration order (the preferences page lists them so)."""
    return list(_registry.values())

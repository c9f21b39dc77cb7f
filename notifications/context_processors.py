"""The bell's unread count, for the header of every page."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.models import Notification


def unread(request: HttpRequest) -> dict:
    # Lazy: one COUNT only when the header shows the bell (signed-in members), none for visitors.
    return {
        "notifications_unread": SimpleLazyObject(
            lambda: Notification.objects.for_user(request.user).unread().count()
        )
    }

"""The bell's unread count, for the header of every page, and the other unread counts shown
beside it."""

from collections.abc import Callable
from functools import cache

from django.db.models import F, Func, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from members.models import User
from notifications.models import Notification

# Other counts for the header, added by feature apps when they start: a context name and a
# function (user → a queryset of one row and one number, e.g. `.values(n=Func(..., "SUM"))`).
# All are read in the bell's one query.
HEADER_COUNTS: dict[str, Callable[[User], QuerySet]] = {}


def _counts(user: User) -> dict[str, int]:
    unread = Notification.objects.filter(recipient=user.pk, read_at__isnull=True)
    counts = {"notifications_unread": unread.values(n=Func(F("pk"), function="COUNT"))}
    counts |= {name: count(user) for name, count in HEADER_COUNTS.items()}
    return User.objects.filter(pk=user.pk).values(
        **{name: Coalesce(Subquery(rows.order_by()), 0) for name, rows in counts.items()}
    )[0]


def unread(request: HttpRequest) -> dict:
    # Lazy: one query only when the header shows the bell (signed-in members), none for visitors.
    counts = cache(lambda: _counts(request.user))
    return {
        name: SimpleLazyObject(lambda name=name: counts()[name])
        for name in ["notifications_unread", *HEADER_COUNTS]
    }

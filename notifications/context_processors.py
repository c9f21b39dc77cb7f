"""The bell's unread count, for the header of every page, and the other unread counts shown
beside it. They are read with the signed-in member (members/backends.py), not by a query of
their own."""

from collections.abc import Callable
from functools import cache

from django.db.models import Expression, F, Func, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from members.models import User
from notifications.models import Notification

# Other counts for the header, added by feature apps when they start: a context name and a
# function (the user's id, an expression) -> a queryset of one row and one number, e.g.
# `.values(n=Func(..., "SUM"))`.
HEADER_COUNTS: dict[str, Callable[[Expression], QuerySet]] = {}


def header_counts() -> dict[str, Expression]:
    """The header's counts as columns of a query over users (in `members.MEMBER_ANNOTATIONS`)."""
    unread = Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
    counts = {"notifications_unread": unread.values(n=Func(F("pk"), function="COUNT"))}
    counts |= {name: rows(OuterRef("pk")) for name, rows in HEADER_COUNTS.items()}
    return {name: Coalesce(Subquery(rows.order_by()), 0) for name, rows in counts.items()}


def unread(request: HttpRequest) -> dict:
    # Lazy, so visitors cost nothing. A member signed in by this very request was not loaded
    # by the backend: their counts take a query.
    def count(name: str) -> int:
        if hasattr(request.user, name):
            return getattr(request.user, name)
        return queried()[name]

    queried = cache(lambda: User.objects.filter(pk=request.user.pk).values(**header_counts())[0])
    return {
        name: SimpleLazyObject(lambda name=name: count(name))
        for name in ["notifications_unread", *HEADER_COUNTS]
    }

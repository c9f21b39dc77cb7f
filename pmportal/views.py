"""Site-wide views: home and health check (Django's own views render the error pages)."""

import logging

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from pmportal.cache import cache_for_visitors

logger = logging.getLogger(__name__)

MEMBER_COUNT_CACHE_SECONDS = 300


def member_count() -> int:
    """Active members, cached for a few minutes: the home page must not count rows per visit."""
    return cache.get_or_set(
        "home:member_count",
        lambda: get_user_model().objects.filter(is_active=True).count(),
        MEMBER_COUNT_CACHE_SECONDS,
    )


@require_safe
@cache_for_visitors()
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pmportal/home.html", {"member_count": member_count()})


# Outside the per-request transaction: opening it would fail before the view could answer 503.
@transaction.non_atomic_requests
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers a query, 503 otherwise. Load balancers poll this."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("health check: database unavailable", exc_info=True)
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})

"""Site-wide middleware that Django does not ship."""

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)


class CrossOriginResourcePolicyMiddleware:
    """Send `Cross-Origin-Resource-Policy: same-origin` so other sites cannot embed our
    responses (members-only files included) as images, scripts or media."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class DatabaseUnavailableMiddleware:
    """Answer a friendly 503 page, not a 500, while PostgreSQL is unreachable.

    Works through `process_exception`, so it sees what the view (and the per-request transaction
    around it) raised.
    With persistent connections and health checks, Django reconnects on the next request once the
    database is back; until then each request fails fast here with `Retry-After`.
    """

    RETRY_AFTER_SECONDS = 5

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OperationalError | InterfaceError) and not _database_answers():
            return self.unavailable(request)
        return None

    def unavailable(self, request: HttpRequest) -> HttpResponse:
        logger.warning("database unavailable: answered 503 for %s", request.path)
        # 503.html is self-contained: it must render without the database.
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


def _database_answers() -> bool:
    """Tell an outage from a single failed query (a bad query must stay a 500 we can see)."""
    try:
        connection.close_if_unusable_or_obsolete()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except (OperationalError, InterfaceError):
        return False
    return True

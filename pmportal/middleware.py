"""Site-wide middleware that Django does not ship."""

import logging
import sys

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.deprecation import MiddlewareMixin

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware(MiddlewareMixin):
    """No embedding by other sites (CORP); features the site never uses are off (passkeys stay
    on), each a name Chromium knows: an unknown one is a console error on every page."""

    PERMISSIONS_POLICY = (
        "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), display-capture=(), "
        "encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), hid=(), "
        "idle-detection=(), magnetometer=(), microphone=(), midi=(), payment=(), "
        "picture-in-picture=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=(), "
        "publickey-credentials-create=(self), publickey-credentials-get=(self)"
    )
    HEADERS = {
        "Cross-Origin-Resource-Policy": "same-origin",
        "Permissions-Policy": PERMISSIONS_POLICY,
    }

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        for name, value in self.HEADERS.items():
            response.headers.setdefault(name, value)
        return response


class DatabaseUnavailableMiddleware(MiddlewareMixin):
    """A friendly 503 with `Retry-After`, not a 500, while PostgreSQL is unreachable (Django's
    connection health checks reconnect once it is back)."""

    RETRY_AFTER_SECONDS = 5

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        # A database error in a middleware below (loading the session or user) never reaches
        # process_exception: `make chaos` saw ~600 such 500s while PostgreSQL was down.
        if response.status_code == 500 and (
            getattr(request, "database_connection_failed", False) or not _database_answers()
        ):
            return self.unavailable(request)
        return response

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


def _remember_database_errors(sender, request: HttpRequest | None = None, **kwargs) -> None:
    """Mark a 500 caused by a lost database connection: PostgreSQL may be back by our check (3
    such 500s a `make chaos` run, in the last 0.1 s of the restart)."""
    if request is not None and isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        request.database_connection_failed = True


got_request_exception.connect(_remember_database_errors)


def _database_answers() -> bool:
    """Tell an outage from a single failed query (a bad query must stay a 500 we can see)."""
    try:
        # Outside a transaction only (always so in production, where the request's transaction
        # has ended by now): a test's enclosing transaction must not lose its connection.
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except (OperationalError, InterfaceError):
        return False
    return True


class StaffMfaMiddleware(MiddlewareMixin):
    """Staff reach the admin and dashboard only with an authenticator app or security key on
    their account, else they are sent to set one up (recovery codes do not count)."""

    PROTECTED_PREFIXES = ("/admin/", "/dashboard/")
    OPEN_PATHS = frozenset({"/admin/login/", "/admin/logout/"})

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff:
            return None
        if not request.path.startswith(self.PROTECTED_PREFIXES) or request.path in self.OPEN_PATHS:
            return None
        if is_mfa_enabled(user, types=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]):
            return None
        messages.warning(
            request,
            "Staff pages need two-factor authentication. "
            "Set up an authenticator app or a security key to continue.",
        )
        return redirect("mfa_index")

"""Middleware for operations: replica reads, a full disk, simultaneous sign-ups."""

import errno
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils.deprecation import MiddlewareMixin

from pmportal.routers import reading_from_replica

logger = logging.getLogger(__name__)

STORAGE_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


class ReplicaReadsMiddleware:
    """Mark GET requests to `DATABASE_REPLICA_VIEWS` for `pmportal.routers.ReplicaRouter`
    (installed only with DATABASE_REPLICA_URL)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.views = frozenset(settings.DATABASE_REPLICA_VIEWS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        if request.method in {"GET", "HEAD"} and match and match.view_name in self.views:
            token = reading_from_replica.set(True)
        try:
            return self.get_response(request)
        finally:
            if token is not None:
                reading_from_replica.reset(token)


class StorageFullMiddleware(MiddlewareMixin):
    """A full disk (or quota) while storing an upload answers a clear page, not a 500 (the
    transaction has rolled back and pmportal.storage removed its temporary file)."""

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OSError) or exception.errno not in STORAGE_FULL_ERRNOS:
            return None
        logger.error("storage full while handling %s %s", request.method, request.path)
        response = render(request, "storage_full.html", status=507)
        response["Cache-Control"] = "no-store"
        return response


class SignupRaceMiddleware(MiddlewareMixin):
    """Of two sign-ups with one address at once, the second raises IntegrityError: it gets the
    answer of any taken address ("check your inbox"), not a 500 revealing the address."""

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, IntegrityError) or request.method != "POST":
            return None
        match = getattr(request, "resolver_match", None)
        if match is None or match.url_name != "account_signup":
            return None
        logger.info("simultaneous sign-ups with one address: answered as a taken address")
        return redirect("account_email_verification_sent")

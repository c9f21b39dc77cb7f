"""Where a visitor first came from (the referrer's host only), in a signed cookie until they
sign up: not the session, so anonymous pages stay cacheable and nothing is stored."""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin

from insights.models import ActivityEvent

# Over HTTPS the __Host- prefix pins the cookie to this host (no Domain, Path=/, Secure).
COOKIE_NAME = "__Host-pm_first_touch" if settings.SESSION_COOKIE_SECURE else "pm_first_touch"
# Named after the module's first home; a new salt would void the cookies visitors already hold.
COOKIE_SALT = "pmportal.first_touch"
COOKIE_MAX_AGE = 60 * 60 * 24 * 30
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
MAX_VALUE_LENGTH = 100


def _external_referrer_host(request: HttpRequest) -> str:
    host = urlsplit(request.headers.get("Referer", "")).hostname or ""
    return "" if not host or host == request.get_host().split(":")[0] else host[:255]


def first_touch_from_request(request: HttpRequest) -> dict[str, str] | None:
    """The first-touch facts this request carries, or None when it carries none."""
    touch = {key: request.GET.get(key, "")[:MAX_VALUE_LENGTH] for key in UTM_KEYS}
    touch = {key: value for key, value in touch.items() if value}
    referrer = _external_referrer_host(request)
    if referrer:
        touch["referrer_host"] = referrer
    if not touch:
        return None
    touch["landing_path"] = request.path[:500]
    return touch


def read_first_touch(request: HttpRequest) -> dict[str, str]:
    """What the visitor's first-touch cookie says; {} when absent or tampered with."""
    try:
        data = json.loads(request.get_signed_cookie(COOKIE_NAME, salt=COOKIE_SALT))
    except (KeyError, signing.BadSignature, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    allowed = {*UTM_KEYS, "referrer_host", "landing_path"}
    return {key: str(value)[:500] for key, value in data.items() if key in allowed}


class FirstTouchMiddleware(MiddlewareMixin):
    """Sets the first-touch cookie once, for anonymous visitors arriving from elsewhere, and
    counts each visit that came through a digest's link (they carry `?from=digest`)."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if request.method == "GET" and request.GET.get("from") == "digest":
            ActivityEvent.objects.create(
                kind=ActivityEvent.Kind.DIGEST_VISIT,
                user=request.user if request.user.is_authenticated else None,
            )
        if (
            request.method == "GET"
            and COOKIE_NAME not in request.COOKIES
            and not request.user.is_authenticated
        ):
            touch = first_touch_from_request(request)
            if touch:
                response.set_signed_cookie(
                    COOKIE_NAME,
                    json.dumps(touch),
                    salt=COOKIE_SALT,
                    max_age=COOKIE_MAX_AGE,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
        return response

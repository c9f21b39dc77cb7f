"""One page cache for anonymous visitors without a flash message: home, FAQ and resource
library, on Django's cache API. A page is served only while the content version it was rendered
under is current (`content_changed()` makes a new one on every edit); the rest shows within
PAGE_TIMEOUT. Pages live in the shared cache (`default`) and, for a minute, in each process's
own (`pages`), which re-reads the version at most once a second: a hit then costs no round trip.

Why not the framework's own tools, measured on 3 Dec with `make bench` (docs/performance.md):
- `cache_page` keeps a copy per visitor: a page with a form sets the CSRF cookie and says
  `Vary: Cookie`. Pages are stored here with a placeholder for the CSRF token instead.
- `{% cache %}` fragments keyed by the content version still render the page around them and
  read its row: the question and resource pages answered 0.30x and 0.31x the bare view's
  requests, against 1.02x and 1.18x with this cache (target: at least 0.6x).
"""

import functools
import hashlib
import re
import uuid
import zlib
from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode

PAGE_TIMEOUT = 5 * 60
LOCAL_VERSION_SECONDS = 1
LOCAL_PAGE_SECONDS = 60
VERSION_KEY = "pages:version"
CSRF_PLACEHOLDER = "pmportal-csrf-token-placeholder"
# What `{% csrf_token %}` renders; the masked token differs on every page, so it is found here.
CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*')


# This process's copies (see the module docstring).
local_pages = caches["pages"]


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    local_pages.clear()


def content_changed(**kwargs) -> None:
    """Make every cached page stale: now, and again when the edit commits (a page another
    process rendered before the commit must not outlive it)."""
    _new_version()
    transaction.on_commit(_new_version)


def content_version() -> str:
    """The token of the site's current content; it changes with every edit."""
    # A fresh or cleared cache starts a version no stored page belongs to.
    return cache.get_or_set(VERSION_KEY, lambda: uuid.uuid4().hex, None)


def _shared(request: HttpRequest, query: Iterable[str]) -> bool:
    # Counting messages does not consume them: the view still shows them to their visitor.
    return (
        request.method == "GET"
        and set(request.GET) <= set(query)
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))
    )


def _page_key(request: HttpRequest, query: Iterable[str]) -> str:
    params = urlencode([(name, request.GET[name]) for name in sorted(query) if name in request.GET])
    # Hashed: a query may hold any text, and cache keys must stay short and plain.
    address = f"{request.get_host()}{request.path}?{params}".encode()
    return f"pages:{hashlib.sha256(address).hexdigest()}"


def _stored(response: HttpResponse) -> tuple[dict, bytes]:
    body = CSRF_VALUE.sub(rb"\g<1>" + CSRF_PLACEHOLDER.encode(), response.content)
    # Compressed: 24 KB of the FAQ index's 84 KB come back from the cache sooner, decompression
    # included (2.8 ms against 3.5 ms a read under load, 2 Dec).
    return dict(response.headers), zlib.compress(body)


def _from_stored(request: HttpRequest, headers: dict, compressed: bytes) -> HttpResponse:
    # Bytes throughout: the page is never decoded and encoded again on its way out.
    body = zlib.decompress(compressed)
    csrf = CSRF_PLACEHOLDER.encode()
    if csrf in body:
        body = body.replace(csrf, get_token(request).encode())
    return HttpResponse(body, headers=headers)


def cache_for_visitors(
    timeout: int = PAGE_TIMEOUT, *, query: Iterable[str] = ()
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Serve the view's page from the cache to anonymous visitors. `query` names the GET
    parameters the page depends on; a request with any other is never cached."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not _shared(request, query):
                response = view(request, *args, **kwargs)
            else:
                key = _page_key(request, query)
                found = local_pages.get_many([VERSION_KEY, key])
                if found.get(key, ("",))[0] != found.get(VERSION_KEY):
                    found = cache.get_many([VERSION_KEY, key])
                    found[VERSION_KEY] = found.get(VERSION_KEY) or content_version()
                    local_pages.set(VERSION_KEY, found[VERSION_KEY], LOCAL_VERSION_SECONDS)
                    if key in found:
                        local_pages.set(key, found[key], LOCAL_PAGE_SECONDS)
                version, page = found[VERSION_KEY], found.get(key)
                if page and page[0] == version:
                    response = _from_stored(request, *page[1:])
                else:
                    response = view(request, *args, **kwargs)
                    # A page with a CSP nonce must carry its own header's: it is not shared.
                    nonce_used = bool(get_nonce(request))
                    if response.status_code == 200 and not response.streaming and not nonce_used:
                        page = (version, *_stored(response))
                        cache.set(key, page, timeout)
                        local_pages.set(key, page, LOCAL_PAGE_SECONDS)
            # Members and visitors with a message get another page at the same address.
            patch_vary_headers(response, ["Cookie"])
            return response

        # Outside the per-request transaction: these pages only read, and a transaction
        # around the cache lookup adds two round trips (BEGIN, COMMIT) to every cached page.
        return transaction.non_atomic_requests(wrapped)

    return decorator

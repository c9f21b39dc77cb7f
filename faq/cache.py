"""Whole-page cache for anonymous visitors of the FAQ index and question pages.

Pages are the same for every visitor except the CSRF token of their forms, so the cached HTML
holds a placeholder that is swapped for the visitor's own token on the way out (a
`str.replace`, no template rendering).

Two levels, because a round trip to a shared cache alone costs more than the 0.7x-of-a-bare-view
target allows (TARGETS.md):

- the shared cache (Redis or the database) holds the pages and a *generation* token that every
  edit replaces (faq/signals.py, admin bulk actions), so all server processes agree;
- each process keeps the pages it served in memory, and re-reads the generation token from the
  shared cache at most every GENERATION_CHECK_SECONDS. An edit therefore reaches every
  process within that delay, and immediately in the process that made it.
"""

import functools
import hashlib
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

CSRF_PLACEHOLDER = "faq-csrf-token-placeholder"
GENERATION_KEY = "faq:pages:generation"
PAGE_TIMEOUT = 60 * 60 * 24
# How stale another process's FAQ pages may be after an edit, in seconds.
GENERATION_CHECK_SECONDS = 1.0
# Enough for every FAQ page many times over; a runaway set of paths cannot grow memory forever.
MAX_LOCAL_PAGES = 500

_local_pages: dict[str, tuple[str, str]] = {}
_generation: dict[str, object] = {"token": None, "checked_at": 0.0}


@functools.cache
def code_version() -> str:
    """A fingerprint of what renders the pages: templates, this app's code, static file names.

    Part of every page key, so a deploy that changes any of them never serves a page rendered
    by the previous release (or by a server with other settings) from the shared cache.
    """
    digest = hashlib.sha256(str(settings.DEBUG).encode())
    app_dir = Path(__file__).resolve().parent
    sources = [
        *sorted(Path(settings.BASE_DIR, "templates").rglob("*.html")),
        *sorted(app_dir.rglob("*.py")),
    ]
    manifest = Path(settings.STATIC_ROOT, "staticfiles.json")
    if manifest.exists():
        sources.append(manifest)
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _page_key(path: str) -> str:
    # Hashed: a search variant may hold any text, and cache keys must stay short and plain.
    return f"faq:page:{code_version()}:{hashlib.sha256(path.encode()).hexdigest()}"


def invalidate() -> None:
    """Forget every cached FAQ page, in all processes. Called after any FAQ edit."""
    token = uuid.uuid4().hex
    cache.set(GENERATION_KEY, token, None)
    _local_pages.clear()
    _generation.update(token=token, checked_at=time.monotonic())


def _check_interval() -> float:
    # A per-process memory cache (tests, a single dev server) costs nothing to ask every time.
    if isinstance(caches["default"], LocMemCache):
        return 0.0
    return GENERATION_CHECK_SECONDS


def current_generation() -> str:
    """The token of the FAQ's current state (changes on every edit); at most a second old."""
    now = time.monotonic()
    if _generation["token"] is None or now - _generation["checked_at"] >= _check_interval():
        token = cache.get(GENERATION_KEY)
        if token is None:
            # A cleared or fresh cache: start a generation that no stored page belongs to.
            cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
            token = cache.get(GENERATION_KEY)
        _generation.update(token=token, checked_at=now)
    return _generation["token"]


def cacheable(request: HttpRequest, *, query_string: bool = False) -> bool:
    """Only anonymous GETs without a pending message share a page (and, unless the page says
    it depends on no more than what its key holds, without a query string).

    A flash message ("You have signed out") belongs to one visitor: rendered into a shared
    page, everyone would see it. Counting messages does not consume them.
    """
    return (
        request.method == "GET"
        and (query_string or not request.GET)
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))
    )


def cached_page(
    request: HttpRequest,
    render: Callable[[dict], str],
    *,
    variant: str = "",
    timeout: int = PAGE_TIMEOUT,
) -> HttpResponse:
    """Serve the page from the cache, or render it with `render(extra_context)` and store it.

    `variant` separates pages that share a path (search results per query).
    """
    generation = current_generation()
    key = _page_key(request.path + variant)
    stored = _local_pages.get(key)
    if not stored or stored[0] != generation:
        stored = cache.get(key)
        if not stored or stored[0] != generation:
            stored = (generation, render({"csrf_token": CSRF_PLACEHOLDER}))
            cache.set(key, stored, timeout)
        if len(_local_pages) >= MAX_LOCAL_PAGES:
            _local_pages.clear()
        _local_pages[key] = stored
    return HttpResponse(stored[1].replace(CSRF_PLACEHOLDER, get_token(request)))

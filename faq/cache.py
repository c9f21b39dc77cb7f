"""Whole-page cache for anonymous visitors of the FAQ index and question pages.

Pages are the same for every visitor except the CSRF token of the feedback form, so the cached
HTML holds a placeholder that is swapped for the visitor's own token on the way out (a
`str.replace`, no template rendering). Any edit bumps a generation number instead of hunting
for keys: pages of an older generation are simply ignored.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

CSRF_PLACEHOLDER = "faq-csrf-token-placeholder"
GENERATION_KEY = "faq:pages:generation"
PAGE_TIMEOUT = 60 * 60 * 24


def _page_key(path: str) -> str:
    return f"faq:page:{path}"


def invalidate() -> None:
    """Called after any FAQ edit (faq/signals.py, admin bulk actions)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def cacheable(request: HttpRequest) -> bool:
    """Only anonymous GETs without a query string share one page."""
    return request.method == "GET" and not request.GET and not request.user.is_authenticated


def cached_page(request: HttpRequest, render: Callable[[dict], str]) -> HttpResponse:
    """Serve the page from the cache, or render it with `render(extra_context)` and store it.

    One cache round trip on a hit (generation and page fetched together).
    """
    key = _page_key(request.path)
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY, 0)
    stored = found.get(key)
    if stored and stored[0] == generation:
        html = stored[1]
    else:
        html = render({"csrf_token": CSRF_PLACEHOLDER})
        cache.set(key, (generation, html), PAGE_TIMEOUT)
    return HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))

"""Search highlights, shared by every search on the site.

PostgreSQL's ts_headline wraps matches in two control characters that no real text contains;
the whole headline is escaped first, and only those markers then become <mark> tags.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

START, STOP = "\x02", "\x03"
# Keyword arguments for SearchHeadline(...).
HEADLINE_MARKERS = {"start_sel": START, "stop_sel": STOP}


def highlight(text: str) -> SafeString:
    """Escaped `text` with the headline markers turned into <mark> … </mark>."""
    # Escaped first; the only tags are the ones added here.
    return mark_safe(  # noqa: S308  # nosec B308 B703
        escape(text or "").replace(START, "<mark>").replace(STOP, "</mark>")
    )

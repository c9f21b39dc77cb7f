"""Search highlights: ts_headline marks matches with two control characters no text contains;
the headline is escaped, then only those markers become <mark> tags."""

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

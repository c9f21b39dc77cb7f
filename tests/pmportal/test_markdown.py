"""Markdown written by members and editors never reaches a page as executable HTML."""

import pytest

from pmportal.markdown import render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "![x](javascript:alert(1))",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<svg onload=alert(1)>",
    "<iframe src=//evil.example></iframe>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<a href='&#106;avascript:alert(1)'>x</a>",
    "<details open ontoggle=alert(1)>",
    "<form action=//evil.example><button>go</button></form>",
]


EXECUTABLE_MARKERS = [
    "<script", "onerror", "onload", "ontoggle", "javascript:", "data:text", "<iframe", "<svg",
    "style=", "<form",
]  # fmt: skip


@pytest.mark.parametrize("payload", PAYLOADS)
def test_executable_html_is_removed(payload):
    html = render_markdown(payload).lower()
    for marker in EXECUTABLE_MARKERS:
        assert marker not in html


def test_ordinary_markdown_survives_with_safe_links():
    html = render_markdown("## Roadmaps\n\nSee **the guide** at [pmportal](https://example.org).")
    assert "<h2>Roadmaps</h2>" in html
    assert "<strong>the guide</strong>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="noopener noreferrer nofollow"' in html

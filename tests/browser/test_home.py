"""The home page in a real Chromium: renders, is accessible, valid, and works at 360 px."""

import pytest

from tests.factories import UserFactory
from tests.quality import assert_accessible, assert_valid_html

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_in_chromium(live_server, page, narrow_page):
    UserFactory.create_batch(2)
    page.goto(live_server.url + "/")
    assert page.title().startswith("PM Portal")
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.locator(".hero__stat dd").inner_text() == "2"
    assert_accessible(page)

    # Keyboard: the first Tab reaches the skip link, and it moves focus to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Phone width: nothing wider than the screen.
    narrow_page.goto(live_server.url + "/")
    overflow = narrow_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert_accessible(narrow_page)

    assert_valid_html({"home": page.content()})

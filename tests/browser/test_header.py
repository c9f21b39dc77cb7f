"""The site header in Chromium: a member's account controls stay on the logo's row on a phone,
the five links stay on one row at tablet widths, and nothing scrolls sideways."""

import pytest

from tests.browser.test_network import fits, sign_in
from tests.network.conftest import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tops(page, selector: str) -> list[int]:
    script = "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
    return page.eval_on_selector_all(selector, script)


def test_the_header_keeps_its_rows_from_phone_to_desktop(live_server, narrow_page):
    sign_in(narrow_page, live_server.url, person("Ada Lovelace").email, "/members/")
    for width, nav_rows in ((360, 2), (800, 1), (1280, 1)):
        narrow_page.set_viewport_size({"width": width, "height": 780})
        narrow_page.goto(live_server.url + "/members/")
        (brand,) = tops(narrow_page, ".brand")
        (account,) = tops(narrow_page, ".site-account")
        links = tops(narrow_page, ".site-nav li")
        assert abs(brand - account) < 20, width  # logo, bells and menu on one row
        assert len(set(links)) == nav_rows, (width, links)
        # The site's name is still the logo link's name for screen readers.
        assert narrow_page.get_by_role("link", name="PM Portal").count() >= 1
        fits(narrow_page)
    narrow_page.set_viewport_size({"width": 360, "height": 780})
    narrow_page.goto(live_server.url + "/members/")
    assert max(tops(narrow_page, ".site-nav li")) < 140  # the header's rows: 191 px before

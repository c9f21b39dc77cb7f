"""The bell and the notifications page in Chromium: count, open one, mark all read."""

import pytest
from playwright.sync_api import expect

from notifications.models import Notification
from tests.browser.test_directory import sign_in
from tests.factories import MemberFactory
from tests.notifications.conftest import TEST_KIND
from tests.quality import assert_accessible, assert_valid_html

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_sees_the_count_opens_one_and_marks_all_read(live_server, page, narrow_page):
    member = MemberFactory(listed=True)
    for text, url in [
        ("<img src=x onerror=alert(1)> mentioned you", "/faq/"),
        ("Grace accepted your introduction", "/resources/"),
        ("Welcome to notifications", ""),
    ]:
        Notification.objects.create(recipient=member, kind=TEST_KIND.key, text=text, url=url)
    sign_in(page, live_server.url, member.email)

    bell = page.get_by_role("link", name="Notifications, 3 unread")
    expect(bell).to_be_visible()
    bell.focus()  # the focus ring shows
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    bell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_role("button", name="Unread: <img src=x onerror=alert(1)>")).to_be_visible()
    assert_accessible(page)
    assert_valid_html({"notifications": page.content()})

    page.get_by_role("button", name="Unread: Grace accepted your introduction").click()
    page.wait_for_url("**/resources/")
    expect(page.get_by_role("link", name="Notifications, 2 unread")).to_be_visible()

    page.get_by_role("link", name="Notifications, 2 unread").click()
    expect(page.get_by_role("button", name="Grace accepted your introduction")).to_be_visible()
    page.get_by_role("button", name="Mark all read").click()
    expect(page.locator(".messages")).to_contain_text("All your notifications are marked read.")
    expect(page.get_by_role("link", name="Notifications, 0 unread")).to_be_visible()
    expect(page.get_by_role("button", name="Mark all read")).to_have_count(0)

    # A phone screen: nothing overflows, on the list and the settings page.
    narrow_page.context.add_cookies(page.context.cookies())
    for path in ["/notifications/", "/notifications/preferences/"]:
        narrow_page.goto(live_server.url + path)
        overflow = narrow_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path
        assert_accessible(narrow_page)
    news = narrow_page.get_by_role("group", name="News from the test suite")
    news.get_by_label("In the site only").check()
    narrow_page.get_by_role("button", name="Save settings").click()
    expect(narrow_page.locator(".messages")).to_contain_text(
        "Your notification settings are saved."
    )
    assert member.notification_preferences.get(kind="test_news").delivery == "site"

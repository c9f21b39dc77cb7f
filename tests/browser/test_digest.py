"""A member opts in to the digest from their account settings on a phone-sized screen."""

import pytest
from playwright.sync_api import expect

from digest.models import Frequency, Subscription
from tests.browser.test_network import fits, sign_in
from tests.network.conftest import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_opts_in_to_a_monthly_digest(live_server, narrow_page):
    ada = person("Ada Lovelace", skills=["pricing"])
    sign_in(narrow_page, live_server.url, ada.email, "/members/me/")
    narrow_page.get_by_role("navigation", name="Account settings").get_by_role(
        "link", name="Email digest"
    ).click()
    expect(narrow_page.get_by_role("heading", level=1)).to_have_text("Email digest")
    expect(narrow_page.get_by_label("Off")).to_be_checked()
    fits(narrow_page)
    narrow_page.get_by_label("Monthly").check()
    narrow_page.get_by_label("Suggest me to other members in digests").check()
    narrow_page.get_by_role("button", name="Save digest settings").click()
    expect(narrow_page.get_by_role("status")).to_contain_text("Your digest settings are saved")
    expect(narrow_page.get_by_label("Monthly")).to_be_checked()
    fits(narrow_page)
    subscription = Subscription.objects.get(member=ada)
    assert (subscription.frequency, subscription.suggest_me) == (Frequency.MONTHLY, True)

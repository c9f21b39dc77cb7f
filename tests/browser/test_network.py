"""Two members connect in Chromium (ask, accept), then one blocks the other; every network
page passes axe, also at 360 px."""

import pytest
from playwright.sync_api import expect

from tests.network.conftest import connect, person
from tests.quality import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
REASON = "I am moving into pricing work and would value your view on it."


def sign_in(page, base_url: str, email: str, then: str) -> None:
    page.goto(f"{base_url}/accounts/login/?next={then}")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form").filter(has=page.locator("input[name=password]")).locator(
        "button[type=submit]"
    ).first.click()
    page.wait_for_url(f"**{then}")


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert_accessible(page)


def test_two_members_connect_and_one_blocks_the_other(live_server, page, narrow_page):
    ada = person("Ada Lovelace", skills=["pricing", "roadmaps"])
    grace = person("Grace Hopper", skills=["pricing"], headline="Head of product")

    # Ada finds Grace in the directory and asks, on a phone-sized screen.
    sign_in(narrow_page, live_server.url, ada.email, "/members/")
    narrow_page.get_by_role("link", name="Ask to connect with Grace Hopper").click()
    expect(narrow_page.get_by_role("heading", level=1)).to_have_text("Ask Grace Hopper to connect")
    fits(narrow_page)
    narrow_page.get_by_label("Why would you like to connect?").fill(REASON)
    narrow_page.get_by_label("Topic (optional)").select_option("pricing")
    narrow_page.get_by_role("button", name="Send request").click()
    expect(narrow_page.get_by_role("status")).to_contain_text("on its way to Grace Hopper")
    expect(narrow_page.locator(".badge")).to_have_text("Pending")
    fits(narrow_page)

    # Grace opens My network and accepts.
    sign_in(page, live_server.url, grace.email, "/network/")
    assert_accessible(page)
    page.get_by_role("link", name="Ada Lovelace").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Lovelace would like to connect")
    expect(page.locator(".network__reason")).to_have_text(REASON)
    assert ada.email not in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("status")).to_contain_text("You are connected with Ada Lovelace")
    assert_accessible(page)
    page.get_by_role("link", name="← My network").click()
    connections = page.get_by_role("region", name="Connections")
    expect(connections).to_contain_text("Ada Lovelace")

    narrow_page.goto(live_server.url + "/network/")
    expect(narrow_page.get_by_role("region", name="Connections")).to_contain_text("Grace Hopper")
    fits(narrow_page)

    # Grace blocks Ada from the connection: it ends and Ada vanishes from her directory.
    connections.get_by_role("link", name="Block Ada Lovelace").click()
    assert_accessible(page)
    page.get_by_role("button", name="Block Ada Lovelace").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Members you blocked")
    expect(page.locator(".results__list")).to_contain_text("Ada Lovelace")
    assert_accessible(page)
    page.goto(live_server.url + "/members/")
    expect(page.locator(".results__list")).not_to_contain_text("Ada Lovelace")
    # She may still tell staff about her (the report page, as the block page links to it).
    page.goto(f"{live_server.url}/network/members/{ada.profile.handle}/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report Ada Lovelace")
    assert_accessible(page)

    # Ada is not told; Grace is simply gone from her network and her directory.
    narrow_page.goto(live_server.url + "/network/")
    expect(narrow_page.get_by_role("region", name="Connections")).not_to_contain_text(
        "Grace Hopper"
    )
    narrow_page.goto(live_server.url + "/members/")
    expect(narrow_page.locator("main")).not_to_contain_text("Grace Hopper")
    expect(narrow_page.locator("main")).not_to_contain_text("block")


def test_two_connections_write_to_each_other_until_one_blocks(live_server, page, narrow_page):
    ada = person("Ada Lovelace", skills=["pricing"])
    grace = person("Grace Hopper", skills=["pricing"], headline="Head of product")
    connect(ada, grace)

    # Ada writes from My network, on a phone-sized screen.
    sign_in(narrow_page, live_server.url, ada.email, "/network/")
    narrow_page.get_by_role("link", name="Write to Grace Hopper").click()
    expect(narrow_page.get_by_role("heading", level=1)).to_have_text(
        "Conversation with Grace Hopper"
    )
    fits(narrow_page)
    narrow_page.get_by_label("Your message").fill("Hello Grace, see https://example.org/plan")
    narrow_page.get_by_role("button", name="Send").click()
    expect(narrow_page.locator(".conversation")).to_contain_text("Hello Grace")
    expect(narrow_page.get_by_role("link", name="https://example.org/plan")).to_have_attribute(
        "rel", "nofollow noopener"
    )
    fits(narrow_page)

    # Grace sees one unread message beside the bell, opens the conversation and replies.
    sign_in(page, live_server.url, grace.email, "/network/")
    messages = page.get_by_role("link", name="Messages, 1 unread")
    expect(messages).to_contain_text("1")
    messages.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Conversations")
    assert_accessible(page)
    page.get_by_role("link", name="Ada Lovelace").click()
    expect(page.locator(".conversation")).to_contain_text("Hello Grace")
    expect(page.get_by_role("link", name="Messages, 0 unread")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your message").fill("Happy to. Thursday at ten?")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".conversation")).to_contain_text("Happy to. Thursday at ten?")

    narrow_page.goto(live_server.url + "/network/conversations/")
    expect(narrow_page.get_by_role("link", name="Messages, 1 unread")).to_be_visible()
    fits(narrow_page)
    narrow_page.get_by_role("link", name="Grace Hopper").click()
    expect(narrow_page.locator(".conversation")).to_contain_text("Happy to. Thursday at ten?")

    # Grace blocks Ada; Ada's next message looks sent to her and never reaches Grace.
    page.get_by_role("link", name="Block Ada Lovelace").click()
    page.get_by_role("button", name="Block Ada Lovelace").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Members you blocked")
    narrow_page.get_by_label("Your message").fill("Are you still there?")
    narrow_page.get_by_role("button", name="Send").click()
    expect(narrow_page.locator(".conversation")).to_contain_text("Are you still there?")
    page.goto(f"{live_server.url}/network/conversations/with/{ada.profile.handle}/")
    expect(page.locator(".conversation")).to_contain_text("Happy to. Thursday at ten?")
    expect(page.locator(".conversation")).not_to_contain_text("Are you still there?")
    expect(page.get_by_role("link", name="Messages, 0 unread")).to_be_visible()
    assert_accessible(page)

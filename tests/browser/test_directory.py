"""The member directory in Chromium: search with a typo, filter by country, open a profile."""

import pytest
from playwright.sync_api import expect

from tests.members.test_directory import member
from tests.quality import assert_accessible, assert_valid_html

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/accounts/login/?next=/members/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form").filter(has=page.locator("input[name=password]")).locator(
        "button[type=submit]"
    ).first.click()
    page.wait_for_url("**/members/")


def test_member_searches_with_a_typo_filters_by_country_and_opens_a_profile(
    live_server, page, narrow_page
):
    viewer = member("Viewer Vic", listed=False)
    member(
        "John Smith",
        skills=["pricing", "discovery"],
        country="DE",
        city="Berlin",
        headline="Growth PM at Acme",
        open_to_mentoring=True,
    )
    member("Priya Sharma", skills=["pricing"], country="IN", city="Bangalore")
    member("James Miller", skills=["roadmaps"], country="DE", city="Munich")

    sign_in(page, live_server.url, viewer.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Member directory")
    assert_accessible(page)

    # Results follow the search box as you type, without a page load.
    page.evaluate("window.noReload = true")
    page.get_by_label("Search members").fill("pricng")
    results = page.locator(".results__list")
    expect(results).to_contain_text("John Smith")
    expect(results).to_contain_text("Priya Sharma")
    expect(results).not_to_contain_text("James Miller")
    expect(page.locator(".results__note")).to_contain_text("did you mean pricing")
    assert page.evaluate("window.noReload") is True
    assert "q=pricng" in page.url  # the URL is shareable

    page.get_by_label("Country").select_option("DE")
    expect(results).not_to_contain_text("Priya Sharma")
    expect(results).to_contain_text("John Smith")
    assert "country=DE" in page.url and page.evaluate("window.noReload") is True
    assert_accessible(page)
    assert_valid_html({"directory after filtering": page.content()})

    page.get_by_role("link", name="John Smith", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("John Smith")
    assert "/members/" in page.url and viewer.email not in page.content()

    # The same URL works without JavaScript, and nothing overflows a phone screen.
    narrow_page.context.add_cookies(page.context.cookies())
    narrow_page.goto(live_server.url + "/members/?q=pricng&country=DE")
    expect(narrow_page.locator(".results__list")).to_contain_text("John Smith")
    overflow = narrow_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert_accessible(narrow_page)


def test_directory_works_with_javascript_off(live_server, browser):
    viewer = member("Viewer Vic", listed=False)
    member("John Smith", skills=["pricing"], country="DE")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, viewer.email)
    page.get_by_label("Search members").fill("john")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".results__list")).to_contain_text("John Smith")
    assert "q=john" in page.url
    context.close()

"""The resource library in a real Chromium: the sign-up funnel from a members-only download,
accessibility, and phone width."""

import re

import pytest
from django.core import mail

from tests.quality import assert_accessible
from tests.resources.conftest import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "plum-orchard-47-lantern"


@pytest.fixture
def library(db):
    from resources.services import resource_generate_cover
    from tests.factories import ResourceFactory

    ebook = ResourceFactory(
        slug="pricing-for-pms",
        title="Pricing for Product Managers",
        summary="Value-based pricing, packaging and price tests.",
        body="## Start from value\n\nCustomers pay for outcomes.",
        tags=["pricing"],
    )
    free = ResourceFactory(
        slug="first-90-days", title="Your First 90 Days", access="public", tags=["onboarding"]
    )
    episode = ResourceFactory(
        slug="growth-episode",
        kind="podcast",
        title="Growth without dark patterns",
        transcript="Host: Welcome. Guest: Thank you.",
        tags=["growth"],
    )
    for resource in (ebook, free, episode):
        resource_generate_cover(resource=resource)
    return ebook


def confirmation_link(live_server) -> str:
    body = mail.outbox[-1].body
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+", body)
    assert match, body
    link = match.group(0)
    # The mail is built for the real site's address; open the same path on the test server.
    return live_server.url + link[link.index("/accounts/") :]


def test_visitor_registers_from_the_download_button_and_lands_back_with_the_file_ready(
    live_server, page, browser, library
):
    resource_url = f"{live_server.url}/resources/{library.slug}/"
    page.goto(resource_url)
    assert_accessible(page)
    page.get_by_role("link", name="Register free to download").click()
    assert "/accounts/signup/" in page.url
    assert "next=%2Fresources%2Fpricing-for-pms%2F" in page.url

    page.fill("#id_email", "new.pm@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_load_state()
    assert len(mail.outbox) == 1

    link = confirmation_link(live_server)
    assert "next=%2Fresources%2Fpricing-for-pms%2F" in link
    page.goto(link)
    assert page.get_by_role("heading", name="Confirm your email address").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm my address").click()
    # Back on the resource's page, signed in, with one message and the download ready.
    page.wait_for_url(resource_url)
    assert page.get_by_text("My account").first.is_visible()  # the account menu: signed in
    messages = page.locator(".messages li")
    assert messages.count() == 1
    assert "new.pm@example.org is confirmed" in messages.inner_text()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Download the eBook")).click()
    download = download_info.value
    assert download.suggested_filename == "pricing-for-product-managers.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"
    page.reload()
    assert page.locator(".messages li").count() == 0  # shown once

    # The download URL in a fresh browser (no cookies): an invitation to join or sign in,
    # which leads back to the resource's page.
    context = browser.new_context()
    fresh = context.new_page()
    fresh.goto(f"{live_server.url}/resources/{library.slug}/download/")
    assert "/accounts/signup/" in fresh.url
    fresh.locator("main").get_by_role("link", name="sign in").click()
    assert "/accounts/login/?next=%2Fresources%2Fpricing-for-pms%2F" in fresh.url
    fresh.fill("#id_login", "new.pm@example.org")
    fresh.fill("#id_password", PASSWORD)
    fresh.locator("form.account-form button[type=submit]").first.click()
    fresh.wait_for_url(resource_url)
    assert fresh.locator(".messages li").count() == 1
    with fresh.expect_download() as again:
        fresh.get_by_role("link", name=re.compile(r"^Download the eBook")).click()
    assert again.value.suggested_filename == "pricing-for-product-managers.pdf"
    context.close()


def test_library_pages_are_accessible_and_fit_a_phone(live_server, page, narrow_page, library):
    member = make_member(email="reader@example.org")
    member.profile.role = "growth"
    member.profile.save()
    member.profile.skills.set(["pricing", "onboarding"])
    urls = [
        "/resources/",
        "/resources/?q=pricing",
        f"/resources/{library.slug}/",
        "/resources/growth-episode/",
    ]
    for url in urls:
        for current in (page, narrow_page):
            current.goto(live_server.url + url)
            assert current.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0, url
            assert_accessible(current)

    # Signed in: detail with the download button, the library with picks.
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", "reader@example.org")
    page.fill("#id_password", "correct horse battery staple")
    page.locator("form.account-form button[type=submit]").first.click()
    page.wait_for_load_state()
    for url in (f"/resources/{library.slug}/", "/resources/library/"):
        page.goto(live_server.url + url)
        assert_accessible(page)
    assert page.get_by_text("Because you're a growth PM").first.is_visible()

    # Keyboard: the filter form is reachable and submits with Enter.
    page.goto(live_server.url + "/resources/")
    page.focus("#id_q")
    page.keyboard.type("pricing")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*q=pricing.*"))
    assert page.get_by_role("link", name="Pricing for Product Managers").is_visible()


def test_unverified_member_sees_how_to_verify(live_server, page, library):
    from django.test import Client

    member = make_member(email="waiting@example.org", verified=False)
    client = Client()
    client.force_login(member)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    response = page.goto(f"{live_server.url}/resources/{library.slug}/download/")
    assert response.status == 403
    assert page.get_by_role("heading", name="Verify your email to download").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send me a new link").click()
    page.wait_for_load_state()
    assert len(mail.outbox) == 1

"""Membership in a real Chromium: join → verify from the email → profile → sign out → code sign-in.

Every account page on the way is checked with axe-core, and the profile at phone width.
"""

import re

import pytest
from django.core import mail

from members.models import Profile, User
from tests.factories import MemberFactory
from tests.members.conftest import PASSWORD
from tests.quality import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def mail_link(message, prefix: str) -> str:
    match = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"[^\s]*)", message.body)
    assert match, message.body
    return match.group(1)


def mail_code(message) -> str:
    match = re.search(r"^\s*([A-Z0-9][A-Z0-9-]{4,12})\s*$", message.body, re.MULTILINE)
    assert match, message.body
    return match.group(1)


def no_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_join_verify_profile_sign_out_and_code_sign_in(live_server, page, narrow_page):
    mail.outbox.clear()
    base = live_server.url

    # A visitor heading for the FAQ is asked to join first.
    page.goto(f"{base}/accounts/signup/?next=/faq/")
    assert_accessible(page)
    page.get_by_label("Email").fill("journey@example.org")
    page.get_by_label(re.compile(r"^Password$")).fill("Quiet-river-71-lantern")
    page.get_by_label("Password (again)").fill("Quiet-river-71-lantern")
    page.get_by_label("Password (again)").press("Enter")  # keyboard submit
    page.wait_for_url(f"{base}/accounts/confirm-email/")
    assert "inbox" in page.content()
    assert_accessible(page)

    # Verify from the email; the link brings the member back to where they were going.
    [message] = mail.outbox
    page.goto(base + mail_link(message, "/accounts/confirm-email/"))
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()
    page.wait_for_url(f"{base}/faq/")
    assert User.objects.get(email="journey@example.org").has_verified_email

    # Complete the profile.
    page.goto(f"{base}/members/me/")
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("Journey Tester")
    page.get_by_label("Headline").fill("Technical PM, developer tools")
    page.get_by_label("Role type").select_option("technical")
    page.get_by_label("API").check()
    page.get_by_label("Skills").fill("apis, developer experience")
    page.get_by_label("About you").fill("I *love* good docs.")
    page.get_by_label("List me in the member directory").check()
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_url(f"{base}/members/me/")
    assert "Your profile is saved" in page.content()
    profile = Profile.objects.get(user__email="journey@example.org")
    assert profile.is_listed and profile.display_name == "Journey Tester"
    assert profile.skill_slugs == ["apis", "developer-experience"]

    page.goto(base + profile.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == "Journey Tester"
    assert "journey@example.org" not in page.content()
    assert_accessible(page)

    # Sign out from the account menu.
    page.get_by_text("My account").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("link", name="Sign in").is_visible()

    # Sign in by an emailed code.
    mail.outbox.clear()
    page.goto(f"{base}/accounts/login/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("sign-in code", re.I)).click()
    assert_accessible(page)
    page.get_by_label("Email").fill("journey@example.org")
    page.get_by_role("button", name=re.compile("code", re.I)).click()
    page.wait_for_url(re.compile(r"/accounts/login/code/confirm/"))
    assert_accessible(page)
    [code_mail] = mail.outbox
    page.get_by_label("Code").fill(mail_code(code_mail))
    page.get_by_label("Code").press("Enter")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/members/me/")
    assert page.get_by_role("heading", name="My profile").is_visible()

    # The profile works at phone width.
    narrow_page.context.add_cookies(page.context.cookies())
    narrow_page.goto(f"{base}/members/me/")
    no_overflow(narrow_page)
    assert_accessible(narrow_page)


def test_account_settings_pages_are_accessible(live_server, page):
    member = MemberFactory(email="settings@example.org")
    base = live_server.url
    for path in ["/accounts/password/reset/", "/accounts/login/code/"]:
        page.goto(base + path)
        assert_accessible(page)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label(re.compile(r"^Password$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/accounts/reauthenticate/")
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Password$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Password$")).press("Enter")
    page.wait_for_load_state()
    for path in [
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/activate/",
        "/members/me/delete/",
        "/digest/",
    ]:
        page.goto(base + path)
        assert page.url.endswith(path), page.url
        no_overflow(page)
        assert_accessible(page)


def test_passkey_added_then_used_to_sign_in(live_server, page):
    """A real WebAuthn ceremony against Chromium's virtual authenticator (CDP)."""
    from allauth.mfa.models import Authenticator

    member = MemberFactory(email="passkey@example.org")
    base = live_server.url
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label(re.compile(r"^Password$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/accounts/reauthenticate/?next=/accounts/2fa/webauthn/add/")
    page.get_by_label(re.compile(r"^Password$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Password$")).press("Enter")
    page.wait_for_url(f"{base}/accounts/2fa/webauthn/add/")
    assert_accessible(page)
    page.get_by_label("Name").fill("Laptop")
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    assert Authenticator.objects.filter(user=member, type="webauthn").exists()

    page.get_by_text("My account").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/accounts/login/?next=/members/me/")
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url(f"{base}/members/me/")
    assert page.get_by_role("heading", name="My profile").is_visible()

"""Every account and profile page is valid HTML (Nu checker, one batch)."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from tests.factories import MemberFactory
from tests.members.conftest import PASSWORD, link_in, sign_in
from tests.quality import assert_valid_html

pytestmark = pytest.mark.django_db


def test_account_and_profile_pages_are_valid_html(client, settings, outbox):
    pages = {}

    def grab(name, response, status=200):
        assert response.status_code == status, (name, response.status_code)
        pages[name] = response.content.decode()

    anonymous = Client()
    grab("login", anonymous.get("/accounts/login/"))
    grab("signup", anonymous.get("/accounts/signup/?next=/faq/"))
    grab("signup errors", anonymous.post("/accounts/signup/", {"email": "bad", "password1": "x"}))
    grab("password reset", anonymous.get("/accounts/password/reset/"))
    grab("password reset done", anonymous.get("/accounts/password/reset/done/"))
    grab("code login", anonymous.get("/accounts/login/code/"))
    password = "Quiet-river-71"
    signup = anonymous.post(
        "/accounts/signup/",
        {"email": "fresh@example.org", "password1": password, "password2": password},
    )
    grab("verification sent", anonymous.get(signup["Location"]))
    grab("confirm email", anonymous.get(link_in(outbox[-1], "/accounts/confirm-email/")))
    grab("confirm email bad key", anonymous.get("/accounts/confirm-email/nope/"))
    MemberFactory(email="coder@example.org")
    code = anonymous.post("/accounts/login/code/", {"email": "coder@example.org"})
    grab("code confirm", anonymous.get(code["Location"]))

    member = MemberFactory(listed=True, profile__display_name="Valid Person", profile__bio="**b**")
    sign_in(client, member.email)
    grab("reauthenticate", client.get("/accounts/reauthenticate/"))
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    grab("email", client.get("/accounts/email/"))
    grab("password change", client.get("/accounts/password/change/"))
    grab("mfa index", client.get("/accounts/2fa/"))
    grab("totp activate", client.get("/accounts/2fa/totp/activate/"))
    grab("webauthn add", client.get("/accounts/2fa/webauthn/add/"))
    grab("logout", client.get("/accounts/logout/"))
    grab("my profile", client.get("/members/me/"))
    grab("my profile errors", client.post("/members/me/", {"years_in_product": "x"}), 400)
    grab("public profile", client.get(member.profile.get_absolute_url()))
    grab("your data", client.get("/members/me/delete/"))

    with_totp = MemberFactory()
    TOTP.activate(with_totp, generate_totp_secret())
    other = Client()
    other.post("/accounts/login/", {"login": with_totp.email, "password": PASSWORD})
    grab("mfa authenticate", other.get("/accounts/2fa/authenticate/"))

    unverified = MemberFactory(verified=False)
    pending = Client()
    pending.force_login(unverified)
    grab("verify required", pending.get(member.profile.get_absolute_url()), 403)

    settings.PMPORTAL_SIGNUP_OPEN = False
    grab("signup closed", Client().get("/accounts/signup/"))

    assert_valid_html(pages)

"""Account flows through the client: sign-up, verification, `next`, codes, resets, limits."""

import contextlib
import time
from urllib.parse import unquote

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from members.models import User
from tests.factories import MemberFactory
from tests.members.conftest import NEW_PASSWORD, PASSWORD, code_in, link_in, sign_in

pytestmark = pytest.mark.django_db

DOWNLOAD = "/resources/product-strategy-ebook/download/"


def signup(client, email="new.member@example.org", password=NEW_PASSWORD, **extra):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": password, "password2": password, **extra}
    )


# Sign-up, verification and `next` -------------------------------------------------------------


def test_signup_keeps_next_through_verification_on_another_device(
    client, outbox, django_capture_on_commit_callbacks
):
    response = signup(client, next=DOWNLOAD)
    # Nobody is signed in before confirming: "check your inbox".
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert "inbox" in client.get(response["Location"]).content.decode()
    user = User.objects.get(email="new.member@example.org")
    assert user.profile  # created with the account
    assert not user.has_verified_email

    [message] = outbox
    assert message.to == ["new.member@example.org"]
    assert message.subject.startswith("[PM Portal] ")
    assert "confirm" in message.subject.lower()
    html = dict((mime, body) for body, mime in message.alternatives)["text/html"]
    link = link_in(message, "/accounts/confirm-email/")
    assert "next=" in link and unquote(link.split("next=")[1]) == DOWNLOAD
    assert link.replace("&amp;", "&") in html.replace("&amp;", "&")

    # The member opens the mail on their phone: a fresh client, not signed in.
    other = client.__class__()
    page = other.get(link)
    assert page.status_code == 200
    assert f'value="{DOWNLOAD}"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = other.post(link.split("?")[0], {"next": DOWNLOAD})
    assert confirmed.status_code == 302
    assert confirmed["Location"] == DOWNLOAD
    assert User.objects.get(pk=user.pk).has_verified_email
    # The welcome mail follows the first verification, as text and HTML.
    welcome = outbox[-1]
    assert "Welcome" in welcome.subject
    assert welcome.alternatives and "/members/me/" in welcome.body


def test_verification_in_the_same_browser_signs_in_and_returns_to_next(client, outbox):
    signup(client, next=DOWNLOAD)
    link = link_in(outbox[0], "/accounts/confirm-email/")
    # Even without the query string, the pending sign-in remembers where the member was going.
    response = client.post(link.split("?")[0])
    assert response.status_code == 302
    assert response["Location"] == DOWNLOAD
    assert client.get("/members/me/").status_code == 200


def test_unverified_sign_in_explains_and_resends(client, outbox):
    MemberFactory(email="pending@example.org", verified=False)
    response = client.post(
        "/accounts/login/",
        {"login": "pending@example.org", "password": PASSWORD, "next": DOWNLOAD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    [message] = outbox
    link = link_in(message, "/accounts/confirm-email/")
    assert client.post(link.split("?")[0])["Location"] == DOWNLOAD


BAD_NEXT = [
    "//evil.example/",
    "https://evil.example/",
    "https:evil.example",
    "http:/evil.example",
    "/%2F%2Fevil.example",
    "/%252F%252Fevil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "/faq/\r\nLocation: https://evil.example",
    "evil.example",
    "/" + "a" * 600,
]


@pytest.mark.parametrize("target", BAD_NEXT)
def test_off_site_next_is_ignored_on_sign_in(client, target):
    member = MemberFactory()
    response = client.post(
        "/accounts/login/", {"login": member.email, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("target", BAD_NEXT[:6])
def test_off_site_next_is_ignored_on_sign_up_and_in_the_link(client, outbox, target):
    signup(client, next=target)
    assert "evil" not in outbox[0].body
    link = link_in(outbox[0], "/accounts/confirm-email/")
    assert client.post(link.split("?")[0], {"next": target})["Location"] == "/"


@pytest.mark.parametrize("target", ["/faq/", "/resources/x/download/?ref=home", "/members/me/"])
def test_same_site_next_is_honoured_on_sign_in(client, target):
    member = MemberFactory()
    response = client.post(
        "/accounts/login/", {"login": member.email, "password": PASSWORD, "next": target}
    )
    assert response["Location"] == target


def test_weak_passwords_are_refused(client):
    for password in ["password123", "1234567890", "short", "new.member@example.org"]:
        response = signup(client, password=password)
        assert response.status_code == 200
        assert "errorlist" in response.content.decode()
    assert not User.objects.exists()


def test_signup_can_be_closed_by_the_environment(client, settings):
    settings.PMPORTAL_SIGNUP_OPEN = False
    page = client.get("/accounts/signup/")
    assert "closed" in page.content.decode().lower()
    signup(client)
    assert not User.objects.exists()
    assert "Join free" not in client.get("/accounts/login/").content.decode()


# Signing in -------------------------------------------------------------------------------


def test_sign_in_by_emailed_code_works_once(client, outbox):
    member = MemberFactory(email="coder@example.org")
    response = client.post("/accounts/login/code/", {"email": "coder@example.org"})
    assert response.status_code == 302
    [message] = outbox
    assert message.alternatives and "code" in message.subject.lower()
    code = code_in(message)
    confirm_url = response["Location"]
    signed_in = client.post(confirm_url, {"code": code})
    assert signed_in.status_code == 302
    assert client.get("/members/me/").status_code == 200
    assert int(client.session["_auth_user_id"]) == member.pk

    client.logout()
    again = client.post(confirm_url, {"code": code})
    assert "_auth_user_id" not in client.session
    assert again.status_code in {200, 302}


def test_wrong_code_is_refused(client, outbox):
    MemberFactory(email="coder@example.org")
    response = client.post("/accounts/login/code/", {"email": "coder@example.org"})
    wrong = client.post(response["Location"], {"code": "AAAA-AAAA"})
    assert wrong.status_code == 200
    assert "errorlist" in wrong.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_from_the_emailed_link(client, outbox):
    MemberFactory(email="forgot@example.org")
    client.post("/accounts/password/reset/", {"email": "forgot@example.org"})
    [message] = outbox
    assert message.alternatives
    link = link_in(message, "/accounts/password/reset/key/")
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    client.logout()
    sign_in(client, "forgot@example.org", NEW_PASSWORD)


def test_change_password_needs_the_old_one(client, outbox):
    member = MemberFactory()
    sign_in(client, member.email)
    wrong = client.post(
        "/accounts/password/change/",
        {"oldpassword": "nope", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200 and "errorlist" in wrong.content.decode()
    right = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert right.status_code == 302
    assert any("password" in m.subject.lower() for m in outbox)  # the security notice


def test_changing_email_asks_for_the_password_again(client, outbox):
    member = MemberFactory(email="old@example.org")
    client.force_login(member)  # no recent password entry on record
    response = client.post(
        "/accounts/email/", {"email": "new@example.org", "action_add": ""}, follow=False
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    resumed = client.post(response["Location"], {"password": PASSWORD})
    assert resumed.status_code == 302
    # The suspended request ran after reauthentication: the new address got its link.
    assert EmailAddress.objects.filter(user=member, email="new@example.org").exists()
    assert any(m.to == ["new@example.org"] for m in outbox)


def test_sign_out(client):
    member = MemberFactory()
    sign_in(client, member.email)
    client.post("/accounts/logout/")
    assert client.get("/members/me/").status_code == 302


# No enumeration ---------------------------------------------------------------------------


def _shape(response):
    return response.status_code, response.get("Location")


def test_password_reset_answers_the_same_for_known_and_unknown(client, outbox):
    MemberFactory(email="known@example.org")
    known = client.post("/accounts/password/reset/", {"email": "known@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert _shape(known) == _shape(unknown)
    # Both get a mail; only the owner of the account gets a reset link.
    assert [m.to for m in outbox] == [["known@example.org"], ["nobody@example.org"]]
    assert "/accounts/password/reset/key/" not in outbox[1].body


def test_code_request_answers_the_same_for_known_and_unknown(client):
    MemberFactory(email="known@example.org")
    known = client.post("/accounts/login/code/", {"email": "known@example.org"})
    client.cookies.clear()
    unknown = client.post("/accounts/login/code/", {"email": "nobody@example.org"})
    assert _shape(known) == _shape(unknown)


def test_signup_answers_the_same_for_a_taken_address(client, outbox):
    MemberFactory(email="taken@example.org")
    taken = signup(client, email="taken@example.org")
    fresh = signup(client, email="fresh@example.org")
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    # The real owner is told someone tried, with a way back in.
    notice = next(m for m in outbox if m.to == ["taken@example.org"])
    assert "/accounts/password/reset/" in notice.body


def test_wrong_password_message_is_the_same_for_known_and_unknown(client):
    MemberFactory(email="known@example.org")
    known = client.post("/accounts/login/", {"login": "known@example.org", "password": "x" * 12})
    unknown = client.post("/accounts/login/", {"login": "nobody@example.org", "password": "x" * 12})
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors


# Rate limits ------------------------------------------------------------------------------


def test_failed_sign_ins_trip_the_limit_and_it_expires(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/2s/key"}
    MemberFactory(email="target@example.org")
    for _ in range(3):
        client.post("/accounts/login/", {"login": "target@example.org", "password": "wrong" * 3})
    blocked = client.post("/accounts/login/", {"login": "target@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "too many" in blocked.content.decode().lower()
    time.sleep(2.1)
    sign_in(client, "target@example.org")


def test_code_requests_are_limited_per_address(client, settings, outbox):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "request_login_code": "1/2s/key",
    }
    MemberFactory(email="target@example.org")
    client.post("/accounts/login/code/", {"email": "target@example.org"})
    client.cookies.clear()  # another browser: the per-address counter still applies
    client.post("/accounts/login/code/", {"email": "target@example.org"})
    assert len(outbox) == 1
    time.sleep(2.1)
    client.cookies.clear()  # a new browser: only the per-address counter links the two
    client.post("/accounts/login/code/", {"email": "target@example.org"})
    assert len(outbox) == 2


def test_signups_are_limited_per_ip(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    for n in range(2):
        signup(client, email=f"n{n}@example.org")
    blocked = signup(client, email="n3@example.org")
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.content.decode()
    assert User.objects.count() == 2


def test_password_reset_requests_are_limited(client, settings, outbox):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "2/m/key"}
    MemberFactory(email="target@example.org")
    for _ in range(4):
        client.post("/accounts/password/reset/", {"email": "target@example.org"})
    assert len(outbox) == 2


def test_rate_limits_use_the_shared_cache_in_production():
    from allauth.account import app_settings

    from pmportal import settings as production

    backend = production.CACHES["default"]["BACKEND"]
    assert "locmem" not in backend.lower()
    # The limits in force: the settings' own and allauth's defaults for the rest.
    for action in ["login_failed", "signup", "reset_password", "request_login_code"]:
        assert app_settings.RATE_LIMITS[action]


# Unverified members -----------------------------------------------------------------------


def test_unverified_member_sees_why_and_can_resend(client, outbox):
    member = MemberFactory(verified=False, email="pending@example.org")
    other = MemberFactory(listed=True)
    client.force_login(member)
    page = client.get(other.profile.get_absolute_url())
    assert page.status_code == 403
    body = page.content.decode()
    assert "confirm your email address" in body
    assert 'name="action_send"' in body
    resend = client.post(
        "/accounts/email/",
        {"email": "pending@example.org", "action_send": "", "next": DOWNLOAD},
    )
    assert resend.status_code == 302
    [message] = outbox
    assert "next=" in link_in(message, "/accounts/confirm-email/")
    me = client.get("/members/me/").content.decode()
    assert "Please confirm your email address" in me


def test_every_account_email_has_text_and_html(client, outbox, django_capture_on_commit_callbacks):
    MemberFactory(email="known@example.org")
    signup(client, email="fresh@example.org")
    client.post("/accounts/password/reset/", {"email": "known@example.org"})
    client.post("/accounts/password/reset/", {"email": "unknown@example.org"})
    client.post("/accounts/login/code/", {"email": "known@example.org"})
    assert len(outbox) == 4
    for message in outbox:
        assert message.subject.startswith("[PM Portal] ")
        [(html, mime)] = message.alternatives
        assert mime == "text/html"
        assert "<!DOCTYPE html>" in html and "PM Portal" in html
        assert "{{" not in message.body and "{%" not in message.body
    mail.outbox.clear()


# Caching and social sign-in ------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/login/code/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/members/me/",
    ],
)
def test_account_pages_are_never_cached(client, path):
    client.force_login(MemberFactory())
    if path in {"/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"}:
        client.logout()
    response = client.get(path)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("view", "fields"),
    [
        ("LoginView", {"password"}),
        ("SignupView", {"password1", "password2"}),
    ],
)
def test_passwords_are_hidden_from_error_reports(rf, view, fields):
    from allauth.account import views

    request = rf.post("/", {"password": "secret"})
    with contextlib.suppress(Exception):  # only the decorator's mark matters here
        getattr(views, view).as_view()(request)
    assert fields <= set(request.sensitive_post_parameters)


def test_my_data_deletion_hides_its_form_from_error_reports(rf):
    from members.views import delete

    request = rf.post("/members/me/delete/", {"confirm": "on"})
    with contextlib.suppress(Exception):
        delete(request)
    assert request.sensitive_post_parameters == "__ALL__"


def _settings_with_env(env: dict) -> dict:
    """Import the real settings in a subprocess with extra environment variables."""
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json, pmportal.settings as s;"
        "print(json.dumps({'apps': s.INSTALLED_APPS,"
        " 'providers': list(s.SOCIALACCOUNT_PROVIDERS)}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **os.environ,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "example.org",
            "EMAIL_URL": "console:",
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_social_sign_in_is_off_by_default_and_on_from_the_environment():
    off = _settings_with_env({"GOOGLE_OAUTH_CLIENT_ID": "", "LINKEDIN_OIDC_CLIENT_ID": ""})
    assert off["providers"] == []
    assert "allauth.socialaccount.providers.google" not in off["apps"]
    on = _settings_with_env({"GOOGLE_OAUTH_CLIENT_ID": "g-id", "LINKEDIN_OIDC_CLIENT_ID": "l-id"})
    assert set(on["providers"]) == {"google", "openid_connect"}
    assert "allauth.socialaccount.providers.openid_connect" in on["apps"]


def test_social_sign_up_follows_the_same_switch(rf, settings):
    from members.adapters import SocialAccountAdapter

    request = rf.get("/")
    assert SocialAccountAdapter(request).is_open_for_signup(request, None)
    settings.PMPORTAL_SIGNUP_OPEN = False
    assert not SocialAccountAdapter(request).is_open_for_signup(request, None)


LONG_EMAIL = "a" * 250 + "@example.org"


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/accounts/signup/", {}),
        ("/accounts/signup/", {"email": "not-an-email", "password1": "x", "password2": "y"}),
        ("/accounts/signup/", {"email": LONG_EMAIL, "password1": NEW_PASSWORD}),
        ("/accounts/signup/", {"email": "a@example.org", "password1": "x" * 5000}),
        ("/accounts/login/", {}),
        ("/accounts/login/", {"login": "<script>alert(1)</script>", "password": "x"}),
        ("/accounts/login/code/", {"email": ""}),
        ("/accounts/login/code/", {"email": "nope"}),
        ("/accounts/password/reset/", {"email": ""}),
        ("/accounts/password/reset/", {"email": "not-an-email"}),
    ],
)
def test_bad_input_on_account_forms_gets_a_message(client, path, data):
    response = client.post(path, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "errorlist" in body
    assert "<script>alert(1)</script>" not in body


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/accounts/email/", {"action_add": "", "email": "not-an-email"}),
        ("/accounts/email/", {"action_add": "", "email": ""}),
        ("/accounts/password/change/", {"oldpassword": "", "password1": "", "password2": ""}),
        ("/accounts/password/change/", {"oldpassword": PASSWORD, "password1": "a"}),
    ],
)
def test_bad_input_on_signed_in_account_forms_gets_a_message(client, path, data):
    member = MemberFactory()
    sign_in(client, member.email)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.post(path, data)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_signing_in_by_code_also_confirms_the_address(client, outbox):
    member = MemberFactory(email="pending@example.org", verified=False)
    response = client.post("/accounts/login/code/", {"email": "pending@example.org"})
    client.post(response["Location"], {"code": code_in(outbox[-1])})
    assert User.objects.get(pk=member.pk).has_verified_email
    assert client.get("/members/me/").status_code == 200

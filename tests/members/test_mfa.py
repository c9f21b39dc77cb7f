"""Two-factor authentication: TOTP with recovery codes, reauthentication first, single-use codes."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)

from tests.factories import MemberFactory
from tests.members.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_mfa_setup_asks_for_the_password_first_then_activates(
    client, outbox, django_capture_on_commit_callbacks
):
    member = MemberFactory()
    client.force_login(member)  # no recent sign-in on record (tests/members/test_staff_account.py)
    first = client.get("/accounts/2fa/totp/activate/")
    assert first.status_code == 302
    assert first["Location"].startswith("/accounts/reauthenticate/")
    client.post(first["Location"], {"password": PASSWORD})

    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = page.context["form"].secret
    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200 and "errorlist" in wrong.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=member, type="totp").exists()
    assert any("Authenticator app turned on" in m.subject for m in outbox), [
        m.subject for m in outbox
    ]

    codes = client.get("/accounts/2fa/recovery-codes/")
    assert codes.status_code == 200
    assert len(codes.context["unused_codes"]) == 10


def test_sign_in_with_totp_code_is_single_use(client):
    member = MemberFactory()
    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    code = current_code(secret)

    step = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert step["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    signed_in = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert signed_in.status_code == 302
    assert client.get("/members/me/").status_code == 200

    client.logout()
    client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    replay = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert replay.status_code == 200
    assert "errorlist" in replay.content.decode()
    assert "_auth_user_id" not in client.session


def test_recovery_code_signs_in_once(client):
    member = MemberFactory()
    TOTP.activate(member, generate_totp_secret())
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    code = RecoveryCodes.activate(member).get_unused_codes()[0]
    client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    client.logout()
    client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 200
    assert "_auth_user_id" not in client.session


def test_passkey_pages_are_there(client):
    member = MemberFactory()
    sign_in(client, member.email)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.get("/accounts/2fa/webauthn/add/").status_code == 200
    client.logout()
    assert 'id="passkey_login"' in client.get("/accounts/login/").content.decode()

"""A staff account made as the README says signs in, sets up its second factor and opens the
admin, without being asked for the password it typed seconds earlier."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command

from members.models import User
from tests.members.conftest import PASSWORD

pytestmark = pytest.mark.django_db

EMAIL = "owner@example.org"
ACTIVATE = "/accounts/2fa/totp/activate/"


@pytest.fixture
def owner(monkeypatch):
    """`manage.py createsuperuser --noinput --email ...` with the password in the environment,
    as a deployment script runs it (interactively it prompts for both)."""
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", interactive=False, email=EMAIL, verbosity=0)
    return User.objects.get(email=EMAIL)


def test_createsuperuser_leaves_a_verified_primary_address(owner):
    assert owner.is_staff and owner.is_superuser
    address = EmailAddress.objects.get(user=owner)
    assert (address.email, address.verified, address.primary) == (EMAIL, True, True)


def test_the_new_account_signs_in_sets_up_totp_and_opens_the_admin(client, owner):
    signed_in = client.post("/accounts/login/", {"login": EMAIL, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/"
    assert client.session["_auth_user_id"] == str(owner.pk)

    # Staff pages send a staff member without a second factor to set one up.
    assert client.get("/admin/")["Location"] == "/accounts/2fa/"
    page = client.get(ACTIVATE)
    assert page.status_code == 200, page.get("Location")
    secret = page.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    activated = client.post(ACTIVATE, {"code": code})
    assert activated["Location"] == "/accounts/2fa/recovery-codes/"
    assert client.get(activated["Location"]).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_an_older_sign_in_is_asked_to_confirm_again(client, owner, settings):
    client.post("/accounts/login/", {"login": EMAIL, "password": PASSWORD})
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0  # as if the sign-in were long ago
    response = client.get(ACTIVATE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")

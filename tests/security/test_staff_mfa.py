"""Staff reach the admin and the dashboard only with a second factor; the admin signs in through
allauth (its rate limits, lockout and MFA), never through Django's bare admin login form."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

from tests.factories import MemberFactory, StaffFactory, UserFactory, add_totp

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["/dashboard/", "/admin/", "/admin/members/user/", "/admin/faq/question/"]


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, url):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"
    setup = client.get("/accounts/2fa/")
    assert setup.status_code == 200
    assert b"two-factor authentication" in setup.content


def test_recovery_codes_alone_do_not_count(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    RecoveryCodes.activate(user)
    client.force_login(user)
    assert client.get("/admin/")["Location"] == "/accounts/2fa/"


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_with_an_authenticator_get_in(client, url):
    client.force_login(StaffFactory(is_superuser=True))
    assert client.get(url).status_code == 200


def test_members_are_not_asked_for_a_second_factor(client):
    client.force_login(MemberFactory())
    assert client.get("/members/me/").status_code == 200
    assert client.get("/dashboard/").status_code == 403


def test_the_admin_login_is_allauths(client):
    response = client.get("/admin/login/?next=/admin/members/user/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fmembers%2Fuser%2F"
    # Django's own form is never shown, and a POST to it checks no password.
    staff = StaffFactory(email="boss@example.org")
    posted = client.post(
        "/admin/login/", {"username": staff.email, "password": "correct horse battery staple"}
    )
    assert posted.status_code == 302
    assert posted["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_password_sign_in_of_staff_asks_for_the_code(client):
    staff = MemberFactory(email="boss@example.org", is_staff=True)
    add_totp(staff)
    response = client.post(
        "/accounts/login/?next=/admin/",
        {"login": "boss@example.org", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    assert Authenticator.objects.filter(user=staff).count() == 1


def test_sign_in_by_emailed_code_still_asks_staff_for_the_second_factor(client, mailoutbox):
    import re

    staff = MemberFactory(email="boss@example.org", is_staff=True)
    add_totp(staff)
    client.post("/accounts/login/code/", {"email": "boss@example.org"})
    code = re.search(r"^\s*([A-Z0-9][A-Z0-9-]{4,12})\s*$", mailoutbox[-1].body, re.M).group(1)
    response = client.post("/accounts/login/code/confirm/", {"code": code})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session

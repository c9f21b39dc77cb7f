"""Sessions: a new id at sign-in, sign-out only by POST and for good, a password change ends the
other sessions, and member pages are never kept by a shared cache."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def test_signing_in_issues_a_new_session_id(client):
    MemberFactory(email="fixated@example.org")
    session = client.session
    session["planted"] = "by an attacker"
    session.save()
    planted = session.session_key
    client.cookies["sessionid"] = planted
    response = client.post(
        "/accounts/login/", {"login": "fixated@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != planted
    assert not Session.objects.filter(session_key=planted).exists()


def test_sign_out_is_post_only_and_kills_the_old_cookie(client):
    MemberFactory(email="leaving@example.org")
    client.post("/accounts/login/", {"login": "leaving@example.org", "password": PASSWORD})
    old_cookie = client.cookies["sessionid"].value
    assert client.get("/accounts/logout/").status_code == 200  # a confirmation page only
    assert client.get("/members/me/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    replay = Client()
    replay.cookies["sessionid"] = old_cookie
    assert replay.get("/members/me/").status_code == 302  # sent to sign in
    assert not Session.objects.filter(session_key=old_cookie).exists()


def test_a_password_change_ends_the_other_sessions():
    member = MemberFactory(email="changer@example.org")
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
        assert client.get("/members/me/").status_code == 200
    response = here.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "A-new-Passw0rd-123",
            "password2": "A-new-Passw0rd-123",
        },
    )
    assert response.status_code == 302
    assert here.get("/members/me/").status_code == 200  # the member who changed it stays in
    assert elsewhere.get("/members/me/").status_code == 302  # everyone else is out


@pytest.mark.parametrize(
    "url",
    [
        "/members/",
        "/members/mentors/",
        "/members/me/",
        "/members/me/export/",
        "/members/me/delete/",
        "PROFILE",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/resources/library/",
        "/dashboard/",
    ],
)
def test_member_pages_are_private_and_not_stored(world, url):
    if url == "PROFILE":
        url = f"/members/{world.users['other'].profile.handle}/"
    user = world.users["staff" if url == "/dashboard/" else "member"]
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "no-store" in cache_control and "public" not in cache_control, cache_control
    assert "private" in cache_control or "no-cache" in cache_control, cache_control
    assert "Cookie" in response.get("Vary", "")

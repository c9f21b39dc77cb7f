"""Download my data and delete my account."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from insights.models import ActivityEvent
from members.models import Profile, User
from tests.factories import MemberFactory
from tests.members.conftest import PASSWORD, sign_in
from tests.members.test_profile import VALID, image_file

pytestmark = pytest.mark.django_db


def test_export_needs_sign_in(client):
    assert client.get("/members/me/export/").status_code == 302
    assert client.get("/members/me/delete/").status_code == 302


def test_export_holds_everything_we_keep_and_no_secret(client):
    member = MemberFactory(email="priya@example.org")
    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    client.force_login(member)
    client.post("/members/me/", {**VALID, "avatar": image_file()})
    ActivityEvent.objects.create(kind=ActivityEvent.Kind.LOGIN, user=member)

    response = client.get("/members/me/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="pm-portal-my-data-')
    assert "no-store" in response["Cache-Control"]
    raw = response.content.decode()
    data = json.loads(raw)

    assert data["account"]["email"] == "priya@example.org"
    assert data["email_addresses"] == [
        {"email": "priya@example.org", "verified": True, "primary": True}
    ]
    profile = data["profile"]
    for field in ["display_name", "headline", "company", "city", "bio", "linkedin_url"]:
        assert profile[field] == VALID[field]
    assert profile["country"] == "IN"
    assert profile["domains"] == ["api", "enterprise"]
    assert profile["skills"] == ["api design", "pricing", "roadmaps"]
    assert profile["avatar"].startswith("data:image/jpeg;base64,")
    assert data["security"]["authenticators"][0]["type"] == "totp"
    assert data["activity"]["insights.activityevent"][0]["kind"] == "login"
    # Never a credential.
    assert secret not in raw
    assert member.password not in raw
    assert "password" not in data["account"] or data["account"]["password"] is None


def test_deleting_asks_for_the_password_then_removes_personal_data(
    client, django_capture_on_commit_callbacks
):
    member = MemberFactory(email="leaving@example.org", listed=True)
    TOTP.activate(member, generate_totp_secret())
    client.force_login(member)  # no recent password on record
    client.post("/members/me/", {**VALID, "avatar": image_file()})
    profile = Profile.objects.get(user=member)
    avatar_name, storage = profile.avatar.name, profile.avatar.storage
    profile.skills.set(["roadmaps"])
    event = ActivityEvent.objects.create(kind=ActivityEvent.Kind.LOGIN, user=member)

    page = client.get("/members/me/delete/")
    assert page.status_code == 200
    assert "cannot be undone" in page.content.decode()

    response = client.post("/members/me/delete/", {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert User.objects.filter(pk=member.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(response["Location"], {"password": PASSWORD}, follow=True)
    assert done.status_code == 200
    assert "deleted" in done.content.decode()
    assert not User.objects.filter(pk=member.pk).exists()
    assert not Profile.objects.filter(pk=profile.pk).exists()
    assert not EmailAddress.objects.filter(email="leaving@example.org").exists()
    assert not Authenticator.objects.filter(user_id=member.pk).exists()
    assert not storage.exists(avatar_name)
    # The anonymous count stays.
    event.refresh_from_db()
    assert event.user_id is None
    assert ActivityEvent.objects.filter(kind=ActivityEvent.Kind.LOGIN).count() >= 1
    # Signed out, and the address is free to join again.
    assert client.get("/members/me/").status_code == 302


def reauthenticate(client):
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302


def test_a_recent_reauthentication_means_no_second_prompt(client):
    member = MemberFactory()
    sign_in(client, member.email)
    reauthenticate(client)
    response = client.post("/members/me/delete/", {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not User.objects.filter(pk=member.pk).exists()


def test_deleting_without_ticking_the_box_explains(client):
    member = MemberFactory()
    sign_in(client, member.email)
    reauthenticate(client)
    response = client.post("/members/me/delete/", {})
    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()


def test_other_apps_keep_their_rows_when_a_member_leaves():
    """Every foreign key to the user is CASCADE only for personal data, else SET_NULL."""
    from django.apps import apps

    personal = {
        "members.profile",
        "account.emailaddress",
        "mfa.authenticator",
        "socialaccount.socialaccount",
        "usersessions.usersession",
        "admin.logentry",
        "faq.answerrequest",  # the member's own "notify me" searches
        "community.follow",  # the member's own "tell me when this is in the FAQ"
        "network.connection",  # whom the member knows
        "network.block",  # whom the member blocked
        "network.participant",  # the member's side of a conversation (the messages stay)
        "notifications.notification",  # what the site told the member
        "notifications.notificationpreference",
        "events.rsvp",  # the member's answers (their place goes to the waitlist first)
        "events.calendarfeed",  # the secret of their calendar feed
        "digest.subscription",  # the member's digest choices
    }
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                label = model._meta.label_lower
                if label in personal or model._meta.auto_created:
                    continue
                assert field.remote_field.on_delete.__name__ == "SET_NULL", (
                    f"{label}.{field.name} would delete aggregate rows with the member"
                )

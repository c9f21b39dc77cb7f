"""Demo members load twice without duplicates; the staff account needs a password from the env."""

import pytest
from django.test import Client

from members import demo
from members.models import Profile, User

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_complete(monkeypatch):
    monkeypatch.delenv("PMPORTAL_DEMO_STAFF_PASSWORD", raising=False)
    first = demo.load()
    second = demo.load()
    assert "6 new" in first and "0 new" in second
    assert "no staff account" in second
    assert User.objects.count() == len(demo.MEMBERS)
    listed = Profile.objects.listed()
    assert listed.count() == len(demo.MEMBERS)
    for profile in listed:
        assert profile.display_name and profile.headline and profile.bio and profile.skill_slugs
        assert profile.country and profile.role and profile.domains
        assert not profile.user.has_usable_password()


def test_staff_account_only_with_a_password(monkeypatch):
    monkeypatch.setenv("PMPORTAL_DEMO_STAFF_PASSWORD", "Demo-staff-pass-4821")
    monkeypatch.setenv("PMPORTAL_DEMO_STAFF_EMAIL", "owner@example.org")
    demo.load()
    demo.load()
    staff = User.objects.get(email="owner@example.org")
    assert staff.is_staff and not staff.is_superuser
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": "owner@example.org", "password": "Demo-staff-pass-4821"}
    )
    assert response.status_code == 302

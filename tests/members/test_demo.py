"""Demo members: over two hundred listed people, loaded once, with what search needs filled in;
the staff account needs a password from the environment."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from members import demo
from members.models import NameToken, Profile, TaggedSkill, User

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count() for model in (User, Profile, EmailAddress, TaggedSkill, NameToken)
    )


def test_demo_is_idempotent_and_complete(monkeypatch, django_assert_max_num_queries):
    monkeypatch.delenv("PMPORTAL_DEMO_STAFF_PASSWORD", raising=False)
    people = demo.all_members()
    assert people == demo.all_members(), "the same people on every load"
    assert len({person["email"] for person in people}) == len(people) >= 200
    assert demo.load().startswith(f"{len(people)} demo members ({len(people)} new)")
    counts = _counts()
    with django_assert_max_num_queries(3):
        second = demo.load()
    assert "(0 new)" in second and "no staff account" in second
    assert _counts() == counts

    listed = Profile.objects.listed()
    assert listed.count() == User.objects.count() == len(people)
    for profile in listed.select_related("user"):
        assert profile.display_name and profile.headline and profile.bio and profile.skill_slugs
        assert profile.company and profile.country and profile.role and profile.domains
        assert not profile.user.has_usable_password()
        assert sorted(profile.skill_slugs) == sorted(profile.skills.slugs())
    mentors = listed.filter(open_to_mentoring=True).count()
    mentees = listed.filter(looking_for_mentor=True).count()
    assert 0.2 * len(people) < mentors < 0.6 * len(people)
    assert 0.1 * len(people) < mentees < 0.5 * len(people)
    assert listed.values("country").distinct().count() >= 20
    assert listed.values("company").distinct().count() >= 30


def test_bulk_created_members_are_in_the_name_dictionary():
    demo.load()
    words = set(NameToken.objects.values_list("token", flat=True))
    for name, name_words in Profile.objects.values_list("display_name", "name_words"):
        assert set(name_words) <= words, name
    assert {"diego", "alvarez"} <= words  # "Diego Álvarez", as the search column stores it
    tokens = dict(NameToken.objects.values_list("token", "members"))
    surname = demo.all_members()[-1]["display_name"].split()[-1].lower()
    assert tokens[surname] == Profile.objects.filter(display_name__iendswith=surname).count()


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

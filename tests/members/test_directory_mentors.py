"""Mentor match: who is suggested, in which order, why, and who never is."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from tests.factories import UserFactory
from tests.members.test_directory import member
from tests.quality import assert_valid_html

pytestmark = pytest.mark.django_db
URL = "/members/mentors/"


def sign_in_as(client, name: str, **fields):
    user = member(name, **fields)
    client.force_login(user)
    return user


@pytest.fixture
def mentors():
    return {
        "three": member(
            "Three Shared",
            skills=["pricing", "discovery", "okrs"],
            open_to_mentoring=True,
            years_in_product=9,
            domains=["data"],
            role="technical",
        ),
        "two_domain": member(
            "Two And Domain",
            skills=["pricing", "discovery"],
            open_to_mentoring=True,
            domains=["ai"],
            years_in_product=7,
        ),
        "two_senior": member(
            "Two Senior",
            skills=["pricing", "okrs"],
            open_to_mentoring=True,
            years_in_product=20,
        ),
        "one": member("One Shared", skills=["pricing"], open_to_mentoring=True),
        "none": member("No Overlap", skills=["hardware"], open_to_mentoring=True),
        "not_mentoring": member("Not Mentoring", skills=["pricing", "discovery", "okrs"]),
    }


def names(response) -> list[str]:
    return [match["profile"].display_name for match in response.context["matches"]]


def test_mentee_sees_mentors_ranked_by_shared_skills_then_domain_then_seniority(client, mentors):
    sign_in_as(
        client,
        "Mentee Mo",
        skills=["pricing", "discovery", "okrs"],
        domains=["ai"],
        looking_for_mentor=True,
        role="growth",
    )
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Three Shared", "Two And Domain", "Two Senior", "One Shared"]
    html = response.content.decode()
    assert "Shares 3 skills with you:" in html
    assert "Works in AI too" in html
    reasons = response.context["matches"][0]["reasons"]
    assert reasons[0].startswith("shares 3 skills with you: ")
    assert set(reasons[0].split(": ")[1].split(", ")) == {"pricing", "discovery", "okrs"}


def test_mentor_sees_members_looking_for_one(client, mentors):
    member("Seeker Sam", skills=["pricing"], looking_for_mentor=True)
    member("Seeker Hidden", skills=["pricing"], looking_for_mentor=True, listed=False)
    sign_in_as(client, "Mentor Max", skills=["pricing"], open_to_mentoring=True)
    response = client.get(URL)
    assert names(response) == ["Seeker Sam"]


def test_hidden_inactive_unverified_and_deleted_mentors_are_never_suggested(client, mentors):
    hidden = member("Hidden Mentor", skills=["pricing"], open_to_mentoring=True, listed=False)
    unverified = member(
        "Unverified Mentor", skills=["pricing"], open_to_mentoring=True, verified=False
    )
    inactive = member("Inactive Mentor", skills=["pricing"], open_to_mentoring=True)
    get_user_model().objects.filter(pk=inactive.pk).update(is_active=False)
    member("Deleted Mentor", skills=["pricing"], open_to_mentoring=True).delete()
    me = sign_in_as(client, "Mentee Mo", skills=["pricing"], looking_for_mentor=True)
    response = client.get(URL)
    html = response.content.decode()
    for name in ("Hidden Mentor", "Unverified Mentor", "Inactive Mentor", "Deleted Mentor"):
        assert name not in html
    for user in (hidden, unverified, me):
        assert user.email not in html


def test_without_mentoring_flags_the_page_explains_what_to_do(client, mentors):
    sign_in_as(client, "Neutral Nia", skills=["pricing"])
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["matches"] == []
    assert "looking for a mentor or open to mentoring" in response.content.decode()


def test_access_ladder(client):
    assert client.get(URL)["Location"].startswith("/accounts/login/?next=/members/mentors/")
    unverified = UserFactory()
    EmailAddress.objects.create(user=unverified, email=unverified.email, verified=False)
    client.force_login(unverified)
    assert client.get(URL).status_code == 403


def test_mentor_match_queries_are_pinned(client, mentors, django_assert_num_queries):
    """Session, the member (verified state included), their profile, one query for the
    matches and one insert counting the visit for the owner's dashboard (the header's unread
    counts come with the member)."""
    sign_in_as(client, "Mentee Mo", skills=["pricing", "okrs"], looking_for_mentor=True)
    with django_assert_num_queries(5, exact=True):
        assert client.get(URL).status_code == 200


def test_mentor_pages_are_valid_html(client, mentors):
    sign_in_as(client, "Mentee Mo", skills=["pricing"], looking_for_mentor=True)
    matches = client.get(URL).content.decode()
    sign_in_as(client, "Neutral Nia")
    empty = client.get(URL).content.decode()
    assert_valid_html({"mentors": matches, "no flags": empty})

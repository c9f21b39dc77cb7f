"""The digest settings page, its form's validation, and the opt-in at sign-up."""

import re

import pytest

from digest.models import Frequency, Subscription
from tests.factories import MemberFactory
from tests.members.test_accounts import signup

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client):
    user = MemberFactory(listed=True)
    client.force_login(user)
    return client, user


def test_off_and_not_suggested_by_default(member_client, django_assert_num_queries):
    client, _ = member_client
    with django_assert_num_queries(5):
        response = client.get("/digest/")
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"].startswith("private")
    assert re.search(r'<input[^>]*value="off"[^>]*checked', html)
    assert not re.search(r'<input[^>]*value="(weekly|monthly)"[^>]*checked', html)
    assert re.search(r'<input[^>]*name="suggest_me"', html)
    assert not re.search(r'<input[^>]*name="suggest_me"[^>]*checked', html)
    assert not Subscription.objects.exists()


def test_choosing_monthly_and_being_suggested(member_client):
    client, user = member_client
    response = client.post("/digest/", {"frequency": "monthly", "suggest_me": "on"})
    assert response.status_code == 302
    subscription = Subscription.objects.get(member=user)
    assert (subscription.frequency, subscription.suggest_me) == (Frequency.MONTHLY, True)
    client.post("/digest/", {"frequency": "off"})
    subscription.refresh_from_db()
    assert (subscription.frequency, subscription.suggest_me) == (Frequency.OFF, False)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose how often you want the digest, or off."),
        ({"frequency": "daily"}, "Choose weekly, monthly or off."),
        ({"frequency": "<script>"}, "Choose weekly, monthly or off."),
    ],
)
def test_a_bad_choice_is_a_400_with_a_clear_message_and_nothing_saved(member_client, data, message):
    client, user = member_client
    Subscription.objects.create(member=user, frequency=Frequency.WEEKLY)
    response = client.post("/digest/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Subscription.objects.get(member=user).frequency == Frequency.WEEKLY


def test_the_sign_up_form_offers_the_digest_unticked(client):
    html = client.get("/accounts/signup/").content.decode()
    assert re.search(r'<input[^>]*name="digest"', html)
    assert not re.search(r'<input[^>]*name="digest"[^>]*checked', html)


@pytest.mark.parametrize(("ticked", "expected"), [(True, Frequency.WEEKLY), (False, None)])
def test_signing_up_with_the_box_ticked_subscribes_weekly(client, ticked, expected):
    signup(client, "new@example.org", **({"digest": "on"} if ticked else {}))
    found = Subscription.objects.filter(member__email="new@example.org").first()
    assert (found.frequency if found else None) == expected

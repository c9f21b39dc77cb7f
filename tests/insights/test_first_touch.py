"""Where a member came from is remembered from the first visit and stored on sign-up."""

import pytest

from insights.first_touch import COOKIE_NAME
from insights.models import ActivityEvent, SignupSource
from tests.factories import UserFactory

PASSWORD = "a-long-unusual-passphrase-42"


def sign_up(client, email: str, next_path: str = ""):
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    if next_path:
        data["next"] = next_path
    return client.post("/accounts/signup/", data)


@pytest.mark.django_db
def test_a_visit_from_a_campaign_sets_the_first_touch_cookie(client):
    response = client.get(
        "/?utm_source=newsletter&utm_medium=email&utm_campaign=nov",
        headers={"referer": "https://mail.example.net/inbox?id=secret"},
    )
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_internal_navigation_and_direct_visits_set_no_cookie(client):
    assert COOKIE_NAME not in client.get("/").cookies
    response = client.get("/", headers={"referer": "http://testserver/faq/"})
    assert COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_first_touch_is_stored_on_sign_up(client):
    client.get(
        "/?utm_source=newsletter&utm_medium=email",
        headers={"referer": "https://mail.example.net/inbox?id=secret"},
    )
    client.get("/?utm_source=second-visit-does-not-overwrite")
    sign_up(client, "new.member@example.org")

    source = SignupSource.objects.get(user__email="new.member@example.org")
    assert source.utm_source == "newsletter"
    assert source.utm_medium == "email"
    # Only the host of the referrer is kept, never its path or query.
    assert source.referrer_host == "mail.example.net"
    assert source.channel == "newsletter"


@pytest.mark.django_db
def test_a_tampered_cookie_is_ignored(client):
    client.cookies[COOKIE_NAME] = '{"utm_source": "forged"}'
    sign_up(client, "forger@example.org")
    source = SignupSource.objects.get(user__email="forger@example.org")
    assert source.utm_source == ""
    assert source.channel == "direct"


@pytest.mark.parametrize(
    ("next_path", "slug"),
    [
        ("/resources/pricing-playbook/", "pricing-playbook"),  # the download button's `next`
        ("/resources/pricing-playbook/download/", "pricing-playbook"),  # links made before
        ("/resources/library/", ""),
    ],
)
@pytest.mark.django_db
def test_the_gated_download_that_led_to_sign_up_is_recorded(client, next_path, slug):
    sign_up(client, "reader@example.org", next_path=next_path)
    source = SignupSource.objects.get(user__email="reader@example.org")
    assert source.gated_resource_slug == slug


@pytest.mark.django_db
def test_an_off_site_next_records_no_resource(client):
    sign_up(client, "other@example.org", next_path="https://evil.example/resources/x/download/")
    assert SignupSource.objects.get(user__email="other@example.org").gated_resource_slug == ""


@pytest.mark.django_db
def test_each_sign_in_is_counted(client):
    user = UserFactory()
    client.force_login(user)
    client.logout()
    client.force_login(user)
    assert ActivityEvent.objects.filter(kind=ActivityEvent.Kind.LOGIN, user=user).count() == 2


@pytest.mark.django_db
def test_deleting_a_member_keeps_the_anonymous_figures():
    user = UserFactory()
    SignupSource.objects.create(user=user, utm_source="podcast")
    ActivityEvent.objects.create(kind=ActivityEvent.Kind.LOGIN, user=user)
    user.delete()
    assert SignupSource.objects.get().utm_source == "podcast"
    assert ActivityEvent.objects.get().user is None

"""HEAD answers like GET, the Permissions-Policy header, and no flash-message cookie."""

import pytest

from tests.factories import (
    EventFactory,
    FaqQuestionFactory,
    MemberFactory,
    ResourceFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

VISITOR_PAGES = [
    "/",
    "/faq/",
    "/faq/question-head/",
    "/faq/search/?q=roadmap",
    "/resources/",
    "/resources/resource-head/",
    "/events/",
    "/events/members-meetup/",
    "/events/members-meetup/calendar.ics",
    "/healthz",
    "/sitemap.xml",
    "/robots.txt",
    "/accounts/login/",
    "/accounts/signup/",
]
MEMBER_PAGES = ["/members/me/", "/members/me/export/", "/resources/library/"]


@pytest.fixture
def content():
    FaqQuestionFactory(slug="question-head", question="How do I plan a roadmap?")
    ResourceFactory(slug="resource-head")
    EventFactory()


def assert_head_is_get_without_body(client, path: str) -> None:
    get = client.get(path)
    head = client.head(path)
    assert get.status_code in {200, 302}, path
    assert (head.status_code, head.get("Content-Type")) == (
        get.status_code,
        get.get("Content-Type"),
    )
    assert head.content == b""


@pytest.mark.parametrize("path", VISITOR_PAGES)
def test_head_answers_like_get_for_visitors(client, content, path):
    assert_head_is_get_without_body(client, path)


@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_head_answers_like_get_for_members(client, path):
    client.force_login(MemberFactory(verified=True))
    assert_head_is_get_without_body(client, path)


def test_head_answers_like_get_on_the_dashboard(client):
    client.force_login(StaffFactory())
    assert_head_is_get_without_body(client, "/dashboard/")


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/healthz"])
def test_permissions_policy_turns_off_unused_features_but_keeps_passkeys(client, path):
    policy = dict(
        item.strip().split("=", 1) for item in client.get(path)["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "autoplay"):
        assert policy[feature] == "()", feature
    assert policy["publickey-credentials-get"] == "(self)"
    assert policy["publickey-credentials-create"] == "(self)"


def test_flash_messages_never_travel_in_a_cookie(client):
    """Sign-up's "Confirmation email sent to <address>" stays in the session."""
    address = "new.member@example.org"
    password = "Quiet-river-71-lantern"
    signed_up = client.post(
        "/accounts/signup/", {"email": address, "password1": password, "password2": password}
    )
    assert signed_up.status_code == 302
    shown = client.get(signed_up["Location"]).content.decode()
    assert address in shown
    member = MemberFactory(verified=True)
    client.post(
        "/accounts/login/", {"login": member.email, "password": "correct horse battery staple"}
    )
    client.get("/")
    names = set(client.cookies)
    assert not {name for name in names if "messages" in name}, names
    assert not any(address in morsel.value for morsel in client.cookies.values())

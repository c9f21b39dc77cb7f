"""One-click unsubscribe (RFC 8058): a signed link, no session, no CSRF token, for that URL only."""

import pytest
from django.core import signing
from django.test import Client

from notifications.models import NotificationPreference
from notifications.services import UNSUBSCRIBE_SALT, notify, unsubscribe_token
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def unsubscribe_link(mailoutbox, django_capture_on_commit_callbacks, member) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=member, kind="test_news", text="Ada asked to connect")
    header = mailoutbox[-1].extra_headers["List-Unsubscribe"]
    return header[1:-1].removeprefix("http://127.0.0.1:8000")


def test_a_mail_clients_one_click_post_needs_no_session_or_token(
    mailoutbox, django_capture_on_commit_callbacks
):
    member = MemberFactory()
    path = unsubscribe_link(mailoutbox, django_capture_on_commit_callbacks, member)
    client = Client(enforce_csrf_checks=True)  # no session, no cookie, no token
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Emails stopped" in response.content.decode()
    assert NotificationPreference.objects.get(user=member).delivery == "site"
    # Still told in the site, no longer by email.
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(recipient=member, kind="test_news", text="Again") is not None
    assert len(mailoutbox) == 1


def test_get_only_asks_for_confirmation(client, mailoutbox, django_capture_on_commit_callbacks):
    member = MemberFactory(email="grace@example.org")
    path = unsubscribe_link(mailoutbox, django_capture_on_commit_callbacks, member)
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Stop these emails?" in html and "News from the test suite" in html
    assert '<form method="post">' in html and "grace@example.org" not in html
    assert not NotificationPreference.objects.exists()
    assert client.head(path).status_code == 200


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        signing.dumps([1, "test_news"], salt="another.salt"),
        signing.dumps([1, "no_such_kind"], salt=UNSUBSCRIBE_SALT),
        signing.dumps("just a string", salt=UNSUBSCRIBE_SALT),
    ],
    ids=["garbage", "other salt", "unknown kind", "wrong shape"],
)
def test_a_tampered_token_gets_a_clear_400_and_changes_nothing(client, token):
    MemberFactory()
    for method in (client.get, client.post):
        response = method(f"/notifications/unsubscribe/{token}/")
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_a_token_names_one_member_and_one_kind(client):
    ada, grace = MemberFactory(), MemberFactory()
    token = unsubscribe_token(user=ada, kind="test_news")
    payload, stamp, signature = token.split(":")
    assert signing.b64_decode(payload.encode()) == f'[{ada.pk},"test_news"]'.encode()
    other_payload = signing.b64_encode(f'[{grace.pk},"test_news"]'.encode()).decode()
    forged = f"{other_payload}:{stamp}:{signature}"  # Ada's signature on Grace's id
    assert client.post(f"/notifications/unsubscribe/{forged}/").status_code == 400
    assert client.post(f"/notifications/unsubscribe/{token}/").status_code == 200
    assert list(NotificationPreference.objects.values_list("user", "kind", "delivery")) == [
        (ada.pk, "test_news", "site")
    ]

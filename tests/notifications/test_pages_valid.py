"""Every notifications page is valid HTML (Nu checker, one batch)."""

import pytest

from notifications.services import notify, unsubscribe_token
from tests.factories import MemberFactory
from tests.quality import assert_valid_html

pytestmark = pytest.mark.django_db


def test_notification_pages_are_valid_html(client):
    member = MemberFactory()
    pages = {}

    def grab(name, response, status=200):
        assert response.status_code == status, (name, response.status_code)
        pages[name] = response.content.decode()

    token = unsubscribe_token(user=member, kind="test_news")
    grab("unsubscribe confirm", client.get(f"/notifications/unsubscribe/{token}/"))
    grab("unsubscribe invalid", client.get("/notifications/unsubscribe/nope/"), 400)
    grab("unsubscribe done", client.post(f"/notifications/unsubscribe/{token}/"))
    client.force_login(member)
    grab("empty list", client.get("/notifications/"))
    notify(recipient=member, kind="test_quiet", text="<b>Bold</b> & more", url="/faq/")
    notify(recipient=member, kind="test_quiet", text="A second notice")
    grab("list", client.get("/notifications/"))
    grab("preferences", client.get("/notifications/preferences/"))
    grab("preferences errors", client.post("/notifications/preferences/", {"x": "1"}), 400)
    assert_valid_html(pages)

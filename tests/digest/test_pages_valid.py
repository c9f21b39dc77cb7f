"""Every digest page, and the digest's HTML mail, is valid HTML (Nu checker, one batch)."""

import pytest

from digest.services import unsubscribe_token
from tests.digest.conftest import seed, send
from tests.factories import MemberFactory
from tests.quality import assert_valid_html

pytestmark = pytest.mark.django_db


def test_digest_pages_are_valid_html(client, mailoutbox, django_capture_on_commit_callbacks):
    member = MemberFactory()
    pages = {}

    def grab(name, response, status=200):
        assert response.status_code == status, (name, response.status_code)
        pages[name] = response.content.decode()

    token = unsubscribe_token(member)
    grab("unsubscribe confirm", client.get(f"/digest/unsubscribe/{token}/"))
    grab("unsubscribe invalid", client.get("/digest/unsubscribe/nope/"), 400)
    grab("unsubscribe done", client.post(f"/digest/unsubscribe/{token}/"))
    client.force_login(member)
    grab("settings", client.get("/digest/"))
    grab("settings errors", client.post("/digest/", {"frequency": "daily"}), 400)
    seed()
    with django_capture_on_commit_callbacks(execute=True):
        send()
    pages["mail"] = mailoutbox[0].alternatives[0][0]
    assert_valid_html(pages)

"""An empty or invalid POST to any network form: the form again, a clear message, a 400, and
nothing already saved is lost."""

import pytest

from network.models import Connection, Introduction, Message
from network.services import message_send
from tests.network.conftest import connect, introduction, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(ada, grace):
    """Ada and Grace, connected, with a message; a request to Ada from Grace."""
    connect(ada, grace)
    message_send(sender=grace, recipient=ada, text="Hello Ada")
    return introduction(grace, ada, status="pending")


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        ("/network/members/{kay}/ask/", {}, "Say in a sentence or two why"),
        ("/network/members/{grace}/report/", {}, "Tell us what is wrong."),
        ("/network/members/{grace}/report/", {"reason": "bad"}, "at least 10 characters"),
        ("/network/introductions/{intro}/report/", {}, "Tell us what is wrong."),
        ("/network/conversations/with/{grace}/", {}, "Write something first."),
        ("/network/conversations/with/{grace}/", {"text": "   "}, "Write something first."),
        ("/network/conversations/with/{grace}/", {"text": "x" * 5001}, "Keep it under 5,000"),
        ("/network/introductions/{intro}/answer/", {}, "Choose one of the buttons"),
        ("/network/introductions/{intro}/answer/", {"answer": "maybe"}, "Choose one of the"),
    ],
)
def test_an_empty_or_invalid_post_shows_the_form_with_a_message(
    client, ada, grace, pair, url, data, message
):
    kay = person("Katherine Johnson", skills=["pricing"])
    url = url.format(grace=grace.profile.handle, kay=kay.profile.handle, intro=pair.pk)
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'method="post"' in html  # the form, to try again
    if "text" in data and len(data["text"]) > 10:
        assert data["text"] in html  # what was typed is not lost
    # Nothing saved is lost or changed.
    assert Connection.objects.count() == 1 and Message.objects.count() == 1
    assert Introduction.objects.get().status == "pending"
    assert (
        "Hello Ada"
        in client.get(f"/network/conversations/with/{grace.profile.handle}/").content.decode()
    )

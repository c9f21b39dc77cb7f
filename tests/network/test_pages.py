"""Every network page: valid HTML (Nu checker, one batch), and queries pinned on the lists."""

import pytest
from django.test import Client

from network.models import Block
from network.services import message_send
from tests.network.conftest import connect, introduction, person
from tests.quality import assert_valid_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(ada, grace):
    """Ada with three connections, a request each way and a blocked member."""
    for name in ["Linus Pauling", "Marie Curie", "Rosalind Franklin"]:
        connect(ada, person(name, skills=["pricing"], city="Paris", country="FR"))
    incoming = introduction(grace, ada)
    introduction(ada, person("Alan Turing"))
    Block.objects.create(blocker=ada, blocked=person("Nosy Parker"))
    return incoming


def test_every_network_page_is_valid_html(client, ada, grace, network):
    pages = {}

    def grab(name, response, status=200):
        assert response.status_code == status, (name, response.status_code)
        pages[name] = response.content.decode()

    grab("my network", client.get("/network/"))
    grab("my network search", client.get("/network/?q=mar"))
    grab("my network bad search", client.get("/network/?q=" + "x" * 101), 400)
    grab("request for me", client.get(network.get_absolute_url()))
    them = Client()
    them.force_login(grace)
    grab("request I sent", them.get(network.get_absolute_url()))
    handle = person("Katherine Johnson", skills=["pricing"]).profile.handle
    grab("ask", client.get(f"/network/members/{handle}/ask/"))
    grab("ask errors", client.post(f"/network/members/{handle}/ask/", {"reason": "x"}), 400)
    grab("ask pending", client.get(f"/network/members/{grace.profile.handle}/ask/"))
    grab("block", client.get(f"/network/members/{handle}/block/"))
    grab("blocked", client.get("/network/blocked/"))
    grab("report", client.get(f"/network/members/{handle}/report/"))
    grab("report request", client.get(f"{network.get_absolute_url()}report/"))
    grab("profile with ask", client.get(f"/members/{handle}/"))
    assert_valid_html(pages)


def test_my_network_queries_are_pinned(client, ada, network, django_assert_num_queries):
    """Session, the member with the header's unread counts, requests for me, requests I sent, the
    connections' count and their page: the same with 3 connections as with 30."""
    with django_assert_num_queries(6, exact=True):
        assert client.get("/network/").status_code == 200
    for number in range(27):
        connect(ada, person(f"More {number}"))
    with django_assert_num_queries(6, exact=True):
        page = client.get("/network/?page=2")
    assert page.status_code == 200 and "Page 2 of 2" in page.content.decode()


def test_my_network_searches_by_name(client, ada, network):
    html = client.get("/network/?q=marie").content.decode()
    assert "Marie Curie" in html and "Linus Pauling" not in html and "Grace Hopper" not in html
    html = client.get("/network/?q=grace").content.decode()
    assert "Grace Hopper" in html.split("Requests for you")[1].split("Requests you sent")[0]
    connect(ada, person("Ana Álvarez"))
    for typed in ("alvarez", "ÁLVAREZ", "ana álv"):
        assert "Ana Álvarez" in client.get("/network/", {"q": typed}).content.decode(), typed


def test_the_directory_keeps_its_query_count_with_ask_buttons(
    client, ada, network, django_assert_num_queries
):
    for number in range(5):
        person(f"Listed {number}")
    # Session, member (header counts included), the capped sample with the page's cards: as
    # without buttons.
    with django_assert_num_queries(3, exact=True):
        response = client.get("/members/")
    html = response.content.decode()
    assert html.count("Ask to connect") == 10  # every listed member but Ada and the blocked
    assert "Nosy Parker" not in html
    assert f"/network/members/{ada.profile.handle}/ask/" not in html


def test_blocked_list_queries(client, ada, network, django_assert_num_queries):
    with django_assert_num_queries(3, exact=True):  # session, member, blocks
        assert client.get("/network/blocked/").status_code == 200


def test_every_other_network_page_has_its_queries_pinned(
    client, ada, grace, network, django_assert_num_queries
):
    """Session and the member (with the header's counts) on each, and the page's own: the ask page
    reads the recipient, the asker's profile and every check in one query (and the pending request
    when there is one); a request's page the request with both profiles and whether it is open; the
    block page who it is and whether already blocked; a report page who or what is reported. Pages
    that save on a POST run in its transaction (a savepoint and its release); the ask and request
    pages only read (asking is its own transaction)."""
    connect(ada, grace)
    message = message_send(sender=grace, recipient=ada, text="Hello")
    handle = person("Katherine Johnson", skills=["pricing"]).profile.handle
    asked = person("Alan Turing Junior", skills=["pricing"])
    introduction(ada, asked)
    for url, count in [
        (f"/network/members/{handle}/ask/", 5),
        (f"/network/members/{asked.profile.handle}/ask/", 6),
        (network.get_absolute_url(), 4),
        (f"/network/members/{handle}/block/", 6),
        (f"/network/members/{handle}/report/", 5),
        (f"{network.get_absolute_url()}report/", 5),
        (f"/network/messages/{message.pk}/report/", 5),
    ]:
        with django_assert_num_queries(count, exact=True):
            assert client.get(url).status_code == 200, url

"""The sign-up funnel from a members-only download, end to end through the client: the visitor
who joins from the download button and confirms their address lands on that resource's page,
signed in, with the download ready and exactly one message, shown once."""

import re

import pytest
from django.core import mail

from tests.members.conftest import NEW_PASSWORD, PASSWORD, link_in
from tests.resources.conftest import client_for, consume, make_member

pytestmark = pytest.mark.django_db

SIGNUP_LINK = re.compile(r'href="(/accounts/signup/\?next=[^"]+)"')


def messages_on(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def join_from_the_download_button(client, ebook) -> str:
    """Sign up from the resource page's button; the confirmation link from the mail."""
    page = client.get(ebook.get_absolute_url()).content.decode()
    signup = SIGNUP_LINK.search(page)[1].replace("&amp;", "&")
    form = client.get(signup)
    assert f'value="{ebook.get_absolute_url()}"' in form.content.decode()  # `next` rides along
    checked = client.post(
        signup,
        {
            "email": "new.reader@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "next": ebook.get_absolute_url(),
        },
        follow=True,
    )
    assert "Check your inbox" in checked.content.decode()
    [message] = mail.outbox
    return link_in(message, "/accounts/confirm-email/")


def test_confirming_lands_on_the_resource_page_signed_in_with_one_message(ebook):
    client = client_for()
    link = join_from_the_download_button(client, ebook)

    page = client.get(link)
    html = page.content.decode()
    assert "Confirm your email address" in html and "Confirm my address" in html
    assert "is an email address for user" not in html  # allauth's stock page

    landed = client.post(link.split("?")[0], {"next": ebook.get_absolute_url()}, follow=True)
    assert landed.redirect_chain == [(ebook.get_absolute_url(), 302)]
    assert landed.wsgi_request.user.email == "new.reader@example.org"
    html = landed.content.decode()
    assert f'href="{ebook.get_download_url()}" download' in html  # the download is ready
    assert "Register free" not in html
    assert messages_on(landed) == [
        "Thanks, new.reader@example.org is confirmed: members-only downloads and the member "
        "directory are open to you."
    ]
    # Shown once: the next page carries no message.
    assert messages_on(client.get("/resources/")) == []
    download = client.get(ebook.get_download_url())
    assert download["Content-Disposition"].startswith("attachment;")
    consume(download)


def test_the_link_without_its_query_still_comes_back_to_the_resource(ebook):
    client = client_for()
    link = join_from_the_download_button(client, ebook)
    landed = client.post(link.split("?")[0], follow=True)
    assert landed.redirect_chain == [(ebook.get_absolute_url(), 302)]
    assert len(messages_on(landed)) == 1


def test_the_download_url_sends_a_visitor_to_join_and_back_to_the_page(ebook):
    response = client_for().get(ebook.get_download_url())
    assert response["Location"] == "/accounts/signup/?next=%2Fresources%2Fmembers-ebook%2F"


def test_a_member_who_signs_in_from_the_page_lands_on_it_with_one_message(ebook):
    member = make_member(email="reader@example.org")
    client = client_for()
    page = client.get(ebook.get_absolute_url()).content.decode()
    sign_in_link = re.search(r'href="(/accounts/login/\?next=[^"]+)"', page)[1]
    assert sign_in_link == "/accounts/login/?next=/resources/members-ebook/"
    landed = client.post(sign_in_link, {"login": member.email, "password": PASSWORD}, follow=True)
    assert landed.redirect_chain == [(ebook.get_absolute_url(), 302)]
    assert f'href="{ebook.get_download_url()}" download' in landed.content.decode()
    assert len(messages_on(landed)) == 1
    assert messages_on(client.get("/resources/")) == []


def test_an_expired_or_wrong_link_says_so_in_our_words(client):
    html = client.get("/accounts/confirm-email/not-a-key/").content.decode()
    assert "This link was already used, has expired or is not valid" in html


def test_the_link_once_used_offers_to_sign_in_and_carry_on(ebook):
    client = client_for()
    link = join_from_the_download_button(client, ebook)
    client.post(link.split("?")[0])
    html = client_for().get(link).content.decode()
    assert "This link was already used, has expired or is not valid" in html
    assert 'href="/accounts/login/?next=/resources/members-ebook/"' in html

"""SITE_URL is the one source of every absolute link: pages, sitemap, robots.txt and every email,
whatever host the request came in on (here `localhost:9999`, not the public address)."""

import re

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.core.management import call_command
from django.test import Client

from faq.models import AnswerRequest
from tests.factories import FaqQuestionFactory, MemberFactory, ResourceFactory
from tests.members.conftest import NEW_PASSWORD, link_in

pytestmark = pytest.mark.django_db

SITE = "http://example.test:8811"
URL = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE  # override_settings, for this test only
    mail.outbox.clear()


@pytest.fixture
def client():
    return Client(headers={"host": "localhost:9999"})


def links_in(message) -> list[str]:
    bodies = [message.body, *(body for body, _ in message.alternatives)]
    # Schema.org and the XHTML namespace are not links to us.
    return [url for body in bodies for url in URL.findall(body) if "w3.org" not in url]


def assert_every_mail_links_to_the_site() -> None:
    assert mail.outbox
    for message in mail.outbox:
        links = links_in(message)
        assert links, message.subject
        assert all(url.startswith(f"{SITE}/") or url == SITE for url in links), (
            message.subject,
            links,
        )


def test_canonical_and_og_url_use_site_url(client):
    question = FaqQuestionFactory()
    resource = ResourceFactory()
    for path in ("/", "/faq/", question.get_absolute_url(), resource.get_absolute_url()):
        html = client.get(path).content.decode()
        assert f'<link rel="canonical" href="{SITE}{path}">' in html, path
        assert f'<meta property="og:url" content="{SITE}{path}">' in html, path
        assert "localhost:9999" not in html, path


def test_sitemap_and_robots_use_site_url(client):
    question = FaqQuestionFactory()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{SITE}{question.get_absolute_url()}</loc>" in sitemap
    assert set(re.findall(r"<loc>(https?://[^/]+)/", sitemap)) == {SITE}
    assert f"Sitemap: {SITE}/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_allauth_links_confirmation_welcome_and_reset_use_site_url(client):
    client.post(
        "/accounts/signup/?next=/faq/",
        {"email": "new@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    [confirmation] = mail.outbox
    assert f"{SITE}/accounts/confirm-email/" in confirmation.body
    client.post(link_in(confirmation, "/accounts/confirm-email/"))  # and the welcome mail
    assert any("Welcome" in message.subject for message in mail.outbox)
    client.logout()
    member = MemberFactory(email="known@example.org")
    for email in (member.email, "unknown@example.org"):  # the reset link; the "join" link
        client.post("/accounts/password/reset/", {"email": email})
    client.post(  # "you already have an account": a reset link
        "/accounts/signup/",
        {"email": member.email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert len(mail.outbox) == 5
    assert_every_mail_links_to_the_site()


def test_faq_notices_and_answer_published_use_site_url(
    client, settings, django_capture_on_commit_callbacks
):
    settings.STAFF_NOTIFICATION_EMAILS = ["editor@pmportal.example"]
    client.post(
        "/faq/ask/",
        {
            "name": "Ada",
            "email": "ada@example.org",
            "question": "How do I price an API product?",
            "search_query": "",
        },
    )
    member = MemberFactory()
    AnswerRequest.objects.create(user=member, query="salary negotiation")
    with django_capture_on_commit_callbacks(execute=True):
        FaqQuestionFactory(question="How do I handle a salary negotiation?", answer="Prepare.")
    assert [message.to for message in mail.outbox][-1] == [member.email]
    assert len(mail.outbox) == 3
    assert_every_mail_links_to_the_site()


def test_the_site_row_follows_site_url_on_migrate():
    Site.objects.filter(pk=1).update(domain="127.0.0.1:8000", name="Old")
    call_command("migrate", verbosity=0)
    site = Site.objects.get(pk=1)
    assert (site.domain, site.name) == ("example.test:8811", "PM Portal")

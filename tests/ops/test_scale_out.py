"""Two app servers behind one load balancer behave as one site: sessions, rate limits and
downloads hold whichever server answers."""

import hashlib

import pytest
from allauth.account.models import EmailAddress
from benchlib import Visitor
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.files.base import ContentFile

from members.models import User
from resources.models import DownloadEvent, Resource
from tests.factories import ResourceFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shared_cache_cleared"),
]

PASSWORD = "a-long-and-unguessable-password"


def member(email: str) -> User:
    """A verified member whose password the production hasher can check (the test settings'
    MD5 hasher is not installed on the servers); few iterations keep it fast."""
    user = User.objects.create(
        email=email, password=PBKDF2PasswordHasher().encode(PASSWORD, "ops-salt", iterations=1000)
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def test_a_session_from_one_server_is_valid_on_the_other(app_servers):
    (first, second), _ = app_servers
    member("both@example.org")
    browser = Visitor(first, "10.1.0.1")
    assert browser.sign_in("both@example.org", PASSWORD).status == 302

    browser.port = second
    page = browser.get("/members/me/", keep=True)
    assert page.status == 200
    assert b"both@example.org" in page.body or b"Your profile" in page.body


def test_failed_sign_ins_are_counted_across_servers(app_servers):
    """allauth allows 5 failed attempts per address in 5 minutes: spread over two servers it
    is still 5, because the counters live in the shared cache."""
    ports, _ = app_servers
    member("target@example.org")
    refused = []
    for attempt in range(8):
        browser = Visitor(ports[attempt % 2], f"10.2.0.{attempt + 1}")
        answer = browser.sign_in("target@example.org", f"wrong-guess-{attempt}")
        assert answer.status == 200  # the form again, with a message
        refused.append(b"too many" in answer.body.lower())
    assert refused == [False] * 5 + [True] * 3


def test_a_download_checked_on_one_server_is_served_by_either(app_servers, shared_media):
    (first, second), _ = app_servers
    pdf = b"%PDF-1.4\n" + b"members only " * 5000 + b"\n%%EOF\n"
    resource = ResourceFactory(slug="shared-ebook", file=None)
    resource.file.save("upload.pdf", ContentFile(pdf), save=True)
    member("reader@example.org")

    browser = Visitor(first, "10.3.0.1")
    assert browser.sign_in("reader@example.org", PASSWORD).status == 302
    downloads = []
    for port in (first, second, first):
        browser.port = port
        downloads.append(browser.get("/resources/shared-ebook/download/", keep=True))
    assert [d.status for d in downloads] == [200, 200, 200]
    assert {hashlib.sha256(d.body).hexdigest() for d in downloads} == {
        hashlib.sha256(pdf).hexdigest()
    }
    # One member, three downloads within a day, two servers: counted once.
    assert DownloadEvent.objects.filter(resource=resource).count() == 1
    assert Resource.objects.get(pk=resource.pk).member_downloads == 1

    # A visitor without a session is sent to sign up by either server.
    for port in (first, second):
        assert Visitor(port, "10.3.0.9").get("/resources/shared-ebook/download/").status == 302

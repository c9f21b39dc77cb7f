"""Fixtures for the resource library tests: the four people of the access ladder."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from tests.factories import ResourceFactory, UserFactory

BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36"


def client_for(user=None) -> Client:
    client = Client(HTTP_USER_AGENT=BROWSER_UA)
    if user is not None:
        client.force_login(user)
    return client


def consume(response) -> bytes:
    """The body of any response. Reading a streaming body to the end is also what closes the
    file behind it (the test client closes it then, without closing the database connection)."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def make_member(*, verified: bool = True, **fields):
    """A user with their address on record, confirmed or not."""
    user = UserFactory(**fields)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    return user


@pytest.fixture
def member(db):
    return make_member(verified=True)


@pytest.fixture
def unverified(db):
    return make_member(verified=False)


@pytest.fixture
def staff(db):
    # Staff pass the gate by role, even before confirming their own address.
    return make_member(verified=False, is_staff=True)


@pytest.fixture
def people(member, unverified, staff):
    """name → logged-in client (the visitor has no account)."""
    return {
        "visitor": client_for(),
        "unverified": client_for(unverified),
        "member": client_for(member),
        "staff": client_for(staff),
    }


@pytest.fixture
def ebook(db):
    return ResourceFactory(slug="members-ebook", title="Members eBook")

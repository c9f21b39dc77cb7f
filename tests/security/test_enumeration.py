"""Sign-up, sign-in, sign-in by code and password reset answer the same for a known and an
unknown address: status, redirect and page (once the address itself and tokens are removed)."""

import re

import pytest
from django.core import mail
from django.test import Client

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

KNOWN = "known@example.org"
UNKNOWN = "unknown@example.org"


def normalized(response) -> tuple:
    body = response.content.decode()
    body = body.replace(UNKNOWN, "ADDRESS").replace(KNOWN, "ADDRESS")
    body = re.sub(r'(value|nonce|content)="[^"]*"', r'\1="X"', body)
    return response.status_code, response.get("Location"), body


def answer(path: str, data: dict, follow: bool = True):
    client = Client()
    first = client.post(path, data)
    page = client.get(first["Location"]) if first.status_code == 302 and follow else first
    return normalized(first)[:2], normalized(page)


@pytest.fixture(autouse=True)
def known(db):
    return MemberFactory(email=KNOWN)


def test_sign_up():
    def data(email):
        return {
            "email": email,
            "password1": "A-new-Passw0rd-123",
            "password2": "A-new-Passw0rd-123",
        }

    assert answer("/accounts/signup/", data(KNOWN)) == answer("/accounts/signup/", data(UNKNOWN))


def test_sign_in_with_a_wrong_password():
    def data(email):
        return {"login": email, "password": "not-the-password-1"}

    known_answer = answer("/accounts/login/", data(KNOWN))
    assert known_answer[0][0] == 200
    assert known_answer == answer("/accounts/login/", data(UNKNOWN))


def test_password_reset():
    known_answer = answer("/accounts/password/reset/", {"email": KNOWN})
    assert known_answer[0][0] == 302
    assert known_answer == answer("/accounts/password/reset/", {"email": UNKNOWN})
    # Each address's owner gets a mail (a link, or "no account here"): nothing tells the sender.
    assert sorted(m.to[0] for m in mail.outbox) == [KNOWN, UNKNOWN]


def test_sign_in_by_code():
    known_answer = answer("/accounts/login/code/", {"email": KNOWN})
    assert known_answer == answer("/accounts/login/code/", {"email": UNKNOWN})

"""Sign-up tells nobody whether an address is taken: not by the page, the mail or the time."""

import re

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client

from tests.factories import MemberFactory
from tests.members.conftest import NEW_PASSWORD

pytestmark = pytest.mark.django_db


class CountingHasher(MD5PasswordHasher):
    """The suite's hasher, counting the passwords it hashes (hashing is what takes the time)."""

    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.members.test_signup_enumeration.CountingHasher"]
    yield CountingHasher
    CountingHasher.calls = 0


def page_text(response, email: str) -> str:
    """The page without what differs on every request (CSRF token, CSP nonce) and the address
    the visitor typed (both pages say "Confirmation email sent to <address>")."""
    text = response.content.decode().replace(email, "ADDRESS")
    return re.sub(r'(nonce|value)="[^"]*"', r'\1=""', text)


def test_taken_and_new_addresses_cost_one_password_hash_and_get_the_same_answer(
    counting_hasher, outbox
):
    MemberFactory(email="taken@example.org")
    answers = {}
    for email in ["taken@example.org", "new@example.org"]:
        counting_hasher.calls = 0
        data = {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        response = Client().post("/accounts/signup/", data, follow=True)
        answers[email] = counting_hasher.calls, response.redirect_chain, page_text(response, email)

    taken, new = answers["taken@example.org"], answers["new@example.org"]
    assert taken[0] == new[0] == 1
    assert taken[1] == new[1] == [("/accounts/confirm-email/", 302)]
    assert taken[2] == new[2]
    assert "Check your inbox" in taken[2]
    assert "sent to ADDRESS" in taken[2]
    # Each address gets one mail: the newcomer a link, the owner a "someone tried" notice.
    assert sorted(m.to[0] for m in outbox) == ["new@example.org", "taken@example.org"]

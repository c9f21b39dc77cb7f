"""Helpers for the account and profile tests."""

import re

import pytest
from django.core import mail

PASSWORD = "correct horse battery staple"  # the factories' password
NEW_PASSWORD = "Quiet-river-71-lantern"


def link_in(message, path_prefix: str) -> str:
    """The first link in a mail's plain-text body whose path starts with `path_prefix`."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"[^\s]*)", message.body)
    assert match, f"no {path_prefix} link in:\n{message.body}"
    return match.group(1)


def code_in(message) -> str:
    match = re.search(r"^\s*([A-Z0-9][A-Z0-9-]{4,12})\s*$", message.body, re.MULTILINE)
    assert match, f"no code in:\n{message.body}"
    return match.group(1)


def sign_in(client, email: str, password: str = PASSWORD):
    """A real password sign-in (so allauth records it for reauthentication)."""
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox

"""When failed passwords lock sign-in, the member can still sign in with an emailed code."""

import re

import pytest
from django.test import Client

from tests.factories import MemberFactory
from tests.members.conftest import PASSWORD, code_in

pytestmark = pytest.mark.django_db


def lock_out(client, email: str):
    for _ in range(5):
        client.post("/accounts/login/", {"login": email, "password": "not the password"})
    return client.post("/accounts/login/", {"login": email, "password": PASSWORD})


def test_locked_out_member_is_offered_a_code_and_signs_in_with_it(client, outbox):
    member = MemberFactory(email="locked@example.org")
    locked = lock_out(client, "locked@example.org")
    assert "_auth_user_id" not in client.session
    page = locked.content.decode()
    assert "Too many failed sign-in attempts" in page
    assert re.search(r'<a href="/accounts/login/code/">sign in with a code</a>', page)

    requested = client.post("/accounts/login/code/", {"email": "locked@example.org"})
    assert requested.status_code == 302
    [message] = outbox
    assert message.to == ["locked@example.org"]
    signed_in = client.post(requested["Location"], {"code": code_in(message)})
    assert signed_in.status_code == 302
    assert int(client.session["_auth_user_id"]) == member.pk
    # The code does not lift the lock on the password (from another browser either).
    again = Client().post("/accounts/login/", {"login": "locked@example.org", "password": PASSWORD})
    assert "Too many failed" in again.content.decode()


def test_the_code_link_keeps_where_the_member_was_going(client):
    MemberFactory(email="locked@example.org")
    for _ in range(5):
        client.post(
            "/accounts/login/?next=/members/", {"login": "locked@example.org", "password": "x" * 12}
        )
    locked = client.post(
        "/accounts/login/?next=/members/", {"login": "locked@example.org", "password": PASSWORD}
    )
    [message] = locked.context["form"].non_field_errors()
    assert '<a href="/accounts/login/code/?next=%2Fmembers%2F">sign in with a code</a>' in message


def test_an_unknown_address_gets_the_same_lockout_message(client):
    MemberFactory(email="locked@example.org")
    known = lock_out(client, "locked@example.org").context["form"].errors
    unknown = lock_out(Client(), "nobody@example.org").context["form"].errors
    assert known == unknown


def test_other_limits_keep_their_own_message(client, settings, outbox):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "request_login_code": "1/m/key"}
    MemberFactory(email="coder@example.org")
    client.post("/accounts/login/code/", {"email": "coder@example.org"})
    again = client.post("/accounts/login/code/", {"email": "coder@example.org"})
    assert "sign in with a code" not in again.content.decode()

"""While PostgreSQL is down every page answers the friendly 503, including when the failure
happens in a middleware (loading a member's session) rather than in the view."""

import pytest
from django.db import OperationalError
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    return client


@pytest.fixture
def sessions_fail(monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore

    def load(self):
        raise OperationalError("connection refused")

    monkeypatch.setattr(SessionStore, "load", load)


@pytest.mark.parametrize("database_back_already", [False, True])
def test_a_session_that_cannot_load_gives_the_friendly_503(
    member_client, sessions_fail, monkeypatch, database_back_already
):
    # True: PostgreSQL came back between the failed query and the middleware's check.
    monkeypatch.setattr("pmportal.middleware._database_answers", lambda: database_back_already)
    response = member_client.get("/members/me/")
    assert response.status_code == 503
    assert b"We will be back in a moment" in response.content
    assert response["Retry-After"] == "5"


@pytest.mark.urls("tests.ops.urls")
def test_a_bug_stays_a_500_while_the_database_answers():
    response = Client(raise_request_exception=False).get("/ops-broken/")
    assert response.status_code == 500

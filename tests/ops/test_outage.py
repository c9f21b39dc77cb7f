"""While PostgreSQL is down every page answers the friendly 503, including when the failure
happens in a middleware (loading a member's session) rather than in the view.

The failures are real: a connection to a port where nothing listens, and a connection the
server ended (as a restart does) while PostgreSQL itself keeps answering.
"""

import psycopg
import pytest
from django.db import connection
from django.test import Client

from tests.factories import UserFactory
from tests.production import database_url

# The connection is lost on purpose: no test transaction can wrap these tests.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def member_client():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    return client


def assert_friendly_503(response) -> None:
    assert response.status_code == 503
    assert b"We will be back in a moment" in response.content
    assert response["Retry-After"] == "5"


def test_a_session_that_cannot_load_while_the_database_is_down_gives_the_friendly_503(
    member_client, database_down
):
    assert_friendly_503(member_client.get("/members/me/"))


def test_a_session_lost_with_its_connection_gives_the_friendly_503_once_the_database_is_back(
    member_client,
):
    """PostgreSQL restarted between two requests: the worker's connection is gone, though the
    server answers again by the time the middleware looks (3 such requests per `make chaos`)."""
    assert member_client.get("/members/me/").status_code == 200
    with psycopg.connect(database_url(connection.settings_dict), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])
    try:
        response = member_client.get("/members/me/")
    finally:
        connection.close()
    assert_friendly_503(response)


@pytest.mark.urls("tests.ops.urls")
def test_a_bug_stays_a_500_while_the_database_answers():
    response = Client(raise_request_exception=False).get("/ops-broken/")
    assert response.status_code == 500

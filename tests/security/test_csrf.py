"""CSRF: every POST to every route without a token, with a foreign Origin or with `Origin: null`
is refused (403) before any view runs; and no GET anywhere changes what is stored."""

import re

import pytest
from django.db import connection
from django.test import Client
from psycopg import sql

from tests.security.conftest import ROLES, walk
from tests.security.urls import concrete

pytestmark = pytest.mark.django_db

# Tables a GET may legitimately write: the session itself, and analytics rows that record the
# visit (search log, download and activity events) without changing anything a member can see.
WRITTEN_BY_GET = {
    "django_session",
    "faq_searchlog",
    "resources_downloadevent",
    "insights_activityevent",
    "insights_signupsource",
    "django_cache",
}


def token_client(user=None) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    page = client.get("/accounts/login/" if user is None else "/members/me/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return client, token


# RFC 8058 one-click unsubscribe: mail clients POST without a session or a token, the signed
# token in the URL is the proof (tests/notifications/test_unsubscribe.py, tests/digest). The only
# exemptions: a notification kind's and the digest's.
CSRF_EXEMPT = {"notifications:unsubscribe", "digest:unsubscribe"}


def urls(world, *, skip=frozenset()) -> list[str]:
    return [concrete(route, name, world) for route, name in walk() if name not in skip]


@pytest.mark.parametrize("role", ["visitor", "member", "staff"])
def test_posts_without_a_token_or_from_another_origin_are_refused(world, role):
    user = None if role == "visitor" else world.users[role]
    client, token = token_client(user)
    accepted = []
    for url in urls(world, skip=CSRF_EXEMPT):
        attempts = {
            "no token": client.post(url, {"x": "1"}),
            "foreign origin": client.post(
                url, {"csrfmiddlewaretoken": token}, headers={"origin": "https://evil.example"}
            ),
            "null origin": client.post(
                url, {"csrfmiddlewaretoken": token}, headers={"origin": "null"}
            ),
            "foreign referer over https": client.post(
                url,
                {"csrfmiddlewaretoken": token},
                secure=True,
                headers={"referer": "https://evil.example/form"},
            ),
        }
        accepted += [
            f"{name}: {url} → {r.status_code}"
            for name, r in attempts.items()
            if r.status_code != 403
        ]
    assert not accepted, "\n".join(accepted)


def test_the_same_origin_with_a_token_is_accepted(world):
    """The refusals above are CSRF, not something else: the same POST from our origin works."""
    client, token = token_client(world.users["member"])
    response = client.post(
        "/accounts/logout/", {"csrfmiddlewaretoken": token}, headers={"origin": "http://testserver"}
    )
    assert response.status_code == 302


def snapshot() -> dict[str, str]:
    """A checksum of every table's content, except those a GET may write."""
    sums = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table in WRITTEN_BY_GET:
                continue
            cursor.execute(
                sql.SQL(
                    "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t"
                ).format(sql.Identifier(table))
            )
            sums[table] = cursor.fetchone()[0]
    return sums


def test_no_get_changes_state(world):
    clients = {role: world.client(role) for role in ROLES}
    all_urls = urls(world)
    for client in clients.values():  # first visits may create sessions and first-touch rows
        client.get("/")
    before = snapshot()
    for url in all_urls:
        for client in clients.values():
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
    after = snapshot()
    changed = [table for table in before if before[table] != after.get(table)]
    assert not changed, changed
    assert clients["member"].get("/members/me/").status_code == 200  # GET sign-out did not

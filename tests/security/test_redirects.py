"""Open redirect: Django's own list of bad URLs as `next` on every account flow → never off-site.

tests/members/test_accounts.py covers twelve targets on sign-in and sign-up; this runs Django's
full list (tests/utils_tests/test_http.py, url_has_allowed_host_and_scheme) through every flow
that takes `next`: sign-in, sign-up, sign-out, sign-in by code, reauthentication, the
already-signed-in redirect and the verify-your-address page.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils.http import url_has_allowed_host_and_scheme

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"

# Django's bad_urls, then the ones the issue names.
BAD_NEXT = [
    "http://example.com",
    "http:///example.com",
    "https://example.com",
    "ftp://example.com",
    r"\\example.com",
    r"\\\example.com",
    r"/\\/example.com",
    r"\\//example.com",
    r"/\/example.com",
    r"\/example.com",
    r"/\example.com",
    r"http:/\//example.com",
    r"http:\/example.com",
    r"http:/\example.com",
    'javascript:alert("XSS")',
    "\njavascript:alert(x)",
    "\x08//example.com",
    r"http://otherserver\@example.com",
    r"http:\\testserver\@example.com",
    r"http://testserver\me:pass@example.com",
    r"http://testserver\@example.com",
    r"http:\\testserver\confirm\me@example.com",
    "http:999999999",
    "ftp:9999999999",
    "\n",
    "http://[2001:cdba:0000:0000:0000:0000:3257:9652/",
    "http://2001:cdba:0000:0000:0000:0000:3257:9652]/",
    "//evil.example",
    "/%2F%2Fevil.example",
    "https:evil.example",
    "///evil.example",
    "/\t/evil.example",
    "%2F%2Fevil.example",
    "data:text/html,<script>alert(1)</script>",
]


def assert_on_site(response) -> None:
    """A redirect, if any, stays on this site as a browser would read it."""
    if response.status_code not in {301, 302, 303, 307, 308}:
        assert b"evil.example" not in response.content
        return
    location = response["Location"]
    assert url_has_allowed_host_and_scheme(location, {"testserver"}), location
    parts = urlsplit(location.replace("\\", "/").strip())
    assert parts.netloc in {"", "testserver"} and parts.scheme in {"", "http", "https"}, location
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location


def member():
    return MemberFactory(email="someone@example.org")


@pytest.mark.parametrize("target", BAD_NEXT)
def test_sign_in(client, target):
    member()
    response = client.post(
        "/accounts/login/", {"login": "someone@example.org", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert_on_site(response)


@pytest.mark.parametrize("target", BAD_NEXT)
def test_sign_in_from_the_query_string_and_when_already_signed_in(client, target):
    member_ = member()
    response = client.post(
        "/accounts/login/?" + _query(target), {"login": member_.email, "password": PASSWORD}
    )
    assert_on_site(response)
    assert_on_site(client.get("/accounts/login/?" + _query(target)))
    assert_on_site(client.get("/accounts/signup/?" + _query(target)))


@pytest.mark.parametrize("target", BAD_NEXT)
def test_sign_out(client, target):
    client.force_login(member())
    response = client.post("/accounts/logout/", {"next": target})
    assert response.status_code == 302
    assert_on_site(response)


@pytest.mark.parametrize("target", BAD_NEXT)
def test_sign_up_and_its_verification_link(client, target):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "fresh@example.org",
            "password1": "A-new-Passw0rd-123",
            "password2": "A-new-Passw0rd-123",
            "next": target,
        },
    )
    assert_on_site(response)
    body = mail.outbox[-1].body
    assert "evil.example" not in body and "example.com" not in body.replace("@example.org", "")
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]*)", body).group(1)
    assert_on_site(client.post(link.split("?")[0], {"next": target}))


@pytest.mark.parametrize("target", BAD_NEXT)
def test_sign_in_by_code(client, target):
    member()
    requested = client.post(
        "/accounts/login/code/", {"email": "someone@example.org", "next": target}
    )
    assert_on_site(requested)
    code = re.search(r"^\s*([A-Z0-9][A-Z0-9-]{4,12})\s*$", mail.outbox[-1].body, re.M).group(1)
    assert_on_site(client.post("/accounts/login/code/confirm/", {"code": code, "next": target}))


@pytest.mark.parametrize("target", BAD_NEXT)
def test_reauthentication(client, target):
    client.force_login(member())
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert_on_site(response)


@pytest.mark.parametrize("target", BAD_NEXT[:8] + BAD_NEXT[-6:])
def test_member_pages_send_visitors_to_sign_in_with_a_local_next(client, target):
    """`next` built from the requested path is always a local path; a crafted path stays one."""
    response = client.get("/members/me/", {"next": target})
    assert_on_site(response)


def _query(target: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"next": target})

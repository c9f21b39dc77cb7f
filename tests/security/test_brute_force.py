"""Brute force against 3 gunicorn workers sharing the production cache: 30 wrong passwords on one
address, each from a "different" X-Forwarded-For, get at most 5 password checks; the right
password is refused during the lockout; the admin login is the same allauth form and lockout.

Reuses the server and client of tests/members/test_rate_limit_processes.py.
"""

import re

import pytest

from tests.factories import MemberFactory
from tests.members.test_rate_limit_processes import Browser, gunicorn  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


def attempt(port: int, password: str, *, path: str = "/accounts/login/", forwarded: str = ""):
    browser = Browser(port)
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    status, page = browser.request("GET", path, headers=headers)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, page = browser.request(
        "POST",
        path,
        {"csrfmiddlewaretoken": token, "login": "target@example.org", "password": password},
        headers={**headers, "Referer": f"http://127.0.0.1:{port}{path}"},
    )
    return status, page, browser


def test_rotating_forwarded_for_does_not_reset_the_lockout(gunicorn):  # noqa: F811
    MemberFactory(email="target@example.org")
    refused = []
    for number in range(30):
        _status, page, _browser = attempt(
            gunicorn, f"wrong-{number}", forwarded=f"203.0.113.{number + 1}, 10.0.0.{number}"
        )
        refused.append("too many" in page.lower())
    assert refused == [False] * 5 + [True] * 25, refused
    status, page, browser = attempt(gunicorn, PASSWORD, forwarded="198.51.100.7")
    assert status == 429 or "too many" in page.lower(), status  # refused either way
    status, _page = browser.request("GET", "/members/me/")
    assert status == 302  # not signed in


def test_the_admin_login_is_the_same_form_and_lockout(gunicorn):  # noqa: F811
    staff = MemberFactory(email="target@example.org", is_staff=True, is_superuser=True)
    browser = Browser(gunicorn)
    status, _page = browser.request("GET", "/admin/login/?next=/admin/")
    assert status == 302  # to /accounts/login/?next=/admin/: Django's own form never shows
    for number in range(6):
        attempt(gunicorn, f"wrong-{number}")
    # Django's admin form fields, posted straight to /admin/login/: no password is checked.
    status, _page = browser.request(
        "POST", "/admin/login/", {"username": staff.email, "password": PASSWORD}
    )
    assert status in {302, 403}
    status, page, _browser = attempt(gunicorn, PASSWORD, path="/accounts/login/?next=/admin/")
    assert "too many" in page.lower()

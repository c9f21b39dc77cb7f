"""Stored and reflected XSS: the corpus in every user or staff text field and every query
parameter; the HTML that comes back has no executable construct (tests/security/xss.py).
A real Chromium loads the same pages in tests/browser/test_security.py."""

import pytest
from django.test import Client

from tests.security.xss import PAYLOADS, executable_constructs, plant

pytestmark = pytest.mark.django_db

assert len(PAYLOADS) >= 50


def assert_clean(client: Client, urls: list[str]) -> None:
    problems = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        found = executable_constructs(response.content.decode())
        problems += [f"{url}: {item}" for item in found]
    assert not problems, "\n".join(problems[:40])


def test_the_checker_finds_what_it_must():
    assert executable_constructs("<p><img src=x onerror=alert(1)></p>")
    assert executable_constructs('<a href=" java\tscript:alert(1)">x</a>')
    assert not executable_constructs('<a href="java   script:alert(1)">a relative path</a>')
    assert executable_constructs("<script>alert(1)</script>")
    assert not executable_constructs('<script src="/static/js/site.js" defer></script>')
    assert not executable_constructs('<script type="application/ld+json">{"a": 1}</script>')


def test_stored_payloads_render_inert_everywhere(world):
    pages = plant(world)
    for role, urls in pages.items():
        assert_clean(world.client(role), urls)


def test_stored_payloads_in_the_members_own_forms(world):
    """The profile form shows the member's own text back in inputs and textareas."""
    member = world.users["member"]
    profile = member.profile
    client = world.client("member")
    for payload in PAYLOADS:
        profile.display_name = payload[:100]
        profile.headline = payload[:140]
        profile.bio = payload
        profile.save()
        found = executable_constructs(client.get("/members/me/").content.decode())
        assert not found, (payload, found)


SEARCH_PAGES = {
    "visitor": {
        "/faq/search/": ["q"],
        "/resources/": ["q", "tag", "kind", "series", "sort"],
        "/events/": ["page"],
    },
    "member": {
        "/members/": ["q", "skill", "role", "country", "after", "page"],
        "/accounts/login/": ["next"],
        "/accounts/signup/": ["next"],
    },
    "staff": {"/dashboard/": ["days"], "/admin/members/user/": ["q"]},
}


@pytest.mark.parametrize("role", list(SEARCH_PAGES))
def test_reflected_payloads_in_every_query_parameter(world, role):
    client = world.client(role)
    problems = []
    for path, names in SEARCH_PAGES[role].items():
        for payload in PAYLOADS:
            for name in names:
                response = client.get(path, {name: payload})
                assert response.status_code < 500
                if response.status_code == 200:
                    found = executable_constructs(response.content.decode())
                    problems += [f"{path}?{name}={payload!r}: {item}" for item in found]
    assert not problems, "\n".join(problems[:40])

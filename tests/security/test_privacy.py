"""Privacy canaries: members carry unique markers in their email and in every field they keep
private (hidden members: in every field). A crawl of every page, search variant, facet, error
page, the sitemap and every mail sent, as a visitor and as another member, finds none of them."""

import re
from urllib.parse import unquote_plus, urlencode

import pytest
from django.core import mail
from django.test import Client

from tests.factories import MemberFactory
from tests.security.conftest import walk
from tests.security.urls import concrete

pytestmark = pytest.mark.django_db

FIELDS = ["display_name", "headline", "company", "city", "bio"]


def hidden_markers(prefix: str) -> dict[str, str]:
    return {field: f"zq{prefix}{field.replace('_', '')}" for field in FIELDS}


@pytest.fixture
def secrets(world):
    """name → marker that neither a visitor nor another member may ever see."""
    markers: dict[str, str] = {}
    # A listed member: only the email is private.
    listed = MemberFactory(
        email="zqlistedmail@example.org",
        listed=True,
        profile__display_name="Lena Listed",
        profile__role="growth",
        profile__country="PT",
        profile__open_to_mentoring=True,
    )
    markers["listed email"] = "zqlistedmail"
    # Hidden, and listed-but-unverified: everything is private.
    for prefix, options in {
        "hidden": {"listed": False},
        "unverif": {"listed": True, "verified": False},
    }.items():
        values = hidden_markers(prefix)
        member = MemberFactory(
            email=f"zq{prefix}mail@example.org",
            profile__role="growth",
            profile__country="PT",
            profile__open_to_mentoring=True,
            profile__looking_for_mentor=True,
            profile__linkedin_url=f"https://www.linkedin.com/in/zq{prefix}linkedin",
            **options,
            **{f"profile__{field}": value for field, value in values.items()},
        )
        member.profile.skills.add(f"zq{prefix}skill")
        member.profile.save()
        markers.update({f"{prefix} {field}": value for field, value in values.items()})
        markers[f"{prefix} email"] = f"zq{prefix}mail"
        markers[f"{prefix} linkedin"] = f"zq{prefix}linkedin"
        markers[f"{prefix} skill"] = f"zq{prefix}skill"
        markers[f"{prefix} handle"] = member.profile.handle
    # The viewing member is looking for a mentor, so mentor match lists candidates.
    viewer = world.users["other"].profile
    viewer.looking_for_mentor = True
    viewer.save()
    assert listed.profile.handle
    return markers


def crawl_urls(world, markers) -> list[str]:
    urls = [concrete(route, name, world) for route, name in walk() if not name.startswith("admin:")]
    words = [*markers.values(), "zq", "Lena", "growth", "PT"]
    for word in words:
        urls += [
            f"/members/?{urlencode({'q': word})}",
            f"/members/?{urlencode({'skill': word})}",
            f"/faq/search/?{urlencode({'q': word})}",
            f"/resources/?{urlencode({'q': word})}",
            f"/members/{word}/",
            f"/members/{word}/photo/",
        ]
    for facets in (
        {"role": "growth"},
        {"country": "PT"},
        {"mentoring": "on"},
        {"seeking": "on"},
        {"sort": "name"},
        {"sort": "newest"},
        {"role": "growth", "country": "PT", "mentoring": "on", "sort": "newest"},
        {"page": "2"},
        {"after": "garbage"},
    ):
        urls.append(f"/members/?{urlencode(facets)}")
    urls += ["/members/mentors/", "/sitemap.xml", "/robots.txt", "/no-such-page/"]
    return urls


def leaks(text: str, markers: dict[str, str]) -> list[str]:
    return [name for name, marker in markers.items() if marker.lower() in text.lower()]


@pytest.mark.parametrize("role", ["visitor", "member", "other"])
def test_no_page_shows_another_members_private_data(world, secrets, role):
    client = world.client(role)
    found = []
    for url in crawl_urls(world, secrets):
        for headers in ({}, {"X-Requested-With": "directory"}):
            response = client.get(url, headers=headers)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = body.decode(errors="replace") + str(response.headers)
            # A marker the request itself carries (a search echoed back) reveals nothing.
            asked = unquote_plus(url).lower()
            found += [
                f"{url}: {name}"
                for name in leaks(text, secrets)
                if secrets[name].lower() not in asked
            ]
    assert not found, "\n".join(found[:30])


def test_the_directory_does_find_the_listed_member(world, secrets):
    """The crawl is not blind: the listed member's public name shows where it should."""
    client = world.client("member")
    assert "Lena Listed" in client.get("/members/?q=Lena").content.decode()
    seeker = world.client("other")  # looking for a mentor: Lena offers
    assert "Lena Listed" in seeker.get("/members/mentors/").content.decode()


def test_mail_to_other_people_carries_no_private_data(world, secrets):
    """Flows that send mail (reset, sign-in code, sign-up, ask, notify) as visitor and member."""
    visitor = Client()
    visitor.post("/accounts/password/reset/", {"email": "someone.else@example.org"})
    visitor.post("/accounts/login/code/", {"email": world.users["other"].email})
    visitor.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "A-new-Passw0rd-1",
            "password2": "A-new-Passw0rd-1",
        },
    )
    visitor.post(
        "/faq/ask/",
        {"name": "Asker", "email": "asker@example.org", "question": "How do I zqhidden?"},
    )
    member = world.client("other")
    member.post("/faq/notify/", {"q": "zqhiddendisplayname"})
    assert mail.outbox
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}\n" + "".join(
            str(content) for content, _type in getattr(message, "alternatives", [])
        )
        found = [name for name in leaks(text, secrets) if "zqhiddendisplayname" not in text]
        assert not found, (message.to, found)


def test_an_export_holds_only_the_members_own_data(world, secrets):
    body = world.client("other").get("/members/me/export/").content.decode()
    assert not leaks(body, secrets)
    assert re.search(r"other@example\.org", body)

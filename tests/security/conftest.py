"""The people and objects every security test works with: one of each role, each with data."""

from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from community.models import Question as CommunityQuestion
from tests.factories import (
    EventFactory,
    FaqQuestionFactory,
    MemberFactory,
    ResourceFactory,
    StaffFactory,
)

ROLES = ["visitor", "unverified", "member", "other", "staff"]
COMMUNITY_PK = 4242  # "other"'s community question, at a known address for the forms fuzz


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def client(self, role: str, **kwargs) -> Client:
        client = Client(**kwargs)
        if role != "visitor":
            client.force_login(self.users[role])
        return client


@pytest.fixture
def world(db) -> World:
    from allauth.account.models import EmailAddress

    world = World()
    world.users["member"] = MemberFactory(
        email="member@example.org", listed=True, profile__display_name="Mia Member"
    )
    world.users["other"] = MemberFactory(
        email="other@example.org", listed=True, profile__display_name="Otto Other"
    )
    world.users["unverified"] = MemberFactory(email="pending@example.org", verified=False)
    world.users["hidden"] = MemberFactory(
        email="hidden@example.org", listed=False, profile__display_name="Hilda Hidden"
    )
    staff = StaffFactory(email="staff@example.org", is_superuser=True)
    EmailAddress.objects.create(user=staff, email=staff.email, primary=True, verified=True)
    world.users["staff"] = staff
    world.objects["question"] = FaqQuestionFactory(slug="how-to-start")
    world.objects["draft"] = FaqQuestionFactory(slug="draft-question", status="draft")
    world.objects["resource"] = ResourceFactory(slug="members-guide")
    world.objects["public_resource"] = ResourceFactory(slug="open-guide", access="public")
    world.objects["draft_resource"] = ResourceFactory(slug="draft-guide", status="draft")
    world.objects["event"] = EventFactory()
    world.objects["community_question"] = CommunityQuestion.objects.create(
        pk=COMMUNITY_PK, author=world.users["other"], title="How do you run a roadmap review?"
    )
    return world


def walk(patterns=None, prefix: str = "", namespace: str = ""):
    """(route, name) for every URL pattern Django knows, including allauth's and the admin's."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace + (pattern.name or "")

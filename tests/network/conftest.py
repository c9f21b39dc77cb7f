"""People for the network tests: verified, listed members old enough to ask."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from network.models import Connection, Introduction
from tests.factories import MemberFactory

REASON = "We both work on pricing and I would like to compare notes."


def person(name: str, *, skills=(), days_old: int = 30, listed: bool = True, **profile):
    """A verified member; listed, with a headline, joined `days_old` days ago."""
    user = MemberFactory(
        listed=listed,
        date_joined=timezone.now() - timedelta(days=days_old),
        profile__display_name=name,
        profile__headline=profile.pop("headline", f"{name}, product manager"),
        **{f"profile__{key}": value for key, value in profile.items()},
    )
    if skills:
        user.profile.skills.set(list(skills))
    return user


def ask(client, recipient, reason: str = REASON, **extra):
    return client.post(
        f"/network/members/{recipient.profile.handle}/ask/", {"reason": reason, **extra}
    )


def introduction(sender, recipient, *, days_ago: int = 0, **fields) -> Introduction:
    fields.setdefault("reason", REASON)
    return Introduction.objects.create(
        sender=sender,
        recipient=recipient,
        created_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )


def connect(a, b) -> None:
    low, high = sorted([a, b], key=lambda user: user.pk)
    Connection.objects.create(user_low=low, user_high=high)


@pytest.fixture
def ada(client):
    user = person("Ada Lovelace", skills=["pricing", "roadmaps"])
    client.force_login(user)
    return user


@pytest.fixture
def grace():
    return person("Grace Hopper", skills=["pricing", "discovery"])


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox

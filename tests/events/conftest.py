"""Events and members for the events tests."""

from datetime import timedelta

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from events.models import Event, Rsvp
from tests.factories import MemberFactory


def make_event(slug: str = "pricing-night", *, days: float = 5, capacity: int = 2, **fields):
    starts = (timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0)
    fields = {
        "title": "Pricing night",
        "description": "Talks and **tables** on pricing.",
        "venue": "Kiezwerk",
        "city": "Berlin",
        "online_url": "https://meet.example.org/secret-room",
        "time_zone": "Europe/Berlin",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "capacity": capacity,
    } | fields
    return Event.objects.create(slug=slug, **fields)


def member(name: str = "Mia Member", **profile):
    return MemberFactory(
        profile__display_name=name, **{f"profile__{k}": v for k, v in profile.items()}
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def answer(client, event, status: str = "going", **data):
    return client.post(f"/events/{event.slug}/rsvp/", {"answer": status, **data})


def rsvp(event, user, status=Rsvp.Status.GOING, **fields) -> Rsvp:
    return Rsvp.objects.create(event=event, user=user, status=status, **fields)


def parse(body: bytes) -> tuple[icalendar.Calendar, list]:
    calendar = icalendar.Calendar.from_ical(body)
    return calendar, calendar.walk("VEVENT")


@pytest.fixture
def event(db):
    return make_event()

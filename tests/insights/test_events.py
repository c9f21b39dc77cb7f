"""The owner's figures for events: answers, waitlist and places filled per event, with CSV."""

import pytest

from events.models import Rsvp
from tests.events.conftest import make_event, member, rsvp
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_answers_waitlist_and_attendance_per_event(client):
    event = make_event("pricing-night", capacity=2)
    make_event("old", days=-200)  # before the period: not listed
    statuses = ["going", "going", "waitlist", "maybe", "not_going"]
    for number, status in enumerate(statuses):
        rsvp(event, member(f"M{number}"), Rsvp.Status(status))
    client.force_login(StaffFactory())
    page = client.get("/dashboard/?days=30").content.decode()
    assert "Answers and attendance per event" in page and "100%" in page
    csv = client.get("/dashboard/?days=30&csv=events").content.decode().splitlines()
    assert csv[0].startswith("Event,Date,Places,Going,On the waitlist,Maybe,Not going")
    assert csv[1:] == [f"Pricing night,{event.local_start:%Y-%m-%d},2,2,1,1,1,100%"]

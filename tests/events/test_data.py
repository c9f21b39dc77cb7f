"""The data export holds the member's answers; deleting the account frees their places, and the
waitlist moves up. The demo events load twice without a double."""

import json

import pytest

from events import demo
from events.models import Event, Rsvp
from members.services import member_delete
from tests.events.conftest import member, rsvp, signed_in
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_export_holds_the_members_answers(event):
    mia = member()
    rsvp(event, mia, show_me=True)
    data = json.loads(signed_in(mia).get("/members/me/export/").content)["activity"]
    (row,) = data["events.rsvp"]
    assert row["event"] == event.title and row["answer"] == "going"
    assert row["shown_on_attendee_list"] is True
    assert "token" not in json.dumps(data.get("events.calendarfeed", []))


def test_deleting_an_account_removes_answers_and_moves_the_waitlist_up(event):
    leaver, other, waiting = member("Leaver"), member("Other"), member("Waiting")
    rsvp(event, leaver)
    rsvp(event, other)
    rsvp(event, waiting, Rsvp.Status.WAITLIST)
    member_delete(user=leaver)
    assert not Rsvp.objects.filter(user_id=leaver.pk).exists()
    assert Rsvp.objects.get(user=waiting).status == "going"


def test_demo_events_load_idempotently(db):
    MemberFactory.create_batch(30)  # the demo members answer
    demo.load()
    assert Event.objects.upcoming().count() >= 3 and Event.objects.past().count() == 2
    before = list(Event.objects.values_list("slug", "starts_at"))
    assert Rsvp.objects.filter(event__slug="pricing-meetup-berlin", status="waitlist").exists()
    assert demo.load().endswith("(0 new)")
    assert list(Event.objects.values_list("slug", "starts_at")) == before

"""Every .ics parsed with icalendar: a stable UID, SEQUENCE across a change, METHOD:CANCEL and
STATUS:CANCELLED after a cancellation; the member's private feed and its reset."""

from datetime import timedelta

import pytest

from events import services
from events.models import CalendarFeed, Rsvp
from tests.events.conftest import make_event, member, parse, rsvp, signed_in

pytestmark = pytest.mark.django_db


def event_file(client, event):
    response = client.get(f"/events/{event.slug}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return parse(response.content)


def test_uid_stays_sequence_rises_and_a_cancel_is_a_cancel(client, event):
    calendar, (entry,) = event_file(client, event)
    uid = str(entry["UID"])
    assert calendar["METHOD"] == "PUBLISH" and entry["SEQUENCE"] == 0
    assert entry["STATUS"] == "CONFIRMED" and entry["LOCATION"] == "Kiezwerk, Berlin"
    assert str(entry.decoded("DTSTART").tzinfo) == "Europe/Berlin"
    assert entry.decoded("DTSTART") == event.starts_at
    assert calendar.walk("VTIMEZONE")

    event.title = "Pricing night (new title)"  # not a new time or place
    services.event_save(event=event)
    _, (entry,) = event_file(client, event)
    assert entry["SEQUENCE"] == 0 and entry["SUMMARY"] == "Pricing night (new title)"

    event.starts_at += timedelta(hours=1)
    event.ends_at += timedelta(hours=1)
    services.event_save(event=event)
    _, (entry,) = event_file(client, event)
    assert str(entry["UID"]) == uid and entry["SEQUENCE"] == 1
    assert entry.decoded("DTSTART") == event.starts_at

    event.venue = "Another hall"
    services.event_save(event=event)
    assert event_file(client, event)[1][0]["SEQUENCE"] == 2

    services.event_cancel(event=event)
    calendar, (entry,) = event_file(client, event)
    assert calendar["METHOD"] == "CANCEL" and entry["STATUS"] == "CANCELLED"
    assert str(entry["UID"]) == uid and entry["SEQUENCE"] == 3
    assert not services.event_cancel(event=event)  # once


def test_the_feed_lists_the_members_answers_and_needs_no_session(client, event):
    mia = member()
    other = make_event("other-night", days=9)
    skipped = make_event("skipped", days=10)
    rsvp(event, mia)
    rsvp(other, mia, Rsvp.Status.MAYBE)
    rsvp(skipped, mia, Rsvp.Status.NOT_GOING)
    mine = signed_in(mia)
    assert "Make my feed address" in mine.get("/events/calendar/").content.decode()
    assert mine.post("/events/calendar/").status_code == 302
    page = mine.get("/events/calendar/")
    url = CalendarFeed.objects.get(user=mia).get_absolute_url()
    assert url in page.content.decode()
    response = client.get(url)  # a calendar app: no session
    assert response.status_code == 200
    calendar, entries = parse(response.content)
    assert calendar["METHOD"] == "PUBLISH"
    assert {str(e["SUMMARY"]) for e in entries} == {event.title, other.title}
    going = next(e for e in entries if e["URL"].endswith(f"/{event.slug}/"))
    assert event.online_url in going["DESCRIPTION"]
    maybe = next(e for e in entries if e is not going)
    assert other.online_url not in maybe["DESCRIPTION"]

    services.event_cancel(event=event)
    _, entries = parse(client.get(url).content)
    assert {str(e["STATUS"]) for e in entries} == {"CANCELLED", "CONFIRMED"}


def test_resetting_the_feed_makes_the_old_url_404(client, event):
    mia = member()
    services.rsvp_answer(event=event, user=mia, answer="going")
    old = CalendarFeed.objects.get(user=mia).get_absolute_url()
    response = signed_in(mia).post("/events/calendar/")
    assert response.status_code == 302
    new = CalendarFeed.objects.get(user=mia).get_absolute_url()
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert client.get("/events/feed/not-a-token.ics").status_code == 404
    mia.is_active = False
    mia.save()
    assert client.get(new).status_code == 404


def test_the_sitemap_lists_the_published_events(client, event):
    hidden = make_event("draft-night", is_published=False)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/events/</loc>" in sitemap and f"/events/{event.slug}/</loc>" in sitemap
    assert hidden.slug not in sitemap

"""iCalendar files made with the `icalendar` library: one event, or a member's feed.

The UID never changes and SEQUENCE rises with each new time or place, so calendar apps update
the entry they already have; a cancelled event is STATUS:CANCELLED (and METHOD:CANCEL in the
one-event file), so they remove it.
"""

from email.utils import parseaddr
from urllib.parse import urlsplit

import icalendar
from django.conf import settings

from events.models import Event
from pmportal.links import absolute_url


def _vevent(event: Event, *, online_url: str) -> icalendar.Event:
    entry = icalendar.Event()
    entry.add("uid", f"{event.uid}@{urlsplit(settings.SITE_URL).hostname}")
    entry.add("dtstamp", event.updated_at)
    entry.add("sequence", event.sequence)
    entry.add("dtstart", event.local_start)
    entry.add("dtend", event.local_end)
    entry.add("summary", event.title)
    entry.add("location", event.place)
    entry.add("url", absolute_url(event.get_absolute_url()))
    link = f"Join online: {online_url}\n\n" if online_url else ""
    entry.add("description", link + event.description)
    entry.add("status", "CANCELLED" if event.cancelled_at else "CONFIRMED")
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    entry.add("organizer", f"mailto:{address}", parameters={"cn": name or settings.SITE_NAME})
    return entry


def ics(events: list[tuple[Event, str]], *, name: str, single: bool) -> bytes:
    """A calendar of (event, online link to include or "") pairs. A single cancelled event is
    sent as METHOD:CANCEL; a feed stays PUBLISH and marks its cancelled entries."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Events//EN")
    calendar.add("version", "2.0")
    cancel = single and events[0][0].cancelled_at
    calendar.add("method", "CANCEL" if cancel else "PUBLISH")
    calendar.add("x-wr-calname", name)
    for event, online_url in events:
        calendar.add_component(_vevent(event, online_url=online_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()

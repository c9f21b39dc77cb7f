"""Demo events: a few upcoming and past ones, in our own words.

The words live in `events/demo_content/`: one Markdown file per event, named by its slug, with
`title`, `days_from_now` (negative for a past event), `start` (local time, HH:MM), `hours`,
`time_zone`, `capacity`, `online_url` and/or `venue` and `city`, and `going` (how many demo
members answered "going"; those beyond the capacity wait on the list) in its header. `load()` is
idempotent: an event and its answers are written once, dated from the first load, so staff
edits survive.
"""

from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import timezone

from events.models import Event, Rsvp
from members.models import User
from pmportal.markdown import read_front_matter

CONTENT = Path(__file__).with_name("demo_content")


def _answer(event: Event, count: int) -> None:
    members = User.objects.filter(is_staff=False, profile__isnull=False).order_by("pk")[:count]
    Rsvp.objects.bulk_create(
        Rsvp(
            event=event,
            user=user,
            status=Rsvp.Status.GOING if number < event.capacity else Rsvp.Status.WAITLIST,
            show_me=number % 2 == 0,
        )
        for number, user in enumerate(members)
    )


def load() -> str:
    paths = sorted(CONTENT.glob("*.md"))
    created = 0
    for path in paths:
        header, description = read_front_matter(path)
        zone = ZoneInfo(header["time_zone"])
        day = timezone.localdate() + timedelta(days=int(header["days_from_now"]))
        starts = datetime.combine(day, time.fromisoformat(header["start"]), tzinfo=zone)
        event, was_created = Event.objects.get_or_create(
            slug=path.stem,
            defaults={
                "title": header["title"],
                "description": description,
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=float(header["hours"])),
                "time_zone": header["time_zone"],
                "capacity": int(header["capacity"]),
                **{key: header.get(key, "") for key in ("online_url", "venue", "city")},
            },
        )
        created += was_created
        if was_created:
            _answer(event, int(header.get("going", 0)))
    return f"{len(paths)} events ({created} new)"

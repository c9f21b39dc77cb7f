"""The digest's events section (read by digest.sections.discover; imports nothing of digest)."""

from events.models import Event, Rsvp

SHOWN = 5


def upcoming_events(members, since, until):
    """Events (not cancelled) that start before the next digest of this kind is due, each with
    the member's own answer when they gave one."""
    next_due = until + (until - since)
    soon = Event.objects.upcoming().filter(cancelled_at__isnull=True, starts_at__lt=next_due)
    events = list(soon[:SHOWN])
    answers = {
        (rsvp.user_id, rsvp.event_id): rsvp.get_status_display().lower()
        for rsvp in Rsvp.objects.filter(user__in=members, event__in=events)
    }
    found = {}
    for member in members:
        found[member.pk] = []
        for event in events:
            note = f"{event.local_start:%a %d %b, %H:%M} ({event.time_zone})"
            if answer := answers.get((member.pk, event.pk)):
                note += f"; you answered: {answer}"
            found[member.pk].append(
                {"title": event.title, "url": event.get_absolute_url(), "note": note}
            )
    return found


DIGEST_SECTIONS = [("events", "Upcoming events", upcoming_events)]

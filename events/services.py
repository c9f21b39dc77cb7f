"""Every write of events: answers with the waitlist, staff's changes and cancellations, the
reminders, and the feed token.

Answers to one event queue on a lock of its row (`select_for_update`), so parallel "going"
answers never pass the capacity and the waitlist moves up in order.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from events.models import CalendarFeed, Event, Rsvp, new_token
from members.models import User
from notifications.services import notify

# A new value in any of these is a new time or place: calendars get a higher SEQUENCE.
MOVING_FIELDS = ("starts_at", "ends_at", "time_zone", "venue", "city", "online_url")
REMINDER_AHEAD = timedelta(days=1)
WAITING = [Rsvp.Status.GOING, Rsvp.Status.WAITLIST]


def _when(event: Event) -> str:
    return f"{event.local_start:%A %-d %B %Y, %H:%M} ({event.time_zone}), {event.place}"


def _tell(event: Event, *, kind: str, text: str, statuses=(Rsvp.Status.GOING,)) -> int:
    """Notify the members with these answers; returns how many were told."""
    rsvps = event.rsvps.filter(status__in=statuses, user__is_active=True).select_related("user")
    url, body = event.get_absolute_url(), _when(event)
    told = [notify(recipient=r.user, kind=kind, text=text, url=url, email_body=body) for r in rsvps]
    return sum(notification is not None for notification in told)


def _move_up(event: Event) -> None:
    """Fill free places from the waitlist, first come first served (under the event's lock)."""
    free = event.capacity - event.rsvps.going().count()
    for rsvp in event.rsvps.waitlist().select_related("user")[: max(free, 0)]:
        Rsvp.objects.filter(pk=rsvp.pk).update(status=Rsvp.Status.GOING)
        notify(
            recipient=rsvp.user,
            kind="event_waitlist",
            text=f"A place freed up: you are going to {event.title}",
            url=event.get_absolute_url(),
            email_body=_when(event),
        )


@transaction.atomic
def rsvp_answer(*, event: Event, user: User, answer: str, show_me: bool = False) -> Rsvp:
    """The member answers going, maybe or not going. "Going" to a full event puts them on the
    waitlist (keeping an earlier place or position); leaving a place moves the waitlist up."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.cancelled_at or event.is_past or not event.is_published:
        raise ValidationError("This event no longer takes answers.")
    if answer not in {Rsvp.Status.GOING, Rsvp.Status.MAYBE, Rsvp.Status.NOT_GOING}:
        raise ValidationError("Choose going, maybe or not going.")
    rsvp = Rsvp.objects.filter(event=event, user=user).first() or Rsvp(event=event, user=user)
    before = rsvp.status
    if answer != Rsvp.Status.GOING:
        rsvp.status = answer
    elif before not in WAITING:
        full = event.rsvps.going().count() >= event.capacity
        rsvp.status = Rsvp.Status.WAITLIST if full else Rsvp.Status.GOING
    if rsvp.status != before:
        rsvp.answered_at = timezone.now()
    rsvp.show_me = show_me
    rsvp.save()
    feed_for(user=user)  # their calendar feed exists from their first answer
    if before == Rsvp.Status.GOING and rsvp.status != before:
        _move_up(event)
    return rsvp


@transaction.atomic
def event_save(*, event: Event) -> bool:
    """Save staff's edit. A new time or place raises the SEQUENCE, allows a new reminder and
    tells those going; a larger capacity moves the waitlist up. Returns whether it moved."""
    old = Event.objects.select_for_update().filter(pk=event.pk).values(*MOVING_FIELDS).first()
    moved = old is not None and any(old[name] != getattr(event, name) for name in MOVING_FIELDS)
    if moved:
        event.sequence += 1
        event.reminded_at = None
    event.save()
    if moved and not event.cancelled_at:
        _tell(event, kind="event_changed", text=f"{event.title} has a new time or place")
    if old is not None:
        _move_up(event)
    return moved


@transaction.atomic
def event_cancel(*, event: Event) -> bool:
    """Cancel the event: calendars get METHOD:CANCEL, and those going or waiting are told."""
    cancelled = Event.objects.filter(pk=event.pk, cancelled_at=None).update(
        cancelled_at=timezone.now(), sequence=F("sequence") + 1
    )
    if cancelled:
        event.refresh_from_db()
        _tell(event, kind="event_changed", text=f"{event.title} is cancelled", statuses=WAITING)
    return bool(cancelled)


@transaction.atomic
def event_remind(*, event_id: int) -> int:
    """The day-before reminder to those going, once per time of the event (`reminded_at`)."""
    event = (
        Event.objects.select_for_update(skip_locked=True)
        .filter(pk=event_id, reminded_at=None, cancelled_at=None)
        .first()
    )
    if event is None:
        return 0
    event.reminded_at = timezone.now()
    event.save(update_fields=["reminded_at"])
    return _tell(event, kind="event_reminder", text=f"Tomorrow: {event.title}")


def due_reminders() -> list[int]:
    """Events starting within a day whose reminder has not gone."""
    soon = Event.objects.published().filter(
        starts_at__gt=timezone.now(), starts_at__lte=timezone.now() + REMINDER_AHEAD
    )
    return list(soon.filter(reminded_at=None, cancelled_at=None).values_list("pk", flat=True))


def feed_for(*, user: User) -> CalendarFeed:
    return CalendarFeed.objects.get_or_create(user=user)[0]


def feed_reset(*, user: User) -> CalendarFeed:
    """A new secret (the first one, for a member who never answered): the old feed URL answers
    404 from now on."""
    feed = feed_for(user=user)
    feed.token = new_token()
    feed.save(update_fields=["token"])
    return feed


@transaction.atomic
def member_leaves(*, user: User) -> None:
    """A deleted account's places go to the waitlist before its answers go (CASCADE)."""
    events = Rsvp.objects.filter(user=user, status=Rsvp.Status.GOING).values("event_id")
    for event in Event.objects.select_for_update().filter(pk__in=events, cancelled_at=None):
        Rsvp.objects.filter(event=event, user=user).delete()
        _move_up(event)

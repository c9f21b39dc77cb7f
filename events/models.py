"""Events staff publish, the members' answers (going, maybe, not going, waitlisted) and each
member's private calendar feed.

Times are stored in UTC with the IANA zone the event happens in; pages show the local time.
"""

import secrets
import uuid
import zoneinfo
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Exists, F, Q
from django.urls import reverse
from django.utils import timezone

from members.models import User
from pmportal.markdown import render_markdown

ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


def validate_zone(value: str) -> None:
    if value not in ZONES:
        raise ValidationError(f"{value!r} is not a time zone name such as Europe/Berlin.")


class EventQuerySet(models.QuerySet):
    def published(self) -> "EventQuerySet":
        return self.filter(is_published=True)

    def upcoming(self) -> "EventQuerySet":
        """Not yet over, soonest first (cancelled ones too: they say so)."""
        return self.published().filter(ends_at__gt=timezone.now()).order_by("starts_at", "pk")

    def past(self) -> "EventQuerySet":
        return self.published().filter(ends_at__lte=timezone.now()).order_by("-starts_at", "-pk")

    def with_counts(self) -> "EventQuerySet":
        """The number of members going and waitlisted, in the same query."""
        return self.annotate(
            going=Count("rsvps", filter=Q(rsvps__status=Rsvp.Status.GOING)),
            waiting=Count("rsvps", filter=Q(rsvps__status=Rsvp.Status.WAITLIST)),
        )


def validate_event_slug(slug: str) -> None:
    """/events/calendar/ is the members' calendar page: an event of that name could not be
    opened."""
    if slug == "calendar":
        raise ValidationError("“calendar” is the address of the events calendar: choose another.")


class Event(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, validators=[validate_event_slug])
    description = models.TextField(help_text="Markdown.")
    # Shown only to members who are going (the views decide, never the template).
    online_url = models.URLField("online link", max_length=500, blank=True)
    venue = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64, validators=[validate_zone])
    capacity = models.PositiveIntegerField(
        validators=[MinValueValidator(1)], help_text="Members who can be going; then a waitlist."
    )
    is_published = models.BooleanField("published", default=True)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The calendar identity: UID never changes; SEQUENCE rises with each new time or place.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_later"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="event_capacity_positive"),
            models.CheckConstraint(
                condition=~Q(online_url="") | ~Q(venue=""), name="event_online_or_venue"
            ),
        ]
        indexes = [models.Index(fields=["is_published", "ends_at", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.slug])

    @cached_property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.zone)

    @property
    def place(self) -> str:
        """Venue and city, or "Online"."""
        return ", ".join(part for part in (self.venue, self.city) if part) or "Online"

    @property
    def description_html(self):
        return render_markdown(self.description)

    @property
    def places_left(self) -> int:
        """Free places (on a row from `with_counts()`)."""
        return max(self.capacity - self.going, 0)

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()


class RsvpQuerySet(models.QuerySet):
    def going(self) -> "RsvpQuerySet":
        return self.filter(status=Rsvp.Status.GOING)

    def waitlist(self) -> "RsvpQuerySet":
        """In the order they asked: the first moves up when a place frees."""
        return self.filter(status=Rsvp.Status.WAITLIST).order_by("answered_at", "pk")

    def attendees_for(self, event: Event, viewer) -> "RsvpQuerySet":
        """Who is going and chose to be shown, for a viewer who is going themselves; anyone
        else sees nobody. One query."""
        if not viewer.is_authenticated:
            return self.none()
        viewer_going = Rsvp.objects.going().filter(event=event, user_id=viewer.pk)
        shown = self.going().filter(event=event, show_me=True, user__is_active=True)
        shown = shown.filter(user__profile__is_suspended=False)
        shown = shown.filter(Exists(viewer_going)).select_related("user__profile")
        return shown.order_by("answered_at", "pk")


class Rsvp(models.Model):
    """A member's answer to one event. "Going" when the event is full becomes WAITLIST."""

    class Status(models.TextChoices):
        GOING = "going", "Going"
        WAITLIST = "waitlist", "On the waitlist"
        MAYBE = "maybe", "Maybe"
        NOT_GOING = "not_going", "Not going"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    # CASCADE: an answer is the member's personal data; leaving frees their place.
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices)
    show_me = models.BooleanField("show me on the attendee list", default=False)
    answered_at = models.DateTimeField(default=timezone.now)

    objects = RsvpQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="events_one_rsvp_per_member")
        ]
        indexes = [models.Index(fields=["event", "status", "answered_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.status} {self.event_id}"

    @classmethod
    def export_rows(cls, user) -> list[dict]:
        rows = cls.objects.filter(user=user).select_related("event").order_by("answered_at")
        return [
            {
                "event": rsvp.event.title,
                "starts_at": rsvp.event.starts_at,
                "answer": rsvp.status,
                "shown_on_attendee_list": rsvp.show_me,
                "answered_at": rsvp.answered_at,
            }
            for rsvp in rows
        ]


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret in a member's feed URL; a new token makes the old URL answer 404."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_token)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user_id}"

    def get_absolute_url(self) -> str:
        return reverse("events:feed", args=[self.token])

"""Mentoring: a mentee's request with goals, the mentorship it becomes, goals and session notes.

Rows name users, never addresses. A mentorship is the pair's only: `visible_to(user)`.
"""

from datetime import timedelta

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from members.models import User
from network.models import FORMER, Introduction, request_rows

EXPIRY = timedelta(days=14)


def _name(user) -> str:
    return str(user.profile) if user else FORMER


class RequestQuerySet(models.QuerySet):
    def pending(self) -> "RequestQuerySet":
        """Waiting for the mentor's answer and not yet 14 days old."""
        return self.filter(status=Request.Status.PENDING, created_at__gt=timezone.now() - EXPIRY)

    def stale(self) -> "RequestQuerySet":
        return self.filter(status=Request.Status.PENDING, created_at__lte=timezone.now() - EXPIRY)

    def pending_for_mentee(self) -> "RequestQuerySet":
        """What the mentee sees as pending: a decline or a block's cancel too, until it would
        have expired."""
        return self.filter(status__in=Request.SILENT, created_at__gt=timezone.now() - EXPIRY)

    def visible_to(self, user) -> "RequestQuerySet":
        """The mentee's and the mentor's only; the mentor no longer sees a withdrawn or
        cancelled one. Anyone else: nothing (404)."""
        ended = [Request.Status.WITHDRAWN, Request.Status.CANCELLED]
        return self.filter(Q(mentee_id=user.pk) | (Q(mentor_id=user.pk) & ~Q(status__in=ended)))


class Request(models.Model):
    """A mentee asking a mentor for mentoring, with 1 to 3 goals and a message."""

    Status = Introduction.Status  # the same life as an introduction's

    # What the mentee sees as "pending": a decline, and a cancel after a block, stay silent.
    SILENT = [Status.PENDING, Status.DECLINED, Status.CANCELLED]

    # SET_NULL: the anonymous row stays for the owner's figures; the words go with the account.
    mentee = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    mentor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    goals = ArrayField(models.CharField(max_length=200), size=3)
    message = models.TextField(max_length=1000)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        constraints = [
            # One pending request at a time per mentee, even when two arrive at once.
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status="pending"),
                name="mentoring_one_pending_request_per_mentee",
            ),
            models.CheckConstraint(
                condition=~Q(mentee=F("mentor")), name="mentoring_request_not_to_self"
            ),
        ]
        indexes = [models.Index(fields=["mentor", "status", "-created_at"])]

    def __str__(self) -> str:
        return f"Mentoring request {self.pk} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:request", args=[self.pk])

    def status_for(self, user) -> str:
        """The status as this member may see it ("Pending" for a silent decline)."""
        expired = self.created_at <= timezone.now() - EXPIRY
        silent = self.SILENT if user.pk == self.mentee_id else [self.Status.PENDING]
        if self.status in silent:
            return self.Status.EXPIRED.label if expired else self.Status.PENDING.label
        return self.get_status_display()

    @classmethod
    def export_rows(cls, user) -> list[dict]:
        return request_rows(
            cls.objects.visible_to(user), user, "mentee", "mentor", ["goals", "message"]
        )


class MentorshipQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MentorshipQuerySet":
        """A mentorship is the mentor's and the mentee's only: anyone else gets 404."""
        return self.filter(Q(mentor_id=user.pk) | Q(mentee_id=user.pk))

    def active(self) -> "MentorshipQuerySet":
        return self.filter(status=Mentorship.Status.ACTIVE)


class Mentorship(models.Model):
    """An accepted request: the pair's goals and session notes, until either finishes it."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        ENDED = "ended", "Ended"

    mentor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    mentee = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    request = models.OneToOneField(Request, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    # The mentee's, once, after the end. Staff see ratings only in aggregate (insights/).
    rating = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__range=(1, 5)) | Q(rating=None), name="mentoring_rating_1_5"
            ),
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=Q(status="active"),
                name="mentoring_one_active_per_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["mentor", "status"]),
            models.Index(fields=["mentee", "status"]),
        ]

    def __str__(self) -> str:
        return f"Mentorship {self.pk} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:mentorship", args=[self.pk])

    def other(self, user):
        """The other member of the pair (None once they left)."""
        return self.mentee if user.pk == self.mentor_id else self.mentor

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @classmethod
    def export_rows(cls, user) -> list[dict]:
        """The member's mentorships with their goals and every session note; the rating only
        for the mentee who gave it."""
        rows = []
        mentorships = cls.objects.visible_to(user).select_related(
            "mentor__profile", "mentee__profile"
        )
        for mentorship in mentorships.prefetch_related("goals", "notes__author__profile"):
            as_mentee = mentorship.mentee_id == user.pk
            rows.append(
                {
                    "role": "mentee" if as_mentee else "mentor",
                    "member": _name(mentorship.other(user)),
                    "status": mentorship.status,
                    "started_at": mentorship.started_at,
                    "ended_at": mentorship.ended_at,
                    "goals": [{"text": g.text, "status": g.status} for g in mentorship.goals.all()],
                    "notes": [note.export_row(user) for note in mentorship.notes.all()],
                    **({"rating": mentorship.rating} if as_mentee else {}),
                }
            )
        return rows


class Goal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACHIEVED = "achieved", "Achieved"
        DROPPED = "dropped", "Dropped"

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class SessionNote(models.Model):
    """What a session covered, written by either member; it stays when its author leaves."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    date = models.DateField()
    summary = models.TextField(max_length=2000)
    next_steps = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"Session note {self.pk}"

    def export_row(self, user) -> dict:
        author = "you" if self.author_id == user.pk else _name(self.author)
        fields = {"date": self.date, "summary": self.summary, "next_steps": self.next_steps}
        return {"by": author, **fields}

    @classmethod
    def export_rows(cls, user) -> list[dict]:
        """None of their own: notes are exported with their mentorship (Mentorship.export_rows),
        the other member's too."""
        return []

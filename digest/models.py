"""Who receives the digest and how often, who agreed to be suggested, and what was sent."""

from django.conf import settings
from django.db import models


class Frequency(models.TextChoices):
    OFF = "off", "Off"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"


class Subscription(models.Model):
    """A member's digest choices. No row means off, and not suggested to anyone."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="digest_subscription",
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.OFF)
    suggest_me = models.BooleanField(
        "Suggest me to other members in digests",
        default=False,
        help_text="Your name, headline and profile link may appear in other members' digests.",
    )
    last_period = models.CharField(max_length=10, blank=True, editable=False)
    unsubscribed_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["frequency", "member"],
                name="digest_subscribed",
                condition=~models.Q(frequency="off"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.get_frequency_display()}"


class Send(models.Model):
    """One digest per member and period. The row is claimed before the digest is built, so two
    workers (or a retry) never send it twice; `items` is 0 when there was nothing new."""

    # SET_NULL: a deleted account's digests still count among the period's sends.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    period = models.CharField(max_length=10, help_text="2026-W49 (weekly) or 2026-12 (monthly).")
    claim = models.UUIDField(editable=False)
    items = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "period"], name="digest_send_once")
        ]
        indexes = [
            models.Index(fields=["claim"], name="digest_send_claim"),
            models.Index(fields=["created_at"], name="digest_send_created"),
        ]

    def __str__(self) -> str:
        return f"{self.period} to {self.member_id}"

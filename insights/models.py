"""What only the dashboard reads and no app keeps for itself (where members came from, what
they did), written by insights/receivers.py."""

from django.conf import settings
from django.db import models


class SignupSource(models.Model):
    """A member's first touch (referrer host, utm_*, the gated download that sent them), kept
    anonymised when they delete their account so the figures stay true."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="signup_source",
    )
    referrer_host = models.CharField(max_length=255, blank=True)
    landing_path = models.CharField(max_length=500, blank=True)
    utm_source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=100, blank=True)
    utm_term = models.CharField(max_length=100, blank=True)
    utm_content = models.CharField(max_length=100, blank=True)
    gated_resource_slug = models.SlugField(
        max_length=200, blank=True, help_text="The members-only download that led to sign-up."
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.channel

    @property
    def channel(self) -> str:
        """One label per sign-up for the dashboard: utm source, else referrer, else direct."""
        return self.utm_source or self.referrer_host or "direct"


class ActivityEvent(models.Model):
    """Member activity the dashboard counts and no app stores otherwise."""

    class Kind(models.TextChoices):
        LOGIN = "login", "Signed in"
        DIRECTORY_SEARCH = "directory_search", "Searched the directory"
        MENTOR_VIEW = "mentor_view", "Viewed mentor matches"
        DIGEST_VISIT = "digest_visit", "Opened the site from a digest link"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    # SET_NULL: deleting an account keeps the anonymous count.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "created_at"], name="activity_kind_time")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.created_at:%Y-%m-%d %H:%M}"

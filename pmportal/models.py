"""Site-wide records that the owner's dashboard reads: where members came from, what they did.

Per-app events live with their app (FAQ searches in `faq`, downloads in `resources`); these are
the ones that belong to no single app.
"""

from django.conf import settings
from django.db import connections, models, router
from django.utils import timezone

from pmportal import activity


class SignupSource(models.Model):
    """First touch of a member before signing up: referrer host and utm_* parameters, plus the
    gated download that sent them to the sign-up page, if any. Kept (anonymised) when the member
    deletes their account, so acquisition figures stay true."""

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
        return self.utm_source or self.referrer_host or "direct"

    @property
    def channel(self) -> str:
        """One label per sign-up for the dashboard: utm source, else referrer, else direct."""
        return self.utm_source or self.referrer_host or "direct"


class ActivityEventManager(models.Manager):
    def record(self, kind: str, user) -> None:
        """Count one member action for the dashboard.

        Inside a transaction (ATOMIC_REQUESTS, a sign-in) the row is a plain insert that
        commits or rolls back with the rest. Outside one, the row is held by the process and
        written with others a moment later (`pmportal.activity`), so the request does not wait
        for it; with `ACTIVITY_WRITE_SECONDS = 0` (the tests) it is written at once, committing
        without waiting for the disk (`synchronous_commit = off` for its own transaction only).
        """
        alias = router.db_for_write(self.model)
        connection = connections[alias]
        user_id = user.pk if user is not None else None
        if connection.in_atomic_block:
            self.db_manager(alias).create(kind=kind, user_id=user_id)
        elif settings.ACTIVITY_WRITE_SECONDS:
            activity.writer(self.model, settings.ACTIVITY_WRITE_SECONDS).add(
                kind, user_id, timezone.now()
            )
        else:
            activity.write_rows(alias, [(kind, user_id, timezone.now())])


class ActivityEvent(models.Model):
    """Member activity the dashboard counts and no app stores otherwise."""

    class Kind(models.TextChoices):
        LOGIN = "login", "Signed in"
        DIRECTORY_SEARCH = "directory_search", "Searched the directory"
        MENTOR_VIEW = "mentor_view", "Viewed mentor matches"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    # SET_NULL: deleting an account keeps the anonymous count.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActivityEventManager()

    class Meta:
        indexes = [models.Index(fields=["kind", "created_at"], name="activity_kind_time")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.created_at:%Y-%m-%d %H:%M}"

"""What the site told a member, and how each member wants to hear about each kind."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from notifications.kinds import Delivery


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> "NotificationQuerySet":
        """A member's own notifications: the only way views read them."""
        return self.filter(recipient=user) if user.is_authenticated else self.none()

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=50)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=500, blank=True, help_text="A path on this site.")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The bell's unread count.
            models.Index(
                fields=["recipient", "read_at", "-created_at"], name="notifications_unread"
            ),
            # The /notifications/ page, newest first in keyset pages.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notifications_page"),
        ]

    def __str__(self) -> str:
        # Not the text: the admin lists notifications by this, and staff do not read them.
        return f"{self.kind} #{self.pk}"

    @classmethod
    def export_rows(cls, user) -> list[dict]:
        """What was sent to the member, not what mentions them (members/services.py)."""
        fields = ["id", "kind", "actor", "text", "url", "created_at", "read_at"]
        return list(cls.objects.filter(recipient=user).values(*fields))


class NotificationPreference(models.Model):
    """A member's choice for one kind; without a row the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=50)
    delivery = models.CharField(max_length=10, choices=Delivery)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notifications_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.delivery}"

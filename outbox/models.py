"""Every email the site sends, from the request that asked for it until SMTP accepted it."""

from django.core.mail import EmailMessage, EmailMultiAlternatives, make_msgid
from django.db import models
from django.db.models import Q
from django.utils import timezone

# The message's own fields, stored and passed back to EmailMultiAlternatives by name.
MESSAGE_FIELDS = ("body", "from_email", "to", "cc", "bcc", "reply_to")


class MailStatus(models.TextChoices):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


class Mail(models.Model):
    """One email, written in the transaction of the change that caused it; its status keeps a
    repeated delivery task from sending it twice (outbox/tasks.py)."""

    subject = models.CharField(max_length=998)
    recipients = models.TextField(help_text="To, Cc and Bcc, comma-separated.")
    # What EmailMultiAlternatives needs to be built again; emptied once sent, because bodies
    # carry sign-in codes and reset links.
    message = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=MailStatus, default=MailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When the delivery task now queued is due: long past and still queued means it was lost.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="queued"),
                name="outbox_mail_queued",
            )
        ]

    def __str__(self) -> str:
        return self.subject

    @classmethod
    def from_message(cls, message: EmailMessage) -> "Mail":
        if message.attachments:
            raise ValueError("The outbox does not keep attachments.")
        # One Message-ID for every attempt: a receiving server that got it already can tell.
        headers = {"Message-ID": make_msgid(), **message.extra_headers}
        return cls(
            subject=message.subject,
            recipients=", ".join(message.recipients()),
            message={
                **{name: getattr(message, name) for name in MESSAGE_FIELDS},
                "content_subtype": message.content_subtype,
                "headers": headers,
                "alternatives": [list(a) for a in getattr(message, "alternatives", [])],
            },
        )

    def to_message(self) -> EmailMultiAlternatives:
        data = self.message
        message = EmailMultiAlternatives(
            subject=self.subject,
            headers=data["headers"],
            alternatives=[tuple(a) for a in data["alternatives"]],
            **{name: data[name] for name in MESSAGE_FIELDS},
        )
        message.content_subtype = data["content_subtype"]
        return message

"""The one way app code sends email."""

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from outbox.models import Mail, MailStatus
from outbox.tasks import deliver_mail


def _deliver_after_commit(mail_id: int) -> None:
    # Robust: if the queue cannot take the task, the request still answers and
    # `requeue_lost_mail` finds the stored mail later.
    transaction.on_commit(lambda: deliver_mail.enqueue(mail_id, 1), robust=True)


def mail_enqueue(*, message: EmailMessage) -> Mail:
    """Store `message` and send it from the task worker once the current transaction commits.

    A request never waits for SMTP, and a change that rolls back sends nothing.
    """
    mail = Mail.from_message(message)
    mail.save()
    _deliver_after_commit(mail.pk)
    return mail


def mail_enqueue_templates(
    *,
    subject: str,
    to: list[str],
    template: str,
    context: dict,
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> Mail:
    """`mail_enqueue` a mail with a plain text and an HTML body, `<template>.txt` and `.html`,
    rendered with the site's name and URL; the subject starts with the site's name."""
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    message = EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=render_to_string(f"{template}.txt", context).strip(),
        to=to,
        reply_to=reply_to,
        headers=headers,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return mail_enqueue(message=message)


def mails_send_again(*, mails) -> int:
    """Queue failed mails again, with a full round of attempts (the outbox admin's action)."""
    failed = list(mails.filter(status=MailStatus.FAILED).values_list("pk", flat=True))
    Mail.objects.filter(pk__in=failed).update(
        status=MailStatus.QUEUED, attempts=0, next_attempt_at=timezone.now()
    )
    for mail_id in failed:
        _deliver_after_commit(mail_id)
    return len(failed)

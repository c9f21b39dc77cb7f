"""The one way app code sends email."""

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from outbox.models import Mail, MailStatus
from outbox.tasks import deliver_mail, deliver_mails


def _deliver_after_commit(mail_id: int) -> None:
    # Robust: if the queue cannot take the task, the request still answers and
    # `requeue_lost_mail` finds the stored mail later.
    transaction.on_commit(lambda: deliver_mail.enqueue(mail_id, 1), robust=True)


def mail_enqueue(*, message: EmailMessage) -> Mail:
    """Store `message` and send it from the task worker once the transaction commits: a request
    never waits for SMTP, and a change that rolls back sends nothing."""
    mail = Mail.from_message(message)
    mail.save()
    _deliver_after_commit(mail.pk)
    return mail


def mails_enqueue(*, messages: list[EmailMessage]) -> list[Mail]:
    """`mail_enqueue` for many messages at once (a digest batch): one INSERT and one delivery
    task for all of them."""
    mails = Mail.objects.bulk_create([Mail.from_message(message) for message in messages])
    if mails:
        ids = [mail.pk for mail in mails]
        transaction.on_commit(lambda: deliver_mails.enqueue(ids), robust=True)
    return mails


def message_from_templates(
    *,
    subject: str,
    to: list[str],
    template: str,
    context: dict,
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    """A mail with a plain text and an HTML body, `<template>.txt` and `.html`, rendered with the
    site's name and URL; the subject starts with the site's name."""
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    message = EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=render_to_string(f"{template}.txt", context).strip(),
        to=to,
        reply_to=reply_to,
        headers=headers,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def mail_enqueue_templates(**kwargs) -> Mail:
    """`mail_enqueue` the mail `message_from_templates(**kwargs)` makes."""
    return mail_enqueue(message=message_from_templates(**kwargs))


def mails_send_again(*, mails) -> int:
    """Queue failed mails again, with a full round of attempts (the outbox admin's action)."""
    failed = list(mails.filter(status=MailStatus.FAILED).values_list("pk", flat=True))
    Mail.objects.filter(pk__in=failed).update(
        status=MailStatus.QUEUED, attempts=0, next_attempt_at=timezone.now()
    )
    for mail_id in failed:
        _deliver_after_commit(mail_id)
    return len(failed)

"""Delivery of the outbox, one task per mail with growing delays, and its upkeep. A task claims
its attempt with one conditional UPDATE: of two tasks for one attempt, only one sends."""

import logging
import smtplib
from datetime import timedelta

from crontask import cron
from django.conf import settings
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from outbox.models import Mail, MailStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
MAX_RETRY_DELAY = timedelta(hours=1)
# A queued mail whose task was due this long ago was lost (a worker killed mid-task, a queue
# that could not be reached after the commit): `requeue_lost_mail` queues it again.
LOST_AFTER = timedelta(minutes=30)
# Sent mail is forgotten after this long; failed mail stays a little longer for staff to see.
KEEP_SENT = timedelta(days=7)
KEEP_FAILED = timedelta(days=30)


# Refusals that are about the connection to our own relay (its greeting, our login), not about
# this mail: staff can put them right, so they wait like a temporary refusal even when in 5xx.
RELAY_REFUSALS = (smtplib.SMTPConnectError, smtplib.SMTPHeloError, smtplib.SMTPAuthenticationError)


def refused_for_good(error: Exception) -> bool:
    """A permanent (5xx) refusal of this mail: every later try would get the same answer. A 4xx,
    a timeout or a lost connection is temporary. Recipients refused count only when every one of
    them got a 5xx (one 4xx among them may still pass later)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    return (
        isinstance(error, smtplib.SMTPResponseException)
        and not isinstance(error, RELAY_REFUSALS)
        and error.smtp_code >= 500
    )


def retry_delay(attempt: int) -> timedelta:
    """How long to wait after failed attempt `attempt` (1, 2, ...): doubling, capped."""
    return min(timedelta(seconds=settings.MAIL_RETRY_SECONDS * 2 ** (attempt - 1)), MAX_RETRY_DELAY)


@task
def deliver_mail(mail_id: int, attempt: int) -> str:
    """Send one outbox mail (its try number `attempt`); on a temporary refusal, queue the next
    try; on a permanent one, or after the last try, give it up."""
    claimed = Mail.objects.filter(
        pk=mail_id, status=MailStatus.QUEUED, attempts=attempt - 1
    ).update(attempts=attempt, next_attempt_at=timezone.now())
    if not claimed:
        return "already sent, given up or taken by another attempt"
    mail = Mail.objects.get(pk=mail_id)
    try:
        mail.to_message().send()
    except (OSError, smtplib.SMTPException) as error:
        mail.last_error = f"{type(error).__name__}: {error}"[:2000]
        if attempt >= MAX_ATTEMPTS or refused_for_good(error):
            mail.status = MailStatus.FAILED
            mail.save(update_fields=["status", "last_error"])
            logger.error(
                "mail given up",
                extra={"mail": mail_id, "attempts": attempt, "error": mail.last_error},
            )
            return "failed"
        mail.next_attempt_at = timezone.now() + retry_delay(attempt)
        mail.save(update_fields=["next_attempt_at", "last_error"])
        deliver_mail.using(run_after=mail.next_attempt_at).enqueue(mail_id, attempt + 1)
        logger.warning(
            "mail refused, will retry",
            extra={"mail": mail_id, "attempt": attempt, "error": mail.last_error},
        )
        return "retrying"
    mail.status, mail.sent_at, mail.message = MailStatus.SENT, timezone.now(), {}
    mail.save(update_fields=["status", "sent_at", "message"])
    return "sent"


@task
def deliver_mails(mail_ids: list[int]) -> int:
    """First tries of many mails in one task (a digest batch queues hundreds at once): each is
    claimed, sent and retried on its own as `deliver_mail` does. Returns how many were sent."""
    return sum(deliver_mail.call(mail_id, 1) == "sent" for mail_id in mail_ids)


@cron("*/10 * * * *")
@task
def requeue_lost_mail() -> int:
    """Queue again every mail whose delivery task should long have run."""
    lost = Mail.objects.filter(
        status=MailStatus.QUEUED, next_attempt_at__lt=timezone.now() - LOST_AFTER
    ).values_list("pk", "attempts")[:1000]
    for mail_id, attempts in lost:
        Mail.objects.filter(pk=mail_id).update(next_attempt_at=timezone.now())
        deliver_mail.enqueue(mail_id, attempts + 1)
    if lost:
        logger.warning("lost mail queued again", extra={"mails": len(lost)})
    return len(lost)


@cron("40 3 * * *")
@task
def forget_old_mail() -> int:
    """Delete sent mail after a week and failed mail after a month (addresses are personal)."""
    now = timezone.now()
    deleted, _ = Mail.objects.filter(
        Q(status=MailStatus.SENT, sent_at__lt=now - KEEP_SENT)
        | Q(status=MailStatus.FAILED, created_at__lt=now - KEEP_FAILED)
    ).delete()
    return deleted

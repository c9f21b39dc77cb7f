"""The one way app code sends email."""

from django.core.mail import EmailMessage
from django.db import transaction
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


def mails_send_again(*, mails) -> int:
    """Queue failed mails again, with a full round of attempts (the outbox admin's action)."""
    failed = list(mails.filter(status=MailStatus.FAILED).values_list("pk", flat=True))
    Mail.objects.filter(pk__in=failed).update(
        status=MailStatus.QUEUED, attempts=0, next_attempt_at=timezone.now()
    )
    for mail_id in failed:
        _deliver_after_commit(mail_id)
    return len(failed)

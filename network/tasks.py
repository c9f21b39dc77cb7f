"""Network work for the task worker: periodic upkeep of introductions (enqueued by the scheduler,
`manage.py crontask`) and the notice of a new message (enqueued by a send)."""

from crontask import cron
from django.tasks import task

from network.models import Introduction


# Hourly: pages already treat a request older than 14 days as expired; this frees the pair's
# pending slot (the partial unique index) and keeps the pending rows few.
@cron("35 * * * *")
@task
def expire_introductions() -> int:
    """Mark unanswered requests older than 14 days expired. Idempotent. Returns how many."""
    return Introduction.objects.stale().update(status=Introduction.Status.EXPIRED)


@task
def message_notice(message: int) -> None:
    """Tell a message's recipient of it, unless told within the hour (services)."""
    from network.services import message_notice_send  # services enqueue this task

    message_notice_send(message_id=message)

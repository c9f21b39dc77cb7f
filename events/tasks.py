"""Periodic work of events, enqueued by the scheduler (`manage.py crontask`)."""

from crontask import cron
from django.tasks import task

from events import services


# Every 15 minutes: a reminder goes about a day ahead, once per event time (`reminded_at`).
@cron("*/15 * * * *")
@task
def send_reminders() -> int:
    """Remind those going to events that start within a day. Idempotent. Returns how many."""
    return sum(services.event_remind(event_id=pk) for pk in services.due_reminders())

"""Periodic upkeep of mentoring requests, enqueued by the scheduler (`manage.py crontask`)."""

from crontask import cron
from django.tasks import task

from mentoring.models import Request


# Hourly: pages already treat a request older than 14 days as expired; this frees the
# mentee's one pending slot (the partial unique index).
@cron("40 * * * *")
@task
def expire_requests() -> int:
    """Mark unanswered requests older than 14 days expired. Idempotent. Returns how many."""
    return Request.objects.stale().update(status=Request.Status.EXPIRED)

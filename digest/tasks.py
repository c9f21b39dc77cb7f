"""The digest's periodic work: the scheduler enqueues the weekly and monthly runs, each run
enqueues one task per batch of subscribers."""

import datetime as dt

from crontask import cron
from django.tasks import task
from django.utils import timezone

from digest import services
from digest.models import Frequency

BATCH = 500


def _enqueue_batches(frequency: str) -> int:
    period, since, until = services.period_of(frequency, timezone.now())
    bounds = services.batches(frequency, BATCH)
    for first_id, last_id in bounds:
        send_batch.enqueue(
            frequency, period, since.isoformat(), until.isoformat(), first_id, last_id
        )
    return len(bounds)


# Monday morning: last week's news. The period's unique rows make a second run harmless.
@cron("0 7 * * Mon")
@task
def weekly_digests() -> int:
    return _enqueue_batches(Frequency.WEEKLY)


@cron("0 7 1 * *")
@task
def monthly_digests() -> int:
    return _enqueue_batches(Frequency.MONTHLY)


@task
def send_batch(
    frequency: str, period: str, since: str, until: str, first_id: int, last_id: int
) -> int:
    return services.digest_send_batch(
        frequency=frequency, period=period, since=dt.datetime.fromisoformat(since),
        until=dt.datetime.fromisoformat(until), first_id=first_id, last_id=last_id,
    )  # fmt: skip

"""ActivityEvent.objects.record: one row per counted action. Inside a transaction it commits (or
rolls back) with the rest of the request; outside one the process's writer thread writes rows in
batches (pmportal/activity.py), or, with ACTIVITY_WRITE_SECONDS = 0 as in the other tests, the
row is written at once without waiting for the disk, a setting that never leaks onto the
connection."""

import datetime as dt
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from pmportal import activity
from pmportal.models import ActivityEvent
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_row_commits_without_waiting_and_nothing_leaks():
    user = UserFactory()
    assert not connection.in_atomic_block
    ActivityEvent.objects.record(ActivityEvent.Kind.DIRECTORY_SEARCH, user)
    event = ActivityEvent.objects.get(user=user, kind=ActivityEvent.Kind.DIRECTORY_SEARCH)
    assert event.created_at is not None
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
    ActivityEvent.objects.record(ActivityEvent.Kind.MENTOR_VIEW, None)  # a deleted account
    assert ActivityEvent.objects.filter(user=None, kind=ActivityEvent.Kind.MENTOR_VIEW).exists()


@pytest.mark.django_db
def test_inside_a_transaction_the_row_goes_with_it():
    user = UserFactory()
    with transaction.atomic():
        ActivityEvent.objects.record(ActivityEvent.Kind.LOGIN, user)
        assert ActivityEvent.objects.filter(user=user, kind=ActivityEvent.Kind.LOGIN).exists()
        transaction.set_rollback(True)
    assert not ActivityEvent.objects.filter(user=user).exists()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_rows_wait_for_the_writer_thread(settings, monkeypatch):
    """With ACTIVITY_WRITE_SECONDS the request only keeps the row; the process's thread writes
    the batch a moment later, with the time of the action, not of the write."""
    settings.ACTIVITY_WRITE_SECONDS = 1.0
    monkeypatch.setattr(activity, "_writers", {})
    user = UserFactory()
    before = timezone.now()
    for _ in range(3):
        ActivityEvent.objects.record(ActivityEvent.Kind.DIRECTORY_SEARCH, user)
    assert activity.writer(ActivityEvent, 1.0).pending() == 3
    events = ActivityEvent.objects.filter(user=user, kind=ActivityEvent.Kind.DIRECTORY_SEARCH)
    assert not events.exists()
    deadline = time.monotonic() + 10
    while events.count() < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert events.count() == 3
    assert all(before <= event.created_at <= before + dt.timedelta(seconds=1) for event in events)


@pytest.mark.django_db(transaction=True)
def test_a_member_deleted_before_the_write_loses_the_row_not_the_batch():
    kept, gone = UserFactory(), UserFactory()
    writer = activity.ActivityWriter(ActivityEvent, 60)
    writer.add(ActivityEvent.Kind.MENTOR_VIEW, kept.pk, timezone.now())
    writer.add(ActivityEvent.Kind.MENTOR_VIEW, gone.pk, timezone.now())
    gone.delete()
    writer.write()
    events = ActivityEvent.objects.filter(kind=ActivityEvent.Kind.MENTOR_VIEW)
    assert sorted(events.values_list("user_id", flat=True), key=str) == sorted(
        [kept.pk, None], key=str
    )


@pytest.mark.django_db(transaction=True)
def test_rows_the_database_refused_are_kept_for_the_next_write(monkeypatch, caplog):
    user = UserFactory()
    writer = activity.ActivityWriter(ActivityEvent, 60)
    writer.add(ActivityEvent.Kind.DIRECTORY_SEARCH, user.pk, timezone.now())
    monkeypatch.setattr(activity, "WRITE_SQL", "INSERT INTO no_such_table VALUES (%s, %s, %s)")
    writer.write()
    assert writer.pending() == 1 and "kept for later" in caplog.text
    monkeypatch.undo()
    writer.write()
    assert writer.pending() == 0
    assert ActivityEvent.objects.filter(user=user).count() == 1

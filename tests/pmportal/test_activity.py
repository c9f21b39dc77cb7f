"""ActivityEvent.objects.record: one row per counted action; outside a transaction it does not
wait for the disk, and that setting never leaks onto the connection; inside one it commits (or
rolls back) with the rest of the request."""

import pytest
from django.db import connection, transaction

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

"""Counted member actions: each signal the dashboard listens to writes one ActivityEvent row,
in the transaction of the request that sent it when there is one."""

import pytest
from django.db import connection, transaction

from insights.models import ActivityEvent
from members.models import Profile
from members.signals import directory_searched, mentors_viewed
from tests.factories import UserFactory

Kind = ActivityEvent.Kind


@pytest.mark.django_db
def test_sign_in_search_and_mentor_visit_are_each_counted_once(client):
    user = UserFactory()
    client.force_login(user)
    directory_searched.send(sender=Profile, user=user)
    mentors_viewed.send(sender=Profile, user=user)
    kinds = ActivityEvent.objects.filter(user=user).values_list("kind", flat=True)
    assert sorted(kinds) == sorted([Kind.LOGIN, Kind.DIRECTORY_SEARCH, Kind.MENTOR_VIEW])


@pytest.mark.django_db
def test_inside_a_transaction_the_row_goes_with_it():
    user = UserFactory()
    with transaction.atomic():
        directory_searched.send(sender=Profile, user=user)
        assert ActivityEvent.objects.filter(user=user).exists()
        transaction.set_rollback(True)
    assert not ActivityEvent.objects.filter(user=user).exists()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_row_is_committed_at_once():
    user = UserFactory()
    assert not connection.in_atomic_block
    mentors_viewed.send(sender=Profile, user=user)
    event = ActivityEvent.objects.get(user=user)
    assert event.kind == Kind.MENTOR_VIEW and event.created_at is not None


@pytest.mark.django_db
def test_a_deleted_account_leaves_an_anonymous_count():
    user = UserFactory()
    directory_searched.send(sender=Profile, user=user)
    user.delete()
    assert ActivityEvent.objects.filter(user=None, kind=Kind.DIRECTORY_SEARCH).count() == 1

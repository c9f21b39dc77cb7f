"""Parallel "going" answers in real transactions on their own connections never pass the
capacity; the rest wait on the list."""

import pytest

from events import services
from events.models import Rsvp
from tests.events.conftest import make_event, member
from tests.network.test_concurrency import in_parallel

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_answers_never_exceed_the_capacity():
    event = make_event(capacity=3)
    users = [member(f"Member {n}") for n in range(10)]
    calls = [
        lambda user=user: services.rsvp_answer(event=event, user=user, answer="going")
        for user in users
    ]
    results = in_parallel(calls)
    assert all(isinstance(result, Rsvp) for result in results), results
    assert event.rsvps.going().count() == 3
    assert event.rsvps.waitlist().count() == 7
    # Parallel cancellations: each freed place goes to the next in line, never beyond capacity.
    going = list(event.rsvps.going().values_list("user_id", flat=True))
    order = list(event.rsvps.waitlist().values_list("user_id", flat=True))
    leave = [u for u in users if u.pk in going]
    in_parallel(
        [lambda u=u: services.rsvp_answer(event=event, user=u, answer="not_going") for u in leave]
    )
    assert sorted(event.rsvps.going().values_list("user_id", flat=True)) == sorted(order[:3])

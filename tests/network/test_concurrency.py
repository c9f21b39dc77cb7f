"""Twenty parallel identical requests, two members asking each other at once, and parallel
messages, in real transactions on their own connections."""

import threading

import pytest
from django.db import connection

from network import services
from network.models import Conversation, Introduction, Message, Participant
from tests.network.conftest import REASON, connect, person

pytestmark = pytest.mark.django_db(transaction=True)


def in_parallel(calls) -> list:
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(number: int) -> None:
        try:
            barrier.wait()
            results[number] = calls[number]()
        except Exception as error:  # the test reads what each call got
            results[number] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_twenty_parallel_identical_requests_make_one_row():
    ada, grace = person("Ada Lovelace"), person("Grace Hopper")

    def send():
        return services.introduction_send(sender=ada, recipient=grace, reason=REASON).pk

    results = in_parallel([send] * 20)
    assert Introduction.objects.count() == 1
    assert results == [Introduction.objects.get().pk] * 20


def test_two_members_asking_each_other_at_once_make_one_row():
    ada, grace = person("Ada Lovelace"), person("Grace Hopper")
    calls = [
        lambda: services.introduction_send(sender=ada, recipient=grace, reason=REASON),
        lambda: services.introduction_send(sender=grace, recipient=ada, reason=REASON),
    ] * 5
    results = in_parallel(calls)
    assert Introduction.objects.filter(status="pending").count() == 1
    winner = Introduction.objects.get()
    # The other side is told to answer the request that won, never a 500.
    losers = [r for r in results if not isinstance(r, Introduction)]
    assert all("already asked you" in str(r) for r in losers), losers
    assert all(r.pk == winner.pk for r in results if isinstance(r, Introduction))


def test_the_pending_limit_holds_under_parallel_requests():
    ada = person("Ada Lovelace")
    for number in range(services.MAX_PENDING - 1):
        Introduction.objects.create(
            sender=ada, recipient=person(f"Earlier {number}"), reason=REASON
        )
    others = [person(f"Other {number}") for number in range(6)]
    calls = [
        lambda other=other: services.introduction_send(sender=ada, recipient=other, reason=REASON)
        for other in others
    ]
    results = in_parallel(calls)
    assert Introduction.objects.filter(sender=ada).count() == services.MAX_PENDING
    assert sum(isinstance(result, Introduction) for result in results) == 1
    assert all("10 requests waiting" in str(r) for r in results if not isinstance(r, Introduction))


def test_parallel_messages_make_one_conversation_and_no_double():
    ada, grace = person("Ada Lovelace"), person("Grace Hopper")
    connect(ada, grace)
    same = lambda: services.message_send(sender=ada, recipient=grace, text="Hi").pk  # noqa: E731
    reply = lambda: services.message_send(sender=grace, recipient=ada, text="Hello").pk  # noqa: E731
    results = in_parallel([same, reply] * 5)
    assert all(isinstance(result, int) for result in results), results
    assert Conversation.objects.count() == 1 and Participant.objects.count() == 2
    assert sorted(Message.objects.values_list("text", flat=True)) == ["Hello", "Hi"]
    assert Participant.objects.get(user=grace).unread == 1

"""Two workers on the same batch at once, each on its own PostgreSQL connection: one digest."""

import threading

import pytest
from django.db import connection

from digest.models import Send
from tests.digest.conftest import seed, send

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_on_the_same_batch_send_each_digest_once(mailoutbox):
    seed()
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(send())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    assert Send.objects.count() == 1
    assert len(mailoutbox) == 1

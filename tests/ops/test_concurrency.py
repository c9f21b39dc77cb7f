"""Races that only show with real parallel requests against the production servers."""

import threading

import pytest
from benchlib import CSRF_INPUT, Visitor

from members.models import User

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shared_cache_cleared"),
]


def test_twenty_parallel_sign_ups_with_one_address_make_one_account(app_servers):
    ports, _ = app_servers
    visitors = [Visitor(ports[n % 2], f"10.4.0.{n + 1}") for n in range(20)]
    tokens = []
    for visitor in visitors:
        form = visitor.get("/accounts/signup/", keep=True)
        assert form.status == 200
        tokens.append(CSRF_INPUT.search(form.body).group(1).decode())
    start = threading.Barrier(len(visitors))
    answers: list = [None] * len(visitors)

    def sign_up(number: int) -> None:
        start.wait()
        answers[number] = visitors[number].request(
            "POST",
            "/accounts/signup/",
            {
                "csrfmiddlewaretoken": tokens[number],
                "email": "Same.Person@example.org",
                "password1": "a-long-and-unguessable-password",
                "password2": "a-long-and-unguessable-password",
            },
        )

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(len(visitors))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(answer.status for answer in answers)
    # The winner and the losers get the same answer: "check your inbox".
    assert statuses == [302] * 20, statuses
    assert User.objects.filter(email__iexact="same.person@example.org").count() == 1

"""Queries of the community pages, pinned exactly (a member's ceiling is 8): the session, the
user (with the header's counts), then the page's own."""

import pytest
from django.core.cache import cache

from community.models import HelpfulVote
from tests.community.conftest import answer_of, signed_in, thread
from tests.network.conftest import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(ada, faq_tags):
    """Five tagged threads by five members, the first with six answers and votes."""
    threads = []
    for n in range(5):
        question = thread(person(f"Asker {n}"), title=f"How do you plan a roadmap, case {n}?")
        question.tags.set(["roadmap", f"case-{n}"])
        threads.append(question)
    for n in range(6):
        answer = answer_of(threads[0], person(f"Answerer {n}"), body=f"Answer number {n} here.")
        HelpfulVote.objects.create(answer=answer, user=ada)
    return threads


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/community/", 4),
        ("/community/?tab=unanswered", 4),
        ("/community/?tag=roadmap", 5),  # the topic's row
        ("thread", 5),  # the question with its tags, the answers
    ],
)
def test_queries(busy, ada, django_assert_num_queries, url, expected):
    client = signed_in(ada)
    url = busy[0].get_absolute_url() if url == "thread" else url
    cache.clear()
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200

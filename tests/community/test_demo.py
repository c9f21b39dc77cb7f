"""The demo threads: loaded by their demo authors, with answers and accepted ones, once."""

import pytest

from community import demo
from community.models import Answer, Question
from faq import demo as faq_demo
from members import demo as members_demo

pytestmark = pytest.mark.django_db


def test_demo_threads_load_once_with_their_authors_and_answers():
    members_demo.load()
    faq_demo.load()
    assert demo.load() == f"{len(demo.THREADS)} community threads ({len(demo.THREADS)} new)"
    assert demo.load().endswith("(0 new)")
    assert Question.objects.count() == len(demo.THREADS) >= 4
    assert not Question.objects.filter(author=None).exists()
    assert Answer.objects.count() == sum(len(t["answers"]) for t in demo.THREADS)
    assert Question.objects.filter(accepted_answer__isnull=False).count() == 2
    assert Question.objects.unanswered().count() == 1
    first = Question.objects.get(title__startswith="How do you say no")
    assert set(first.tags.names()) == {"prioritisation", "stakeholders"}

"""Members, a thread and helpers for the community tests."""

import pytest
from django.test import Client

from community.models import Answer, Question
from tests.factories import FaqCategoryFactory, FaqQuestionFactory
from tests.network.conftest import person

TITLE = "How do you say no to a sales-driven feature request?"
BODY = "Our biggest customer wants a custom report. What has worked for you?"
ANSWER = "Ask what problem the report solves, then show where it sits on the roadmap."


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def thread(author, *, title: str = TITLE, **fields) -> Question:
    return Question.objects.create(author=author, title=title, body=BODY, **fields)


def answer_of(question, author, body: str = ANSWER, **fields) -> Answer:
    found = Answer.objects.create(question=question, author=author, body=body, **fields)
    question.answer_count = question.answers.filter(status="visible").count()
    question.save(update_fields=["answer_count"])
    return found


@pytest.fixture
def faq_tags(db):
    """Two FAQ entries whose tags are the content vocabulary the ask form offers."""
    category = FaqCategoryFactory(slug="basics")
    FaqQuestionFactory(category=category, slug="roadmaps", tags=["roadmap", "stakeholders"])
    return ["roadmap", "stakeholders"]


@pytest.fixture
def ada(db):
    return person("Ada Asker", skills=["roadmaps"])


@pytest.fixture
def ben(db):
    return person("Ben Answerer")

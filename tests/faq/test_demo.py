"""The demo FAQ is read from its Markdown files; loading it twice changes nothing."""

import pytest

from faq import demo
from faq.models import Category, Question
from pmportal.markdown import read_front_matter

pytestmark = pytest.mark.django_db


def test_every_question_file_becomes_a_published_question_in_its_place():
    assert demo.load().endswith(f"({len(demo.QUESTIONS)} new)")
    for path in demo.QUESTIONS:
        header, answer = read_front_matter(path)
        question = Question.objects.get(slug=path.stem)
        assert question.status == "published" and question.category.slug == path.parent.name
        assert (question.question, question.answer) == (header["question"], answer)
        assert question.position == int(header["order"])
        assert sorted(question.tags.names()) == sorted(header["tags"].split(", "))
    positions = list(Question.objects.values_list("category__slug", "position"))
    assert len(set(positions)) == len(positions), "two questions share a place in a category"


def test_loading_twice_changes_nothing_and_restores_edited_rows():
    demo.load()
    Question.objects.filter(slug="what-does-a-product-manager-do").update(question="Changed")
    before = list(Category.objects.values()), Question.objects.count()
    assert demo.load().endswith("(0 new)")
    assert (list(Category.objects.values()), Question.objects.count()) == before
    restored = Question.objects.get(slug="what-does-a-product-manager-do")
    assert restored.question == "What does a product manager do?"

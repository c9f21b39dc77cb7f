"""FAQ admin: answering and publishing a visitor's question, bulk actions, preview."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from faq.models import Question, SubmittedQuestion
from faq.search import search_questions
from faq.services import question_publish_from_submission
from tests.factories import (
    FaqCategoryFactory,
    FaqQuestionFactory,
    ResourceFactory,
    StaffFactory,
    UserFactory,
)


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory(is_superuser=True))
    return client


@pytest.fixture
def submission(db):
    return SubmittedQuestion.objects.create(
        name="Ada", email="ada@example.org", question="how should i price an api?"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/admin/faq/question/",
        "/admin/faq/question/add/",
        "/admin/faq/category/",
        "/admin/faq/submittedquestion/",
        "/admin/faq/helpfulvote/",
        "/admin/faq/searchlog/",
    ],
)
@pytest.mark.django_db
def test_admin_pages_open_for_staff_and_not_for_members(client, staff_client, url):
    from django.test import Client

    member = Client()
    member.force_login(UserFactory())
    assert member.get(url).status_code == 302
    FaqQuestionFactory(tags=["roadmap"])
    assert staff_client.get(url).status_code == 200


@pytest.mark.django_db
def test_question_change_page_previews_the_sanitized_answer(staff_client):
    question = FaqQuestionFactory(answer="## Heading\n\n<script>alert(1)</script>")
    html = staff_client.get(f"/admin/faq/question/{question.pk}/change/").content.decode()
    assert '<div class="faq-preview"><h2>Heading</h2>' in html
    assert "<script>alert(1)</script>" not in html


@pytest.mark.django_db
def test_publish_a_submission_in_one_step_from_the_admin(staff_client, submission):
    category = FaqCategoryFactory()
    response = staff_client.post(
        f"/admin/faq/submittedquestion/{submission.pk}/change/",
        {
            "status": "new",
            "publish": "on",
            "publish_category": category.pk,
            "publish_question": "How should I price an API product?",
            "publish_answer": "Start from the **value** developers get.",
            "publish_tags": "pricing, api",
        },
    )
    assert response.status_code == 302
    entry = Question.objects.get()
    assert entry.status == "published"
    assert entry.slug == "how-should-i-price-an-api-product"
    assert sorted(entry.tags.names()) == ["api", "pricing"]
    submission.refresh_from_db()
    assert submission.status == "published"
    assert submission.published_question == entry
    assert submission.answered_at is not None
    [message] = mail.outbox
    assert message.to == ["ada@example.org"]
    assert f"http://127.0.0.1:8000/faq/{entry.slug}/" in message.body
    assert f'href="http://127.0.0.1:8000/faq/{entry.slug}/"' in message.alternatives[0][0]
    # Published means public and findable.
    assert staff_client.get(entry.get_absolute_url()).status_code == 200
    assert search_questions("price api").results == [entry]


@pytest.mark.django_db
def test_publishing_needs_a_category_and_an_answer(staff_client, submission):
    response = staff_client.post(
        f"/admin/faq/submittedquestion/{submission.pk}/change/",
        {"status": "new", "publish": "on", "publish_question": "Q?", "publish_answer": ""},
    )
    assert response.status_code == 200
    assert "Needed to publish." in response.content.decode()
    assert not Question.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_a_submission_is_published_only_once(submission):
    category = FaqCategoryFactory()
    question_publish_from_submission(
        submission=submission, category=category, question="Pricing an API?", answer="Value."
    )
    with pytest.raises(ValidationError):
        question_publish_from_submission(
            submission=submission, category=category, question="Again?", answer="Value."
        )
    second = SubmittedQuestion.objects.create(name="B", email="b@example.org", question="same")
    entry = question_publish_from_submission(
        submission=second, category=category, question="Pricing an API?", answer="Value."
    )
    assert entry.slug == "pricing-an-api-2"


@pytest.mark.django_db
def test_bulk_publish_and_unpublish(staff_client):
    questions = FaqQuestionFactory.create_batch(2, status="draft", question="Roadmap basics")
    ids = [q.pk for q in questions]
    staff_client.post(
        "/admin/faq/question/", {"action": "publish", "_selected_action": ids}, follow=True
    )
    assert Question.objects.published().count() == 2
    assert len(search_questions("roadmap").results) == 2
    assert staff_client.get(questions[0].get_absolute_url()).status_code == 200
    staff_client.logout()
    staff_client.get(questions[0].get_absolute_url())  # cache the anonymous page
    staff_client.force_login(StaffFactory(is_superuser=True))
    staff_client.post(
        "/admin/faq/question/", {"action": "unpublish", "_selected_action": ids}, follow=True
    )
    assert Question.objects.published().count() == 0
    assert search_questions("roadmap").results == []
    staff_client.logout()
    assert staff_client.get(questions[0].get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_admin_question_list_filters_and_search(staff_client):
    FaqQuestionFactory(question="Roadmap owners", tags=["roadmap"])
    FaqQuestionFactory(question="Pricing", status="draft")
    html = staff_client.get("/admin/faq/question/", {"q": "roadmap"}).content.decode()
    assert "Roadmap owners" in html and "Pricing" not in html
    html = staff_client.get("/admin/faq/question/", {"status__exact": "draft"}).content.decode()
    assert "Pricing" in html and "Roadmap owners" not in html


@pytest.mark.django_db
def test_the_tags_filter_lists_content_tags_and_no_member_skill(staff_client):
    """Members' skills are a vocabulary of their own: none reaches the FAQ's "By tags" filter,
    even a skill spelt like a content tag ("pricing" is both, apart). A resource's tag is in the
    same content vocabulary, but the filter lists only what questions use."""
    FaqQuestionFactory(tags=["roadmap", "pricing"])
    ResourceFactory(tags=["pricing", "podcast"], file=None)
    UserFactory().profile.skills.set(["stakeholder management", "<b>bold</b> 🚀", "pricing"])
    response = staff_client.get("/admin/faq/question/")
    [tags] = [spec for spec in response.context["cl"].filter_specs if spec.field_path == "tags"]
    assert sorted(label for _, label in tags.lookup_choices) == ["pricing", "roadmap"]
    html = response.content.decode()
    assert "stakeholder management" not in html and "🚀" not in html

""" "Notify me when answered": a member's failed search becomes one email when staff answer it."""

import pytest
from django.core import mail

from faq.models import AnswerRequest, Question, QuestionStatus
from faq.services import question_publish_from_submission, questions_set_status
from tests.factories import FaqCategoryFactory, FaqQuestionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def member(client):
    user = UserFactory(email="waiting@example.org")
    client.force_login(user)
    return user


def test_a_failed_search_offers_members_to_be_notified(client, member):
    FaqQuestionFactory(question="How do I build a roadmap?")
    response = client.get("/faq/search/?q=negotiate+salary")
    assert "Email me when this is answered" in response.content.decode()
    # Visitors get the Ask us form only.
    client.logout()
    assert (
        "Email me when this is answered"
        not in client.get("/faq/search/?q=negotiate+salary").content.decode()
    )


def test_visitors_cannot_ask_to_be_notified(client):
    response = client.post("/faq/notify/", {"q": "salary"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not AnswerRequest.objects.exists()


def test_asking_twice_keeps_one_request(client, member):
    first = client.post("/faq/notify/", {"q": "  Negotiate   SALARY "}, follow=True)
    assert (
        "We will email you when an answer for “negotiate salary” is published."
        in first.content.decode()
    )
    second = client.post("/faq/notify/", {"q": "negotiate salary"}, follow=True)
    assert "already on the list" in second.content.decode()
    assert AnswerRequest.objects.get().query == "negotiate salary"


@pytest.mark.parametrize("query", ["", "   ", "\x00"])
def test_an_empty_request_gets_a_clear_400(client, member, query):
    response = client.post("/faq/notify/", {"q": query})
    assert response.status_code == 400
    assert not AnswerRequest.objects.exists()


def test_publishing_a_matching_answer_emails_the_member_once(client, member, settings):
    client.post("/faq/notify/", {"q": "negotiate salary"})
    client.post("/faq/notify/", {"q": "salary negotiation tips"})
    other = UserFactory(email="other@example.org")
    AnswerRequest.objects.create(user=other, query="hardware launches")
    mail.outbox.clear()

    FaqQuestionFactory(question="How do I build a roadmap?", answer="Start from outcomes.")
    assert mail.outbox == []  # nothing matched

    FaqQuestionFactory(
        question="How should a product manager negotiate salary?",
        answer="Know your market rate and the salary bands before the negotiation.",
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["waiting@example.org"]
    body = message.body
    assert "negotiate salary" in body and "salary negotiation tips" in body
    assert f"{settings.SITE_URL}/faq/" in body
    assert set(AnswerRequest.objects.pending().values_list("query", flat=True)) == {
        "hardware launches"
    }

    # Editing the answer later does not email again.
    mail.outbox.clear()
    question = Question.objects.get(question__startswith="How should")
    question.answer += " Practise the conversation."
    question.save()
    assert mail.outbox == []


def test_drafts_do_not_notify_until_published_in_bulk(client, member):
    client.post("/faq/notify/", {"q": "pricing experiments"})
    mail.outbox.clear()
    draft = FaqQuestionFactory(
        question="How do I run pricing experiments?",
        answer="Test one price change at a time.",
        status=QuestionStatus.DRAFT,
    )
    assert mail.outbox == []
    questions_set_status(
        questions=Question.objects.filter(pk=draft.pk), status=QuestionStatus.PUBLISHED
    )
    assert [m.to for m in mail.outbox] == [["waiting@example.org"]]


def test_publishing_from_a_submission_notifies_waiting_members(client, member):
    from faq.models import SubmittedQuestion

    client.post("/faq/notify/", {"q": "remote product teams"})
    submission = SubmittedQuestion.objects.create(
        name="Sam", email="sam@example.org", question="How do remote product teams work?"
    )
    mail.outbox.clear()
    question_publish_from_submission(
        submission=submission,
        category=FaqCategoryFactory(),
        question="How do remote product teams stay aligned?",
        answer="Write things down; remote teams rely on written decisions.",
    )
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["sam@example.org", "waiting@example.org"]


def test_deleting_the_account_removes_its_requests(client, member):
    client.post("/faq/notify/", {"q": "salary"})
    member.delete()
    assert not AnswerRequest.objects.exists()


def test_a_query_with_markup_is_escaped_in_the_html_email(client, member):
    """The text part is plain text (autoescape off is right there); the HTML part escapes."""
    client.post("/faq/notify/", {"q": "<script>alert(1)</script> salary"})
    mail.outbox.clear()
    FaqQuestionFactory(question="What salary should a PM ask for?", answer="Know the salary bands.")
    (message,) = mail.outbox
    html = message.alternatives[0].content
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; salary" in html


def test_asking_to_be_notified_does_not_log_the_search_again(client, member):
    from faq.models import SearchLog

    browser = {"user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36"}
    client.get("/faq/search/?q=negotiate+salary", headers=browser)
    client.post("/faq/notify/", {"q": "negotiate salary"}, headers=browser, follow=True)
    assert list(SearchLog.objects.values_list("query", flat=True)) == ["negotiate salary"]

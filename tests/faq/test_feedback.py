"""'Was this helpful?' votes and the 'Ask us' form."""

import pytest
from django.core import mail
from django.db import IntegrityError

from faq.models import HelpfulVote, SubmittedQuestion
from tests.factories import FaqQuestionFactory, UserFactory

VALID_ASK = {
    "name": "Ada Lovelace",
    "email": "ada@example.org",
    "question": "How do I price an API product for developers?",
    "search_query": "api pricing",
}


BUTTONS = "Was this answer helpful?"
SAID_YES, SAID_NO = "You said this answer helped.", "You said this answer did not help."


@pytest.mark.django_db
def test_a_visitor_votes_once_per_session_and_may_change_it(client):
    question = FaqQuestionFactory()
    url = f"{question.get_absolute_url()}helpful/"
    first = client.post(url, {"helpful": "yes"})
    assert first.status_code == 302
    assert first["Location"] == f"{question.get_absolute_url()}#helpful"
    page = client.get(question.get_absolute_url()).content.decode()
    assert SAID_YES in page and BUTTONS not in page
    assert "Change my vote: it did not help" in page
    second = client.post(url, {"helpful": "no"})
    assert second["Location"] == f"{question.get_absolute_url()}?voted=no#helpful"
    assert HelpfulVote.objects.filter(question=question).count() == 1
    assert HelpfulVote.objects.get().helpful is False
    assert SAID_NO in client.get(question.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_each_browser_session_gets_its_own_vote(client, django_user_model):
    from django.test import Client

    question = FaqQuestionFactory()
    url = f"{question.get_absolute_url()}helpful/"
    client.post(url, {"helpful": "yes"})
    Client().post(url, {"helpful": "no"})
    assert sorted(HelpfulVote.objects.values_list("helpful", flat=True)) == [False, True]


@pytest.mark.django_db
def test_a_member_votes_once_whatever_the_session_and_sees_it_everywhere(client):
    from django.test import Client

    member = UserFactory()
    question = FaqQuestionFactory()
    url = f"{question.get_absolute_url()}helpful/"
    client.force_login(member)
    client.post(url, {"helpful": "no"})
    client.post(f"{url}comment/", {"comment": "More examples."})
    other_browser = Client()
    other_browser.force_login(member)
    page = other_browser.get(question.get_absolute_url()).content.decode()
    assert SAID_NO in page and BUTTONS not in page
    response = other_browser.post(url, {"helpful": "yes"})
    assert response["Location"] == f"{question.get_absolute_url()}#helpful"
    vote = HelpfulVote.objects.get()
    assert (vote.user, vote.session_key, vote.helpful, vote.comment) == (member, "", True, "")
    assert SAID_YES in client.get(question.get_absolute_url()).content.decode()
    # Another question: not voted on.
    assert BUTTONS in client.get(FaqQuestionFactory().get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_cached_page_never_shows_another_visitors_vote():
    from django.test import Client

    question = FaqQuestionFactory()
    url = question.get_absolute_url()
    before = Client().get(url).content.decode()  # now in the visitors' cache
    assert BUTTONS in before
    voter = Client()
    voter.post(f"{url}helpful/", {"helpful": "yes"})
    assert SAID_YES in voter.get(url).content.decode()  # their own page, not the cached one
    for visitor in (Client(), Client()):
        page = visitor.get(url).content.decode()
        assert BUTTONS in page and "You said" not in page
    # A vote on another question leaves this one as it was.
    voter.post(f"{FaqQuestionFactory().get_absolute_url()}helpful/", {"helpful": "no"})
    assert SAID_YES in voter.get(url).content.decode()
    # `?voted=` is no way to see a thank-you without having voted.
    assert BUTTONS in Client().get(url, {"voted": "no"}).content.decode()


@pytest.mark.django_db
def test_a_voters_page_is_never_cached_for_others():
    from django.core.cache import cache
    from django.test import Client

    url = FaqQuestionFactory().get_absolute_url()
    voter = Client()
    voter.post(f"{url}helpful/", {"helpful": "no"})
    cache.clear()
    voter.get(url)  # the first view of this page since the cache emptied is the voter's
    page = Client().get(url).content.decode()
    assert BUTTONS in page and "You said" not in page


@pytest.mark.django_db
def test_the_database_refuses_a_second_vote():
    member = UserFactory()
    question = FaqQuestionFactory()
    HelpfulVote.objects.create(question=question, helpful=True, user=member)
    with pytest.raises(IntegrityError):
        HelpfulVote.objects.create(question=question, helpful=False, user=member)


@pytest.mark.django_db
def test_voting_no_invites_an_optional_comment(client):
    question = FaqQuestionFactory()
    response = client.post(f"{question.get_absolute_url()}helpful/", {"helpful": "no"})
    page = client.get(response["Location"]).content.decode()
    assert SAID_NO in page
    assert 'name="comment"' in page
    response = client.post(
        f"{question.get_absolute_url()}helpful/comment/", {"comment": "  I wanted examples.  "}
    )
    assert response["Location"].endswith("?voted=thanks#helpful")
    assert HelpfulVote.objects.get().comment == "I wanted examples."


@pytest.mark.django_db
def test_a_comment_too_long_is_refused_with_a_message(client):
    question = FaqQuestionFactory()
    client.post(f"{question.get_absolute_url()}helpful/", {"helpful": "no"})
    response = client.post(f"{question.get_absolute_url()}helpful/comment/", {"comment": "x" * 501})
    assert response.status_code == 400
    assert "at most 500 characters" in response.content.decode()
    assert HelpfulVote.objects.get().comment == ""


@pytest.mark.django_db
def test_a_comment_without_a_no_vote_changes_nothing(client):
    question = FaqQuestionFactory()
    client.post(f"{question.get_absolute_url()}helpful/", {"helpful": "yes"})
    client.post(f"{question.get_absolute_url()}helpful/comment/", {"comment": "sneaky"})
    assert HelpfulVote.objects.get().comment == ""


@pytest.mark.django_db
def test_votes_need_post_and_a_valid_answer(client):
    question = FaqQuestionFactory()
    assert client.get(f"{question.get_absolute_url()}helpful/").status_code == 405
    client.post(f"{question.get_absolute_url()}helpful/", {"helpful": "maybe"})
    assert not HelpfulVote.objects.exists()
    draft = FaqQuestionFactory(status="draft")
    assert client.post(f"{draft.get_absolute_url()}helpful/", {"helpful": "yes"}).status_code == 404


@pytest.mark.django_db
def test_ask_form_is_prefilled_from_the_search(client):
    html = client.get("/faq/ask/", {"q": "API pricing"}).content.decode()
    assert "API pricing</textarea>" in html
    assert 'name="search_query" value="api pricing"' in html


@pytest.mark.django_db
def test_ask_stores_the_question_and_emails_staff_and_the_asker(client, settings):
    settings.STAFF_NOTIFICATION_EMAILS = ["editor@pmportal.example", "owner@pmportal.example"]
    response = client.post("/faq/ask/", VALID_ASK, follow=True)
    assert response.status_code == 200
    assert "we have your question" in response.content.decode()
    submission = SubmittedQuestion.objects.get()
    assert submission.email == "ada@example.org"
    assert submission.search_query == "api pricing"
    assert submission.status == "new"
    staff, confirmation = mail.outbox
    assert staff.to == ["editor@pmportal.example", "owner@pmportal.example"]
    assert staff.reply_to == ["ada@example.org"]
    assert "How do I price an API product" in staff.body
    assert f"/admin/faq/submittedquestion/{submission.pk}/change/" in staff.body
    assert confirmation.to == ["ada@example.org"]
    assert "We received your question" in confirmation.subject
    for message in (staff, confirmation):
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        assert "How do I price an API product" in html


@pytest.mark.django_db
def test_ask_escapes_what_the_visitor_wrote_in_the_html_email(client):
    client.post("/faq/ask/", {**VALID_ASK, "name": "<b>Eve</b>"})
    html = mail.outbox[1].alternatives[0][0]
    assert "<b>Eve</b>" not in html
    assert "&lt;b&gt;Eve&lt;/b&gt;" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "   ", "Tell us your name"),
        ("email", "not-an-email", "not an email address we can write to"),
        ("email", "", "Give us your email address"),
        ("question", "", "Write your question"),
        ("question", "short?", "at least 10 characters"),
        ("question", "x" * 2001, "at most 2000 characters"),
        ("name", "x" * 101, "at most 100 characters"),
    ],
)
@pytest.mark.django_db
def test_ask_form_validation(client, field, value, message):
    response = client.post("/faq/ask/", {**VALID_ASK, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SubmittedQuestion.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_the_honeypot_silently_drops_bots(client):
    response = client.post(
        "/faq/ask/", {**VALID_ASK, "website": "http://spam.example"}, follow=True
    )
    assert "we have your question" in response.content.decode()
    assert not SubmittedQuestion.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_ask_is_rate_limited(client):
    for _ in range(5):
        assert client.post("/faq/ask/", VALID_ASK).status_code == 302
    response = client.post("/faq/ask/", VALID_ASK)
    assert response.status_code == 429
    assert "several questions in a short time" in response.content.decode()
    assert SubmittedQuestion.objects.count() == 5


@pytest.mark.django_db
def test_a_signed_in_asker_is_linked_and_prefilled(client):
    member = UserFactory()
    client.force_login(member)
    assert f'value="{member.email}"' in client.get("/faq/ask/").content.decode()
    client.post("/faq/ask/", VALID_ASK)
    assert SubmittedQuestion.objects.get().user == member


@pytest.mark.django_db
def test_behind_a_proxy_each_visitor_has_their_own_ask_limit(settings):
    """nginx forwards every visitor from one address; the limit follows X-Forwarded-For."""
    from django.test import Client

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    first = Client(headers={"x-forwarded-for": "203.0.113.7"})
    for _ in range(5):
        assert first.post("/faq/ask/", VALID_ASK).status_code == 302
    assert first.post("/faq/ask/", VALID_ASK).status_code == 429
    other = Client(headers={"x-forwarded-for": "198.51.100.4"})
    assert other.post("/faq/ask/", VALID_ASK).status_code == 302


@pytest.mark.django_db
def test_a_returning_voter_costs_the_page_plus_their_session(client, django_assert_num_queries):
    url = FaqQuestionFactory(tags=["roadmap"]).get_absolute_url()
    client.post(f"{url}helpful/", {"helpful": "yes"})
    # Session; question with category; its tags; related questions. No query for the vote.
    with django_assert_num_queries(4):
        assert SAID_YES in client.get(url).content.decode()


@pytest.mark.django_db
def test_the_ask_form_under_a_question_is_prefilled_for_a_member_only(client):
    """The member's address fills the inline form; the page visitors share never carries it."""
    url = FaqQuestionFactory().get_absolute_url()
    member = UserFactory()
    client.force_login(member)
    assert f'value="{member.email}"' in client.get(url).content.decode()
    client.logout()
    for _ in range(2):  # the second visit is served from the visitors' cache
        page = client.get(url).content.decode()
        assert 'name="email"' in page
        assert member.email not in page

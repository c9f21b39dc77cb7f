"""Asking, answering, votes, accepting, editing and deleting."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community import services
from community.models import Answer, HelpfulVote, Question, StaffAction
from notifications.models import Notification
from tests.community.conftest import ANSWER, BODY, TITLE, answer_of, signed_in, thread
from tests.factories import MemberFactory
from tests.network.conftest import person

pytestmark = pytest.mark.django_db


def test_the_ask_page_is_prefilled_with_the_search(ada):
    response = signed_in(ada).get("/community/ask/", {"q": "Saying No to Sales"})
    assert response.status_code == 200
    assert 'value="Saying No to Sales"' in response.content.decode()


def test_visitors_are_sent_to_sign_in_and_unverified_members_told_to_verify(client):
    assert client.get("/community/ask/").status_code == 302
    unverified = MemberFactory(verified=False)
    assert signed_in(unverified).get("/community/ask/").status_code == 403


def test_asking_with_faq_tags(ada, faq_tags):
    client = signed_in(ada)
    page = client.get("/community/ask/").content.decode()
    assert 'value="roadmap"' in page and "roadmaps" not in page  # not the member's skills
    response = client.post(
        "/community/ask/", {"title": TITLE, "body": BODY, "tags": ["roadmap"], "q": "say no"}
    )
    question = Question.objects.get()
    assert response.status_code == 302 and response["Location"] == question.get_absolute_url()
    assert list(question.tags.names()) == ["roadmap"]
    assert question.search_query == "say no" and question.status == "visible"


@pytest.mark.parametrize(
    "data",
    [
        {"title": "short"},
        {"title": TITLE, "tags": ["not-a-faq-tag"]},
        {"title": TITLE, "tags": ["roadmap", "stakeholders", "a", "b", "c", "d"]},
        {"title": "x" * 201},
        {"title": TITLE, "body": "x" * 5001},
        {},
    ],
)
def test_invalid_questions_are_refused_with_400(ada, faq_tags, data):
    response = signed_in(ada).post("/community/ask/", data)
    assert response.status_code == 400
    assert not Question.objects.exists()


def test_a_double_submit_makes_one_question(ada):
    client = signed_in(ada)
    for _ in range(2):
        client.post("/community/ask/", {"title": TITLE, "body": BODY})
    assert Question.objects.count() == 1


def test_the_daily_limit_answers_429(ada):
    for n in range(services.QUESTIONS_PER_DAY):
        thread(ada, title=f"{TITLE} {n}")
    response = signed_in(ada).post("/community/ask/", {"title": f"{TITLE} again"})
    assert response.status_code == 429
    assert "24 hours" in response.content.decode()


def test_suspended_members_cannot_post(ada):
    ada.profile.is_suspended = True
    ada.profile.save()
    assert signed_in(ada).post("/community/ask/", {"title": TITLE}).status_code == 403
    assert not Question.objects.exists()


def test_list_newest_unanswered_by_tag_and_pages(ada, ben, faq_tags):
    old = thread(ada, title="An answered question about roadmaps")
    answer_of(old, ben)
    tagged = thread(ada, title="A question about stakeholders")
    tagged.tags.set(["stakeholders"])
    client = signed_in(ben)
    page = client.get("/community/").content.decode()
    assert page.index(tagged.title) < page.index(old.title)
    unanswered = client.get("/community/", {"tab": "unanswered"}).content.decode()
    assert tagged.title in unanswered and old.title not in unanswered
    by_tag = client.get("/community/", {"tag": "stakeholders"}).content.decode()
    assert tagged.title in by_tag and old.title not in by_tag
    older = client.get("/community/", {"before": tagged.pk}).content.decode()
    assert old.title in older and tagged.title not in older
    assert client.get("/community/", {"before": "x' OR 1=1"}).status_code == 200


def test_answering_tells_the_asker(ada, ben):
    question = thread(ada)
    response = signed_in(ben).post(f"/community/{question.pk}/answer/", {"body": ANSWER})
    answer = Answer.objects.get()
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answer_count == 1 and question.first_answer_at is not None
    note = Notification.objects.get(recipient=ada)
    assert note.kind == "community_answer" and note.url == answer.get_absolute_url()
    short = signed_in(ben).post(f"/community/{question.pk}/answer/", {"body": "x"})
    assert short.status_code == 400


def test_answers_are_sanitized_markdown(ada, ben):
    question = thread(ada)
    answer_of(question, ben, body="**Bold** <script>alert(1)</script> <img src=x onerror=alert(2)>")
    page = signed_in(ada).get(question.get_absolute_url()).content.decode()
    assert "<strong>Bold</strong>" in page
    assert "<script>alert(1)" not in page and "onerror" not in page


def test_one_helpful_vote_per_member_and_none_for_ones_own(ada, ben):
    answer = answer_of(thread(ada), ben)
    client = signed_in(ada)
    for _ in range(3):
        client.post(f"/community/answers/{answer.pk}/helpful/")
    answer.refresh_from_db()
    assert answer.helpful_count == 1 and HelpfulVote.objects.count() == 1
    assert signed_in(ben).post(f"/community/answers/{answer.pk}/helpful/").status_code == 400


def test_the_asker_accepts_and_others_get_404(ada, ben):
    question = thread(ada)
    answer = answer_of(question, ben)
    other = person("Cara Other")
    assert signed_in(other).post(f"/community/answers/{answer.pk}/accept/").status_code == 404
    assert signed_in(ada).post(f"/community/answers/{answer.pk}/accept/").status_code == 302
    question.refresh_from_db()
    assert question.accepted_answer == answer
    assert Notification.objects.filter(recipient=ben, kind="community_accepted").exists()
    assert not StaffAction.objects.exists()


def test_staff_may_accept_and_it_is_recorded(ada, ben):
    answer = answer_of(thread(ada), ben)
    staff = person("Sam Staff")
    staff.is_staff = True
    staff.save()
    services.answer_accept(answer=answer, by=staff)
    action = StaffAction.objects.get()
    assert action.staff == staff and action.verb == "accept" and action.answer == answer


def test_edit_within_the_window_and_others_get_404(ada, ben):
    question = thread(ada)
    client = signed_in(ada)
    response = client.post(f"/community/{question.pk}/edit/", {"title": f"{TITLE} (edited)"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.title.endswith("(edited)") and question.edited_at
    for url in [f"/community/{question.pk}/edit/", f"/community/{question.pk}/delete/"]:
        assert signed_in(ben).get(url).status_code == 404
        assert signed_in(ben).post(url, {"title": "Taken over by someone"}).status_code == 404
    Question.objects.filter(pk=question.pk).update(created_at=timezone.now() - timedelta(hours=1))
    late = client.post(f"/community/{question.pk}/edit/", {"title": f"{TITLE} too late"})
    assert late.status_code == 400 and "30 minutes" in late.content.decode()


def test_delete_own_answer_and_not_a_question_others_answered(ada, ben):
    question = thread(ada)
    answer = answer_of(question, ben)
    assert signed_in(ada).post(f"/community/{question.pk}/delete/").status_code == 400
    assert signed_in(ada).post(f"/community/answers/{answer.pk}/delete/").status_code == 404
    assert signed_in(ben).post(f"/community/answers/{answer.pk}/delete/").status_code == 302
    question.refresh_from_db()
    assert question.answer_count == 0
    assert signed_in(ada).post(f"/community/{question.pk}/delete/").status_code == 302
    assert not Question.objects.exists()


def test_every_page_links_to_the_community_in_the_main_nav(ada):
    """Members find the community from any page, the page itself marked current."""
    client = signed_in(ada)
    home = client.get("/").content.decode()
    assert '<a href="/community/">Community</a>' in home
    listing = client.get("/community/").content.decode()
    assert '<a href="/community/" aria-current="page">Community</a>' in listing

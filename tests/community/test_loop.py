"""Closing the loop: a promoted thread, once published in the FAQ, tells its people once; and
members who opted in hear of new questions matching their skills, a few a week at most."""

import pytest

from community import services
from community.models import Follow
from faq.models import Category, QuestionStatus
from faq.models import Question as FaqQuestion
from faq.services import questions_set_status
from notifications.models import Notification, NotificationPreference
from tests.community.conftest import TITLE, answer_of, signed_in, thread
from tests.network.conftest import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def promoted(ada, ben, faq_tags):
    staff = person("Sam Staff")
    staff.is_staff = True
    staff.save()
    question = thread(ada)
    services.answer_accept(answer=answer_of(question, ben), by=ada)
    Follow.objects.create(question=question, user=ben)
    basics = Category.objects.get(slug="basics")
    return services.question_promote(staff=staff, question=question, category=basics)


def told(kind="community_promoted"):
    return sorted(n.recipient.profile.display_name for n in Notification.objects.filter(kind=kind))


def test_publishing_the_entry_tells_the_asker_and_followers_once(
    promoted, django_capture_on_commit_callbacks
):
    assert told() == []
    promoted.status = QuestionStatus.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        promoted.save()
    assert told() == ["Ada Asker", "Ben Answerer"]
    with django_capture_on_commit_callbacks(execute=True):
        promoted.save()  # saved again: nobody is told twice
        questions_set_status(questions=FaqQuestion.objects.all(), status=QuestionStatus.PUBLISHED)
    assert len(told()) == 2
    assert Notification.objects.filter(url=promoted.get_absolute_url()).count() == 2


def test_the_admins_bulk_publish_tells_them_too(promoted, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        questions_set_status(
            questions=FaqQuestion.objects.filter(pk=promoted.pk), status=QuestionStatus.PUBLISHED
        )
    assert told() == ["Ada Asker", "Ben Answerer"]


def test_following_is_a_toggle(ada, ben):
    question = thread(ada)
    client = signed_in(ben)
    client.post(f"/community/{question.pk}/follow/")
    assert Follow.objects.filter(user=ben).exists()
    client.post(f"/community/{question.pk}/follow/")
    assert not Follow.objects.exists()


def test_matching_questions_reach_only_members_who_opted_in_a_few_a_week(
    ada, faq_tags, django_capture_on_commit_callbacks
):
    keen = person("Kim Keen", skills=["roadmap"])
    quiet = person("Quinn Quiet", skills=["roadmap"])
    NotificationPreference.objects.create(user=keen, kind="community_match", delivery="site")
    NotificationPreference.objects.create(user=quiet, kind="message", delivery="off")
    for n in range(services.MATCHES_PER_WEEK + 2):
        with django_capture_on_commit_callbacks(execute=True):
            services.question_ask(author=ada, title=f"{TITLE} {n}", tags=["roadmap"])
    assert told("community_match") == ["Kim Keen"] * services.MATCHES_PER_WEEK

"""Links wait for staff, reports hide, staff lock, suspend and decide, and it is all recorded."""

import pytest
from django.core.exceptions import ValidationError

from community import services
from community.models import Answer, Question, Report, StaffAction
from faq.models import Category
from members.models import Profile
from tests.community.conftest import ANSWER, TITLE, answer_of, signed_in, thread
from tests.network.conftest import person

pytestmark = pytest.mark.django_db
LINKED = "See https://example.org/pricing for the template I use every quarter."


@pytest.fixture
def staff(db):
    user = person("Sam Staff")
    user.is_staff = True
    user.save()
    return user


def test_the_first_two_posts_with_a_link_wait_for_staff(ada, ben, staff):
    question = thread(ada)
    client = signed_in(ben)
    for n in range(2):
        client.post(f"/community/{question.pk}/answer/", {"body": f"{LINKED} ({n})"})
    waiting = Answer.objects.filter(status="pending")
    assert waiting.count() == 2
    question.refresh_from_db()
    assert question.answer_count == 0
    assert LINKED not in signed_in(ada).get(question.get_absolute_url()).content.decode()
    assert LINKED in client.get(question.get_absolute_url()).content.decode()  # theirs
    services.posts_moderate(staff=staff, posts=waiting, verb="approve")
    question.refresh_from_db()
    assert question.answer_count == 2
    client.post(f"/community/{question.pk}/answer/", {"body": f"{LINKED} (third)"})
    assert Answer.objects.filter(status="visible").count() == 3
    assert StaffAction.objects.filter(verb="approve", staff=staff).count() == 2
    # A plain post never waits.
    plain, _ = services.question_ask(author=person("Dan New"), title=TITLE)
    assert plain.status == "visible"


def test_three_reports_from_different_members_hide_a_post_until_staff_decide(ada, ben, staff):
    answer = answer_of(thread(ada), ben)
    reporters = [person(f"Reporter {n}") for n in range(3)]
    url = f"/community/answers/{answer.pk}/report/"
    signed_in(reporters[0]).post(url, {"reason": "Rude and off topic"})
    signed_in(reporters[0]).post(url, {"reason": "Rude and off topic"})  # once per member
    signed_in(reporters[1]).post(url, {"reason": "Spam, selling courses"})
    answer.refresh_from_db()
    assert answer.status == "visible" and Report.objects.count() == 2
    signed_in(reporters[2]).post(url, {"reason": "Spam again"})
    answer.refresh_from_db()
    assert answer.status == "hidden"
    assert signed_in(ben).get(url).status_code == 404  # not one's own
    services.posts_moderate(staff=staff, posts=Answer.objects.all(), verb="restore")
    answer.refresh_from_db()
    assert answer.status == "visible"
    assert not Report.objects.filter(resolved_at=None).exists()
    assert StaffAction.objects.get().verb == "restore"


def test_report_form_validation(ada, ben):
    question = thread(ada)
    response = signed_in(ben).post(f"/community/{question.pk}/report/", {"reason": ""})
    assert response.status_code == 400 and not Report.objects.exists()


def test_a_locked_thread_takes_no_answers(ada, ben, staff):
    question = thread(ada)
    services.thread_lock(staff=staff, question=question)
    response = signed_in(ben).post(f"/community/{question.pk}/answer/", {"body": ANSWER})
    assert response.status_code == 400 and not Answer.objects.exists()
    assert StaffAction.objects.get().verb == "lock"


def test_staff_suspend_an_author_and_it_is_recorded(ada, staff):
    services.author_suspend(staff=staff, member=ada)
    assert Profile.objects.get(user=ada).is_suspended
    action = StaffAction.objects.get()
    assert (action.staff, action.verb, action.member) == (staff, "suspend", ada)


def test_promote_to_faq_starts_a_draft_from_the_thread(ada, ben, staff, faq_tags):
    question = thread(ada)
    question.tags.set(["roadmap"])
    answer = answer_of(question, ben)
    services.answer_accept(answer=answer, by=ada)
    basics = Category.objects.get(slug="basics")
    entry = services.question_promote(staff=staff, question=question, category=basics)
    assert entry.category == basics
    assert entry.status == "draft" and entry.answer.startswith(ANSWER)
    assert list(entry.tags.names()) == ["roadmap"]
    assert question.get_absolute_url() in entry.answer
    assert Question.objects.get().promoted_to == entry
    assert StaffAction.objects.filter(verb="promote", question=question).exists()
    with pytest.raises(ValidationError, match="already promoted"):
        services.question_promote(staff=staff, question=question, category=basics)

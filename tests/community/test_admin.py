"""Staff's admin actions on community posts: each one does its work and is recorded."""

import pytest

from community.models import Answer, Question, StaffAction
from faq.models import Question as FaqQuestion
from members.services import member_export
from tests.community.conftest import answer_of, thread
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    staff = StaffFactory(is_superuser=True)
    client.force_login(staff)
    return client


def act(client, model: str, action: str, pks) -> None:
    response = client.post(
        f"/admin/community/{model}/",
        {"action": action, "_selected_action": [str(pk) for pk in pks]},
        follow=True,
    )
    assert response.status_code == 200


def test_lock_promote_remove_and_suspend_from_the_admin(staff_client, ada, ben, faq_tags):
    question = thread(ada)
    answer = answer_of(question, ben)
    act(staff_client, "question", "lock", [question.pk])
    act(staff_client, "question", "promote", [question.pk])
    act(staff_client, "question", "promote", [question.pk])  # a second time: a warning only
    act(staff_client, "answer", "remove", [answer.pk])
    act(staff_client, "answer", "suspend_authors", [answer.pk])
    question.refresh_from_db()
    assert question.locked and question.promoted_to == FaqQuestion.objects.get(status="draft")
    assert Answer.objects.get().status == "removed"
    ben.profile.refresh_from_db()
    assert ben.profile.is_suspended
    verbs = sorted(StaffAction.objects.values_list("verb", flat=True))
    assert verbs == ["lock", "promote", "remove", "suspend"]
    assert staff_client.get("/admin/community/staffaction/").status_code == 200
    actions = member_export(user=ben)["activity"]["community.staffaction"]
    assert sorted(row["verb"] for row in actions) == ["remove", "suspend"]
    assert all("staff" not in row and "staff_id" not in row for row in actions)
    assert Question.objects.count() == 1

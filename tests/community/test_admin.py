"""Staff's admin actions on community posts: each one does its work and is recorded."""

import pytest

from community.models import Answer, Question, StaffAction
from faq.models import Question as FaqQuestion
from members.services import member_export
from tests.community.conftest import answer_of, signed_in, thread
from tests.factories import FaqCategoryFactory, StaffFactory

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


def promote(client, pks, category=None):
    """The action's two steps: the selection opens the category page; with `category` that
    page's form is sent as well (post=yes)."""
    data = {"action": "promote", "_selected_action": [str(pk) for pk in pks]}
    if category is not None:
        data |= {"post": "yes", "category": str(category)}
    return client.post("/admin/community/question/", data, follow=True)


def test_lock_promote_remove_and_suspend_from_the_admin(staff_client, ada, ben, faq_tags):
    question = thread(ada)
    answer = answer_of(question, ben)
    act(staff_client, "question", "lock", [question.pk])
    basics = FaqCategoryFactory(slug="basics")
    promote(staff_client, [question.pk], basics.pk)
    again = promote(staff_client, [question.pk], basics.pk)
    assert "already promoted" in again.content.decode()  # a second time: a warning only
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


def test_staff_choose_the_faq_category_of_a_promoted_thread(staff_client, ada, faq_tags):
    question = thread(ada)
    advanced = FaqCategoryFactory(slug="advanced", name="Advanced practice", position=5)
    page = promote(staff_client, [question.pk])
    assert page.status_code == 200 and b"Advanced practice" in page.content
    assert not FaqQuestion.objects.filter(status="draft").exists()  # nothing until chosen
    response = promote(staff_client, [question.pk], advanced.pk)
    entry = FaqQuestion.objects.get(status="draft")
    assert entry.category == advanced
    assert "Draft FAQ entry" in response.content.decode()
    question.refresh_from_db()
    assert question.promoted_to == entry
    assert list(StaffAction.objects.values_list("verb", "question")) == [("promote", question.pk)]


@pytest.mark.parametrize("category", ["", "999999", "basics", "1 OR 1=1"])
def test_no_draft_without_a_valid_category(staff_client, ada, faq_tags, category):
    question = thread(ada)
    response = promote(staff_client, [question.pk], category)
    assert response.status_code == 400
    assert "Choose an FAQ category." in response.content.decode()
    assert f'value="{question.pk}"' in response.content.decode()  # the selection is kept
    assert not FaqQuestion.objects.filter(status="draft").exists()
    assert not StaffAction.objects.exists()
    question.refresh_from_db()
    assert question.promoted_to is None


def test_promoting_asks_for_an_faq_category_to_exist_first(staff_client, ada):
    question = thread(ada)
    response = promote(staff_client, [question.pk])
    assert "Create an FAQ category first." in response.content.decode()
    assert not FaqQuestion.objects.exists() and not StaffAction.objects.exists()


def test_visitors_and_members_cannot_promote(client, ada, ben, faq_tags):
    question = thread(ada)
    basics = FaqCategoryFactory(slug="basics")
    for visitor in (client, signed_in(ben), signed_in(ada)):
        response = visitor.post(
            "/admin/community/question/",
            {"action": "promote", "_selected_action": [question.pk], "post": "yes"}
            | {"category": basics.pk},
        )
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert not FaqQuestion.objects.filter(status="draft").exists()
    assert not StaffAction.objects.exists()

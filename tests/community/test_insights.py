"""The dashboard's community figures."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import Question
from insights import figures
from tests.community.conftest import answer_of, thread
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_community_figures(ada, ben, faq_tags, client):
    fast = thread(ada, title="Answered fast, accepted", search_query="saying no to sales")
    fast.accepted_answer = answer_of(fast, ben)
    fast.accepted_at = timezone.now()
    fast.first_answer_at = fast.created_at + timedelta(hours=2)
    fast.save()
    slow = thread(ada, title="Answered late")
    Question.objects.filter(pk=slow.pk).update(first_answer_at=slow.created_at + timedelta(days=3))
    thread(ada, title="Nobody answered yet")
    thread(ada, title="Spam", status="removed")
    data = figures.community(figures.Period.last_days(7))
    assert (data["asked"], data["answered_48h"], data["accepted"], data["promoted"]) == (3, 1, 1, 0)
    assert data["gaps"].rows == [("saying no to sales", "Answered fast, accepted", 1)]
    staff = StaffFactory()
    client.force_login(staff)
    page = client.get("/dashboard/").content.decode()
    assert "Community questions" in page and "saying no to sales" in page
    assert client.get("/dashboard/?csv=community_gaps").status_code == 200

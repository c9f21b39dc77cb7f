"""An empty or invalid POST to any mentoring form: the form again, a clear message, a 400, and
nothing already saved is lost."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.models import Mentorship, Request
from tests.mentoring.conftest import mentor_person, mentoring_request, mentorship, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def saved(ted, mia):
    """Mia mentors Ted (a note written); Ted has asked another mentor."""
    found = mentorship(mia, ted, started_at=timezone.now() - timedelta(days=3))
    found.notes.create(author=mia, date=timezone.localdate(), summary="First talk.")
    return found, mentoring_request(ted, mentor_person("Otto Mentor"))


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        ("/mentoring/settings/", {}, "Say how many mentees you can take"),
        ("/mentoring/ask/{mentor}/", {}, "Name at least one goal."),
        ("/mentoring/requests/{request}/", {}, "Choose one of the buttons"),
        ("/mentoring/{mentorship}/", {}, "Choose one of the page"),
        ("/mentoring/{mentorship}/", {"action": "note"}, "Write what the session covered."),
        ("/mentoring/{mentorship}/", {"action": "goal"}, "Choose open, achieved or dropped"),
        ("/mentoring/{mentorship}/", {"action": "rate"}, "Choose from 1 to 5."),
    ],
)
def test_an_empty_or_invalid_post_shows_the_form_with_a_message(
    client, ted, saved, url, data, message
):
    found, sent = saved
    mentor = mentor_person("Free Mentor")
    url = url.format(mentor=mentor.profile.handle, request=sent.pk, mentorship=found.pk)
    if "ask" in url:  # Ted may ask once his request is answered
        Request.objects.filter(pk=sent.pk).update(status="withdrawn")
    if data.get("action") == "rate":  # a mentorship is rated once it is over
        Mentorship.objects.update(status="completed", ended_at=timezone.now())
    status = Mentorship.objects.get().status
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'method="post"' in html
    assert Mentorship.objects.get().status == status and Mentorship.objects.get().rating is None
    assert "First talk." in signed_in(ted).get(found.get_absolute_url()).content.decode()

"""The owner's digest figures: sends per period, visits through digest links, unsubscribes."""

import pytest
from django.utils import timezone

from digest.models import Frequency, Send, Subscription
from insights.models import ActivityEvent
from tests.digest.conftest import seed, send
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_digest_figures_on_the_dashboard(client, django_capture_on_commit_callbacks):
    ada = seed()
    with django_capture_on_commit_callbacks(execute=True):
        send()
    period = Send.objects.get().period
    # Two visits through a digest's links (one signed in), one plain visit that does not count.
    client.get("/faq/?from=digest")
    client.force_login(ada)
    client.get("/resources/?from=digest")
    client.get("/resources/")
    assert ActivityEvent.objects.filter(kind="digest_visit").count() == 2
    assert ActivityEvent.objects.filter(kind="digest_visit", user=ada).count() == 1
    Subscription.objects.filter(member=ada).update(
        frequency=Frequency.OFF, unsubscribed_at=timezone.now()
    )
    client.force_login(StaffFactory())
    response = client.get("/dashboard/?days=7")
    figures = response.context["digest"]
    assert (figures["sent"], figures["visits"], figures["unsubscribes"]) == (1, 2, 1)
    assert figures["sends"].rows == [(period, 1)]
    assert "Visits from digest links" in response.content.decode()
    assert client.get("/dashboard/?days=7&csv=digest_sends").status_code == 200

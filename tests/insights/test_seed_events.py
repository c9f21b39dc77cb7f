"""`seed_events`: the dashboard benchmark's synthetic events, in the proportions it promises."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from faq.models import SearchLog
from insights.models import ActivityEvent
from resources.models import DownloadEvent
from tests.factories import MemberFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def test_it_refuses_a_database_that_is_not_for_benchmarks():
    with pytest.raises(CommandError, match="Refusing"):
        call_command("seed_events", "--count", "10", stdout=StringIO())
    assert not DownloadEvent.objects.exists()


def test_it_needs_members_and_resources():
    with pytest.raises(CommandError, match="seed_members"):
        call_command("seed_events", "--count", "10", "--force", stdout=StringIO())


def test_half_downloads_two_fifths_searches_the_rest_activity():
    members, resource = MemberFactory.create_batch(3), ResourceFactory()
    out = StringIO()
    call_command("seed_events", "--count", "1000", "--force", "--days", "30", stdout=out)
    assert DownloadEvent.objects.filter(resource=resource).count() == 500
    assert SearchLog.objects.count() == 400
    assert ActivityEvent.objects.filter(user__in=members).count() == 100
    assert not SearchLog.objects.filter(query="pm salary").exclude(results=0).exists()
    assert "1,000/1,000" in out.getvalue()

"""seed_network: a synthetic network the app itself can use (the benchmark's data)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Exists, F, OuterRef

from members.models import User
from network import services
from network.models import Connection, Conversation, Introduction, Message, Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_members", "--count", "400", stdout=StringIO())
    out = StringIO()
    call_command("seed_network", "--connections", "1000", "--messages", "6000", stdout=out)
    return out.getvalue()


def test_connections_and_messages_as_the_app_writes_them(seeded):
    assert "100.0%" in seeded and "Added" in seeded
    assert Connection.objects.count() == 1000
    assert Message.objects.count() == 6000
    assert not Connection.objects.filter(user_low__gte=F("user_high")).exists()
    # Every connection came from an accepted request; some requests wait, some were declined.
    accepted = Introduction.objects.filter(status=Introduction.Status.ACCEPTED)
    assert accepted.count() == 1000
    assert Introduction.objects.pending().count() >= 90
    assert Introduction.objects.filter(status=Introduction.Status.DECLINED).exists()
    # A conversation has two sides, between connected members, and its own history.
    conversation = Conversation.objects.annotate(n=Count("participants")).first()
    assert conversation.n == 2
    for side in Participant.objects.all()[:50]:
        low, high = sorted([side.user_id, side.other_id])
        assert Connection.objects.filter(user_low=low, user_high=high).exists()
        assert Participant.objects.filter(
            conversation=side.conversation_id, user=side.other_id, other=side.user_id
        ).exists()
    theirs = Participant.objects.filter(
        conversation=OuterRef("conversation"), user=OuterRef("author")
    )
    assert not Message.objects.exclude(Exists(theirs)).exists()
    # A few conversations are far deeper than the rest; ids grow with time in each.
    sizes = sorted(
        Message.objects.values("conversation").annotate(n=Count("id")).values_list("n", flat=True)
    )
    assert sizes[-1] >= 5 * sizes[len(sizes) // 2]
    deepest = Message.objects.values("conversation").annotate(n=Count("id")).order_by("-n")[0]
    times = list(
        Message.objects.filter(conversation=deepest["conversation"])
        .order_by("id")
        .values_list("created_at", flat=True)
    )
    assert times == sorted(times)


def test_the_seeded_network_works_through_the_services(seeded):
    intro = Introduction.objects.pending().first()
    services.introduction_accept(introduction=intro, user=intro.recipient)
    side = Participant.objects.select_related("user", "other").first()
    message = services.message_send(sender=side.user, recipient=side.other, text="Hello again")
    assert message.conversation_id == side.conversation_id


def network_indexes() -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename LIKE %s", ["network_%"])
        return {row[0] for row in cursor.fetchall()}


def test_the_indexes_dropped_for_the_load_are_back():
    before = network_indexes()
    call_command("seed_members", "--count", "50", stdout=StringIO())
    call_command("seed_network", "--connections", "100", "--messages", "500", stdout=StringIO())
    assert network_indexes() == before
    assert {"network_message_history", "network_one_pending_request_per_pair"} <= before


def test_a_second_seed_adds_nothing(seeded):
    out = StringIO()
    call_command("seed_network", "--connections", "1000", "--messages", "6000", stdout=out)
    assert "Added 0 rows" in out.getvalue()
    assert Connection.objects.count() == 1000
    assert User.objects.count() >= 400

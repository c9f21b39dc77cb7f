"""Ask to connect, accept, decline, withdraw, expiry; the limits; what each side sees."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from network import services
from network.models import Connection, Introduction
from network.tasks import expire_introductions
from notifications.kinds import Delivery
from notifications.models import Notification
from notifications.services import preference_set
from tests.network.conftest import REASON, ask, introduction, person

pytestmark = pytest.mark.django_db


def test_ask_accept_connects_and_tells_each_side(client, ada, grace, outbox):
    page = client.get(f"/network/members/{grace.profile.handle}/ask/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ask Grace Hopper to connect" in html
    assert '<option value="pricing">pricing</option>' in html  # the one skill both list
    assert "roadmaps" not in html.split("Topic")[1]

    response = ask(client, grace, topic="pricing")
    intro = Introduction.objects.get()
    assert response.status_code == 302 and response["Location"] == intro.get_absolute_url()
    assert (intro.sender, intro.recipient, intro.topic) == (ada, grace, "pricing")
    note = Notification.objects.get(recipient=grace)
    assert note.kind == "connection_request" and note.url == intro.get_absolute_url()
    assert note.text == "Ada Lovelace asked to connect with you"
    assert [m.to for m in outbox] == [[grace.email]]
    assert REASON in outbox[0].body and ada.email not in outbox[0].body

    other = Client()
    other.force_login(grace)
    page = other.get(intro.get_absolute_url()).content.decode()
    assert "Ada Lovelace would like to connect" in page and REASON in page
    assert "Ada Lovelace, product manager" in page and ada.email not in page
    answered = other.post(f"/network/introductions/{intro.pk}/answer/", {"answer": "accept"})
    assert answered["Location"] == intro.get_absolute_url()
    outcome = other.get(answered["Location"]).content.decode()
    assert "You are connected with Ada Lovelace" in outcome
    assert f'href="/network/conversations/with/{ada.profile.handle}/"' in outcome
    intro.refresh_from_db()
    assert intro.status == "accepted" and intro.decided_at
    assert Connection.objects.count() == 1
    told = Notification.objects.get(recipient=ada)
    assert told.kind == "connection_accepted" and "Grace Hopper accepted" in told.text

    mine = client.get("/network/").content.decode()
    assert "Grace Hopper" in mine.split("Connections")[1]
    assert "Connected" not in mine and grace.email not in mine


def test_a_decline_is_silent_and_the_request_looks_pending_until_it_expires(client, ada, grace):
    intro = introduction(ada, grace)
    other = Client()
    other.force_login(grace)
    answered = other.post(f"/network/introductions/{intro.pk}/answer/", {"answer": "decline"})
    assert "Ada Lovelace is not told" in other.get(answered["Location"]).content.decode()
    intro.refresh_from_db()
    assert intro.status == "declined"
    assert not Notification.objects.filter(recipient=ada).exists()
    page = client.get(intro.get_absolute_url()).content.decode()
    assert '<span class="badge">Pending</span>' in page and "eclined" not in page
    assert "Grace Hopper" in client.get("/network/").content.decode().split("Requests you sent")[1]
    # The recipient sees it declined, and may not answer again.
    assert "Declined" in other.get(intro.get_absolute_url()).content.decode()
    again = other.post(f"/network/introductions/{intro.pk}/answer/", {"answer": "accept"})
    assert again.status_code == 302 and not Connection.objects.exists()
    # Fourteen days on it reads "expired", like one nobody answered.
    Introduction.objects.filter(pk=intro.pk).update(created_at=timezone.now() - timedelta(days=15))
    assert (
        '<span class="badge">Expired</span>'
        in client.get(intro.get_absolute_url()).content.decode()
    )


def test_requests_expire_after_fourteen_days(client, ada, grace):
    old = introduction(ada, grace, days_ago=15)
    fresh = introduction(grace, person("Third"), days_ago=13)
    other = Client()
    other.force_login(grace)
    assert "Ada Lovelace" not in other.get("/network/").content.decode()  # by date already
    assert expire_introductions.call() == 1
    old.refresh_from_db(), fresh.refresh_from_db()
    assert (old.status, fresh.status) == ("expired", "pending")
    # The pair may start again: a new request is a new row.
    assert ask(client, grace).status_code == 302
    assert Introduction.objects.filter(sender=ada, status="pending").count() == 1


def test_the_expiry_task_is_scheduled():
    from crontask import scheduler

    jobs = {job.name: str(job.trigger) for job in scheduler.get_jobs()}
    assert "minute='35'" in jobs["expire_introductions"]


def test_asking_twice_keeps_one_request_and_a_reverse_request_points_to_theirs(client, ada, grace):
    ask(client, grace)
    again = client.get(f"/network/members/{grace.profile.handle}/ask/").content.decode()
    assert "your request is pending" in again
    assert ask(client, grace).status_code == 302
    assert Introduction.objects.count() == 1
    other = Client()
    other.force_login(grace)
    theirs = other.get(f"/network/members/{ada.profile.handle}/ask/").content.decode()
    assert "has already asked you" in theirs and "Answer their request" in theirs
    assert ask(other, ada).status_code == 400 and Introduction.objects.count() == 1


def test_withdrawing_frees_the_slot(client, ada, grace):
    intro = introduction(ada, grace)
    answered = client.post(f"/network/introductions/{intro.pk}/answer/", {"answer": "withdraw"})
    assert "You withdrew this request" in client.get(answered["Location"]).content.decode()
    intro.refresh_from_db()
    assert intro.status == "withdrawn"
    other = Client()
    other.force_login(grace)
    assert other.get(intro.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Say in a sentence or two"),
        ("Too short.", "at least 20 characters"),
        ("x" * 501, "under 500 characters"),
        ("   " + "y" * 10 + "        ", "at least 20 characters"),  # spaces do not count
    ],
)
def test_the_reason_is_required_between_20_and_500_characters(client, ada, grace, reason, message):
    response = ask(client, grace, reason)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Introduction.objects.exists()


def test_a_topic_must_be_a_shared_skill(client, ada, grace):
    response = ask(client, grace, topic="roadmaps")  # Ada's only
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert ask(client, grace, topic="").status_code == 302


def test_no_request_from_an_account_younger_than_a_day(client, grace):
    young = person("New Comer", days_old=0)
    client.force_login(young)
    response = ask(client, grace)
    assert response.status_code == 400 and "second day" in response.content.decode()
    assert not Introduction.objects.exists()


def test_no_request_from_an_empty_profile(client, grace):
    empty = person("Blank Slate", headline="")
    client.force_login(empty)
    page = client.get(f"/network/members/{grace.profile.handle}/ask/").content.decode()
    assert "Add your name and a headline" in page
    assert ask(client, grace).status_code == 400 and not Introduction.objects.exists()


def test_at_most_ten_pending_requests(client, ada):
    for number in range(10):
        introduction(ada, person(f"Pending {number}"))
    Introduction.objects.filter(sender=ada).update(created_at=timezone.now() - timedelta(days=2))
    # A silent decline still counts: the sender sees it pending.
    first = Introduction.objects.filter(sender=ada).first()
    Introduction.objects.filter(pk=first.pk).update(status="declined")
    response = ask(client, person("Eleventh"))
    assert response.status_code == 400 and "10 requests waiting" in response.content.decode()
    Introduction.objects.filter(sender=ada, status="pending").first().delete()
    assert ask(client, person("Now fine")).status_code == 302


def test_at_most_twenty_new_requests_a_day(client, ada):
    for number in range(20):
        intro = introduction(ada, person(f"Today {number}"), days_ago=0)
        if number >= 5:  # answered, so the pending limit is not what stops the 21st
            Introduction.objects.filter(pk=intro.pk).update(status="accepted")
    Introduction.objects.filter(sender=ada, status="pending").update(status="withdrawn")
    response = ask(client, person("Twenty-first"))
    assert response.status_code == 400 and "20 requests a day" in response.content.decode()
    Introduction.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert ask(client, person("Tomorrow")).status_code == 302


def test_no_repeat_for_thirty_days_after_a_decline(client, ada, grace):
    intro = introduction(ada, grace, days_ago=20, status="declined")
    Introduction.objects.filter(pk=intro.pk).update(decided_at=timezone.now() - timedelta(days=29))
    response = ask(client, grace)
    assert response.status_code == 400 and "asked this member recently" in response.content.decode()
    Introduction.objects.filter(pk=intro.pk).update(decided_at=timezone.now() - timedelta(days=31))
    assert ask(client, grace).status_code == 302


def test_not_to_yourself_hidden_or_suspended_members(client, ada, grace):
    assert client.get(f"/network/members/{ada.profile.handle}/ask/").status_code == 404
    hidden = person("Hidden Hal", listed=False)
    assert ask(client, hidden).status_code == 404
    services.member_suspend(user=grace)
    assert ask(client, grace).status_code == 404
    assert not Introduction.objects.exists()


def test_a_suspended_member_cannot_send_and_their_requests_end(client, ada, grace):
    waiting = introduction(ada, person("Someone"))
    services.member_suspend(user=ada)
    waiting.refresh_from_db()
    assert waiting.status == "cancelled"
    response = ask(client, grace)
    assert response.status_code == 400 and "suspended" in response.content.decode()
    assert client.get("/members/").content.decode().count("Ada Lovelace") == 0
    services.member_suspend(user=ada, suspended=False)
    assert ask(client, grace).status_code == 302


def test_an_unknown_answer_is_a_400(client, ada, grace):
    intro = introduction(grace, ada)
    response = client.post(f"/network/introductions/{intro.pk}/answer/", {"answer": "maybe"})
    assert response.status_code == 400
    # The sender cannot accept their own request.
    other = Client()
    other.force_login(grace)
    other.post(f"/network/introductions/{intro.pk}/answer/", {"answer": "accept"})
    assert not Connection.objects.exists()


@pytest.mark.parametrize("delivery", ["off", "site", "email"])
def test_accepting_follows_the_senders_choice_read_with_the_request(
    client, ada, grace, outbox, delivery
):
    """The answer view reads how the sender hears of an acceptance in the same query as the
    request (`delivery_column`): every choice still holds."""
    preference_set(user=ada, kind="connection_accepted", delivery=Delivery(delivery))
    intro = introduction(ada, grace)
    other = Client()
    other.force_login(grace)
    other.post(f"/network/introductions/{intro.pk}/answer/", {"answer": "accept"})
    told = Notification.objects.filter(recipient=ada, kind="connection_accepted")
    assert told.count() == (0 if delivery == "off" else 1)
    assert [m.to for m in outbox] == ([[ada.email]] if delivery == "email" else [])

"""What a digest holds, and that it is sent once, only to those who asked, only with news."""

from datetime import timedelta

import pytest
from django.test import Client

from digest.models import Frequency, Send, Subscription
from tests.digest.conftest import last_week, member, seed, send

pytestmark = pytest.mark.django_db


def sent_digest(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queued = send()
    assert queued == len(mailoutbox) == 1
    message = mailoutbox[0]
    return message, message.body, message.alternatives[0][0]


def test_the_digest_holds_the_members_news_and_nobody_who_did_not_agree(
    mailoutbox, django_capture_on_commit_callbacks
):
    ada = seed()
    message, text, html = sent_digest(mailoutbox, django_capture_on_commit_callbacks)
    assert message.to == [ada.email]
    for part in (text, html):
        assert "How do I set prices?" in part  # a new answer in her skill
        assert "Pricing workbook" in part  # a new resource for her
        assert "Linus Old asked to connect" in part and "asked you for mentoring" in part
        assert "Grace Hopper" in part  # joined last week and agreed to be suggested
        assert "Hedy Lamarr" not in part and "Joan Clarke" not in part  # never agreed
        assert "Which chips to buy?" not in part and "Chip catalogue" not in part
        assert "An old pricing answer?" not in part  # before the period
        # No address of another member, anywhere in the mail.
        assert "@example.org" not in part.replace(ada.email, "")
    assert "from=digest" in text and text.count("http") == text.count("from=digest") + 1
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Stop the digest" in html


def test_a_member_is_not_suggested_to_someone_they_blocked_or_to_themselves(
    mailoutbox, django_capture_on_commit_callbacks
):
    from network.models import Block

    ada = seed()
    grace = Subscription.objects.get(suggest_me=True).member
    Block.objects.create(blocker=grace, blocked=ada)
    _, text, _ = sent_digest(mailoutbox, django_capture_on_commit_callbacks)
    assert "Grace Hopper" not in text


def test_nothing_new_sends_nothing_and_a_second_run_sends_nothing_again(
    mailoutbox, django_capture_on_commit_callbacks
):
    member("Quiet Member", skills=("nothing-new",), frequency=Frequency.WEEKLY)
    seed()
    with django_capture_on_commit_callbacks(execute=True):
        assert send() == 1
        assert send() == 0
    assert len(mailoutbox) == 1
    assert Send.objects.count() == 2  # Quiet's row says 0 items: built, nothing to send
    assert Send.objects.filter(items=0).count() == 1


def test_an_unconfirmed_address_gets_no_digest(mailoutbox, django_capture_on_commit_callbacks):
    from allauth.account.models import EmailAddress

    ada = seed()
    EmailAddress.objects.filter(user=ada).update(verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert send() == 0
    assert mailoutbox == [] and not Send.objects.exists()


def test_off_by_default_and_monthly_members_wait_for_the_monthly_run(
    mailoutbox, django_capture_on_commit_callbacks
):
    ada = seed()
    Subscription.objects.filter(member=ada).update(frequency=Frequency.MONTHLY)
    with django_capture_on_commit_callbacks(execute=True):
        assert send() == 0
    assert mailoutbox == []


def test_one_click_unsubscribe_stops_the_digest(mailoutbox, django_capture_on_commit_callbacks):
    ada = seed()
    message, _, _ = sent_digest(mailoutbox, django_capture_on_commit_callbacks)
    path = message.extra_headers["List-Unsubscribe"][1:-1].removeprefix("http://127.0.0.1:8000")
    client = Client(enforce_csrf_checks=True)
    assert "Stop the digest?" in client.get(path).content.decode()
    assert Subscription.objects.get(member=ada).frequency == Frequency.WEEKLY
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "Digest stopped" in response.content.decode()
    subscription = Subscription.objects.get(member=ada)
    assert subscription.frequency == Frequency.OFF and subscription.unsubscribed_at
    assert client.post(path.replace("/unsubscribe/", "/unsubscribe/x")).status_code == 400


def test_the_weekly_task_enqueues_one_batch_task_per_500_subscribers(
    mailoutbox, django_capture_on_commit_callbacks
):
    from digest.tasks import weekly_digests

    seed()
    with django_capture_on_commit_callbacks(execute=True):
        result = weekly_digests.enqueue()  # the tests' backend runs tasks at once
    assert result.return_value == 1
    assert len(mailoutbox) == 1 and Send.objects.filter(items__gt=0).count() == 1


def test_a_batch_costs_the_same_few_queries_however_many_members_it_holds(
    django_assert_num_queries,
):
    seed()
    for number in range(12):
        member(f"Extra{number} Member", frequency=Frequency.WEEKLY)
    # Claim (insert, read back), members, one to four per section (events and community
    # questions two each), the mails, the deliveries' task, one update per distinct item count,
    # the periods: never one per member.
    with django_assert_num_queries(22):
        assert send() == 13


def test_events_and_community_questions_add_their_sections(
    mailoutbox, django_capture_on_commit_callbacks
):
    """Apps the digest does not import add sections (`<app>/digest.py`): events starting before
    the next digest, not cancelled; community questions of the period in the member's skills."""
    from django.utils import timezone

    from community.models import Question as CommunityQuestion
    from tests.factories import EventFactory

    ada = seed()
    soon = timezone.now() + timedelta(days=2)  # before next week's digest
    EventFactory(title="Pricing meet-up", slug="pricing-meetup", starts_at=soon,
                 ends_at=soon + timedelta(hours=2))  # fmt: skip
    EventFactory(title="Far away", slug="far-away", starts_at=timezone.now() + timedelta(days=60),
                 ends_at=timezone.now() + timedelta(days=60, hours=2))  # fmt: skip
    EventFactory(title="Called off", slug="called-off", cancelled_at=timezone.now())
    _, since, _ = last_week()
    for title, tag in [("How do you price a plugin?", "pricing"), ("Best chips?", "hardware")]:
        asked = CommunityQuestion.objects.create(author=member(title[:8] + " Asker"), title=title)
        asked.tags.add(tag)
        CommunityQuestion.objects.filter(pk=asked.pk).update(created_at=since + timedelta(hours=2))
    _, text, html = sent_digest(mailoutbox, django_capture_on_commit_callbacks)
    for part in (text, html):
        assert "Pricing meet-up" in part and "Upcoming events" in part
        assert "Far away" not in part and "Called off" not in part
        assert "How do you price a plugin?" in part and "Best chips?" not in part
    assert ada.email in mailoutbox[0].to

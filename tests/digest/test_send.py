"""What a digest holds, and that it is sent once, only to those who asked, only with news."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

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


def test_a_waiting_request_is_listed_once_then_only_counted_until_answered(
    mailoutbox, django_capture_on_commit_callbacks
):
    """Each digest lists the requests that arrived in its own period; the older ones still
    waiting are one line that links to where they can be answered, and never a digest alone."""
    from digest import services
    from mentoring.models import Request
    from network.models import Introduction

    ada = member("Ada Lovelace", frequency=Frequency.WEEKLY)
    linus, grace, hedy = (member(name) for name in ("Linus Old", "Grace Hopper", "Hedy Lamarr"))
    now = timezone.now()
    for sender, age in ((linus, 9), (grace, 8), (hedy, 2)):
        Introduction.objects.create(
            sender=sender, recipient=ada, reason="Hello", created_at=now - timedelta(days=age)
        )
    Request.objects.create(mentee=linus, mentor=ada, goals=["Price a product"], message="Hi",
                           created_at=now - timedelta(days=7))  # fmt: skip
    Introduction.objects.create(  # answered: in no digest after that
        sender=member("Joan Clarke"), recipient=ada, reason="Hi",
        created_at=now - timedelta(days=3), status=Introduction.Status.ACCEPTED,
    )  # fmt: skip

    def digest(period, since, until):
        with django_capture_on_commit_callbacks(execute=True):
            queued = services.digest_send_batch(
                frequency=Frequency.WEEKLY, period=period, since=since, until=until,
                first_id=ada.pk, last_id=ada.pk,
            )  # fmt: skip
        return mailoutbox[-1].body if queued else None

    first = digest("first", now - timedelta(days=10), now - timedelta(days=5))
    assert "Linus Old asked to connect" in first and "Grace Hopper asked to connect" in first
    assert "Linus Old asked you for mentoring" in first
    assert "Hedy Lamarr" not in first  # after that period: the next digest's news
    assert "earlier" not in first

    second = digest("second", now - timedelta(days=5), now - timedelta(minutes=1))
    assert "Hedy Lamarr asked to connect" in second
    assert "Linus Old" not in second and "Grace Hopper" not in second and "Joan" not in second
    site = "http://127.0.0.1:8000"
    assert f"- and 2 earlier requests still waiting\n  {site}/network/?from=digest" in second
    assert f"- 1 earlier request still waiting\n  {site}/mentoring/?from=digest" in second
    html = mailoutbox[-1].alternatives[0][0]
    assert "and 2 earlier requests still waiting" in html

    # Nothing new since: the four still waiting are no reason for a mail.
    assert digest("third", now - timedelta(minutes=1), now) is None
    assert Send.objects.get(period="third").items == 0
    assert Send.objects.get(period="second").items == 1  # the count lines are not news


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

"""Conversations between connections: writing, history pages, unread counts, batched email,
who may read and write, blocks, reports, deletion and export, and the pages' queries."""

import json
from datetime import timedelta

import pytest
from django.contrib import admin
from django.test import Client
from django.utils import timezone

from members.services import member_delete
from network import services
from network.models import Block, Message, Participant, Report
from notifications.models import Notification, NotificationPreference
from tests.factories import MemberFactory, add_totp
from tests.network.conftest import connect, person
from tests.quality import assert_valid_html
from tests.security.xss import PAYLOADS, executable_constructs

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(user) -> str:
    return f"/network/conversations/with/{user.profile.handle}/"


def write(client, to, text: str = "Hello, shall we compare pricing pages?"):
    return client.post(url(to), {"text": text})


def many(sender, recipient, author, count: int, prefix: str) -> None:
    """A first message from `sender`, then `count` more from `author`, stored at once."""
    services.message_send(sender=sender, recipient=recipient, text="first")
    conversation = Participant.objects.get(user=sender).conversation_id
    Message.objects.bulk_create(
        Message(conversation_id=conversation, author=author, text=f"{prefix}{n}")
        for n in range(count)
    )


@pytest.fixture
def pair(ada, grace):
    connect(ada, grace)
    return ada, grace


def test_two_connections_write_to_each_other(client, pair, outbox):
    ada, grace = pair
    assert client.get(url(grace)).status_code == 200  # nothing stored before a first message
    assert not Participant.objects.exists()
    sent = write(client, grace)
    message = Message.objects.get()
    assert sent.status_code == 302 and sent["Location"] == f"{url(grace)}#message-{message.pk}"
    assert (message.author, message.withheld) == (ada, False)

    other = signed_in(grace)
    listing = other.get("/network/conversations/").content.decode()
    assert "Ada Lovelace" in listing and "1 unread" in listing
    assert 'aria-label="Messages, 1 unread"' in listing
    page = other.get(url(ada)).content.decode()
    assert "Hello, shall we compare pricing pages?" in page
    assert 'aria-label="Messages, 0 unread"' in page  # read: the page shows it
    assert Participant.objects.get(user=grace).unread == 0
    assert write(other, ada, "Gladly. Tuesday?").status_code == 302
    html = client.get(url(grace)).content.decode()
    assert html.index("compare pricing") < html.index("Gladly. Tuesday?")  # newest at the bottom
    assert ada.email not in page and grace.email not in html
    # The mentor's page links here by name.
    from django.urls import reverse

    assert reverse("network:conversation_with", kwargs={"handle": ada.profile.handle}) == url(ada)


def test_history_comes_in_keyset_pages_newest_at_the_bottom(client, pair):
    ada, grace = pair
    many(ada, grace, grace, 64, "note ")
    html = client.get(url(grace)).content.decode()
    assert "note 63" in html and "note 34" in html and "note 33" not in html
    assert html.index("note 34") < html.index("note 63")
    older = Message.objects.get(text="note 34").pk
    assert f'href="?before={older}"' in html
    html = client.get(f"{url(grace)}?before={older}").content.decode()
    assert "note 33" in html and "note 4" in html and "note 3<" not in html
    last = client.get(f"{url(grace)}?before={Message.objects.get(text='note 4').pk}")
    assert "first" in last.content.decode() and "Older messages" not in last.content.decode()
    assert client.get(f"{url(grace)}?before=nonsense").status_code == 400


def test_links_are_clickable_and_html_stays_text(client, pair):
    grace = pair[1]
    write(client, grace, "See https://example.org/pricing?a=1&b=2 and <b>this</b>.")
    html = client.get(url(grace)).content.decode()
    assert (
        '<a href="https://example.org/pricing?a=1&amp;b=2" rel="nofollow noopener">'
        "https://example.org/pricing?a=1&amp;b=2</a>" in html
    )
    assert "&lt;b&gt;this&lt;/b&gt;" in html and "<b>this</b>" not in html


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Write something first."),
        ("   \n  ", "Write something first."),
        ("x" * 5001, "Keep it under 5,000 characters (this one has 5001)."),
    ],
)
def test_an_empty_or_too_long_message_is_refused_clearly(client, pair, text, error):
    response = write(client, pair[1], text)
    assert response.status_code == 400 and error in response.content.decode()
    assert not Message.objects.exists()


def test_five_thousand_characters_fit(client, pair):
    assert write(client, pair[1], "x" * 5000).status_code == 302


def test_a_double_submit_makes_one_message(client, pair):
    first, second = write(client, pair[1]), write(client, pair[1])
    assert first["Location"] == second["Location"] and Message.objects.count() == 1
    Message.objects.update(created_at=timezone.now() - timedelta(seconds=10))
    write(client, pair[1])
    assert Message.objects.count() == 2  # the same words later are a new message


def test_sending_is_rate_limited(client, pair):
    ada, grace = pair
    many(ada, grace, ada, 59, "n")
    response = write(client, grace, "one too many")
    assert response.status_code == 429
    assert "You have sent 60 messages in the last 10 minutes" in response.content.decode()
    Message.objects.update(created_at=timezone.now() - timedelta(minutes=11))
    assert write(client, grace, "one too many").status_code == 302


def test_email_notices_are_batched_an_hour_per_conversation(
    client, pair, outbox, django_capture_on_commit_callbacks
):
    ada, grace = pair
    for n in range(5):
        assert write(client, grace, f"Message number {n}").status_code == 302
    assert [m.to for m in outbox] == [[grace.email]]
    assert "Ada Lovelace wrote to you" in outbox[0].subject
    assert "Message number 0" in outbox[0].body and ada.email not in outbox[0].body
    assert Notification.objects.filter(recipient=grace, kind="message").count() == 1
    assert Participant.objects.get(user=grace).unread == 5
    Participant.objects.update(emailed_at=timezone.now() - timedelta(minutes=61))
    write(client, grace, "An hour later")
    assert len(outbox) == 2
    # Another conversation has its own hour; the preference is respected.
    linus = person("Linus Pauling")
    connect(linus, grace)
    NotificationPreference.objects.create(user=grace, kind="message", delivery="site")
    with django_capture_on_commit_callbacks(execute=True):  # the worker tells, after commit
        services.message_send(sender=linus, recipient=grace, text="Hi from Linus")
    assert len(outbox) == 2
    assert Notification.objects.filter(recipient=grace, kind="message").count() == 3


def test_only_the_two_members_reach_a_conversation(pair):
    ada, grace = pair
    services.message_send(sender=ada, recipient=grace, text="Between us two")
    message = Message.objects.get()
    third_user = person("Third Party")
    connect(third_user, ada)  # connected with one of them, not in their conversation
    staff = MemberFactory(email="root@example.org", is_staff=True, is_superuser=True)
    add_totp(staff)
    conversation = f"/network/conversations/{message.conversation_id}/"
    report = f"/network/messages/{message.pk}/report/"
    for user in (third_user, staff):
        other = signed_in(user)
        for page in [conversation, report, url(grace), f"{conversation}?before=99"]:
            assert other.get(page).status_code == 404, (user, page)
        assert other.post(report, {"reason": "Looks like spam to me"}).status_code == 404
        assert other.post(url(grace), {"text": "let me in"}).status_code == 404
        assert "Between us two" not in other.get("/network/conversations/").content.decode()
    assert Message.objects.count() == 1 and not Report.objects.exists()
    assert not admin.site.is_registered(Message)
    assert signed_in(ada).get(conversation)["Location"] == url(grace)
    assert Message.objects.visible_to(third_user).count() == 0


def test_a_member_who_is_not_a_connection_gets_404(client, ada, grace):
    assert client.get(url(grace)).status_code == 404
    assert write(client, grace).status_code == 404
    assert client.get("/network/conversations/with/nobody-here/").status_code == 404


def test_a_block_refuses_messages_silently_both_ways(client, pair, outbox):
    ada, grace = pair
    write(client, grace, "Before the block")
    outbox.clear()
    Notification.objects.all().delete()
    other = signed_in(grace)
    other.get(url(ada))
    services.member_block(blocker=grace, blocked=ada)
    # Ada sees the same success and her message in her own history.
    sent = write(client, grace, "After the block")
    assert sent.status_code == 302
    assert "After the block" in client.get(url(grace)).content.decode()
    withheld = Message.objects.get(text="After the block")
    assert withheld.withheld
    # Grace never sees it nor hears of it.
    assert "After the block" not in other.get(url(ada)).content.decode()
    assert Participant.objects.get(user=grace).unread == 0 and not outbox
    assert not Notification.objects.filter(recipient=grace, kind="message").exists()
    # Grace, who blocked, cannot write: the connection ended.
    assert write(other, ada, "From the blocker").status_code == 400
    # Were they connected again (a mentorship), both ways stay withheld.
    connect(ada, grace)
    write(other, ada, "From the blocker")
    assert Message.objects.get(text="From the blocker").withheld
    assert "From the blocker" not in client.get(url(grace)).content.decode()


def test_a_first_message_across_a_block_leaves_no_trace_for_the_other(client, pair):
    ada, grace = pair
    Block.objects.create(blocker=grace, blocked=ada)  # connected still (a mentorship)
    assert write(client, grace).status_code == 302
    html = signed_in(grace).get("/network/conversations/").content.decode()
    assert "Ada Lovelace" not in html and "No conversations yet" in html


def test_a_removed_connection_leaves_the_history_read_only(client, pair):
    ada, grace = pair
    write(client, grace, "While connected")
    services.connection_remove(user=grace, other=ada)
    for viewer in (client, signed_in(grace)):
        html = viewer.get(url(grace if viewer is client else ada)).content.decode()
        assert "While connected" in html and 'name="text"' not in html
        assert "you can read this conversation, not write in it" in html
    response = write(client, grace, "After")
    assert response.status_code == 400 and services.READ_ONLY in response.content.decode()
    assert Message.objects.count() == 1


def test_a_suspended_member_cannot_send(client, pair):
    ada, grace = pair
    services.member_suspend(user=ada)
    response = write(client, grace)
    assert response.status_code == 400
    assert "Your account is suspended: you cannot send messages." in response.content.decode()
    assert not Message.objects.exists()


def test_reporting_a_message_sends_staff_a_copy(client, pair):
    ada, grace = pair
    services.message_send(sender=grace, recipient=ada, text="Buy my course now")
    message = Message.objects.get()
    report = f"/network/messages/{message.pk}/report/"
    page = client.get(report).content.decode()
    assert "Report a message from Grace Hopper" in page and "Buy my course now" in page
    assert client.post(report, {"reason": "bad"}).status_code == 400
    done = client.post(report, {"reason": "Spam, and pushy about it."})
    assert done["Location"] == f"/network/conversations/{message.conversation_id}/"
    saved = Report.objects.get()
    assert (saved.kind, saved.message, saved.member, saved.reporter) == (
        "message",
        message,
        grace,
        ada,
    )
    Message.objects.update(text="Edited")
    saved.refresh_from_db()
    assert saved.snapshot["message"]["text"] == "Buy my course now"
    assert signed_in(grace).get(report).status_code == 404  # not one's own
    staff = MemberFactory(email="root@example.org", is_staff=True, is_superuser=True)
    add_totp(staff)
    assert "Message" in signed_in(staff).get("/admin/network/report/").content.decode()


def test_a_former_members_messages_stay_for_the_other_side_and_export(client, pair):
    ada, grace = pair
    services.message_send(sender=grace, recipient=ada, text="From Grace")
    services.message_send(sender=ada, recipient=grace, text="From Ada")
    data = json.loads(client.get("/members/me/export/").content)["activity"]
    assert data["network.participant"][0]["with"] == "Grace Hopper"
    texts = {(row["from"], row["text"]) for row in data["network.message"]}
    assert texts == {("you", "From Ada"), ("the other member", "From Grace")}
    assert grace.email not in json.dumps(data)
    conversation = Participant.objects.get(user=ada).conversation_id
    member_delete(user=grace)
    listing = client.get("/network/conversations/").content.decode()
    assert "A former member" in listing
    assert f'href="/network/conversations/{conversation}/"' in listing
    html = client.get(f"/network/conversations/{conversation}/").content.decode()
    assert "From Grace" in html and "A former member" in html and 'name="text"' not in html
    assert client.post(f"/network/conversations/{conversation}/", {"text": "Hi"}).status_code == 400
    rows = json.loads(client.get("/members/me/export/").content)["activity"]["network.message"]
    assert {row["from"] for row in rows} == {"you", "a former member"}


def test_payloads_in_messages_render_inert(client, pair):
    ada, grace = pair
    other = signed_in(grace)
    services.message_send(sender=grace, recipient=ada, text=PAYLOADS[0])
    conversation = Participant.objects.get(user=ada).conversation_id
    Message.objects.bulk_create(
        Message(conversation_id=conversation, author=author, text=text)
        for payload in PAYLOADS
        for author, text in [(grace, payload), (ada, f"{payload} https://x.org/?q={payload}")]
    )
    for viewer, them in ((client, grace), (other, ada)):
        assert not executable_constructs(viewer.get("/network/conversations/").content.decode())
        before, seen = "", 0
        while before is not None:  # every page of the history
            page = viewer.get(f"{url(them)}?before={before}")
            assert not executable_constructs(page.content.decode()), before
            seen, before = seen + len(page.context["history"]), page.context["older"]
        assert seen == 2 * len(PAYLOADS) + 1
    message = Message.objects.filter(author=grace).first()
    assert not executable_constructs(
        client.get(f"/network/messages/{message.pk}/report/").content.decode()
    )


def test_conversation_pages_are_valid_html(client, pair):
    ada, grace = pair
    services.message_send(sender=grace, recipient=ada, text="Hello https://example.org/ a")
    message = Message.objects.get()
    linus = person("Linus Pauling")
    connect(ada, linus)
    pages = {
        "conversation": client.get(url(grace)).content.decode(),
        "empty conversation": client.get(url(linus)).content.decode(),
        "errors": write(client, grace, "").content.decode(),
        "list": client.get("/network/conversations/").content.decode(),
        "report message": client.get(f"/network/messages/{message.pk}/report/").content.decode(),
    }
    services.connection_remove(user=ada, other=grace)
    pages["read only"] = client.get(url(grace)).content.decode()
    assert_valid_html(pages)


def test_conversation_page_queries_are_pinned(client, pair, django_assert_num_queries):
    """Session, the member, my side with the other's profile, connected-or-blocked, the page
    of messages, marking it read, and the header's counts: the same with 3 messages as 30."""
    ada, grace = pair
    for n in range(3):
        services.message_send(sender=grace, recipient=ada, text=f"note {n}")
    with django_assert_num_queries(6, exact=True):
        assert client.get(url(grace)).status_code == 200
    for n in range(30):
        services.message_send(sender=grace, recipient=ada, text=f"more {n}")
    with django_assert_num_queries(6, exact=True):
        assert client.get(url(grace)).status_code == 200
    with django_assert_num_queries(5, exact=True):  # nothing unread: no UPDATE
        assert client.get(url(grace)).status_code == 200


def test_conversation_list_queries_are_pinned(client, ada, django_assert_num_queries):
    """Session, the member, the header's counts, the list's count and its page."""
    for n in range(3):
        other = person(f"Member {n}")
        connect(ada, other)
        services.message_send(sender=other, recipient=ada, text="hello")
    with django_assert_num_queries(4, exact=True):
        assert client.get("/network/conversations/").status_code == 200
    for n in range(20):
        other = person(f"More {n}")
        connect(ada, other)
        services.message_send(sender=other, recipient=ada, text="hello")
    with django_assert_num_queries(4, exact=True):
        page = client.get("/network/conversations/?page=2")
    assert "Page 2 of 2" in page.content.decode()
    # Newest activity first.
    assert page.context["page"].paginator.object_list[0].other.profile.display_name == "More 19"


def test_a_message_notice_is_claimed_once_whoever_runs_it(pair, outbox):
    """The worker decides the notice after the send commits: running its task again (a retry)
    or for the next message within the hour tells nobody twice."""
    ada, grace = pair
    first = services.message_send(sender=ada, recipient=grace, text="First")
    second = services.message_send(sender=ada, recipient=grace, text="Second")
    for message in (first, first, second):
        services.message_notice_send(message_id=message.pk)
    assert Notification.objects.filter(recipient=grace, kind="message").count() == 1
    assert not Notification.objects.filter(recipient=ada).exists()

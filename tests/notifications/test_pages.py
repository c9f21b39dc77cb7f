"""The bell, /notifications/, opening and marking read, and the per-kind settings."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from notifications import kinds
from notifications.models import Notification, NotificationPreference
from notifications.services import notify
from notifications.views import PAGE_SIZE
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def tell(member, text="Ada asked to connect", url="/members/", **kwargs):
    return notify(recipient=member, kind="test_quiet", text=text, url=url, **kwargs)


def csrf_client(member) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    page = client.get("/notifications/").content.decode()
    return client, re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_the_bell_counts_unread_for_members_and_is_absent_for_visitors(client):
    member = MemberFactory()
    for _ in range(3):
        tell(member)
    tell(MemberFactory())  # someone else's
    assert 'class="bell"' not in client.get("/").content.decode()
    client.force_login(member)
    html = client.get("/").content.decode()
    assert 'aria-label="Notifications, 3 unread"' in html
    assert '<span class="bell__count">3</span>' in html
    Notification.objects.update(read_at=timezone.now())
    html = client.get("/").content.decode()
    assert 'aria-label="Notifications, 0 unread"' in html and "bell__count" not in html


def test_the_page_lists_mine_newest_first_and_escapes_text(client, django_assert_num_queries):
    member = MemberFactory()
    old = tell(member, text="Older news")
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    tell(member, text='<script>alert("x")</script> wrote')
    tell(MemberFactory(), text="Not for you")
    client.force_login(member)
    # Session, member (and the header's counts), the page, inside the request's savepoint.
    with django_assert_num_queries(5):
        response = client.get("/notifications/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; wrote" in html
    assert html.index("wrote") < html.index("Older news")
    assert "Not for you" not in html
    assert "Mark all read" in html


def test_keyset_pages_follow_each_other_without_gaps(client, django_assert_num_queries):
    member = MemberFactory()
    now = timezone.now()
    made = [tell(member, text=f"Notice number {i}") for i in range(PAGE_SIZE + 5)]
    # Two share a timestamp at the page boundary: the id breaks the tie.
    for i, notification in enumerate(made):
        stamp = now - timedelta(minutes=min(i, PAGE_SIZE + 1))
        Notification.objects.filter(pk=notification.pk).update(created_at=stamp)
    client.force_login(member)
    first = client.get("/notifications/").content.decode()
    older = re.search(r'href="\?before=(\d+)"', first).group(1)
    with django_assert_num_queries(6):  # and the cursor's row
        second = client.get(f"/notifications/?before={older}").content.decode()
    seen = re.findall(r"Notice number (\d+)", first) + re.findall(r"Notice number (\d+)", second)
    assert sorted(map(int, seen)) == list(range(PAGE_SIZE + 5))
    assert len(seen) == len(set(seen))
    assert "?before=" not in second
    assert client.get("/notifications/?before=abc").status_code == 400
    other = tell(MemberFactory())
    assert client.get(f"/notifications/?before={other.pk}").status_code == 404


def test_opening_marks_it_read_and_goes_there():
    member = MemberFactory()
    notification = tell(member, url="/resources/")
    client, token = csrf_client(member)
    response = client.post(
        f"/notifications/{notification.pk}/open/", {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302 and response["Location"] == "/resources/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    without_link = tell(member, url="")
    response = client.post(
        f"/notifications/{without_link.pk}/open/", {"csrfmiddlewaretoken": token}
    )
    assert response["Location"] == "/notifications/"


def test_mark_all_read_touches_only_mine():
    member, other = MemberFactory(), MemberFactory()
    tell(member), tell(member), tell(other)
    client, token = csrf_client(member)
    response = client.post("/notifications/read-all/", {"csrfmiddlewaretoken": token}, follow=True)
    assert "All your notifications are marked read." in response.content.decode()
    assert not Notification.objects.for_user(member).unread().exists()
    assert Notification.objects.for_user(other).unread().count() == 1


def test_another_members_notification_does_not_exist_for_me(client):
    mine, theirs = MemberFactory(), MemberFactory()
    notification = tell(theirs)
    client.force_login(mine)
    assert client.post(f"/notifications/{notification.pk}/open/").status_code == 404
    assert client.post("/notifications/999999/open/").status_code == 404
    client.post("/notifications/read-all/")
    notification.refresh_from_db()
    assert notification.read_at is None


def test_posts_need_the_csrf_token():
    member = MemberFactory()
    notification = tell(member)
    client, _token = csrf_client(member)
    assert client.post(f"/notifications/{notification.pk}/open/").status_code == 403
    assert client.post("/notifications/read-all/").status_code == 403
    assert client.post("/notifications/preferences/", {"test_news": "off"}).status_code == 403
    notification.refresh_from_db()
    assert notification.read_at is None and not NotificationPreference.objects.exists()


@pytest.mark.parametrize(
    "url", ["/notifications/", "/notifications/preferences/", "/notifications/read-all/"]
)
def test_visitors_are_sent_to_sign_in(client, url):
    response = client.post(url) if url.endswith("read-all/") else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/accounts/login/?next={url}")


def test_preferences_show_each_kind_with_its_current_choice(client):
    member = MemberFactory()
    NotificationPreference.objects.create(user=member, kind="test_quiet", delivery="off")
    client.force_login(member)
    response = client.get("/notifications/preferences/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("News from the test suite") < html.index("Quiet test notices")
    assert re.search(r'name="test_news" value="email"[^>]*checked', html)
    assert re.search(r'name="test_quiet" value="off"[^>]*checked', html)
    assert 'href="/notifications/preferences/" aria-current="page"' in html  # the account nav


def test_saving_preferences_changes_delivery(client, mailoutbox):
    member = MemberFactory()
    client.force_login(member)
    unchanged = {kind.key: kind.default for kind in kinds.all()}
    response = client.post(
        "/notifications/preferences/",
        {**unchanged, "test_news": "site", "test_quiet": "off"},
        follow=True,
    )
    assert "Your notification settings are saved." in response.content.decode()
    assert dict(NotificationPreference.objects.values_list("kind", "delivery")) == {
        "test_news": "site",
        "test_quiet": "off",
    }
    assert notify(recipient=member, kind="test_quiet", text="x") is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"test_news": "loud", "test_quiet": "site"}, "Select a valid choice"),
        ({"test_quiet": "site"}, "Choose how to hear about this."),
        (
            {"test_news": "site", "test_quiet": "site", "no_such_kind": "off"},
            "There is no kind of notification called no_such_kind.",
        ),
    ],
    ids=["bad value", "missing kind", "unknown kind"],
)
def test_bad_preferences_are_refused_with_a_clear_message(client, data, message):
    member = MemberFactory()
    client.force_login(member)
    response = client.post("/notifications/preferences/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not NotificationPreference.objects.exists()

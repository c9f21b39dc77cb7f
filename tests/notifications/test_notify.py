"""`notify()`: delivery as each member's preference says, and the emails it sends."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from notifications import kinds
from notifications.kinds import Delivery, Kind
from notifications.models import Notification, NotificationPreference
from notifications.services import notify
from outbox.models import Mail
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def tell(recipient, **kwargs):
    return notify(recipient=recipient, kind="test_news", text="Ada asked to connect", **kwargs)


def test_email_preference_stores_it_and_mails_after_commit(
    mailoutbox, django_capture_on_commit_callbacks
):
    ada, grace = MemberFactory(email="ada@example.org"), MemberFactory(email="grace@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notification = tell(grace, actor=ada, url="/members/", email_body="She wrote why.")
        assert mailoutbox == []  # nothing leaves before the commit
    assert notification == Notification.objects.get(recipient=grace)
    assert (notification.kind, notification.actor, notification.read_at) == ("test_news", ada, None)
    [message] = mailoutbox
    assert message.to == ["grace@example.org"]
    assert message.subject.endswith("Ada asked to connect")
    assert "She wrote why." in message.body
    assert "http://127.0.0.1:8000/members/" in message.body
    # Another member's address never appears.
    assert "ada@example.org" not in message.body + str(message.alternatives)


def test_site_preference_stores_it_without_mail(mailoutbox, django_capture_on_commit_callbacks):
    grace = MemberFactory()
    NotificationPreference.objects.create(user=grace, kind="test_news", delivery=Delivery.SITE)
    with django_capture_on_commit_callbacks(execute=True):
        assert tell(grace) is not None
    assert Notification.objects.filter(recipient=grace).count() == 1
    assert mailoutbox == [] and not Mail.objects.exists()


def test_kind_default_applies_without_a_preference(mailoutbox, django_capture_on_commit_callbacks):
    grace = MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=grace, kind="test_quiet", text="Something small")
    assert Notification.objects.filter(recipient=grace, kind="test_quiet").count() == 1
    assert mailoutbox == []


def test_off_and_inactive_store_and_send_nothing(mailoutbox, django_capture_on_commit_callbacks):
    off, gone = MemberFactory(), MemberFactory(is_active=False)
    NotificationPreference.objects.create(user=off, kind="test_news", delivery=Delivery.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        assert tell(off) is None
        assert tell(gone) is None
    assert not Notification.objects.exists()
    assert mailoutbox == [] and not Mail.objects.exists()


def test_a_rolled_back_change_tells_nobody(mailoutbox, django_capture_on_commit_callbacks):
    grace = MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                tell(grace)
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_email_has_one_click_unsubscribe_headers(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://portal.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        tell(MemberFactory())
    [message] = mailoutbox
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<https://portal.example.org/notifications/unsubscribe/")
    assert header.endswith("/>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = header[1:-1]
    # The same link is visible in both bodies, beside the link to every setting.
    assert unsubscribe_url in message.body
    assert unsubscribe_url in message.alternatives[0][0]
    assert "https://portal.example.org/notifications/preferences/" in message.body


def test_mistakes_in_the_call_fail_loudly():
    grace = MemberFactory()
    with pytest.raises(KeyError):
        notify(recipient=grace, kind="no_such_kind", text="x")
    for url in ["https://elsewhere.example/", "//elsewhere.example/", "members/"]:
        with pytest.raises(ValueError, match="paths on this site"):
            tell(grace, url=url)
    assert not Notification.objects.exists()


def test_registry_keeps_order_and_refuses_a_clashing_kind():
    keys = [kind.key for kind in kinds.all()]
    assert keys.index("test_news") + 1 == keys.index("test_quiet")
    assert kinds.get("test_news").default == Delivery.EMAIL
    kinds.register(kinds.get("test_news"))  # the same kind again (a re-import) is fine
    with pytest.raises(ImproperlyConfigured):
        kinds.register(Kind("test_news", "Something else"))


def test_long_or_multi_line_text_is_kept_safe_for_the_row_and_the_subject(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            recipient=MemberFactory(), kind="test_news", text="Line one\nline two " + "x" * 600
        )
    assert len(notification.text) == 500 and notification.text.endswith("…")
    [message] = mailoutbox
    assert "\n" not in message.subject and message.subject.startswith("[PM Portal] Line one line")


def test_kinds_are_found_in_each_apps_notifications_module():
    # Registered by tests/notifications/sample_app/notifications.py, which no code imports.
    assert kinds.get("sample_digest").default == Delivery.OFF
    assert {"connection_request", "message"} <= {kind.key for kind in kinds.all()}

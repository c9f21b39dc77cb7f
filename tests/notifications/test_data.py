"""Notifications and preferences in "download my data", and gone with the account."""

import json

import pytest

from members.services import member_delete
from notifications.kinds import Delivery
from notifications.models import Notification, NotificationPreference
from notifications.services import notify
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_export_holds_my_notifications_and_settings_not_those_that_mention_me(client):
    ada, grace = MemberFactory(), MemberFactory()
    notify(recipient=grace, kind="test_quiet", text="For Grace", actor=ada, url="/members/")
    notify(recipient=ada, kind="test_quiet", text="For Ada", actor=grace)
    NotificationPreference.objects.create(user=grace, kind="test_news", delivery=Delivery.OFF)
    client.force_login(grace)
    data = json.loads(client.get("/members/me/export/").content)["activity"]
    [row] = data["notifications.notification"]
    assert (row["text"], row["kind"], row["url"], row["actor"]) == (
        "For Grace",
        "test_quiet",
        "/members/",
        ada.pk,
    )
    assert data["notifications.notificationpreference"] == [
        {"id": NotificationPreference.objects.get().pk, "kind": "test_news", "delivery": "off"}
    ]


def test_deleting_an_account_removes_its_notifications_and_keeps_others():
    ada, grace = MemberFactory(), MemberFactory()
    notify(recipient=grace, kind="test_quiet", text="For Grace", actor=ada)
    notify(recipient=ada, kind="test_quiet", text="For Ada", actor=grace)
    NotificationPreference.objects.create(user=grace, kind="test_news", delivery=Delivery.OFF)
    member_delete(user=grace)
    assert not NotificationPreference.objects.exists()
    [left] = Notification.objects.all()
    assert (left.recipient, left.text, left.actor) == (ada, "For Ada", None)

"""Staff see whether and how members were told, read-only, never what was said."""

import pytest

from notifications.models import NotificationPreference
from notifications.services import notify
from tests.factories import MemberFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_staff_see_who_was_told_of_what_kind_but_not_the_text(client):
    grace = MemberFactory(email="grace@example.org")
    notification = notify(recipient=grace, kind="test_quiet", text="Private words from Ada")
    NotificationPreference.objects.create(user=grace, kind="test_news", delivery="off")
    client.force_login(StaffFactory(is_superuser=True))
    listing = client.get("/admin/notifications/notification/").content.decode()
    assert "grace@example.org" in listing and "test_quiet" in listing
    page = client.get(f"/admin/notifications/notification/{notification.pk}/change/")
    assert page.status_code == 200
    for html in (listing, page.content.decode()):
        assert "Private words from Ada" not in html
    assert 'name="kind"' not in page.content.decode()  # read-only
    assert client.get("/admin/notifications/notification/add/").status_code == 403
    preferences = client.get("/admin/notifications/notificationpreference/").content.decode()
    assert "test_news" in preferences

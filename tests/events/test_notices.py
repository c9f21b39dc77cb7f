"""The day-before reminder (a periodic task, once), the notice of a change or a cancellation,
through the members' notification preferences with one-click unsubscribe."""

from datetime import timedelta

import pytest

from events import services, tasks
from events.models import Rsvp
from notifications.models import Notification, NotificationPreference
from tests.events.conftest import make_event, member, rsvp

pytestmark = pytest.mark.django_db


def test_reminders_go_once_to_those_going_a_day_ahead(
    django_capture_on_commit_callbacks, mailoutbox
):
    soon = make_event("soon", days=0.5)
    later = make_event("later", days=3)
    going, maybe, quiet = member("Going"), member("Maybe"), member("Quiet")
    for event in (soon, later):
        rsvp(event, going)
        rsvp(event, quiet)
        rsvp(event, maybe, Rsvp.Status.MAYBE)
    NotificationPreference.objects.create(user=quiet, kind="event_reminder", delivery="off")
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders.call() == 1
        assert tasks.send_reminders.call() == 0
    assert [m.to for m in mailoutbox] == [[going.email]]
    assert "Tomorrow: Pricing night" in mailoutbox[0].subject
    assert mailoutbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Europe/Berlin" in mailoutbox[0].body
    # A new time means a new reminder.
    soon.starts_at += timedelta(hours=1)
    soon.ends_at += timedelta(hours=1)
    services.event_save(event=soon)
    assert tasks.send_reminders.call() == 1


def test_a_change_and_a_cancellation_tell_those_going(
    event, django_capture_on_commit_callbacks, mailoutbox
):
    event.capacity = 1
    going, waiting, maybe = member("Going"), member("Waiting"), member("Maybe")
    rsvp(event, going)
    rsvp(event, waiting, Rsvp.Status.WAITLIST)
    rsvp(event, maybe, Rsvp.Status.MAYBE)
    with django_capture_on_commit_callbacks(execute=True):
        event.city = "Potsdam"
        assert services.event_save(event=event)
    assert [m.to for m in mailoutbox] == [[going.email]]
    assert "new time or place" in mailoutbox[0].subject and "Potsdam" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event)
    assert sorted(m.to[0] for m in mailoutbox[1:]) == sorted([going.email, waiting.email])
    assert "is cancelled" in mailoutbox[1].subject
    assert not Notification.objects.filter(recipient=maybe).exists()

"""Staff create and change events in the admin, in the event's own time zone."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from events.models import Event
from notifications.models import Notification
from tests.events.conftest import member, rsvp
from tests.factories import StaffFactory
from tests.security.xss import PAYLOADS, executable_constructs

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Discovery morning",
    "slug": "discovery-morning",
    "description": "Practice interviews in pairs.",
    "online_url": "",
    "venue": "Community hall",
    "city": "Bengaluru",
    "time_zone": "Asia/Kolkata",
    "local_start_0": "2030-03-10",
    "local_start_1": "10:00",
    "local_end_0": "2030-03-10",
    "local_end_1": "13:00",
    "capacity": "30",
    "is_published": "on",
    "rsvps-TOTAL_FORMS": "0",
    "rsvps-INITIAL_FORMS": "0",
}


@pytest.fixture
def staff(client):
    client.force_login(StaffFactory(is_superuser=True))
    return client


def test_staff_create_an_event_in_its_local_time(staff):
    response = staff.post("/admin/events/event/add/", FORM)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.starts_at == dt.datetime(2030, 3, 10, 10, tzinfo=ZoneInfo("Asia/Kolkata"))
    assert event.starts_at.utcoffset() == dt.timedelta(0)  # stored in UTC
    page = staff.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert 'value="10:00:00"' in page  # shown back as the local time
    public = staff.get(event.get_absolute_url()).content.decode()
    assert "10:00" in public and "Asia/Kolkata" in public


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"local_end_1": "09:00"}, "The end must come after the start."),
        ({"venue": ""}, "Give an online link, a venue, or both."),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice"),
        ({"capacity": "0"}, "greater than or equal to 1"),
    ],
)
def test_bad_input_is_explained(staff, change, message):
    response = staff.post("/admin/events/event/add/", FORM | change)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Event.objects.exists()


BERLIN = {"time_zone": "Europe/Berlin", "online_url": "https://example.org/meet"}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"local_start_0": "2030-03-31", "local_start_1": "02:30", "local_end_0": "2030-03-31"},
            "local_start",
            "2:30 does not exist on 31 March 2030 in Europe/Berlin: clocks go forward. "
            "Choose another time.",
        ),
        (
            {"local_start_0": "2030-10-27", "local_start_1": "01:00", "local_end_0": "2030-10-27"}
            | {"local_end_1": "02:30"},
            "local_end",
            "2:30 happens twice on 27 October 2030 in Europe/Berlin: clocks go back. "
            "Choose a time outside the repeated hour.",
        ),
    ],
    ids=["clocks-forward", "clocks-back"],
)
def test_a_time_the_clock_change_skips_or_repeats_is_refused(staff, change, field, message):
    """Neither can be stored as one instant: staff are asked for another time."""
    response = staff.post("/admin/events/event/add/", FORM | BERLIN | change)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {field: [message]}
    assert not Event.objects.exists()


def test_a_time_beside_the_clock_change_is_kept(staff):
    """03:30 on the day clocks go forward is the first hour of summer time."""
    day = {"local_start_0": "2030-03-31", "local_start_1": "03:30", "local_end_0": "2030-03-31"}
    response = staff.post("/admin/events/event/add/", FORM | BERLIN | day)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.starts_at == dt.datetime(2030, 3, 31, 1, 30, tzinfo=dt.UTC)
    assert event.ends_at == dt.datetime(2030, 3, 31, 11, tzinfo=dt.UTC)


def test_a_new_time_in_the_admin_raises_the_sequence_and_tells_those_going(staff):
    staff.post("/admin/events/event/add/", FORM)
    event = Event.objects.get()
    going = member()
    rsvp(event, going)
    response = staff.post(
        f"/admin/events/event/{event.pk}/change/", FORM | {"local_start_1": "11:00"}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.sequence == 1
    assert Notification.objects.filter(recipient=going, kind="event_changed").count() == 1
    staff.post(
        "/admin/events/event/",
        {"action": "cancel", "_selected_action": [event.pk]},
    )
    event.refresh_from_db()
    assert event.cancelled_at and event.sequence == 2


def test_payloads_in_every_event_field_render_inert(staff, client):
    going = member()
    for number, payload in enumerate(PAYLOADS):
        event = Event.objects.create(
            slug=f"xss-{number}",
            title=payload[:200],
            description=f"{payload}\n\n{payload}",
            venue=payload[:200],
            city=payload[:100],
            online_url=f"https://example.org/?q={number}",
            time_zone="UTC",
            starts_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
            ends_at=dt.datetime(2030, 1, 1, 2, tzinfo=dt.UTC),
            capacity=5,
        )
        rsvp(event, going, show_me=True)
    going.profile.display_name = PAYLOADS[0][:100]
    going.profile.save()
    from tests.events.conftest import signed_in

    viewers = {"visitor": client, "member": signed_in(going), "staff": staff}
    pages = ["/events/"] + [f"/events/xss-{n}/" for n in range(len(PAYLOADS))]
    problems = []
    for role, viewer in viewers.items():
        for url in pages + (["/admin/events/event/"] if role == "staff" else []):
            response = viewer.get(url)
            assert response.status_code == 200, url
            problems += [
                f"{role} {url}: {f}" for f in executable_constructs(response.content.decode())
            ]
    assert not problems, "\n".join(problems[:20])


def test_an_event_cannot_take_the_calendar_pages_address(staff):
    """/events/calendar/ is the calendar: an event with that slug could never be opened."""
    response = staff.post("/admin/events/event/add/", {**FORM, "slug": "calendar"})
    assert response.status_code == 200
    assert "is the address of the events calendar" in response.content.decode()
    assert not Event.objects.exists()

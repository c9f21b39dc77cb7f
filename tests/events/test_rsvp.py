"""Answers, the waitlist moving up in order, and who sees the online link and the attendees."""

import pytest
from django.core.exceptions import ValidationError

from events import services
from events.models import Rsvp
from notifications.models import Notification
from tests.events.conftest import answer, make_event, member, rsvp, signed_in
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def status_of(event, user) -> str:
    return Rsvp.objects.get(event=event, user=user).status


def test_going_fills_the_places_then_the_waitlist_moves_up_in_order(event):
    ada, bo, cy, di = (member(name) for name in ["Ada", "Bo", "Cy", "Di"])
    for user in (ada, bo, cy, di):
        services.rsvp_answer(event=event, user=user, answer="going")
    assert [status_of(event, u) for u in (ada, bo, cy, di)] == [
        "going", "going", "waitlist", "waitlist",
    ]  # fmt: skip
    # Answering "going" again keeps one's place on the waitlist.
    services.rsvp_answer(event=event, user=di, answer="going")
    services.rsvp_answer(event=event, user=bo, answer="not_going")
    assert status_of(event, cy) == "going" and status_of(event, di) == "waitlist"
    assert Notification.objects.filter(recipient=cy, kind="event_waitlist").exists()
    services.rsvp_answer(event=event, user=ada, answer="maybe")
    assert status_of(event, di) == "going"
    assert event.rsvps.going().count() == 2


def test_a_larger_capacity_moves_the_waitlist_up(event):
    users = [member(f"M{n}") for n in range(4)]
    for user in users:
        services.rsvp_answer(event=event, user=user, answer="going")
    event.capacity = 3
    services.event_save(event=event)
    assert [status_of(event, u) for u in users] == ["going", "going", "going", "waitlist"]


def test_past_and_cancelled_events_take_no_answers(event):
    past = make_event("past", days=-3)
    services.event_cancel(event=event)
    for closed in (past, event):
        with pytest.raises(ValidationError):
            services.rsvp_answer(event=closed, user=member(), answer="going")


def test_answering_through_the_page(event):
    mia = member()
    client = signed_in(mia)
    response = answer(client, event, show_me="on")
    assert response.status_code == 302
    assert "going" in client.get(response["Location"]).content.decode()
    assert Rsvp.objects.get(user=mia).show_me is True
    full = make_event("full", capacity=1)
    rsvp(full, member("Other"))
    answer(client, full)
    page = client.get(f"/events/{full.slug}/").content.decode()
    assert "number 1 on the waitlist" in page and "On the waitlist" in page


@pytest.mark.parametrize("data", [{}, {"answer": "waitlist"}, {"answer": "yes"}])
def test_a_bad_answer_is_explained_with_400(event, data):
    response = signed_in(member()).post(f"/events/{event.slug}/rsvp/", data)
    assert response.status_code == 400
    assert "Choose" in response.content.decode()
    assert not Rsvp.objects.exists()


def test_unverified_and_visitors_cannot_answer(client, event):
    assert client.post(f"/events/{event.slug}/rsvp/", {"answer": "going"}).status_code == 302
    unverified = signed_in(MemberFactory(verified=False))
    assert answer(unverified, event).status_code == 403
    assert not Rsvp.objects.exists()


def test_the_online_link_only_for_members_going(client, event):
    link = event.online_url
    going, maybe, waiting = member("Going"), member("Maybe"), member("Waiting")
    rsvp(event, going)
    rsvp(event, maybe, Rsvp.Status.MAYBE)
    rsvp(event, waiting, Rsvp.Status.WAITLIST)
    for viewer in (client, signed_in(maybe), signed_in(waiting), signed_in(member("None"))):
        for url in (f"/events/{event.slug}/", f"/events/{event.slug}/calendar.ics", "/events/"):
            assert link not in viewer.get(url).content.decode(), url
    going_client = signed_in(going)
    assert link in going_client.get(f"/events/{event.slug}/").content.decode()
    assert link in going_client.get(f"/events/{event.slug}/calendar.ics").content.decode()


def test_the_attendee_list_only_for_attendees_and_only_those_shown(client, event):
    shown, hidden = member("Shown Sam"), member("Hidden Hal")
    rsvp(event, shown, show_me=True)
    rsvp(event, hidden)
    maybe = member("Maybe May")
    rsvp(event, maybe, Rsvp.Status.MAYBE, show_me=True)
    for viewer in (client, signed_in(maybe), signed_in(member("Stranger"))):
        page = viewer.get(f"/events/{event.slug}/").content.decode()
        assert "Shown Sam" not in page and "Who is going" not in page
    page = signed_in(hidden).get(f"/events/{event.slug}/").content.decode()
    assert "Shown Sam" in page and "Hidden Hal" not in page and "Maybe May" not in page
    assert shown.email not in page


def test_unpublished_events_are_404(client, event):
    event.is_published = False
    event.save()
    for url in ["/", "/calendar.ics"]:
        assert client.get(f"/events/{event.slug}{url}".replace("//", "/")).status_code == 404
    assert event.title not in client.get("/events/").content.decode()

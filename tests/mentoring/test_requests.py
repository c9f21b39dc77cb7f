"""Asking for mentoring, the rules, and the mentor's answer."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import Profile
from mentoring.models import Mentorship, Request
from mentoring.tasks import expire_requests
from network.models import Block, Connection
from notifications.models import Notification
from tests.mentoring.conftest import (
    GOALS,
    MESSAGE,
    ask,
    mentor_person,
    mentoring_request,
    signed_in,
)
from tests.network.conftest import person

pytestmark = pytest.mark.django_db


def test_a_mentee_asks_and_the_mentor_is_notified(client, ted, mia, mailoutbox):
    response = ask(client, mia)
    sent = Request.objects.get()
    assert response.status_code == 302 and response["Location"] == sent.get_absolute_url()
    assert (sent.mentee, sent.mentor, sent.goals, sent.status) == (ted, mia, GOALS, "pending")
    note = Notification.objects.get(recipient=mia)
    assert note.kind == "mentoring_request" and "Ted Mentee" in note.text
    assert len(mailoutbox) == 1 and GOALS[0] in mailoutbox[0].body
    assert ted.email not in mailoutbox[0].body


@pytest.mark.parametrize(
    ("goals", "message", "error"),
    [
        ([], MESSAGE, "Name at least one goal."),
        (["", "Second goal only"], MESSAGE, "Name at least one goal."),
        (["abc"], MESSAGE, "at least 5 characters"),
        (["x" * 201], MESSAGE, "under 200 characters"),
        (["Fine goal", "Also fine", "x" * 201], MESSAGE, "under 200 characters"),
        (GOALS, "", "why you ask them"),
        (GOALS, "Too short", "at least 20 characters"),
        (GOALS, "x" * 1001, "under 1,000 characters"),
    ],
)
def test_the_ask_form_checks_goals_and_message(client, ted, mia, goals, message, error):
    response = ask(client, mia, goals, message)
    assert response.status_code == 400 and error in response.content.decode()
    assert not Request.objects.exists()


def test_three_goals_at_most_and_blank_ones_are_dropped(client, ted, mia):
    ask(client, mia, ["First goal here", "", "Third goal here"])
    assert Request.objects.get().goals == ["First goal here", "Third goal here"]
    # A fourth field is not part of the form: it is ignored.
    Request.objects.update(status="withdrawn")
    data = {f"goal_{n}": f"Goal number {n}" for n in range(1, 5)}
    client.post(f"/mentoring/ask/{mia.profile.handle}/", {**data, "message": MESSAGE})
    assert Request.objects.filter(status="pending").get().goals == [
        "Goal number 1",
        "Goal number 2",
        "Goal number 3",
    ]


def test_one_pending_request_at_a_time(client, ted, mia):
    assert ask(client, mia).status_code == 302
    other = mentor_person("Otto Mentor")
    page = client.get(f"/mentoring/ask/{other.profile.handle}/")
    assert "waiting for an answer" in page.content.decode()
    assert ask(client, other).status_code == 400
    # A silent decline still reads as pending to the mentee: asking elsewhere would reveal it.
    Request.objects.update(status="declined")
    assert ask(client, other).status_code == 400
    # Withdrawn, or 14 days later, they may ask someone else.
    Request.objects.update(created_at=timezone.now() - timedelta(days=15), status="pending")
    assert ask(client, other).status_code == 302
    assert Request.objects.get(mentor=mia).status == "expired"


@pytest.mark.parametrize("status", ["paused", "full"])
def test_paused_and_full_mentors_are_not_offered(client, ted, status):
    mentor = mentor_person("Busy Mentor", status=status)
    page = client.get(f"/mentoring/ask/{mentor.profile.handle}/")
    assert page.status_code == 200 and "not taking new mentees" in page.content.decode()
    assert ask(client, mentor).status_code == 400 and not Request.objects.exists()


def test_a_mentor_without_a_free_place_is_not_offered(client, ted):
    mentor = mentor_person("Full Mentor", capacity=1)
    Profile.objects.filter(user=mentor).update(mentees_active=1)
    assert ask(client, mentor).status_code == 400


def test_not_to_yourself_nor_a_member_not_mentoring(client, ted, mia):
    assert client.get(f"/mentoring/ask/{ted.profile.handle}/").status_code == 404
    plain = person("Plain Member")
    assert ask(client, plain).status_code == 404


def test_not_across_a_block_nor_to_a_suspended_member(client, ted, mia):
    Block.objects.create(blocker=mia, blocked=ted)
    assert ask(client, mia).status_code == 404
    Block.objects.all().delete()
    Profile.objects.filter(user=mia).update(is_suspended=True)
    assert ask(client, mia).status_code == 404
    assert not Request.objects.exists()


def test_a_suspended_mentee_cannot_ask(client, ted, mia):
    Profile.objects.filter(user=ted).update(is_suspended=True)
    response = ask(client, mia)
    assert response.status_code == 400 and "suspended" in response.content.decode()


def test_accepting_starts_the_mentorship_and_connects_the_pair(ted, mia, mailoutbox):
    sent = mentoring_request(ted, mia)
    response = signed_in(mia).post(sent.get_absolute_url(), {"answer": "accept"})
    found = Mentorship.objects.get()
    assert response["Location"] == found.get_absolute_url()
    assert [goal.text for goal in found.goals.all()] == GOALS
    assert Connection.objects.between(ted, mia).exists()
    assert Profile.objects.get(user=mia).mentees_active == 1
    assert Notification.objects.get(recipient=ted).kind == "mentoring_accepted"
    sent.refresh_from_db()
    assert sent.status == "accepted"


def test_accepting_keeps_an_existing_connection(ted, mia):
    low, high = sorted([ted, mia], key=lambda user: user.pk)
    Connection.objects.create(user_low=low, user_high=high)
    signed_in(mia).post(mentoring_request(ted, mia).get_absolute_url(), {"answer": "accept"})
    assert Connection.objects.count() == 1 and Mentorship.objects.count() == 1


def test_capacity_stops_a_further_accept(ted, mia):
    first, second = person("First Mentee"), person("Second Mentee")
    mentor = signed_in(mia)
    for mentee in (first, second):
        mentor.post(mentoring_request(mentee, mia).get_absolute_url(), {"answer": "accept"})
    late = mentoring_request(ted, mia)
    response = mentor.post(late.get_absolute_url(), {"answer": "accept"}, follow=True)
    assert "your capacity" in response.content.decode()
    late.refresh_from_db()
    assert late.status == "pending" and Mentorship.objects.count() == 2


def test_a_decline_is_silent(client, ted, mia):
    sent = mentoring_request(ted, mia)
    signed_in(mia).post(sent.get_absolute_url(), {"answer": "decline"})
    sent.refresh_from_db()
    assert sent.status == "declined" and not Notification.objects.filter(recipient=ted).exists()
    html = client.get(sent.get_absolute_url()).content.decode()
    assert "Pending" in html and "Declined" not in html
    assert "Withdraw my request" in html


def test_the_mentee_withdraws_and_only_the_mentor_answers(client, ted, mia):
    sent = mentoring_request(ted, mia)
    assert client.post(sent.get_absolute_url(), {"answer": "accept"}).status_code == 302
    assert not Mentorship.objects.exists()
    assert client.post(sent.get_absolute_url(), {"answer": "nonsense"}).status_code == 400
    client.post(sent.get_absolute_url(), {"answer": "withdraw"})
    sent.refresh_from_db()
    assert sent.status == "withdrawn"
    assert signed_in(mia).get(sent.get_absolute_url()).status_code == 404


def test_requests_expire_after_fourteen_days(ted, mia):
    old = mentoring_request(ted, mia, created_at=timezone.now() - timedelta(days=15))
    response = signed_in(mia).post(old.get_absolute_url(), {"answer": "accept"}, follow=True)
    assert "no longer waiting" in response.content.decode()
    assert expire_requests.call() == 1
    old.refresh_from_db()
    assert old.status == "expired"


def test_a_block_or_a_suspension_cancels_requests_and_ends_mentorships(ted, mia):
    sent = mentoring_request(ted, mia)
    signed_in(mia).post(sent.get_absolute_url(), {"answer": "accept"})
    other = mentor_person("Otto Mentor")
    pending = mentoring_request(person("Third Mentee"), other)
    Block.objects.create(blocker=ted, blocked=mia)
    assert Mentorship.objects.get().status == "ended"
    blocked = mentoring_request(person("Blocked Mentee"), other)
    Block.objects.create(blocker=other, blocked=blocked.mentee)
    blocked.refresh_from_db()
    assert blocked.status == "cancelled"
    html = signed_in(blocked.mentee).get(blocked.get_absolute_url()).content.decode()
    assert "Pending" in html and "Cancelled" not in html
    assert Profile.objects.get(user=mia).mentees_active == 0
    other.profile.is_suspended = True
    other.profile.save()
    pending.refresh_from_db()
    assert pending.status == "cancelled"

"""The pair's page: who sees it, goals, session notes, finishing, rating, export, deletion."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import Profile
from members.services import member_delete
from mentoring.models import Mentorship, Request, SessionNote
from notifications.models import Notification
from tests.factories import MemberFactory, add_totp
from tests.mentoring.conftest import GOALS, mentoring_request, mentorship, signed_in
from tests.network.conftest import person
from tests.security.xss import PAYLOADS, executable_constructs

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(ted, mia):
    Profile.objects.filter(user=mia).update(mentees_active=1)
    return mentorship(mia, ted, started_at=timezone.now() - timedelta(days=10))


def note(client, found, **data):
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    fields = {"action": "note", "day": day, "summary": "We looked at the pricing page."} | data
    return client.post(found.get_absolute_url(), fields)


def test_only_the_pair_sees_a_mentorship_and_its_request(client, ted, mia, pair):
    sent = mentoring_request(person("Other Mentee"), mia)
    third = signed_in(person("Third Party"))
    for url in [pair.get_absolute_url(), sent.get_absolute_url()]:
        assert third.get(url).status_code == 404, url
    for action in ["goal", "note", "complete", "end", "rate"]:
        assert third.post(pair.get_absolute_url(), {"action": action}).status_code == 404
    assert third.post(sent.get_absolute_url(), {"answer": "accept"}).status_code == 404
    assert client.get(sent.get_absolute_url()).status_code == 404  # Ted is not part of it
    assert client.get(pair.get_absolute_url()).status_code == 200
    assert signed_in(mia).get(pair.get_absolute_url()).status_code == 200
    pair.refresh_from_db()
    assert pair.status == "active" and not pair.notes.exists()
    assert "Ted Mentee" not in third.get("/mentoring/").content.decode()


def test_either_member_updates_a_goal(client, mia, pair):
    goal = pair.goals.first()
    client.post(pair.get_absolute_url(), {"action": "goal", "goal": goal.pk, "status": "achieved"})
    goal.refresh_from_db()
    assert goal.status == "achieved"
    signed_in(mia).post(
        pair.get_absolute_url(), {"action": "goal", "goal": goal.pk, "status": "dropped"}
    )
    goal.refresh_from_db()
    assert goal.status == "dropped"


def test_a_goal_of_another_mentorship_or_a_bad_status_is_refused(client, pair):
    elsewhere = mentorship(person("Other Mentor"), person("Other Mentee")).goals.first()
    url = pair.get_absolute_url()
    response = client.post(url, {"action": "goal", "goal": elsewhere.pk, "status": "achieved"})
    assert response.status_code == 400
    response = client.post(url, {"action": "goal", "goal": pair.goals.first().pk, "status": "x"})
    assert (
        response.status_code == 400
        and "Choose open, achieved or dropped" in response.content.decode()
    )
    dance = client.post(url, {"action": "dance"})
    assert dance.status_code == 400 and "nothing was changed" in dance.content.decode()
    elsewhere.refresh_from_db()
    assert elsewhere.status == "open"


def test_either_member_adds_a_note_and_the_other_is_told(client, ted, mia, pair):
    assert note(client, pair, next_steps="Draft two price points.").status_code == 302
    written = SessionNote.objects.get()
    assert (written.author, written.next_steps) == (ted, "Draft two price points.")
    assert Notification.objects.get(recipient=mia).kind == "mentoring_note"
    assert note(signed_in(mia), pair).status_code == 302
    html = client.get(pair.get_absolute_url()).content.decode()
    assert html.count("We looked at the pricing page.") == 2 and "by you" in html


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"day": ""}, "Give the date of the session."),
        ({"day": "not a date"}, "Enter a date."),
        ({"day": "2026-13-40"}, "Enter a date."),
        ({"day": (timezone.localdate() + timedelta(days=2)).isoformat()}, "in the future"),
        ({"day": (timezone.localdate() - timedelta(days=30)).isoformat()}, "before the mentorship"),
        ({"summary": ""}, "Write what the session covered."),
        ({"summary": "x" * 2001}, "under 2,000 characters"),
        ({"next_steps": "x" * 1001}, "under 1,000 characters"),
    ],
)
def test_the_note_form_checks_its_fields(client, pair, data, error):
    response = note(client, pair, **data)
    assert response.status_code == 400 and error in response.content.decode()
    assert not SessionNote.objects.exists()


def test_either_member_finishes_and_the_mentor_gets_a_place_back(client, mia, pair):
    assert signed_in(mia).post(pair.get_absolute_url(), {"action": "complete"}).status_code == 302
    pair.refresh_from_db()
    assert pair.status == "completed" and pair.ended_at
    assert Profile.objects.get(user=mia).mentees_active == 0
    # Finished: no more notes, goals or finishing.
    response = note(client, pair)
    assert response.status_code == 400 and not SessionNote.objects.exists()
    client.post(pair.get_absolute_url(), {"action": "end"})
    pair.refresh_from_db()
    assert pair.status == "completed"


def test_the_mentee_rates_once_and_the_mentor_cannot(client, mia, pair):
    url = pair.get_absolute_url()
    assert client.post(url, {"action": "rate", "rating": 5}).status_code == 400
    assert Mentorship.objects.get().rating is None  # not finished yet
    client.post(url, {"action": "end"})
    for bad in ["0", "6", "five", ""]:
        response = client.post(url, {"action": "rate", "rating": bad})
        assert response.status_code == 400 and "Choose from 1 to 5" in response.content.decode()
    signed_in(mia).post(url, {"action": "rate", "rating": 1})
    assert Mentorship.objects.get().rating is None
    client.post(url, {"action": "rate", "rating": 4})
    client.post(url, {"action": "rate", "rating": 2})
    assert Mentorship.objects.get().rating == 4
    assert "You rated it 4 of 5" in client.get(url).content.decode()
    assert "rated" not in signed_in(mia).get(url).content.decode()


def test_ratings_are_not_in_the_admin(pair):
    """Staff see ratings only in aggregate (the owner's figures): no mentoring admin at all."""
    staff = MemberFactory(email="root@example.org", is_staff=True, is_superuser=True)
    add_totp(staff)
    admin = signed_in(staff)
    assert admin.get("/admin/").status_code == 200
    assert admin.get("/admin/mentoring/mentorship/").status_code == 404
    assert "mentoring" not in admin.get("/admin/").content.decode().lower()


def test_payloads_in_goals_and_notes_render_inert(client, ted, mia, pair):
    other = signed_in(mia)
    for payload in PAYLOADS:
        goal = pair.goals.create(text=payload[:200])
        note(client, pair, summary=payload, next_steps=payload)
        mentoring_request(ted, mia, goals=[payload[:200]], message=payload)
        for viewer in (client, other):
            for url in [pair.get_absolute_url(), Request.objects.get().get_absolute_url()]:
                html = viewer.get(url).content.decode()
                assert not executable_constructs(html), (payload, url)
            assert not executable_constructs(viewer.get("/mentoring/").content.decode())
        goal.delete()
        Request.objects.all().delete()


def test_export_holds_mentorships_goals_and_notes(client, ted, mia, pair):
    note(signed_in(mia), pair, summary="Mia wrote this.")
    mentoring_request(ted, person("Later Mentor"), status="declined")
    data = json.loads(client.get("/members/me/export/").content)["activity"]
    (row,) = data["mentoring.mentorship"]
    assert (row["role"], row["member"], row["status"]) == ("mentee", "Mia Mentor", "active")
    assert [goal["text"] for goal in row["goals"]] == GOALS
    assert row["notes"][0]["summary"] == "Mia wrote this." and row["notes"][0]["by"] == "Mia Mentor"
    assert "rating" in row
    assert data["mentoring.request"][0]["status"] == "Pending"  # the decline stays silent
    assert "mentoring.sessionnote" not in data
    mentor_rows = json.loads(signed_in(mia).get("/members/me/export/").content)["activity"]
    assert "rating" not in mentor_rows["mentoring.mentorship"][0]
    assert mia.email not in json.dumps(data)


def test_deleting_an_account_ends_mentorships_and_keeps_notes_for_the_other(ted, mia, pair):
    note(signed_in(ted), pair, summary="Ted's own words.")
    sent = mentoring_request(ted, person("Other Mentor"))
    member_delete(user=ted)
    pair.refresh_from_db(), sent.refresh_from_db()
    assert (pair.status, pair.mentee_id) == ("ended", None)
    assert Profile.objects.get(user=mia).mentees_active == 0
    assert (sent.status, sent.message, sent.goals) == ("cancelled", "", [])
    html = signed_in(mia).get(pair.get_absolute_url()).content.decode()
    assert "Ted&#x27;s own words." in html and "a former member" in html

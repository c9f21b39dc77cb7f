"""Every mentoring page is valid HTML (one Nu checker batch); queries pinned; mentor cards."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import Profile
from mentoring.models import Request
from tests.mentoring.conftest import (
    mentor_person,
    mentoring_request,
    mentorship,
    signed_in,
)
from tests.network.conftest import person
from tests.quality import assert_valid_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(ted, mia):
    """Mia mentors Ted (with a note) and has two requests waiting; Ted has one pending."""
    found = mentorship(mia, ted, started_at=timezone.now() - timedelta(days=3))
    found.notes.create(author=mia, date=timezone.localdate(), summary="First talk.")
    for n in range(2):
        mentoring_request(person(f"Waiting {n}"), mia)
    mentoring_request(ted, mentor_person("Otto Mentor"))
    return found


def test_every_mentoring_page_is_valid_html(client, ted, mia, busy):
    pages = {}

    def grab(name, response, status=200):
        assert response.status_code == status, (name, response.status_code)
        pages[name] = response.content.decode()

    mentor = signed_in(mia)
    grab("hub as mentee", client.get("/mentoring/"))
    grab("hub as mentor", mentor.get("/mentoring/"))
    grab("settings", mentor.get("/mentoring/settings/"))
    grab("settings errors", mentor.post("/mentoring/settings/", {"mentor_capacity": "11"}), 400)
    grab("mentorship", client.get(busy.get_absolute_url()))
    grab("mentorship errors", client.post(busy.get_absolute_url(), {"action": "note"}), 400)
    bad_status = {"action": "goal", "goal": busy.goals.first().pk, "status": "x"}
    grab("goal errors", client.post(busy.get_absolute_url(), bad_status), 400)
    grab("refused", client.post(busy.get_absolute_url(), {"action": "rate"}), 400)
    grab("request for me", mentor.get(mia_request(mia).get_absolute_url()))
    grab("request I sent", client.get(ted_request(ted).get_absolute_url()))
    fresh = signed_in(person("Fresh Mentee"))
    open_mentor = mentor_person("Open Mentor")
    grab("ask", fresh.get(f"/mentoring/ask/{open_mentor.profile.handle}/"))
    grab("ask errors", fresh.post(f"/mentoring/ask/{open_mentor.profile.handle}/", {}), 400)
    grab("ask pending", client.get(f"/mentoring/ask/{open_mentor.profile.handle}/"))
    grab("profile", fresh.get(f"/members/{open_mentor.profile.handle}/"))
    busy.status, busy.ended_at = "completed", timezone.now()
    busy.save()
    grab("finished, to rate", client.get(busy.get_absolute_url()))
    grab("rating errors", client.post(busy.get_absolute_url(), {"action": "rate"}), 400)
    assert_valid_html(pages)


def mia_request(mia) -> Request:
    return Request.objects.filter(mentor=mia).first()


def ted_request(ted) -> Request:
    return Request.objects.get(mentee=ted)


def test_settings_save_and_validate(ted, mia):
    mentor = signed_in(mia)
    saved = mentor.post(
        "/mentoring/settings/",
        {
            "open_to_mentoring": "on",
            "mentor_status": "paused",
            "mentor_capacity": "4",
            "mentor_topics": ["pricing"],
        },
    )
    assert saved.status_code == 302
    profile = Profile.objects.get(user=mia)
    assert (profile.mentor_status, profile.mentor_capacity, profile.mentor_topics) == (
        "paused",
        4,
        ["pricing"],
    )
    for data, error in [
        ({"mentor_capacity": "0"}, "at least 1"),
        ({"mentor_capacity": "11"}, "At most 10"),
        ({"mentor_capacity": "ten"}, "whole number"),
        ({"mentor_capacity": ""}, "how many mentees"),
        ({"mentor_capacity": "3", "mentor_status": "asleep"}, "Select a valid choice"),
        ({"mentor_capacity": "3", "mentor_topics": ["knitting"]}, "Select a valid choice"),
    ]:
        response = mentor.post("/mentoring/settings/", {"mentor_status": "open", **data})
        assert response.status_code == 400 and error in response.content.decode(), data
    many = mentor_person("Many Skills")
    many.profile.skills.set(["pricing", "roadmaps", "okrs", "sql", "ux", "growth"])
    response = signed_in(many).post(
        "/mentoring/settings/",
        {
            "mentor_status": "open",
            "mentor_capacity": "2",
            "mentor_topics": ["pricing", "roadmaps", "okrs", "sql", "ux", "growth"],
        },
    )
    assert response.status_code == 400 and "at most 5 topics" in response.content.decode()


def test_mentoring_queries_are_pinned(client, ted, mia, busy, django_assert_num_queries):
    """Session, the member (with the header's counts), and: the hub's requests, mentorships and the
    member's profile; the settings' profile; the pair's page's mentorship with both
    profiles, goals and notes; the request with both profiles and whether it is open. Pages
    that also take POSTs run in the request's transaction (a savepoint and its release).
    The same with more rows."""
    mentor = signed_in(mia)
    pages = [
        (client, "/mentoring/", 5),
        (mentor, "/mentoring/", 5),
        (mentor, "/mentoring/settings/", 5),
        (client, busy.get_absolute_url(), 7),
        (mentor, mia_request(mia).get_absolute_url(), 6),
    ]
    for viewer, url, count in pages:
        with django_assert_num_queries(count, exact=True):
            assert viewer.get(url).status_code == 200, url
    for n in range(4):
        mentoring_request(person(f"More {n}"), mia)
        busy.notes.create(author=ted, date=timezone.localdate(), summary=f"Talk {n}.")
        busy.goals.create(text=f"Extra goal {n}")
        mentorship(mia, person(f"Mentee {n}"))
    for viewer, url, count in pages:
        with django_assert_num_queries(count, exact=True):
            assert viewer.get(url).status_code == 200, url


def test_the_ask_page_queries_are_pinned(client, ted, mia, django_assert_num_queries):
    """Session, the member (with the header's counts), a savepoint, the mentor, the checks in
    one query (the mentee's suspension, a block, a mentorship already, a pending request), the
    release."""
    with django_assert_num_queries(6, exact=True):
        assert client.get(f"/mentoring/ask/{mia.profile.handle}/").status_code == 200


def test_mentor_cards_show_status_and_free_places(client, ted, django_assert_num_queries):
    open_mentor = mentor_person("Open Mentor", capacity=3)
    Profile.objects.filter(user=open_mentor).update(mentees_active=1, mentor_topics=["pricing"])
    mentor_person("Paused Mentor", status="paused")
    full = mentor_person("Full Mentor", capacity=1)
    Profile.objects.filter(user=full).update(mentees_active=1)
    with django_assert_num_queries(5, exact=True):  # as tests/members pins it
        html = client.get("/members/mentors/").content.decode()
    assert "2 places free; mentors in pricing" in html
    assert "Not taking mentees now" in html and "No place free" in html
    assert html.count("Ask for mentoring") == 1
    assert f"/mentoring/ask/{open_mentor.profile.handle}/" in html
    profile = client.get(f"/members/{full.profile.handle}/").content.decode()
    assert "Full" in profile and "Ask for mentoring" not in profile
    profile = client.get(f"/members/{open_mentor.profile.handle}/").content.decode()
    assert "2 places free" in profile and "Ask for mentoring" in profile


def test_the_account_menu_and_nav_link_to_mentoring(client, ted):
    html = client.get("/mentoring/settings/").content.decode()
    assert 'href="/mentoring/"' in html
    assert 'href="/mentoring/settings/" aria-current="page"' in html

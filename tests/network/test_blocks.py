"""Blocks end everything between two members, hide each from the other, and stay private."""

import json

import pytest
from django.test import Client

from network.models import Block, Connection, Introduction
from tests.members.test_directory import names
from tests.network.conftest import ask, introduction, person

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_blocking_ends_the_connection_and_pending_requests_and_hides_both(client, ada, grace):
    theirs = introduction(grace, ada)
    low, high = sorted([ada, grace], key=lambda user: user.pk)
    Connection.objects.create(user_low=low, user_high=high)
    page = client.get(f"/network/members/{grace.profile.handle}/block/")
    assert page.status_code == 200 and "They are not told" in page.content.decode()
    assert client.post(f"/network/members/{grace.profile.handle}/block/")["Location"] == (
        "/network/blocked/"
    )
    assert Block.objects.filter(blocker=ada, blocked=grace).exists()
    assert not Connection.objects.exists()
    theirs.refresh_from_db()
    assert theirs.status == "cancelled"

    blocked = signed_in(grace)
    # Grace is not told: her request still looks pending to her.
    assert (
        '<span class="badge">Pending</span>'
        in blocked.get(theirs.get_absolute_url()).content.decode()
    )
    # Neither sees the other in the directory, mentor match or profile pages.
    for viewer, other in [(client, grace), (blocked, ada)]:
        assert other.profile.display_name not in names(viewer.get("/members/"))
        assert viewer.get(other.profile.get_absolute_url()).status_code == 404
        assert viewer.get(f"/network/members/{other.profile.handle}/ask/").status_code == 404
    # New requests are refused both ways, silently (as for a member who is not there).
    assert ask(blocked, ada).status_code == 404
    assert ask(client, grace).status_code == 404
    assert Introduction.objects.filter(status="pending").count() == 0
    assert "Grace Hopper" in client.get("/network/blocked/").content.decode()
    assert "Ada Lovelace" not in blocked.get("/network/blocked/").content.decode()


def test_the_blockers_own_pending_request_is_withdrawn(client, ada, grace):
    mine = introduction(ada, grace)
    client.post(f"/network/members/{grace.profile.handle}/block/")
    mine.refresh_from_db()
    assert mine.status == "withdrawn"
    assert signed_in(grace).get(mine.get_absolute_url()).status_code == 404


def test_blocked_members_leave_mentor_match_both_ways(client):
    mentee = person("Mentee Mo", skills=["pricing"], looking_for_mentor=True)
    mentor = person("Mentor Mia", skills=["pricing"], open_to_mentoring=True)
    client.force_login(mentee)
    assert "Mentor Mia" in client.get("/members/mentors/").content.decode()
    signed_in(mentor).post(f"/network/members/{mentee.profile.handle}/block/")
    assert "Mentor Mia" not in client.get("/members/mentors/").content.decode()


def test_unblocking_shows_them_again(client, ada, grace):
    client.post(f"/network/members/{grace.profile.handle}/block/")
    assert client.post(f"/network/members/{grace.profile.handle}/unblock/").status_code == 302
    assert not Block.objects.exists()
    assert "Grace Hopper" in names(client.get("/members/"))
    # Only the blocker can lift it.
    client.post(f"/network/members/{grace.profile.handle}/block/")
    other = signed_in(grace)
    assert other.post(f"/network/members/{ada.profile.handle}/unblock/").status_code == 404
    assert Block.objects.count() == 1


def test_blocks_stay_out_of_the_blocked_members_export(client, ada, grace):
    client.post(f"/network/members/{grace.profile.handle}/block/")
    mine = json.loads(client.get("/members/me/export/").content)
    assert mine["activity"]["network.block"] == [
        {"member": "Grace Hopper", "since": mine["activity"]["network.block"][0]["since"]}
    ]
    theirs = json.loads(signed_in(grace).get("/members/me/export/").content)
    assert "network.block" not in theirs["activity"]
    assert "Ada" not in json.dumps(theirs)


def test_a_member_cannot_block_someone_they_cannot_see(client, ada):
    stranger = person("Hidden Hal", listed=False)
    assert client.get(f"/network/members/{stranger.profile.handle}/block/").status_code == 404
    assert client.post(f"/network/members/{stranger.profile.handle}/block/").status_code == 404
    assert client.post(f"/network/members/{ada.profile.handle}/block/").status_code == 404
    assert not Block.objects.exists()

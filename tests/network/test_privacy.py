"""Only the two members see a request; reports reach staff with a copy; export and deletion."""

import json

import pytest
from django.test import Client

from members.services import member_delete
from network.models import Connection, Introduction, Report
from tests.factories import MemberFactory, add_totp
from tests.network.conftest import REASON, ask, introduction, person
from tests.security.xss import PAYLOADS, executable_constructs

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_third_member_gets_404_on_every_url_of_others(ada, grace):
    intro = introduction(ada, grace)
    low, high = sorted([ada, person("Linus")], key=lambda user: user.pk)
    Connection.objects.create(user_low=low, user_high=high)
    third = signed_in(person("Third Party"))
    base = f"/network/introductions/{intro.pk}"
    for url in [f"{base}/", f"{base}/report/"]:
        assert third.get(url).status_code == 404, url
    for answer in ["accept", "decline", "withdraw"]:
        assert third.post(f"{base}/answer/", {"answer": answer}).status_code == 404
    assert third.post(f"{base}/report/", {"reason": "Something is wrong here"}).status_code == 404
    # Removing a connection is only about the viewer's own.
    assert third.post(f"/network/members/{ada.profile.handle}/remove/").status_code == 404
    assert Connection.objects.count() == 1
    intro.refresh_from_db()
    assert intro.status == "pending" and not Report.objects.exists()
    # Neither side of it sees another member's list.
    assert "Ada Lovelace" not in third.get("/network/").content.decode()


def test_a_connection_can_be_removed_by_either_member(client, ada, grace):
    low, high = sorted([ada, grace], key=lambda user: user.pk)
    Connection.objects.create(user_low=low, user_high=high)
    assert client.post(f"/network/members/{grace.profile.handle}/remove/").status_code == 302
    assert not Connection.objects.exists()
    assert client.post(f"/network/members/{grace.profile.handle}/remove/").status_code == 404


def test_reporting_a_request_sends_staff_a_copy(client, ada, grace):
    intro = introduction(grace, ada)
    url = f"/network/introductions/{intro.pk}/report/"
    assert client.get(url).status_code == 200
    short = client.post(url, {"reason": "bad"})
    assert short.status_code == 400 and "at least 10 characters" in short.content.decode()
    assert client.post(url, {"reason": "This reads like a sales pitch."}).status_code == 302
    report = Report.objects.get()
    assert (report.kind, report.reporter, report.member) == ("introduction", ada, grace)
    assert report.snapshot["introduction"]["reason"] == REASON
    assert report.snapshot["profile"]["display_name"] == "Grace Hopper"
    # The copy stays what it was when the request changes.
    Introduction.objects.filter(pk=intro.pk).update(reason="Edited afterwards, somehow.")
    report.refresh_from_db()
    assert report.snapshot["introduction"]["reason"] == REASON
    # The sender cannot report their own request.
    assert signed_in(grace).get(url).status_code == 404


def test_reporting_a_profile_and_the_admin_queue(client, ada, grace, outbox, settings):
    settings.STAFF_NOTIFICATION_EMAILS = ["moderators@pmportal.example"]
    staff = MemberFactory(email="root@example.org", is_staff=True, is_superuser=True)
    add_totp(staff)
    admin_client = signed_in(staff)
    url = f"/network/members/{grace.profile.handle}/report/"
    assert client.post(url, {"reason": "Pretends to be someone else."}).status_code == 302
    report = Report.objects.get()
    assert report.kind == "profile" and report.snapshot["profile"]["headline"]
    assert [m.to for m in outbox] == [["moderators@pmportal.example"]]
    assert f"/admin/network/report/{report.pk}/change/" in outbox[0].body
    assert "Pretends" not in outbox[0].body and grace.email not in outbox[0].body
    queue = admin_client.get("/admin/network/report/")
    assert queue.status_code == 200 and "Profile" in queue.content.decode()
    admin_client.post(
        "/admin/network/report/", {"action": "suspend", "_selected_action": [report.pk]}
    )
    grace.profile.refresh_from_db()
    assert grace.profile.is_suspended
    assert client.get(grace.profile.get_absolute_url()).status_code == 404
    admin_client.post(
        "/admin/network/report/", {"action": "resolve", "_selected_action": [report.pk]}
    )
    report.refresh_from_db()
    assert report.resolved_at is not None


def test_payloads_in_a_reason_render_inert(client, ada, grace):
    other = signed_in(grace)
    sent = ask(client, grace, (PAYLOADS[1] + " " + "x" * 20)[:500])
    assert sent.status_code == 302
    Introduction.objects.update(status="withdrawn")
    for payload in PAYLOADS:
        reason = (payload + " " + "x" * 20)[:500]
        intro = introduction(ada, grace, reason=reason)
        for viewer in (client, other):
            html = viewer.get(intro.get_absolute_url()).content.decode()
            assert not executable_constructs(html), payload
        Introduction.objects.filter(pk=intro.pk).update(status="withdrawn")
    evil = person(PAYLOADS[0][:100], skills=["pricing"])
    intro = introduction(evil, ada, reason=REASON)
    for url in ["/network/", intro.get_absolute_url(), f"{intro.get_absolute_url()}report/"]:
        assert not executable_constructs(client.get(url).content.decode()), url


def test_export_holds_requests_and_connections_as_the_member_sees_them(client, ada, grace):
    declined = introduction(ada, grace, status="declined")
    received = introduction(person("Linus Pauling"), ada)
    low, high = sorted([ada, grace], key=lambda user: user.pk)
    Connection.objects.create(user_low=low, user_high=high)
    data = json.loads(client.get("/members/me/export/").content)["activity"]
    rows = {row["direction"]: row for row in data["network.introduction"]}
    assert rows["sent"]["member"] == "Grace Hopper" and rows["sent"]["status"] == "Pending"
    assert rows["received"]["member"] == "Linus Pauling"
    assert data["network.connection"][0]["member"] == "Grace Hopper"
    assert declined.pk and received.pk and grace.email not in json.dumps(data)


def test_deleting_an_account_cancels_pending_requests_and_forgets_their_words(ada, grace):
    sent = introduction(ada, grace)
    received = introduction(person("Linus"), ada)
    low, high = sorted([ada, grace], key=lambda user: user.pk)
    Connection.objects.create(user_low=low, user_high=high)
    member_delete(user=ada)
    sent.refresh_from_db(), received.refresh_from_db()
    assert (sent.status, sent.sender_id, sent.reason) == ("cancelled", None, "")
    assert (received.status, received.recipient_id) == ("cancelled", None)
    assert not Connection.objects.exists()
    assert signed_in(grace).get(sent.get_absolute_url()).status_code == 404

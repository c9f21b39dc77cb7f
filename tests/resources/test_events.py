"""Every download counts once: HEAD, bots, partial requests and 24-hour repeats do not."""

from datetime import timedelta

import pytest
from django.utils import timezone

from resources.models import DownloadEvent, Resource
from resources.services import classify_user_agent
from tests.factories import ResourceFactory
from tests.resources.conftest import BROWSER_UA, client_for, consume, make_member

pytestmark = pytest.mark.django_db


def download(client, resource, **headers):
    response = client.get(resource.get_download_url(), **headers)
    consume(response)
    return response


def refreshed(resource) -> Resource:
    resource.refresh_from_db()
    return resource


def test_a_download_is_recorded_with_member_time_and_client_class(member, ebook):
    download(client_for(member), ebook)
    event = DownloadEvent.objects.get()
    assert event.resource == ebook
    assert event.member == member
    assert event.user_agent_class == "browser"
    assert timezone.now() - event.created_at < timedelta(seconds=5)
    assert refreshed(ebook).member_downloads == 1


def test_repeats_within_24_hours_count_once(member, ebook):
    client = client_for(member)
    for _ in range(3):
        assert download(client, ebook).status_code == 200
    assert DownloadEvent.objects.count() == 1
    assert refreshed(ebook).member_downloads == 1


def test_after_24_hours_it_is_a_new_event_but_still_one_member(member, ebook):
    client = client_for(member)
    download(client, ebook)
    DownloadEvent.objects.update(created_at=timezone.now() - timedelta(hours=25))
    download(client, ebook)
    assert DownloadEvent.objects.count() == 2
    assert refreshed(ebook).member_downloads == 1
    assert DownloadEvent.objects.unique_members() == 1


def test_two_members_are_two(member, ebook):
    download(client_for(member), ebook)
    download(client_for(make_member()), ebook)
    assert refreshed(ebook).member_downloads == 2


def test_head_requests_are_not_counted(member, ebook):
    response = client_for(member).head(ebook.get_download_url())
    assert response.status_code == 200
    assert not DownloadEvent.objects.exists()


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.5)",
        "Mozilla/5.0 (Windows NT 10.0) Proofpoint URL Defense",
        "curl/8.5.0",
        "python-requests/2.32",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "facebookexternalhit/1.1",
        "",
    ],
)
def test_bots_and_link_scanners_are_not_counted(member, ebook, agent):
    client = client_for(member)
    response = download(client, ebook, HTTP_USER_AGENT=agent)
    assert response.status_code == 200
    assert not DownloadEvent.objects.exists()
    assert refreshed(ebook).member_downloads == 0


def test_only_requests_from_the_first_byte_count(member):
    episode = ResourceFactory(kind="podcast", slug="episode")
    client = client_for(member)
    download(client, episode, HTTP_RANGE="bytes=100-199")
    download(client, episode, HTTP_RANGE="bytes=-10")
    assert not DownloadEvent.objects.exists()
    download(client, episode, HTTP_RANGE="bytes=0-")
    assert DownloadEvent.objects.count() == 1


def test_refused_downloads_are_not_counted(unverified, ebook):
    download(client_for(), ebook)
    download(client_for(unverified), ebook)
    assert not DownloadEvent.objects.exists()


def test_anonymous_downloads_of_public_files_count_once_per_visitor():
    resource = ResourceFactory(access="public", slug="free")
    visitor = client_for()
    download(visitor, resource)
    download(visitor, resource)
    other = client_for()
    download(other, resource, HTTP_USER_AGENT=BROWSER_UA + " Other", REMOTE_ADDR="10.0.0.9")
    events = DownloadEvent.objects.all()
    assert events.count() == 2
    assert all(event.member is None and len(event.visitor_key) == 64 for event in events)
    # Counts shown are members, not anonymous visitors.
    assert refreshed(resource).member_downloads == 0


def test_deleting_an_account_keeps_the_anonymous_count(member, ebook):
    download(client_for(member), ebook)
    member.delete()
    event = DownloadEvent.objects.get()
    assert event.member is None
    assert refreshed(ebook).member_downloads == 1


def test_counts_are_shown_as_unique_members(member, ebook):
    download(client_for(member), ebook)
    download(client_for(make_member()), ebook)
    page = client_for().get(ebook.get_absolute_url()).content.decode()
    assert "2 members" in page


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        (BROWSER_UA, "browser"),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile/15E148", "mobile"),
        ("Overcast/3.0 (+http://overcast.fm/; iOS podcast app)", "podcast_app"),
        ("AppleCoreMedia/1.0.0.21A329 (iPhone; U; CPU OS 17_0 like Mac OS X)", "podcast_app"),
        ("Thunderbird/115.0", "other"),
        ("SomeReader/2.0", None),  # "...reader": a feed reader fetching on its own
        ("Mozilla/5.0 (compatible; bingbot/2.0)", None),
        ("  ", None),
    ],
)
def test_user_agent_classes(agent, expected):
    assert classify_user_agent(agent) == expected


@pytest.mark.parametrize(("trusted_proxies", "visitors"), [(1, 2), (0, 1)])
def test_anonymous_visitors_behind_a_proxy_are_told_apart(settings, trusted_proxies, visitors):
    """The address is allauth's: the one our proxy appended to X-Forwarded-For when
    ALLAUTH_TRUSTED_PROXY_COUNT says there is a proxy, else the peer. What a visitor writes in
    the header themselves never splits one visitor into several."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = trusted_proxies
    resource = ResourceFactory(access="public", slug="proxied")
    for index, address in enumerate(["203.0.113.5", "203.0.113.6", "203.0.113.5"]):
        forged = f"198.51.100.{index}"  # a new made-up address in each request
        download(client_for(), resource, HTTP_X_FORWARDED_FOR=f"{forged}, {address}")
    assert DownloadEvent.objects.count() == visitors


@pytest.mark.django_db(transaction=True)
def test_a_double_click_counts_once_even_at_the_same_instant():
    """Two requests racing: the row lock makes the second see the first's event."""
    import threading

    from django.db import connection

    from resources.services import download_record

    member = make_member()
    resource = ResourceFactory(slug="raced")
    barrier = threading.Barrier(4)
    results = []

    def click():
        try:
            barrier.wait()
            results.append(download_record(resource=resource, member=member, user_agent=BROWSER_UA))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(result is not None for result in results) == 1
    assert DownloadEvent.objects.count() == 1
    assert refreshed(resource).member_downloads == 1

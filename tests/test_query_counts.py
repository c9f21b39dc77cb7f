"""Queries per list and search page, pinned exactly: an N+1 or a forgotten select_related shows
up here first. Visitors get at most 5 queries a page, signed-in members at most 8.

Counted with the cache cleared, on the first request: the page as it is built, not as a cache
serves it (anonymous pages may be cached; a cached page costs fewer queries, never more). Every
list holds several rows with tags, so a query per row would show. The member directory, the
mentor pages and the dashboard pin their own counts beside their tests.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from events.models import Rsvp
from network.models import Connection
from network.services import message_send
from notifications.models import Notification, NotificationPreference
from tests.factories import (
    DownloadEventFactory,
    EventFactory,
    FaqCategoryFactory,
    FaqQuestionFactory,
    MemberFactory,
    ResourceFactory,
)

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36"
VISITOR_CEILING, MEMBER_CEILING = 5, 8
QUESTIONS = [f"/faq/roadmap-question-{index}/" for index in range(3)]
RESOURCES = [f"/resources/roadmap-guide-{index}/" for index in range(4)]
EVENTS = [f"/events/meetup-{index}/" for index in range(3)]
PAGES = {
    "home": "/",
    "FAQ index": "/faq/",
    "FAQ search": "/faq/search/?q=roadmap",
    "FAQ question": QUESTIONS[0],
    "resource index": "/resources/",
    "resource search": "/resources/?q=roadmap",
    "resource page": RESOURCES[1],
    "my library": "/resources/library/",
    "notifications": "/notifications/",
    "conversations": "/network/conversations/",
    "events": "/events/",
    "event page": EVENTS[0],
}
# What each list links to: every row, so a query per row would be counted.
ROWS = {
    "FAQ index": QUESTIONS,
    "FAQ search": QUESTIONS,
    "resource index": RESOURCES,
    "resource search": RESOURCES,
    "my library": RESOURCES[:3],
    "conversations": [f"/network/conversations/with/writer-{index}/" for index in range(3)],
    "events": [*EVENTS, "/events/past-meetup/"],
}
# page: (visitor, member). Pages cached for visitors run outside the request's transaction (they
# only read); the others include its SAVEPOINT and RELEASE (BEGIN and COMMIT in production). A
# member's count holds the session and user rows too (the header's unread counts come with the
# user row: members/backends.py).
QUERIES = {
    "home": (1, 3),
    "FAQ index": (2, 4),
    # Synonyms and typo dictionary (held per process), search, the other sources (resources, and
    # community threads for members) in one UNION, the log INSERT.
    "FAQ search": (5, 7),
    "FAQ question": (3, 5),
    "resource index": (3, 5),
    "resource search": (3, 5),
    "resource page": (2, 5),
    "my library": (2, 6),  # a visitor is sent to sign in
    "notifications": (2, 5),  # likewise
    "conversations": (0, 4),  # a visitor is sent to sign in; the list's count and page
    "events": (3, 5),  # upcoming with their counts, the past page and its count
    "event page": (1, 5),  # the event with its counts; a member's answer and the attendees
}


@pytest.fixture
def member(db):
    """Three FAQ questions in two categories and four resources, all tagged; a member who
    downloaded three of them and has three conversations."""
    roadmaps, hiring = FaqCategoryFactory(slug="roadmaps"), FaqCategoryFactory(slug="hiring")
    for index, category in enumerate([roadmaps, roadmaps, hiring]):
        FaqQuestionFactory(
            category=category,
            slug=f"roadmap-question-{index}",
            question=f"How do I share a roadmap, case {index}?",
            tags=["roadmap", f"case-{index}"],
        )
    resources = [
        ResourceFactory(
            slug=f"roadmap-guide-{index}",
            title=f"Roadmap guide {index}",
            access="public" if index == 0 else "members",
            tags=["roadmap", f"part-{index}"],
        )
        for index in range(4)
    ]
    member = MemberFactory()
    for resource in resources[:3]:
        DownloadEventFactory(resource=resource, member=member)
        Notification.objects.create(recipient=member, kind="news", text=resource.title)
    NotificationPreference.objects.create(user=member, kind="message", delivery="off")
    for index in range(3):  # three conversations, told of in no notification
        writer = MemberFactory(profile__handle=f"writer-{index}")
        Connection.objects.create(user_low=member, user_high=writer)
        message_send(sender=writer, recipient=member, text="Hello")
    for index in range(3):  # three upcoming events the member is going to, shown on the list
        event = EventFactory(
            slug=f"meetup-{index}", starts_at=timezone.now() + timedelta(days=index + 1)
        )
        for going in (member, *MemberFactory.create_batch(2)):
            Rsvp.objects.create(event=event, user=going, status="going", show_me=True)
    EventFactory(slug="past-meetup", starts_at=timezone.now() - timedelta(days=9))
    return member


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
@pytest.mark.parametrize("page", PAGES)
def test_queries_per_page(member, django_assert_num_queries, page, signed_in):
    client = Client(headers={"user-agent": BROWSER})
    if signed_in:
        client.force_login(member)
    expected = QUERIES[page][signed_in]
    assert expected <= (MEMBER_CEILING if signed_in else VISITOR_CEILING)
    cache.clear()  # the page built, not served from a cache
    with django_assert_num_queries(expected):
        response = client.get(PAGES[page])
    if page in {"my library", "notifications", "conversations"} and not signed_in:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert all(f'href="{row}"' in html for row in ROWS.get(page, [])), page
    if page == "notifications":  # three of them, each a button
        assert html.count('class="link-button notification__text"') == 3

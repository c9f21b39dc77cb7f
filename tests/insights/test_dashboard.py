"""The owner's dashboard: who may see it, and every figure against hand-computed data."""

import csv
import datetime as dt
import io

import pytest
from allauth.account.models import EmailAddress
from django.tasks import TaskResultStatus
from django.utils import timezone

from faq.models import HelpfulVote, SearchLog, SubmittedQuestion
from insights.figures import Period, group_similar, networking
from insights.models import ActivityEvent, SignupSource
from insights.tasks import refresh_dashboard
from mentoring.models import Mentorship
from network.models import Connection, Conversation, Participant
from resources.models import DownloadEvent
from tests.factories import (
    DownloadEventFactory,
    FaqQuestionFactory,
    ResourceFactory,
    StaffFactory,
    UserFactory,
)
from tests.network.conftest import introduction, person
from tests.quality import assert_valid_html

pytestmark = pytest.mark.django_db

NOW = timezone.now()
IN_PERIOD = NOW - dt.timedelta(days=2)
BEFORE_PERIOD = NOW - dt.timedelta(days=20)


@pytest.fixture
def staff(client):
    user = StaffFactory()
    client.force_login(user)
    return user


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/dashboard/")


def test_members_who_are_not_staff_get_403(client):
    client.force_login(UserFactory())
    assert client.get("/dashboard/").status_code == 403


def test_an_empty_period_shows_zeros_and_no_errors(client, staff, django_assert_num_queries):
    with django_assert_num_queries(43, exact=True):
        response = client.get("/dashboard/?days=7")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing in this period." in html
    assert response.context["faq"]["total"] == 0
    # The only activity is the staff member signing in to look.
    assert response.context["engagement"]["active_members"] == 1
    assert_valid_html({"dashboard": html})


def _joined(email: str, *, verified: bool, complete: bool = False, when=IN_PERIOD):
    user = UserFactory(email=email, date_joined=when)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    if complete:
        profile = user.profile
        profile.display_name, profile.headline, profile.role = "Ada", "Growth PM", "growth"
        profile.save()
        profile.skills.set(["pricing"])
        type(profile).objects.filter(pk=profile.pk).update(skill_slugs=["pricing"])
    return user


def test_acquisition_figures(client, staff):
    ada = _joined("ada@example.org", verified=True, complete=True)
    _joined("bo@example.org", verified=True)
    _joined("cy@example.org", verified=False)
    _joined("old@example.org", verified=True, when=BEFORE_PERIOD)
    SignupSource.objects.create(
        user=ada, utm_source="newsletter", gated_resource_slug="pricing-kit"
    )
    ResourceFactory(slug="pricing-kit", title="Pricing kit")
    SignupSource.objects.create(referrer_host="news.example.com")
    SignupSource.objects.create()

    response = client.get("/dashboard/?days=7")
    acquisition = response.context["acquisition"]
    # staff joined today too: 4 sign-ups in the period, 2 of them verified, 1 complete.
    assert acquisition["total"] == 4
    assert acquisition["verified_share"] == pytest.approx(2 / 4)
    assert acquisition["complete_share"] == pytest.approx(1 / 4)
    assert acquisition["signups"].total == 4
    assert acquisition["gated"].rows == [("Pricing kit", 1)]
    assert sorted(acquisition["channels"].rows) == [
        ("direct", 1), ("news.example.com", 1), ("newsletter", 1),
    ]  # fmt: skip


def test_engagement_figures(client, staff):
    growth = _joined("g@example.org", verified=True, complete=True)
    growth.profile.domains = ["ai"]
    growth.profile.save()
    other = UserFactory()
    pricing = ResourceFactory(title="Pricing playbook")
    roadmap = ResourceFactory(title="Roadmap guide")
    for member, resource in [(growth, pricing), (other, pricing), (other, roadmap)]:
        DownloadEventFactory(member=member, resource=resource)
    DownloadEvent.objects.update(created_at=IN_PERIOD)
    DownloadEventFactory(member=other, resource=roadmap, created_at=BEFORE_PERIOD)
    ActivityEvent.objects.all().delete()  # force_login above recorded the staff sign-in
    ActivityEvent.objects.create(kind="login", user=staff)
    ActivityEvent.objects.create(kind="directory_search", user=growth)
    ActivityEvent.objects.create(kind="mentor_view", user=growth)

    engagement = client.get("/dashboard/?days=7").context["engagement"]
    assert engagement["active_members"] == 3  # staff signed in, growth and other downloaded
    assert engagement["downloads"].total == 3
    assert engagement["top_resources"].rows[0] == ("Pricing playbook", 2, 2)
    assert engagement["by_role"].rows == [("Growth PM", "Pricing playbook", 1)]
    assert engagement["by_domain"].rows == [("AI", "Pricing playbook", 1)]
    assert engagement["directory_searches"].total == 1
    assert engagement["mentor_views"] == 1


def test_faq_figures(client, staff):
    for query, results, times in [
        ("roadmap", 3, 3), ("rodmap", 0, 1), ("rodmaps", 0, 1), ("pm salary", 0, 2),
    ]:  # fmt: skip
        for _ in range(times):
            SearchLog.objects.create(query=query, results=results, created_at=IN_PERIOD)
    SearchLog.objects.create(query="old", results=0, created_at=BEFORE_PERIOD)
    question = FaqQuestionFactory(question="What does a PM do?")
    HelpfulVote.objects.create(question=question, helpful=True, session_key="a")
    HelpfulVote.objects.create(
        question=question, helpful=False, session_key="b", comment="Too short"
    )
    SubmittedQuestion.objects.create(name="Kim", email="kim@example.org", question="Salaries?")
    FaqQuestionFactory(question="Old answer?", last_reviewed=NOW.date() - dt.timedelta(days=400))

    faq = client.get("/dashboard/?days=7").context["faq"]
    assert faq["total"] == 7
    assert faq["no_result_share"] == pytest.approx(4 / 7)
    assert faq["no_result_alert"] is True
    assert faq["top_searches"].rows[0] == ("roadmap", 3)
    groups = {row[0]: row for row in faq["no_result_groups"].rows}
    assert groups["pm salary"][2] == 2
    assert groups["rodmap"] == ("rodmap", "rodmaps", 2)
    assert faq["helpful"].rows == [("What does a PM do?", 1, 1)]
    assert faq["comments"].rows[0][:2] == ("What does a PM do?", "Too short")
    assert faq["unanswered"].rows[0][0] == "Salaries?"
    assert faq["stale_count"] == 1


def test_similar_wordings_are_grouped_by_trigram_similarity():
    rows = group_similar([("impostor syndrome", 5), ("imposter syndrome", 2), ("pricing", 1)])
    assert rows == [("impostor syndrome", "imposter syndrome", 7), ("pricing", "", 1)]


def test_every_table_downloads_as_csv(client, staff):
    SearchLog.objects.create(query="=cmd|' /C calc'!A0", results=0, created_at=IN_PERIOD)
    SearchLog.objects.create(query="roadmap", results=2, created_at=IN_PERIOD)
    response = client.get("/dashboard/?days=30&csv=top_searches")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Search", "Times"]
    # A formula-looking query is neutralised for spreadsheets.
    assert ["'=cmd|' /C calc'!A0", "1"] in rows
    for key in ("signups", "channels", "gated", "downloads", "top_resources", "by_role",
                "by_domain", "directory_searches", "no_result_groups", "helpful", "comments",
                "unanswered", "stale", "introductions", "conversations", "networking_weekly",
                "networking_by_role", "networking_by_domain"):  # fmt: skip
        assert client.get(f"/dashboard/?days=7&csv={key}").status_code == 200, key
    assert client.get("/dashboard/?days=7&csv=nope").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("days=custom", "Choose both a start and an end date"),
        ("days=custom&start=2026-05-02&end=2026-05-01", "on or before the end date"),
        ("days=custom&start=2020-01-01&end=2026-01-01", "at most two years"),
        ("days=custom&start=2026-01-01&end=2999-01-01", "cannot be in the future"),
        ("days=custom&start=yesterday&end=2026-01-01", "Enter a valid date"),
        ("days=12", "Select a valid choice"),
    ],
)
def test_bad_periods_get_a_clear_400(client, staff, query, message):
    response = client.get(f"/dashboard/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_custom_range_uses_weekly_buckets_beyond_a_month(client, staff):
    today = timezone.now().date()
    start = today - dt.timedelta(days=59)
    response = client.get(f"/dashboard/?days=custom&start={start}&end={today}")
    assert response.status_code == 200
    period = response.context["period"]
    assert period == Period.between(start, today)
    assert period.weekly
    assert all(p.label.startswith("wk ") for p in response.context["acquisition"]["signups"].points)


def test_figures_come_from_a_snapshot_that_refresh_dashboard_renews(client, staff):
    SearchLog.objects.create(query="roadmap", results=3, created_at=IN_PERIOD)
    assert client.get("/dashboard/?days=7").context["faq"]["total"] == 1
    SearchLog.objects.create(query="okrs", results=1, created_at=IN_PERIOD)
    # Within the snapshot's lifetime the page shows the figures it computed first...
    response = client.get("/dashboard/?days=7")
    assert response.context["faq"]["total"] == 1
    assert "Figures as of" in response.content.decode()
    # ...and the periodic refresh brings in what happened since.
    from django.core.management import call_command

    call_command("refresh_dashboard", stdout=io.StringIO())
    assert client.get("/dashboard/?days=7").context["faq"]["total"] == 2


def test_the_refresh_task_renews_the_snapshot_when_a_worker_runs_it(client, staff, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    SearchLog.objects.create(query="roadmap", results=3, created_at=IN_PERIOD)
    assert client.get("/dashboard/?days=7").context["faq"]["total"] == 1
    SearchLog.objects.create(query="okrs", results=1, created_at=IN_PERIOD)
    result = refresh_dashboard.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert [days for days, _ in result.return_value] == [7, 30, 90]
    assert client.get("/dashboard/?days=7").context["faq"]["total"] == 2


def _conversation(a, b, when):
    conversation = Conversation.objects.create(created_at=when)
    Participant.objects.bulk_create(
        [
            Participant(conversation=conversation, user=a, other=b),
            Participant(conversation=conversation, user=b, other=a),
        ]
    )


@pytest.fixture
def networking_world():
    """Four members, each figure in and before the period (hand-counted in the tests)."""
    ada = person("Ada", role="growth", domains=["ai", "data"])
    bo = person("Bo", role="technical", domains=["ai"])
    cy = person("Cy", role="growth")
    dee = person("Dee")
    for sender, recipient, status, days_ago in [
        (ada, bo, "accepted", 2), (ada, cy, "pending", 2), (bo, cy, "declined", 2),
        (cy, dee, "accepted", 2), (ada, dee, "accepted", 20),
    ]:  # fmt: skip
        introduction(sender, recipient, days_ago=days_ago, status=status)
    for a, b, when in [(ada, bo, IN_PERIOD), (cy, dee, IN_PERIOD), (ada, dee, BEFORE_PERIOD)]:
        low, high = sorted([a, b], key=lambda user: user.pk)
        Connection.objects.create(user_low=low, user_high=high, created_at=when)
        _conversation(a, b, when)
    for mentor, mentee, started, ended, status, rating in [
        (bo, ada, IN_PERIOD, IN_PERIOD, "completed", 5),
        (bo, cy, BEFORE_PERIOD, IN_PERIOD, "completed", 4),
        (dee, bo, IN_PERIOD, IN_PERIOD, "ended", 3),
        (ada, dee, IN_PERIOD, None, "active", None),
    ]:
        Mentorship.objects.create(
            mentor=mentor, mentee=mentee, started_at=started, ended_at=ended, status=status,
            rating=rating,
        )  # fmt: skip
    return ada, bo, cy, dee


def test_dashboard_queries_are_pinned(client, staff, networking_world, django_assert_num_queries):
    """The request's own 5 (session, staff member with the header's counts, their MFA check, a
    savepoint, its release) and 38 for the figures: networking's 12 (five weekly GROUP BYs, four by
    segment, the active connections, two charts), the events' one, the rest the community's and the
    digest's; the same with rows as without. From the snapshot: the request's own only."""
    with django_assert_num_queries(12, exact=True):
        networking(Period.last_days(7))
    with django_assert_num_queries(43, exact=True):
        assert client.get("/dashboard/?days=7").status_code == 200
    with django_assert_num_queries(5, exact=True):
        assert client.get("/dashboard/?days=7").status_code == 200


def test_networking_figures(client, staff, networking_world):
    networking = client.get("/dashboard/?days=7").context["networking"]
    totals = networking["totals"]
    assert (totals["sent"], totals["accepted"]) == (4, 2)
    assert networking["acceptance"] == pytest.approx(0.5)
    assert networking["active_connections"] == 3
    assert (totals["connections"], totals["conversations"]) == (2, 2)
    assert (totals["started"], totals["completed"], totals["rated"]) == (3, 2, 3)
    assert networking["average_rating"] == "4.0"
    assert networking["introductions"].total == 4 and networking["conversations"].total == 2
    # Sent, accepted, rate, connections, conversations, mentorships started, completed,
    # average rating (two ratings are too few to show).
    assert networking["by_role"].rows == [
        ("Technical PM", 1, 0, "0%", 1, 1, 1, 0, "n/a"),
        ("Growth PM", 3, 2, "67%", 2, 2, 1, 2, "n/a"),
    ]
    assert networking["by_domain"].rows == [
        ("AI", 3, 1, "33%", 1, 1, 2, 1, "n/a"),
        ("Data & analytics", 2, 1, "50%", 1, 1, 1, 1, "n/a"),
    ]
    weekly = networking["weekly"].rows
    assert [sum(row[column] for row in weekly) for column in (1, 2, 4, 5, 6, 7)] == [
        4, 2, 2, 2, 3, 2,
    ]  # fmt: skip


def test_networking_tables_download_as_csv(client, staff, networking_world):
    response = client.get("/dashboard/?days=7&csv=networking_by_role")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Role", "Introductions sent", "Accepted", "Acceptance rate"]
    assert rows[2] == ["Growth PM", "3", "2", "67%", "2", "2", "1", "2", "n/a"]


def test_networking_week_by_week(networking_world):
    """A fixed fortnight: the rows fall in the weeks they were made in."""
    monday = (IN_PERIOD - dt.timedelta(days=IN_PERIOD.weekday())).date()
    weekly = networking(
        Period.between(monday - dt.timedelta(days=7), monday + dt.timedelta(days=6))
    )
    previous, this = weekly["weekly"].rows
    assert previous[1:] == (0, 0, "n/a", 0, 0, 0, 0, "n/a")
    assert this == (f"{monday.day} {monday:%b %Y}", 4, 2, "50%", 2, 2, 3, 2, "4.0")


def test_ratings_are_shown_only_as_averages_of_three_or_more(client, staff, networking_world):
    html = client.get("/dashboard/?days=7").content.decode()
    assert "Average mentorship rating" in html and "<dd>4.0</dd>" in html
    assert "shown from 3 ratings up" in html
    Mentorship.objects.filter(rating=3).update(rating=None)
    fresh = client.get("/dashboard/?days=30").context["networking"]
    assert fresh["average_rating"] == "n/a" and fresh["totals"]["rated"] == 2

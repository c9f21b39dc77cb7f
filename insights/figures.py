"""The owner's figures for a period: acquisition, engagement, FAQ effectiveness, networking,
events, community questions and the digest, each one aggregation over an indexed timestamp
range, as `Table`s (CSV too) and `Series` (charts). The distinct counts take seconds at scale,
so pages read a cached `snapshot` that `insights.tasks.refresh_dashboard` renews (or compute one
when it is older than SNAPSHOT_MAX_AGE).
"""

import datetime as dt
import functools
import operator
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    TextChoices,
    Value,
)
from django.db.models.functions import Coalesce, NullIf, TruncDay, TruncWeek
from django.utils import timezone

from community.models import Question as CommunityQuestion
from community.models import Status as PostStatus
from digest.models import Frequency, Send, Subscription
from events.models import Event, Rsvp
from faq.models import HelpfulVote, Question, SearchLog, SubmittedQuestion
from insights.charts import Point
from insights.models import ActivityEvent, SignupSource
from members.models import ProductDomain, RoleType, User
from mentoring.models import Mentorship
from network.models import Connection, Conversation, Introduction, Participant
from resources.models import DownloadEvent, Resource

SNAPSHOT_MAX_AGE = dt.timedelta(minutes=10)
PRESET_DAYS = (7, 30, 90)
# Wordings of searches that found nothing are grouped when pg_trgm finds them this similar.
SIMILAR_WORDING = 0.45
TOP = 10
STALE_AFTER = dt.timedelta(days=365)
NO_RESULT_ALERT_SHARE = 0.10


@dataclass(frozen=True)
class Period:
    """[start, end) in UTC, whole days. Daily buckets up to 31 days, weekly beyond."""

    start: dt.datetime
    end: dt.datetime

    @classmethod
    def last_days(cls, days: int, *, today: dt.date | None = None) -> "Period":
        today = today or timezone.now().date()
        return cls.between(today - dt.timedelta(days=days - 1), today)

    @classmethod
    def between(cls, first_day: dt.date, last_day: dt.date) -> "Period":
        start = dt.datetime.combine(first_day, dt.time.min, tzinfo=dt.UTC)
        end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
        return cls(start, end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def weekly(self) -> bool:
        return self.days > 31

    def range(self, field_name: str = "created_at") -> Q:
        return Q(**{f"{field_name}__gte": self.start, f"{field_name}__lt": self.end})

    def buckets(self, *, weekly: bool | None = None) -> list[dt.date]:
        """The first day of each bucket: the period's own size, or ISO weeks when `weekly`."""
        weekly = self.weekly if weekly is None else weekly
        first = self.start.date()
        if weekly:
            first -= dt.timedelta(days=first.weekday())
        span = (self.end.date() - first).days
        return [first + dt.timedelta(days=day) for day in range(0, span, 7 if weekly else 1)]


@dataclass
class Table:
    key: str
    title: str
    headers: Sequence[str]
    rows: list[Sequence] = field(default_factory=list)
    empty: str = "Nothing in this period."
    note: str = ""


@dataclass
class Series:
    key: str
    title: str
    points: list[Point]

    @property
    def total(self) -> float:
        return sum(p.value for p in self.points)

    def as_table(self) -> Table:
        return Table(
            self.key, self.title, ["Period", "Count"], [(p.label, p.value) for p in self.points]
        )


def _grouped(
    queryset: QuerySet, field_name: str, period: Period, weekly: bool, **aggregates: Aggregate
) -> dict[dt.date, dict]:
    """The aggregates per day (or ISO week) of `field_name` within the period: one GROUP BY."""
    trunc = TruncWeek if weekly else TruncDay
    rows = (
        queryset.filter(period.range(field_name))
        .annotate(bucket=trunc(field_name, tzinfo=dt.UTC))
        .values("bucket")
        .annotate(**aggregates)
        .order_by()
    )
    return {row.pop("bucket").date(): row for row in rows}


def _series(key: str, title: str, queryset: QuerySet, field_name: str, period: Period) -> Series:
    """Counts per day (or ISO week), with empty buckets filled with 0."""
    counts = _grouped(queryset, field_name, period, period.weekly, n=Count("pk"))
    label = "%d %b" if not period.weekly else "wk %d %b"
    points = [
        Point(day.strftime(label), counts.get(day, {}).get("n", 0)) for day in period.buckets()
    ]
    return Series(key, title, points)


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _most_frequent(queryset: QuerySet, field_name: str, limit: int = TOP) -> list[tuple]:
    """(value, rows) of the `limit` most frequent values of the field, in one GROUP BY."""
    counts = queryset.values_list(field_name).annotate(n=Count("pk"))
    return list(counts.order_by("-n", field_name)[:limit])


# Acquisition ------------------------------------------------------------------------------------

PROFILE_COMPLETE = (
    Q(profile__display_name__gt="")
    & Q(profile__headline__gt="")
    & Q(profile__role__gt="")
    & ~Q(profile__skill_slugs=[])
)


def acquisition(period: Period) -> dict:
    joined = User.objects.filter(period.range("date_joined"))
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    counts = joined.annotate(is_verified=Exists(verified)).aggregate(
        total=Count("pk"),
        verified=Count("pk", filter=Q(is_verified=True)),
        complete=Count("pk", filter=PROFILE_COMPLETE),
    )
    sources = SignupSource.objects.filter(period.range())
    gated = _most_frequent(sources.exclude(gated_resource_slug=""), "gated_resource_slug")
    titles = dict(
        Resource.objects.filter(slug__in=[slug for slug, _ in gated]).values_list("slug", "title")
    )
    # One label per sign-up, as SignupSource.channel reads it.
    channel = Coalesce(
        NullIf("utm_source", Value("")), NullIf("referrer_host", Value("")), Value("direct")
    )
    return {
        "signups": _series(
            "signups", "New registrations", User.objects.all(), "date_joined", period
        ),
        "total": counts["total"],
        "verified_share": share(counts["verified"], counts["total"]),
        "complete_share": share(counts["complete"], counts["total"]),
        "gated": Table(
            "gated",
            "Sign-ups that came through a members-only download",
            ["Resource", "Sign-ups"],
            [(titles.get(slug, slug), n) for slug, n in gated],
        ),
        "channels": Table(
            "channels",
            "First-touch source of sign-ups",
            ["Source (utm_source, else referrer)", "Sign-ups"],
            _most_frequent(sources.annotate(channel=channel), "channel"),
        ),
    }


# Engagement -------------------------------------------------------------------------------------


def engagement(period: Period) -> dict:
    downloads = DownloadEvent.objects.filter(period.range())
    logins = ActivityEvent.objects.filter(period.range(), kind=ActivityEvent.Kind.LOGIN)
    active = (
        logins.exclude(user=None)
        .values("user")
        .union(downloads.exclude(member=None).values("member"))
        .count()
    )
    top_resources = list(
        downloads.values("resource__title")
        .annotate(members=Count("member", distinct=True), total=Count("pk"))
        .order_by("-members", "-total", "resource__title")[:TOP]
    )
    activity = ActivityEvent.objects.filter(period.range())
    return {
        "active_members": active,
        "downloads": _series(
            "downloads", "Downloads", DownloadEvent.objects.all(), "created_at", period
        ),
        "top_resources": Table(
            "top_resources",
            "Top resources by unique members",
            ["Resource", "Members", "Downloads"],
            [(r["resource__title"], r["members"], r["total"]) for r in top_resources],
        ),
        "by_role": _top_resource_by(
            downloads, "by_role", "member role", RoleType, lambda v: Q(member__profile__role=v)
        ),
        "by_domain": _top_resource_by(
            downloads,
            "by_domain",
            "product domain",
            ProductDomain,
            lambda v: Q(member__profile__domains__contains=[v]),
        ),
        "directory_searches": _series(
            "directory_searches",
            "Directory searches",
            ActivityEvent.objects.filter(kind=ActivityEvent.Kind.DIRECTORY_SEARCH),
            "created_at",
            period,
        ),
        "mentor_views": activity.filter(kind=ActivityEvent.Kind.MENTOR_VIEW).count(),
    }


def _top_resource_by(
    downloads: QuerySet, key: str, noun: str, choices: type[TextChoices], having: Callable
) -> Table:
    """For each of the `choices` of a profile field, the resource most members with it downloaded,
    in one GROUP BY with a filtered count per value."""
    counts = {
        value: Count("member", distinct=True, filter=having(value)) for value in choices.values
    }
    rows = downloads.exclude(member=None).values("resource__title").annotate(**counts)
    best: dict[str, tuple[str, int]] = {}
    for row in rows.order_by("resource__title"):
        for value in choices.values:
            if row[value] and row[value] > best.get(value, ("", 0))[1]:
                best[value] = (row["resource__title"], row[value])
    return Table(
        key,
        f"Most downloaded resource by {noun}",
        [noun.split()[-1].capitalize(), "Resource", "Members"],
        [(choices(value).label, *best[value]) for value in choices.values if value in best],
    )


# FAQ effectiveness ---------------------------------------------------------------------------


def faq(period: Period) -> dict:
    searches = SearchLog.objects.filter(period.range())
    totals = searches.aggregate(total=Count("pk"), empty=Count("pk", filter=Q(results=0)))
    no_result = _most_frequent(searches.filter(results=0), "query", 50)
    votes = list(
        HelpfulVote.objects.filter(period.range())
        .values("question__question", "question__slug")
        .annotate(yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False)))
        .order_by("-no", "-yes")[:TOP]
    )
    comments = list(
        HelpfulVote.objects.filter(period.range(), helpful=False)
        .exclude(comment="")
        .values_list("question__question", "comment", "created_at")[:TOP]
    )
    unanswered = list(
        SubmittedQuestion.objects.unanswered().values_list(
            "question", "search_query", "created_at"
        )[:TOP]
    )
    stale_before = timezone.now().date() - STALE_AFTER
    stale = Question.objects.published().filter(last_reviewed__lt=stale_before)
    no_result_share = share(totals["empty"], totals["total"])
    return {
        "total": totals["total"],
        "no_result_share": no_result_share,
        "no_result_alert": no_result_share > NO_RESULT_ALERT_SHARE,
        "top_searches": Table(
            "top_searches", "Top searches", ["Search", "Times"], _most_frequent(searches, "query")
        ),
        "no_result_groups": Table(
            "no_result_groups",
            "Searches that found nothing, grouped by similar wording",
            ["Search", "Also typed as", "Times"],
            group_similar(no_result),
        ),
        "helpful": Table(
            "helpful",
            "Was this helpful? (most “no” first)",
            ["Question", "Yes", "No"],
            [(v["question__question"], v["yes"], v["no"]) for v in votes],
        ),
        "comments": Table(
            "comments",
            "Latest comments on “not helpful”",
            ["Question", "Comment", "When"],
            [(q, c, when.date().isoformat()) for q, c, when in comments],
        ),
        "unanswered": Table(
            "unanswered",
            "Submitted questions still unanswered",
            ["Question", "Searched for", "Asked on"],
            [(q, s, when.date().isoformat()) for q, s, when in unanswered],
            empty="Every submitted question has an answer.",
        ),
        "stale": Table(
            "stale",
            "Answers not reviewed for 12 months",
            ["Question", "Last reviewed"],
            [(q, d.isoformat()) for q, d in stale.values_list("question", "last_reviewed")[:TOP]],
            empty="Every answer was reviewed in the last 12 months.",
        ),
        "stale_count": stale.count(),
    }


# Community questions ----------------------------------------------------------------------------

ANSWERED_WITHIN = dt.timedelta(hours=48)


def community(period: Period) -> dict:
    """Questions asked in the period, how many got an answer within 48 h, an accepted answer or
    an FAQ entry; and the FAQ gaps (searches that found nothing and became a thread) that a
    thread now answers with an accepted answer, not yet in the FAQ."""
    asked = CommunityQuestion.objects.filter(period.range()).exclude(status=PostStatus.REMOVED)
    counts = asked.aggregate(
        asked=Count("pk"),
        answered_48h=Count(
            "pk", filter=Q(first_answer_at__lte=F("created_at") + Value(ANSWERED_WITHIN))
        ),
        accepted=Count("pk", filter=Q(accepted_answer__isnull=False)),
        promoted=Count("pk", filter=Q(promoted_to__isnull=False)),
    )
    gaps = (
        CommunityQuestion.objects.filter(
            status=PostStatus.VISIBLE, accepted_answer__isnull=False, promoted_to__isnull=True
        )
        .exclude(search_query="")
        .order_by("-accepted_at")
        .values_list("search_query", "title", "answer_count")[:TOP]
    )
    return {
        **counts,
        "answered_share": share(counts["answered_48h"], counts["asked"]),
        "gaps": Table(
            "community_gaps",
            "FAQ gaps a community thread now answers (accepted, not yet in the FAQ)",
            ["Searched for", "Community question", "Answers"],
            list(gaps),
            empty="No thread answers a failed search yet.",
        ),
    }


def group_similar(counted: list[tuple[str, int]]) -> list[tuple[str, str, int]]:
    """Merge wordings pg_trgm finds similar (one query scores every pair); the most frequent
    names each group."""
    if not counted:
        return []
    wordings = [query for query, _ in counted]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.q, b.q FROM unnest(%s::text[]) AS a(q), unnest(%s::text[]) AS b(q) "
            "WHERE a.q < b.q AND similarity(a.q, b.q) >= %s",
            [wordings, wordings, SIMILAR_WORDING],
        )
        pairs = cursor.fetchall()
    parent = {query: query for query in wordings}

    def root(query: str) -> str:
        while parent[query] != query:
            parent[query] = parent[parent[query]]
            query = parent[query]
        return query

    rank = {query: index for index, query in enumerate(wordings)}  # most frequent first
    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            keep, merge = (ra, rb) if rank[ra] < rank[rb] else (rb, ra)
            parent[merge] = keep
    groups: dict[str, list[tuple[str, int]]] = {}
    for query, n in counted:
        groups.setdefault(root(query), []).append((query, n))
    rows = [
        (head, ", ".join(q for q, _ in members if q != head), sum(n for _, n in members))
        for head, members in groups.items()
    ]
    return sorted(rows, key=lambda row: (-row[2], row[0]))[:TOP]


# Networking -----------------------------------------------------------------------------------

# An average of fewer ratings could tell one mentee's rating: staff see ratings only in aggregate.
MIN_RATINGS = 3
NOT_SHOWN = "n/a"
# A member's segments: their role, and each product domain they work in (often several).
SEGMENTS = [
    *(("role", label, "role", value) for value, label in RoleType.choices),
    *(("domain", label, "domains__contains", [value]) for value, label in ProductDomain.choices),
]
SEGMENT_TABLES = {
    "role": ("Role", "Networking by member role"),
    "domain": ("Domain", "Networking by product domain"),
}
NETWORK_HEADERS = [
    "Introductions sent",
    "Accepted",
    "Acceptance rate",
    "Connections made",
    "Conversations started",
    "Mentorships started",
    "Completed",
    "Average rating",
]
WEEKLY_NOTE = (
    "Acceptance rate: of the requests sent, those accepted so far. Connections made: those "
    "still active. Average rating: the mentees' ratings (1 to 5) of the mentorships that ended, "
    f"shown from {MIN_RATINGS} ratings up so that no one's rating can be told."
)
SEGMENT_NOTE = (
    "Introductions count for the sender's segments, mentorships for the mentee's, connections "
    "and conversations for both members'; a member may work in several domains."
)


@dataclass(frozen=True)
class Figure:
    """One networking count: `total` of `of` over the rows whose `day` is in the period."""

    name: str
    day: str
    of: str = "pk"
    where: Q = field(default_factory=Q)
    total: type[Aggregate] = Count

    def aggregate(self, condition: Q | None = None) -> Aggregate:
        where = self.where & (condition or Q())
        distinct = self.total is Count and self.of != "pk"
        return self.total(self.of, filter=where or None, distinct=distinct)


# (rows, the profiles a row is segmented by, its figures)
NETWORK_FIGURES = [
    (
        Introduction.objects,
        ["sender__profile"],
        [
            Figure("sent", "created_at"),
            Figure("accepted", "created_at", where=Q(status="accepted")),
        ],
    ),
    (
        Connection.objects,
        ["user_low__profile", "user_high__profile"],
        [Figure("connections", "created_at")],
    ),
    # Each conversation has a row per member; counted once.
    (
        Participant.objects,
        ["user__profile"],
        [Figure("conversations", "conversation__created_at", of="conversation")],
    ),
    (
        Mentorship.objects,
        ["mentee__profile"],
        [
            Figure("started", "started_at"),
            Figure("completed", "ended_at", where=Q(status=Mentorship.Status.COMPLETED)),
            Figure("rated", "ended_at", of="rating"),
            Figure("rating_sum", "ended_at", of="rating", total=Sum),
        ],
    ),
]


def _percent(part: int, whole: int) -> str:
    return f"{share(part, whole):.0%}" if whole else NOT_SHOWN


def average_rating(counts: Counter) -> str:
    rated = counts["rated"]
    return f"{counts['rating_sum'] / rated:.1f}" if rated >= MIN_RATINGS else NOT_SHOWN


def _network_row(label: str, counts: Counter) -> tuple:
    names = ["sent", "accepted", "connections", "conversations", "started", "completed"]
    sent, accepted, *others = (counts[name] for name in names)
    return (label, sent, accepted, _percent(accepted, sent), *others, average_rating(counts))


def _networking_weekly(period: Period) -> dict[dt.date, Counter]:
    """Every networking figure per ISO week: a GROUP BY for each kind of row and date."""
    weeks = {week: Counter() for week in period.buckets(weekly=True)}
    for manager, _paths, figures in NETWORK_FIGURES:
        for day in dict.fromkeys(figure.day for figure in figures):
            aggregates = {f.name: f.aggregate() for f in figures if f.day == day}
            for week, row in _grouped(manager.all(), day, period, True, **aggregates).items():
                weeks[week].update({name: value or 0 for name, value in row.items()})
    return weeks


def _networking_by_segment(period: Period) -> list[Counter]:
    """Every networking figure per segment, in SEGMENTS' order: one query for each kind of
    row, with a filtered aggregate per segment and figure."""
    segments = [Counter() for _ in SEGMENTS]
    for manager, paths, figures in NETWORK_FIGURES:
        aggregates = {}
        for index, (_kind, _label, lookup, value) in enumerate(SEGMENTS):
            member = functools.reduce(
                operator.or_, (Q(**{f"{path}__{lookup}": value}) for path in paths)
            )
            for f in figures:
                aggregates[f"{f.name}_{index}"] = f.aggregate(member & period.range(f.day))
        days = functools.reduce(operator.or_, (period.range(f.day) for f in figures))
        found = manager.filter(days).aggregate(**aggregates)
        for index, counts in enumerate(segments):
            counts.update({f.name: found[f"{f.name}_{index}"] or 0 for f in figures})
    return segments


def networking(period: Period) -> dict:
    weeks = _networking_weekly(period)
    totals = sum(weeks.values(), Counter())
    tables = {kind: [] for kind in SEGMENT_TABLES}
    for (kind, label, *_), counts in zip(SEGMENTS, _networking_by_segment(period), strict=True):
        if any(counts.values()):
            tables[kind].append(_network_row(label, counts))
    return {
        "totals": totals,
        "acceptance": share(totals["accepted"], totals["sent"]),
        "average_rating": average_rating(totals),
        "min_ratings": MIN_RATINGS,
        "active_connections": Connection.objects.count(),
        "introductions": _series(
            "introductions", "Introductions sent", Introduction.objects.all(), "created_at", period
        ),
        "conversations": _series(
            "conversations",
            "Conversations started",
            Conversation.objects.all(),
            "created_at",
            period,
        ),
        "weekly": Table(
            "networking_weekly",
            "Networking week by week",
            ["Week of", *NETWORK_HEADERS],
            [_network_row(f"{week.day} {week:%b %Y}", counts) for week, counts in weeks.items()],
            note=WEEKLY_NOTE,
        ),
        **{
            f"by_{kind}": Table(
                f"networking_by_{kind}",
                title,
                [header, *NETWORK_HEADERS],
                tables[kind],
                note=SEGMENT_NOTE,
            )
            for kind, (header, title) in SEGMENT_TABLES.items()
        },
    }


# Events -----------------------------------------------------------------------------------------


def events(period: Period) -> dict:
    """Answers, waitlist and places filled per event that started in the period or is still to
    come: one GROUP BY over the events with a filtered count per answer."""
    answers = {status: Count("rsvps", filter=Q(rsvps__status=status)) for status in Rsvp.Status}
    found = Event.objects.filter(starts_at__gte=period.start).annotate(**answers)
    rows = [
        (
            f"{event.title}{' (cancelled)' if event.cancelled_at else ''}",
            f"{event.local_start:%Y-%m-%d}",
            event.capacity,
            *(getattr(event, status) for status in Rsvp.Status),
            f"{share(getattr(event, Rsvp.Status.GOING), event.capacity):.0%}",
        )
        for event in found.order_by("starts_at", "pk")[: TOP * 5]
    ]
    return {
        "answers": sum(sum(row[3:7]) for row in rows),
        "waitlisted": sum(row[4] for row in rows),
        "per_event": Table(
            "events",
            "Answers and attendance per event",
            ["Event", "Date", "Places", *Rsvp.Status.labels, "Places filled"],
            rows,
            empty="No event in this period or to come.",
        ),
    }


def digest(period: Period) -> dict:
    """Digests sent per period, visits that came through their links, unsubscribes."""
    sent = (
        Send.objects.filter(period.range(), items__gt=0)
        .values("period")
        .annotate(mails=Count("pk"))
        .order_by("-period")
    )
    return {
        "sent": sum(row["mails"] for row in sent),
        "visits": ActivityEvent.objects.filter(
            period.range(), kind=ActivityEvent.Kind.DIGEST_VISIT
        ).count(),
        "unsubscribes": Subscription.objects.filter(period.range("unsubscribed_at")).count(),
        "subscribers": Subscription.objects.exclude(frequency=Frequency.OFF).count(),
        "sends": Table(
            "digest_sends",
            "Digests sent, week by week or month by month",
            ["Period", "Digests"],
            [(row["period"], row["mails"]) for row in sent],
        ),
    }


# The dashboard's sections, in page order: each a function of the period.
SECTIONS = {
    "acquisition": acquisition,
    "engagement": engagement,
    "faq": faq,
    "networking": networking,
    "events": events,
    "community": community,
    "digest": digest,
}


def snapshot(period: Period, *, refresh: bool = False) -> dict:
    """Every section for `period`, from the shared cache when a fresh enough copy is there."""
    key = f"insights:v2:{period.start:%Y%m%d}:{period.end:%Y%m%d}"
    cached = None if refresh else cache.get(key)
    if cached and timezone.now() - cached["computed_at"] < SNAPSHOT_MAX_AGE:
        return cached
    data = {name: figures_of(period) for name, figures_of in SECTIONS.items()}
    data["computed_at"] = timezone.now()
    cache.set(key, data, int(SNAPSHOT_MAX_AGE.total_seconds() * 3))
    return data

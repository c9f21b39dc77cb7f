"""What a digest holds, section by section.

A section is `(key, title, items)`, where `items(members, since, until)` gets a batch of members
(`User`s with their `profile` loaded) and returns `{member id: [item, ...]}`, each item a dict
with `title`, `url` (a path on this site) and an optional `note`, in plain text. It answers for
the whole batch in a few queries, never one per member. Members without items may be left out.
An item with `earlier: True` only recalls what an earlier digest listed: it is shown, but it is
not news, so it never makes a digest on its own.

Besides the sections below, any app may declare `DIGEST_SECTIONS = [(key, title, items), ...]`
in its `<app>/digest.py`; `discover()` reads them at start-up, so that module imports nothing
of this app (events and community questions add theirs this way).
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable

from django.apps import apps
from django.db.models import Q
from django.urls import reverse
from django.utils.module_loading import import_string, module_has_submodule

from digest.models import Subscription
from faq.models import Question
from members.models import Profile, User
from mentoring.models import Request
from network.models import Block, Connection, Introduction
from resources.models import DownloadEvent, Resource
from resources.recommend import interests_of, ranked

Items = Callable[[list[User], dt.datetime, dt.datetime], dict[int, list[dict]]]
SECTIONS: list[tuple[str, str, Items]] = []
PER_SECTION = 5
TO_MEET = 3
POOL = 200  # the newest members who agreed: the ones a batch's members may meet


def discover() -> None:
    """The built-in sections, then every other app's `DIGEST_SECTIONS`, in INSTALLED_APPS order."""
    SECTIONS.clear()
    SECTIONS.extend(BUILT_IN)
    for config in apps.get_app_configs():
        if config.name != "digest" and module_has_submodule(config.module, "digest"):
            SECTIONS.extend(import_string(f"{config.name}.digest.DIGEST_SECTIONS"))


def _interests(member: User) -> dict[str, tuple[str, str]]:
    """The member's interests (resources.recommend), worked out once per batch."""
    profile = member.profile
    if not hasattr(profile, "_digest_interests"):
        profile._digest_interests = interests_of(profile)
    return profile._digest_interests


def faq_answers(members, since, until):
    """New FAQ answers whose tags meet the member's skills, domains or role."""
    new = list(
        Question.objects.published()
        .filter(created_at__gte=since, created_at__lt=until)
        .prefetch_related("tags")
        .order_by("-created_at")[:100]
    )
    tagged = [
        ({"title": question.question, "url": question.get_absolute_url()},
         {tag.slug for tag in question.tags.all()})
        for question in new
    ]  # fmt: skip
    found = {}
    for member in members:
        interests = _interests(member).keys()
        found[member.pk] = [item for item, slugs in tagged if not slugs.isdisjoint(interests)][
            :PER_SECTION
        ]
    return found


def new_resources(members, since, until):
    """New resources, ranked for each member as the recommendations rank them."""
    new = list(
        Resource.objects.published().filter(
            published_on__gte=since.date(), published_on__lt=until.date()
        )[:200]
    )
    if not new:
        return {}
    urls = {resource.pk: resource.get_absolute_url() for resource in new}
    downloaded = defaultdict(set)
    for member_id, resource_id in DownloadEvent.objects.filter(
        member__in=members, resource__in=new
    ).values_list("member_id", "resource_id"):
        downloaded[member_id].add(resource_id)
    found = {}
    for member in members:
        candidates = [resource for resource in new if resource.pk not in downloaded[member.pk]]
        found[member.pk] = [
            {"title": rec.resource.title, "url": urls[rec.resource.pk],
             "note": rec.reason}
            for rec in ranked(
                member.profile, candidates, limit=PER_SECTION, interests=_interests(member)
            )
        ]  # fmt: skip
    return found


def _name(profile: Profile | None) -> str:
    return str(profile) if profile else "A member"


def _waiting(pending, owner: str, since, until, item_of, index: str) -> dict[int, list[dict]]:
    """Requests waiting for the answer of their `owner`: the ones that arrived in the period, one
    item each, then one line counting the earlier ones still waiting, which an earlier digest
    listed. So each request is listed once and none is forgotten. Those newer than the period
    wait for the next digest. One query: earlier rows are few, as requests expire in 14 days."""
    found, earlier = defaultdict(list), Counter()
    for row in pending.filter(created_at__lt=until).order_by("created_at"):
        if row.created_at < since:
            earlier[getattr(row, f"{owner}_id")] += 1
        else:
            found[getattr(row, f"{owner}_id")].append(item_of(row))
    for member_id, count in earlier.items():
        also = "and " if found[member_id] else ""
        found[member_id].append(
            {"title": f"{also}{count} earlier request{'s' if count > 1 else ''} still waiting",
             "url": index, "earlier": True}
        )  # fmt: skip
    return found


def introductions(members, since, until):
    """Introduction requests waiting for the member's answer."""
    return _waiting(
        Introduction.objects.pending()
        .filter(recipient__in=members)
        .select_related("sender__profile"),
        "recipient", since, until,
        lambda intro: {"title": f"{_name(intro.sender.profile)} asked to connect",
                       "url": reverse("network:introduction", args=[intro.pk])},
        reverse("network:index"),
    )  # fmt: skip


def mentoring_requests(members, since, until):
    """Mentoring requests waiting for the mentor's answer."""
    return _waiting(
        Request.objects.pending().filter(mentor__in=members).select_related("mentee__profile"),
        "mentor", since, until,
        lambda request: {
            "title": f"{_name(request.mentee.profile if request.mentee else None)} asked you "
            "for mentoring",
            "url": reverse("mentoring:request", args=[request.pk]),
        },
        reverse("mentoring:index"),
    )  # fmt: skip


def members_to_meet(members, since, until):
    """Up to three members who joined in the period, agreed to be suggested and share a skill or
    a domain with the member; never someone they are connected with or blocked (either way)."""
    pool = list(
        Profile.objects.listed()
        .filter(
            user__date_joined__gte=since,
            user__date_joined__lt=until,
            user__in=Subscription.objects.filter(suggest_me=True).values("member"),
        )
        .only("user_id", "handle", "display_name", "headline", "skill_slugs", "domains")
        .order_by("-user__date_joined")[:POOL]
    )
    if not pool:
        return {}
    ids, pool_ids = [member.pk for member in members], [profile.user_id for profile in pool]
    apart = defaultdict(set)
    links = [
        *Connection.objects.filter(user_low__in=ids, user_high__in=pool_ids).values_list(
            "user_low", "user_high"
        ),
        *Connection.objects.filter(user_high__in=ids, user_low__in=pool_ids).values_list(
            "user_high", "user_low"
        ),
        *Block.objects.filter(
            Q(blocker__in=ids, blocked__in=pool_ids) | Q(blocked__in=ids, blocker__in=pool_ids)
        ).values_list("blocker", "blocked"),
    ]
    for one, other in links:
        apart[one].add(other)
        apart[other].add(one)
    having = defaultdict(list)  # a skill or domain → the pool's members with it, newest first
    for rank, profile in enumerate(pool):
        for word in {*(profile.skill_slugs or []), *(profile.domains or [])}:
            having[word].append(rank)
    found = {}
    for member in members:
        shared = Counter(
            rank
            for word in {*(member.profile.skill_slugs or []), *(member.profile.domains or [])}
            for rank in having.get(word, ())
        )
        best = [
            pool[rank]
            for rank, _ in sorted(shared.items(), key=lambda row: (-row[1], row[0]))
            if pool[rank].user_id != member.pk and pool[rank].user_id not in apart[member.pk]
        ][:TO_MEET]
        found[member.pk] = [
            {"title": str(profile), "url": profile.get_absolute_url(), "note": profile.headline}
            for profile in best
        ]
    return found


BUILT_IN: list[tuple[str, str, Items]] = [
    ("faq", "New answers in the FAQ", faq_answers),
    ("resources", "New resources for you", new_resources),
    ("introductions", "Introductions waiting for you", introductions),
    ("mentoring", "Mentoring requests waiting for you", mentoring_requests),
    ("members", "Members to meet", members_to_meet),
]

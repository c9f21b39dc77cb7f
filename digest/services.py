"""Choosing the digest, unsubscribing, and building and sending one batch of digests."""

import datetime as dt
import uuid
from collections import defaultdict

from allauth.account.models import EmailAddress
from django.core import signing
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from digest.models import Frequency, Send, Subscription
from digest.sections import SECTIONS
from members.models import User
from outbox.services import mails_enqueue, message_from_templates
from pmportal.links import absolute_url

UNSUBSCRIBE_SALT = "digest.unsubscribe"
MARKER = "from=digest"  # insights counts the visits that arrive through a digest's links


def subscription_set(*, member: User, frequency: str, suggest_me: bool) -> Subscription:
    subscription, _ = Subscription.objects.update_or_create(
        member=member, defaults={"frequency": frequency, "suggest_me": suggest_me}
    )
    return subscription


def unsubscribe_token(member: User) -> str:
    return signing.dumps(member.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe_read(token: str) -> User | None:
    """The active member a token was made for, or None when it was tampered with."""
    try:
        member_id = int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return User.objects.filter(pk=member_id, is_active=True).first()


def digest_unsubscribe(*, member: User) -> None:
    """No more digests; the moment is kept for the owner's unsubscribe count."""
    Subscription.objects.filter(member=member).exclude(frequency=Frequency.OFF).update(
        frequency=Frequency.OFF, unsubscribed_at=timezone.now()
    )


def period_of(frequency: str, moment: dt.datetime) -> tuple[str, dt.datetime, dt.datetime]:
    """The period a digest sent at `moment` belongs to, and the span it reports on: the whole
    previous week (from Monday) or month, in the site's time zone."""
    day = timezone.localdate(moment)
    if frequency == Frequency.WEEKLY:
        start = day - dt.timedelta(days=day.weekday())
        previous = start - dt.timedelta(days=7)
        year, week, _ = start.isocalendar()
        key = f"{year}-W{week:02d}"
    else:
        start = day.replace(day=1)
        previous = (start - dt.timedelta(days=1)).replace(day=1)
        key = f"{start:%Y-%m}"

    def midnight(day):
        return timezone.make_aware(dt.datetime.combine(day, dt.time()))

    return key, midnight(previous), midnight(start)


def batches(frequency: str, size: int) -> list[tuple[int, int]]:
    """(first, last) member ids of consecutive batches of `size` subscribers."""
    ids = (
        Subscription.objects.filter(frequency=frequency)
        .order_by("member_id")
        .values_list("member_id", flat=True)
    )
    bounds, first, count, last = [], None, 0, None
    for last in ids.iterator(chunk_size=10_000):
        first = last if first is None else first
        count += 1
        if count == size:
            bounds.append((first, last))
            first, count = None, 0
    if first is not None:
        bounds.append((first, last))
    return bounds


def marked(path: str) -> str:
    return absolute_url(f"{path}{'&' if '?' in path else '?'}{MARKER}")


@transaction.atomic
def digest_send_batch(
    *,
    frequency: str,
    period: str,
    since: dt.datetime,
    until: dt.datetime,
    first_id: int,
    last_id: int,
) -> int:
    """Build and queue the digests of the subscribers with ids first_id..last_id for `period`.

    Each member's `Send` row is inserted first (ON CONFLICT DO NOTHING on member and period);
    only the rows this call inserted are built, so a second worker or a retry on the same batch
    sends nothing. A member with nothing new gets no mail. Returns the number of mails queued.
    """
    # Only to a confirmed address: a digest is never the first mail an address gets unasked.
    verified = EmailAddress.objects.filter(user_id=OuterRef("member_id"), verified=True)
    subscribers = Subscription.objects.filter(
        Exists(verified), frequency=frequency, member_id__gte=first_id, member_id__lte=last_id,
        member__is_active=True,
    ).values_list("member_id", flat=True)  # fmt: skip
    claim = uuid.uuid4()
    Send.objects.bulk_create(
        [Send(member_id=pk, period=period, claim=claim) for pk in subscribers],
        ignore_conflicts=True,
    )
    sends = {send.member_id: send for send in Send.objects.filter(claim=claim)}
    members = list(User.objects.filter(pk__in=sends).select_related("profile").order_by("pk"))
    found = [(key_, title, items(members, since, until)) for key_, title, items in SECTIONS]
    messages = []
    for member in members:
        sections = [
            {"key": key_, "title": title, "items": [
                {**item, "url": marked(item["url"])} for item in by_member.get(member.pk, [])
            ]}
            for key_, title, by_member in found
            if by_member.get(member.pk)
        ]  # fmt: skip
        sends[member.pk].items = sum(
            not item.get("earlier") for section in sections for item in section["items"]
        )
        if sends[member.pk].items:
            messages.append(_message(member, frequency, sections))
    mails_enqueue(messages=messages)
    by_count = defaultdict(list)  # one UPDATE per distinct count, not one per member
    for send in sends.values():
        by_count[send.items].append(send.pk)
    for items, pks in by_count.items():
        Send.objects.filter(pk__in=pks).update(items=items)
    Subscription.objects.filter(member__in=sends).update(last_period=period)
    return len(messages)


def _message(member: User, frequency: str, sections: list[dict]):
    unsubscribe = absolute_url(reverse("digest:unsubscribe", args=[unsubscribe_token(member)]))
    return message_from_templates(
        subject=f"Your {Frequency(frequency).label.lower()} digest",
        to=[member.email],
        template="digest/email/digest",
        context={
            "member": member,
            "sections": sections,
            "unsubscribe_url": unsubscribe,
            "settings_url": marked(reverse("digest:settings")),
            "home_url": marked("/"),
        },
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )

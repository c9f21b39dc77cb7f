"""Introductions, connections, conversations, blocks and reports: every write of the network
app.

Limits that stop spam without bothering real members live here, so no page can skip them.
A refusal the member must not be told about (a block either way, a suspended recipient)
raises `Refused`, which views answer like a member who is not there (404).
"""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Min,
    PositiveIntegerField,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from members.models import Profile, User
from network import tasks
from network.models import (
    Block,
    Connection,
    Conversation,
    Introduction,
    Message,
    Participant,
    Report,
    between,
)
from notifications.services import notify
from outbox.services import mail_enqueue
from pmportal.links import absolute_url

MAX_PENDING = 10
MAX_PER_DAY = 20
MIN_ACCOUNT_AGE = timedelta(days=1)
AFTER_DECLINE = timedelta(days=30)
MAX_MESSAGES, MESSAGE_WINDOW = 60, timedelta(minutes=10)
DOUBLE_SUBMIT = timedelta(seconds=5)
EMAIL_EVERY = timedelta(hours=1)
READ_ONLY = "You are not connected: you can read this conversation but not write in it."


class Refused(Exception):
    """Silently refused: the view answers as if the other member were not there."""


class RateLimited(ValidationError):
    """Too many at once: the view answers 429."""


def blocks_between(a: User, b: User) -> QuerySet[Block]:
    """The blocks either has made of the other."""
    pair = [a.pk, b.pk]
    return Block.objects.filter(blocker__in=pair, blocked__in=pair)


def is_blocked(a: User, b: User) -> bool:
    """Either has blocked the other."""
    return blocks_between(a, b).exists()


def profile_is_empty(profile: Profile) -> bool:
    """No name, or nothing about the member: a recipient could not tell who is asking."""
    return not profile.display_name or not (profile.headline or profile.bio or profile.skill_slugs)


def _count(queryset: QuerySet) -> Coalesce:
    """The number of rows of `queryset` (one sender's) as a subquery."""
    counted = queryset.order_by().values("sender").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def introduction_check(*, sender: User, recipient: User) -> Introduction | None:
    """Why `sender` may not ask `recipient` now (ValidationError), or the pending request
    between them when there is one. Raises `Refused` for what must stay private. What it needs
    to know beyond the two profiles is read in one query."""
    if sender.pk == recipient.pk:
        raise ValidationError("You cannot ask yourself to connect.")
    if sender.profile.is_suspended:
        raise ValidationError("Your account is suspended: you cannot send requests.")
    now = timezone.now()
    sent = Introduction.objects.filter(sender=sender)
    declined = sent.filter(recipient=recipient, status=Introduction.Status.DECLINED)
    pending = Introduction.objects.pending().filter(between(sender, recipient))
    pair = User.objects.filter(pk=recipient.pk).values(
        blocked=Exists(blocks_between(sender, recipient)),
        connected=Exists(Connection.objects.between(sender, recipient)),
        pending=Subquery(pending.values("pk")[:1]),
        waiting=_count(sent.pending_for_sender()),
        today=_count(sent.filter(created_at__gt=now - timedelta(days=1))),
        declined=Exists(declined.filter(decided_at__gt=now - AFTER_DECLINE)),
    )[0]
    if recipient.profile.is_suspended or not recipient.is_active or pair["blocked"]:
        raise Refused
    if pair["connected"]:
        raise ValidationError("You are already connected.")
    if pair["pending"] and (found := pending.filter(pk=pair["pending"]).first()):
        return found
    if now - sender.date_joined < MIN_ACCOUNT_AGE:
        raise ValidationError("New accounts can ask to connect from their second day.")
    if profile_is_empty(sender.profile):
        raise ValidationError(
            "Add your name and a headline, a bio or skills to your profile first, so that "
            "members can see who is asking."
        )
    if pair["waiting"] >= MAX_PENDING:
        raise ValidationError(
            f"You have {MAX_PENDING} requests waiting for an answer. Ask again when some are "
            "answered or have expired (after 14 days), or withdraw one."
        )
    if pair["today"] >= MAX_PER_DAY:
        raise ValidationError(f"You can send {MAX_PER_DAY} requests a day. Try again tomorrow.")
    if pair["declined"]:
        raise ValidationError("You asked this member recently. You can ask again later.")
    return None


@transaction.atomic
def introduction_send(
    *, sender: User, recipient: User, reason: str, topic: str = ""
) -> Introduction:
    """Ask `recipient` to connect, within the limits; the recipient is notified.

    Asking again while a request is pending returns that request (a double click, a retry).
    """
    # The sender's row lock makes one send at a time per sender, so the limits hold under
    # parallel requests; the partial unique index settles two members asking each other at
    # once. NO KEY UPDATE: the other's insert still takes its foreign-key share lock on it.
    User.objects.select_for_update(no_key=True).filter(pk=sender.pk).exists()
    Introduction.objects.stale().filter(between(sender, recipient)).update(
        status=Introduction.Status.EXPIRED
    )
    pending = introduction_check(sender=sender, recipient=recipient)
    if pending is None:
        try:
            with transaction.atomic():
                pending = Introduction.objects.create(
                    sender=sender, recipient=recipient, reason=reason, topic=topic
                )
        except IntegrityError:
            pending = Introduction.objects.pending().filter(between(sender, recipient)).first()
            if pending is None:
                raise
        else:
            name = sender.profile.display_name
            notify(
                recipient=recipient,
                kind="connection_request",
                actor=sender,
                text=f"{name} asked to connect with you",
                url=pending.get_absolute_url(),
                email_body=f"Why {name} would like to connect:\n\n{reason}",
            )
    if pending.sender_id != sender.pk:
        raise ValidationError("This member has already asked you: answer their request.")
    return pending


def _decide(intro: Introduction, user: User, status: str) -> None:
    """The recipient's answer, recorded once: of two answers at once, the second UPDATE waits
    for the first's row lock, then finds the request no longer pending."""
    pending = Introduction.objects.pending().filter(pk=intro.pk, recipient=user.pk)
    if not pending.update(status=status, decided_at=timezone.now()):
        raise ValidationError("This request is no longer waiting for an answer.")


@transaction.atomic
def introduction_accept(*, introduction: Introduction, user: User) -> None:
    """The recipient says yes: the two are connected and the sender is told."""
    _decide(introduction, user, Introduction.Status.ACCEPTED)
    sender = introduction.sender
    connection_ensure(a=sender, b=user)
    name = introduction.recipient.profile.display_name  # the view loaded both profiles
    notify(
        recipient=sender,
        kind="connection_accepted",
        actor=user,
        text=f"{name or 'A member'} accepted your request to connect",
        url=reverse("network:index"),
        delivery=getattr(introduction, "sender_delivery", None),  # the answer view read it
    )


@transaction.atomic
def introduction_decline(*, introduction: Introduction, user: User) -> None:
    """The recipient says no. Nobody is told: the sender sees "pending" until it expires."""
    _decide(introduction, user, Introduction.Status.DECLINED)


@transaction.atomic
def introduction_withdraw(*, introduction: Introduction, user: User) -> None:
    updated = Introduction.objects.pending().filter(pk=introduction.pk, sender=user)
    if not updated.update(status=Introduction.Status.WITHDRAWN, decided_at=timezone.now()):
        raise ValidationError("This request is no longer waiting for an answer.")


def introductions_cancel(*, user: User) -> None:
    """End every pending request to or from `user` (suspended, or leaving)."""
    Introduction.objects.filter(
        Q(sender=user) | Q(recipient=user), status=Introduction.Status.PENDING
    ).update(status=Introduction.Status.CANCELLED, decided_at=timezone.now())


def connection_ensure(*, a: User, b: User) -> None:
    """Connect two members who agreed to it (a request, a mentorship), unless they are."""
    low, high = sorted([a.pk, b.pk])
    # One INSERT ... ON CONFLICT DO NOTHING (get_or_create takes four queries).
    Connection.objects.bulk_create(
        [Connection(user_low_id=low, user_high_id=high)], ignore_conflicts=True
    )


@transaction.atomic
def connection_remove(*, user: User, other: User) -> None:
    """Either member ends a connection; the other is not told."""
    if not Connection.objects.between(user, other).delete()[0]:
        raise ValidationError("You are not connected.")


@transaction.atomic
def member_block(*, blocker: User, blocked: User) -> None:
    """End the connection and the pending requests between the two; hide each from the other.

    The blocked member is never told: their own pending request looks pending until it
    expires, the blocker's own is withdrawn.
    """
    if blocker.pk == blocked.pk:
        raise ValidationError("You cannot block yourself.")
    Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    Connection.objects.between(blocker, blocked).delete()
    pending = Introduction.objects.filter(
        between(blocker, blocked), status=Introduction.Status.PENDING
    )
    now = timezone.now()
    pending.filter(sender=blocker).update(status=Introduction.Status.WITHDRAWN, decided_at=now)
    pending.filter(sender=blocked).update(status=Introduction.Status.CANCELLED, decided_at=now)


@transaction.atomic
def member_unblock(*, blocker: User, blocked: User) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()


def _profile_snapshot(profile: Profile) -> dict:
    fields = ["handle", "display_name", "headline", "company", "city", "bio", "linkedin_url"]
    return {name: getattr(profile, name) for name in fields} | {"skills": profile.skill_slugs}


@transaction.atomic
def report_create(
    *,
    reporter: User,
    member: User,
    reason: str,
    introduction: Introduction | None = None,
    message: Message | None = None,
) -> Report:
    """Send staff a report with a copy of what was reported, as it is now."""
    snapshot = {"profile": _profile_snapshot(member.profile)}
    kind = Report.Kind.PROFILE
    if introduction is not None:
        kind = Report.Kind.INTRODUCTION
        snapshot[kind] = {"reason": introduction.reason, "topic": introduction.topic}
    if message is not None:
        kind = Report.Kind.MESSAGE
        snapshot[kind] = {"text": message.text, "conversation": message.conversation_id}
    if kind != Report.Kind.PROFILE:
        snapshot[kind]["created_at"] = (introduction or message).created_at.isoformat()
    report = Report.objects.create(
        kind=kind,
        reporter=reporter,
        member=member,
        introduction=introduction,
        message=message,
        reason=reason,
        snapshot=snapshot,
    )
    if settings.STAFF_NOTIFICATION_EMAILS:
        link = absolute_url(reverse("admin:network_report_change", args=[report.pk]))
        mail = EmailMessage(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}A member sent a report",
            body=f"A {report.get_kind_display().lower()} was reported. Open it in the admin:\n"
            f"{link}",
            to=list(settings.STAFF_NOTIFICATION_EMAILS),
        )
        mail_enqueue(message=mail)
    return report


@transaction.atomic
def member_suspend(*, user: User, suspended: bool = True) -> None:
    """Staff hide a member from the directory and stop them sending anything (or undo it);
    their pending requests end (network/receivers.py, also when set in the user admin)."""
    profile = Profile.objects.select_for_update().get(user=user)
    profile.is_suspended = suspended
    profile.save(update_fields=["is_suspended", "updated_at"])


def _pair_state(user: User, other: User) -> dict[str, Exists]:
    return {
        "connected": Exists(Connection.objects.between(user, other)),
        "blocked": Exists(blocks_between(user, other)),
        "blocked_me": Exists(Block.objects.filter(blocker=other.pk, blocked=user.pk)),
    }


def conversation_state(user: User, other: User) -> dict[str, bool]:
    """Whether the two are connected, whether either blocked the other and whether `other`
    blocked `user`, in one query. `user` may write when connected, and also when `other`
    blocked them: that member must not find out, so their messages are withheld instead."""
    return User.objects.filter(pk=other.pk).values(**_pair_state(user, other))[0]


def _side(sender: User, recipient: User) -> Participant:
    """The sender's side of the pair's conversation, started on the first message."""
    side = Participant.objects.filter(user=sender, other=recipient).first()
    if side is not None:
        return side
    pairs = sorted([(sender, recipient), (recipient, sender)], key=lambda pair: pair[0].pk)
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create()
            # In the users' order: two first messages at once wait on one index entry, and
            # the second gets an IntegrityError (never a deadlock).
            sides = Participant.objects.bulk_create(
                Participant(conversation=conversation, user=user, other=other)
                for user, other in pairs
            )
            return next(side for side in sides if side.user_id == sender.pk)
    except IntegrityError:  # the other member's first message came at the same moment
        return Participant.objects.get(user=sender, other=recipient)


@transaction.atomic
def message_send(
    *, sender: User, recipient: User, text: str, side: Participant | None = None
) -> Message:
    """Write to a connection (`side`: the sender's side of their conversation, when the caller
    has it). The recipient's unread count goes up, and they are told at most once an hour per
    conversation (in the site or by email, as they chose).

    Across a block (either way) the message is stored withheld: the sender sees it sent,
    the other member never sees it nor hears of it. The same text again within a few
    seconds (a double submit) returns the first message.
    """
    # One send at a time per sender (their profile row is locked), so the rate limit and the
    # double-submit check hold; the same query says whether they may write.
    state = (
        Profile.objects.select_for_update(no_key=True)
        .filter(user=sender.pk)
        .values("is_suspended", **_pair_state(sender, recipient))[0]
    )
    if state["is_suspended"]:
        raise ValidationError("Your account is suspended: you cannot send messages.")
    if not (state["connected"] or state["blocked_me"]):
        raise ValidationError(READ_ONLY)
    side, now = side or _side(sender, recipient), timezone.now()
    recent = Message.objects.filter(author=sender, created_at__gt=now - MESSAGE_WINDOW)
    same = Q(conversation=side.conversation_id, text=text, created_at__gt=now - DOUBLE_SUBMIT)
    seen = recent.aggregate(count=Count("pk"), duplicate=Min("pk", filter=same))
    if seen["duplicate"]:
        return Message.objects.get(pk=seen["duplicate"])
    if seen["count"] >= MAX_MESSAGES:
        raise RateLimited(
            f"You have sent {MAX_MESSAGES} messages in the last 10 minutes. Please wait a few "
            "minutes before sending more."
        )
    withheld = state["blocked"]
    message = Message.objects.create(
        conversation_id=side.conversation_id, author=sender, text=text, withheld=withheld
    )
    sides = Participant.objects.filter(conversation=side.conversation_id)
    if withheld:
        sides.filter(user=sender).update(last_message_at=now)
        return message
    theirs = Q(user=recipient)
    unread = Case(
        When(theirs, then=F("unread") + 1), default=F("unread"), output_field=PositiveIntegerField()
    )
    sides.update(last_message_at=now, unread=unread)
    # The notice is decided and written by the worker once this commits: in the request it
    # took four queries more (12) on the first message of an hour.
    transaction.on_commit(partial(tasks.message_notice.enqueue, message.pk), robust=True)
    return message


def message_notice_send(*, message_id: int) -> None:
    """Tell a message's recipient of it, in the site or by email as they chose, at most once
    an hour per conversation: the first message after a quiet hour claims the notice
    (`Participant.emailed_at`), the others find it claimed. Run by `tasks.message_notice`."""
    message = (
        Message.objects.filter(pk=message_id, withheld=False)
        .select_related("author__profile")
        .first()
    )
    if message is None or message.author is None:
        return
    theirs = Participant.objects.filter(conversation=message.conversation_id).exclude(
        user=message.author_id
    )
    now = timezone.now()
    quiet = Q(emailed_at__isnull=True) | Q(emailed_at__lte=now - EMAIL_EVERY)
    if not theirs.filter(quiet).update(emailed_at=now):
        return
    recipient = theirs.select_related("user").first().user
    profile = message.author.profile
    name = profile.display_name or "A member"
    notify(
        recipient=recipient,
        kind="message",
        actor=message.author,
        text=f"{name} wrote to you",
        url=reverse("network:conversation_with", args=[profile.handle]),
        email_body=f"{name} wrote:\n\n{message.text}\n\nMore messages in this conversation "
        "within the hour do not send another email.",
    )

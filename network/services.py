"""Introductions, connections, blocks and reports: every write of the network app.

Limits that stop spam without bothering real members live here, so no page can skip them.
A refusal the member must not be told about (a block either way, a suspended recipient)
raises `Refused`, which views answer like a member who is not there (404).
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from members.models import Profile, User
from network.models import Block, Connection, Introduction, Report, between
from notifications.services import notify
from outbox.services import mail_enqueue
from pmportal.links import absolute_url

MAX_PENDING = 10
MAX_PER_DAY = 20
MIN_ACCOUNT_AGE = timedelta(days=1)
AFTER_DECLINE = timedelta(days=30)


class Refused(Exception):
    """Silently refused: the view answers as if the other member were not there."""


def is_blocked(a: User, b: User) -> bool:
    """Either has blocked the other."""
    return Block.objects.filter(blocker__in=[a.pk, b.pk], blocked__in=[a.pk, b.pk]).exists()


def profile_is_empty(profile: Profile) -> bool:
    """No name, or nothing about the member: a recipient could not tell who is asking."""
    return not profile.display_name or not (profile.headline or profile.bio or profile.skill_slugs)


def introduction_check(*, sender: User, recipient: User) -> Introduction | None:
    """Why `sender` may not ask `recipient` now (ValidationError), or the pending request
    between them when there is one. Raises `Refused` for what must stay private."""
    if sender.pk == recipient.pk:
        raise ValidationError("You cannot ask yourself to connect.")
    if sender.profile.is_suspended:
        raise ValidationError("Your account is suspended: you cannot send requests.")
    if recipient.profile.is_suspended or not recipient.is_active or is_blocked(sender, recipient):
        raise Refused
    if Connection.objects.between(sender, recipient).exists():
        raise ValidationError("You are already connected.")
    pending = Introduction.objects.pending().filter(between(sender, recipient)).first()
    if pending is not None:
        return pending
    now = timezone.now()
    if now - sender.date_joined < MIN_ACCOUNT_AGE:
        raise ValidationError("New accounts can ask to connect from their second day.")
    if profile_is_empty(sender.profile):
        raise ValidationError(
            "Add your name and a headline, a bio or skills to your profile first, so that "
            "members can see who is asking."
        )
    sent = Introduction.objects.filter(sender=sender)
    if sent.pending_for_sender().count() >= MAX_PENDING:
        raise ValidationError(
            f"You have {MAX_PENDING} requests waiting for an answer. Ask again when some are "
            "answered or have expired (after 14 days), or withdraw one."
        )
    if sent.filter(created_at__gt=now - timedelta(days=1)).count() >= MAX_PER_DAY:
        raise ValidationError(f"You can send {MAX_PER_DAY} requests a day. Try again tomorrow.")
    declined = sent.filter(recipient=recipient, status=Introduction.Status.DECLINED)
    if declined.filter(decided_at__gt=now - AFTER_DECLINE).exists():
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


def _decide(intro: Introduction, user: User, status: str) -> Introduction:
    intro = Introduction.objects.select_for_update().get(pk=intro.pk)
    if intro.recipient_id != user.pk or not Introduction.objects.pending().filter(pk=intro.pk):
        raise ValidationError("This request is no longer waiting for an answer.")
    intro.status, intro.decided_at = status, timezone.now()
    intro.save(update_fields=["status", "decided_at"])
    return intro


@transaction.atomic
def introduction_accept(*, introduction: Introduction, user: User) -> Connection:
    """The recipient says yes: the two are connected and the sender is told."""
    intro = _decide(introduction, user, Introduction.Status.ACCEPTED)
    sender = intro.sender
    low, high = sorted([sender.pk, user.pk])
    connection, _ = Connection.objects.get_or_create(user_low_id=low, user_high_id=high)
    notify(
        recipient=sender,
        kind="connection_accepted",
        actor=user,
        text=f"{user.profile.display_name or 'A member'} accepted your request to connect",
        url=reverse("network:index"),
    )
    return connection


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


def connection_ensure(*, a: User, b: User) -> Connection:
    """Connect two members who agreed to it elsewhere (a mentorship), unless they are."""
    low, high = sorted([a.pk, b.pk])
    return Connection.objects.get_or_create(user_low_id=low, user_high_id=high)[0]


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
    *, reporter: User, member: User, reason: str, introduction: Introduction | None = None
) -> Report:
    """Send staff a report with a copy of what was reported, as it is now."""
    snapshot = {"profile": _profile_snapshot(member.profile)}
    if introduction is not None:
        snapshot["introduction"] = {
            "reason": introduction.reason,
            "topic": introduction.topic,
            "created_at": introduction.created_at.isoformat(),
        }
    report = Report.objects.create(
        kind=Report.Kind.INTRODUCTION if introduction else Report.Kind.PROFILE,
        reporter=reporter,
        member=member,
        introduction=introduction,
        reason=reason,
        snapshot=snapshot,
    )
    if settings.STAFF_NOTIFICATION_EMAILS:
        link = absolute_url(reverse("admin:network_report_change", args=[report.pk]))
        message = EmailMessage(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}A member sent a report",
            body=f"A {report.get_kind_display().lower()} was reported. Open it in the admin:\n"
            f"{link}",
            to=list(settings.STAFF_NOTIFICATION_EMAILS),
        )
        mail_enqueue(message=message)
    return report


@transaction.atomic
def member_suspend(*, user: User, suspended: bool = True) -> None:
    """Staff hide a member from the directory and stop them sending anything (or undo it);
    their pending requests end (network/receivers.py, also when set in the user admin)."""
    profile = Profile.objects.select_for_update().get(user=user)
    profile.is_suspended = suspended
    profile.save(update_fields=["is_suspended", "updated_at"])

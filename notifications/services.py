"""Telling a member something: the one way every feature app does it."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator

from members.models import User
from notifications import kinds
from notifications.kinds import Delivery
from notifications.models import Notification, NotificationPreference
from outbox.services import mail_enqueue
from pmportal.links import absolute_url

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def delivery_for(*, user: User, kind: str) -> Delivery:
    """The member's choice for `kind`, else the kind's default."""
    chosen = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("delivery", flat=True)
        .first()
    )
    return Delivery(chosen or kinds.get(kind).default)


def delivery_column(kind: str, user: str = "pk") -> Coalesce:
    """`delivery_for` as a column of a query that loads the member anyway (`user` names their
    id in it), so that `notify(..., delivery=...)` reads no row of its own."""
    chosen = NotificationPreference.objects.filter(user=OuterRef(user), kind=kind)
    return Coalesce(Subquery(chosen.values("delivery")[:1]), Value(kinds.get(kind).default.value))


def unsubscribe_token(*, user: User, kind: str) -> str:
    return signing.dumps([user.pk, kind], salt=UNSUBSCRIBE_SALT)


def unsubscribe_read(token: str) -> tuple[User, str] | None:
    """The active member and kind a token was made for, or None when it was tampered with."""
    try:
        user_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        kinds.get(kind)
    except (signing.BadSignature, ValueError, TypeError, KeyError):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return (user, kind) if user else None


def preference_set(*, user: User, kind: str, delivery: Delivery) -> None:
    kinds.get(kind)
    NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"delivery": delivery}
    )


@transaction.atomic
def notify(
    *,
    recipient: User,
    kind: str,
    text: str,
    url: str = "",
    actor: User | None = None,
    email_subject: str | None = None,
    email_body: str | None = None,
    delivery: str | None = None,
) -> Notification | None:
    """Tell `recipient` about something, as their preference for `kind` says.

    SITE stores a notification; EMAIL also queues a mail (sent after commit) with a one-click
    unsubscribe for the kind (RFC 8058). Returns None, storing nothing, when the preference is
    OFF or the recipient is inactive. `text` is plain text (escaped when shown); `url` is a path
    on this site. `delivery` is the recipient's choice when the caller read it already
    (`delivery_column`).
    """
    if url and not (url.startswith("/") and url_has_allowed_host_and_scheme(url, None)):
        raise ValueError(f"Notification links must be paths on this site, not {url!r}.")
    delivery = Delivery(delivery) if delivery else delivery_for(user=recipient, kind=kind)
    if delivery == Delivery.OFF or not recipient.is_active:
        return None
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, actor=actor, text=Truncator(text).chars(500), url=url
    )
    if delivery == Delivery.EMAIL:
        _email(notification, subject=email_subject or notification.text, body=email_body or "")
    return notification


def _email(notification: Notification, *, subject: str, body: str) -> None:
    recipient, kind = notification.recipient, kinds.get(notification.kind)
    token = unsubscribe_token(user=recipient, kind=kind.key)
    unsubscribe = absolute_url(reverse("notifications:unsubscribe", args=[token]))
    context = {
        "notification": notification,
        "kind": kind,
        "body": body,
        "link": absolute_url(notification.url or reverse("notifications:index")),
        "unsubscribe_url": unsubscribe,
        "preferences_url": absolute_url(reverse("notifications:preferences")),
        "site_name": settings.SITE_NAME,
    }
    message = EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] {' '.join(subject.split())}",  # one line, always
        body=render_to_string("notifications/email/notification.txt", context),
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("notifications/email/notification.html", context), "text/html"
    )
    mail_enqueue(message=message)


def notifications_mark_read(*, user: User, pk: int | None = None) -> int:
    """Mark one of the member's notifications read (or all of them, without `pk`)."""
    unread = Notification.objects.for_user(user).unread()
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())
